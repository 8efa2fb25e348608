"""Expand an intent dataset: bring every intent up to a target size with deduplicated variants.

Two passes over the input. The first counts the originals of each intent and
remembers a hash of each original's normalised text; from those counts a plan
gives every original an even share ("quota") of its intent's missing rows. The
second pass streams: each original is written unchanged, a fixed number of
candidate variants is made for it (record ``i`` always uses
``Context.for_record(seed, i)``, so any number of worker processes gives the
same candidates), and the main process keeps, in order, the first candidates
whose normalised text (casefolded, punctuation stripped, whitespace collapsed)
is new. A shortfall of one original carries over to the next originals of the
same intent, never beyond ``max_per_original`` variants of one original.

Memory: the plan holds one counter per intent; the dedup set holds one 8-byte
digest per distinct output row in an open-addressing table kept at most half
full (16 to 32 bytes per row: about 100 MB for 4 million output rows); the
diversity report keeps a bounded sample per intent; a recipe with a bare
``slot_swap`` holds the distinct entity values of the data (one more pass).
Records themselves stream.
"""

from __future__ import annotations

import functools
import hashlib
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations, islice, pairwise
from typing import Any

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError
from textaug.record import Record
from textaug.run import ordered_map, variants_of

#: Candidates asked per planned variant (plus one), so dedup rarely leaves a shortfall.
CANDIDATE_SLACK = 1.0
#: Rows per intent kept for the diversity statistics.
DIVERSITY_SAMPLE = 200
#: Examples of each operation kept for the report.
EXAMPLES_PER_OPERATION = 3
#: Tally reason for a candidate whose normalised text is already in the output.
NEAR_DUPLICATE = "expand: near duplicate (normalised text already in the output)"

_APOSTROPHES = re.compile(r"['’]")
_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text dedup compares: casefolded, punctuation stripped, whitespace collapsed.

    >>> normalise("  Book a  table, please! Don't wait")
    'book a table please dont wait'
    """
    text = _APOSTROPHES.sub("", text.casefold())
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def digest(text: str) -> int:
    """An 8-byte hash of the normalised text, never 0 (0 marks an empty table slot)."""
    value = int.from_bytes(hashlib.blake2b(normalise(text).encode(), digest_size=8).digest(), "big")
    return value or 1


class DigestSet:
    """A set of non-zero 64-bit digests in a numpy table: 16 to 32 bytes per member."""

    def __init__(self, capacity: int = 1024) -> None:
        import numpy as np

        size = 1 << max(10, (2 * capacity - 1).bit_length())
        self._table = np.zeros(size, dtype=np.uint64)
        self._mask = size - 1
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __contains__(self, value: int) -> bool:
        table, slot = self._table, value & self._mask
        while True:
            found = int(table[slot])
            if found == 0:
                return False
            if found == value:
                return True
            slot = (slot + 1) & self._mask

    def add(self, value: int) -> bool:
        """Add ``value``; True if it was not there before."""
        table, slot = self._table, value & self._mask
        while True:
            found = int(table[slot])
            if found == value:
                return False
            if found == 0:
                table[slot] = value
                self._size += 1
                if 2 * self._size > len(table):
                    self._grow()
                return True
            slot = (slot + 1) & self._mask

    def _grow(self) -> None:
        import numpy as np

        old = self._table[self._table != 0]
        self._table = np.zeros(2 * len(self._table), dtype=np.uint64)
        self._mask = len(self._table) - 1
        self._size = 0
        for value in old.tolist():
            self.add(value)


@dataclass(frozen=True)
class Plan:
    """How many rows each intent should end with, and how that splits over its originals."""

    counts: dict[str | None, int]
    targets: dict[str | None, int]
    max_per_original: int

    @classmethod
    def make(
        cls,
        counts: dict[str | None, int],
        *,
        per_intent: int | None = None,
        factor: float | None = None,
        max_per_original: int | None = None,
    ) -> Plan:
        """Targets from ``per_intent`` (at least that many rows) or ``factor`` (times as many).

        ``max_per_original`` defaults to twice the largest even share, at least 1.
        """
        if (per_intent is None) == (factor is None):
            raise ConfigError("give exactly one of per_intent (--per-intent) and factor (--factor)")
        if per_intent is not None and per_intent < 0:
            raise ConfigError(f"per_intent must be non-negative, got {per_intent}")
        if factor is not None and not factor >= 1.0:
            raise ConfigError(f"factor must be at least 1, got {factor}")
        if max_per_original is not None and max_per_original < 0:
            raise ConfigError(f"max_per_original must be non-negative, got {max_per_original}")
        targets = {
            label: max(n, per_intent) if per_intent is not None else round(n * (factor or 1.0))
            for label, n in counts.items()
        }
        if max_per_original is None:
            shares = [math.ceil((targets[k] - n) / n) for k, n in counts.items() if n]
            max_per_original = max(1, 2 * max(shares, default=0))
        return cls(dict(counts), targets, max_per_original)

    def extra(self, label: str | None) -> int:
        """Variants the intent needs."""
        return self.targets[label] - self.counts[label]

    def quota(self, label: str | None, rank: int) -> int:
        """The even share of original number ``rank`` (0-based, within its intent).

        Shares differ by at most one and the larger ones are spread evenly, so
        the shares of an intent add up to exactly its missing rows.
        """
        n, extra = self.counts[label], self.extra(label)
        share = (rank + 1) * extra // n - rank * extra // n
        return min(share, self.max_per_original)

    def candidates(self, label: str | None, rank: int) -> int:
        """How many candidate variants to ask original ``rank`` for (fixed by the plan)."""
        quota = self.quota(label, rank)
        if quota == 0:
            return 0
        return min(self.max_per_original, quota) + math.ceil(quota * CANDIDATE_SLACK) + 1


@dataclass
class _IntentStats:
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
    intents: dict[str | None, _IntentStats] = field(default_factory=dict)
    tally: Counter[str] = field(default_factory=Counter)
    candidates_asked: int = 0
    candidates_made: int = 0
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready report."""
        intents = {}
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


