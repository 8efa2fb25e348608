"""Does augmentation help my classifier? Few-shot runs with an honest duplication control.

For each number of shots k and each seed, k examples per intent are drawn
from the training data; only that subset is augmented (so no variant of a
training example can reach the test set). A fast baseline classifier (TF-IDF
word 1-2-grams and char_wb 2-5-grams, logistic regression) is trained on:

* ``none``: the k-shot originals;
* ``duplicate``: the originals repeated to the augmented set's row count, per
  intent. Adding rows weakens logistic regression's effective regularisation,
  and that alone moves accuracy; this control isolates it;
* ``recipe``: the originals expanded by the recipe (:mod:`textaug.expand`);
* optionally ``baseline`` and ``baseline duplicate``: an EDA-style recipe and
  its own control.

The regulariser C is tuned once per run on the originals (stratified
cross-validation on the k-shot set) and used for every arm. Each arm is scored
on the test set and on a typo-noised copy of it (one keyboard typo in about 30%
of the words). scikit-learn and matplotlib are optional (``textaug[eval]``).
"""

from __future__ import annotations

import math
import random
import statistics
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from textaug.augmenter import Augmenter, Context
from textaug.errors import ConfigError, ResourceError
from textaug.expand import expand_records
from textaug.record import Record
from textaug.run import variants_of

#: The regulariser values tried by cross-validation on the originals.
C_GRID = (0.3, 1.0, 3.0, 10.0, 30.0)
#: Cross-validation folds at most (fewer when an intent has fewer shots).
MAX_FOLDS = 5
#: Test rows scored per run at most (a seed-0 sample of a bigger test set): enough to
#: resolve half a point of accuracy, and it keeps memory flat on huge inputs.
DEFAULT_TEST_LIMIT = 10_000
#: Arms in table order.
ARMS = ("none", "duplicate", "recipe", "baseline", "baseline duplicate")

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


def require_sklearn() -> Any:
    """Import scikit-learn, or explain how to install it."""
    try:
        import sklearn
    except ImportError:
        raise ResourceError(
            'textaug evaluate needs scikit-learn: pip install "textaug[eval]"'
        ) from None
    return sklearn


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


@dataclass
class ArmScore:
    """One arm's scores for one (shots, seed) run."""

    rows: int
    accuracy: float
    macro_f1: float
    noisy_accuracy: float
    noisy_macro_f1: float


