"""What an evaluation found: scores per arm, gains over the controls, markdown and JSON.

The JSON (:meth:`EvalResult.to_dict`, ``textaug evaluate --json``) holds:

- ``test_size``: the number of test rows every run was scored on: the ``--test`` rows
  (after ``--test-limit``), or, without ``--test``, the held-out rows when all runs
  have as many; ``null`` when runs differ (held-out rows vary with the shot count,
  and per seed when rows repeating a training row are dropped);
- ``notes``: what was skipped, ignored or dropped;
- ``shots``: per shot count, ``test_sizes`` (the test rows of each seed's run, in seed
  order, like ``chosen_c`` and ``per_seed_accuracy``), ``chosen_c``, and per arm each
  count (``rows``, ``test_rows``) and metric as ``{"mean", "std"}`` over seeds, with
  ``gains`` over the controls and ``noise_recovery``.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

#: Arms in table order.
ARMS = ("none", "duplicate", "recipe", "baseline", "baseline duplicate")
#: ArmScore fields that count rows (reported as they are) ...
COUNTS = ("rows", "test_rows")
#: ... and those that are fractions (reported as percentages).
METRICS = ("accuracy", "macro_f1", "noisy_accuracy", "noisy_macro_f1")


@dataclass
class ArmScore:
    """One arm's scores for one (shots, seed) run: ``rows`` trained on, ``test_rows`` scored
    (clean; the noisy copy has as many), so a score can be weighed by its test set's size."""

    rows: int
    accuracy: float
    macro_f1: float
    noisy_accuracy: float
    noisy_macro_f1: float
    test_rows: int = 0


@dataclass
class EvalResult:
    """Scores by shots, arm and seed, with the tuned C of each run.

    ``test_size`` is the number of test rows every run scored on, or None when the
    runs' test sets differ in size (see :meth:`test_sizes` for each run's).
    """

    scores: dict[int, dict[str, list[ArmScore]]] = field(default_factory=dict)
    chosen_c: dict[int, list[float]] = field(default_factory=dict)
    test_size: int | None = None
    notes: list[str] = field(default_factory=list)

    def test_sizes(self, shots: int) -> list[int]:
        """The test rows of each seed's run for ``shots`` (every arm of a run shares them)."""
        arms = self.scores[shots]
        return [s.test_rows for s in next(iter(arms.values()), [])]

    def common_test_size(self) -> int | None:
        """The test rows every run scored on, or None when runs differ (or there is none)."""
        sizes = {size for shots in self.scores for size in self.test_sizes(shots)}
        return sizes.pop() if len(sizes) == 1 else None

    def metric(self, shots: int, arm: str, name: str) -> list[float]:
        return [getattr(s, name) for s in self.scores[shots].get(arm, [])]

    def gains(self, shots: int, arm: str, against: str, name: str) -> list[float]:
        """Per-seed differences, in points."""
        a, b = self.metric(shots, arm, name), self.metric(shots, against, name)
        return [100 * (x - y) for x, y in zip(a, b, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"test_size": self.test_size, "notes": self.notes, "shots": {}}
        for shots, arms in self.scores.items():
            entry: dict[str, Any] = {
                "test_sizes": self.test_sizes(shots),
                "chosen_c": self.chosen_c[shots],
                "arms": {},
                "gains": {},
            }
            for arm, scores in arms.items():
                entry["arms"][arm] = {
                    name: _mean_std(
                        [getattr(s, name) for s in scores], 1 if name in COUNTS else 100
                    )
                    for name in (*COUNTS, *METRICS)
                }
                entry["arms"][arm]["per_seed_accuracy"] = [s.accuracy for s in scores]
            for label, arm, against in self._comparisons(shots):
                entry["gains"][label] = {
                    "accuracy": _mean_std(self.gains(shots, arm, against, "accuracy")),
                    "noisy_accuracy": _mean_std(self.gains(shots, arm, against, "noisy_accuracy")),
                }
            recovery = self.noise_recovery(shots)
            entry["noise_recovery"] = {k: _finite_or_none(v) for k, v in recovery.items()}
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
            "| shots | arm | rows | accuracy | macro-F1 | noisy accuracy | noisy macro-F1 "
            "| test rows |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        for shots, arms in self.scores.items():
            for arm in ARMS:
                if arm not in arms:
                    continue
                s = arms[arm]
                rows, test_rows = (statistics.fmean(getattr(x, name) for x in s) for name in COUNTS)
                scores = [_pm([100 * getattr(x, name) for x in s]) for name in METRICS]
                cells = [f"{rows:.0f}", *scores, f"{test_rows:.0f}"]
                lines.append(f"| {shots} | {arm} | " + " | ".join(cells) + " |")
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
                f"{_share(r['share_won_back'])} |"
            )
        return "\n".join(lines)


def _share(value: float) -> str:
    """A share as a percentage; "-" when there is none (the noise cost nothing).

    >>> _share(0.061), _share(math.nan)
    ('6%', '-')
    """
    return "-" if math.isnan(value) else f"{value:.0%}"


def _finite_or_none(value: float) -> float | None:
    """The value, or None (JSON null) for NaN, which strict JSON readers reject."""
    return None if math.isnan(value) else value


def _mean_std(values: Sequence[float], scale: float = 1.0) -> dict[str, float]:
    scaled = [scale * v for v in values]
    std = statistics.stdev(scaled) if len(scaled) > 1 else 0.0
    return {"mean": round(statistics.fmean(scaled), 3), "std": round(std, 3)}


def _pm(values: Sequence[float], signed: bool = False) -> str:
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{mean:+.1f} ± {std:.1f}" if signed else f"{mean:.1f} ± {std:.1f}"
