"""Reproduce the README's "Did it help?" table: SNIPS and ATIS, 5 and 10 shots, 5 seeds.

Runs ``textaug evaluate`` logic on the shared intent datasets (train/test splits)
with the default ``expand`` recipe and the EDA-style baseline (``eda_full``),
and writes markdown, JSON and PNG results to ``bench/results/``; prints issue
7's bars (gain over the control, over the baseline, noise won back), met or not. Each dataset
takes a few minutes on 2 cores; ``--test-limit`` subsamples the test sets.

    python bench/evaluate_intents.py [--datasets snips,atis] [--recipe expand] [--test-limit N]
        [--seeds 5] [--baseline eda_full|""] [--replace-label-words]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from textaug.evaluate import (
    EvalResult,
    EvalSettings,
    baseline_recipe,
    evaluate,
    noise_augmenter,
    plot,
    read_lenient,
)
from textaug.expand import recipe_config

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "intents"
#: Issue 7's floor for the recipe's clean-test gain over the duplication control, in points.
CLEAN_FLOOR = -0.3
#: Issue 7's share of the noise cost the recipe must win back on the noisy test.
NOISY_SHARE = 0.5


def bar_lines(result: EvalResult) -> list[str]:
    """Issue 7's three bars per shot count, each with its measured value and met / not met."""
    lines = []
    for shots in result.scores:
        gain = statistics.fmean(result.gains(shots, "recipe", "duplicate", "accuracy"))
        checks = [(f"recipe - duplicate {gain:+.2f} (bar >= {CLEAN_FLOOR})", gain >= CLEAN_FLOOR)]
        if "baseline" in result.scores[shots]:
            eda = statistics.fmean(result.gains(shots, "recipe", "baseline", "accuracy"))
            checks.append((f"recipe - baseline {eda:+.2f} (bar > 0)", eda > 0))
        share = result.noise_recovery(shots)["share_won_back"]
        checks.append((f"noisy share won back {share:.0%} (bar >= {NOISY_SHARE:.0%})",
                       share >= NOISY_SHARE))  # fmt: skip
        verdicts = "; ".join(f"{text}: {'met' if ok else 'NOT met'}" for text, ok in checks)
        lines.append(f"bars at {shots} shots: {verdicts}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", default="snips,atis")
    parser.add_argument("--recipe", default="expand")
    parser.add_argument("--baseline", default="eda_full")
    parser.add_argument("--shots", default="5,10")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--factor", type=float, default=5.0)
    parser.add_argument("--test-limit", type=int, default=None)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--replace-label-words", action="store_true", help="let synonyms replace label words"
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    settings = EvalSettings(
        recipe=recipe_config(args.recipe),
        shots=tuple(int(s) for s in args.shots.split(",")),
        seeds=args.seeds,
        factor=args.factor,
        baseline=baseline_recipe(args.baseline) if args.baseline else None,
        noise=noise_augmenter(0.3),
        test_limit=args.test_limit,
        keep_label_words=not args.replace_label_words,
    )
    for name in args.datasets.split(","):
        train, _ = read_lenient(str(SHARED / name / "train.jsonl"))
        test, _ = read_lenient(str(SHARED / name / "test.jsonl"))
        started = time.perf_counter()
        result = evaluate(train, test, settings)
        seconds = time.perf_counter() - started
        table = result.markdown()
        stem = f"evaluate_{name}_{Path(args.recipe).stem}"
        (out / f"{stem}.md").write_text(table + "\n", encoding="utf-8")
        (out / f"{stem}.json").write_text(json.dumps(result.to_dict(), indent=2) + "\n")
        plot(result, str(out / f"{stem}.png"), title=f"{name}: {args.recipe} vs controls")
        print(f"## {name} (test rows: {result.test_size}; {seconds:.0f} s)\n")
        print(table)
        for line in bar_lines(result):
            print(line)
        for note in result.notes:
            print(f"note: {note}")
        print(f"chosen C: {result.chosen_c}\n", flush=True)


if __name__ == "__main__":
    main()
