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
from textaug.registry import conform
from textaug.rng import record_rng

#: Attempts per requested variant before giving up on a record.
ATTEMPTS_PER_VARIANT = 4


class Context:
    """What one augmentation call carries: its generator and a tally of refusals.

    ``tally`` counts why candidates or variants were refused ("guard
    no_negation", "random_swap: fewer than 2 movable words"), so a user can see
    why a record yielded fewer variants than asked. It is made on first use:
    most calls never refuse anything.

    ``hopeless`` says the last :meth:`Augmenter.transform` that returned ``None``
    gave up for a reason no retry can change (see :meth:`give_up`), so
    :meth:`Augmenter.variants` stops asking instead of counting the same refusal
    again and again.
    """

    __slots__ = ("_gave_up", "_hopeless_reasons", "_pending", "_tally", "hopeless", "rng")

    def __init__(self, rng: random.Random, tally: Counter[str] | None = None) -> None:
        self.rng = rng
        self._tally = tally
        self._pending: list[str] | None = None
        self.hopeless = False
        self._gave_up: dict[int, tuple[Record, set[int]]] | None = None
        self._hopeless_reasons: set[str] | None = None

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

    def give_up(self, reason: str) -> None:
        """Count a refusal that the record alone decides, and mark the call hopeless.

        Only for reasons no draw can change ("fewer than 2 movable words"); a
        refusal that another draw might avoid goes to :meth:`refuse`. Each reason is
        counted once per context: it says why this record fell short, not how often
        a combinator happened to draw the augmenter that gave up.
        """
        seen = self._hopeless_reasons
        if seen is None:
            seen = self._hopeless_reasons = set()
        if reason not in seen:
            seen.add(reason)
            self.refuse(reason)
        self.hopeless = True

    def all_gave_up(
        self, owner: object, record: Record, choice: int, needed: frozenset[int]
    ) -> bool:
        """Note that ``owner``'s ``choice`` gave up on ``record``; whether all ``needed`` have.

        For combinators that pick one of several augmenters per call: only when every
        choice has given up on this very record is the combinator hopeless too.
        """
        memo = self._gave_up
        if memo is None:
            memo = self._gave_up = {}
        seen = memo.get(id(owner))
        if seen is None or seen[0] is not record:
            seen = memo[id(owner)] = (record, set())  # the record is kept, so its id is not reused
        seen[1].add(choice)
        return needed <= seen[1]

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
        """Check every parameter against its annotation (see :func:`textaug.registry.conform`).

        Subclasses call this first, so their own checks see well-typed values;
        lists become tuples, so the augmenter stays hashable and immutable.
        """
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            fitted = conform(type(self), f.name, value) if f.init else value
            if isinstance(fitted, list):
                fitted = tuple(fitted)
            if fitted is not value:
                object.__setattr__(self, f.name, fitted)

    def transform(self, record: Record, ctx: Context) -> Record | None:
        """Propose one changed variant of ``record``, or ``None`` if none could be made.

        A ``None`` that no retry can change is reported with ``ctx.give_up(reason)``,
        any other with ``ctx.refuse(reason)``.
        """
        raise NotImplementedError  # pragma: no cover - every augmenter overrides it

    def augment(
        self, record: Record | str, n: int = 1, *, seed: int = 0, index: int = 0
    ) -> list[Record]:
        """Up to ``n`` distinct variants of ``record``, each different from it.

        ``seed`` and ``index`` pick the generator exactly as a run over a file
        would for the record at that position, so results match the CLI.
        """
        for what, value in (("n", n), ("seed", seed), ("index", index)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ConfigError(f"{what} must be a whole number, got {value!r}")
        return self.variants(as_record(record), n, Context.for_record(seed, index))

    def variants(self, record: Record, n: int, ctx: Context) -> list[Record]:
        """Up to ``n`` distinct changed variants, drawing from ``ctx.rng``; never a blank one
        ("?" with its mark dropped is no utterance)."""
        if n < 0:
            raise ConfigError(f"n must be non-negative, got {n}")
        if n == 1:  # the common case, without the bookkeeping of several
            for _ in range(ATTEMPTS_PER_VARIANT):
                ctx.hopeless = False
                variant = self.transform(record, ctx)
                if variant is None:
                    if ctx.hopeless:
                        break
                    continue
                if variant.text == record.text and variant.spans == record.spans:
                    ctx.refuse(f"{self.name}: duplicate or unchanged variant")
                    continue
                if variant.text.isspace() or not variant.text:
                    ctx.refuse(f"{self.name}: blank variant")
                    continue
                return [variant]
            return []
        seen = {(record.text, record.spans)}
        found: list[Record] = []
        for _ in range(n * ATTEMPTS_PER_VARIANT):
            if len(found) == n:
                break
            ctx.hopeless = False
            variant = self.transform(record, ctx)
            if variant is None:
                if ctx.hopeless:
                    break
                continue
            key = (variant.text, variant.spans)
            if key in seen:
                ctx.refuse(f"{self.name}: duplicate or unchanged variant")
                continue
            if variant.text.isspace() or not variant.text:
                ctx.refuse(f"{self.name}: blank variant")
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