# One input item: (index, record, candidates to ask for); results come back in order.
_Job = tuple[int, Record, int]
_Result = tuple[list[Record], Counter[str]]


class Expander:
    """Runs a plan: originals in, originals and their selected variants out, in input order."""

    def __init__(self, augmenter: Augmenter, plan: Plan, seed: int, originals: DigestSet) -> None:
        if seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {seed}")
        self.augmenter = augmenter
        self.plan = plan
        self.seed = seed
        self.seen = originals
        self.report = ExpandReport(plan, seed)
        self._ranks: Counter[str | None] = Counter()
        self._sample_rng = random.Random(seed)

    def run(
        self,
        items: Iterable[tuple[Record, Any]],
        *,
        workers: int = 1,
        batch_size: int = 256,
        progress: Callable[[int], Any] | None = None,
    ) -> Iterator[tuple[Record, Any]]:
        """Yield ``(original, payload)`` then ``(variant, None)`` for each selected variant.

        ``payload`` is passed through untouched (the CLI carries the raw input line in it).
        """
        if workers < 1:
            raise ConfigError(f"workers must be at least 1, got {workers}")
        if batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
        batches = self._batches(items, batch_size)
        for batch, results in _candidate_batches(self.augmenter, self.seed, batches, workers):
            for (index, original, _asked, payload), (found, tally) in zip(
                batch, results, strict=True
            ):
                yield original, payload
                for variant in self._select(index, original, found, tally):
                    yield variant, None
            if progress is not None:
                progress(len(batch))

    def _batches(
        self, items: Iterable[tuple[Record, Any]], size: int
    ) -> Iterator[list[tuple[int, Record, int, Any]]]:
        numbered = enumerate(items)
        while chunk := list(islice(numbered, size)):
            batch = []
            for index, (record, payload) in chunk:
                label = record.label
                if label not in self.plan.counts:
                    raise ConfigError(
                        f"record {index} has the intent {label!r}, which the first pass did not "
                        f"see; the input changed between passes"
                    )
                rank = self._ranks[label]
                self._ranks[label] += 1
                asked = self.plan.candidates(label, rank)
                self.report.candidates_asked += asked
                batch.append((index, record, asked, payload))
            yield batch

    def _select(
        self, index: int, original: Record, found: list[Record], tally: Counter[str]
    ) -> list[Record]:
        label = original.label
        stats = self.report.intents.setdefault(label, _IntentStats())
        rank = stats.before
        stats.before += 1
        self._sample(stats, original.text, before=True)
        self.report.tally.update(tally)
        self.report.candidates_made += len(found)
        want = min(self.plan.max_per_original, self.plan.quota(label, rank) + stats.carry)
        kept: list[Record] = []
        for variant in found:
            if len(kept) == want:
                break
            if not self.seen.add(digest(variant.text)):
                self.report.tally[NEAR_DUPLICATE] += 1
                continue
            kept.append(variant)
            self._example(original, variant)
        stats.carry = max(0, self.plan.quota(label, rank) + stats.carry - len(kept))
        stats.after += 1 + len(kept)
        stats.max_variants_per_original = max(stats.max_variants_per_original, len(kept))
        for variant in kept:
            self._sample(stats, variant.text, before=False)
        return kept

    def _sample(self, stats: _IntentStats, text: str, *, before: bool) -> None:
        """Reservoir-sample rows for the diversity statistics (deterministic)."""
        sample = stats.sample_before if before else stats.sample_after
        seen = stats.seen_before if before else stats.seen_after
        if len(sample) < DIVERSITY_SAMPLE:
            sample.append(text)
        else:
            slot = self._sample_rng.randrange(seen + 1)
            if slot < DIVERSITY_SAMPLE:
                sample[slot] = text
        if before:
            stats.seen_before += 1
            self._sample(stats, text, before=False)
        else:
            stats.seen_after += 1

    def _example(self, original: Record, variant: Record) -> None:
        ops = "+".join(variant.ops) or "(none)"
        examples = self.report.examples.setdefault(ops, [])
        if len(examples) < EXAMPLES_PER_OPERATION:
            examples.append({"original": original.text, "variant": variant.text})


