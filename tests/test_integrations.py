"""textaug from spaCy training, Hugging Face datasets, pandas and Dask: same output as the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import spacy
from dask.distributed import Client, LocalCluster
from datasets import Dataset
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.training import Corpus

from textaug import Augmenter, Context, Edit, Record, load_recipe
from textaug.integrations.dask import augment_bag, indexed_bag, read_jsonl_bag, write_jsonl
from textaug.integrations.hf import batched_augmenter
from textaug.integrations.pandas import augment_dataframe
from textaug.integrations.rows import Columns
from textaug.integrations.spacy_augmenter import (
    MISALIGNED,
    REGISTERED_NAME,
    SpacyAugmenter,
    augment_doc,
    text_index,
)
from textaug.io.jsonl import format_jsonl
from textaug.record import Span
from textaug.run import augment_records

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SNIPS_TRAIN = SHARED / "data" / "intents" / "snips" / "train.jsonl"
SEED = 7
N = 3


@pytest.fixture(scope="module")
def snips_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 200th SNIPS training record (69 records, all seven intents), as JSONL."""
    lines = SNIPS_TRAIN.read_text(encoding="utf-8").splitlines(keepends=True)[::200]
    path = tmp_path_factory.mktemp("data") / "snips.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def snips_records(snips_file: Path) -> list[Record]:
    from textaug.io import read_records

    return list(read_records(str(snips_file)))


@pytest.fixture(scope="module")
def cli_lines(snips_records: list[Record]) -> list[str]:
    """What ``textaug augment -n 3 --seed 7`` writes for the same records."""
    out = augment_records(snips_records, load_recipe("default"), N, seed=SEED)
    return [format_jsonl(record) for record in out]


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def rows_as_lines(rows: list[dict[str, object]]) -> list[str]:
    columns = Columns()
    return [format_jsonl(columns.record(row)) for row in rows]


# --- Hugging Face datasets -------------------------------------------------------------


@pytest.mark.parametrize(("num_proc", "batch_size"), [(None, 1000), (None, 7), (2, 5)])
def test_dataset_map_matches_cli_for_any_batch_size_and_process_count(
    snips_file: Path, cli_lines: list[str], tmp_path: Path, num_proc: int | None, batch_size: int
) -> None:
    dataset = Dataset.from_json(str(snips_file), cache_dir=str(tmp_path))
    fn = batched_augmenter(load_recipe("default"), n=N, seed=SEED)
    augmented = dataset.map(
        fn, batched=True, with_indices=True, batch_size=batch_size, num_proc=num_proc
    )
    assert rows_as_lines(augmented.to_list()) == cli_lines


def test_dataset_map_keeps_label_and_entities_with_their_text(
    snips_file: Path, tmp_path: Path
) -> None:
    dataset = Dataset.from_json(str(snips_file), cache_dir=str(tmp_path))
    fn = batched_augmenter(load_recipe("default"), n=2, seed=1, keep_originals=False)
    augmented = dataset.map(fn, batched=True, with_indices=True, batch_size=16)
    for row in augmented:
        parent = dataset[row["textaug"]["parent"]]
        assert row["intent"] == parent["intent"]
        assert row["goo2018_split"] == parent["goo2018_split"]
        assert row["textaug"]["variant"] >= 1
        assert row["text"] != parent["text"]
        assert [e["value"] for e in row["entities"]] == [e["value"] for e in parent["entities"]]
        assert all(row["text"][e["start"] : e["end"]] == e["value"] for e in row["entities"])


def test_dataset_map_without_indices_says_how_to_call_it() -> None:
    from textaug.errors import ConfigError

    fn = batched_augmenter(load_recipe("default"), n=1)
    with pytest.raises(ConfigError, match="with_indices=True"):
        fn({"text": ["book a flight"]})


