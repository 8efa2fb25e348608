"""The one augmenter API: a record in, up to n distinct changed records out.

An augmenter implements :meth:`Augmenter.transform`, which proposes one variant
with the call's explicit generator (or returns ``None`` and tallies why not).
:meth:`Augmenter.augment` and :meth:`Augmenter.variants` turn that into a list
of up to ``n`` distinct records that differ from the input, always a list.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from textaug.errors import ConfigError
from textaug.record import Record, as_record
from textaug.rng import record_rng

#: Attempts per requested variant before giving up on a record.
ATTEMPTS_PER_VARIANT = 4


class Context:
    """What one augmentation call carries: its generator and a tally of refusals.

    ``tally`` counts why candidates or variants were refused ("guard
    no_negation", "random_swap: fewer than 2 movable words"), so a user can see
    why a record yielded fewer variants than asked. It is made on first use:
    most calls never refuse anything.
    """

    __slots__ = ("_pending", "_tally", "rng")

    def __init__(self, rng: random.Random, tally: Counter[str] | None = None) -> None:
        self.rng = rng
        self._tally = tally
        self._pending: list[str] | None = None

    @property
    def tally(self) -> Counter[str]:
        """Refusal counts by reason."""
        tally = self._tally
        if tally is None:
            tally = self._tally = Counter()
        if self._pending is not None:
            tally.update(self._pending)
            self._pending = None
        return tally

    def refuse(self, reason: str) -> None:
        """Count one refusal, later (cheaper than ``tally[reason] += 1`` on a hot path)."""
        if self._pending is None:
            self._pending = [reason]
        else:
            self._pending.append(reason)

    def refused(self, reasons: list[str]) -> None:
        """Count a list of refusals, later: only when someone reads :attr:`tally`.

        The list is kept, not copied; the caller must not change it afterwards.
        """
        if self._pending is None:
            self._pending = reasons
        else:
            self._pending.extend(reasons)

    def counted(self) -> Counter[str] | None:
        """The tally, or None when nothing was refused (without making one)."""
        if self._tally is None and self._pending is None:
            return None
        return self.tally

    @classmethod
    def for_record(cls, seed: int, index: int) -> Context:
        """The context for record ``index`` of a run seeded with ``seed``."""
        return cls(record_rng(seed, index))


@dataclass(frozen=True)
class Augmenter:
    """Base class: a frozen dataclass whose fields are its configuration."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "augmenter"

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):
                object.__setattr__(self, f.name, tuple(value))

    def transform(self, record: Record, ctx: Context) -> Record | None:
        """Propose one changed variant of ``record``, or ``None`` if none could be made."""
        raise NotImplementedError  # pragma: no cover - every augmenter overrides it

    def augment(
        self, record: Record | str, n: int = 1, *, seed: int = 0, index: int = 0
    ) -> list[Record]:
        """Up to ``n`` distinct variants of ``record``, each different from it.

        ``seed`` and ``index`` pick the generator exactly as a run over a file
        would for the record at that position, so results match the CLI.
        """
        return self.variants(as_record(record), n, Context.for_record(seed, index))

    def variants(self, record: Record, n: int, ctx: Context) -> list[Record]:
        """Up to ``n`` distinct changed variants, drawing from ``ctx.rng``."""
        if n < 0:
            raise ConfigError(f"n must be non-negative, got {n}")
        if n == 1:  # the common case, without the bookkeeping of several
            for _ in range(ATTEMPTS_PER_VARIANT):
                variant = self.transform(record, ctx)
                if variant is None:
                    continue
                if variant.text == record.text and variant.spans == record.spans:
                    ctx.tally[f"{self.name}: duplicate or unchanged variant"] += 1
                    continue
                return [variant]
            return []
        seen = {(record.text, record.spans)}
        found: list[Record] = []
        for _ in range(n * ATTEMPTS_PER_VARIANT):
            if len(found) == n:
                break
            variant = self.transform(record, ctx)
            if variant is None:
                continue
            key = (variant.text, variant.spans)
            if key in seen:
                ctx.tally[f"{self.name}: duplicate or unchanged variant"] += 1
                continue
            seen.add(key)
            found.append(variant)
        return found

    def to_config(self) -> dict[str, Any]:
        """This augmenter as a plain dict (see :mod:`textaug.registry`)."""
        from textaug.registry import to_config

        return to_config(self)


@dataclass(frozen=True)
class Budgeted(Augmenter):
    """An augmenter that changes about ``rate`` of the eligible units, within bounds.

    The count is ``rate * eligible`` rounded up or down at random in proportion
    to the fraction (so the expected count is exact), then clipped to
    ``[min_ops, max_ops]`` and to the number of eligible units.
    """

    rate: float = 0.1
    min_ops: int = 1
    max_ops: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if not 0.0 <= self.rate <= 1.0:
            raise ConfigError(f"{self.name}: rate must be between 0 and 1, got {self.rate}")
        if self.min_ops < 0:
            raise ConfigError(f"{self.name}: min_ops must be >= 0, got {self.min_ops}")
        if self.max_ops is not None and self.max_ops < self.min_ops:
            raise ConfigError(
                f"{self.name}: max_ops ({self.max_ops}) is smaller than min_ops ({self.min_ops})"
            )

    def budget(self, eligible: int, rng: random.Random) -> int:
        """How many units to change out of ``eligible``."""
        exact = self.rate * eligible
        count = int(exact)
        if rng.random() < exact - count:
            count += 1
        count = max(count, self.min_ops)
        if self.max_ops is not None:
            count = min(count, self.max_ops)
        return min(count, eligible)
