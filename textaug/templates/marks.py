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

OPEN = "\ue000"
CLOSE = "\ue001"
_FIRST_DIGIT = 0xE002
_DIGITS = 0xF8FF - _FIRST_DIGIT + 1
#: Longest utterance a template may render, in characters.
MAX_UTTERANCE_CHARS = 10_000

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
    """A slot value as a Jinja expression sees it: printed with its marks, but compared,
    measured, indexed and tested by its visible text.

    So ``{{ "an" if item.startswith("a") else "a" }}``, ``{% if qty == "one" %}``,
    ``item|length`` and ``item[0]`` mean what an author expects, while ``{{ item }}``
    and ``~`` still carry the marks that make the entity's span. Methods that build
    strings (``upper``, ``replace``) keep the marks; slicing and iterating give visible
    text (an entity cut in two cannot be one span anyway).
    """

    __slots__ = ()

    def visible(self) -> str:
        """The value without its marks."""
        return _ANY_SENTINEL.sub("", str.__str__(self))

    def __eq__(self, other: object) -> bool:
        return self.visible() == (other.visible() if isinstance(other, MarkedValue) else other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self.visible())

    def __len__(self) -> int:
        return len(self.visible())

    def __getitem__(self, key: Any) -> str:
        return self.visible()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.visible())

    def __contains__(self, part: object) -> bool:
        return isinstance(part, str) and str(part) in self.visible()

    def startswith(self, prefix: Any, *args: Any) -> bool:
        return self.visible().startswith(prefix, *args)

    def endswith(self, suffix: Any, *args: Any) -> bool:
        return self.visible().endswith(suffix, *args)


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
