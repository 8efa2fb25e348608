"""WordNet synonym replacement: part of speech, inflection and case on a trap set, spans, config."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from textaug.errors import ConfigError, ResourceError
from textaug.lexicon import load_wordnet
from textaug.lexicon.articles import indefinite_article
from textaug.lexicon.inflect import PENN_TAGS, inflect
from textaug.recipes import load_recipe
from textaug.record import Record, Span, replay
from textaug.registry import from_config, to_config
from textaug.synonyms import WordNetSynonyms
from textaug.synonyms.replace import spelling_key, tag_text
from textaug.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TRAPS = yaml.safe_load((Path(__file__).parent / "data" / "synonym_traps.yaml").read_text("utf-8"))
SEEDS = range(6)


def _target_token(trap: dict[str, Any]) -> Any:
    matches = [t for t in tokenize(trap["text"]) if t.text == trap["target"]]
    return matches[trap.get("nth", 0)]


@cache
def _trap_outputs() -> list[tuple[dict[str, Any], str]]:
    """(trap, replacement of the target) for every seed that replaced the target."""
    found = []
    for trap in TRAPS:
        target = _target_token(trap)
        others = {t.text.lower() for t in tokenize(trap["text"])} - {trap["target"].lower()}
        augmenter = WordNetSynonyms(rate=1.0, max_ops=1, protect=tuple(sorted(others)))
        for seed in SEEDS:
            for variant in augmenter.augment(trap["text"], seed=seed):
                for edit in variant.edits:
                    if (edit.start, edit.end) == (target.start, target.end):
                        found.append((trap, edit.text))
    return found


def _same_pos_forms(lemma: str, upos: str) -> set[str]:
    """Every form of every WordNet synonym of the lemma in the gold part of speech."""
    forms = set()
    for candidate, _score in load_wordnet().synonyms(lemma, upos):
        forms.add(candidate.lower())
        for penn in PENN_TAGS[upos]:
            form = inflect(candidate.lower(), penn)
            if form:
                forms.add(form.lower())
    return forms


def test_trap_set_is_large_enough_and_mostly_replaced() -> None:
    assert len(TRAPS) >= 60
    replaced = {trap["text"] + trap["target"] for trap, _ in _trap_outputs()}
    assert len(replaced) >= 0.6 * len(TRAPS)


def test_trap_set_wrong_part_of_speech_at_most_5_percent() -> None:
    outputs = _trap_outputs()
    wrong = [
        (trap["text"], text)
        for trap, text in outputs
        if text not in trap["acceptable"] + trap.get("wrong_sense", [])
        and text.lower() not in _same_pos_forms(trap["lemma"], trap["pos"])
    ]
    assert len(wrong) <= 0.05 * len(outputs), wrong


def test_trap_set_right_inflection_at_least_95_percent() -> None:
    outputs = _trap_outputs()
    right = [t for trap, t in outputs if t in trap["acceptable"] + trap.get("wrong_sense", [])]
    assert len(right) >= 0.95 * len(outputs), [
        (trap["text"], t)
        for trap, t in outputs
        if t not in trap["acceptable"] + trap.get("wrong_sense", [])
    ]


def test_trap_set_right_sense_floor() -> None:
    """Word sense is not disambiguated; this floor catches regressions in sense ranking
    (65% with ``min_score`` 0.02, 73% at the default 0.15)."""
    outputs = _trap_outputs()
    right = [t for trap, t in outputs if t in trap["acceptable"]]
    assert len(right) >= 0.7 * len(outputs)


def _replacements_of(text: str, word: str, seeds: int = 30) -> set[str]:
    """Every replacement of ``word`` (its first occurrence) in 3 variants x ``seeds``."""
    start = text.index(word)
    found: set[str] = set()
    for seed in range(seeds):
        for variant in WordNetSynonyms(rate=1.0).augment(text, n=3, seed=seed):
            found |= {e.text for e in variant.edits if e.start == start}
    return found


@pytest.mark.parametrize(
    ("text", "word", "never"),
    [
        ("play a love song by adele", "song", {"strain"}),
        ("find a quiet bar near the park", "bar", {"measure"}),
        ("buy new hiking boots for winter", "boots", {"thrills", "bangs", "rushes"}),
        ("what are the roots of jazz music", "roots", {"solutions"}),
    ],
)  # replacements the old min_score of 0.02 made within 30 seeds
def test_synonyms_from_only_a_rare_sense_are_not_used(
    text: str, word: str, never: set[str]
) -> None:
    found = _replacements_of(text, word)
    assert not found & never, found


def test_replacement_case_follows_the_original() -> None:
    for trap, text in _trap_outputs():
        target = trap["target"]
        if target.isupper() and len(target) > 1:
            assert text == text.upper(), (target, text)
        elif target[0].isupper():
            assert text[0].isupper() and text[1:] == text[1:].lower(), (target, text)
        else:
            assert text == text.lower(), (target, text)


def test_books_a_flight_with_the_verb_sense_and_keeps_tense() -> None:
    augmenter = WordNetSynonyms(rate=1.0, max_ops=1, protect=("flight", "want"))
    assert [r.text for r in augmenter.augment("I want to book a flight", n=2, seed=0)] == [
        "I want to hold a flight",
        "I want to reserve a flight",
    ]
    agrees = WordNetSynonyms(rate=1.0, protect=("plan",))
    assert agrees.augment("He agrees with the plan", seed=0)[0].text == "He concurs with the plan"


def test_article_agrees_with_the_new_word() -> None:
    augmenter = WordNetSynonyms(rate=1.0, protect=("book", "room", "now"))
    text = "BOOK A CHEAP ROOM NOW"
    texts = {r.text for seed in range(6) for r in augmenter.augment(text, seed=seed)}
    assert "BOOK AN INEXPENSIVE ROOM NOW" in texts  # "A" -> "AN", upper case like the rest
    assert all(t.startswith("BOOK A ") for t in texts - {"BOOK AN INEXPENSIVE ROOM NOW"})
    assert indefinite_article("hour") == "an" and indefinite_article("user") == "a"


def test_entities_numbers_negations_and_proper_nouns_stay() -> None:
    text = "Don't book 2 seats at Quick Eats in Boston for Sunday evening"
    quick, sunday = text.index("Quick Eats"), text.index("Sunday")
    record = Record(
        text, "book", (Span(quick, quick + 10, "restaurant"), Span(sunday, sunday + 6, "day"))
    )
    augmenter = WordNetSynonyms(rate=1.0)
    variants = augmenter.augment(record, n=5, seed=1)
    assert variants
    for variant in variants:
        assert [variant.span_text(s) for s in variant.spans] == ["Quick Eats", "Sunday"]
        for kept in ("Don't", " 2 ", "Boston"):
            assert kept in variant.text
        assert replay(text, variant.edits) == variant.text


def test_names_units_and_going_to_are_never_replaced_on_real_utterances() -> None:
    # SNIPS without its entity annotations: the names are what users leave unmarked
    path = SHARED / "data" / "intents" / "snips" / "test.jsonl"
    augmenter = WordNetSynonyms(rate=1.0)
    changed = 0
    for index, line in enumerate(path.read_text("utf-8").splitlines()[:300]):
        text = json.loads(line)["text"]
        long_words = [w for w in text.split() if len(w.strip(".,!?")) >= 4]
        if len(long_words) >= 3 and all(w[0].isupper() for w in long_words):
            continue  # Title Case: capitals mark no names here
        for variant in augmenter.augment(text, n=2, seed=5, index=index):
            for edit in variant.edits:
                before = text[: edit.start].rstrip()
                word = text[edit.start : edit.end]
                opens_sentence = not before or before[-1] in ".!?:"
                assert opens_sentence or not word[:1].isupper(), (text, variant.text)
                assert word.lower() != "going" and word.lower() not in ("pm", "am"), variant.text
                changed += 1
    assert changed > 200
    # the same words in lower case, where they are no name, are replaced
    assert WordNetSynonyms(rate=1.0).augment("add it to my evening commute playlist", seed=1)


@pytest.mark.parametrize(
    ("text", "verb", "never"),
    [
        ("I want to book a table", "want", {"require", "need"}),  # no "to" infinitive
        ("Tell me the weather forecast", "Tell", {"Say", "State"}),  # no two objects
        # WordNet gives "show"'s frames to its whole sense: these do not take two objects
        ("Show me the forecast", "Show", {"Demonstrate", "Exhibit", "Present", "Demo"}),
        ("tell me how it goes", "tell", {"say", "state", "recount", "order"}),  # object + clause
        ("tell me about the weather", "tell", {"say", "state", "recount", "order"}),
    ],
)  # each gave some of these words within 30 seeds before its check
def test_a_verb_synonym_takes_the_construction_the_verb_is_used_in(
    text: str, verb: str, never: set[str]
) -> None:
    found = _replacements_of(text, verb)
    assert not found & never, found


def test_spans_exact_on_real_utterances() -> None:
    path = SHARED / "data" / "intents" / "snips" / "test.jsonl"
    augmenter = WordNetSynonyms(rate=0.3)
    for index, line in enumerate(path.read_text("utf-8").splitlines()[:150]):
        row = json.loads(line)
        spans = tuple(Span(e["start"], e["end"], e["entity"]) for e in row["entities"])
        record = Record(row["text"], row["intent"], spans)
        for variant in augmenter.augment(record, n=2, seed=7, index=index):
            assert [variant.span_text(s) for s in variant.spans] == [
                record.span_text(s) for s in spans
            ]
            assert replay(record.text, variant.edits) == variant.text


def test_same_seed_same_variants() -> None:
    augmenter = WordNetSynonyms(rate=0.5)
    text = "find me a cheap hotel and show the weather forecast"
    first = [r.text for r in augmenter.augment(text, n=4, seed=11)]
    assert first == [r.text for r in augmenter.augment(text, n=4, seed=11)]
    assert len(set(first)) == len(first) == 4


def test_nothing_replaceable_is_tallied() -> None:
    augmenter = WordNetSynonyms()
    assert augmenter.augment("is it not 42?", n=2) == []


def test_config_round_trip_and_recipes() -> None:
    augmenter = WordNetSynonyms(rate=0.2, max_ops=2, max_senses=3, protect=("book",))
    config = to_config(augmenter)
    assert config == {
        "name": "wordnet_synonyms",
        "rate": 0.2,
        "max_ops": 2,
        "max_senses": 3,
        "protect": ["book"],
    }
    assert from_config(config) == augmenter
    assert from_config(to_config(WordNetSynonyms())) == WordNetSynonyms()
    assert load_recipe("synonyms").augment("I want to book a flight", seed=0)
    eda = load_recipe("eda_full")
    assert [c.name for c in eda.choices] == [  # type: ignore[attr-defined]
        "wordnet_synonyms",
        "random_insertion",
        "random_swap",
        "random_deletion",
    ]


@pytest.mark.parametrize(
    "params",
    [{"source": "wiktionary"}, {"top_k": 0}, {"max_senses": 0}, {"min_zipf": -1}, {"rate": 2}],
)
def test_bad_parameters_are_config_errors(params: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        WordNetSynonyms(**params)


def test_spelling_variants_share_a_key() -> None:
    assert spelling_key("colour") == spelling_key("color")
    assert spelling_key("e-mail") == spelling_key("email")
    assert spelling_key("travelled") == spelling_key("traveled")
    assert spelling_key("book") != spelling_key("volume")


def test_spelling_key_shortcut_folds_as_every_rule_would() -> None:
    from textaug.lexicon import load_wordnet
    from textaug.synonyms.replace import _SPELLING

    words = [*load_wordnet().lemmas("NOUN")[::97], "greyish", "theatre", "analysed", "col-our"]
    for word in words:
        key = word.lower().replace("-", "").replace(" ", "").replace("'", "")
        for pattern, repl in _SPELLING:
            key = pattern.sub(repl, key)
        assert spelling_key(word) == key, word


def test_builtin_source_never_imports_nltk() -> None:
    code = (
        "import sys\n"
        "from textaug.synonyms import WordNetSynonyms\n"
        "out = WordNetSynonyms(rate=1.0).augment('she booked two cheap rooms', n=3)\n"
        "assert out, out\n"
        "print('nltk' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_nltk_source_reads_nltk_wordnet() -> None:
    nltk = pytest.importorskip("nltk")
    data = str(SHARED / "nltk_data")
    if data not in nltk.data.path:
        nltk.data.path.insert(0, data)
    augmenter = WordNetSynonyms(source="nltk", rate=1.0, max_ops=1, protect=("flight",))
    texts = {r.text for r in augmenter.augment("I want to book a flight", n=3, seed=0)}
    assert "I want to reserve a flight" in texts
    assert all("volume" not in t for t in texts)


def test_nltk_source_without_data_says_how_to_install(tmp_path: Path) -> None:
    code = (
        "import nltk\n"
        f"nltk.data.path[:] = [{str(tmp_path)!r}]\n"
        "from textaug.errors import ResourceError\n"
        "from textaug.synonyms import WordNetSynonyms\n"
        "try:\n"
        "    WordNetSynonyms(source='nltk').augment('I want to book a flight')\n"
        "except ResourceError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "NLTK_DATA": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert "python -m nltk.downloader wordnet" in result.stdout
    assert ResourceError.__name__  # the message above is the ResourceError's


def test_trap_counts_summary(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the trap-set rates (pytest -s) so the README numbers can be checked."""
    outputs = _trap_outputs()
    tally = Counter(
        "right"
        if t in trap["acceptable"]
        else "wrong sense"
        if t in trap.get("wrong_sense", [])
        else "other"
        for trap, t in outputs
    )
    print({k: round(v / len(outputs), 3) for k, v in tally.items()}, len(outputs))
    assert sum(tally.values()) == len(outputs) > 0


