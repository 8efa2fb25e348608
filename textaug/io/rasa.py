"""Rasa 3 NLU YAML: intents with ``examples`` blocks and inline entity annotations.

Examples may also be listed one by one (``- text: ...`` with ``metadata``); a
variant's provenance is written that way, under ``metadata: {"textaug": ...}``.

``[New York](city)`` marks an entity; ``[NYC]{"entity": "city", "role": "to",
"group": "1", "value": "New York"}`` adds a role, group or synonym value, and
``[NYC](city:New York)`` is Rasa's shorthand for a synonym value (written back in the
JSON form, as Rasa's own writer does). Rasa's list form ``[Berlin][{"entity":
"city"}]`` is read when it holds one entity; several entities on one value cannot be
spans of one record, so such an example is invalid. Files written here read back to
the same records, and canonical files write back byte for byte. ``synonym``, ``regex``
and ``lookup`` items, an intent's own keys besides its examples (``metadata``) and other
sections (``rules``, ``stories``) are not examples: they are reported, not copied.
"""

from __future__ import annotations

import datetime
import json
import math
import re
from collections.abc import Callable, Iterator
from typing import Any, TextIO

import yaml

from textaug import provenance
from textaug.errors import DataError, SpanError
from textaug.io.lines import skip_or_raise
from textaug.record import Record, Span

