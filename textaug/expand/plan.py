"""How many rows each intent should end with, and how that splits over its originals."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from textaug.errors import ConfigError

#: Candidates asked per planned variant (plus one), so dedup rarely leaves a shortfall.
CANDIDATE_SLACK = 1.0
#: Candidates asked of an original with no share, to make up an earlier one's shortfall.
RESERVE = 2


def scaled(count: int, factor: float) -> int:
    """``count`` times ``factor``, rounded half up: 3 x 1.5 -> 5 and 5 x 1.5 -> 8.

    Python's ``round`` rounds half to even (4.5 -> 4 but 7.5 -> 8), which reads as
    inconsistent. The product is taken in decimal on the factor as written, so
    10 x 1.15 is 11.5 -> 12, not the binary 11.4999... -> 11.

    >>> [scaled(n, 1.5) for n in (1, 3, 5)], scaled(10, 1.15)
    ([2, 5, 8], 12)
    """
    exact = Decimal(str(float(factor))) * count
    return int(exact.to_integral_value(rounding=ROUND_HALF_UP))


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
        """Targets from ``per_intent`` (at least that many rows) or ``factor`` (times as
        many, rounded half up: see :func:`scaled`).

        ``max_per_original`` defaults to twice the largest even share, at least 1.
        """
        if (per_intent is None) == (factor is None):
            raise ConfigError("give exactly one of per_intent (--per-intent) and factor (--factor)")
        if per_intent is not None and per_intent < 0:
            raise ConfigError(f"per_intent must be non-negative, got {per_intent}")
        if factor is not None and not (math.isfinite(factor) and factor >= 1.0):
            raise ConfigError(f"factor must be a finite number, at least 1, got {factor}")
        if max_per_original is not None and max_per_original < 0:
            raise ConfigError(f"max_per_original must be non-negative, got {max_per_original}")
        targets = {
            label: max(n, per_intent) if per_intent is not None else scaled(n, factor or 1.0)
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
        """How many candidate variants to ask original ``rank`` for (fixed by the plan).

        An original with no share of a growing intent still gets ``RESERVE`` candidates,
        so it can make up for an earlier original that had too few ("hi" has none).
        """
        quota = self.quota(label, rank)
        if quota == 0:
            return RESERVE if self.extra(label) > 0 and self.max_per_original > 0 else 0
        return min(self.max_per_original, quota) + math.ceil(quota * CANDIDATE_SLACK) + 1
