"""TokenScreen caches local guards' verdicts per chunk; it must answer exactly as asking
every guard about every token in turn would, tallies included."""

from __future__ import annotations

import pickle
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textaug.augmenter import Context
from textaug.guards import (
    Guard,
    MinWordLength,
    ProtectEntities,
    ProtectNegations,
    ProtectNumbers,
    ProtectWords,
    check_token,
)
from textaug.record import Record, Span
from textaug.screening import TokenScreen
from textaug.tokens import Kind, Token, tokenize

_WORDS = ["not", "cannot", "didn't", "book", "Book", "to", "a", "flight", "8pm", "42", "cancel",
          "Boston", "naïve", "e\u0301te", "😀", "re-book", "(hi)", "ok?!", "мир",
          "HTTPS://X.COM/AB", "GOOGLE.COM", "Mr.Smith"]  # fmt: skip
_text = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", " ", "  ", ", ", "\t", "\n"])),
    min_size=1,
    max_size=10,
).map(lambda pairs: "".join(w + sep for w, sep in pairs).rstrip())


@st.composite
def _records(draw: st.DrawFn) -> Record:
    text = draw(_text)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    spans = [Span(s, e, "ent") for s, e in zip(cuts[::2], cuts[1::2], strict=False) if s < e]
    return Record(text, draw(st.sampled_from(["cancel", "book"])), tuple(spans))


#: Local guards around record-level ones (entities, label words), so the order matters.
_GUARDS: tuple[Guard, ...] = (
    MinWordLength(3),
    ProtectEntities(),
    ProtectNegations(),
    ProtectWords(by_label={"cancel": ["cancel", "book"]}),
    ProtectNumbers(),
)


#: Only local guards and entities: the screen's fast paths (cached verdicts, chunks
#: wholly inside an entity) answer for these.
_LOCAL_GUARDS: tuple[Guard, ...] = (MinWordLength(3), ProtectEntities(), ProtectNegations())
_GUARD_SETS = [_GUARDS, _LOCAL_GUARDS, (ProtectNumbers(), MinWordLength(4))]


def _one_by_one(guards: tuple[Guard, ...], record: Record) -> tuple[list[Token], Counter[str]]:
    ctx = Context.for_record(0, 0)
    allowed = []
    for token in tokenize(record.text):
        if token.kind != Kind.WORD:
            continue
        overlapping = [s for s in record.spans if token.start < s.end and s.start < token.end]
        if overlapping and not (
            overlapping[0].start <= token.start and token.end <= overlapping[0].end
        ):
            continue  # straddles an entity boundary
        if check_token(guards, record, token, ctx):
            allowed.append(token)
    return allowed, ctx.tally


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(_records(), min_size=1, max_size=4), which=st.sampled_from([0, 1, 2]))
def test_screen_answers_as_asking_every_guard_in_turn(records: list[Record], which: int) -> None:
    guards = _GUARD_SETS[which]
    screen = TokenScreen(guards)  # shared across records: later ones hit the cache
    for record in records:
        ctx = Context.for_record(0, 0)
        assert (screen.allowed(record, ctx), ctx.tally) == _one_by_one(guards, record)


def test_screen_vetoes_by_the_first_guard_in_order() -> None:
    record = Record("cancel it not 42 flights", "cancel", (Span(17, 24, "thing"),))
    ctx = Context.for_record(0, 0)
    allowed = TokenScreen(_GUARDS).allowed(record, ctx)
    assert allowed == []
    assert ctx.tally == {
        "guard protect_words": 1,  # cancel: a label word for this intent
        "guard min_word_length": 1,  # it
        "guard protect_negations": 1,  # not
        "guard protect_entities": 1,  # flights
    }


def test_screen_pickles_without_its_cache() -> None:
    screen = TokenScreen(_GUARDS)
    screen.allowed(Record("book a flight"), Context.for_record(0, 0))
    copy = pickle.loads(pickle.dumps(screen))
    assert copy._verdicts == {}
    assert copy.allowed(Record("book a flight"), Context.for_record(0, 0))[0].text == "book"