_ANNOTATION = re.compile(
    r"\[(?P<value>[^\[\]\n]+)\]"
    r"(?:\((?P<entity>[^:()\n]+)(?::(?P<synonym>[^()\n]+))?\)"
    r"|(?P<json>\{[^{}\n]*\})"
    r"|(?P<list>\[\s*\{[^\[\]\n]*\}\s*\]))"
)
"""Rasa's annotation forms: ``[text](entity)``, ``[text](entity:synonym)``,
``[text]{json object}`` and ``[text][list of json objects]`` (as Rasa's ENTITY_REGEX,
except that a list must hold objects to count as an annotation)."""
_SHORT_ENTITY = re.compile(r"[^:()\n]+")
"""An entity name ``[text](entity)`` can carry; others are written in the JSON form."""
_JSON_KEYS = {"entity": "entity", "role": "role", "group": "group", "value": "canonical"}
_TOP_LEVEL = frozenset({"version", "nlu"})
"""Top-level keys of an NLU file textaug reads or writes; others (rules, stories) are
reported as not copied."""
VERSION = "3.1"
_STRING_TAG = "tag:yaml.org,2002:str"
_NOT_YAML_LINE = re.compile(
    "[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters a one-line YAML example cannot hold: line breaks (also NEL, U+2028/9) and
what YAML does not allow unescaped (controls)."""


def parse_rasa(
    source: str,
    path: str,
    skipped: list[str] | None = None,
    on_error: Callable[[DataError], None] | None = None,
) -> Iterator[Record]:
    """Records from a Rasa NLU YAML document; non-example items go to ``skipped``."""
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError(
            f"invalid YAML: {getattr(exc, 'problem', exc)}", path=path, line=line
        ) from None
    if root is None:
        return
    if not isinstance(root, yaml.MappingNode):
        raise DataError("expected a mapping with an 'nlu' key", path=path, line=1)
    if skipped is not None:
        for key, _node in root.value:
            if key.value not in _TOP_LEVEL:
                skipped.append(
                    f"{path}:{key.start_mark.line + 1}: the '{key.value}' section "
                    "(not NLU examples)"
                )
    nlu = _value(root, "nlu")
    if nlu is None:
        return
    if not isinstance(nlu, yaml.SequenceNode):
        raise DataError("'nlu' must be a list", path=path, line=nlu.start_mark.line + 1)
    for item in nlu.value:
        line = item.start_mark.line + 1
        intent = _value(item, "intent") if isinstance(item, yaml.MappingNode) else None
        if intent is None:
            if skipped is not None:
                skipped.append(
                    f"{path}:{line}: an nlu item without 'intent' (synonym, regex or lookup)"
                )
            continue
        examples = _value(item, "examples")
        if not isinstance(intent, yaml.ScalarNode):
            raise DataError("an intent name must be a string", path=path, line=line)
        if skipped is not None:
            for key, _node in item.value:
                if key.value not in ("intent", "examples"):
                    skipped.append(
                        f"{path}:{key.start_mark.line + 1}: intent {intent.value!r}'s '{key.value}'"
                    )
        if isinstance(examples, yaml.SequenceNode):
            found = _listed_examples(examples, path)
        else:
            found = _block_examples(source, examples, path, line)
        for example, number, metadata in found:
            try:
                text, spans = parse_annotated(example)
                record = Record(text, intent.value, spans, _meta_of(metadata, path, number))
            except (DataError, SpanError) as exc:
                skip_or_raise(exc, path, number, on_error)
                continue
            yield record


_Example = tuple[str, int, Any]
"""An example's annotated text, its source line, and its ``metadata`` (or None)."""


def _block_examples(source: str, examples: Any, path: str, line: int) -> Iterator[_Example]:
    """The examples of an ``examples: |`` text block, one ``- `` line each."""
    if (
        not isinstance(examples, yaml.ScalarNode)
        or examples.tag != _STRING_TAG
        or examples.style not in ("|", ">", '"', "'")
    ):
        raise DataError(
            "an intent needs a text block of examples ('examples: |') or a list of '- text:' items",
            path=path,
            line=line,
        )
    raws = examples.value.split("\n")
    for raw, number in zip(raws, _source_lines(source, examples, raws), strict=True):
        if not raw.strip():
            continue
        if not raw.startswith("- "):
            raise DataError(f"an example must start with '- ', got {raw!r}", path=path, line=number)
        yield raw[2:], number, None


def _listed_examples(examples: Any, path: str) -> Iterator[_Example]:
    """The examples of Rasa's list form, ``- text: ...`` with optional ``metadata``."""
    for node in examples.value:
        number = node.start_mark.line + 1
        text = _value(node, "text") if isinstance(node, yaml.MappingNode) else None
        if not isinstance(text, yaml.ScalarNode) or text.tag != _STRING_TAG:
            raise DataError("a listed example needs a 'text' string", path=path, line=number)
        metadata = _value(node, "metadata")
        value = None if metadata is None else yaml.safe_load(yaml.serialize(metadata))
        yield text.value.rstrip("\n"), number, value


def _meta_of(metadata: Any, path: str, line: int) -> dict[str, Any]:
    """A record's meta from an example's ``metadata``: textaug's provenance under its own
    key, anything else kept under ``metadata`` so it is written back."""
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise DataError("an example's 'metadata' must be a mapping", path=path, line=line)
    unwritable = _not_json(metadata)
    if unwritable is not None:
        raise DataError(
            f"an example's 'metadata' holds {unwritable}, which textaug cannot write back "
            "as it was (metadata is written as JSON); quote it in the YAML to keep it as text",
            path=path,
            line=line,
        )
    meta: dict[str, Any] = {}
    own = {k: v for k, v in metadata.items() if k != provenance.KEY}
    if own:
        meta["metadata"] = own
    if provenance.KEY in metadata:
        try:
            meta[provenance.KEY] = provenance.checked(metadata[provenance.KEY])
        except DataError as exc:
            raise DataError(exc.reason, path=path, line=line) from None
    return meta


def _not_json(value: Any) -> str | None:
    """The first thing in ``value`` JSON cannot carry unchanged, described; None if none.

    YAML reads ``2023-05-01`` as a date, ``!!set`` as a set, ``.inf`` as infinity and
    ``1:`` or ``on:`` as a number or bool key: JSON has none of them.
    """
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"the non-string key {key!r}"
            found = _not_json(item)
            if found is not None:
                return found
        return None
    if isinstance(value, list):
        return next((found for found in map(_not_json, value) if found is not None), None)
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} (not a finite number)"
    if value is None or isinstance(value, (str, int, float)):
        return None
    if isinstance(value, datetime.date):  # a datetime is one too
        return f"{value.isoformat()} (a {type(value).__name__})"
    return f"a value of type {type(value).__name__}"


