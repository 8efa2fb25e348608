"""Combinators: a pipeline (in order), one-of (weighted choice), sometimes (probability).

Few combinators, one spelling each. They are augmenters themselves, so they
nest, register and round-trip through config like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from textaug.augmenter import Augmenter, Context
from textaug.errors import ConfigError
from textaug.record import Record
from textaug.registry import register


@register("pipeline")
@dataclass(frozen=True)
class Pipeline(Augmenter):
    """Applies each step in order to the output of the one before.

    A step that cannot change the text is skipped; the pipeline succeeds if any
    step changed it.
    """

    steps: tuple[Augmenter, ...]

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.steps:
            raise ConfigError("pipeline: needs at least one step")

    def transform(self, record: Record, ctx: Context) -> Record | None:
        current = record
        hopeless = True  # until a step refuses for a reason a retry might change
        for step in self.steps:
            ctx.hopeless = False
            changed = step.transform(current, ctx)
            if changed is None:
                hopeless = hopeless and ctx.hopeless
            else:
                current = changed
        # every step saw the input itself and gave up on it: no retry can do better
        ctx.hopeless = hopeless and current is record
        return None if current is record else current


@register("one_of")
@dataclass(frozen=True)
class OneOf(Augmenter):
    """Applies one of ``choices``, picked at random with ``weights`` (default equal)."""

    choices: tuple[Augmenter, ...]
    weights: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.choices:
            raise ConfigError("one_of: needs at least one choice")
        if self.weights is not None:
            if len(self.weights) != len(self.choices):
                raise ConfigError(
                    f"one_of: {len(self.weights)} weights for {len(self.choices)} choices"
                )
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ConfigError("one_of: weights must be non-negative and not all zero")

    def transform(self, record: Record, ctx: Context) -> Record | None:
        if self.weights is None:
            index = int(ctx.rng.random() * len(self.choices))
        else:
            index = ctx.rng.choices(range(len(self.choices)), weights=self.weights)[0]
        variant = self.choices[index].transform(record, ctx)
        if variant is None and ctx.hopeless:
            # hopeless only once every choice that can be drawn has given up on this record
            ctx.hopeless = ctx.all_gave_up(self, record, index, self._drawable)
        return variant

    @property
    def _drawable(self) -> frozenset[int]:
        weights = self.weights or (1.0,) * len(self.choices)
        return frozenset(i for i, w in enumerate(weights) if w > 0)


@register("sometimes")
@dataclass(frozen=True)
class Sometimes(Augmenter):
    """Applies ``augmenter`` with probability ``p``, otherwise leaves the record as it is."""

    augmenter: Augmenter
    p: float = 0.5

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.0 <= self.p <= 1.0:
            raise ConfigError(f"sometimes: p must be between 0 and 1, got {self.p}")

    def transform(self, record: Record, ctx: Context) -> Record | None:
        if ctx.rng.random() >= self.p:
            return None
        return self.augmenter.transform(record, ctx)
