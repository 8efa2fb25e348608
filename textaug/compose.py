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


def _check_augmenters(owner: str, items: tuple[object, ...]) -> None:
    for item in items:
        if not isinstance(item, Augmenter):
            raise ConfigError(f"{owner}: expected augmenters, got {type(item).__name__}")


@register("pipeline")
@dataclass(frozen=True)
class Pipeline(Augmenter):
    """Applies each step in order to the output of the one before.

    A step that cannot change the text is skipped; the pipeline succeeds if any
    step changed it.
    """

    steps: tuple[Augmenter, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.steps:
            raise ConfigError("pipeline: needs at least one step")
        _check_augmenters(self.name, self.steps)

    def transform(self, record: Record, ctx: Context) -> Record | None:
        current = record
        for step in self.steps:
            changed = step.transform(current, ctx)
            if changed is not None:
                current = changed
        return None if current is record else current


@register("one_of")
@dataclass(frozen=True)
class OneOf(Augmenter):
    """Applies one of ``choices``, picked at random with ``weights`` (default equal)."""

    choices: tuple[Augmenter, ...] = ()
    weights: tuple[float, ...] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.choices:
            raise ConfigError("one_of: needs at least one choice")
        _check_augmenters(self.name, self.choices)
        if self.weights is not None:
            if len(self.weights) != len(self.choices):
                raise ConfigError(
                    f"one_of: {len(self.weights)} weights for {len(self.choices)} choices"
                )
            if any(w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ConfigError("one_of: weights must be non-negative and not all zero")

    def transform(self, record: Record, ctx: Context) -> Record | None:
        if self.weights is None:
            choice = self.choices[int(ctx.rng.random() * len(self.choices))]
        else:
            choice = ctx.rng.choices(self.choices, weights=self.weights)[0]
        return choice.transform(record, ctx)


@register("sometimes")
@dataclass(frozen=True)
class Sometimes(Augmenter):
    """Applies ``augmenter`` with probability ``p``, otherwise leaves the record as it is."""

    augmenter: Augmenter | None = None
    p: float = 0.5

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.augmenter, Augmenter):
            raise ConfigError("sometimes: needs an 'augmenter'")
        if not 0.0 <= self.p <= 1.0:
            raise ConfigError(f"sometimes: p must be between 0 and 1, got {self.p}")

    def transform(self, record: Record, ctx: Context) -> Record | None:
        if ctx.rng.random() >= self.p:
            return None
        assert self.augmenter is not None
        return self.augmenter.transform(record, ctx)
