"""Generate intent data from a template set: sampled or exhaustive, with quotas and a clean split.

Sampling never enumerates the combination space: each draw renders one
template with the intent's seeded generator, and duplicates are skipped by
remembering a hash per produced utterance, so memory grows with the output,
not with the number of combinations. Exhaustive mode walks each template's
derivations lazily, round-robin across templates, up to a cap.

The train/test split assigns whole templates (source lines) to one side, so
variants of one template never appear on both sides of the split.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from math import floor, log10
from typing import Any

from textaug.errors import ConfigError
from textaug.record import Record
from textaug.templates.templateset import TemplateSet, UtteranceTemplate

TRAIN, TEST = "train", "test"
#: Draws allowed per requested utterance before sampling gives up on finding new ones.
ATTEMPTS_PER_UTTERANCE = 20
#: Consecutive duplicate draws of one template after which it is no longer drawn.
PATIENCE = 2_000
#: A group whose whole space is at most this many times the quota is enumerated, then subsampled.
ENUMERATE_BELOW = 2
#: Combination counts from here on are shown as a power of ten (Python prints at most 4,300 digits).
HUGE = 10**100


def describe_count(count: int) -> str:
    """A combination count for people: exact with commas, or a power of ten when it is huge.

    >>> describe_count(3864), describe_count(10**200)
    ('3,864', 'at least 10^200')
    """
    if count < HUGE:
        return f"{count:,}"
    power = floor(count.bit_length() * log10(2))  # log10(count), or one more
    if 10**power > count:
        power -= 1
    return f"at least 10^{power}"


def report_count(count: int | None) -> int | str | None:
    """A combination count for the JSON report (a huge one as text, which JSON can always hold)."""
    return describe_count(count) if count is not None and count >= HUGE else count


def intent_rng(seed: int, intent: str, purpose: str = "sample") -> random.Random:
    """The generator for one intent; independent of which other intents exist."""
    if seed < 0:
        raise ConfigError(f"seed must be a non-negative integer, got {seed}")
    return random.Random(f"textaug.templates:{seed}:{intent}:{purpose}")


def split_templates(
    templates: Sequence[UtteranceTemplate], fraction: float, rng: random.Random
) -> tuple[list[UtteranceTemplate], list[UtteranceTemplate]]:
    """Train and test templates: about ``fraction`` of the templates (at least one) go to test.

    An intent with a single template stays entirely in train.
    """
    if not 0.0 <= fraction < 1.0:
        raise ConfigError(f"the test fraction must be in [0, 1), got {fraction}")
    if fraction == 0.0 or len(templates) < 2:
        return list(templates), []
    size = min(max(1, round(len(templates) * fraction)), len(templates) - 1)
    chosen = set(rng.sample(range(len(templates)), size))
    train = [t for i, t in enumerate(templates) if i not in chosen]
    test = [t for i, t in enumerate(templates) if i in chosen]
    return train, test


@dataclass
class GenerationSummary:
    """Per-intent counts, combination estimates and slot-value coverage of one run."""

    requested: dict[str, int] = field(default_factory=dict)
    combinations: dict[str, int | None] = field(default_factory=dict)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    templates: Counter[tuple[str, str]] = field(default_factory=Counter)
    surfaces: dict[str, set[str]] = field(default_factory=dict)

    def add(self, part: str, record: Record) -> None:
        """Count one written record."""
        self.counts[(record.label or "", part)] += 1
        surfaces = self.surfaces
        text = record.text
        for span in record.spans:
            if span.entity in surfaces:
                surfaces[span.entity].add(text[span.start : span.end])
            else:
                surfaces[span.entity] = {text[span.start : span.end]}

    def coverage(self, templates: TemplateSet) -> dict[str, tuple[int, int]]:
        """Slot list -> (values used, values in the list)."""
        entities: dict[str, set[str]] = {}
        for name, entity, _, _ in templates._signatures:
            entities.setdefault(name, set()).add(entity)
        found: dict[str, tuple[int, int]] = {}
        for name, values in sorted(templates.slots.items()):
            used: set[str] = set()
            for entity in entities.get(name, ()):
                used |= self.surfaces.get(entity, set())
            found[name] = (sum(1 for v in values.values if v.surface in used), len(values.values))
        return found

    def report(self, templates: TemplateSet) -> dict[str, Any]:
        """The summary as plain data (for ``--report``)."""
        intents = {}
        for intent, requested in self.requested.items():
            intents[intent] = {
                "requested": requested,
                "combinations": report_count(self.combinations.get(intent)),
                "train": self.counts[(intent, TRAIN)],
                "test": self.counts[(intent, TEST)],
                "train_templates": self.templates[(intent, TRAIN)],
                "test_templates": self.templates[(intent, TEST)],
            }
        coverage = {
            name: {"used": used, "values": total}
            for name, (used, total) in self.coverage(templates).items()
        }
        return {"intents": intents, "slot_coverage": coverage}

    def lines(self, templates: TemplateSet) -> list[str]:
        """Human-readable summary lines."""
        out = []
        for intent, requested in self.requested.items():
            combos = self.combinations.get(intent)
            space = (
                "unknown (Jinja-rendered templates)" if combos is None else describe_count(combos)
            )
            test = self.counts[(intent, TEST)]
            made = f"{self.counts[(intent, TRAIN)]:,}" + (f" train + {test:,} test" if test else "")
            out.append(f"{intent}: {made} of {requested:,} requested; {space} combinations")
        for name, (used, total) in self.coverage(templates).items():
            out.append(f"slot list {name}: {used}/{total} values used")
        return out


def generate(
    templates: TemplateSet,
    *,
    per_intent: int = 100,
    seed: int = 0,
    exhaustive: bool = False,
    cap: int = 100_000,
    split: float = 0.0,
    quotas: Mapping[str, int] | None = None,
    balance: bool = False,
    intents: Sequence[str] | None = None,
    summary: GenerationSummary | None = None,
) -> Iterator[tuple[str, Record]]:
    """Stream ``("train"|"test", record)`` pairs, intent by intent, deterministically.

    Sampled: ``per_intent`` distinct utterances per intent (``quotas`` overrides
    per intent; ``balance`` lowers every quota to the smallest intent's
    combination count). Exhaustive: every derivation, deduplicated, at most
    ``cap`` per intent.
    """
    summary = summary if summary is not None else GenerationSummary()
    grouped = templates.intents()
    if intents:
        unknown = sorted(set(intents) - set(grouped))
        if unknown:
            raise ConfigError(
                f"no templates for intent(s) {', '.join(unknown)}; known: {', '.join(grouped)}"
            )
        grouped = {k: v for k, v in grouped.items() if k in intents}
    if per_intent < 0 or cap < 0:
        raise ConfigError("per-intent counts and the cap must be non-negative")
    targets = _targets(grouped, cap if exhaustive else per_intent, quotas or {}, balance)
    for intent, group in grouped.items():
        summary.requested[intent] = targets[intent]
        summary.combinations[intent] = _space(group)
        train, test = split_templates(group, split, intent_rng(seed, intent, "split"))
        summary.templates[(intent, TRAIN)] = len(train)
        summary.templates[(intent, TEST)] = len(test)
        test_quota = round(targets[intent] * split) if test else 0
        rng = intent_rng(seed, intent)
        seen: set[int] = set()
        for part, part_templates, quota in (
            (TRAIN, train, targets[intent] - test_quota),
            (TEST, test, test_quota),
        ):
            if exhaustive:
                records = _enumerate(templates, part_templates, quota, seen)
            else:
                records = _sample(templates, part_templates, quota, rng, seen)
            for record in records:
                summary.add(part, record)
                yield part, record


def _targets(
    grouped: Mapping[str, Sequence[UtteranceTemplate]],
    default: int,
    quotas: Mapping[str, int],
    balance: bool,
) -> dict[str, int]:
    unknown = sorted(set(quotas) - set(grouped))
    if unknown:
        raise ConfigError(f"quota for unknown intent(s) {', '.join(unknown)}")
    targets = {intent: quotas.get(intent, default) for intent in grouped}
    if any(n < 0 for n in targets.values()):
        raise ConfigError("quotas must be non-negative")
    if balance and targets:
        reachable = []
        for intent, group in grouped.items():
            space = _space(group)
            reachable.append(targets[intent] if space is None else min(space, targets[intent]))
        smallest = min(reachable)
        targets = {intent: min(n, smallest) for intent, n in targets.items()}
    return targets


def _space(group: Sequence[UtteranceTemplate]) -> int | None:
    counts = [t.count for t in group]
    return None if any(c is None for c in counts) else sum(c for c in counts if c is not None)


def _sample(
    templates: TemplateSet,
    group: Sequence[UtteranceTemplate],
    quota: int,
    rng: random.Random,
    seen: set[int],
) -> Iterator[Record]:
    if quota <= 0 or not group:
        return
    space = _space(group)
    if space is not None and space <= ENUMERATE_BELOW * quota:
        found = list(_enumerate(templates, group, space, seen))
        if len(found) > quota:
            keep = sorted(rng.sample(range(len(found)), quota))
            found = [found[i] for i in keep]
        yield from found
        return
    before = len(seen)
    yield from _draw(templates, group, quota, rng, seen)
    produced = len(seen) - before
    if produced < quota:
        # Sampling found no more; enumerate what compiled templates can still give.
        small = [t for t in group if t.count is not None and t.count <= ENUMERATE_BELOW * quota]
        yield from _enumerate(templates, small, quota - produced, seen)


def _draw(
    templates: TemplateSet,
    group: Sequence[UtteranceTemplate],
    quota: int,
    rng: random.Random,
    seen: set[int],
) -> Iterator[Record]:
    """New utterances drawn from weighted templates, until ``quota`` or every template is spent.

    A template is weighted by how many utterances it can add (its count, at
    most ``quota``; a Jinja-rendered one is assumed to have ``quota``). One
    that draws PATIENCE duplicates in a row is dropped, so a small template
    with a large weight cannot end the sampling for the others.
    """
    live = list(group)
    misses = [0] * len(live)
    cumulative = list(accumulate(quota if t.count is None else min(t.count, quota) for t in live))
    total = cumulative[-1]
    produced = 0
    for _ in range(ATTEMPTS_PER_UTTERANCE * quota + PATIENCE):
        if produced == quota or not live:
            return
        which = bisect_right(cumulative, rng.random() * total)
        record = templates.render(live[which], rng)
        key = hash(record.text)
        if key not in seen:
            misses[which] = 0
            seen.add(key)
            produced += 1
            yield record
            continue
        misses[which] += 1
        if misses[which] == PATIENCE:
            del live[which], misses[which]
            cumulative = list(
                accumulate(quota if t.count is None else min(t.count, quota) for t in live)
            )
            total = cumulative[-1] if cumulative else 0


def _enumerate(
    templates: TemplateSet, group: Sequence[UtteranceTemplate], cap: int, seen: set[int]
) -> Iterator[Record]:
    """Derivations round-robin across templates (so a cap still covers each), deduplicated."""
    if cap <= 0:
        return
    walkers = [templates.enumerate(t) for t in group]
    produced = 0
    while walkers:
        alive = []
        for walker in walkers:
            record = next(walker, None)
            if record is None:
                continue
            alive.append(walker)
            key = hash(record.text)
            if key in seen:
                continue
            seen.add(key)
            produced += 1
            yield record
            if produced == cap:
                return
        walkers = alive