def first_pass(records: Iterable[Record]) -> tuple[dict[str | None, int], DigestSet]:
    """Originals per intent, and the set of the originals' normalised-text digests."""
    counts: Counter[str | None] = Counter()
    seen = DigestSet()
    for record in records:
        counts[record.label] += 1
        seen.add(digest(record.text))
    return dict(counts), seen


def recipe_config(name_or_path: str) -> Any:
    """The parsed config of a built-in recipe or recipe file (not yet built)."""
    from pathlib import Path

    import yaml

    from textaug.recipes import builtin_recipes, load_recipe

    recipes = builtin_recipes()
    if name_or_path in recipes and not Path(name_or_path).exists():
        return recipes[name_or_path]
    path = Path(name_or_path)
    if not path.is_file():
        load_recipe(name_or_path)  # raises the usual "no such recipe" message
    return yaml.safe_load(path.read_text(encoding="utf-8"))  # YAML reads JSON too


def needs_slot_values(config: Any) -> bool:
    """True if some ``slot_swap`` in the config has neither ``values`` nor ``path``."""
    if isinstance(config, dict):
        if _is_bare_slot_swap(config):
            return True
        return any(needs_slot_values(v) for v in config.values())
    if isinstance(config, list):
        return any(needs_slot_values(v) for v in config)
    return False


def with_slot_values(config: Any, values: dict[str, list[str]]) -> Any:
    """The config with the dataset's slot values given to every ``slot_swap`` that has none.

    This is how the expand recipe swaps an entity value for another value of the
    same slot seen in the data being expanded.
    """
    if isinstance(config, dict):
        out = {k: with_slot_values(v, values) for k, v in config.items()}
        if out.get("name") == "slot_swap" and not out.get("values") and not out.get("path"):
            out["values"] = values
        return out
    if isinstance(config, list):
        return [with_slot_values(v, values) for v in config]
    return config


