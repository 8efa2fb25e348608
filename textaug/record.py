"""The one text model: a record with exact entity spans, and pure edit application.

Every augmenter takes and returns :class:`Record`. Augmenters never rebuild text
from tokens; they propose :class:`Edit` objects (character offsets into the
original string) and :func:`apply_edits` splices them in, shifting the spans.
Where nothing changed, the text is byte-identical to the input.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import itemgetter
from typing import Any, NamedTuple

from textaug.errors import SpanError


class Span(NamedTuple):
    """A labelled entity: ``text[start:end]``, end exclusive.

    ``role`` and ``group`` are Rasa's entity roles and groups; ``canonical`` is
    Rasa's entity synonym ("NYC" annotated with the value "New York"). Spans and
    edits are named tuples: immutable, and cheap on the hot path.
    """

    start: int
    end: int
    entity: str
    role: str | None = None
    group: str | None = None
    canonical: str | None = None

    def shifted(self, delta: int) -> Span:
        """The same span moved right by ``delta`` characters."""
        return self._replace(start=self.start + delta, end=self.end + delta)


class Edit(NamedTuple):
    """Replace ``text[start:end]`` by ``text``; an insertion when start == end.

    ``op`` names the operation that proposed it, for provenance. An edit may
    change text inside an entity span only when it says so with ``in_span``
    (slot-value swapping does); the span then grows or shrinks with it.
    """

    start: int
    end: int
    text: str
    op: str = ""
    in_span: bool = False

    @property
    def delta(self) -> int:
        """How much the edit lengthens (or, negative, shortens) the text."""
        return len(self.text) - (self.end - self.start)


@dataclass(frozen=True, slots=True)
class Record:
    """An utterance with its intent label, entity spans, metadata and provenance.

    ``edits`` lists the edits that made this record from the original it was
    derived from, in application order: each edit's offsets refer to the text
    as it stood after the edits before it (see :func:`replay`). ``meta`` holds
    everything else a reader found (extra columns, ids) and is written back;
    treat it as read-only.
    """

    text: str
    label: str | None = None
    spans: tuple[Span, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError(f"Record.text must be str, not {type(self.text).__name__}")
        if type(self.spans) is not tuple:
            self._normalise_spans()
        if not isinstance(self.edits, tuple):
            object.__setattr__(self, "edits", tuple(self.edits))
        if self.spans:
            try:
                check_spans(self.text, self.spans)
            except _NotSpans:  # rare: plain tuples or numpy offsets, made into Spans
                self._normalise_spans()
                check_spans(self.text, self.spans)

    def _normalise_spans(self) -> None:
        """Store the spans as a tuple of Spans with int offsets: a list, plain tuples or
        numpy offsets would break hashing, equality or slicing later, far from here."""
        object.__setattr__(self, "spans", tuple(_as_span(s) for s in self.spans))

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        # Plain constructor arguments pickle far faster than a slotted dataclass's state,
        # which matters when worker processes send records back and forth.
        return (Record, (self.text, self.label, self.spans, self.meta, self.edits))

    def span_text(self, span: Span) -> str:
        """The surface text of one of this record's spans."""
        return self.text[span.start : span.end]

    @property
    def ops(self) -> tuple[str, ...]:
        """Names of the operations that made this record, first use order, no repeats."""
        return tuple(dict.fromkeys(e.op for e in self.edits if e.op))

    def apply(self, edits: Iterable[Edit]) -> Record:
        """A new record with ``edits`` applied; this record is unchanged."""
        text, spans, ordered = apply_edits(self.text, self.spans, edits)
        return _derived(text, self.label, spans, self.meta, self.edits + ordered)

    def with_meta(self, meta: dict[str, Any]) -> Record:
        """This record with other metadata (its spans are valid already: no checks rerun).

        >>> Record("hi", "greet").with_meta({"id": 7}).meta
        {'id': 7}
        """
        return _derived(self.text, self.label, self.spans, meta, self.edits)


_FIELDS = ("text", "label", "spans", "meta", "edits")
_SETTERS = tuple(Record.__dict__[name].__set__ for name in _FIELDS)


