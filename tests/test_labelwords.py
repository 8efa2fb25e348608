"""Label words: found in the data, and kept by word replacement in expand, augment, evaluate."""

from __future__ import annotations

import json
from pathlib import Path

from textaug import Record, Span, label_words, read_records
from textaug.cli import main
from textaug.expand import build_recipe, expand_records, with_label_words
from textaug.registry import to_config

SYNONYMS_EVERYWHERE = {"name": "wordnet_synonyms", "rate": 1.0, "min_ops": 1, "max_ops": 8}

MUSIC = [
    "play some jazz music",
    "please play the blues",
    "can you play a song by Adele",
    "I want to hear music by Queen",
    "playing my road trip playlist",
]
WEATHER = [
    "what is the weather in Oslo",
    "will it rain in Paris tomorrow",
    "weather forecast for the weekend",
    "is it going to be cold tonight",
    "show me the forecast for Boston",
]
BOOK = [
    "book a table for two",
    "reserve a table at a quiet restaurant",
    "book me a seat at the bar",
    "I need a reservation for four",
    "show me a restaurant and book it",
]


def dataset() -> list[Record]:
    rows = [Record(t, "play_music") for t in MUSIC]
    rows += [Record(t, "get_weather") for t in WEATHER]
    rows += [Record(t, "book_restaurant") for t in BOOK]
    oslo = rows[5]
    rows[5] = Record(oslo.text, oslo.label, (Span(23, 27, "city"),))
    return rows


def test_label_words_are_the_words_an_intent_owns() -> None:
    found = label_words(dataset())
    assert found["play_music"] == ["music", "play", "playing"]  # one lemma, every form seen
    assert found["get_weather"] == ["forecast", "weather"]
    assert found["book_restaurant"] == ["book", "restaurant", "table"]
    everywhere = {w for words in found.values() for w in words}
    assert "show" not in everywhere  # in two intents: carries neither
    assert not everywhere & {"a", "the", "for", "me", "it", "is"}  # stopwords never


def test_entity_text_and_single_mentions_carry_no_intent() -> None:
    rows = [
        Record("fly to Oslo", "fly", (Span(7, 11, "city"),)),
        Record("fly to Oslo now", "fly", (Span(7, 11, "city"),)),
        Record("a trip to Rome", "fly"),
        Record("hello there", "greet"),
        Record("hello", "greet"),
    ]
    assert label_words(rows) == {"fly": ["fly"], "greet": ["hello"]}
    assert label_words(rows, min_count=3) == {}


def lost_label_words(rows: list[Record], variants: list[tuple[str, int]]) -> set[str]:
    """Label words of a parent that its variant (text, parent index) no longer has."""
    protected = label_words(rows)
    lost: set[str] = set()
    for text, parent in variants:
        source = rows[parent]
        words = set(text.lower().split())
        own = protected.get(str(source.label), [])
        lost |= {w for w in own if w in source.text.lower().split() and w not in words}
    return lost


def variants_of(out: list[Record]) -> list[tuple[str, int]]:
    return [(r.text, r.meta["textaug"]["parent"]) for r in out if "textaug" in r.meta]


def test_synonyms_never_replace_label_words_when_the_recipe_is_bound_to_the_data() -> None:
    rows = dataset()
    kept, _ = expand_records(rows, SYNONYMS_EVERYWHERE, factor=4, seed=3)
    free, _ = expand_records(rows, SYNONYMS_EVERYWHERE, factor=4, seed=3, keep_label_words=False)
    assert len({parent for _text, parent in variants_of(kept)}) >= 5  # several rows change
    assert lost_label_words(rows, variants_of(kept)) == set()
    assert lost_label_words(rows, variants_of(free))  # the same run without the guard


def test_binding_adds_to_a_steps_own_guards_or_spells_out_the_defaults() -> None:
    words = {"play_music": ["play"]}
    bare = with_label_words({"name": "pipeline", "steps": [SYNONYMS_EVERYWHERE]}, words)
    guards = bare["steps"][0]["guards"]
    assert [g["name"] for g in guards] == [
        "protect_entities",
        "protect_numbers",
        "protect_negations",
        "protect_names",
        "protect_words",
    ]
    assert guards[-1]["by_label"] == words
    own = with_label_words({**SYNONYMS_EVERYWHERE, "guards": [{"name": "protect_numbers"}]}, words)
    assert [g["name"] for g in own["guards"]] == ["protect_numbers", "protect_words"]
    noise = {"name": "keyboard_typos"}
    assert with_label_words(noise, words) == noise  # noise keeps the word, so it may touch it


def test_a_recipe_without_word_replacement_reads_no_label_words() -> None:
    built = build_recipe({"name": "random_swap"}, iter(dataset()))
    assert "protect_words" not in json.dumps(to_config(built))


def test_expand_cli_keeps_label_words_unless_told(tmp_path: Path) -> None:
    rows = dataset()
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": r.text, "intent": r.label}) + "\n" for r in rows]
    source.write_text("".join(lines), encoding="utf-8")
    lost = {}
    for name, extra in (("kept", []), ("free", ["--replace-label-words"])):
        out = tmp_path / f"{name}.jsonl"
        args = ["expand", str(source), "-o", str(out), "--factor", "4", "--recipe", "synonyms"]
        assert main([*args, "--seed", "1", "--quiet", *extra]) == 0
        lost[name] = lost_label_words(rows, variants_of(list(read_records(str(out)))))
    assert lost["kept"] == set()
    assert lost["free"]