@pytest.mark.parametrize(
    "text", ["Turn the volume up", "Rate this novel 5 stars", "Search for the show"]
)
def test_a_command_verb_tagged_as_a_noun_keeps_its_place(text: str) -> None:
    # The shipped tagger reads these opening verbs as nouns, and a noun synonym would give
    # "Twist the volume up". (When a better tagger reads them right, pick other examples.)
    first = text.split()[0]
    assert tag_text(text)[0] == "NOUN", "no longer mis-tagged: choose another example"
    augmenter = WordNetSynonyms(rate=1.0)
    outputs = [v.text for seed in range(20) for v in augmenter.augment(text, seed=seed)]
    assert outputs
    assert all(out.split()[0] == first for out in outputs)


def test_protect_covers_every_form_of_the_word() -> None:
    augmenter = WordNetSynonyms(rate=1.0, protect=("flight", "show"))
    for seed in range(10):
        for variant in augmenter.augment("Show me flights and one flight to denver", seed=seed):
            assert variant.text.startswith("Show me flights and one flight"), variant.text


def test_a_piece_of_a_hyphenated_compound_is_never_replaced() -> None:
    text = "The state-of-the-art system and/or data failed"
    for seed in range(20):
        for variant in WordNetSynonyms(rate=1.0).augment(text, n=2, seed=seed):
            assert "state-of-the-art" in variant.text and "and/or" in variant.text


