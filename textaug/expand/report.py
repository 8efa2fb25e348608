"""What an expansion did: counts per intent, refusals, diversity and examples."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from typing import Any

from textaug.expand.dedup import NEAR_DUPLICATE, normalise
from textaug.expand.plan import Plan

#: Rows per intent kept for the diversity statistics.
DIVERSITY_SAMPLE = 200
#: Examples of each operation kept for the report.
EXAMPLES_PER_OPERATION = 3


@dataclass
class IntentStats:
    """One intent's counts so far, and the samples its diversity is measured on."""

    before: int = 0
    after: int = 0
    carry: int = 0
    max_variants_per_original: int = 0
    sample_before: list[str] = field(default_factory=list)
    sample_after: list[str] = field(default_factory=list)
    seen_before: int = 0
    seen_after: int = 0


@dataclass
class ExpandReport:
    """What an expansion did: counts, refusals, diversity and examples (see :meth:`to_dict`)."""

    plan: Plan
    seed: int
    intents: dict[str | None, IntentStats] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    candidates_asked: int = 0
    candidates_made: int = 0
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready report."""
        intents: dict[str, dict[str, Any]] = {}
        for label, stats in sorted(self.intents.items(), key=lambda kv: str(kv[0])):
            intents[_label_name(label)] = {
                "before": stats.before,
                "target": self.plan.targets.get(label, stats.before),
                "after": stats.after,
                "variants": stats.after - stats.before,
                "shortfall": max(0, self.plan.targets.get(label, 0) - stats.after),
                "max_variants_per_original": stats.max_variants_per_original,
                "diversity_before": diversity(stats.sample_before),
                "diversity_after": diversity(stats.sample_after),
            }
        warnings = [
            f"{name}: all {row['variants']} variants rewrite its one original (self-similarity "
            f"{row['diversity_after']['self_similarity']:.2f}); add a few more examples"
            for name, row in intents.items()
            if row["before"] == 1 and row["variants"] > 1
        ]
        originals = sum(s.before for s in self.intents.values())
        output = sum(s.after for s in self.intents.values())
        accepted = output - originals
        return {
            **self.settings,
            "seed": self.seed,
            "max_per_original": self.plan.max_per_original,
            "totals": {"originals": originals, "variants": accepted, "output": output},
            "candidates": {
                "asked": self.candidates_asked,
                "made": self.candidates_made,
                "accepted": accepted,
                "near_duplicates": self.tally.get(NEAR_DUPLICATE, 0),
                "unused": self.candidates_made - accepted - self.tally.get(NEAR_DUPLICATE, 0),
            },
            "rejected": dict(self.tally.most_common()),
            "intents": intents,
            "examples": self.examples,
            "warnings": warnings,
            "memory": "dedup: 16-32 bytes per output row; everything else bounded or per intent",
        }

    def summary(self) -> str:
        """A few lines for the terminal."""
        data = self.to_dict()
        totals = data["totals"]
        lines = [
            f"{totals['originals']} originals -> {totals['output']} rows "
            f"({totals['variants']} variants, {data['candidates']['near_duplicates']} near "
            f"duplicates dropped)"
        ]
        width = max((len(k) for k in data["intents"]), default=6)
        for name, row in data["intents"].items():
            short = f", {row['shortfall']} short" if row["shortfall"] else ""
            lines.append(
                f"  {name:<{width}}  {row['before']:>7} -> {row['after']:>7}"
                f"  distinct-2 {row['diversity_before']['distinct_2']:.2f} -> "
                f"{row['diversity_after']['distinct_2']:.2f}{short}"
            )
        top = [f"{why} ({n})" for why, n in self.tally.most_common(4)]
        if top:
            lines.append("  rejected: " + ", ".join(top))
        lines.extend(f"  warning: {warning}" for warning in data["warnings"])
        return "\n".join(lines)


def _label_name(label: str | None) -> str:
    return "(no intent)" if label is None else label


def diversity(texts: Sequence[str]) -> dict[str, float | int]:
    """Distinct uni/bigram ratios and mean pairwise Jaccard similarity of token sets.

    Lower self-similarity and higher distinct-n mean a more varied set.

    >>> diversity(["book a table", "book a flight"])["self_similarity"]
    0.5
    """
    token_lists = [normalise(t).split() for t in texts]
    unigrams = [w for tokens in token_lists for w in tokens]
    bigrams = [pair for tokens in token_lists for pair in pairwise(tokens)]
    sets = [frozenset(tokens) for tokens in token_lists]
    pairs = [len(a & b) / len(a | b) for a, b in combinations(sets, 2) if a or b]
    return {
        "rows": len(texts),
        "distinct_1": round(len(set(unigrams)) / len(unigrams), 4) if unigrams else 0.0,
        "distinct_2": round(len(set(bigrams)) / len(bigrams), 4) if bigrams else 0.0,
        "self_similarity": round(sum(pairs) / len(pairs), 4) if pairs else 0.0,
    }
