"""Slot value lists and phrase (alias) lists: ``.txt`` or ``.yaml`` files, one list per file.

A ``.txt`` list has one value per line; ``#`` starts a comment line and
``surface => canonical`` writes a synonym (the text says "NYC", the entity's
value is "New York"); ``\\=>`` writes a literal "=>". A ``.yaml`` list is a
sequence (or ``{values: [...]}``) whose items are such strings or mappings
``{value, canonical, weight}``, whose fields are taken literally.
A value is its text as written, trimmed at both ends: whitespace inside it is
kept. Empty values, duplicates, line breaks, a second unescaped "=>" and
private-use characters (the slot sentinels) are refused with ``path:line``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from textaug.errors import DataError
from textaug.templates.marks import LINE_BREAK, has_sentinel

SYNONYM_ARROW = "=>"
#: How a value written as text says a literal "=>" (not a synonym).
ESCAPED_ARROW = "\\=>"
_ARROWS = re.compile(r"(\\?=>)")
LIST_SUFFIXES = (".txt", ".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Value:
    """One value: the text to insert, its canonical value (or None) and its sampling weight."""

    surface: str
    canonical: str | None = None
    weight: float = 1.0
    line: int = 0


@dataclass(frozen=True)
class ValueList:
    """A named list of values read from ``path``; ``kind`` is "slot" or "alias"."""

    name: str
    values: tuple[Value, ...]
    path: str = "<memory>"
    kind: str = "slot"

    @property
    def canonical_of(self) -> dict[str, str | None]:
        """Surface -> canonical value."""
        return {v.surface: v.canonical for v in self.values}


def parse_value(item: str, path: str = "<memory>", line: int = 0, weight: float = 1.0) -> Value:
    r"""One value from ``surface`` or ``surface => canonical`` text.

    The first ``=>`` splits the text; ``\=>`` is a literal "=>" on either side. A
    second unescaped ``=>`` is an error, not silently part of the canonical value.

    >>> parse_value("NYC => New York")
    Value(surface='NYC', canonical='New York', weight=1.0, line=0)
    >>> parse_value(r"a \=> b")
    Value(surface='a => b', canonical=None, weight=1.0, line=0)
    """
    try:
        surface, canonical = split_synonym(item)
    except ValueError as exc:
        raise DataError(str(exc), path=path, line=line) from None
    return make_value(surface, canonical, weight, path, line)


def split_synonym(item: str) -> tuple[str, str | None]:
    r"""``surface`` and ``canonical`` (None without an arrow) of ``surface => canonical``,
    unescaped but not trimmed; ValueError for a second unescaped arrow.

    >>> split_synonym(r"NYC => New York"), split_synonym(r"a \=> b")
    (('NYC ', ' New York'), ('a => b', None))
    """
    sides: list[list[str]] = [[]]
    for piece in _ARROWS.split(item):
        if piece == SYNONYM_ARROW:
            if len(sides) == 2:
                raise ValueError(
                    f"value {item.strip()!r} has more than one '=>'; "
                    f"write a literal '=>' as '{ESCAPED_ARROW}'"
                )
            sides.append([])
        else:
            sides[-1].append(SYNONYM_ARROW if piece == ESCAPED_ARROW else piece)
    return "".join(sides[0]), ("".join(sides[1]) if len(sides) == 2 else None)


def escape_arrows(text: str) -> str:
    r"""``text`` written so that :func:`split_synonym` reads it back as one literal side.

    >>> escape_arrows("a=>b"), split_synonym(escape_arrows("a=>b"))
    ('a\\=>b', ('a=>b', None))
    """
    return text.replace(SYNONYM_ARROW, ESCAPED_ARROW)


def make_value(surface: str, canonical: str | None, weight: float, path: str, line: int) -> Value:
    """A checked value: non-empty, one line, no sentinels, a positive finite weight.

    Surface and canonical are trimmed at both ends only: whitespace inside them is
    what the author wrote (two spaces or a tab stay), and entity values must not change.
    """
    surface = surface.strip()
    if canonical is not None:
        canonical = canonical.strip()
    if not surface:
        raise DataError("an empty value", path=path, line=line)
    _refuse_sentinels(surface, canonical, path, line)
    if LINE_BREAK.search(surface) or LINE_BREAK.search(canonical or ""):
        raise DataError(
            f"value {surface!r} contains a line break; an utterance is one line",
            path=path,
            line=line,
        )
    if canonical is not None and not canonical:
        raise DataError(
            f"value {surface!r} has an empty canonical value after '=>'", path=path, line=line
        )
    if (
        isinstance(weight, bool)
        or not isinstance(weight, int | float)
        or not 0 < weight <= sys.float_info.max  # an int past the float range too
    ):
        shown = repr(weight) if len(repr(weight)) <= 30 else repr(weight)[:27] + "..."
        raise DataError(
            f"value {surface!r}: weight must be a positive number of at most "
            f"{sys.float_info.max:.1e}, got {shown}",
            path=path,
            line=line,
        )
    if canonical == surface:
        canonical = None
    return Value(surface, canonical, float(weight), line)


def value_list(name: str, items: Iterable[str | Value], kind: str = "slot") -> ValueList:
    """A list built in code (tests, the ``values`` parameter of slot_swap)."""
    values = tuple(item if isinstance(item, Value) else parse_value(item) for item in items)
    return _checked(ValueList(name, values, "<memory>", kind))


def read_utf8(path: Path) -> str:
    """The text of ``path`` without a leading UTF-8 byte-order mark (which would leak
    U+FEFF into utterances and values); invalid UTF-8, or a file that cannot be read
    (a broken link), is a :class:`DataError` naming the file (and line)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        broken = path.is_symlink() and not path.exists()
        why = "a link to a missing file" if broken else exc.strerror or str(exc)
        raise DataError(f"cannot read the file ({why})", path=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError("invalid UTF-8", path=str(path), line=line) from None
    return text.removeprefix("\ufeff")


def read_value_list(path: Path, kind: str = "slot") -> ValueList:
    """Read one ``.txt`` or ``.yaml`` list; the list is named after the file."""
    text = read_utf8(path)
    name = path.stem
    where = str(path)
    if path.suffix == ".txt":
        values = tuple(_txt_values(text, where))
    else:
        values = tuple(_yaml_values(text, where))
    return _checked(ValueList(name, values, where, kind))


def _txt_values(text: str, path: str) -> Iterator[Value]:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield parse_value(stripped, path, number)


def _yaml_values(text: str, path: str) -> Iterator[Value]:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            f"invalid YAML: {exc}", path=path, line=mark.line + 1 if mark else None
        ) from None
    if root is None:
        return
    if isinstance(root, yaml.MappingNode):
        root = next((v for k, v in root.value if k.value == "values"), None)
    if not isinstance(root, yaml.SequenceNode):
        raise DataError(
            "expected a list of values (or a mapping with 'values:')", path=path, line=1
        )
    for node in root.value:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            # the text as written: YAML 1.1 would read 12:30 as 750 and 0123 as 83
            yield parse_value(node.value, path, line)
            continue
        fields = _value_fields(node) if isinstance(node, yaml.MappingNode) else None
        if fields is None or "value" not in fields:
            item: Any = yaml.safe_load(yaml.serialize(node))
            raise DataError(
                "a value must be a string or a mapping with 'value' (and optional "
                f"'canonical', 'weight'), got {item!r}",
                path=path,
                line=line,
            )
        unknown = set(fields) - {"value", "canonical", "weight"}
        if unknown:
            raise DataError(f"unknown key(s) {sorted(unknown)} in a value", path=path, line=line)
        canonical = fields.get("canonical")
        yield make_value(
            str(fields["value"]),
            None if canonical is None else str(canonical),
            fields.get("weight", 1.0),
            path,
            line,
        )


