"""Long texts with many entities: the bisecting span and edit lookups must answer exactly
as scanning every span and every edit does, errors and augmenter outputs included."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from textaug import spanindex
from textaug.augmenter import Context
from textaug.errors import SpanError
from textaug.guards import ProtectEntities
from textaug.noise import CaseNoise, KeyboardTypos, PunctuationNoise, WhitespaceNoise
from textaug.noise.base import span_state
from textaug.protect import overlaps, strictly_inside
from textaug.record import Edit, Record, Span, apply_edits
from textaug.spanindex import first_overlap
from textaug.structural import (
    PunctuationInsertion,
    RandomDeletion,
    RandomInsertion,
    RandomSwap,
)
from textaug.tokens import Kind, Token, tokenize


@contextmanager
def scanning() -> Iterator[None]:
    """Answer every span and edit lookup by scanning, as for a short record."""
    with (
        mock.patch.object(spanindex, "INDEX_FROM", 10**9),
        mock.patch("textaug.record._INDEX_EDITS", 10**9),
    ):
        yield


@contextmanager
def indexing() -> Iterator[None]:
    """Answer every span and edit lookup by bisection, however few there are."""
    with (
        mock.patch.object(spanindex, "INDEX_FROM", 1),
        mock.patch("textaug.record._INDEX_EDITS", 1),
    ):
        yield


def naive_first_overlap(start: int, end: int, spans: list[Span]) -> Span | None:
    return next((s for s in spans if start < s.end and s.start < end), None)


#: Spans sorted by start that may nest, overlap, touch, repeat or be empty.
_nested_spans = st.lists(
    st.tuples(st.integers(0, 300), st.integers(0, 40)).map(lambda p: Span(p[0], p[0] + p[1], "e")),
    min_size=spanindex.INDEX_FROM,
    max_size=60,
).map(lambda spans: sorted(spans, key=lambda s: s.start))
_ranges = st.lists(
    st.tuples(st.integers(0, 350), st.integers(0, 12)).map(lambda p: (p[0], p[0] + p[1])),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(_nested_spans, _ranges)
def test_bisected_overlap_is_the_first_span_a_scan_finds(
    spans: list[Span], ranges: list[tuple[int, int]]
) -> None:
    spans_tuple = tuple(spans)
    for start, end in ranges:
        assert first_overlap(start, end, spans_tuple) == naive_first_overlap(start, end, spans)


@settings(max_examples=100, deadline=None)
@given(_nested_spans, _ranges, st.randoms(use_true_random=False))
def test_unsorted_spans_are_scanned(
    spans: list[Span], ranges: list[tuple[int, int]], rng: random.Random
) -> None:
    rng.shuffle(spans)
    for start, end in ranges:
        assert first_overlap(start, end, tuple(spans)) == naive_first_overlap(start, end, spans)


_WORDS = ["book", "a", "flight", "to", "New York", "not", "Parisian", "U.S.", "8pm", "re-book",
          "don't", "ok?", "naïve", "😀", "Not Fade Away"]  # fmt: skip


@st.composite
def long_records(draw: st.DrawFn) -> Record:
    """A text of up to 300 words with many disjoint spans, some inside or across words."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=20, max_size=300))
    seps = draw(st.lists(st.sampled_from([" ", " ", ", ", "\n", "  "]), min_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=False)).rstrip()
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=16, max_size=120, unique=True)))
    spans = [Span(s, e, "e") for s, e in zip(cuts[::2], cuts[1::2], strict=False) if s < e]
    return Record(text, "book", tuple(spans))


@settings(max_examples=150, deadline=None)
@given(long_records())
def test_token_span_checks_match_a_scan(record: Record) -> None:
    spans = record.spans
    guard = ProtectEntities()
    for token in tokenize(record.text):
        hit = naive_first_overlap(token.start, token.end, list(spans))
        assert overlaps(token.start, token.end, spans) is (hit is not None)
        assert guard.allows_token(record, token) is (hit is None)
        inside = hit is not None and hit.start <= token.start and token.end <= hit.end
        assert span_state(token, spans) == (0 if hit is None else 1 if inside else -1)
        for position in (token.start, token.end):
            around = any(s.start < position < s.end for s in spans)
            assert strictly_inside(position, spans) is around


@st.composite
def many_edits(draw: st.DrawFn) -> tuple[str, list[Span], list[Edit]]:
    """A text, sorted spans that may nest or overlap, and many disjoint edits that may
    cross them (so some are refused)."""
    text = draw(st.text("ab ", min_size=30, max_size=300))
    size = len(text)
    spans = sorted(
        draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 30)), max_size=50)),
    )
    nested = [Span(s, min(size, s + n), "e") for s, n in spans]
    edits: list[Edit] = []
    position = 0
    for gap, width, grow, in_span in draw(
        st.lists(
            st.tuples(st.integers(0, 12), st.sampled_from([0, 0, 1, 2, 4]), st.integers(0, 3),
                      st.booleans()),
            min_size=8,
            max_size=80,
        )
    ):  # fmt: skip
        start = position + gap
        end = start + width
        if end > size:
            break
        edits.append(Edit(start, end, "z" * grow, "op", in_span))
        position = end
    return text, nested, draw(st.permutations(edits))


