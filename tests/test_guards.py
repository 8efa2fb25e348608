"""Meaning guards: each veto on real words, configs round-trip, vetoes are tallied."""

from __future__ import annotations

import pytest
from conftest import token

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.guards import (
    KeepFirstLetter,
    LabelCheck,
    MaxEditsPerWord,
    MinWordLength,
    NotARealWord,
    ProtectEntities,
    ProtectNames,
    ProtectNegations,
    ProtectNumbers,
    ProtectWords,
    Recoverable,
    check_change,
    check_record,
    check_token,
    default_noise_guards,
    edit_distance,
    is_real_word,
    same_letters,
)
from textaug.noise import KeyboardTypos
from textaug.record import Record, Span
from textaug.registry import from_config, to_config
from textaug.tokens import Kind, Token, tokenize, words_of

RECORD = Record("Please fill in the form, I cannot fly to Boston", "book", (Span(41, 47, "city"),))


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("flight", "fligth", 1), ("flight", "flight", 0), ("book", "bok", 1), ("m", "rn", 2),
     ("", "abc", 3), ("kitten", "sitting", 3), ("ca", "abc", 3), ("form", "from", 1)],
)  # fmt: skip
def test_edit_distance_counts_transpositions_as_one(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_not_a_real_word_vetoes_typos_that_spell_other_words() -> None:
    guard = NotARealWord()
    rec = Record("I do not know the form")
    assert not guard.allows_change(rec, token(rec, "not"), "now")
    assert not guard.allows_change(rec, token(rec, "form"), "from")
    assert not guard.allows_change(rec, token(rec, "know"), "knot")
    assert guard.allows_change(rec, token(rec, "form"), "fotm")
    assert guard.allows_change(rec, token(rec, "know"), "KNOW")


def test_not_a_real_word_vetoes_a_split_into_two_real_words() -> None:
    rec = Record("inform me")
    guard = NotARealWord()
    assert not guard.allows_change(rec, token(rec, "inform"), "in form")
    assert guard.allows_change(rec, token(rec, "inform"), "inf orm")


def test_not_a_real_word_accepts_extra_domain_words_as_real() -> None:
    rec = Record("book the flight")
    assert NotARealWord().allows_change(rec, token(rec, "flight"), "flyght")
    assert not NotARealWord(("flyght",)).allows_change(rec, token(rec, "flight"), "flyght")


def test_not_a_real_word_vetoes_a_dropped_apostrophe_that_makes_another_word() -> None:
    rec = Record("we're sure it's fine, don't worry, that's all, I'm in, Not now")
    word = {w.text: Token(w.start, w.end, w.text, 0) for w in words_of(rec.text)}
    guard = NotARealWord()
    assert not guard.allows_change(rec, word["we're"], "were")
    assert not guard.allows_change(rec, word["it's"], "its")
    assert guard.allows_change(rec, word["don't"], "dont")  # the same negation
    assert guard.allows_change(rec, word["that's"], "thats")  # no word, for all web text has it
    assert guard.allows_change(rec, word["I'm"], "Im")
    assert guard.allows_change(rec, word["Not"], "NOT")  # case only


def test_real_words_on_the_misspelling_list_are_real() -> None:
    assert is_real_word("tho") and is_real_word("calender")  # lexicon words
    assert not is_real_word("untill") and not is_real_word("prefered")  # web-text misspellings
    rec = Record("the calendar")
    assert not NotARealWord().allows_change(rec, token(rec, "the"), "tho")
    assert NotARealWord().allows_change(rec, token(rec, "calendar"), "calender")  # listed for it


def test_real_words_include_inflections_stopwords_and_frequency_lemmas() -> None:
    assert is_real_word("for") and is_real_word("flights") and is_real_word("Now,")
    assert not is_real_word("fligth") and not is_real_word("fro")


def test_same_letters_ignores_case_and_apostrophes() -> None:
    assert same_letters("don't", "dont")
    assert same_letters("Boston", "boston")
    assert not same_letters("not", "now")


def test_min_word_length_protects_short_words() -> None:
    rec = Record("go to Rome")
    guard = MinWordLength(3)
    assert not guard.allows_token(rec, token(rec, "to"))
    assert guard.allows_token(rec, token(rec, "Rome"))
    with pytest.raises(ConfigError):
        MinWordLength(-1)


def test_keep_first_letter_and_optionally_the_last() -> None:
    rec = Record("book a flight")
    tok = token(rec, "flight")
    assert KeepFirstLetter().allows_change(rec, tok, "flihgt")
    assert not KeepFirstLetter().allows_change(rec, tok, "glight")
    assert KeepFirstLetter().allows_change(rec, tok, "Flighr")
    assert not KeepFirstLetter(keep_last=True).allows_change(rec, tok, "flighr")


def test_max_edits_per_word_bounds_the_damerau_levenshtein_distance() -> None:
    rec = Record("book a flight")
    tok = token(rec, "flight")
    assert MaxEditsPerWord(1).allows_change(rec, tok, "fligth")
    assert not MaxEditsPerWord(1).allows_change(rec, tok, "fligt h")
    assert MaxEditsPerWord(2).allows_change(rec, tok, "flgiht")
    assert not MaxEditsPerWord(2).allows_change(rec, tok, "fgliht x")
    with pytest.raises(ConfigError):
        MaxEditsPerWord(0)


def test_recoverable_vetoes_a_typo_closer_to_a_more_frequent_word() -> None:
    rec = Record("the cat and the flight")
    guard = Recoverable()
    assert guard.allows_change(rec, token(rec, "flight"), "fligt")
    assert not guard.allows_change(rec, token(rec, "cat"), "cst")  # "cost" is as close


def test_protect_negations_covers_glued_and_curly_forms() -> None:
    rec = Record("I cannot go, we didn’t pay and they don't care")
    guard = ProtectNegations()
    for word in ("can", "not", "did", "n’t", "do", "n't"):
        assert not guard.allows_token(rec, token(rec, word)), word
    assert guard.allows_token(rec, token(rec, "pay"))
    assert guard.allows_change(rec, token(rec, "n't"), "nt")  # letters kept: "dont"


def test_protect_entities_vetoes_tokens_and_changes_inside_spans() -> None:
    tok = token(RECORD, "Boston")
    assert not ProtectEntities().allows_token(RECORD, tok)
    assert not ProtectEntities().allows_change(RECORD, tok, "boston")
    assert ProtectEntities().allows_token(RECORD, token(RECORD, "fly"))


@pytest.mark.parametrize(
    ("text", "word", "allowed"),
    [
        ("Add it to my Evening Commute playlist", "Evening", False),
        ("turn on Last Fm", "Last", False),
        ('play "Quiet Nights" now', "Quiet", False),
        ("will it rain at seven Pm", "Pm", False),
        ("Add it to my playlist", "Add", True),  # the first word
        ("I need a table. Great food is a must", "Great", True),  # a new sentence
        ("Note:\nGreat food", "Great", True),  # a new line
        ("Book A Table At A Quiet Restaurant", "Quiet", True),  # Title Case says nothing
        ("BOOK A QUIET TABLE", "QUIET", True),  # nor do capitals throughout
        ("add it to my evening playlist", "evening", True),
    ],
)
def test_protect_names_keeps_capitalised_words_inside_a_sentence(
    text: str, word: str, allowed: bool
) -> None:
    record = Record(text)
    assert ProtectNames().allows_token(record, token(record, word)) is allowed
    assert ProtectNames().allows_change(record, token(record, word), "x") is allowed


def test_protect_numbers_and_words_by_label() -> None:
    rec = Record("cancel flight UA123 at 8pm for 2 people", "cancel_order")
    assert not ProtectNumbers().allows_token(rec, token(rec, "UA123"))
    assert not ProtectNumbers().allows_token(rec, token(rec, "2"))
    guard = ProtectWords(by_label={"cancel_order": ["cancel"]})
    assert not guard.allows_token(rec, token(rec, "cancel"))
    assert guard.allows_token(Record("cancel it", "other"), token(Record("cancel it"), "cancel"))


@pytest.mark.parametrize(
    "text",
    ["try HTTPS://EXAMPLE.COM/ABC today", "open WWW.EXAMPLE.COM today", "visit GOOGLE.COM today",
     "see Example.Org/Docs?X=ABC today", "mail Bob.Smith@Gmail.Com today"],
)  # fmt: skip
def test_protect_numbers_protects_urls_and_emails_in_capitals(text: str) -> None:
    rec = Record(text)
    words = [t for t in tokenize(text) if t.kind == Kind.WORD]
    allowed = [t.text for t in words if ProtectNumbers().allows_token(rec, t)]
    assert allowed == [text.split()[0], "today"]


def test_keyboard_typos_leave_a_url_in_capitals_alone() -> None:
    text = "try HTTPS://EXAMPLE.COM/ABC today"
    for seed in range(100):
        for variant in KeyboardTypos(rate=1.0).augment(text, seed=seed):
            assert "HTTPS://EXAMPLE.COM/ABC" in variant.text, variant.text


def test_check_helpers_tally_the_first_veto_by_guard_name() -> None:
    ctx = Context.for_record(0, 0)
    guards = default_noise_guards()
    assert not check_token(guards, RECORD, token(RECORD, "Boston"), ctx)
    assert not check_token(guards, RECORD, token(RECORD, "not"), ctx)
    assert not check_change(guards, RECORD, token(RECORD, "form"), "from", ctx)
    assert check_change(guards, RECORD, token(RECORD, "form"), "fotm", ctx)
    assert ctx.tally == {
        "guard protect_entities": 1,
        "guard protect_negations": 1,
        "guard not_a_real_word": 1,
    }


def test_guards_work_for_word_replacement_too() -> None:
    """A synonym augmenter asks the same guards: entities vetoed, plain words allowed."""
    ctx = Context.for_record(0, 0)
    guards = (ProtectEntities(), ProtectNegations(), MinWordLength(3))
    assert check_change(guards, RECORD, token(RECORD, "fill"), "complete", ctx)
    assert not check_change(guards, RECORD, token(RECORD, "Boston"), "Chicago", ctx)


def test_label_check_vetoes_records_and_is_python_only() -> None:
    keeps_label = LabelCheck(lambda before, after: "flight" in after.text)
    ctx = Context.for_record(0, 0)
    before = Record("book a flight")
    assert check_record((keeps_label,), before, Record("book a flihgt"), ctx) is False
    assert check_record((keeps_label,), before, Record("bok a flight"), ctx) is True
    assert ctx.tally == {"guard label_check": 1}
    assert to_config(keeps_label) == {"name": "label_check"}
    from_recipe = from_config({"name": "label_check"})
    with pytest.raises(ConfigError, match="Python-API only"):
        check_record((from_recipe,), before, Record("bok a flight"), ctx)


def test_default_noise_guards_round_trip_through_config() -> None:
    for guard in default_noise_guards():
        assert from_config(to_config(guard)) == guard
    custom = MaxEditsPerWord(1)
    assert to_config(custom) == {"name": "max_edits_per_word", "max_edits": 1}
