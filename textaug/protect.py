"""What structural and word-level edits must leave alone.

Entity spans, numbers, URLs, emails (in any case), negations and words the user
lists are never edited, moved, deleted or copied. The configurable meaning guards
(real-word typos, label words, a user's own check) build on this in
:mod:`textaug.guards`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textaug.lexicon.stopwords import NEGATIONS
from textaug.record import Record, Span
from textaug.tokens import Kind, Word, chunk_pieces, words_of

LINKS = (Kind.URL, Kind.EMAIL)


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
    """All words of ``record`` and the ones an augmenter may edit, move, delete or copy.

    A word is editable when it is made of word tokens only (no number, URL,
    email or symbol), lies outside every entity span, is neither a negation nor
    the word right after one ("do not cancel": deleting or moving either flips
    the meaning; a negation inside an entity, "Not Fade Away", is just a name),
    is no part of a URL or email written in capitals, and is not protected.
    """
    all_words = words_of(record.text)
    text = record.text
    editable = []
    negated = False
    for w in all_words:
        negation = is_negation(w.text) and not overlaps(w.start, w.end, record.spans)
        if w.is_plain and not negation and not negated and not _in_link(text, w):
            editable.append(w)
        negated = negation
    if record.spans:
        editable = outside_spans(editable, record.spans)
    if protected:
        editable = [w for w in editable if w.text.lower() not in protected]
    return all_words, editable


def is_negation(word: str) -> bool:
    """Whether ``word`` negates ("not", "Never", "shouldn't", "DONT")."""
    low = word.lower()
    return low in NEGATIONS or low.endswith(("n't", "n’t"))


def _in_link(text: str, word: Word) -> bool:
    chunk = text[word.chunk_start : word.chunk_end]
    return ("." in chunk or ":" in chunk) and in_cased_link(text, word.start, word.end)


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


def in_cased_link(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a URL or email written with capitals.

    spaCy recognises "https://example.com/abc" and "google.com" but takes
    "HTTPS://EXAMPLE.COM/ABC" and "GOOGLE.COM" for words, so a whitespace
    chunk with capitals is tokenized again in lower case.

    >>> text = "try HTTPS://EXAMPLE.COM/ABC today"
    >>> in_cased_link(text, 24, 27), in_cased_link(text, 28, 33)
    (True, False)
    """
    first, last = _chunk_around(text, start, end)
    chunk = text[first:last]
    if "." not in chunk and ":" not in chunk:
        return False  # every URL and email has one
    lowered = chunk.lower()
    if lowered == chunk or len(lowered) != len(chunk):
        return False  # spaCy saw it as it is (or lower case would move the offsets)
    start -= first
    end -= first
    return any(
        kind in LINKS and piece_start < end and start < piece_end
        for piece_start, piece_end, kind in chunk_pieces(lowered)
    )


def _chunk_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the whitespace chunk holding ``text[start:end]`` begins and ends."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
