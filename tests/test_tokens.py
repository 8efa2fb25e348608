"""The tokenizer's fast path gives exactly spaCy's tokens."""

from __future__ import annotations

import json

import pytest
import spacy
from conftest import CORPUS, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from textaug.tokens import (
    NUMBER_WORDS,
    Kind,
    special_case_table,
    tokenize,
    words,
    words_of,
)
from textaug.tokens import _kind_of as kind_of

NLP = spacy.blank("en")


def spacy_offsets(text: str) -> list[tuple[int, int, int]]:
    """spaCy's tokens as (start, end, kind), the kind from spaCy's own lexical attributes."""
    return [
        (t.idx, t.idx + len(t.text), kind_of(t)) for t in NLP.tokenizer(text) if not t.is_space
    ]


def ours(text: str) -> list[tuple[int, int, int]]:
    return [(t.start, t.end, t.kind) for t in tokenize(text)]


def intent_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8")]
    for name in ("snips/test.jsonl", "braun2017_chatbot/train.jsonl", "atis/test.jsonl"):
        path = SHARED / "data" / "intents" / name
        texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    return texts


def test_matches_spacy_on_real_intent_data() -> None:
    mismatches = [t for t in intent_texts() if ours(t) != spacy_offsets(t)]
    assert mismatches == []


PIECES = [
    *"abcXYZ éñü'-.,!?;:()$%@/#_0123456789 \t\n",
    *["😀", "👍🏽", "د", "ש", "e\u0301", "n't", "Mr.", "wed.", "cannot", "flight?", "D."],
    *["a@b.co", "Pre-Party", "e-mail", "x-ray-", "é-à", "five", "Twenty-one", "first."],
    *["  ", "\u00a0", "\u3000", "\u200b", "\r\n"],  # other spaces: not the split fast path
]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=400, deadline=None)
@given(TRICKY)
def test_matches_spacy_on_generated_text(text: str) -> None:
    assert ours(text) == spacy_offsets(text)


@settings(max_examples=400, deadline=None)
@given(TRICKY)
def test_cached_words_equal_words_grouped_from_tokens(text: str) -> None:
    assert words_of(text) == words(tokenize(text))


def test_shipped_special_case_table_is_current() -> None:
    from importlib import resources

    shipped = (resources.files("textaug") / "data" / "spacy_en_special_cases.txt").read_text(
        "utf-8"
    )
    assert shipped.split() == special_case_table(), "run scripts/build_tokenizer_table.py"


def test_number_words_are_spacys() -> None:
    from spacy.lang.en.lex_attrs import _num_words, _ordinal_words

    assert frozenset(_num_words) | frozenset(_ordinal_words) == NUMBER_WORDS


def test_words_with_digits_or_number_words_are_not_plain() -> None:
    plain = {w.text: w.is_plain for w in words_of("wake me at 7:30 on A320, table for five.")}
    assert plain == {
        "wake": True, "me": True, "at": True, "7:30": False, "on": True, "A320": False,
        "table": True, "for": True, "five": False,
    }  # fmt: skip


def test_kinds_mark_what_must_not_change() -> None:
    kinds = {
        t.text: t.kind for t in tokenize("mail a@b.com or see https://x.org/a?b=1 at 8 today 😀")
    }
    assert kinds["a@b.com"] == Kind.EMAIL
    assert kinds["https://x.org/a?b=1"] == Kind.URL
    assert kinds["8"] == Kind.NUM
    assert kinds["😀"] == Kind.SYMBOL
    assert kinds["today"] == Kind.WORD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("don't re-book it, ok?", ["don't", "re-book", "it", "ok"]),
        ("(hello) world!!", ["hello", "world"]),
        ("  spaced   out  ", ["spaced", "out"]),
    ],
)
def test_words_group_chunks_without_punctuation(text: str, expected: list[str]) -> None:
    assert [w.text for w in words(tokenize(text))] == expected