def _derived(
    text: str,
    label: str | None,
    spans: tuple[Span, ...],
    meta: dict[str, Any],
    edits: tuple[Edit, ...],
) -> Record:
    """A record built without the constructor's checks, for spans that
    :func:`apply_edits` moved: it keeps them sorted, disjoint, non-empty and in
    range by construction (a property test checks it). Several times cheaper
    than a frozen dataclass's ``__init__`` on the hot path."""
    record = _object_new(Record)
    set_text, set_label, set_spans, set_meta, set_edits = _SETTERS
    set_text(record, text)
    set_label(record, label)
    set_spans(record, spans)
    set_meta(record, meta)
    set_edits(record, edits)
    return record


_object_new = object.__new__


class _NotSpans(TypeError):
    """Spans that are no :class:`Span` objects with int offsets."""


def _as_span(span: Any) -> Span:
    """``span`` as a :class:`Span` with int offsets: a plain tuple or list is read as one,
    and whole-number offsets of other types (numpy's) become ints."""
    if not isinstance(span, tuple | list):
        raise TypeError(f"Record.spans must hold Span objects, not {type(span).__name__}")
    span = span if isinstance(span, Span) else Span(*span)
    try:
        return span._replace(start=operator.index(span.start), end=operator.index(span.end))
    except TypeError:
        raise TypeError(
            f"entity {span.entity!r}: offsets must be ints, got {span.start!r}, {span.end!r}"
        ) from None


def check_spans(text: str, spans: Sequence[Span]) -> None:
    """Raise :class:`SpanError` unless spans are non-empty, in range, sorted and disjoint,
    and a TypeError unless they are :class:`Span` objects with int offsets (checked in the
    same loop: this runs for every record made, tens of thousands a second in templates)."""
    previous: Span | None = None
    for span in spans:
        if type(span) is not Span or type(span.start) is not int or type(span.end) is not int:
            raise _NotSpans(f"spans must be Span objects with int offsets, got {span!r}")
        if not 0 <= span.start < span.end <= len(text):
            problem = (
                "is empty"
                if span.start == span.end
                else "ends before it starts"
                if span.end < span.start
                else f"lies outside the text of length {len(text)}"
            )
            raise SpanError(f"entity {span.entity!r} at [{span.start}, {span.end}) {problem}")
        if previous is not None and span.start < previous.end:
            where = f"entity {span.entity!r} at [{span.start}, {span.end})"
            if span.start < previous.start:
                raise SpanError(
                    f"{where} comes before entity {previous.entity!r} at "
                    f"[{previous.start}, {previous.end}): spans must be sorted by start"
                )
            raise SpanError(
                f"{where} overlaps entity {previous.entity!r} at [{previous.start}, {previous.end})"
            )
        previous = span


def apply_edits(
    text: str, spans: Sequence[Span], edits: Iterable[Edit]
) -> tuple[str, tuple[Span, ...], tuple[Edit, ...]]:
    """Splice non-overlapping ``edits`` into ``text`` and move ``spans`` to match.

    Returns the new text, the new spans and the edits in replay order (right to
    left, so each one's offsets stay valid after the ones before it). Spans
    before an edit stay, spans after it shift; an insertion at a span's start
    goes before the span. An edit inside a span needs ``in_span``; an edit that
    straddles a span boundary, or would empty a span, raises :class:`SpanError`.

    >>> edits = [Edit(0, 4, "reserve")]
    >>> text, spans, _ = apply_edits("book a flight", [Span(7, 13, "item")], edits)
    >>> text, [(s.start, s.end) for s in spans]
    ('reserve a flight', [(10, 16)])
    """
    ordered = sorted(edits, key=_BY_POSITION)
    if not ordered:
        return text, tuple(spans), ()
    if len(ordered) == 1:  # the common case, spliced without the loop
        edit = ordered[0]
        _check_edit(edit, 0, len(text))
        new_text = text[: edit.start] + edit.text + text[edit.end :]
        delta = len(edit.text) - (edit.end - edit.start)
    else:
        pieces: list[str] = []
        cursor = 0
        for edit in ordered:
            _check_edit(edit, cursor, len(text))
            pieces.append(text[cursor : edit.start])
            pieces.append(edit.text)
            cursor = edit.end
        pieces.append(text[cursor:])
        new_text = "".join(pieces)
        delta = sum(len(e.text) - (e.end - e.start) for e in ordered)
    if not spans:
        return new_text, (), tuple(reversed(ordered))
    first = ordered[0].start
    last = ordered[-1].end
    move = _EditIndex(ordered).move if len(ordered) >= _INDEX_EDITS else None
    new_spans = tuple([
        span if span.end <= first  # before every edit: unchanged
        else _new(Span, (span.start + delta, span.end + delta, *span[2:]))
        if span.start >= last  # after every edit: shifted by all of them
        else _move_span(span, ordered) if move is None
        else move(span)
        for span in spans
    ])  # fmt: skip
    return new_text, new_spans, tuple(reversed(ordered))