def test_a_synonym_never_adds_a_number() -> None:
    from textaug.tokens import NUMBER_WORDS

    augmenter = WordNetSynonyms(rate=1.0)
    for text in ("I need a dozen eggs twice a day", "book it for a day", "wait a moment"):
        for seed in range(10):
            for variant in augmenter.augment(text, n=2, seed=seed):
                added = set(variant.text.lower().replace("-", " ").split()) - set(text.split())
                assert not added & NUMBER_WORDS, variant.text


def test_a_verb_after_a_subject_pronoun_gets_a_verb_synonym() -> None:
    for text in ("she books a flight", "he books a table for two"):
        found = {v.text for s in range(15) for v in WordNetSynonyms().augment(text, seed=s)}
        verbs = {t.split()[1] for t in found if t.split()[1] != "books"}
        assert verbs and verbs <= {"reserves", "holds"}, found  # never "volumes", "records"
    assert tag_text("they play jazz")[1] == "VERB" and tag_text("you guys rock")[1] != "VERB"
    for text in ("Boston flights are cheap", "show movie times this weekend"):
        assert "VERB" not in tag_text(text)[1:], text
    assert tag_text("give it books")[2] == "NOUN"


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("look up the time in Tokyo", "look"),
        ("please wake me up at seven", "wake"),
        ("I am looking for cheaper hotels", "looking"),
        ("Put on some jazz", "Put"),
        ("sign up for the newsletter", "sign"),
    ],
)  # before, "seem up", "rouse me up", "looking for for", "Place on", "subscribe up"
def test_a_phrasal_verb_keeps_its_verb(text: str, verb: str) -> None:
    assert not _replacements_of(text, verb)


