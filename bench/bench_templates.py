"""Sampled template generation speed on the shipped templates, one core.

Measures utterances per second of CPU time (``time.process_time``, so other
load on the machine does not count) for the compiled choice-node path and,
for comparison, for rendering every template with Jinja itself.

    python bench/bench_templates.py [--per-intent 20000] [--seed 0]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from textaug.templates import generate, load_templates

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def measure(per_intent: int, seed: int, compiled: bool) -> tuple[int, float, float]:
    """(utterances, CPU seconds, wall seconds) for one generation run."""
    templates = load_templates(TEMPLATES, compile_templates=compiled)
    cpu, wall = time.process_time(), time.perf_counter()
    produced = sum(1 for _ in generate(templates, per_intent=per_intent, seed=seed))
    return produced, time.process_time() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-intent", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jinja-per-intent", type=int, default=300)
    args = parser.parse_args()
    for label, compiled, n in (
        ("compiled choice nodes", True, args.per_intent),
        ("Jinja render per utterance", False, args.jinja_per_intent),
    ):
        produced, cpu, wall = measure(n, args.seed, compiled)
        print(
            f"{label:28s} {produced:7d} utterances  {produced / cpu:10,.0f}/s CPU  "
            f"{produced / wall:10,.0f}/s wall"
        )


if __name__ == "__main__":
    main()
