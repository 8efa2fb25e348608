"""Guards judge links, words with digits and negations by their whole whitespace chunk,
and protected phrases by their occurrences: pieces spaCy splits off stay protected."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import token

from textaug.augmenter import Augmenter, Context
from textaug.guards import (
    MinWordLength,
    ProtectEntities,
    ProtectNegations,
    ProtectNumbers,
    ProtectWords,
    check_token,
    default_noise_guards,
)
from textaug.noise import CharEdits, KeyboardTypos, PunctuationNoise, WhitespaceNoise
from textaug.protect import editable_words, is_negation, protected_ranges
from textaug.record import Record, Span
from textaug.screening import TokenScreen
from textaug.structural import RandomDeletion, RandomSwap
from textaug.tokens import Kind, tokenize


def outputs(augmenter: Augmenter, text: str, seeds: int = 60) -> list[str]:
    return [v.text for seed in range(seeds) for v in augmenter.augment(text, seed=seed)]


# --- bug 1: links spaCy does not tag as URL or email ----------------------------------------


@pytest.mark.parametrize(
    ("text", "link"),
    [("write to mailto:anna@mail.org today", "mailto:anna@mail.org"),
     ("open http://127.0.0.1/login now", "http://127.0.0.1/login"),
     ("see http://localhost:8000/dashboard now", "http://localhost:8000/dashboard"),
     ("open file:///home/user/notes now", "file:///home/user/notes")],
)  # fmt: skip
def test_keyboard_typos_leave_lowercase_links_whole(text: str, link: str) -> None:
    for out in outputs(KeyboardTypos(rate=1.0), text):
        assert link in out, out


@pytest.mark.parametrize(
    "link", ["mailto:anna@mail.org", "kayak.com's", "file:///home/notes", "WWW.KAYAK.COM"]
)
def test_protect_numbers_vetoes_every_word_piece_of_a_link(link: str) -> None:
    rec = Record(f"try {link} today")
    pieces = [t for t in tokenize(rec.text) if t.kind == Kind.WORD][1:-1]
    assert pieces
    assert not any(ProtectNumbers().allows_token(rec, t) for t in pieces)
    assert ProtectNumbers().allows_token(rec, token(rec, "today"))


def test_random_deletion_never_deletes_a_link_spacy_calls_a_word() -> None:
    text = "send it to mailto:anna@mail.org tonight"
    assert "mailto:anna@mail.org" not in [w.text for w in editable_words(Record(text))[1]]
    for out in outputs(RandomDeletion(rate=1.0), text):
        assert "mailto:anna@mail.org" in out, out


def test_punctuation_noise_keeps_the_apostrophe_of_a_domain() -> None:
    for out in outputs(PunctuationNoise(rate=1.0), "check kayak.com's deals today!"):
        assert "kayak.com's" in out, out


def test_sentence_dots_and_abbreviations_are_no_links() -> None:
    rec = Record("e.g. ok...so fine")
    assert ProtectNumbers().allows_token(rec, token(rec, "fine"))
    assert "fine" in [w.text for w in editable_words(rec)[1]]


# --- bug 2: words with digits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "piece"),
    [("book the 5-star hotel", "star"), ("a 2-night stay", "night"),
     ("a 3-bedroom flat", "bedroom"), ("a 1st-class seat", "class"), ("wake me at 7pm", "pm")],
)  # fmt: skip
def test_protect_numbers_vetoes_the_letters_of_a_word_with_digits(text: str, piece: str) -> None:
    rec = Record(text)
    assert not ProtectNumbers().allows_token(rec, token(rec, piece))


def test_keyboard_typos_leave_words_with_digits_whole() -> None:
    for out in outputs(KeyboardTypos(rate=1.0), "book the 5-star hotel for 2-night stays"):
        assert "5-star" in out and "2-night" in out, out


def test_whitespace_noise_never_joins_a_word_with_digits_to_its_neighbour() -> None:
    for out in outputs(WhitespaceNoise(rate=1.0), "wake me at 7pm tomorrow", seeds=200):
        assert "7pm" in out.split(), out


# --- bug 3: negations without an apostrophe, curly apostrophes ---------------------------------


@pytest.mark.parametrize(
    ("text", "pieces"),
    [("i didnt like it", ("did", "nt")), ("it wasnt working", ("was", "nt")),
     ("i arent going", ("are", "nt")), ("we cant, sorry", ("ca", "nt"))],
)  # fmt: skip
def test_protect_negations_covers_negations_typed_without_apostrophe(
    text: str, pieces: tuple[str, ...]
) -> None:
    rec = Record(text)
    assert [t.text for t in tokenize(text) if t.text in pieces] == list(pieces)
    for piece in pieces:
        assert not ProtectNegations().allows_token(rec, token(rec, piece)), piece


@pytest.mark.parametrize(
    ("model", "text", "negation"),
    [(CharEdits(rate=1.0), "i didnt like it", "didnt"),
     (KeyboardTypos(rate=1.0), "it wasnt working", "wasnt"),
     (CharEdits(rate=1.0), "i arent going", "arent")],
)  # fmt: skip
def test_noise_keeps_negations_typed_without_apostrophe(
    model: Augmenter, text: str, negation: str
) -> None:
    for out in outputs(model, text, seeds=300):
        assert negation in out.lower().split(), out


def test_protect_words_matches_straight_and_curly_apostrophes_alike() -> None:
    guard = ProtectWords(words=("don't",))
    for text in ("I don’t care", "I don't care"):
        rec = Record(text)
        assert [t.text for t in tokenize(text) if not guard.allows_token(rec, t)] == [
            "do",
            text[4:7],
        ]
    assert is_negation("don’t") and is_negation("DIDN’T")


# --- bug 4: a split that makes a negation -------------------------------------------------------


def test_protect_negations_vetoes_a_split_that_makes_a_negation() -> None:
    rec = Record("find a casino")
    casino = token(rec, "casino")
    assert not ProtectNegations().allows_change(rec, casino, "casi no")
    assert ProtectNegations().allows_change(rec, casino, "cas ino")


@pytest.mark.parametrize("text", ["find a casino near me", "nowadays flights are late"])
def test_whitespace_split_never_makes_a_standalone_negation(text: str) -> None:
    for out in outputs(WhitespaceNoise(rate=1.0), text, seeds=300):
        assert not any(is_negation(w) for w in out.split()), out


# --- bug 5: protected phrases -------------------------------------------------------------------


def test_protected_ranges_find_phrases_in_any_case_on_word_boundaries() -> None:
    text = "Apple Music, apple  music and pineapple music; E-MAIL me"
    assert protected_ranges(text, ("apple music", "e-mail")) == ((0, 11), (13, 25), (47, 53))


def test_protect_words_protects_every_token_of_a_phrase() -> None:
    guards = (*default_noise_guards(), ProtectWords(words=("apple music", "e-mail")))
    model = KeyboardTypos(rate=1.0, guards=guards)
    for out in outputs(model, "cancel my Apple Music plan"):
        assert "Apple Music" in out, out
    for out in outputs(model, "please e-mail the receipt"):
        assert "e-mail" in out, out


def test_protect_words_by_label_protects_phrases_of_that_label_only() -> None:
    guard = ProtectWords(by_label={"cancel": ["apple music"]})
    rec = Record("stop apple music now", "cancel")
    assert not guard.allows_token(rec, token(rec, "music"))
    other = Record("stop apple music now", "play")
    assert guard.allows_token(other, token(other, "music"))


def test_whitespace_merge_never_joins_a_protected_phrase() -> None:
    guards = (*default_noise_guards(), ProtectWords(words=("apple music",)))
    model = WhitespaceNoise(rate=1.0, actions=("merge",), guards=guards)
    for out in outputs(model, "cancel my apple music plan", seeds=100):
        assert "apple music" in out, out


# --- the per-chunk cache stays exact -------------------------------------------------------------


def test_screen_answers_for_chunk_judged_guards_as_asking_each_token() -> None:
    text = ("book 5-star hotels, i didnt pay, mailto:anna@mail.org or KAYAK.COM's e-mail "
            "apple music didnt 7pm now")  # fmt: skip
    guards = (MinWordLength(2), ProtectEntities(), ProtectNegations(), ProtectNumbers(),
              ProtectWords(words=("apple music",)))  # fmt: skip
    record = Record(text, "x", (Span(0, 4, "verb"),))
    screen = TokenScreen(guards)
    for _ in range(2):  # the second pass answers from the cache
        ctx = Context.for_record(0, 0)
        allowed = [t.text for t in screen.allowed(record, ctx)]
        one_ctx = Context.for_record(0, 0)
        expected = [
            t.text
            for t in tokenize(text)
            if t.kind == Kind.WORD and check_token(guards, record, t, one_ctx)
        ]
        assert allowed == expected
        assert Counter(ctx.tally) == Counter(one_ctx.tally)
    assert allowed == ["hotels", "pay", "or", "mail", "now"]


def test_random_swap_keeps_a_link_in_capitals_or_not_in_place() -> None:
    for out in outputs(RandomSwap(rate=1.0), "email mailto:anna@mail.org tonight please"):
        assert out.split()[1] == "mailto:anna@mail.org", out