def _value_fields(node: yaml.MappingNode) -> dict[str, Any] | None:
    """A value's mapping: ``value`` and ``canonical`` as written, ``weight`` as a number.

    Numbers read as in YAML 1.2 and recipes (``1e3`` and ``1e-3`` are numbers, which
    YAML 1.1 reads as strings; ``010`` is ten).
    """
    from textaug.recipes import RecipeLoader  # imported here: recipes import augmenters

    fields: dict[str, Any] = {}
    for key, item in node.value:
        if not isinstance(key, yaml.ScalarNode):
            return None
        if key.value in ("value", "canonical"):
            if not isinstance(item, yaml.ScalarNode):
                return None
            fields[key.value] = item.value
        else:
            fields[key.value] = yaml.load(yaml.serialize(item), Loader=RecipeLoader)
    return fields


def _refuse_sentinels(surface: str, canonical: str | None, path: str, line: int) -> None:
    """Refuse a value holding private-use characters, which could forge slot marks."""
    if has_sentinel(surface) or has_sentinel(canonical or ""):
        raise DataError(
            f"value {surface!r} contains a private-use character (U+E000..U+F8FF), "
            "which textaug reserves for marking slots",
            path=path,
            line=line,
        )


def _checked(values: ValueList) -> ValueList:
    """Refuse empty lists, repeated surfaces and synonyms in phrase lists.

    Values built in code (``Value(...)``) are checked for private-use characters here too.
    """
    if not values.values:
        raise DataError(f"the {values.kind} list {values.name!r} has no values", path=values.path)
    seen: set[str] = set()
    for value in values.values:
        _refuse_sentinels(value.surface, value.canonical, values.path, value.line)
        if value.surface in seen:
            raise DataError(
                f"value {value.surface!r} is listed twice", path=values.path, line=value.line
            )
        seen.add(value.surface)
        if values.kind == "alias" and value.canonical is not None:
            raise DataError(
                f"phrase list value {value.surface!r} has a canonical value; only slot values can",
                path=values.path,
                line=value.line,
            )
    return values


def read_value_dir(directory: Path, kind: str) -> dict[str, ValueList]:
    """Every list file in ``directory`` (absent: none), by name."""
    lists: dict[str, ValueList] = {}
    if not directory.is_dir():
        return lists
    for path in sorted(directory.iterdir()):
        if path.suffix in LIST_SUFFIXES and path.is_file():
            found = read_value_list(path, kind)
            if found.name in lists:
                raise DataError(f"the {kind} list {found.name!r} is defined twice", path=str(path))
            lists[found.name] = found
    return lists
