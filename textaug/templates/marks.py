"""Private-use sentinels that mark slot values in rendered text, and the pass that strips them.

A slot helper renders value ``k`` (one value of one slot list, used with one
entity, role and group) as ``OPEN ID(k) value CLOSE``: ``OPEN`` and ``CLOSE``
are fixed private-use characters and ``ID(k)`` writes ``k`` in base 6,398
with the private-use characters U+E002..U+F8FF as digits. :func:`unmark`
removes the sentinels, collapses whitespace outside the values (a value keeps
its own, as written in its list) and returns the exact character
span of every value with its id, so entity offsets never depend on searching
the text for the value (which breaks when a value occurs twice, or holds regex
metacharacters), and the entity's canonical value follows the value drawn
even when a filter changed its case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from textaug.errors import DataError
from textaug.record import Span
from textaug.templates.bounds import spend_work
from textaug.templates.filters import (
    capitalize_lengths,
    each_length,
    keep_marks,
    str_title_lengths,
    strip_lengths,
)

OPEN = "\ue000"
CLOSE = "\ue001"
_FIRST_DIGIT = 0xE002
_DIGITS = 0xF8FF - _FIRST_DIGIT + 1
#: Longest utterance a template may render, in characters.
MAX_UTTERANCE_CHARS = 10_000

#: What ``str.splitlines`` splits on: a value in an utterance cannot hold one.
LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_ANY_SENTINEL = re.compile("[\ue000-\uf8ff]")
_SPACES = re.compile(r"\s+")
_TOO_LONG = f"a rendered utterance is longer than {MAX_UTTERANCE_CHARS} characters"
_UNBALANCED = (
    "unbalanced slot marks: a value was cut or nested by a filter, or the template "
    "holds a private-use character (U+E000..U+F8FF)"
)


def open_mark(ident: int) -> str:
    """What opens the value with id ``ident`` (a non-negative integer)."""
    if ident < 0:
        raise ValueError(f"a slot value id must be non-negative, got {ident}")
    digits = []
    while True:
        ident, digit = divmod(ident, _DIGITS)
        digits.append(chr(_FIRST_DIGIT + digit))
        if not ident:
            return OPEN + "".join(reversed(digits))


class MarkedValue(str):
    """Text holding slot marks as a Jinja expression sees it: printed with its marks, but
    compared, measured, indexed, searched and converted as the text it prints.

    So ``{{ "an" if item[0] in "aeiou" else "a" }}``, ``{% if qty == "one" %}``,
    ``item|length`` and ``n|int`` mean what an author expects, while ``{{ item }}``
    and what keeps the text whole (``~``, ``+``, ``%``, ``format``, ``join``) still
    carry the marks that make the entity's span. The case and strip methods
    (``upper``, ``lower``, ``capitalize``, ``title``, ``strip``...) keep the marks
    around the images of the characters they enclosed, and so does ``replace``
    unless a match crosses a value's edge. Every other method (``split``,
    ``find``, ``center``, ``isdigit``...) answers for the visible text: a string it
    returns is plain text, no longer an entity (an entity cut in two cannot be one
    span anyway).
    """

    __slots__ = ()

    def visible(self) -> str:
        """The text without its marks (charged to the render: it reads the whole text)."""
        spend_work(str.__len__(self))
        return _ANY_SENTINEL.sub("", str.__str__(self))

    def __eq__(self, other: object) -> bool:
        return self.visible() == visible(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __lt__(self, other: str) -> bool:
        return self.visible() < visible(other)

    def __le__(self, other: str) -> bool:
        return self.visible() <= visible(other)

    def __gt__(self, other: str) -> bool:
        return self.visible() > visible(other)

    def __ge__(self, other: str) -> bool:
        return self.visible() >= visible(other)

    def __hash__(self) -> int:
        return hash(self.visible())

    def __len__(self) -> int:
        return len(self.visible())

    def __getitem__(self, key: Any) -> str:
        return self.visible()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.visible())

    def __contains__(self, part: object) -> bool:
        return isinstance(part, str) and visible(part) in self.visible()

    def replace(self, old: Any, new: Any, count: Any = -1) -> str:
        """``str.replace`` on the printed text, keeping the marks when no match crosses
        a value's edge (a value it inserts stays marked too)."""
        old = visible(old)
        raw = str.__str__(self)
        text = self.visible()
        if old and str.count(raw, old) == text.count(old):
            return marked(str.replace(raw, old, new, count))
        return marked(str.replace(text, old, new, count))


