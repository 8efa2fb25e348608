"""evaluate draws its subsets from files in passes, holding only what it drew."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from textaug.evaluate import (
    Draw,
    EvalSettings,
    LenientFile,
    draw_k_shot,
    evaluate,
    k_shot,
    noise_augmenter,
    pick_rows,
)
from textaug.record import Record
from textaug.registry import from_config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "intents.jsonl"


class CountingSource:
    """A re-iterable source that yields fresh records each pass and counts passes."""

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.passes = 0

    def __iter__(self) -> Iterator[Record]:
        self.passes += 1
        for record in self.records:
            yield Record(record.text, record.label, record.spans)


def settings(**overrides: object) -> EvalSettings:
    base: dict[str, object] = {
        "recipe": from_config({"name": "random_swap"}),
        "shots": (2, 3),
        "seeds": 2,
        "factor": 2.0,
        "noise": noise_augmenter(),
    }
    base.update(overrides)
    return EvalSettings(**base)  # type: ignore[arg-type]


def test_a_streamed_file_gives_the_same_results_as_a_list() -> None:
    pool = list(LenientFile(str(CORPUS)))
    for test in (None, pool[:40]):
        for limit in (None, 30):
            from_list = evaluate(pool, test, settings(test_limit=limit))
            from_file = evaluate(LenientFile(str(CORPUS)), test, settings(test_limit=limit))
            assert from_file.to_dict() == from_list.to_dict()


def test_draws_match_k_shot_and_keep_only_the_drawn_rows() -> None:
    pool = list(LenientFile(str(CORPUS)))
    counts = Counter(r.label for r in pool)
    source = CountingSource(pool)
    for seed in range(3):
        expected, rest = k_shot(pool, 4, random.Random(seed))
        every_7th = range(0, len(rest), 7)
        draw = Draw(4, seed, draw_k_shot(counts, 4, random.Random(seed)), set(every_7th))
        pick_rows(source, [draw], held_out_test=True)
        assert [r.text for r in draw.train] == [r.text for r in expected]
        assert [r.text for r in draw.test] == [pool[rest[i]].text for i in every_7th]
    assert source.passes == 3


def test_evaluate_reads_the_training_file_twice_and_the_test_file_twice() -> None:
    pool = list(LenientFile(str(CORPUS)))
    train, test = CountingSource(pool), CountingSource(pool[:30])
    evaluate(train, test, settings(seeds=1, shots=(2,)))
    assert (train.passes, test.passes) == (2, 2)


def test_broken_entity_rows_are_kept_as_text_and_intent(tmp_path: Path) -> None:
    rows = [
        {"text": "book a table", "intent": "book", "entities": []},
        {"text": "play jazz", "intent": "play", "entities": [{"start": 5, "end": 9,
                                                              "entity": "genre", "value": "rock"}]},
    ]  # fmt: skip
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    source = LenientFile(str(path))
    assert [(r.text, r.label, r.spans) for r in source] == [
        ("book a table", "book", ()),
        ("play jazz", "play", ()),
    ]
    assert source.repaired == 1


def test_default_test_limit_samples_big_test_sets() -> None:
    pool = list(LenientFile(str(CORPUS)))
    result = evaluate(pool, pool, settings(seeds=1, shots=(2,), test_limit=50))
    assert result.test_size == 50
    assert result.notes == ["test set subsampled to 50 rows (seed 0)"]
    assert EvalSettings(recipe={"name": "random_swap"}).test_limit == 10_000


@pytest.mark.parametrize("limit", [None, 25])
def test_held_out_test_rows_never_include_training_rows(limit: int | None) -> None:
    pool = list(LenientFile(str(CORPUS)))
    counts = Counter(r.label for r in pool)
    rng = random.Random(5)
    chosen = draw_k_shot(counts, 3, rng)
    left = len(pool) - sum(len(c) for c in chosen.values())
    positions = None if limit is None else set(rng.sample(range(left), limit))
    draw = Draw(3, 0, chosen, positions)
    pick_rows(pool, [draw], held_out_test=True)
    assert len(draw.train) == 3 * len(counts)
    assert len(draw.test) == (left if limit is None else limit)
    assert not {id(r) for r in draw.train} & {id(r) for r in draw.test}
