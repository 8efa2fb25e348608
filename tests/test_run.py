"""The runner: identical output for any worker count and batch size; lazy, bounded streaming."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from textaug import Record, augment_records, load_recipe
from textaug.augmenter import Augmenter, Context
from textaug.io.jsonl import format_jsonl
from textaug.run import Summary


def lines(records: list[Record], workers: int, batch_size: int, seed: int = 5) -> list[str]:
    out = augment_records(
        records, load_recipe("default"), 3, seed=seed, workers=workers, batch_size=batch_size
    )
    return [format_jsonl(r) for r in out]


def test_same_output_with_one_or_two_workers_and_any_batch_size(
    corpus_records: list[Record],
) -> None:
    reference = lines(corpus_records, workers=1, batch_size=256)
    assert lines(corpus_records, workers=1, batch_size=7) == reference
    assert lines(corpus_records, workers=2, batch_size=5) == reference


def test_other_seed_other_output(corpus_records: list[Record]) -> None:
    assert lines(corpus_records, 1, 64, seed=1) != lines(corpus_records, 1, 64, seed=2)


def test_originals_come_first_unchanged_and_variants_name_their_parent(
    corpus_records: list[Record],
) -> None:
    out = list(augment_records(corpus_records[:5], load_recipe("default"), 2, seed=0))
    originals = [r for r in out if "textaug" not in r.meta]
    assert originals == corpus_records[:5]
    for record in out:
        if "textaug" in record.meta:
            parent = corpus_records[record.meta["textaug"]["parent"]]
            assert record.label == parent.label
            assert record.meta["textaug"]["ops"]


def test_summary_counts_and_explains_short_records() -> None:
    summary = Summary()
    records = [Record("book a cheap flight to rome"), Record("hi"), Record("bye")]
    list(augment_records(records, load_recipe("eda"), 3, seed=0, summary=summary))
    assert summary.records_in == 3
    assert summary.short == 2
    # "hi" and "bye": each of EDA's three operations gives up on a single word, once
    assert summary.reasons == {
        "random_swap: fewer than 2 movable words": 2,
        "random_insertion: no word to copy or no place to insert": 2,
        "random_deletion: no deletable word (one word left, or all protected)": 2,
    }
    assert "2 records yielded fewer than 3" in summary.line(3)


def test_input_is_consumed_lazily() -> None:
    consumed = 0

    def source() -> Iterator[Record]:
        nonlocal consumed
        for i in range(1_000_000):
            consumed += 1
            yield Record(f"please book flight number {i} to rome")

    stream = augment_records(source(), load_recipe("default"), 1, seed=0, batch_size=10)
    for _ in range(20):
        next(stream)
    assert consumed <= 20


@dataclass(frozen=True)
class _Silent(Augmenter):
    """Never changes anything and never says why."""

    def transform(self, record: Record, ctx: Context) -> Record | None:
        return None


def test_a_silent_shortfall_names_the_tries_really_made() -> None:
    summary = Summary()
    list(augment_records([Record("hi")], _Silent(), 2, summary=summary))
    assert summary.reasons == {"no distinct variant in 8 tries": 1}