def test_index_column_keys_generators_on_ids_not_positions() -> None:
    fn = batched_augmenter(load_recipe("default"), n=2, seed=3, index_column="id")
    batch: dict[str, list[Any]] = {
        "text": ["please book a cheap flight to Paris for me", "play some jazz music now"],
        "id": [10, 4],
    }
    reversed_batch = {key: values[::-1] for key, values in batch.items()}
    forward = fn(batch)
    backward = fn(reversed_batch)
    assert sorted(forward["text"]) == sorted(backward["text"])
    assert forward["textaug"][0] == {"parent": 10, "variant": 0, "ops": ""}


# --- pandas ----------------------------------------------------------------------------


def test_augment_dataframe_matches_cli(snips_file: Path, cli_lines: list[str]) -> None:
    df = pd.read_json(snips_file, lines=True)
    out = augment_dataframe(df, load_recipe("default"), n=N, seed=SEED)
    assert list(out.columns) == [*df.columns, "textaug"]
    assert rows_as_lines(out.to_dict("records")) == cli_lines


def test_augment_dataframe_without_entities_column_keeps_labels() -> None:
    df = pd.DataFrame(
        {
            "sentence": ["what is the weather like in Berlin today", "turn the lights off please"],
            "label": [3, 1],
        }
    )
    out = augment_dataframe(
        df,
        load_recipe("default"),
        n=2,
        seed=0,
        text_column="sentence",
        label_column="label",
        entities_column=None,
    )
    assert list(out.columns) == ["sentence", "label", "textaug"]
    for _, row in out.iterrows():
        assert row["label"] == df["label"][row["textaug"]["parent"]]


# --- Dask --------------------------------------------------------------------------------


def test_dask_bag_on_local_cluster_matches_cli(
    dask_client: Client, snips_records: list[Record], cli_lines: list[str]
) -> None:
    bag = augment_bag(
        indexed_bag(snips_records, npartitions=4), load_recipe("default"), N, seed=SEED
    )
    assert [format_jsonl(record) for record in bag.compute()] == cli_lines


def test_dask_reads_jsonl_in_blocks_and_writes_it_in_order(
    dask_client: Client, snips_file: Path, cli_lines: list[str], tmp_path: Path
) -> None:
    indexed = read_jsonl_bag(str(snips_file), blocksize=2000)
    assert indexed.npartitions > 3
    out = tmp_path / "augmented.jsonl"
    count = write_jsonl(
        augment_bag(indexed, load_recipe("default"), N, seed=SEED), str(out), window=2
    )
    assert out.read_text(encoding="utf-8") == "".join(cli_lines)
    assert count == len(cli_lines)


# --- spaCy -------------------------------------------------------------------------------

SPACY_TEXTS = [
    ("book a table for four at Luigi's tonight", [("Luigi's", "restaurant"), ("tonight", "time")]),
    (
        "what will the weather be like in New York on Friday",
        [("New York", "city"), ("Friday", "date")],
    ),
    ("play the latest album by Miles Davis on my kitchen speaker", [("Miles Davis", "artist")]),
    ("add Bohemian Rhapsody to my road trip playlist", [("Bohemian Rhapsody", "track")]),
    (
        "find me a cheap flight from Boston to Denver next Monday",
        [("Boston", "from_city"), ("Denver", "to_city"), ("next Monday", "date")],
    ),
    ("remind me to call my sister at 6 pm", [("6 pm", "time")]),
]


def make_docs(nlp: spacy.language.Language) -> list[Doc]:
    docs = []
    for text, entities in SPACY_TEXTS:
        doc = nlp.make_doc(text)
        spans: list[SpacySpan] = []
        for value, label in entities:
            start = text.index(value)
            span = doc.char_span(start, start + len(value), label=label, alignment_mode="strict")
            assert span is not None
            spans.append(span)
        doc.ents = spans
        docs.append(doc)
    return docs


@pytest.fixture(scope="module")
def spacy_corpus_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spacy") / "train.spacy"
    DocBin(docs=make_docs(spacy.blank("en"))).to_disk(path)
    return path