def _source_lines(source: str, node: Any, raws: list[str]) -> list[int]:
    """The source line (1-based) of each line of an ``examples`` scalar, for errors.

    A literal block (``|``) holds one example per source line. A quoted or folded
    scalar does not ("- hi\\n- bye" is two examples on one line; folding joins lines),
    so each example is found in the scalar's source by its first plain characters.
    """
    first = node.start_mark.line + 1
    if node.style == "|":
        return [first + 1 + k for k in range(len(raws))]
    segment = source[node.start_mark.index : node.end_mark.index]
    lines = []
    cursor = 0
    for raw in raws:
        probe = _ESCAPABLE.split(raw.strip(), maxsplit=1)[0][:24]
        found = segment.find(probe, cursor) if probe else -1
        if found >= 0:
            cursor = found + len(probe)
        lines.append(first + segment.count("\n", 0, cursor))
    return lines


_ESCAPABLE = re.compile(r"[\"'\\]")
"""Characters a quoted scalar may write otherwise (escaped or doubled): probes stop there."""


def _value(node: Any, key: str) -> Any:
    for key_node, value_node in node.value:
        if key_node.value == key:
            return value_node
    return None


def parse_annotated(example: str) -> tuple[str, tuple[Span, ...]]:
    """Plain text and spans from one example with Rasa annotations.

    >>> text, spans = parse_annotated("fly to [Berlin](city) now")
    >>> text, [(s.start, s.end, s.entity) for s in spans]
    ('fly to Berlin now', [(7, 13, 'city')])
    """
    pieces: list[str] = []
    spans: list[Span] = []
    cursor = length = 0
    for match in _ANNOTATION.finditer(example):
        before = example[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        value = match.group("value")
        spans.append(_annotation_span(length, value, match))
        pieces.append(value)
        length += len(value)
        cursor = match.end()
    pieces.append(example[cursor:])
    return "".join(pieces), tuple(spans)


def _annotation_span(start: int, value: str, match: re.Match[str]) -> Span:
    end = start + len(value)
    if match.group("entity") is not None:
        return Span(start, end, match.group("entity"), canonical=match.group("synonym"))
    if match.group("list") is not None:
        return Span(start, end, **_listed_fields(match.group("list")))
    return Span(start, end, **_json_fields(match.group("json")))


def _listed_fields(annotation: str) -> dict[str, str]:
    """The span fields of a ``[{...}, ...]`` annotation, which must hold exactly one entity.

    Rasa lets one value carry several entities; a record's spans cannot overlap, so
    such an example is an error (``--skip-invalid`` skips it), not a silent choice.
    """
    entities = _loaded(annotation)
    if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
        raise DataError(f"entity annotation {annotation} must be a list of objects")
    if len(entities) > 1:
        raise DataError(
            f"entity annotation {annotation}: several entities on one value are not supported"
        )
    return _fields(entities[0], annotation)


def _json_fields(annotation: str) -> dict[str, str]:
    """The span fields of a ``{"entity": ..., "role": ..., ...}`` annotation."""
    return _fields(_loaded(annotation), annotation)


def _loaded(annotation: str) -> Any:
    try:
        return json.loads(annotation)
    except json.JSONDecodeError as exc:
        raise DataError(f"entity annotation {annotation} is not JSON: {exc.msg}") from None


def _fields(fields: Any, annotation: str) -> dict[str, str]:
    """Span keyword arguments from one annotation object (``annotation`` names it in errors)."""
    if not isinstance(fields, dict) or not isinstance(fields.get("entity"), str):
        raise DataError(f"entity annotation {annotation} needs an 'entity' name")
    unknown = set(fields) - set(_JSON_KEYS)
    if unknown:
        raise DataError(f"unsupported annotation key(s) {sorted(unknown)}")
    # null means absent; a number ("group": 1) is kept as its text
    return {_JSON_KEYS[k]: str(v) for k, v in fields.items() if v is not None}


def format_annotated(record: Record) -> str:
    """The example text with each span written as a Rasa annotation."""
    out: list[str] = []
    cursor = 0
    for span in record.spans:
        out.append(record.text[cursor : span.start])
        value = record.text[span.start : span.end]
        short = span.role is None and span.group is None and span.canonical is None
        if short and _SHORT_ENTITY.fullmatch(span.entity):
            out.append(f"[{value}]({span.entity})")
        else:
            fields = {"entity": span.entity}
            for json_key, attr in _JSON_KEYS.items():
                if attr != "entity" and getattr(span, attr) is not None:
                    fields[json_key] = getattr(span, attr)
            out.append(f"[{value}]{json.dumps(fields, ensure_ascii=False)}")
        cursor = span.end
    out.append(record.text[cursor:])
    return "".join(out)


class RasaWriter:
    """Collects examples per intent (Rasa groups them) and writes the file on close.

    Examples with metadata (a variant's provenance, or ``metadata`` read from the
    input) follow their intent's ``examples: |`` block as a second item in Rasa's list
    form, ``- text: ...`` with ``metadata``, so the block stays as the user wrote it
    and ``evaluate`` can still tell variants from originals.
    """

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._intents: dict[str, list[str]] = {}
        self._listed: dict[str, list[tuple[str, dict[str, Any]]]] = {}

    def write(self, record: Record) -> None:
        if record.label is None:
            raise DataError(f"Rasa NLU needs an intent for every example: {record.text!r}")
        for what, text in (("example", record.text), ("intent", record.label)):
            found = _NOT_YAML_LINE.search(text)
            if found:
                raise DataError(
                    f"a Rasa {what} cannot hold {found.group()!r} (a line break or a character "
                    f"YAML cannot carry); write JSONL or CSV instead: {text!r}"
                )
        example = format_annotated(record)
        if parse_annotated(example) != (record.text, record.spans):
            raise DataError(
                "Rasa's markup cannot represent this example (a bracket pattern in the text "
                f"or an entity value with '[' or ']'); write JSONL or CSV instead: {record.text!r}"
            )
        metadata = _metadata_of(record)
        self._intents.setdefault(record.label, [])
        if metadata:
            self._listed.setdefault(record.label, []).append((example, metadata))
        else:
            self._intents[record.label].append(example)

    def close(self) -> None:
        lines = [f'version: "{VERSION}"', "nlu:"]
        for intent, examples in self._intents.items():
            if examples or intent not in self._listed:
                lines.append(f"- intent: {_scalar(intent)}")
                lines.append("  examples: |")
                lines.extend(f"    - {example}" for example in examples)
            if intent in self._listed:
                lines.append(f"- intent: {_scalar(intent)}")
                lines.append("  examples:")
                for example, metadata in self._listed[intent]:
                    lines.append(f"  - text: {json.dumps(example, ensure_ascii=False)}")
                    lines.append(f"    metadata: {json.dumps(metadata, ensure_ascii=False)}")
        self._handle.write("\n".join(lines) + "\n")


def _metadata_of(record: Record) -> dict[str, Any]:
    """What an example's ``metadata`` holds: the metadata it was read with, and its
    provenance if it is a variant."""
    metadata = dict(record.meta.get("metadata") or {})
    if provenance.KEY in record.meta:
        metadata[provenance.KEY] = record.meta[provenance.KEY]
    return metadata


def _scalar(text: str) -> str:
    """A YAML plain scalar if it reads back unchanged, else a quoted one."""
    if re.fullmatch(r"[A-Za-z_][\w.\-/]*", text) and yaml.safe_load(text) == text:
        return text
    return json.dumps(text, ensure_ascii=False)