@dataclass
class EvalResult:
    """Scores by shots, arm and seed, with the tuned C of each run."""

    scores: dict[int, dict[str, list[ArmScore]]] = field(default_factory=dict)
    chosen_c: dict[int, list[float]] = field(default_factory=dict)
    test_size: int = 0
    notes: list[str] = field(default_factory=list)

    def metric(self, shots: int, arm: str, name: str) -> list[float]:
        return [getattr(s, name) for s in self.scores[shots].get(arm, [])]

    def gains(self, shots: int, arm: str, against: str, name: str) -> list[float]:
        """Per-seed differences, in points."""
        a, b = self.metric(shots, arm, name), self.metric(shots, against, name)
        return [100 * (x - y) for x, y in zip(a, b, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"test_size": self.test_size, "notes": self.notes, "shots": {}}
        for shots, arms in self.scores.items():
            entry: dict[str, Any] = {"chosen_c": self.chosen_c[shots], "arms": {}, "gains": {}}
            for arm, scores in arms.items():
                entry["arms"][arm] = {
                    name: _mean_std(
                        [getattr(s, name) for s in scores], 100 if name != "rows" else 1
                    )
                    for name in ("rows", "accuracy", "macro_f1", "noisy_accuracy", "noisy_macro_f1")
                }
                entry["arms"][arm]["per_seed_accuracy"] = [s.accuracy for s in scores]
            for label, arm, against in self._comparisons(shots):
                entry["gains"][label] = {
                    "accuracy": _mean_std(self.gains(shots, arm, against, "accuracy")),
                    "noisy_accuracy": _mean_std(self.gains(shots, arm, against, "noisy_accuracy")),
                }
            entry["noise_recovery"] = self.noise_recovery(shots)
            out["shots"][str(shots)] = entry
        return out

    def _comparisons(self, shots: int) -> list[tuple[str, str, str]]:
        comparisons = [
            ("recipe - duplicate", "recipe", "duplicate"),
            ("duplicate - none", "duplicate", "none"),
        ]
        if "baseline" in self.scores[shots]:
            comparisons += [
                ("baseline - baseline duplicate", "baseline", "baseline duplicate"),
                ("recipe - baseline", "recipe", "baseline"),
            ]
        return comparisons

    def noise_recovery(self, shots: int) -> dict[str, float]:
        """What the noise costs the control, and the share of it the recipe wins back."""
        clean = statistics.fmean(self.metric(shots, "duplicate", "accuracy"))
        noisy = statistics.fmean(self.metric(shots, "duplicate", "noisy_accuracy"))
        recipe_noisy = statistics.fmean(self.metric(shots, "recipe", "noisy_accuracy"))
        cost = 100 * (clean - noisy)
        won = 100 * (recipe_noisy - noisy)
        return {
            "noise_cost": round(cost, 2),
            "won_back": round(won, 2),
            "share_won_back": round(won / cost, 3) if cost > 0 else math.nan,
        }

    def markdown(self) -> str:
        """The results as markdown tables: scores by arm, then gains with their spread."""
        lines = [
            "| shots | arm | rows | accuracy | macro-F1 | noisy accuracy | noisy macro-F1 |",
            "|---:|---|---:|---:|---:|---:|---:|",
        ]
        for shots, arms in self.scores.items():
            for arm in ARMS:
                if arm not in arms:
                    continue
                s = arms[arm]
                rows = statistics.fmean(x.rows for x in s)
                cells = [
                    _pm([100 * getattr(x, name) for x in s])
                    for name in ("accuracy", "macro_f1", "noisy_accuracy", "noisy_macro_f1")
                ]
                lines.append(f"| {shots} | {arm} | {rows:.0f} | " + " | ".join(cells) + " |")
        lines += [
            "",
            "| shots | comparison | Δ accuracy | Δ noisy accuracy |",
            "|---:|---|---:|---:|",
        ]
        for shots in self.scores:
            for label, arm, against in self._comparisons(shots):
                clean = _pm(self.gains(shots, arm, against, "accuracy"), signed=True)
                noisy = _pm(self.gains(shots, arm, against, "noisy_accuracy"), signed=True)
                lines.append(f"| {shots} | {label} | {clean} | {noisy} |")
        lines += [
            "",
            "| shots | noise costs the control | recipe wins back | share |",
            "|---:|---:|---:|---:|",
        ]
        for shots in self.scores:
            r = self.noise_recovery(shots)
            lines.append(
                f"| {shots} | {r['noise_cost']:.2f} | {r['won_back']:+.2f} | "
                f"{r['share_won_back']:.0%} |"
            )
        return "\n".join(lines)


def _mean_std(values: Sequence[float], scale: float = 1.0) -> dict[str, float]:
    scaled = [scale * v for v in values]
    std = statistics.stdev(scaled) if len(scaled) > 1 else 0.0
    return {"mean": round(statistics.fmean(scaled), 3), "std": round(std, 3)}


def _pm(values: Sequence[float], signed: bool = False) -> str:
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:+.1f} ± {std:.1f}" if signed else f"{mean:.1f} ± {std:.1f}"


# --- data ----------------------------------------------------------------------------------


