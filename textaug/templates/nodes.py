"""Compiled templates: a tree of choice nodes that draws one rendering, counts or enumerates.

A template is compiled once from its Jinja syntax tree into these nodes. One
sampled rendering walks the tree and asks the seeded generator for each
choice; nothing enumerates the combination space. ``count()`` is the exact
number of derivations (distinct choice paths, an upper bound on distinct
utterances) and ``at(i)`` builds derivation ``i`` in odometer order, so
exhaustive generation is lazy and can stop at a cap.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from math import frexp, inf, ldexp, log, perm, prod


def log_shares(weights: Sequence[float]) -> tuple[float, ...]:
    """The natural log of each weight's share of the total (``-inf`` for a zero weight).

    Computed as ``log(w) - log(total)``, the total summed scaled like
    :func:`cumulative_weights`, so neither weights near 1e308 nor tiny ones overflow.
    """
    top = max(weights, default=0.0)
    if not top > 0:
        return tuple(-inf for _ in weights)
    shift = frexp(top)[1]
    total = log(sum(ldexp(w, -shift) for w in weights)) + shift * log(2)
    return tuple(log(w) - total if w > 0 else -inf for w in weights)


def cumulative_weights(weights: Sequence[float]) -> list[float]:
    """Running sums of ``weights``, scaled by a power of two so the largest is below 1.

    Why: weights near the float maximum (1e308) sum to inf, and a draw then lands past
    the last option. Scaling by a power of two is exact, so every draw is the one the
    unscaled weights give whenever their sum is finite.
    """
    top = max(weights, default=0.0)
    if not top > 0:
        return list(accumulate(weights))
    shift = frexp(top)[1]
    return list(accumulate(ldexp(w, -shift) for w in weights))


class Node:
    """One part of a compiled template."""

    __slots__ = ("size",)
    size: int

    def draw(self, rng: random.Random) -> str:
        """One rendering, drawing every choice from ``rng``."""
        raise NotImplementedError

    def count(self) -> int:
        """How many derivations this node has."""
        return self.size

    def at(self, index: int) -> str:
        """Derivation ``index`` (0 <= index < count()), the last choice varying fastest."""
        raise NotImplementedError

    def log_weight(self, index: int) -> float:
        """The log of the probability that :meth:`draw` takes derivation ``index``."""
        raise NotImplementedError


class Text(Node):
    """Literal text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = 1

    def draw(self, rng: random.Random) -> str:
        return self.text

    def at(self, index: int) -> str:
        return self.text

    def log_weight(self, index: int) -> float:
        return 0.0


class Pick(Node):
    """One of several fixed strings (slot values with their marks, phrases, inline words)."""

    __slots__ = ("_cumulative", "_logs", "_total", "_uniform", "_weights", "options")

    def __init__(self, options: Sequence[str], weights: Sequence[float] | None = None) -> None:
        self.options = tuple(options)
        self.size = len(self.options)
        self._uniform = weights is None or len(set(weights)) <= 1
        self._weights = weights
        self._logs: tuple[float, ...] | None = None
        self._cumulative = cumulative_weights(weights) if weights else []
        self._total = self._cumulative[-1] if self._cumulative else 0.0

    def draw(self, rng: random.Random) -> str:
        if self._uniform:
            return self.options[int(rng.random() * self.size)]
        return self.options[bisect_right(self._cumulative, rng.random() * self._total)]

    def at(self, index: int) -> str:
        return self.options[index]

    def log_weight(self, index: int) -> float:
        if self._uniform or self._weights is None:
            return -log(self.size)
        if self._logs is None:
            self._logs = log_shares(self._weights)
        return self._logs[index]


