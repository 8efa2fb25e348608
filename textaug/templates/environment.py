"""The sandboxed Jinja environment templates render in, and its seeded helpers.

Templates run in Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` with
:class:`~jinja2.StrictUndefined`: attribute access to internals is refused,
undefined names are errors, string/list repetition and powers are bounded.
Jinja's ``random`` filter and ``lipsum`` (which use global random state) are
replaced: every choice draws from the ``rng`` passed in the render context.

Helpers, identical in compiled and Jinja-rendered templates:

``slot(list, entity=None, role=None, group=None)``
    a value from slot list ``list``, marked as entity ``entity`` (default: the list name)
``alias(list)``
    a phrase from phrase list ``list`` (not an entity)
``pick(a, b, ..., weights=None)`` / ``pick([a, b])`` / ``[a, b]|random``
    one alternative, optionally weighted
``opt(text, p=0.5)``
    ``text`` with probability ``p``, else nothing
``sample(items, k, sep=" ")``
    ``k`` distinct items in random order, joined
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from textaug.errors import DataError

HELPERS = ("slot", "alias", "pick", "opt", "sample")
#: Longest string or list a template may build with ``*``.
MAX_REPEAT = 10_000


class TemplateEnvironment(SandboxedEnvironment):
    """The sandbox with bounded ``*`` and ``**`` (Jinja does not bound them itself)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 64:
                raise SecurityError(f"exponent {right} is too large")
            return left**right
        if isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        repeats = isinstance(left, str | list | tuple) and isinstance(right, int)
        if repeats and len(left) * right > MAX_REPEAT:
            raise SecurityError(f"repetition would build more than {MAX_REPEAT} items")
        return left * right


#: The generator of the render in progress, for macros imported without context.
CURRENT_RNG: ContextVar[random.Random | None] = ContextVar("textaug_template_rng", default=None)


def rng_of(context: Context) -> random.Random:
    """The seeded generator a template was rendered with."""
    rng = context.get("rng")
    if not isinstance(rng, random.Random):
        rng = CURRENT_RNG.get()
    if not isinstance(rng, random.Random):
        raise DataError("templates must be rendered with a random.Random as 'rng'")
    return rng


def choose_index(rng: random.Random, weights: Sequence[float] | None, size: int) -> int:
    """An index in ``range(size)``, uniformly or by ``weights`` (the compiled path draws alike)."""
    from bisect import bisect_right
    from itertools import accumulate

    if weights is None or len(set(weights)) <= 1:
        return int(rng.random() * size)
    cumulative = list(accumulate(weights))
    return bisect_right(cumulative, rng.random() * cumulative[-1])


def check_weights(weights: Any, size: int) -> list[float] | None:
    """Validated weights for ``size`` alternatives (None: uniform)."""
    if weights is None:
        return None
    if not isinstance(weights, list | tuple) or len(weights) != size:
        raise DataError(f"weights must be a list of {size} numbers, got {weights!r}")
    if any(isinstance(w, bool) or not isinstance(w, int | float) or w < 0 for w in weights):
        raise DataError(f"weights must be non-negative numbers, got {weights!r}")
    if not sum(weights) > 0:
        raise DataError("at least one weight must be positive")
    return [float(w) for w in weights]


def make_environment(
    root: Path, slot_helper: Callable[..., str], alias_helper: Callable[..., str]
) -> TemplateEnvironment:
    """The sandbox for the templates under ``root``; the slot helpers come from the template set."""
    env = TemplateEnvironment(
        loader=FileSystemLoader(str(root)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.globals.pop("lipsum", None)
    env.filters["random"] = _random_filter
    env.globals.update(slot=slot_helper, alias=alias_helper, pick=_pick, opt=_opt, sample=_sample)
    return env


@pass_context
def _random_filter(context: Context, items: Sequence[Any]) -> Any:
    """Jinja's ``random`` filter, drawing from the render's seeded generator."""
    items = list(items)
    if not items:
        raise DataError("random of an empty list")
    return items[choose_index(rng_of(context), None, len(items))]


@pass_context
def _pick(context: Context, *options: Any, weights: Any = None) -> Any:
    if len(options) == 1 and isinstance(options[0], list | tuple):
        options = tuple(options[0])
    if not options:
        raise DataError("pick() needs at least one alternative")
    checked = check_weights(weights, len(options))
    return options[choose_index(rng_of(context), checked, len(options))]


@pass_context
def _opt(context: Context, text: Any, p: float = 0.5) -> Any:
    check_probability(p)
    if p >= 1.0:
        return text
    if p <= 0.0:
        return ""
    return text if choose_index(rng_of(context), [p, 1.0 - p], 2) == 0 else ""


@pass_context
def _sample(context: Context, items: Sequence[Any], k: int, sep: str = " ") -> str:
    check_sample(items, k)
    return sep.join(str(x) for x in rng_of(context).sample(list(items), k))


def check_probability(p: Any) -> None:
    """Refuse an ``opt`` probability outside [0, 1]."""
    if isinstance(p, bool) or not isinstance(p, int | float) or not 0.0 <= p <= 1.0:
        raise DataError(f"opt() probability must be between 0 and 1, got {p!r}")


def check_sample(items: Any, k: Any) -> None:
    """Refuse a ``sample`` call that asks for more items than there are."""
    if not isinstance(items, list | tuple) or isinstance(k, bool) or not isinstance(k, int):
        raise DataError(f"sample() needs a list and a whole number k, got {items!r}, {k!r}")
    if not 0 <= k <= len(items):
        raise DataError(f"sample() cannot take {k} of {len(items)} items")