class LenientFile:
    """A training or test file, re-read on each iteration; rows with broken entity
    offsets keep their text and intent.

    Classification needs only text and intent, so a bad annotation should not drop a
    row. ``repaired`` counts, after a full pass, how many rows lost their entities
    (or, for formats other than JSONL, were skipped). Iterating streams the file, so
    :func:`evaluate` can draw its subsets from a file of any size in flat memory.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.repaired = 0

    def __iter__(self) -> Iterator[Record]:
        import json

        from textaug.errors import DataError, SpanError
        from textaug.io import RecordReader
        from textaug.io.jsonl import record_from_json
        from textaug.io.lines import decoded_lines, open_binary

        path = self.path
        self.repaired = 0
        reader = RecordReader(path)
        if reader.format != "jsonl":
            errors: list[DataError] = []
            reader.on_error = errors.append
            yield from reader
            self.repaired = len(errors)
            return
        with open_binary(path) as handle:
            for number, line in decoded_lines(handle, path):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataError(f"invalid JSON: {exc.msg}", path=path, line=number) from None
                try:
                    yield record_from_json(obj)
                except (DataError, SpanError):
                    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                        raise DataError(
                            "missing or non-string 'text'", path=path, line=number
                        ) from None
                    label = obj.get("intent")
                    self.repaired += 1
                    yield Record(obj["text"], label if isinstance(label, str) else None)


def read_lenient(path: str) -> tuple[list[Record], int]:
    """All records of ``path`` (see :class:`LenientFile`) and how many were repaired."""
    source = LenientFile(path)
    records = list(source)
    return records, source.repaired


def k_shot(records: Sequence[Record], k: int, rng: random.Random) -> tuple[list[Record], list[int]]:
    """k records per intent (all of an intent that has fewer), and the indices left over."""
    by_label: dict[str | None, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_label[record.label].append(i)
    positions = draw_k_shot({label: len(rows) for label, rows in by_label.items()}, k, rng)
    chosen = sorted(by_label[label][p] for label, picked in positions.items() for p in picked)
    taken = set(chosen)
    rest = [i for i in range(len(records)) if i not in taken]
    return [records[i] for i in chosen], rest


def draw_k_shot(
    counts: dict[str | None, int], k: int, rng: random.Random
) -> dict[str | None, set[int]]:
    """Which rows of each intent (by position among that intent's rows) form the k-shot set.

    Needs only the row count of each intent, so a file can be drawn from in two passes.
    """
    return {
        label: set(rng.sample(range(counts[label]), min(k, counts[label])))
        for label in sorted(counts, key=str)
    }


@dataclass
class _Draw:
    """One (shots, seed) run's rows, picked in one streaming pass over the training data."""

    shots: int
    seed: int
    chosen: dict[str | None, set[int]]
    #: positions among the rows left over that form the test set; None: all of them
    test_positions: set[int] | None
    train: list[Record] = field(default_factory=list)
    test: list[Record] = field(default_factory=list)


def _pick(pool: Iterable[Record], draws: list[_Draw], held_out_test: bool) -> None:
    """Fill every draw's training rows (and held-out test rows) in one pass, in file order."""
    seen: dict[str | None, int] = defaultdict(int)
    left = [0] * len(draws)  # rows left over so far, per draw
    for record in pool:
        position = seen[record.label]
        seen[record.label] = position + 1
        for d, draw in enumerate(draws):
            if position in draw.chosen[record.label]:
                draw.train.append(record)
                continue
            if held_out_test and (draw.test_positions is None or left[d] in draw.test_positions):
                draw.test.append(record)
            left[d] += 1


def noisy_copy(records: Sequence[Record], noise: Augmenter, seed: int = 0) -> list[Record]:
    """The records with noise applied to each (unchanged where the noise finds nothing to do)."""
    out = []
    for i, record in enumerate(records):
        variant = noise.transform(record, Context.for_record(seed, i))
        out.append(record if variant is None else variant)
    return out


def duplicated(originals: Sequence[Record], like: Sequence[Record]) -> list[Record]:
    """The originals repeated, per intent, to as many rows as ``like`` has of that intent."""
    wanted: dict[str | None, int] = defaultdict(int)
    for record in like:
        wanted[record.label] += 1
    by_label: dict[str | None, list[Record]] = defaultdict(list)
    for record in originals:
        by_label[record.label].append(record)
    out = []
    for label, rows in by_label.items():
        out += [rows[i % len(rows)] for i in range(wanted[label])]
    return out


def eda_augment(
    originals: Sequence[Record], augmenter: Augmenter, n: int, seed: int
) -> list[Record]:
    """EDA's way: each original followed by up to ``n`` variants, no dedup or cap."""
    out: list[Record] = []
    for i, record in enumerate(originals):
        out.append(record)
        out += variants_of(augmenter, record, i, n, seed)[0]
    return out


# --- classifier ----------------------------------------------------------------------------


def _vectorizer() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    return FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )


def _fit_predict(
    train: Sequence[Record], tests: Sequence[Sequence[Record]], c: float
) -> list[list[str]]:
    from sklearn.linear_model import LogisticRegression

    vectorizer = _vectorizer()
    x = vectorizer.fit_transform([r.text for r in train])
    y = [str(r.label) for r in train]
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y)
    return [list(model.predict(vectorizer.transform([r.text for r in t]))) for t in tests]


