"""Which entity span a character range meets, found by bisection when spans are many.

Augmenters ask for every token whether it touches an entity span. Scanning the
spans is fastest for the few entities of an utterance, but makes a long text
with many entities quadratic. From :data:`INDEX_FROM` spans on, the answer comes
from the span starts and the running maximum of their ends (so nested or
overlapping spans are answered right too), built once per spans tuple.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, pairwise

from textaug.record import Span

#: Span count from which a lookup bisects instead of scanning (measured: below it,
#: a scan is faster; both take about 0.3 µs at 8 spans).
INDEX_FROM = 8

#: Spans tuples whose index is kept, by identity; the cache starts over when full.
_MAX_CACHED = 16

# id(spans) -> (spans, running maximum of span ends, or None if the starts are
# unsorted); holding ``spans`` keeps its id from being reused while cached
_cache: dict[int, tuple[tuple[Span, ...], list[int] | None]] = {}


def first_overlap(start: int, end: int, spans: Sequence[Span]) -> Span | None:
    """The first of ``spans`` sharing a character with ``[start, end)``, or None.

    With ``start == end`` (an insertion point), the first span strictly around it.

    >>> spans = [Span(0, 9, "a"), Span(2, 4, "b"), Span(12, 15, "c")]
    >>> first_overlap(3, 5, spans).entity, first_overlap(9, 12, spans), first_overlap(13, 13, spans)
    ('a', None, Span(start=12, end=15, entity='c', role=None, group=None, canonical=None))
    """
    if len(spans) >= INDEX_FROM:
        reach = _reach_of(spans)
        if reach is not None:
            # spans before i all end by ``start``; from i on they start no earlier than
            # spans[i], so if spans[i] starts too late for the range, so do the rest
            i = bisect_right(reach, start)
            if i < len(spans) and spans[i].start < end:
                return spans[i]
            return None
    for span in spans:
        if start < span.end and span.start < end:
            return span
    return None


def _reach_of(spans: Sequence[Span]) -> list[int] | None:
    """The running maximum of span ends, or None unless the starts are sorted.

    Kept per tuple (looked up by identity, not by hashing the long tuple).
    """
    if type(spans) is not tuple:
        return None  # may change between calls: scan it
    cached = _cache.get(id(spans))
    if cached is not None and cached[0] is spans:
        return cached[1]
    reach = _reach(spans)
    if len(_cache) >= _MAX_CACHED:
        _cache.clear()
    _cache[id(spans)] = (spans, reach)
    return reach


def _reach(spans: Sequence[Span]) -> list[int] | None:
    if any(a.start > b.start for a, b in pairwise(spans)):
        return None
    return list(accumulate((s.end for s in spans), max))