@pytest.mark.parametrize(
    ("text", "word", "never"),
    [
        ("cancel my order", "order", {"order of magnitude"}),
        ("she ran the company", "ran", {"ran away"}),
        ("turn on the lights", "lights", {"visible lights"}),
    ],
)
def test_a_synonym_is_no_longer_phrase_around_the_word(
    text: str, word: str, never: set[str]
) -> None:
    found = _replacements_of(text, word)
    assert not found & never, found


def test_a_noun_keeps_its_number() -> None:
    flights = _replacements_of("are there any flights from boston to denver", "flights")
    assert "flying" not in flights, flights  # no plural of its own
    assert not _replacements_of("Please reserve a seat", "seat") & {"buns", "Buns"}
    assert "points of view" in {inflect("point of view", "NNS")}
    assert inflect("mother in law", "NNS") == "mothers in law"
    assert inflect("credit card", "NNS") == "credit cards"


def test_a_replacement_is_never_vulgar() -> None:
    from textaug.lexicon.offensive import is_offensive

    seat = _replacements_of("Please reserve a seat on the 6pm flight", "seat", seeds=60)
    assert seat and not any(is_offensive(w.lower()) for w in seat), seat  # "butt", "bum"
    assert is_offensive("butt") and is_offensive("piece of ass") and not is_offensive("bottom")
