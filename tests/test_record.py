"""Edit application: spans before an edit stay, after it shift, inside needs in_span."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textaug.errors import SpanError
from textaug.record import Edit, Record, Span, apply_edits, check_spans, replay

TEXT = "book a flight to New York tomorrow"
CITY = Span(17, 25, "city")
DATE = Span(26, 34, "date")


def test_edit_before_span_shifts_it() -> None:
    record = Record(TEXT, "book", (CITY, DATE)).apply([Edit(0, 4, "reserve")])
    assert record.text == "reserve a flight to New York tomorrow"
    assert [record.span_text(s) for s in record.spans] == ["New York", "tomorrow"]


def test_edit_after_span_leaves_it() -> None:
    record = Record(TEXT, spans=(CITY,)).apply([Edit(26, 34, "today")])
    assert record.spans == (CITY,)
    assert record.text.endswith("New York today")


def test_insertion_at_span_start_goes_before_it() -> None:
    record = Record(TEXT, spans=(CITY,)).apply([Edit(17, 17, "sunny ")])
    assert record.span_text(record.spans[0]) == "New York"
    assert record.text == "book a flight to sunny New York tomorrow"


def test_insertion_at_span_end_goes_after_it() -> None:
    record = Record(TEXT, spans=(CITY,)).apply([Edit(25, 25, ",")])
    assert record.span_text(record.spans[0]) == "New York"


def test_edit_inside_protected_span_is_refused() -> None:
    with pytest.raises(SpanError, match="protected entity 'city'"):
        Record(TEXT, spans=(CITY,)).apply([Edit(17, 20, "Old")])


def test_edit_inside_span_with_in_span_resizes_it() -> None:
    record = Record(TEXT, spans=(CITY, DATE)).apply([Edit(17, 25, "Lisbon", in_span=True)])
    assert [record.span_text(s) for s in record.spans] == ["Lisbon", "tomorrow"]


def test_edit_straddling_a_boundary_is_an_error() -> None:
    with pytest.raises(SpanError, match="straddles"):
        Record(TEXT, spans=(CITY,)).apply([Edit(14, 20, "", in_span=True)])


def test_emptying_a_span_is_an_error() -> None:
    with pytest.raises(SpanError, match="empty"):
        Record(TEXT, spans=(CITY,)).apply([Edit(17, 25, "", in_span=True)])


def test_overlapping_edits_are_an_error() -> None:
    with pytest.raises(SpanError, match="overlaps"):
        apply_edits(TEXT, (), [Edit(0, 4, "x"), Edit(2, 6, "y")])


def test_invalid_spans_are_refused_at_construction() -> None:
    with pytest.raises(SpanError):
        Record("short", spans=(Span(2, 9, "x"),))
    with pytest.raises(SpanError):
        Record("a b c", spans=(Span(0, 3, "x"), Span(2, 5, "y")))


def test_spans_given_as_a_list_or_plain_tuples_become_a_tuple_of_spans() -> None:
    from textaug import RandomSwap

    text = "fly from Paris to New York today please"
    record = Record(text, "x", [Span(9, 14, "city"), (18, 26, "city")])  # type: ignore[arg-type]
    assert record.spans == (Span(9, 14, "city"), Span(18, 26, "city"))
    assert record == Record(text, "x", (Span(9, 14, "city"), Span(18, 26, "city")))
    variants = RandomSwap(rate=0.5).augment(record, n=2)  # a list of spans made this raise
    assert len(variants) == 2 and all(v.text != text for v in variants)
    import numpy as np  # offsets read from a DataFrame

    numpy_offsets = Record(text, spans=(Span(np.int64(9), np.int64(14), "city"),))  # type: ignore[arg-type]
    assert type(numpy_offsets.spans[0].start) is int


def test_bad_spans_get_a_message_that_says_what_is_wrong() -> None:
    text = "fly from Paris to New York"
    with pytest.raises(SpanError, match="sorted by start"):
        Record(text, spans=(Span(18, 26, "a"), Span(9, 14, "b")))
    with pytest.raises(SpanError, match=r"overlaps entity 'a' at \[9, 14\)"):
        Record(text, spans=(Span(9, 14, "a"), Span(12, 20, "b")))
    with pytest.raises(TypeError, match="offsets must be ints"):
        Record(text, spans=(Span(9.0, 14, "a"),))  # type: ignore[arg-type]
    with pytest.raises(SpanError, match=r"at \[9, 9\) is empty"):
        Record(text, spans=(Span(9, 9, "a"),))
    with pytest.raises(SpanError, match="lies outside the text of length 26"):
        Record(text, spans=(Span(20, 30, "a"),))
    with pytest.raises(TypeError, match="Span objects"):
        Record(text, spans=("Paris",))  # type: ignore[arg-type]


def test_no_edits_gives_the_same_text_and_spans() -> None:
    record = Record("  odd\tspacing,  Ünïcode ✈️ ", spans=(Span(2, 5, "w"),))
    same = record.apply([])
    assert same.text == record.text and same.spans == record.spans


def test_ops_lists_operations_once_in_order() -> None:
    record = Record(TEXT).apply(
        [Edit(0, 0, "x ", "a"), Edit(5, 5, "y ", "b"), Edit(7, 7, "z ", "a")]
    )
    assert record.ops == ("a", "b")


@st.composite
def text_spans_edits(draw: st.DrawFn) -> tuple[str, list[Span], list[Edit]]:
    """A text, disjoint spans, and disjoint edits that respect the spans."""
    alphabet = st.characters(codec="utf-8", exclude_categories=("Cs",))
    text = draw(st.text(alphabet, min_size=1, max_size=40))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))))
    spans: list[Span] = []
    edits: list[Edit] = []
    for a, b in itertools.pairwise(cuts):
        role = draw(st.sampled_from(["span", "edit", "span_edit", "span_inserts", "none"]))
        if role == "span":
            spans.append(Span(a, b, "e"))
        elif role == "span_inserts":  # insertions right at a span's edges stay outside it
            spans.append(Span(a, b, "e"))
            edits.append(Edit(a, a, draw(st.text(alphabet, min_size=1, max_size=3))))
            edits.append(Edit(b, b, draw(st.text(alphabet, min_size=1, max_size=3))))
        elif role == "edit":
            edits.append(Edit(a, b, draw(st.text(alphabet, max_size=5))))
        elif role == "span_edit":
            spans.append(Span(a, b, "e"))
            edits.append(Edit(a, b, draw(st.text(alphabet, min_size=1, max_size=5)), in_span=True))
    return text, spans, edits


@settings(max_examples=300, deadline=None)
@given(text_spans_edits())
def test_apply_edits_keeps_every_span_exact(case: tuple[str, list[Span], list[Edit]]) -> None:
    text, spans, edits = case
    new_text, new_spans, ordered = apply_edits(text, spans, edits)
    check_spans(new_text, new_spans)  # still sorted, disjoint, non-empty and in range
    replaced = {(e.start, e.end): e.text for e in edits if e.in_span}
    for old, new in zip(spans, new_spans, strict=True):
        expected = replaced.get((old.start, old.end), text[old.start : old.end])
        assert new_text[new.start : new.end] == expected
    assert replay(text, ordered) == new_text


@settings(max_examples=200, deadline=None)
@given(text_spans_edits())
def test_text_between_edits_is_byte_identical(case: tuple[str, list[Span], list[Edit]]) -> None:
    text, spans, edits = case
    new_text, _, _ = apply_edits(text, spans, edits)
    cursor = 0
    out_cursor = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        untouched = text[cursor : edit.start]
        assert new_text[out_cursor : out_cursor + len(untouched)] == untouched
        out_cursor += len(untouched) + len(edit.text)
        cursor = edit.end
    assert new_text[out_cursor:] == text[cursor:]
