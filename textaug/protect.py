"""What structural and word-level edits must leave alone.

Entity spans, numbers, URLs, emails and words the user lists are never edited,
moved or deleted. Meaning guards (negations, label words, real-word typos)
build on this in :mod:`textaug.guards`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textaug.record import Record, Span
from textaug.tokens import Word, words_of


def overlaps(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether ``[start, end)`` shares a character with any span."""
    return any(start < s.end and s.start < end for s in spans)


def strictly_inside(position: int, spans: Sequence[Span]) -> bool:
    """Whether an insertion at ``position`` would land inside a span."""
    return any(s.start < position < s.end for s in spans)


def normalise_words(items: Iterable[str]) -> frozenset[str]:
    """Lower-cased protected words, for case-insensitive matching."""
    return frozenset(w.lower() for w in items)


def editable_words(
    record: Record, protected: frozenset[str] = frozenset()
) -> tuple[tuple[Word, ...], list[Word]]:
    """All words of ``record`` and the ones an augmenter may edit, move or delete.

    A word is editable when it is made of word tokens only (no number, URL,
    email or symbol), lies outside every entity span and is not protected.
    """
    all_words = words_of(record.text)
    editable = [w for w in all_words if w.is_plain]
    if record.spans:
        editable = outside_spans(editable, record.spans)
    if protected:
        editable = [w for w in editable if w.text.lower() not in protected]
    return all_words, editable


def outside_spans(items: Sequence[Word], spans: Sequence[Span]) -> list[Word]:
    """The items (sorted by start) that share no character with the sorted spans."""
    kept: list[Word] = []
    k = 0
    for item in items:
        while k < len(spans) and spans[k].end <= item.start:
            k += 1
        if k == len(spans) or item.end <= spans[k].start:
            kept.append(item)
    return kept
