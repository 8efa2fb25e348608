"""Embedding neighbours: every vector format, the pickle refusal, filters, spans, traps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from textaug.errors import ConfigError
from textaug.lexicon import load_wordnet
from textaug.record import Record, Span
from textaug.registry import from_config
from textaug.synonyms.embeddings import EmbeddingNeighbours, same_word
from textaug.synonyms.replace import verb_tagged_as_noun
from textaug.synonyms.vectors import WordVectors, guess_format, load_vectors, train_vectors

ROOT = Path(__file__).resolve().parents[1]
TRAPS = Path(__file__).parent / "data" / "embedding_traps.jsonl"

TINY_CORPUS = [
    "book a cheap flight to boston",
    "book an expensive flight to denver",
    "reserve a cheap hotel in boston",
    "find a cheap ticket to denver",
    "play a quiet song by the band",
    "play a loud song by the band",
    "play the new album by the band",
    "show me the weather in boston tomorrow",
    "what is the weather forecast for denver",
    "add this tune to my playlist",
    "add this song to my playlist",
] * 40


@pytest.fixture(scope="module")
def tiny_model():  # type: ignore[no-untyped-def]
    from gensim.models import FastText

    from textaug.synonyms.vectors import stable_hash, text_tokens

    sentences = [text_tokens(t) for t in TINY_CORPUS]
    return FastText(
        sentences, vector_size=16, window=3, min_count=1, epochs=5, seed=1, workers=1,
        hashfxn=stable_hash, min_n=3, max_n=4, bucket=2000,
    )  # fmt: skip


@pytest.fixture(scope="module")
def saved(tiny_model, tmp_path_factory):  # type: ignore[no-untyped-def]
    from gensim.models.fasttext import save_facebook_model

    folder = tmp_path_factory.mktemp("vectors")
    kv = tiny_model.wv
    paths = {
        "word2vec": folder / "w2v.txt",
        "word2vec-bin": folder / "w2v.bin",
        "glove": folder / "glove.txt",
        "fasttext-vec": folder / "ft.vec",
        "fasttext-bin": folder / "ft.bin",
        "gensim": folder / "vectors.kv",
    }
    kv.save_word2vec_format(str(paths["word2vec"]))
    kv.save_word2vec_format(str(paths["word2vec-bin"]), binary=True)
    kv.save_word2vec_format(str(paths["glove"]), write_header=False)
    kv.save_word2vec_format(str(paths["fasttext-vec"]))
    save_facebook_model(tiny_model, str(paths["fasttext-bin"]))
    from gensim.models import KeyedVectors

    plain = KeyedVectors(kv.vector_size)
    plain.add_vectors(list(kv.index_to_key), kv.vectors)
    plain.save(str(paths["gensim"]), separately=["vectors"])  # big arrays go beside it
    return paths


def test_guess_format_reads_headers_and_magic_numbers(saved) -> None:  # type: ignore[no-untyped-def]
    assert guess_format(saved["word2vec"]) == "word2vec"
    assert guess_format(saved["glove"]) == "glove"
    assert guess_format(saved["fasttext-vec"]) == "word2vec"
    assert guess_format(saved["word2vec-bin"]) == "word2vec-bin"
    assert guess_format(saved["fasttext-bin"]) == "fasttext-bin"


@pytest.mark.parametrize(
    "name", ["word2vec", "word2vec-bin", "glove", "fasttext-vec", "fasttext-bin"]
)
def test_every_safe_format_loads_with_the_same_neighbours(tiny_model, saved, name) -> None:  # type: ignore[no-untyped-def]
    expected = [w for w, _ in tiny_model.wv.most_similar("cheap", topn=3)]
    vectors = load_vectors(saved[name])
    assert len(vectors) == len(tiny_model.wv.index_to_key)
    assert [w for w, _ in vectors.neighbours("cheap", top_k=3)] == expected


def test_gensim_pickle_format_is_refused_unless_named(saved) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="pickle"):
        load_vectors(saved["gensim"])
    with pytest.raises(ConfigError, match="pickle"):
        EmbeddingNeighbours(vectors=str(saved["gensim"]))


def test_gensim_format_named_explicitly_is_memory_mapped(tiny_model, saved) -> None:  # type: ignore[no-untyped-def]
    vectors = load_vectors(saved["gensim"], format="gensim")
    assert isinstance(vectors.matrix, np.memmap)
    expected = [w for w, _ in tiny_model.wv.most_similar("song", topn=3)]
    assert [w for w, _ in vectors.neighbours("song", top_k=3)] == expected


def test_fasttext_bin_gives_neighbours_for_misspelt_words(saved) -> None:  # type: ignore[no-untyped-def]
    vectors = load_vectors(saved["fasttext-bin"])
    assert "weathr" not in vectors.index
    assert vectors.vector("weathr") is not None
    assert vectors.neighbours("weathr", top_k=5)
    assert load_vectors(saved["word2vec"]).neighbours("weathr") == ()


def test_npz_round_trip_keeps_neighbours_without_pickle(tiny_model, tmp_path) -> None:  # type: ignore[no-untyped-def]
    original = WordVectors(list(tiny_model.wv.index_to_key), tiny_model.wv.vectors)
    for quantize in ("int8", "float16"):
        path = tmp_path / f"v_{quantize}.npz"
        original.save(path, quantize=quantize)
        with np.load(path, allow_pickle=False) as z:
            assert all(z[key].dtype != object for key in z.files)
        loaded = load_vectors(path)
        assert loaded.words == original.words
        for word in ("cheap", "song", "boston"):
            for other, score in original.neighbours(word, top_k=3):
                assert loaded.similarity(word, other) == pytest.approx(score, abs=0.02)


def test_training_is_deterministic() -> None:
    first = train_vectors(TINY_CORPUS[:22] * 5, dim=8, min_count=1, epochs=2, seed=3)
    second = train_vectors(TINY_CORPUS[:22] * 5, dim=8, min_count=1, epochs=2, seed=3)
    assert first.words == second.words
    assert np.array_equal(first.matrix, second.matrix)


def test_neighbours_are_sorted_and_above_the_floor() -> None:
    found = load_vectors().neighbours("song", top_k=10, min_similarity=0.5)
    scores = [s for _, s in found]
    assert scores == sorted(scores, reverse=True)
    assert all(s >= 0.5 for s in scores)
    assert "song" not in [w for w, _ in found]


def test_antonym_next_to_the_word_is_never_a_candidate() -> None:
    vectors = load_vectors()
    assert "expensive" in [w for w, _ in vectors.neighbours("cheap", top_k=10)]
    loose = EmbeddingNeighbours(require_synonym=False, min_similarity=0.0)
    assert "expensive" not in loose.candidates("cheap", "ADJ")
    assert "bad" in [w for w, _ in vectors.neighbours("good", top_k=3)]
    assert "bad" not in loose.candidates("good", "ADJ")


def test_an_antonym_hidden_behind_another_lemma_is_caught() -> None:
    # "higher" is a WordNet adjective lemma of its own (no antonym) and a form of "high"
    loose = EmbeddingNeighbours(require_synonym=False, min_similarity=0.0, top_k=50)
    assert not loose._acceptable("low", "ADJ", "higher")
    assert not loose._acceptable("high", "ADJ", "lower")
    assert loose._acceptable("low", "ADJ", "small")
    for seed in range(10):
        for variant in loose.augment("give it a low rating", n=2, seed=seed):
            assert "high" not in variant.text


def test_other_forms_of_the_word_are_never_candidates() -> None:
    vectors = load_vectors()
    assert "flights" in [w for w, _ in vectors.neighbours("flight", top_k=10)]
    loose = EmbeddingNeighbours(require_synonym=False, min_similarity=0.0)
    candidates = loose.candidates("flight", "NOUN")
    assert candidates
    assert not any(same_word("flight", c) for c in candidates)


def test_same_word_catches_forms_and_spellings() -> None:
    assert same_word("cheaper", "cheapest")
    assert same_word("book", "booking")
    assert not same_word("movie", "film")


def test_spans_stay_exact_and_runs_are_deterministic() -> None:
    text = "I want to buy a new laptop in Boston"
    record = Record(text, "shop", (Span(30, 36, "city"),))
    augmenter = EmbeddingNeighbours(rate=1.0)
    first = augmenter.augment(record, n=2, seed=7)
    assert first == augmenter.augment(record, n=2, seed=7)
    assert first
    for variant in first:
        assert [variant.span_text(s) for s in variant.spans] == ["Boston"]
        assert variant.text != text


def test_exact_output_under_a_fixed_seed() -> None:
    out = EmbeddingNeighbours().augment("I want to buy a new laptop", n=1, seed=0)
    assert [r.text for r in out] == ["I want to purchase a new laptop"]


def test_synonyms_must_be_among_the_top_k_neighbours() -> None:
    vectors = load_vectors()
    assert vectors.similarity("store", "shop") >= 0.35
    assert "shop" not in [w for w, _ in vectors.neighbours("store", top_k=50)]
    assert EmbeddingNeighbours().candidates("store", "NOUN") == []
    assert EmbeddingNeighbours(top_k=len(vectors)).candidates("store", "NOUN") == ["shop"]


def test_synonym_counts_when_only_an_inflected_form_is_a_neighbour() -> None:
    vectors = load_vectors()
    neighbours = [w for w, _ in vectors.neighbours("movie", top_k=50, min_similarity=0.35)]
    assert "films" in neighbours
    assert "film" in EmbeddingNeighbours().candidates("movie", "NOUN")


def test_imperative_verbs_tagged_as_nouns_are_recognised() -> None:
    from textaug.tokens import tokenize

    wn = load_wordnet()

    def check(text: str, tags: list[str], i: int) -> bool:
        tokens = tokenize(text)
        assert len(tokens) == len(tags)
        return verb_tagged_as_noun(tokens, tags, i, wn)

    assert check("Turn the volume up", ["NOUN", "DET", "NOUN", "ADP"], 0)
    assert check("Please rate this novel", ["INTJ", "NOUN", "DET", "NOUN"], 1)
    assert check("play jazz and sort it", ["VERB", "NOUN", "CCONJ", "NOUN", "PRON"], 3)
    assert not check("Rain is expected", ["NOUN", "AUX", "VERB"], 0)  # a subject
    assert not check("take a turn", ["VERB", "DET", "NOUN"], 2)  # not opening a clause
    assert not check("Music by Queen", ["NOUN", "ADP", "PROPN"], 0)  # not a verb


def test_mis_tagged_imperative_is_not_replaced_by_a_noun_synonym() -> None:
    augmenter = EmbeddingNeighbours(rate=1.0)
    assert augmenter.candidates("turn", "NOUN")  # "twist": the noun sense
    for seed in range(5):
        for variant in augmenter.augment("Turn the volume up a little", n=3, seed=seed):
            assert variant.text.startswith("Turn "), variant.text


def test_output_is_the_same_in_another_process() -> None:
    code = (
        "import json, sys\n"
        "from textaug.synonyms import EmbeddingNeighbours\n"
        "a = EmbeddingNeighbours(rate=0.5)\n"
        "for line in open(sys.argv[1], encoding='utf-8'):\n"
        "    text = json.loads(line)['text']\n"
        "    print([r.text for r in a.augment(text, n=3, seed=5)])\n"
    )
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", code, str(TRAPS)],
            capture_output=True, text=True, check=True, cwd=ROOT, env=env,
        )  # fmt: skip
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert outputs.pop().count("[]") < 38  # some sentences did change


def test_config_round_trip_and_validation() -> None:
    augmenter = from_config({"name": "embedding_neighbours", "top_k": 20, "min_similarity": 0.5})
    assert isinstance(augmenter, EmbeddingNeighbours)
    assert from_config(augmenter.to_config()) == augmenter
    with pytest.raises(ConfigError):
        EmbeddingNeighbours(format="pickle")
    with pytest.raises(ConfigError):
        EmbeddingNeighbours(top_k=0)
    for senses in (0, -5):  # before, accepted, and every call gave []
        with pytest.raises(ConfigError, match="max_senses"):
            EmbeddingNeighbours(max_senses=senses)


def _trap_result() -> tuple[int, int]:
    """(replacements made, unacceptable ones) over the hand-labelled trap set."""
    augmenter = EmbeddingNeighbours()
    total = bad = 0
    for line in TRAPS.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        acceptable = {k: set(v) for k, v in case["acceptable"].items()}
        for seed in range(3):
            for variant in augmenter.augment(case["text"], n=3, seed=seed):
                for edit in variant.edits:
                    original = case["text"][edit.start : edit.end].lower()
                    if original in ("a", "an"):
                        continue  # article agreement after a replacement
                    total += 1
                    bad += edit.text.lower() not in acceptable.get(original, set())
    return total, bad


def test_trap_set_meets_the_five_percent_target() -> None:
    total, bad = _trap_result()
    assert total >= 15
    assert bad / total <= 0.05


def test_outranked_agrees_with_the_neighbour_list() -> None:
    vectors = load_vectors()
    for word in ("song", "cheap", "flight", "weather", "store"):
        scores = [s for _, s in vectors.neighbours(word, top_k=11)]
        assert not vectors.outranked(word, scores[9], 10)  # the 10th is inside the top 10
        assert vectors.outranked(word, scores[10], 10)  # the 11th is not
    assert vectors.outranked("notawordatall", 0.0, 10)


@pytest.mark.parametrize(
    ("name", "content"),
    [("bad.txt", b"hello world\n"), ("bad.npz", b"not a zip"), ("bad.vec", b"2 3\nhi 1 2\n")],
)
def test_a_malformed_vectors_file_is_a_resource_error(
    tmp_path: Path, name: str, content: bytes
) -> None:
    from textaug.errors import ResourceError
    from textaug.synonyms.vectors import load_vectors

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ResourceError, match="cannot read"):
        load_vectors(str(path))
