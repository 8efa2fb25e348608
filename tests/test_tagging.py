"""Tests of textaug.tagging on real text: the shipped model, trap sentences, accuracy."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from textaug.errors import ResourceError
from textaug.lexicon.wordnet import DETACH_RULES
from textaug.tagging import UPOS_TAGS, PerceptronTagger, Tagger, load_tagger
from textaug.tagging.conllu import read_conllu
from textaug.tagging.features import (
    BOS,
    EOS,
    WordClasses,
    shape,
    shape_by_characters,
    word_features,
)
from textaug.tagging.model import DEFAULT_MODEL
from textaug.tagging.penn import penn_to_upos

POS_DATA = Path(__file__).parents[1] / ".." / "shared" / "data" / "pos"


def tags_of(sentence: str) -> list[str]:
    return load_tagger().tag(sentence.split())


def test_shipped_model_loads_small_and_without_pickle() -> None:
    assert DEFAULT_MODEL.is_file()
    assert DEFAULT_MODEL.stat().st_size < 5_000_000
    with np.load(DEFAULT_MODEL, allow_pickle=False) as data:
        for name in data.files:
            assert data[name].dtype != object
    with zipfile.ZipFile(DEFAULT_MODEL) as archive:
        assert all(name.endswith(".npy") for name in archive.namelist())


def test_loader_caches_one_object_and_shares_the_interface() -> None:
    tagger = load_tagger()
    assert load_tagger() is tagger
    assert load_tagger("textaug-en") is tagger
    assert isinstance(tagger, Tagger)
    assert tagger.name == "textaug-en"


def test_import_does_not_pull_in_spacy_or_nltk() -> None:
    code = "import sys, textaug.tagging; print('spacy' in sys.modules or 'nltk' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[1],
    )
    assert out.stdout.strip() == "False"


def test_tags_are_upos_one_per_word() -> None:
    words = [
        "Hello",
        ",",
        "world",
        "!",
        "It",
        "'s",
        "3:15",
        "pm",
        "on",
        "12/05",
        "and",
        "I",
        "owe",
        "$",
        "5",
        "...",
    ]
    tags = load_tagger().tag(words)
    assert len(tags) == len(words)
    assert set(tags) <= set(UPOS_TAGS)
    assert load_tagger().tag([]) == []


@pytest.mark.parametrize(
    ("sentence", "word", "expected"),
    [
        ("I want to book a flight", "book", "VERB"),
        ("i want to book a flight from boston to denver", "book", "VERB"),
        ("She read a book about Paris", "book", "NOUN"),
        ("I saw a saw in the shed", "saw", "VERB"),
        ("Time flies like an arrow", "flies", "VERB"),
        ("The flies are annoying", "flies", "NOUN"),
        ("He left the room", "left", "VERB"),
        pytest.param(
            "The leaves fall in autumn",
            "leaves",
            "NOUN",
            marks=pytest.mark.xfail(
                strict=True, reason="known miss: no word-pair features; 'leaves' leans VERB"
            ),
        ),
        ("She leaves at noon", "leaves", "VERB"),
        ("I run every day", "run", "VERB"),
        ("He runs the company", "runs", "VERB"),
        ("They ran home", "ran", "VERB"),
        ("We went for a run", "run", "NOUN"),
        pytest.param(
            "He gave me a present",
            "present",
            "NOUN",
            marks=pytest.mark.xfail(
                strict=True, reason="known miss: sentence-final 'present' after 'a' tagged ADJ"
            ),
        ),
        ("They present the results today", "present", "VERB"),
        ("can you show me flights to dallas", "can", "AUX"),
        ("Can you help me", "Can", "AUX"),
        ("what flights leave denver before noon", "leave", "VERB"),
        ("play some jazz music on spotify", "play", "VERB"),
        ("is it going to rain tomorrow", "is", "AUX"),
        ("book a flight to boston", "book", "VERB"),
        ("Book a table for two", "Book", "VERB"),
        ("schedule a meeting with the team", "schedule", "VERB"),
        ("Cancel my reservation please", "Cancel", "VERB"),
        ("The book is on the table", "book", "NOUN"),
    ],
)
def test_trap_sentences(sentence: str, word: str, expected: str) -> None:
    words = sentence.split()
    assert load_tagger().tag(words)[words.index(word)] == expected


@pytest.mark.xfail(strict=True, reason="known miss: the second 'saw' is tagged VERB")
def test_i_saw_the_saw() -> None:
    assert tags_of("I saw the saw") == ["PRON", "VERB", "DET", "NOUN"]


def test_lowercase_atis_query() -> None:
    assert tags_of("show me the flights from pittsburgh to baltimore") == [
        "VERB",
        "PRON",
        "DET",
        "NOUN",
        "ADP",
        "PROPN",
        "ADP",
        "PROPN",
    ]


def test_web_addresses_are_proper_nouns() -> None:
    words = ["mail", "jo@example.com", "or", "see", "https://example.org/a?b=1"]
    words += ["and", "www.textaug.dev"]
    tags = load_tagger().tag(words)
    assert [t for w, t in zip(words, tags, strict=True) if "." in w] == ["PROPN"] * 3


@pytest.mark.parametrize(
    ("words", "xpos", "expected"),
    [
        ("we do have it", "PRP VBP VBP PRP", "PRON AUX VERB PRON"),  # MASC: have = VBP
        ("I do what I want", "PRP VBP WP PRP VBP", "PRON VERB PRON PRON VERB"),
        ("so we left", "IN PRP VBD", "ADV PRON VERB"),
        ("so that we left", "IN IN PRP VBD", "SCONJ SCONJ PRON VERB"),
        ("about 5 people", "IN CD NNS", "ADV NUM NOUN"),
        ("about the people", "IN DT NNS", "ADP DET NOUN"),
    ],
)
def test_penn_conversion_follows_ud(words: str, xpos: str, expected: str) -> None:
    assert penn_to_upos(words.split(), xpos.split()) == expected.split()


def test_lexicon_classes_inflect_and_skip_function_words() -> None:
    classes = WordClasses({"book": 1 | 2 | 16, "cleric": 1, "late": 4 | 8 | 64, "he": 0, "hi": 1})
    assert classes.of("books") == "NV"  # regular inflections reach the lemma
    assert classes.of("Booked") == "V"
    assert classes.of("book") == "NV>N"
    assert classes.of("clerics") == "N"
    assert classes.of("later") == "A"
    assert classes.of("he") == ""  # function word: no dictionary class
    assert classes.of("xyzzy") == ""


def _accuracy(path: Path) -> float:
    sentences = list(read_conllu(path))
    predicted = load_tagger().tag_many([s.words for s in sentences])
    pairs = [
        pair
        for s, tags in zip(sentences, predicted, strict=True)
        for pair in zip(tags, s.upos, strict=True)
    ]
    return sum(p == g for p, g in pairs) / len(pairs)


def test_tag_many_matches_tag() -> None:
    sentences = [s.split() for s in ("book a flight", "I read the book .", "where ?")]
    tagger = load_tagger()
    assert tagger.tag_many(sentences) == [tagger.tag(s) for s in sentences]


WORD_SAMPLE = [
    "Book",
    "book",
    "BOOK",
    "books",
    "booked",
    "rooms",
    "I",
    "US",
    "us",
    "3:15",
    "4:30",
    "12/05",
    "$",
    "5",
    "...",
    ",",
    "McDonald's",
    "e-mail",
    "re-book",
    "jo@example.com",
    "www.textaug.dev",
    ":-)",
    "===",
    "<s>",
    "</s>",
    "Ärger",
    "naïve",
    "東京",
    "a",
    "x",
    "'ll",
    "n't",
    "Mr.",
    "ok?",
    "2nd",
    "1990s",
    "DVDs",
    "a1",
    "A1",
]


def test_word_feature_ids_match_the_feature_templates() -> None:
    """The tagger's cached feature ids are exactly the ids of ``word_features``."""
    tagger = PerceptronTagger.load()
    get, zero = tagger._index.get, tagger._zero
    for word in WORD_SAMPLE:
        if word in (BOS, EOS):
            continue  # sentence pads take the generic path
        for initial in (False, True):
            expected: list[int] = []
            starts = []
            for feats in word_features(word, initial, tagger._classes):
                starts.append(len(expected))
                expected += [zero] + [get(f, zero) for f in feats]
            ids, local = tagger._word_ids(word, initial)
            assert ids == expected, word
            assert local == starts[1], word