def build_recipe(config: Any, records: Iterable[Record] | None) -> Augmenter:
    """Build a recipe config, binding slot values seen in ``records`` if it needs them.

    A recipe whose ``slot_swap`` has no values, on data without entities (or with
    no slot that has two values), drops those steps: a ``one_of`` loses the choice,
    a pipeline the step.
    """
    from textaug.recipes import recipe_from_config
    from textaug.slots import slot_values_from_records

    if records is not None and needs_slot_values(config):
        values = {k: v for k, v in slot_values_from_records(records).items() if len(v) > 1}
        config = with_slot_values(config, values) if values else _without_slot_swap(config)
    return recipe_from_config(config, "expand recipe")


def _without_slot_swap(config: Any) -> Any:
    if isinstance(config, list):
        return [_without_slot_swap(v) for v in config if not _is_bare_slot_swap(v)]
    if not isinstance(config, dict):
        return config
    out = dict(config)
    if out.get("name") == "one_of" and isinstance(out.get("choices"), list):
        keep = [i for i, c in enumerate(out["choices"]) if not _is_bare_slot_swap(c)]
        out["choices"] = [_without_slot_swap(out["choices"][i]) for i in keep]
        if out.get("weights"):
            out["weights"] = [out["weights"][i] for i in keep]
        return out
    return {k: _without_slot_swap(v) for k, v in out.items()}


def _is_bare_slot_swap(config: Any) -> bool:
    return (
        isinstance(config, dict)
        and config.get("name") == "slot_swap"
        and not config.get("values")
        and not config.get("path")
    )


def expand_records(
    records: Sequence[Record],
    augmenter: Augmenter | dict[str, Any] | list[Any],
    *,
    per_intent: int | None = None,
    factor: float | None = None,
    seed: int = 0,
    max_per_original: int | None = None,
    workers: int = 1,
) -> tuple[list[Record], ExpandReport]:
    """Expand an in-memory dataset; returns the output rows and the report.

    ``augmenter`` may be a recipe config: a ``slot_swap`` in it without values
    then swaps among the slot values seen in ``records``.

    >>> from textaug.registry import from_config
    >>> rows, report = expand_records(
    ...     [Record("please book a table for two tonight", "book")],
    ...     from_config({"name": "random_swap"}), per_intent=3, seed=1)
    >>> [r.meta["textaug"]["parent"] for r in rows[1:]], report.to_dict()["totals"]["output"]
    ([0, 0], 3)
    """
    if not isinstance(augmenter, Augmenter):
        augmenter = build_recipe(augmenter, records)
    counts, seen = first_pass(records)
    plan = Plan.make(
        counts, per_intent=per_intent, factor=factor, max_per_original=max_per_original
    )
    expander = Expander(augmenter, plan, seed, seen)
    rows = [r for r, _ in expander.run(((r, None) for r in records), workers=workers)]
    return rows, expander.report


# --- candidate generation, in this process or a pool (mirrors textaug.run) ---------------


def _make_candidates(augmenter: Augmenter, seed: int, jobs: list[_Job]) -> list[_Result]:
    out: list[_Result] = []
    for index, record, asked in jobs:
        if asked == 0:
            out.append(([], Counter()))
            continue
        out.append(variants_of(augmenter, record, index, asked, seed))
    return out


def _candidate_batches(
    augmenter: Augmenter,
    seed: int,
    batches: Iterator[list[tuple[int, Record, int, Any]]],
    workers: int,
) -> Iterator[tuple[list[tuple[int, Record, int, Any]], list[_Result]]]:
    """Each batch with its candidates, in input order; at most a few batches in flight."""
    return ordered_map(functools.partial(_batch_candidates, augmenter, seed), batches, workers)


def _batch_candidates(
    augmenter: Augmenter, seed: int, batch: list[tuple[int, Record, int, Any]]
) -> list[_Result]:
    return _make_candidates(augmenter, seed, [item[:3] for item in batch])
