"""Runs a plan: originals in, originals and their selected variants out, in input order."""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError
from textaug.expand.dedup import NEAR_DUPLICATE, DigestSet, digest
from textaug.expand.plan import Plan
from textaug.expand.recipe import build_recipe
from textaug.expand.report import (
    DIVERSITY_SAMPLE,
    EXAMPLES_PER_OPERATION,
    ExpandReport,
    IntentStats,
)
from textaug.record import Record
from textaug.run import ordered_map, variants_of

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
        stats = self.report.intents.setdefault(label, IntentStats())
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

    def _sample(self, stats: IntentStats, text: str, *, before: bool) -> None:
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


def expand_records(
    records: Sequence[Record],
    augmenter: Augmenter | dict[str, Any] | list[Any],
    *,
    per_intent: int | None = None,
    factor: float | None = None,
    seed: int = 0,
    max_per_original: int | None = None,
    workers: int = 1,
    keep_label_words: bool = True,
) -> tuple[list[Record], ExpandReport]:
    """Expand an in-memory dataset; returns the output rows and the report.

    ``augmenter`` may be a recipe config: a ``slot_swap`` in it without values
    then swaps among the slot values seen in ``records``, and word replacement keeps
    the words that carry each intent in them (unless ``keep_label_words`` is off).

    >>> from textaug.registry import from_config
    >>> rows, report = expand_records(
    ...     [Record("please book a table for two tonight", "book")],
    ...     from_config({"name": "random_swap"}), per_intent=3, seed=1)
    >>> [r.meta["textaug"]["parent"] for r in rows[1:]], report.to_dict()["totals"]["output"]
    ([0, 0], 3)
    """
    if not isinstance(augmenter, Augmenter):
        augmenter = build_recipe(augmenter, records, keep_label_words=keep_label_words)
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
