"""textaug evaluate: k-shot splits, the duplication control, tuned C, table, JSON and plot."""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from textaug.cli import main
from textaug.errors import ResourceError
from textaug.evaluate import (
    C_GRID,
    EvalSettings,
    duplicated,
    eda_n_aug,
    evaluate,
    k_shot,
    noise_augmenter,
    noisy_copy,
    require_sklearn,
    tune_c,
)
from textaug.io import read_records
from textaug.record import Record
from textaug.registry import from_config

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "intents.jsonl"


@pytest.fixture(scope="module")
def corpus() -> list[Record]:
    return list(read_records(str(CORPUS)))


def test_k_shot_takes_k_per_intent_and_leaves_the_rest_for_testing(corpus: list[Record]) -> None:
    train, rest = k_shot(corpus, 3, random.Random(0))
    assert set(Counter(r.label for r in train).values()) == {3}
    assert len(train) + len(rest) == len(corpus)
    assert not {id(r) for r in train} & {id(corpus[i]) for i in rest}
    again, _ = k_shot(corpus, 3, random.Random(0))
    assert again == train


def test_duplication_control_matches_the_augmented_rows_per_intent() -> None:
    originals = [Record("a b", "x"), Record("c d", "x"), Record("e f", "y")]
    augmented = originals + [Record("b a", "x")] * 3 + [Record("f e", "y")]
    control = duplicated(originals, augmented)
    assert Counter(r.label for r in control) == Counter(r.label for r in augmented)
    assert [r.text for r in control] == ["a b", "c d", "a b", "c d", "a b", "e f", "e f"]


def test_eda_table() -> None:
    assert [eda_n_aug(n) for n in (70, 500, 1500, 5000)] == [16, 16, 8, 4]


def test_noisy_copy_changes_words_but_keeps_labels_and_entities(corpus: list[Record]) -> None:
    noisy = noisy_copy(corpus[:30], noise_augmenter(0.3))
    assert [r.label for r in noisy] == [r.label for r in corpus[:30]]
    assert sum(a.text != b.text for a, b in zip(noisy, corpus, strict=False)) >= 20
    for before, after in zip(corpus, noisy, strict=False):
        kept = [after.span_text(s) for s in after.spans]
        assert kept == [before.span_text(s) for s in before.spans]


def test_tune_c_picks_from_the_grid(corpus: list[Record]) -> None:
    train, _ = k_shot(corpus, 4, random.Random(1))
    assert tune_c(train, C_GRID, 0) in C_GRID


def test_variants_come_only_from_the_k_shot_training_subset(corpus: list[Record]) -> None:
    recipe = from_config({"name": "random_swap"})
    settings = EvalSettings(recipe=recipe, shots=(2,), seeds=1, factor=2.0, noise=noise_augmenter())
    result = evaluate(corpus, None, settings)
    scores = result.scores[2]
    assert set(scores) == {"none", "duplicate", "recipe"}
    assert scores["duplicate"][0].rows == scores["recipe"][0].rows
    assert result.test_size == len(corpus) - 20


def test_missing_scikit_learn_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)
    with pytest.raises(ResourceError, match=r'pip install "textaug\[eval\]"'):
        require_sklearn()


def test_cli_prints_the_three_arms_and_writes_json_and_png(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plot, out = tmp_path / "plot.png", tmp_path / "result.json"
    argv = [
        "evaluate", str(CORPUS), "--shots", "3", "--seeds", "2", "--factor", "2",
        "--aug", "random_swap", "--plot", str(plot), "--json", str(out), "-q",
    ]  # fmt: skip
    assert main(argv) == 0
    table = capsys.readouterr().out
    for arm in ("| 3 | none |", "| 3 | duplicate |", "| 3 | recipe |", "recipe - duplicate"):
        assert arm in table
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = json.loads(out.read_text())
    entry = data["shots"]["3"]
    assert set(entry["arms"]) == {"none", "duplicate", "recipe"}
    assert len(entry["chosen_c"]) == 2 and set(entry["chosen_c"]) <= set(C_GRID)
    assert set(entry["gains"]) == {"recipe - duplicate", "duplicate - none"}
    assert entry["arms"]["recipe"]["rows"] == entry["arms"]["duplicate"]["rows"]
    assert 50 <= entry["arms"]["recipe"]["rows"]["mean"] <= 60  # 3 shots x 10 intents x 2
    assert {"noise_cost", "won_back", "share_won_back"} <= set(entry["noise_recovery"])


def test_the_table_and_json_give_the_test_rows_scored(corpus: list[Record]) -> None:
    recipe = from_config({"name": "random_swap"})
    settings = EvalSettings(recipe=recipe, shots=(2,), seeds=2, factor=2.0, noise=noise_augmenter())
    fixed = evaluate(corpus, corpus[:40], settings)
    held_out = evaluate(corpus, None, settings)  # 96 rows, 10 intents: 76 held out per seed
    for result, size in ((fixed, 40), (held_out, len(corpus) - 20)):
        lines = result.markdown().splitlines()
        assert lines[0].endswith("| noisy macro-F1 | test rows |")
        assert lines[2].startswith("| 2 | none |") and lines[2].endswith(f"| {size} |")
        for arm in ("none", "duplicate", "recipe"):
            assert {s.test_rows for s in result.scores[2][arm]} == {size}
            entry = result.to_dict()["shots"]["2"]["arms"][arm]
            assert entry["test_rows"] == {"mean": size, "std": 0.0}
            assert {"rows", "accuracy", "noisy_macro_f1", "per_seed_accuracy"} <= set(entry)


def test_macro_f1_averages_over_the_test_set_intents_only() -> None:
    from textaug.evaluate.classifier import score

    test = [Record("a", "x"), Record("b", "x"), Record("c", "y")]
    # "z" was trained on but is not in the test set: predicting it once is one miss,
    # not an extra intent with an F1 of 0 in the average
    accuracy, macro_f1 = score(test, ["x", "z", "y"])
    assert accuracy == pytest.approx(2 / 3)
    assert macro_f1 == pytest.approx((2 / 3 + 1.0) / 2)


def test_test_size_is_one_number_only_when_every_run_scored_that_many(
    corpus: list[Record],
) -> None:
    # Held out (no --test), 2 and 3 shots score on 76 and 66 rows: no single test_size
    # is true of both, so it is null and each run's size is given per shot count.
    recipe = from_config({"name": "random_swap"})
    settings = EvalSettings(
        recipe=recipe, shots=(2, 3), seeds=1, factor=2.0, noise=noise_augmenter()
    )
    held_out = evaluate(corpus, None, settings)
    data = json.loads(json.dumps(held_out.to_dict()))
    assert held_out.test_size is None and data["test_size"] is None
    assert data["shots"]["2"]["test_sizes"] == [len(corpus) - 20]
    assert data["shots"]["3"]["test_sizes"] == [len(corpus) - 30]
    for shots, arms in held_out.scores.items():
        assert held_out.test_sizes(shots) == [s.test_rows for s in arms["recipe"]]
    # A fixed --test file: every run scores its rows, so test_size stays that count.
    fixed = evaluate(corpus, corpus[:40], settings).to_dict()
    assert fixed["test_size"] == 40
    assert fixed["shots"]["2"]["test_sizes"] == fixed["shots"]["3"]["test_sizes"] == [40]
