"""Private-use sentinels that mark slot values in rendered text, and the pass that strips them.

A slot helper renders its value as ``OPEN SIG(k) value CLOSE``: ``OPEN`` and
``CLOSE`` are fixed private-use characters and ``SIG(k)`` names slot
signature ``k`` (list, entity, role, group). :func:`unmark` removes the
sentinels, collapses whitespace and returns the exact character span of every
value, so entity offsets never depend on searching the text for the value
(which breaks when a value occurs twice, or holds regex metacharacters).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from textaug.errors import DataError
from textaug.record import Span

OPEN = "\ue000"
CLOSE = "\ue001"
_FIRST_SIGNATURE = 0xE002
#: How many distinct slot signatures one template set may use.
MAX_SIGNATURES = 0xF8FF - _FIRST_SIGNATURE
#: Longest utterance a template may render, in characters.
MAX_UTTERANCE_CHARS = 10_000

_ANY_SENTINEL = re.compile("[\ue000-\uf8ff]")
_UNBALANCED = (
    "unbalanced slot marks: a value was cut or nested by a filter, or the template "
    "holds a private-use character (U+E000..U+F8FF)"
)


def open_mark(signature: int) -> str:
    """What opens a value of slot signature ``signature``."""
    if not 0 <= signature < MAX_SIGNATURES:
        raise DataError(f"too many distinct slots (more than {MAX_SIGNATURES})")
    return OPEN + chr(_FIRST_SIGNATURE + signature)


def has_sentinel(text: str) -> bool:
    """Whether ``text`` holds a private-use character (U+E000..U+F8FF); slot values may not."""
    return _ANY_SENTINEL.search(text) is not None


def unmark(
    marked: str, make_span: Callable[[int, int, int, str], Span]
) -> tuple[str, tuple[Span, ...]]:
    """Clean text and spans from rendered text with sentinels.

    Runs of whitespace become one space and the ends are stripped (optional
    words leave gaps); ``make_span(signature, start, end, surface)`` builds
    each span.

    >>> from textaug.record import Span
    >>> unmark(f"fly  to {open_mark(0)}Paris{CLOSE} ", lambda k, s, e, v: Span(s, e, "city"))
    ('fly to Paris', (Span(start=7, end=12, entity='city', role=None, group=None, canonical=None),))
    """
    text = " ".join(marked.split())
    if len(text) > MAX_UTTERANCE_CHARS:
        raise DataError(f"a rendered utterance is longer than {MAX_UTTERANCE_CHARS} characters")
    opened = text.find(OPEN)
    if opened < 0:
        if _ANY_SENTINEL.search(text):
            raise DataError(_UNBALANCED)
        return text, ()
    pieces: list[str] = []
    spans: list[Span] = []
    cursor = length = 0
    while opened >= 0:
        closed = text.find(CLOSE, opened)
        if closed < 0:
            raise DataError(_UNBALANCED)
        before = text[cursor:opened]
        surface = text[opened + 2 : closed]
        if not surface or surface[0] == " " or surface[-1] == " ":
            raise DataError(f"a slot rendered an empty or space-padded value {surface!r}")
        pieces.append(before)
        pieces.append(surface)
        start = length + len(before)
        length = start + len(surface)
        spans.append(make_span(ord(text[opened + 1]) - _FIRST_SIGNATURE, start, length, surface))
        cursor = closed + 1
        opened = text.find(OPEN, cursor)
    pieces.append(text[cursor:])
    clean = "".join(pieces)
    if _ANY_SENTINEL.search(clean):
        raise DataError(_UNBALANCED)
    if clean[:1] == " " or clean[-1:] == " ":
        raise DataError("an utterance starts or ends with a space inside a slot value")
    return clean, tuple(spans)