@st.composite
def fitting_edits(draw: st.DrawFn) -> tuple[str, list[Span], list[Edit]]:
    """A text, many disjoint spans, and many edits beside them, at their edges or
    replacing a whole span (so all apply)."""
    text = draw(st.text("ab ", min_size=30, max_size=300))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), min_size=10, max_size=120))))
    spans: list[Span] = []
    edits: list[Edit] = []
    for a, b in itertools.pairwise(cuts):
        role = draw(st.sampled_from(["span", "edit", "insert", "span_edit", "span_inserts"]))
        grown = "z" * draw(st.integers(1, 3))
        if role.startswith("span"):
            spans.append(Span(a, b, "e"))
        if role == "span_inserts":
            edits += [Edit(a, a, grown), Edit(b, b, grown)]
        elif role == "span_edit":
            edits.append(Edit(a, b, grown, in_span=True))
        elif role == "edit":
            edits.append(Edit(a, b, grown[1:]))
        elif role == "insert":
            edits.append(Edit(a, a, grown))
    return text, spans, draw(st.permutations(edits))


def _outcome(text: str, spans: list[Span], edits: list[Edit]) -> object:
    try:
        return apply_edits(text, spans, edits)
    except SpanError as error:
        return str(error)


@settings(max_examples=400, deadline=None)
@given(st.one_of(many_edits(), fitting_edits()))
def test_bisected_span_moves_match_a_scan_of_every_edit(
    case: tuple[str, list[Span], list[Edit]],
) -> None:
    text, spans, edits = case
    with scanning():
        expected = _outcome(text, spans, edits)
    with indexing():
        assert _outcome(text, spans, edits) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(), min_size=2, max_size=20), st.data())
def test_a_partner_is_drawn_as_from_the_list_without_the_word(
    items: list[int], data: st.DataObject
) -> None:
    # RandomSwap draws a word's partner by index instead of copying its side's list
    skip = data.draw(st.integers(0, len(items) - 1))
    seed = data.draw(st.integers(0, 2**32))
    without = items[:skip] + items[skip + 1 :]
    k = random.Random(seed).randrange(len(items) - 1)
    assert items[k + (k >= skip)] == random.Random(seed).choice(without)


_PROTECTING = (
    RandomSwap(rate=0.5),
    RandomDeletion(rate=0.3),
    RandomInsertion(rate=0.3),
    PunctuationInsertion(rate=0.3),
    KeyboardTypos(rate=0.5),
    PunctuationNoise(rate=0.5),
)
#: Without guards, noise edits inside entities too (the spans grow and shrink with it).
_UNGUARDED = (
    KeyboardTypos(rate=0.5, guards=()),
    CaseNoise(rate=0.5, guards=()),
    WhitespaceNoise(rate=0.5, guards=()),
)
_AUGMENTERS = _PROTECTING + _UNGUARDED


def _variants(record: Record, seed: int) -> list[object]:
    """Each augmenter's variants and tally, or its error (a span ending in a space
    makes a deletion straddle it)."""
    found: list[object] = []
    for augmenter in _AUGMENTERS:
        ctx = Context.for_record(seed, 0)
        try:
            variants = augmenter.variants(record, 2, ctx)
        except SpanError as error:
            found.append(str(error))
            continue
        found.append(([(v.text, v.spans, v.edits) for v in variants], ctx.counted()))
    return found


@settings(max_examples=40, deadline=None)
@given(long_records(), st.integers(0, 1000))
def test_augmenters_make_the_same_variants_with_and_without_the_lookups(
    record: Record, seed: int
) -> None:
    with scanning():
        expected = _variants(record, seed)
    with indexing():
        assert _variants(record, seed) == expected


def test_a_long_text_with_many_entities_keeps_every_entity() -> None:
    words = ["Paris" if i % 5 == 0 else "travel" for i in range(3000)]
    text = " ".join(words)
    spans = tuple(Span(i * 34, i * 34 + 5, "city") for i in range(600))  # every 5th word
    record = Record(text, "x", spans)
    assert {record.span_text(s) for s in spans} == {"Paris"}
    for augmenter in _PROTECTING:
        for variant in augmenter.augment(record, n=1, seed=1):
            assert [variant.span_text(s) for s in variant.spans] == ["Paris"] * len(spans)


def test_each_spans_tuple_is_looked_up_in_its_own_index() -> None:
    first = tuple(Span(i * 10, i * 10 + 5, "e") for i in range(20))
    assert first_overlap(12, 13, first) == first[1]
    later = tuple(Span(i * 10 + 5, i * 10 + 9, "e") for i in range(20))
    assert first_overlap(12, 13, later) is None
    token = Token(16, 18, "xy", Kind.WORD)
    assert span_state(token, later) == 1
    assert span_state(token, first) == 0