class Choice(Node):
    """One of several sub-templates, optionally weighted."""

    __slots__ = ("_cumulative", "_logs", "_starts", "_total", "_uniform", "options")

    def __init__(self, options: Sequence[Node], weights: Sequence[float] | None = None) -> None:
        self.options = tuple(options)
        self._uniform = weights is None or len(set(weights)) <= 1
        count = len(self.options)
        if self._uniform:
            self._logs = (-log(count),) * count if count else ()
        else:
            self._logs = log_shares(weights or ())
        self._cumulative = cumulative_weights(weights) if weights else []
        self._total = self._cumulative[-1] if self._cumulative else 0.0
        sizes = [o.size for o in self.options]
        self._starts = list(accumulate(sizes, initial=0))[:-1]
        self.size = sum(sizes)

    def draw(self, rng: random.Random) -> str:
        if self._uniform:
            return self.options[int(rng.random() * len(self.options))].draw(rng)
        return self.options[bisect_right(self._cumulative, rng.random() * self._total)].draw(rng)

    def at(self, index: int) -> str:
        which = bisect_right(self._starts, index) - 1
        return self.options[which].at(index - self._starts[which])

    def log_weight(self, index: int) -> float:
        which = bisect_right(self._starts, index) - 1
        return self._logs[which] + self.options[which].log_weight(index - self._starts[which])


class Seq(Node):
    """Parts in a row; literal parts are kept as strings so drawing skips them."""

    __slots__ = ("_draws", "_radices", "parts")

    def __init__(self, parts: Sequence[Node]) -> None:
        merged: list[Node] = []
        for part in parts:
            if isinstance(part, Seq):
                merged.extend(part.parts)
            elif isinstance(part, Text) and merged and isinstance(merged[-1], Text):
                merged[-1] = Text(merged[-1].text + part.text)
            else:
                merged.append(part)
        self.parts: tuple[Node, ...] = tuple(merged)
        self._draws: tuple[str | Callable[[random.Random], str], ...] = tuple(
            p.text if isinstance(p, Text) else p.draw for p in merged
        )
        self._radices = [p.size for p in merged]
        self.size = prod(self._radices)

    def draw(self, rng: random.Random) -> str:
        return "".join([d if d.__class__ is str else d(rng) for d in self._draws])  # type: ignore[operator]

    def at(self, index: int) -> str:
        out: list[str] = []
        for part, radix in zip(reversed(self.parts), reversed(self._radices), strict=True):
            index, digit = divmod(index, radix)
            out.append(part.at(digit))
        return "".join(reversed(out))

    def log_weight(self, index: int) -> float:
        total = 0.0
        for part, radix in zip(reversed(self.parts), reversed(self._radices), strict=True):
            index, digit = divmod(index, radix)
            total += part.log_weight(digit)
        return total


class Transform(Node):
    """A string filter (upper, lower, title, trim...) applied to a sub-template's output."""

    __slots__ = ("child", "function")

    def __init__(self, child: Node, function: Callable[[str], str]) -> None:
        self.child = child
        self.function = function
        self.size = child.size

    def draw(self, rng: random.Random) -> str:
        return self.function(self.child.draw(rng))

    def at(self, index: int) -> str:
        return self.function(self.child.at(index))

    def log_weight(self, index: int) -> float:
        return self.child.log_weight(index)


class Sample(Node):
    """``k`` distinct strings from a list, in random order, joined by ``sep``."""

    __slots__ = ("k", "options", "sep")

    def __init__(self, options: Sequence[str], k: int, sep: str) -> None:
        self.options = tuple(options)
        self.k = k
        self.sep = sep
        self.size = perm(len(self.options), k)

    def draw(self, rng: random.Random) -> str:
        return self.sep.join(rng.sample(self.options, self.k))

    def at(self, index: int) -> str:
        remaining = list(self.options)
        chosen: list[str] = []
        for step in range(self.k):
            block = perm(len(remaining) - 1, self.k - step - 1)
            which, index = divmod(index, block)
            chosen.append(remaining.pop(which))
        return self.sep.join(chosen)

    def log_weight(self, index: int) -> float:
        return -log(self.size)


def optional(child: Node, probability: float) -> Node:
    """``child`` with probability ``probability``, else nothing."""
    return Choice((child, Text("")), (probability, 1.0 - probability))