def _keeping_marks(name: str, lengths: Callable[..., list[int]]) -> Callable[..., str]:
    """``str.<name>`` on the visible text, with the marks put back (see :func:`keep_marks`)."""
    method = getattr(str, name)

    def keeping(self: MarkedValue, *args: Any) -> str:
        args = tuple(visible(a) for a in args)
        return marked(keep_marks(self, lambda t: method(t, *args), lambda t: lengths(t, *args)))

    keeping.__name__ = keeping.__qualname__ = name
    keeping.__doc__ = f"``str.{name}`` of the text, the marks kept in place."
    return keeping


def _of_visible(name: str) -> Callable[..., Any]:
    """``str.<name>`` of the visible text (arguments without marks)."""
    method = getattr(str, name)

    def of_visible(self: MarkedValue, *args: Any, **kwargs: Any) -> Any:
        args = tuple(visible(a) for a in args)
        return method(self.visible(), *args, **{k: visible(v) for k, v in kwargs.items()})

    of_visible.__name__ = of_visible.__qualname__ = name
    of_visible.__doc__ = f"``str.{name}`` of the visible text."
    return of_visible


def _per_char(mapping: Callable[[str], str]) -> Callable[..., list[int]]:
    return lambda text: each_length(text, mapping)


_KEEPING_MARKS: dict[str, Callable[..., list[int]]] = {
    "upper": _per_char(str.upper),
    "lower": _per_char(str.lower),
    "casefold": _per_char(str.casefold),
    "swapcase": _per_char(str.swapcase),
    "capitalize": capitalize_lengths,
    "title": str_title_lengths,
    "strip": lambda text, chars=None: strip_lengths(text, chars, left=True, right=True),
    "lstrip": lambda text, chars=None: strip_lengths(text, chars, left=True, right=False),
    "rstrip": lambda text, chars=None: strip_lengths(text, chars, left=False, right=True),
}
#: Methods that read the text (or rebuild it in ways marks cannot follow).
_OF_VISIBLE = (
    "center",
    "count",
    "encode",
    "endswith",
    "expandtabs",
    "find",
    "index",
    "isalnum",
    "isalpha",
    "isascii",
    "isdecimal",
    "isdigit",
    "isidentifier",
    "islower",
    "isnumeric",
    "isprintable",
    "isspace",
    "istitle",
    "isupper",
    "ljust",
    "partition",
    "removeprefix",
    "removesuffix",
    "rfind",
    "rindex",
    "rjust",
    "rpartition",
    "rsplit",
    "split",
    "splitlines",
    "startswith",
    "translate",
    "zfill",
)
for _name, _lengths in _KEEPING_MARKS.items():
    setattr(MarkedValue, _name, _keeping_marks(_name, _lengths))
for _name in _OF_VISIBLE:
    setattr(MarkedValue, _name, _of_visible(_name))


def marked(value: Any) -> Any:
    """``value``, as a :class:`MarkedValue` if it is a plain string holding slot marks.

    Why: ``~``, macros and string methods return plain strings; wrapped, what a
    template does next with the text (compare it, measure it) sees what it prints.
    """
    if type(value) is str and OPEN in value:
        return MarkedValue(value)
    return value


def visible(value: Any) -> Any:
    """``value`` without slot marks if it is text holding them, else ``value`` itself."""
    if isinstance(value, str) and str.find(value, OPEN) >= 0:
        spend_work(str.__len__(value))
        return _ANY_SENTINEL.sub("", str.__str__(value))
    return value


