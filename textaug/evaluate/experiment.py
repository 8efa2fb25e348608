"""The experiment: every (shots, seed) run, each arm trained and scored."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError, DataError
from textaug.evaluate.classifier import C_GRID, fit_predict, require_sklearn, score, tune_c
from textaug.evaluate.data import (
    Draw,
    draw_k_shot,
    duplicated,
    eda_augment,
    ignored_reason,
    noisy_copy,
    pick_rows,
    usable,
    without_repeats,
)
from textaug.evaluate.results import ArmScore, EvalResult
from textaug.expand import expand_records
from textaug.record import Record
from textaug.run import plural

#: Test rows scored per run at most (a seed-0 sample of a bigger test set): enough to
#: resolve half a point of accuracy, and it keeps memory flat on huge inputs.
DEFAULT_TEST_LIMIT = 10_000

#: EDA with all four operations (Wei and Zou, 2019) at alpha 0.1. EDA draws synonyms
#: from every sense, so rare senses stay in (``min_score`` 0.02, below the default).
EDA_FULL: dict[str, Any] = {
    "name": "one_of",
    "choices": [
        {"name": "wordnet_synonyms", "rate": 0.1, "min_score": 0.02},
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
    values seen in each k-shot training subset (never the test data), and word
    replacement keeps the label words of that subset unless ``keep_label_words`` is off.
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
    keep_label_words: bool = True

    def __post_init__(self) -> None:
        if not self.shots or min(self.shots) < 1:
            raise ConfigError(f"shots must be positive integers, got {self.shots}")
        if len(set(self.shots)) < len(self.shots):
            raise ConfigError(f"shots must not repeat, got {self.shots}")
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
    counts = _intent_counts(train_pool, result)
    fixed_test: list[Record] | None = None
    if test is not None:
        fixed_test = _fixed_test(test, set(counts), settings.test_limit, result)
        fixed_noisy = noisy_copy(fixed_test, settings.noise)
    held_out = fixed_test is None
    skipped: dict[int, str] = {}
    draws = _draws(counts, settings, held_out, skipped)
    _require_runs(draws, skipped)
    pick_rows(usable(train_pool), draws, held_out_test=held_out)
    if held_out:
        draws = _drop_repeats(draws, skipped, result)
        _require_runs(draws, skipped)
    result.notes += [f"skipped: {reason}" for reason in _skip_reasons(skipped)]
    for draw in draws:
        shots, seed, train = draw.shots, draw.seed, draw.train
        scores = result.scores.setdefault(shots, defaultdict(list))
        if fixed_test is None:
            test_rows = draw.test
            noisy_rows = noisy_copy(test_rows, settings.noise, seed)
        else:
            test_rows, noisy_rows = fixed_test, fixed_noisy
        draw.test = []  # done with it: keep memory to one run's test rows
        c = tune_c(train, settings.c_grid, seed)
        result.chosen_c.setdefault(shots, []).append(c)
        arms = {"none": train}
        expanded, _ = expand_records(
            train,
            settings.recipe,
            factor=settings.factor,
            seed=seed,
            keep_label_words=settings.keep_label_words,
        )
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
            scores[arm].append(
                ArmScore(len(rows), accuracy, f1, noisy_accuracy, noisy_f1, len(test_rows))
            )
        if progress is not None:
            progress(f"{shots} shots, seed {seed}: C={c}")
    result.scores = {shots: dict(arms) for shots, arms in result.scores.items()}
    # One size only when it holds for every run: held-out test sets vary per shots and seed.
    result.test_size = result.common_test_size()
    return result


def _intent_counts(pool: Iterable[Record], result: EvalResult) -> Counter[str | None]:
    """Rows per intent among the training rows evaluate uses, with a note for those it
    ignores; a classifier needs at least two intents."""
    counts: Counter[str | None] = Counter()
    ignored: Counter[str] = Counter()
    for record in pool:
        reason = ignored_reason(record)
        if reason is None:
            counts[record.label] += 1
        else:
            ignored[reason] += 1
    result.notes += [f"{plural(n, 'training row')} {why} ignored" for why, n in ignored.items()]
    if len(counts) < 2:
        found = f"only {next(iter(counts))!r}" if counts else "none"
        raise DataError(f"evaluate needs at least 2 intents in the training data, found {found}")
    return counts


def _draws(
    counts: Counter[str | None], settings: EvalSettings, held_out: bool, skipped: dict[int, str]
) -> list[Draw]:
    """Every (shots, seed) run's k-shot draw. Without a test set, a shot count that leaves
    no row held out is skipped, with the reason in ``skipped``."""
    limit = settings.test_limit
    draws: list[Draw] = []
    for shots in settings.shots:
        left = sum(max(0, n - shots) for n in counts.values())
        if held_out and left == 0:
            largest = max(counts.values())
            skipped[shots] = f"leave no row to test on (no intent has more than {largest} rows)"
            continue
        for seed in range(settings.seeds):
            rng = random.Random(f"k-shot {shots} {seed}")
            chosen = draw_k_shot(counts, shots, rng)
            positions = None
            if held_out and limit is not None and left > limit:
                positions = set(rng.sample(range(left), limit))
            draws.append(Draw(shots, seed, chosen, positions))
    return draws


def _drop_repeats(draws: list[Draw], skipped: dict[int, str], result: EvalResult) -> list[Draw]:
    """The draws with held-out test rows that repeat a training row's text dropped.

    A shot count where some run has no test row left is skipped, with the reason in
    ``skipped``, so every seed of a shot count scores on its own held-out rows.
    """
    dropped = 0
    for draw in draws:
        kept = without_repeats(draw.test, draw.train)
        dropped += len(draw.test) - len(kept)
        draw.test = kept
        if not kept:
            skipped[draw.shots] = "leave, in some run, only test rows that repeat a training row"
    if dropped:
        result.notes.append(
            f"dropped {plural(dropped, 'held-out test row')} repeating a training row's text "
            f"(over {plural(len(draws), 'run')})"
        )
    return [draw for draw in draws if draw.shots not in skipped]


def _require_runs(draws: list[Draw], skipped: dict[int, str]) -> None:
    """Fail, before any training, when every shot count was skipped."""
    if not draws:
        reasons = "; ".join(_skip_reasons(skipped))
        raise DataError(
            f"nothing left to evaluate: {reasons}; ask for fewer shots or give a separate test set"
        )


def _skip_reasons(skipped: dict[int, str]) -> list[str]:
    """One phrase per reason, naming the shot counts it skipped: "10, 12 shots leave ..."."""
    by_reason: dict[str, list[str]] = defaultdict(list)
    for shots, why in skipped.items():
        by_reason[why].append(str(shots))
    return [f"{', '.join(shots)} shots {why}" for why, shots in by_reason.items()]


def _fixed_test(
    test: Iterable[Record], known: set[str | None], limit: int | None, result: EvalResult
) -> list[Record]:
    """The test rows evaluate can score (with an intent the training data has, not
    generated by textaug), at most ``limit`` of them (a seed-0 sample, picked in a
    second pass so a huge test file is never held whole)."""
    dropped: Counter[str] = Counter()
    kept = 0
    for record in test:
        reason = _test_row_ignored(record, known)
        if reason is None:
            kept += 1
        else:
            dropped[reason] += 1
    if not kept:
        found = ", ".join(f"{plural(n, 'row')} {why}" for why, n in dropped.items())
        found = found or "the test data has no rows"
        raise DataError(f"no test row to score: {found}")
    positions: set[int] | None = None
    if limit is not None and kept > limit:
        positions = set(random.Random(0).sample(range(kept), limit))
        result.notes.append(f"test set subsampled to {limit} rows (seed 0)")
    rows: list[Record] = []
    position = 0
    for record in test:
        if _test_row_ignored(record, known) is not None:
            continue
        if positions is None or position in positions:
            rows.append(record)
        position += 1
    result.notes += [f"{plural(n, 'test row')} {why} dropped" for why, n in dropped.items()]
    return rows


def _test_row_ignored(record: Record, known: set[str | None]) -> str | None:
    """Why a test row cannot be scored, or None when it can."""
    reason = ignored_reason(record)
    if reason is None and record.label not in known:
        reason = "whose intent is not in the training data"
    return reason
