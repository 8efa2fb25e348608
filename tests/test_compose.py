"""Combinators, and how a refusal no retry can change stops the retries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textaug import Record, Span, load_recipe
from textaug.augmenter import ATTEMPTS_PER_VARIANT, Augmenter, Context
from textaug.compose import OneOf, Pipeline, Sometimes
from textaug.errors import ConfigError
from textaug.noise import CaseNoise, KeyboardTypos, PunctuationNoise
from textaug.registry import from_config
from textaug.structural import PunctuationInsertion, RandomDeletion, RandomInsertion, RandomSwap

SWAP_REASON = "random_swap: fewer than 2 movable words"


def _tally(augmenter: Augmenter, record: Record, n: int) -> tuple[list[Record], Counter[str]]:
    ctx = Context.for_record(3, 0)
    found = augmenter.variants(record, n, ctx)
    return found, ctx.tally


def test_pipeline_applies_steps_in_order_and_records_each_operation() -> None:
    pipeline = Pipeline(steps=(RandomSwap(rate=0.5), PunctuationInsertion(rate=0.5)))
    variant = pipeline.augment("book a cheap flight to rome now", seed=2)[0]
    assert [op for op in variant.ops if op != "random_swap"] == ["punctuation_insertion"] * (
        len(variant.ops) - variant.ops.count("random_swap")
    )
    assert "random_swap" in variant.ops and "punctuation_insertion" in variant.ops


def test_pipeline_skips_a_step_that_cannot_change_the_text() -> None:
    # one word: swapping is impossible, inserting a mark after it is not
    record = Record("Paris please", spans=(Span(0, 5, "city"),))
    found = Pipeline(steps=(RandomSwap(), PunctuationInsertion())).augment(record, n=1)
    assert found and found[0].ops == ("punctuation_insertion",)


def test_one_of_never_draws_a_choice_of_weight_zero() -> None:
    one_of = OneOf(choices=(RandomSwap(), RandomDeletion()), weights=(0.0, 1.0))
    for index in range(30):
        for variant in one_of.augment("book a cheap flight to rome", n=2, index=index):
            assert set(variant.ops) == {"random_deletion"}


@pytest.mark.parametrize(("p", "changes"), [(0.0, False), (1.0, True)])
def test_sometimes_follows_its_probability(p: float, changes: bool) -> None:
    found = Sometimes(augmenter=RandomSwap(), p=p).augment("book a cheap flight", n=1, seed=4)
    assert bool(found) is changes


# -- giving up --------------------------------------------------------------------


def test_a_record_no_retry_can_change_is_tried_once_and_counted_once() -> None:
    found, tally = _tally(RandomSwap(), Record("hi"), 3)
    assert found == []
    assert tally == {SWAP_REASON: 1}  # not once per attempt (it was 12)


def test_one_of_gives_up_only_when_every_drawable_choice_has() -> None:
    one_of = OneOf(choices=(RandomSwap(), RandomDeletion(), PunctuationInsertion()))
    found, tally = _tally(one_of, Record("hi"), 3)
    assert found == []
    assert tally == {  # each once, however often the choice was drawn before the last gave up
        SWAP_REASON: 1,
        "random_deletion: no deletable word (one word left, or all protected)": 1,
        "punctuation_insertion: no place between words to insert a mark": 1,
    }


def test_one_of_keeps_trying_while_another_choice_can_still_change_the_record() -> None:
    # swap gives up on two words of which one is an entity; punctuation insertion works
    record = Record("fly Paris", spans=(Span(4, 9, "city"),))
    one_of = OneOf(choices=(RandomSwap(), PunctuationInsertion()), weights=(0.7, 0.3))
    recovered = 0
    for index in range(30):
        ctx = Context.for_record(0, index)
        found = one_of.variants(record, 1, ctx)
        assert not found or found[0].ops == ("punctuation_insertion",)
        recovered += bool(found) and ctx.tally[SWAP_REASON] == 1
    assert recovered > 0  # swap gave up first, yet the call went on and succeeded


@dataclass(frozen=True)
class _Counted(Augmenter):
    """Counts its calls; refuses every time, giving up if ``hopeless``."""

    hopeless: bool = False
    calls: Counter[str] = field(default_factory=Counter, compare=False)

    def transform(self, record: Record, ctx: Context) -> Record | None:
        self.calls["transform"] += 1
        if self.hopeless:
            ctx.give_up("counted: hopeless")
        else:
            ctx.refuse("counted: maybe next time")
        return None


def test_pipeline_gives_up_only_if_every_step_gave_up_on_the_input() -> None:
    last = _Counted(hopeless=True)
    _, tally = _tally(Pipeline(steps=(RandomSwap(), last)), Record("hi"), 2)
    assert last.calls["transform"] == 1
    assert tally == {SWAP_REASON: 1, "counted: hopeless": 1}
    # a step that may succeed another time keeps the pipeline trying
    last = _Counted(hopeless=False)
    _tally(Pipeline(steps=(RandomSwap(), last)), Record("hi"), 2)
    assert last.calls["transform"] == 2 * ATTEMPTS_PER_VARIANT
    # so does a step skipped by chance, which might apply next time
    last = _Counted(hopeless=True)
    _tally(Pipeline(steps=(RandomSwap(), Sometimes(augmenter=last, p=0.5))), Record("hi"), 2)
    assert last.calls["transform"] == 1  # once drawn, it gave up, and so did the pipeline


class _Patient(Context):
    """A context that never lets a call give up, as before giving up existed."""

    def give_up(self, reason: str) -> None:
        self.refuse(reason)


_WORDS = ["hi", "Paris", "42", "book", "a", "cheap", "flight", "don't", "ok?", "NOW", "re-book"]
_AUGMENTERS = [
    RandomSwap(),
    RandomDeletion(),
    RandomInsertion(),
    PunctuationInsertion(),
    KeyboardTypos(rate=0.5),
    CaseNoise(),
    PunctuationNoise(),
    from_config({"name": "wordnet_synonyms", "rate": 0.3, "min_ops": 0}),
    from_config({"name": "slot_swap", "values": {"city": ["Rome", "Oslo"]}}),
    OneOf(choices=(RandomSwap(), CaseNoise(), RandomDeletion()), weights=(2, 0, 1)),
    Pipeline(steps=(RandomSwap(), Sometimes(augmenter=RandomDeletion(), p=0.5))),
    load_recipe("default"),
    load_recipe("expand"),
]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4),
    city=st.booleans(),
    which=st.integers(0, len(_AUGMENTERS) - 1),
    n=st.integers(1, 3),
    index=st.integers(0, 50),
)
def test_giving_up_never_changes_the_variants(
    words: list[str], city: bool, which: int, n: int, index: int
) -> None:
    text = " ".join(words)
    spans = ()
    if city and "Paris" in words:
        start = text.index("Paris")
        spans = (Span(start, start + 5, "city"),)
    record = Record(text, spans=spans)
    augmenter = _AUGMENTERS[which]
    found = augmenter.variants(record, n, Context.for_record(5, index))
    # the same call with every give-up demoted to a plain refusal: retries run to the end
    assert augmenter.variants(record, n, _Patient.for_record(5, index)) == found


@pytest.mark.parametrize("text", ["cheap", "book a cheap flight", "hi Paris"])
def test_a_refusal_a_new_draw_may_avoid_is_not_giving_up(text: str) -> None:
    # min_ops=0: a budget of zero refuses this draw only; the next may replace a word
    synonyms = from_config({"name": "wordnet_synonyms", "rate": 0.3, "min_ops": 0})
    for index in range(10):
        found = synonyms.variants(Record(text), 2, Context.for_record(5, index))
        assert synonyms.variants(Record(text), 2, _Patient.for_record(5, index)) == found


def test_combinators_require_what_they_combine() -> None:
    with pytest.raises(TypeError):
        Pipeline()  # type: ignore[call-arg]
    with pytest.raises(ConfigError, match="pipeline: missing the required parameter 'steps'"):
        from_config({"name": "pipeline"})
    with pytest.raises(ConfigError, match="one_of: missing the required parameter 'choices'"):
        from_config({"name": "one_of", "weights": [1]})


def test_combinators_take_only_augmenters() -> None:
    from textaug.guards import ProtectEntities

    with pytest.raises(ConfigError, match="protect_entities is not an augmenter"):
        Pipeline(steps=(RandomSwap(), ProtectEntities()))  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="sometimes: augmenter must be an augmenter"):
        Sometimes(augmenter="random_swap")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "bad", [{"n": "2"}, {"n": 2.5}, {"seed": None}, {"seed": 1.5}, {"index": "0"}]
)
def test_augment_refuses_arguments_that_are_no_whole_numbers(bad: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="must be a whole number"):
        RandomSwap().augment("book a table for two", **bad)  # type: ignore[arg-type]