def test_tags_do_not_depend_on_which_words_were_seen_first() -> None:
    sentences = [[w, "flights", "to", "Boston"] for w in WORD_SAMPLE] + [WORD_SAMPLE]
    one_by_one = PerceptronTagger.load()
    together = PerceptronTagger.load()
    assert together.tag_many(sentences) == [one_by_one.tag(s) for s in sentences]
    assert [together.tag(s) for s in sentences] == one_by_one.tag_many(sentences)


def test_shape_shortcut_matches_the_character_loop() -> None:
    words = [*WORD_SAMPLE, "Paris", "iPhone", "McDonald", "A", "a", "ABCdef", "Ö", "ǅ", "x2"]
    for word in words:
        assert shape(word) == shape_by_characters(word), word


def _lexicon_code_rule_by_rule(lexicon: dict[str, int], low: str) -> int:
    """WordNet's morphy rules tried one at a time, as the lexicon classes define them."""
    code = lexicon.get(low, -1)
    if code == 0:
        return 0
    code = max(code, 0)
    for pos, rules in enumerate(DETACH_RULES):
        for old, new in rules:
            stem = low[: len(low) - len(old)]
            if low.endswith(old) and len(stem) > 1 and lexicon.get(stem + new, 0) & 1 << pos:
                code |= 1 << pos
    return code


