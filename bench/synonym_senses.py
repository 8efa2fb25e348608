"""How often WordNet synonyms keep the word's sense, and what the precision knobs cost.

On the hand-labelled trap sentences of ``tests/data/synonym_traps.yaml`` (each lists
the replacements a linguist accepts in that sense and form, and some wrong-sense ones),
replace the target word over 6 seeds, as ``tests/test_synonyms.py`` does, for the
defaults, for the looser ``min_score`` of 0.02 the defaults had before, and for stricter
settings of ``min_score``, ``max_senses`` and ``top_k``.
Stricter settings keep the sense more often but leave more sentences unchanged.

    python bench/synonym_senses.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from textaug.synonyms import WordNetSynonyms
from textaug.tokens import tokenize

TRAPS = Path(__file__).resolve().parents[1] / "tests" / "data" / "synonym_traps.yaml"
SEEDS = range(6)
SETTINGS: list[dict[str, Any]] = [
    {},
    {"min_score": 0.02},
    {"min_score": 0.2},
    {"max_senses": 2},
    {"max_senses": 1},
    {"top_k": 1},
]


def measure(traps: list[dict[str, Any]], **settings: Any) -> tuple[Counter[str], int]:
    """Replacements of each trap's target by verdict, and how many traps changed at all."""
    verdicts: Counter[str] = Counter()
    changed = 0
    for trap in traps:
        tokens = tokenize(trap["text"])
        target = [t for t in tokens if t.text == trap["target"]][trap.get("nth", 0)]
        others = {t.text.lower() for t in tokens} - {trap["target"].lower()}
        augmenter = WordNetSynonyms(rate=1.0, max_ops=1, protect=tuple(sorted(others)), **settings)
        hit = False
        for seed in SEEDS:
            for variant in augmenter.augment(trap["text"], seed=seed):
                for edit in variant.edits:
                    if (edit.start, edit.end) != (target.start, target.end):
                        continue
                    hit = True
                    if edit.text in trap["acceptable"]:
                        verdicts["right sense"] += 1
                    elif edit.text in trap.get("wrong_sense", []):
                        verdicts["wrong sense"] += 1
                    else:
                        verdicts["other"] += 1
        changed += hit
    return verdicts, changed


def main() -> None:
    traps = yaml.safe_load(TRAPS.read_text("utf-8"))
    print(f"{len(traps)} trap sentences, {len(SEEDS)} seeds\n")
    print("| settings | replacements | sentences changed | right sense | wrong sense | other |")
    print("|---|---:|---:|---:|---:|---:|")
    for settings in SETTINGS:
        verdicts, changed = measure(traps, **settings)
        total = sum(verdicts.values())
        shares = " | ".join(
            f"{verdicts[k] / total:.0%}" for k in ("right sense", "wrong sense", "other")
        )
        label = ", ".join(f"{k}={v}" for k, v in settings.items()) or "defaults"
        print(f"| {label} | {total} | {changed}/{len(traps)} | {shares} |")


if __name__ == "__main__":
    main()
