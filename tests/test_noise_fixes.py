"""Case, punctuation, keyboard and whitespace noise: guards' token vetoes, rates, case of
typed keys, and numbers kept whole by splits and merges."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

import pytest

from textaug.augmenter import Augmenter, Context
from textaug.guards import Guard, KeepFirstLetter
from textaug.noise import CaseNoise, CharEdits, KeyboardTypos, PunctuationNoise, WhitespaceNoise
from textaug.record import Record
from textaug.tokens import NUMBER_WORDS, Token


@dataclass(frozen=True)
class VetoTokens(Guard):
    """A user's guard that only says which tokens may change (no ``allows_change``)."""

    name = "veto_tokens"
    texts: tuple[str, ...] = ()

    def allows_token(self, record: Record, token: Token) -> bool:
        return token.text.lower() not in self.texts


def outputs(augmenter: Augmenter, text: str, seeds: int = 200) -> set[str]:
    return {v.text for seed in range(seeds) for v in augmenter.augment(text, seed=seed)}


# --- guards' token vetoes ------------------------------------------------------------------


@pytest.mark.parametrize("action", ["lower", "upper", "flip"])
def test_case_noise_leaves_a_word_a_guard_vetoes(action: str) -> None:
    model = CaseNoise(rate=1.0, actions=(action,), guards=(VetoTokens(("spotify",)),))
    found = outputs(model, "Open Spotify Now")
    assert found and all(" Spotify " in out for out in found), found


def test_case_noise_tallies_the_veto_of_a_token_guard() -> None:
    model = CaseNoise(actions=("lower",), guards=(VetoTokens(("spotify",)),))
    ctx = Context.for_record(0, 0)
    assert model.transform(Record("Open Spotify Now"), ctx) is not None
    assert ctx.tally["guard veto_tokens"] == 1


def test_punctuation_noise_leaves_words_and_marks_a_guard_vetoes() -> None:
    guard = VetoTokens(("do", "n't", "?"))
    model = PunctuationNoise(rate=1.0, guards=(guard,))
    found = outputs(model, "I don't know, ok?")
    assert found and all(out.startswith("I don't know") and out.endswith("ok?") for out in found)


# --- punctuation rate ----------------------------------------------------------------------


@pytest.mark.parametrize("rate", [0.2, 0.5])
def test_punctuation_noise_changes_about_rate_of_the_marks(rate: float) -> None:
    text = "yes. no. ok. fine. sure. right. good. bad. maybe. never."  # 10 marks
    model = PunctuationNoise(rate=rate)
    shares = []
    for seed in range(400):
        variant = model.transform(Record(text), Context.for_record(seed, 0))
        assert variant is not None
        shares.append(len(variant.edits) / 10)
    assert abs(mean(shares) - rate) < 0.05, mean(shares)


def test_punctuation_noise_counts_a_word_with_an_apostrophe_as_one_site() -> None:
    text = "don't go. can't stay. won't wait."  # 3 words, 3 marks
    model = PunctuationNoise(rate=0.5, guards=())
    counts = [
        len(variant.edits)
        for seed in range(400)
        if (variant := model.transform(Record(text), Context.for_record(seed, 0)))
    ]
    assert abs(mean(counts) - 3) < 0.3, mean(counts)


# --- case of typed keys --------------------------------------------------------------------


@pytest.mark.parametrize("word", ["Find", "Boston", "Flight"])
def test_keyboard_typos_never_put_a_capital_inside_a_lower_case_word(word: str) -> None:
    found = outputs(KeyboardTypos(rate=1.0, guards=(KeepFirstLetter(),)), word, seeds=300)
    assert len(found) > 10
    assert all(out[1:].islower() for out in found), sorted(o for o in found if not o[1:].islower())


def test_keyboard_typos_type_capitals_inside_a_capitalised_word() -> None:
    found = outputs(KeyboardTypos(rate=1.0, guards=()), "FLIGHT", seeds=300)
    assert len(found) > 10 and all(out.isupper() for out in found)


def test_char_edits_case_a_letter_of_the_word_like_its_neighbours() -> None:
    model = CharEdits(rate=1.0, actions=("insert", "substitute"), guards=(KeepFirstLetter(),))
    found = outputs(model, "Αθήνα", seeds=300)  # new letters come from the word, "Α" too
    assert len(found) > 5
    # a capital only before the first letter (it sits beside that capital alone)
    assert all(out[2:].islower() and (out[1].islower() or out[1] == "Α") for out in found), found


# --- numbers in whitespace noise -----------------------------------------------------------


@pytest.mark.parametrize("word", ["gluten", "often", "alone", "kitten", "listen"])
def test_whitespace_split_never_makes_a_number_word(word: str) -> None:
    for out in outputs(WhitespaceNoise(rate=1.0, actions=("split",)), word, seeds=300):
        assert not any(part.lower() in NUMBER_WORDS for part in out.split()), out


@pytest.mark.parametrize(
    ("text", "whole"),
    [("meet at 7 pm tomorrow", "7 pm tomorrow"), ("buy 5 kg rice today", "5 kg rice"),
     ("wait 10 min please", "10 min please"), ("meet at seven pm tomorrow", "seven pm tomorrow")],
)  # fmt: skip
def test_whitespace_merge_never_joins_the_word_after_a_number(text: str, whole: str) -> None:
    for out in outputs(WhitespaceNoise(rate=1.0, actions=("merge",)), text):
        assert whole in out, out


def test_without_protect_numbers_a_merge_may_join_a_unit() -> None:
    found = outputs(WhitespaceNoise(rate=1.0, actions=("merge",), guards=()), "at 7 pm tomorrow")
    assert "at 7 pmtomorrow" in found  # the guard is what stops it