def _check_edit(edit: Edit, cursor: int, size: int) -> None:
    """Raise :class:`SpanError` unless ``edit`` starts at or after ``cursor`` and fits."""
    if edit.start < cursor or edit.end < edit.start or edit.end > size:
        raise SpanError(
            f"edit [{edit.start}, {edit.end}) overlaps another edit or lies outside "
            f"the text of length {size}"
        )


_BY_POSITION = itemgetter(0, 1)
_new = tuple.__new__  # a named tuple's own __new__ is a Python function


#: Edit count from which each span finds the edits around it by bisection: scanning
#: every edit for every span is quadratic in long texts.
_INDEX_EDITS = 8


class _EditIndex:
    """Sorted, disjoint edits with their ends, starts and running shifts, so that each
    span finds the few edits that meet it by bisection."""

    __slots__ = ("_edits", "_ends", "_shifts", "_starts")

    def __init__(self, ordered: Sequence[Edit]) -> None:
        self._edits = ordered
        self._ends = [e.end for e in ordered]  # sorted too, as the edits are disjoint
        self._starts = [e.start for e in ordered]
        self._shifts = list(accumulate((e.delta for e in ordered), initial=0))

    def move(self, span: Span) -> Span:
        """What :func:`_move_span` gives, asking only the edits that meet ``span``."""
        before = bisect_right(self._ends, span.start)  # the edits before it: a prefix
        stop = bisect_left(self._starts, span.end, before)  # the first edit after it
        return _move_span(span, self._edits[before:stop], self._shifts[before])


def _move_span(span: Span, ordered: Sequence[Edit], shift: int = 0) -> Span:
    """Where ``span`` lands after the sorted, disjoint ``ordered`` edits (and ``shift``
    more characters from edits before it)."""
    grow = 0
    for edit in ordered:
        if edit.start == edit.end:  # an insertion: at the start goes before the span
            before = edit.start <= span.start
            after = edit.start >= span.end
        else:
            before = edit.end <= span.start
            after = edit.start >= span.end
        if before:
            shift += edit.delta
            continue
        if after:
            break
        if not (span.start <= edit.start and edit.end <= span.end):
            raise SpanError(
                f"edit [{edit.start}, {edit.end}) ({edit.op or 'unnamed'}) straddles the "
                f"boundary of entity {span.entity!r} at [{span.start}, {span.end})"
            )
        if not edit.in_span:
            raise SpanError(
                f"edit [{edit.start}, {edit.end}) ({edit.op or 'unnamed'}) would change the "
                f"protected entity {span.entity!r} at [{span.start}, {span.end})"
            )
        grow += edit.delta
    if span.end + grow <= span.start:
        raise SpanError(
            f"edits would empty the entity {span.entity!r} at [{span.start}, {span.end})"
        )
    if shift == 0 and grow == 0:
        return span
    return Span(span.start + shift, span.end + shift + grow, *span[2:])


def replay(text: str, edits: Iterable[Edit]) -> str:
    """Apply edits one by one in the order :attr:`Record.edits` stores them.

    >>> r = Record("book a flight").apply([Edit(0, 4, "reserve"), Edit(7, 13, "seat")])
    >>> replay("book a flight", r.edits) == r.text
    True
    """
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def as_record(item: Record | str) -> Record:
    """Accept a plain string wherever a record is expected."""
    if isinstance(item, Record):
        return item
    if isinstance(item, str):
        return Record(item)
    raise TypeError(f"expected a Record or str, got {type(item).__name__}")
