"""Generate intent data from a template set: sampled or exhaustive, with quotas and a clean split.

Sampling never enumerates the combination space: each draw renders one
template with the intent's seeded generator, and duplicates are skipped by
remembering a hash per produced utterance, so memory grows with the output,
not with the number of combinations. When draws by weight stop finding new
utterances short of the quota, combinations of the compiled templates are
drawn uniformly and then walked (at most WALK_AT_MOST), so skewed weights
cannot hide utterances that exist. Exhaustive mode walks each template's
derivations lazily, round-robin across templates, up to a cap.

The train/test split assigns whole templates (source lines) to one side, so
variants of one template never appear on both sides of the split.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from math import exp, floor, inf, log, log1p, log10
from typing import Any

from textaug.errors import ConfigError
from textaug.record import Record
from textaug.templates.nodes import log_shares
from textaug.templates.templateset import TemplateSet, UtteranceTemplate
from textaug.templates.values import ValueList

TRAIN, TEST = "train", "test"
#: Draws allowed per requested utterance (plus PATIENCE per template) before sampling gives up.
ATTEMPTS_PER_UTTERANCE = 20
#: Consecutive duplicate draws of one template after which it is no longer drawn.
PATIENCE = 2_000
#: A group whose whole space is at most this many times the quota is enumerated, then subsampled.
ENUMERATE_BELOW = 2
#: Most combinations of large templates walked in order when all sampling fell short.
WALK_AT_MOST = 200_000
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
            found[name] = (_values_shown(values, used), len(values.values))
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


def _values_shown(values: ValueList, texts: set[str]) -> int:
    """How many of ``values`` appear among the span ``texts``: as written, or else in
    another case, since ``|upper`` or ``|title`` prints "PARIS" for "Paris"."""
    surfaces = {value.surface for value in values.values}
    folded = {text.casefold() for text in texts if text not in surfaces}
    return sum(
        1 for value in values.values if value.surface in texts or value.surface.casefold() in folded
    )


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
    per intent; ``balance`` lowers every quota to the number of distinct
    utterances the least productive intent yields). Exhaustive: every
    derivation, deduplicated, at most ``cap`` per intent.
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
    targets = _targets(grouped, cap if exhaustive else per_intent, quotas or {})

    def run(intent: str, target: int, into: GenerationSummary) -> Iterator[tuple[str, Record]]:
        return _intent_records(
            templates, intent, grouped[intent], target, into, seed, split, exhaustive
        )

    if balance and targets:
        level = _balanced_level(grouped, min(targets.values()), run)
        targets = dict.fromkeys(targets, level)
    for intent in grouped:
        yield from run(intent, targets[intent], summary)


def _intent_records(
    templates: TemplateSet,
    intent: str,
    group: Sequence[UtteranceTemplate],
    target: int,
    summary: GenerationSummary,
    seed: int,
    split: float,
    exhaustive: bool,
) -> Iterator[tuple[str, Record]]:
    """One intent's ``(part, record)`` pairs, counted into ``summary``."""
    summary.requested[intent] = target
    summary.combinations[intent] = _space(group)
    train, test = split_templates(group, split, intent_rng(seed, intent, "split"))
    summary.templates[(intent, TRAIN)] = len(train)
    summary.templates[(intent, TEST)] = len(test)
    test_quota = round(target * split) if test else 0
    rng = intent_rng(seed, intent)
    seen: set[int] = set()
    for part, part_templates, quota in (
        (TRAIN, train, target - test_quota),
        (TEST, test, test_quota),
    ):
        if exhaustive:
            records = _enumerate(templates, part_templates, quota, seen)
        else:
            records = _sample(templates, part_templates, quota, rng, seen)
        for record in records:
            summary.add(part, record)
            yield part, record