def deep_visible(value: Any) -> Any:
    """``value`` with the marks taken out of every string in it, through lists, tuples
    and dicts: for what turns values into other text (``tojson``, ``urlencode``...)."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [deep_visible(v) for v in value]
    if isinstance(value, tuple):
        return tuple(deep_visible(v) for v in value)
    if isinstance(value, dict):
        return {deep_visible(k): deep_visible(v) for k, v in value.items()}
    return value


def has_sentinel(text: str) -> bool:
    """Whether ``text`` holds a private-use character (U+E000..U+F8FF); slot values may not."""
    return _ANY_SENTINEL.search(text) is not None


def sentinel_line(text: str) -> int | None:
    """The line (from 1) of the first private-use character in ``text``, or None."""
    found = _ANY_SENTINEL.search(text)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def unmark(marked: str, make_span: Callable[[int, int, int], Span]) -> tuple[str, tuple[Span, ...]]:
    """Clean text and spans from rendered text with sentinels.

    Outside slot values, runs of whitespace become one space and the ends are
    stripped (optional words leave gaps); a value's own text is kept as it is,
    so "New  York" stays the value its list wrote. ``make_span(ident, start,
    end)`` builds the span of the value with id ``ident``.

    >>> from textaug.record import Span
    >>> unmark(f"fly  to {open_mark(0)}Paris{CLOSE} ", lambda k, s, e: Span(s, e, "city"))
    ('fly to Paris', (Span(start=7, end=12, entity='city', role=None, group=None, canonical=None),))
    """
    opened = marked.find(OPEN)
    if opened < 0:
        text = " ".join(marked.split())
        if _ANY_SENTINEL.search(text):
            raise DataError(_UNBALANCED)
        if len(text) > MAX_UTTERANCE_CHARS:
            raise DataError(_TOO_LONG)
        return text, ()
    text = marked
    pieces: list[str] = []
    spans: list[Span] = []
    cursor = length = 0
    while opened >= 0:
        closed = text.find(CLOSE, opened)
        if closed < 0:
            raise DataError(_UNBALANCED)
        # Most ids are one digit; longer ones (and stray marks) take the slow path.
        value, ident = opened + 2, ord(text[opened + 1]) - _FIRST_DIGIT
        if not 0 <= ident < _DIGITS or 0 <= ord(text[value]) - _FIRST_DIGIT < _DIGITS:
            value, ident = _read_ident(text, opened + 1, closed)
        before = text[cursor:opened]
        if "  " in before or not before.isprintable():  # a run, or a tab, newline, ...
            before = _SPACES.sub(" ", before)
        if not pieces:
            before = before.lstrip()
        surface = text[value:closed]
        if not surface or surface[0].isspace() or surface[-1].isspace():
            raise DataError(f"a slot rendered an empty or space-padded value {surface!r}")
        if not surface.isprintable() and LINE_BREAK.search(surface):
            raise DataError(
                f"a slot value was printed with a line break inside ({surface!r}), "
                "by a filter such as replace or wordwrap; an utterance is one line"
            )
        pieces.append(before)
        pieces.append(surface)
        start = length + len(before)
        length = start + len(surface)
        spans.append(make_span(ident, start, length))
        cursor = closed + 1
        opened = text.find(OPEN, cursor)
    pieces.append(_SPACES.sub(" ", text[cursor:]).rstrip())
    clean = "".join(pieces)
    if _ANY_SENTINEL.search(clean):
        raise DataError(_UNBALANCED)
    if clean[:1] == " " or clean[-1:] == " ":
        raise DataError("an utterance starts or ends with a space inside a slot value")
    if len(clean) > MAX_UTTERANCE_CHARS:
        raise DataError(_TOO_LONG)
    return clean, tuple(spans)


def _read_ident(text: str, start: int, stop: int) -> tuple[int, int]:
    """(where the value starts, its id) for the id digits at ``text[start:]``."""
    ident = 0
    at = start
    while at < stop:
        digit = ord(text[at]) - _FIRST_DIGIT
        if not 0 <= digit < _DIGITS:
            break
        ident = ident * _DIGITS + digit
        at += 1
    if at == start:
        raise DataError(_UNBALANCED)
    return at, ident