def corpus_from_config(path: Path) -> Corpus:
    """The training corpus exactly as ``spacy train`` resolves it from a config."""
    config = spacy.util.load_config_from_str(
        f"""
[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = "{path}"
gold_preproc = false

[corpora.train.augmenter]
@augmenters = "{REGISTERED_NAME}"
recipe = "default"
n = 2
seed = 5
keep_original = true
"""
    )
    corpus = spacy.registry.resolve(config)["corpora"]["train"]
    assert isinstance(corpus, Corpus)
    return corpus


def entity_pairs(doc: Doc) -> list[tuple[str, str]]:
    return [(ent.label_, ent.text) for ent in doc.ents]


def test_spacy_corpus_with_textaug_augmenter_keeps_every_entity(spacy_corpus_path: Path) -> None:
    nlp = spacy.blank("en")
    corpus = corpus_from_config(spacy_corpus_path)
    assert isinstance(corpus.augmenter, SpacyAugmenter)
    examples = list(corpus(nlp))
    originals = {
        text: sorted((label, value) for value, label in ents) for text, ents in SPACY_TEXTS
    }
    source = None
    variants = 0
    for example in examples:
        text = example.reference.text
        assert example.predicted.text == text
        if text in originals:
            source = text
            continue
        variants += 1
        assert source is not None and text != source
        assert sorted(entity_pairs(example.reference)) == originals[source]
        for ent in example.reference.ents:
            assert text[ent.start_char : ent.end_char] == ent.text
    assert variants == 2 * len(SPACY_TEXTS)


def test_spacy_corpus_gives_the_same_variants_every_epoch(spacy_corpus_path: Path) -> None:
    nlp = spacy.blank("en")
    corpus = corpus_from_config(spacy_corpus_path)
    first = [(eg.reference.text, entity_pairs(eg.reference)) for eg in corpus(nlp)]
    second = [(eg.reference.text, entity_pairs(eg.reference)) for eg in corpus(nlp)]
    assert first == second


def test_spacy_augmenter_uses_the_generator_of_the_text_hash() -> None:
    nlp = spacy.blank("en")
    doc = make_docs(nlp)[4]
    recipe = load_recipe("default")
    expected = recipe.variants(
        Record(doc.text, spans=tuple(Span(e.start_char, e.end_char, e.label_) for e in doc.ents)),
        3,
        Context.for_record(11, text_index(doc.text)),
    )
    assert [d.text for d in augment_doc(doc, recipe, n=3, seed=11)] == [r.text for r in expected]


@dataclass(frozen=True)
class GlueAfterFirstEntity(Augmenter):
    """Appends "x" right after the first entity, so it no longer ends on a token boundary."""

    def transform(self, record: Record, ctx: Context) -> Record | None:
        end = record.spans[0].end
        return record.apply([Edit(end, end, "x", op="glue")])


def test_variant_with_entity_off_token_boundaries_is_dropped_and_counted() -> None:
    from spacy.training import Example

    nlp = spacy.blank("en")
    doc = make_docs(nlp)[2]
    assert augment_doc(doc, GlueAfterFirstEntity(), n=1) == []
    augmenter = SpacyAugmenter(GlueAfterFirstEntity(), n=1)
    produced = list(augmenter(nlp, Example(nlp.make_doc(doc.text), doc)))
    assert [eg.reference.text for eg in produced] == [doc.text]
    assert augmenter.tally[MISALIGNED] == 1


def test_augment_doc_returns_docs_in_the_same_vocab_with_cats() -> None:
    nlp = spacy.blank("en")
    doc = make_docs(nlp)[1]
    doc.cats = {"weather": 1.0}
    variants = augment_doc(doc, load_recipe("default"), n=3, seed=2)
    assert len(variants) == 3
    for variant in variants:
        assert variant.vocab is doc.vocab
        assert variant.cats == {"weather": 1.0}
        assert entity_pairs(variant) == entity_pairs(doc)
        assert all(token.ent_iob_ in ("B", "I", "O") for token in variant)
