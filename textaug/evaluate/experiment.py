"""The experiment: every (shots, seed) run, each arm trained and scored."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError
from textaug.evaluate.classifier import C_GRID, fit_predict, require_sklearn, score, tune_c
from textaug.evaluate.data import Draw, draw_k_shot, duplicated, eda_augment, noisy_copy, pick_rows
from textaug.evaluate.results import ArmScore, EvalResult
from textaug.expand import expand_records
from textaug.record import Record

#: Test rows scored per run at most (a seed-0 sample of a bigger test set): enough to
#: resolve half a point of accuracy, and it keeps memory flat on huge inputs.
DEFAULT_TEST_LIMIT = 10_000

#: EDA with all four operations (Wei and Zou, 2019) at alpha 0.1.
EDA_FULL: dict[str, Any] = {
    "name": "one_of",
    "choices": [
        {"name": "wordnet_synonyms", "rate": 0.1},
        {"name": "random_insertion", "rate": 0.1},
        {"name": "random_swap", "rate": 0.1},
        {"name": "random_deletion", "rate": 0.1},
    ],
}
BASELINES = {"eda_full": EDA_FULL}


def baseline_recipe(name_or_path: str) -> Augmenter:
    """A built-in recipe or recipe file; ``eda_full`` is defined here if no recipe ships it."""
    from textaug.recipes import builtin_recipes, load_recipe, recipe_from_config

    if name_or_path in BASELINES and name_or_path not in builtin_recipes():
        return recipe_from_config(BASELINES[name_or_path], name_or_path)
    return load_recipe(name_or_path)


def eda_n_aug(train_size: int) -> int:
    """Variants per original from EDA's published table for a training set this size."""
    if train_size <= 500:
        return 16
    if train_size <= 2000:
        return 8
    return 4


@dataclass(frozen=True)
class EvalSettings:
    """What to run: shots, seeds, the recipe and its expansion factor, the optional baseline.

    ``recipe`` may be a config, so a ``slot_swap`` without values swaps among the
    values seen in each k-shot training subset (never the test data).
    """

    recipe: Augmenter | dict[str, Any] | list[Any]
    shots: tuple[int, ...] = (5, 10)
    seeds: int = 5
    factor: float = 5.0
    baseline: Augmenter | None = None
    baseline_n: int | None = None
    noise: Augmenter | None = None
    c_grid: tuple[float, ...] = C_GRID
    test_limit: int | None = DEFAULT_TEST_LIMIT

    def __post_init__(self) -> None:
        if not self.shots or min(self.shots) < 1:
            raise ConfigError(f"shots must be positive integers, got {self.shots}")
        if self.seeds < 1:
            raise ConfigError(f"seeds must be at least 1, got {self.seeds}")
        if self.factor < 1:
            raise ConfigError(f"factor must be at least 1, got {self.factor}")


def evaluate(
    train_pool: Iterable[Record],
    test: Iterable[Record] | None,
    settings: EvalSettings,
    progress: Callable[[str], Any] | None = None,
) -> EvalResult:
    """Run every (shots, seed) pair and collect the arms' scores.

    Without ``test``, each run tests on the training pool's records that are not
    in its k-shot subset (at most ``test_limit`` of them, drawn per seed).
    ``train_pool`` and ``test`` are iterated more than once: pass lists, or
    :class:`LenientFile` objects to stream files of any size (memory then holds
    only the drawn subsets).
    """
    require_sklearn()
    from threadpoolctl import threadpool_limits

    # One BLAS thread: these problems are tiny, and oversubscribed threads cost 10x.
    with threadpool_limits(1):
        return _evaluate(train_pool, test, settings, progress)


def _evaluate(
    train_pool: Iterable[Record],
    test: Iterable[Record] | None,
    settings: EvalSettings,
    progress: Callable[[str], Any] | None,
) -> EvalResult:
    if settings.noise is None:
        raise ConfigError("evaluate needs a noise augmenter for the noisy test copy")
    result = EvalResult()
    counts = Counter(record.label for record in train_pool)
    limit = settings.test_limit
    fixed_test: list[Record] | None = None
    if test is not None:
        fixed_test = _fixed_test(test, set(counts), limit, result)
        fixed_noisy = noisy_copy(fixed_test, settings.noise)
        result.test_size = len(fixed_test)
    draws: list[Draw] = []
    for shots in settings.shots:
        for seed in range(settings.seeds):
            rng = random.Random(f"k-shot {shots} {seed}")
            chosen = draw_k_shot(counts, shots, rng)
            left = sum(counts.values()) - sum(len(c) for c in chosen.values())
            positions = None
            if fixed_test is None and limit is not None and left > limit:
                positions = set(rng.sample(range(left), limit))
            draws.append(Draw(shots, seed, chosen, positions))
    pick_rows(train_pool, draws, held_out_test=fixed_test is None)
    for draw in draws:
        shots, seed, train = draw.shots, draw.seed, draw.train
        scores = result.scores.setdefault(shots, defaultdict(list))
        if fixed_test is None:
            test_rows = draw.test
            noisy_rows = noisy_copy(test_rows, settings.noise, seed)
            result.test_size = len(test_rows)
        else:
            test_rows, noisy_rows = fixed_test, fixed_noisy
        draw.test = []  # done with it: keep memory to one run's test rows
        c = tune_c(train, settings.c_grid, seed)
        result.chosen_c.setdefault(shots, []).append(c)
        arms = {"none": train}
        expanded, _ = expand_records(train, settings.recipe, factor=settings.factor, seed=seed)
        arms["duplicate"] = duplicated(train, expanded)
        arms["recipe"] = expanded
        if settings.baseline is not None:
            n = settings.baseline_n or eda_n_aug(len(train))
            eda = eda_augment(train, settings.baseline, n, seed)
            arms["baseline"] = eda
            arms["baseline duplicate"] = duplicated(train, eda)
        for arm, rows in arms.items():
            clean, noisy = fit_predict(rows, [test_rows, noisy_rows], c)
            accuracy, f1 = score(test_rows, clean)
            noisy_accuracy, noisy_f1 = score(noisy_rows, noisy)
            scores[arm].append(ArmScore(len(rows), accuracy, f1, noisy_accuracy, noisy_f1))
        if progress is not None:
            progress(f"{shots} shots, seed {seed}: C={c}")
    result.scores = {shots: dict(arms) for shots, arms in result.scores.items()}
    return result


def _fixed_test(
    test: Iterable[Record], known: set[str | None], limit: int | None, result: EvalResult
) -> list[Record]:
    """The test rows whose intent the training data has, at most ``limit`` of them
    (a seed-0 sample, picked in a second pass so a huge test file is never held whole)."""
    total = kept = 0
    for record in test:
        total += 1
        kept += record.label in known
    dropped = total - kept
    positions: set[int] | None = None
    if limit is not None and kept > limit:
        positions = set(random.Random(0).sample(range(kept), limit))
        result.notes.append(f"test set subsampled to {limit} rows (seed 0)")
    rows: list[Record] = []
    position = 0
    for record in test:
        if record.label not in known:
            continue
        if positions is None or position in positions:
            rows.append(record)
        position += 1
    if dropped:
        result.notes.append(f"{dropped} test rows whose intent is not in the training data dropped")
    return rows