def _balanced_level(
    grouped: Mapping[str, Sequence[UtteranceTemplate]],
    level: int,
    run: Callable[[str, int, GenerationSummary], Iterator[tuple[str, Record]]],
) -> int:
    """The largest count every intent reaches, in distinct utterances, found by dry runs.

    Why: combination counts overstate what an intent yields (combinations can render
    the same text; Jinja-rendered lines have no count). Each intent is generated
    without output, smallest space first, and the level drops to what it produced,
    until a pass in which every intent reaches the level.
    """
    order = sorted(grouped, key=lambda intent: _space(grouped[intent]) or HUGE)
    while True:
        reached = level
        for intent in order:
            reached = min(reached, sum(1 for _ in run(intent, reached, GenerationSummary())))
        if reached == level:
            return level
        level = reached


def _targets(
    grouped: Mapping[str, Sequence[UtteranceTemplate]],
    default: int,
    quotas: Mapping[str, int],
) -> dict[str, int]:
    unknown = sorted(set(quotas) - set(grouped))
    if unknown:
        raise ConfigError(f"quota for unknown intent(s) {', '.join(unknown)}")
    targets = {intent: quotas.get(intent, default) for intent in grouped}
    if any(n < 0 for n in targets.values()):
        raise ConfigError("quotas must be non-negative")
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
        yield from _weighted_subset(templates, group, quota, rng, seen)
        return
    before = len(seen)
    yield from _draw(templates, group, quota, rng, seen)
    if len(seen) - before < quota:
        # Sampling found no more; enumerate what compiled templates can still give.
        small = [t for t in group if t.count is not None and t.count <= ENUMERATE_BELOW * quota]
        yield from _enumerate(templates, small, quota - (len(seen) - before), seen)
    if len(seen) - before < quota:
        # Skewed weights (1000 to 1) hide the rare combinations of large templates from
        # draws by weight: draw combinations uniformly, then walk them in order.
        large = [t for t in group if t.count is not None and t.count > ENUMERATE_BELOW * quota]
        yield from _draw_uniformly(templates, large, quota - (len(seen) - before), rng, seen)
        short = quota - (len(seen) - before)
        yield from _enumerate(templates, large, short, seen, walk=WALK_AT_MOST)


def _weighted_subset(
    templates: TemplateSet,
    group: Sequence[UtteranceTemplate],
    quota: int,
    rng: random.Random,
    seen: set[int],
) -> Iterator[Record]:
    """``quota`` new utterances of a small space of compiled templates, drawn by weight.

    Every derivation is enumerated with the probability a draw gives it (templates
    weighted as :func:`_draw` weights them, then each choice by its weights), an
    utterance made by several derivations has their sum, and ``quota`` distinct
    utterances are kept by weighted sampling without replacement (Gumbel top-k), as
    draws that skip duplicates would keep them. Why: this used to subsample uniformly,
    so ``pick(weights=...)``, ``opt(p=...)`` and value weights were ignored here.
    The utterances come out in enumeration order (round-robin over templates).
    """
    found: dict[str, tuple[Record, float]] = {}
    for record, weight in _weighted_derivations(templates, group, quota):
        if hash(record.text) in seen:
            continue
        earlier = found.get(record.text)
        found[record.text] = (record, weight if earlier is None else _log_add(earlier[1], weight))
    if len(found) > quota:
        keys = {text: weight + _gumbel(rng) for text, (_, weight) in found.items()}
        kept = set(sorted(keys, key=keys.__getitem__, reverse=True)[:quota])
        found = {text: pair for text, pair in found.items() if text in kept}
    for record, _ in found.values():
        seen.add(hash(record.text))
        yield record


def _weighted_derivations(
    templates: TemplateSet, group: Sequence[UtteranceTemplate], quota: int
) -> Iterator[tuple[Record, float]]:
    """Every derivation of compiled templates, round-robin, with its log probability."""
    shares = log_shares([float(min(t.count or 0, quota)) for t in group])
    walkers = [_derivations_of(templates, t, share) for t, share in zip(group, shares, strict=True)]
    while walkers:
        alive = []
        for walker in walkers:
            pair = next(walker, None)
            if pair is not None:
                alive.append(walker)
                yield pair
        walkers = alive


