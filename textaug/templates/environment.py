"""The sandboxed Jinja environment templates render in, and its seeded helpers.

Templates run in Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` with
:class:`~jinja2.StrictUndefined`: attribute access to internals is refused,
undefined names are errors, and what a render may build and how long it may
run are bounded (see :mod:`textaug.templates.bounds`). Jinja's ``random``
filter and ``lipsum`` (which use global random state) are replaced: every
choice draws from the seeded generator of the current render, which templates cannot
see. The case filters
(``upper``, ``lower``, ``capitalize``, ``title``, ``trim``) act on the text
around slot marks (see :mod:`textaug.templates.filters`).

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
import sys
from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from pathlib import Path
from types import FunctionType
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, pass_context
from jinja2.environment import Template, TemplateModule
from jinja2.runtime import Context, Macro
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from textaug.errors import DataError
from textaug.templates.bounds import (
    BoundedCodeGenerator,
    BoundedEscapeFormatter,
    BoundedFormatter,
    bounded_concat,
    bounded_filter,
    call_work,
    check_binop,
    check_receiver,
    checked,
    checked_size,
    end_budget,
    format_method,
    need,
    prepare_method,
    spend,
    start_budget,
)
from textaug.templates.filters import VISIBLE_FILTERS
from textaug.templates.nodes import cumulative_weights

HELPERS = ("slot", "alias", "pick", "opt", "sample")
#: Names of ``str.format`` methods (Jinja's sandbox hands templates a wrapper function).
_FORMAT = ("format", "format_map")


class FreshTemplate(Template):
    """A template whose imports run again in every render.

    Jinja runs an imported file once and keeps the module, but in a template file's top
    level ``{% set town = slot("city") %}`` is a draw: kept, every utterance of a
    process would share the first town drawn, whatever the seed.
    """

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        self._module = None
        return super()._get_default_module(ctx)


class TemplateEnvironment(SandboxedEnvironment):
    """The sandbox with every operator, call, filter, ``~`` and loop bounded (see :mod:`bounds`)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = BoundedCodeGenerator
    template_class = FreshTemplate

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        check_binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return checked(result, f"the result of {operator!r}")

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``obj`` from a template: one step, with arguments, result and receiver bounded.

        Macros and helpers, the common case, are only counted: their output is
        made of printed pieces, which :func:`_finalize` checks.
        """
        size = 0
        for value in (*args, *kwargs.values()) if kwargs else args:
            if type(value) is not str:  # strings were checked when they were built
                size += checked_size(value, "a call argument")
        if type(obj) is Macro or (type(obj) is FunctionType and obj.__name__ not in _FORMAT):
            spend(1, size)
            return super().call(context, obj, *args, **kwargs)
        return self._call_method(context, obj, args, kwargs, size)

    def _call_method(
        self, context: Context, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any], size: int
    ) -> Any:
        """A method or class: growth is refused before the call, the result checked after it."""
        spend(1, size + call_work(obj, args, kwargs))
        method = format_method(obj)
        if method is not None:
            result = self._format(method, args, kwargs)
        else:
            args, kwargs = prepare_method(obj, args, kwargs)
            result = super().call(context, obj, *args, **kwargs)
            check_receiver(obj)
        return checked(result, "a call's result")

    def _format(self, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        """``str.format`` / ``format_map`` as Jinja's sandbox runs them, with bounded widths."""
        owner = method.__self__
        formatter: BoundedFormatter | BoundedEscapeFormatter
        if isinstance(owner, Markup):
            formatter = BoundedEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = BoundedFormatter(self)
        if method.__name__ == "format_map":
            if kwargs or len(args) != 1:
                raise TypeError("format_map() takes exactly one positional argument")
            return type(owner)(formatter.vformat(owner, (), args[0]))
        return type(owner)(formatter.vformat(owner, args, kwargs))

    def bounded_concat(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b``, as the generated code calls it (see :class:`BoundedCodeGenerator`)."""
        return bounded_concat(join, parts)


#: The generator of the render in progress, for macros imported without context.
CURRENT_RNG: ContextVar[random.Random | None] = ContextVar("textaug_template_rng", default=None)


class Rendering:
    """``with Rendering(rng):`` templates draw from ``rng`` and spend one fresh render budget."""

    __slots__ = ("_budget", "_rng", "rng")

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def __enter__(self) -> None:
        self._rng = CURRENT_RNG.set(self.rng)
        self._budget = start_budget()

    def __exit__(self, *exc_info: object) -> None:
        end_budget(self._budget)
        CURRENT_RNG.reset(self._rng)


def rng_of(context: Context) -> random.Random:
    """The seeded generator of the current render (see :class:`Rendering`).

    It is never a template variable: a template that could reach it could reseed it,
    print its address or ask it for a huge list, and output would stop being a function
    of the seed.
    """
    rng = CURRENT_RNG.get()
    if rng is None:
        raise DataError("templates must be rendered inside 'with Rendering(rng):'")
    return rng


def choose_index(rng: random.Random, weights: Sequence[float] | None, size: int) -> int:
    """An index in ``range(size)``, uniformly or by ``weights`` (the compiled path draws alike)."""
    if weights is None or len(set(weights)) <= 1:
        return int(rng.random() * size)
    cumulative = cumulative_weights(weights)
    return bisect_right(cumulative, rng.random() * cumulative[-1])


def check_weights(weights: Any, size: int) -> list[float] | None:
    """Validated weights for ``size`` alternatives (None: uniform)."""
    if weights is None:
        return None
    if not isinstance(weights, list | tuple) or len(weights) != size:
        raise DataError(f"weights must be a list of {size} numbers, got {weights!r}")
    if any(isinstance(w, bool) or not isinstance(w, int | float) or w < 0 for w in weights):
        raise DataError(f"weights must be non-negative numbers, got {weights!r}")
    if not all(w <= sys.float_info.max for w in weights):  # inf, nan, or an int past floats
        raise DataError(f"weights must be finite numbers of at most {sys.float_info.max:.1e}")
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
        finalize=_finalize,
    )
    env.globals.pop("lipsum", None)
    env.filters.update(VISIBLE_FILTERS)
    env.filters["random"] = _random_filter
    env.filters = {name: bounded_filter(name, f) for name, f in env.filters.items()}
    env.globals.update(slot=slot_helper, alias=alias_helper, pick=_pick, opt=_opt, sample=_sample)
    return env


def _finalize(value: Any) -> Any:
    """Every printed ``{{ value }}``, checked before Jinja turns it into text."""
    spend(0, len(value) if type(value) is str else checked_size(value, "a printed value"))
    return value


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
    need(len(str(sep)) * k, "sample()")
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