def test_lexicon_codes_follow_the_morphy_rules() -> None:
    classes = PerceptronTagger.load()._classes
    assert classes is not None
    lexicon = dict(classes.lexicon)
    words = [w.lower() for w in WORD_SAMPLE] + sorted(lexicon)[::50]
    words += [w + end for w in sorted(lexicon)[::97] for end in ("s", "es", "ies", "ed", "ing")]
    words += ["men", "women", "boxes", "churches", "wolves", "happier", "largest", "xs", "ss"]
    for low in words:
        assert classes.lexicon_code(low) == _lexicon_code_rule_by_rule(lexicon, low), low


def test_accuracy_atis_test() -> None:
    assert _accuracy(POS_DATA / "ud_english_atis" / "en_atis-ud-test.conllu") >= 0.97


def test_accuracy_ewt_dev_does_not_regress() -> None:
    """Web text (never trained on): 91.98% measured; this guards against regressions."""
    assert _accuracy(POS_DATA / "ud_english_ewt" / "en_ewt-ud-dev.conllu") >= 0.919


@pytest.mark.xfail(
    strict=True,
    reason="issue 3 asks for 94% on EWT dev; the shipped model reaches 92.0% (MASC, ATIS and "
    "ESLSpok are the only shippable training data; see README). Strict: passes loudly once met.",
)
def test_accuracy_ewt_dev_meets_the_issue_bar() -> None:
    assert _accuracy(POS_DATA / "ud_english_ewt" / "en_ewt-ud-dev.conllu") >= 0.94


@pytest.mark.parametrize("name", ["en_core_web_nonexistent_xx", "../etc/passwd", "not a model"])
def test_missing_spacy_pipeline_says_how_to_install(name: str) -> None:
    with pytest.raises(ResourceError) as info:
        load_tagger(name)
    message = str(info.value)
    assert "python -m spacy download" in message or "pip install" in message
    assert "load_tagger()" in message


def test_a_missing_spacy_pipeline_fails_when_the_augmenter_is_made() -> None:
    from textaug.registry import from_config
    from textaug.synonyms import EmbeddingNeighbours, WordNetSynonyms

    for make in (
        lambda: WordNetSynonyms(tagger="en_core_web_nonexistent_xx"),
        lambda: EmbeddingNeighbours(tagger="foo"),
        lambda: from_config({"name": "wordnet_synonyms", "tagger": "not a model"}),
    ):  # before, each was made and failed on its first sentence
        with pytest.raises(ResourceError, match="python -m spacy download"):
            make()
    assert WordNetSynonyms(tagger=None).augment("book a flight", seed=0) is not None