def _derivations_of(
    templates: TemplateSet, template: UtteranceTemplate, share: float
) -> Iterator[tuple[Record, float]]:
    """Each derivation of ``template`` with its log probability, given the template's."""
    node = template.node
    if node is None:
        return
    for index in range(node.size):
        yield templates.derivation(template, index), share + node.log_weight(index)


def _log_add(a: float, b: float) -> float:
    """``log(exp(a) + exp(b))`` without leaving the float range."""
    top = max(a, b)
    return top if top == -inf else top + log1p(exp(-abs(a - b)))


def _gumbel(rng: random.Random) -> float:
    """A standard Gumbel draw: added to log weights, the top k are a weighted sample."""
    exponential = -log(1.0 - rng.random())
    return -log(exponential) if exponential > 0 else inf


def _is_new(record: Record, seen: set[int]) -> bool:
    """Whether ``record``'s text is not yet among ``seen`` (hashes), which then holds it."""
    key = hash(record.text)
    if key in seen:
        return False
    seen.add(key)
    return True


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
    with a large weight cannot end the sampling for the others; the budget has
    PATIENCE draws per template besides those per utterance, so it lasts until
    every spent template is dropped (many spent Jinja-rendered lines used to
    take it all and leave a large compiled line short of the quota).
    """
    live = list(group)
    misses = [0] * len(live)
    cumulative = list(accumulate(quota if t.count is None else min(t.count, quota) for t in live))
    total = cumulative[-1]
    produced = 0
    for _ in range(ATTEMPTS_PER_UTTERANCE * quota + PATIENCE * len(live)):
        if produced == quota or not live:
            return
        which = bisect_right(cumulative, rng.random() * total)
        record = templates.render(live[which], rng)
        if _is_new(record, seen):
            misses[which] = 0
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


def _draw_uniformly(
    templates: TemplateSet,
    group: Sequence[UtteranceTemplate],
    quota: int,
    rng: random.Random,
    seen: set[int],
) -> Iterator[Record]:
    """New utterances from combinations of compiled templates drawn uniformly, not by weight.

    Why: beside a value of weight 1000, one of weight 1 turns up once in about 1,000
    draws by weight, so those draws run out of budget (or patience) while most
    combinations are still new. Drawn uniformly, every combination is as likely as
    any other. Stops at ``quota``, after PATIENCE duplicates in a row, or when the
    budget of ATTEMPTS_PER_UTTERANCE draws per utterance (plus PATIENCE) is spent.
    """
    if quota <= 0 or not group:
        return
    cumulative = list(accumulate(t.count or 0 for t in group))
    produced = misses = 0
    for _ in range(ATTEMPTS_PER_UTTERANCE * quota + PATIENCE):
        if produced == quota or misses == PATIENCE:
            return
        index = rng.randrange(cumulative[-1])  # exact for counts past the float range
        which = bisect_right(cumulative, index)
        record = templates.derivation(group[which], index - (cumulative[which - 1] if which else 0))
        if not _is_new(record, seen):
            misses += 1
            continue
        misses = 0
        produced += 1
        yield record


def _enumerate(
    templates: TemplateSet,
    group: Sequence[UtteranceTemplate],
    cap: int,
    seen: set[int],
    walk: int | None = None,
) -> Iterator[Record]:
    """Derivations round-robin across templates (so a cap still covers each), deduplicated.

    ``walk`` bounds the derivations rendered, new or not, so a huge space whose
    combinations mostly repeat ends (short of ``cap``) instead of running for ages.
    """
    if cap <= 0:
        return
    walkers = [templates.enumerate(t) for t in group]
    produced = 0
    while walkers:
        alive = []
        for walker in walkers:
            if walk is not None and walk <= 0:
                return
            record = next(walker, None)
            if record is None:
                continue
            if walk is not None:
                walk -= 1
            alive.append(walker)
            if not _is_new(record, seen):
                continue
            produced += 1
            yield record
            if produced == cap:
                return
        walkers = alive