def tune_c(train: Sequence[Record], grid: Sequence[float], seed: int) -> float:
    """The C with the best stratified cross-validated accuracy on ``train`` (ties: likelihood)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    labels = [str(r.label) for r in train]
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    folds = min(MAX_FOLDS, max(counts.values()))
    if folds < 2 or len(counts) < 2:
        return 1.0
    texts = [r.text for r in train]
    correct = dict.fromkeys(grid, 0)
    likelihood = dict.fromkeys(grid, 0.0)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fit_idx, held_idx in splitter.split(texts, labels):
            vectorizer = _vectorizer()
            x = vectorizer.fit_transform([texts[i] for i in fit_idx])
            x_held = vectorizer.transform([texts[i] for i in held_idx])
            y = [labels[i] for i in fit_idx]
            if len(set(y)) < 2:
                continue
            for c in grid:
                model = LogisticRegression(C=c, max_iter=3000).fit(x, y)
                probabilities = model.predict_proba(x_held)
                column = {label: j for j, label in enumerate(model.classes_)}
                for row, i in zip(probabilities, held_idx, strict=True):
                    j = column.get(labels[i])
                    correct[c] += int(j is not None and row.argmax() == j)
                    likelihood[c] += math.log(max(row[j], 1e-9)) if j is not None else -20.7
    # Accuracy first; held-out log-likelihood breaks the frequent ties on tiny folds.
    return max(grid, key=lambda c: (correct[c], likelihood[c]))


def _score(records: Sequence[Record], predicted: Sequence[str]) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    gold = [str(r.label) for r in records]
    return (
        float(accuracy_score(gold, predicted)),
        float(f1_score(gold, predicted, average="macro", zero_division=0)),
    )


# --- the experiment ------------------------------------------------------------------------


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
    draws: list[_Draw] = []
    for shots in settings.shots:
        for seed in range(settings.seeds):
            rng = random.Random(f"k-shot {shots} {seed}")
            chosen = draw_k_shot(counts, shots, rng)
            left = sum(counts.values()) - sum(len(c) for c in chosen.values())
            positions = None
            if fixed_test is None and limit is not None and left > limit:
                positions = set(rng.sample(range(left), limit))
            draws.append(_Draw(shots, seed, chosen, positions))
    _pick(train_pool, draws, held_out_test=fixed_test is None)
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
            clean, noisy = _fit_predict(rows, [test_rows, noisy_rows], c)
            accuracy, f1 = _score(test_rows, clean)
            noisy_accuracy, noisy_f1 = _score(noisy_rows, noisy)
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


def plot(result: EvalResult, path: str, title: str = "") -> None:
    """Bar chart of accuracy (clean and noisy test) by shots and arm, with std error bars."""
    try:
        import matplotlib
    except ImportError:
        raise ResourceError('the plot needs matplotlib: pip install "textaug[eval]"') from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shots = list(result.scores)
    arms = [a for a in ARMS if any(a in result.scores[k] for k in shots)]
    figure, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    width = 0.8 / len(arms)
    for ax, metric, name in zip(
        axes, ("accuracy", "noisy_accuracy"), ("clean test", "typo-noised test"), strict=True
    ):
        for j, arm in enumerate(arms):
            means, stds = [], []
            for k in shots:
                values = [100 * v for v in result.metric(k, arm, metric)]
                means.append(statistics.fmean(values))
                stds.append(statistics.stdev(values) if len(values) > 1 else 0.0)
            xs = [i + (j - (len(arms) - 1) / 2) * width for i in range(len(shots))]
            ax.bar(xs, means, width, yerr=stds, capsize=3, label=arm)
        ax.set_xticks(range(len(shots)), [f"{k} shots" for k in shots])
        ax.set_title(name)
        ax.set_ylabel("accuracy (%)")
        low = min(
            100 * min(result.metric(k, a, m))
            for k in shots
            for a in arms
            for m in ("accuracy", "noisy_accuracy")
        )
        ax.set_ylim(max(0, low - 10), 100)
    axes[0].legend(fontsize=8, loc="lower right")
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


# --- the typo-noised test copy -------------------------------------------------------------


def noise_augmenter(rate: float = 0.3) -> Augmenter:
    """``keyboard_typos`` at ``rate``: one neighbouring-key typo in about that share of words."""
    from textaug.registry import from_config

    augmenter = from_config({"name": "keyboard_typos", "rate": rate})
    assert isinstance(augmenter, Augmenter)
    return augmenter
