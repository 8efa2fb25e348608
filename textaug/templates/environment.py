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

import operator
import os
import posixpath
import random
import sys
from bisect import bisect_right
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from functools import update_wrapper
from pathlib import Path
from types import FunctionType
from typing import Any

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, pass_context, pass_eval_context
from jinja2 import filters as jinja_filters
from jinja2.environment import Template, TemplateModule
from jinja2.loaders import split_template_path
from jinja2.nodes import EvalContext
from jinja2.runtime import Context, Macro, Undefined
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from textaug.errors import DataError
from textaug.templates.bounds import (
    BoundedCodeGenerator,
    BoundedEscapeFormatter,
    BoundedFormatter,
    bounded_concat,
    bounded_filter,
    bounded_test,
    call_work,
    check_binop,
    check_receiver,
    checked,
    checked_size,
    compare_work,
    end_budget,
    format_method,
    need,
    prepare_method,
    spend,
    spend_work,
    start_budget,
)
from textaug.templates.filters import VISIBLE_FILTERS
from textaug.templates.marks import MarkedValue, deep_visible, marked, visible
from textaug.templates.nodes import cumulative_weights
from textaug.templates.values import read_utf8

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
        return marked(checked(result, f"the result of {operator!r}"))

    def compare(self, left: Any, operator: str, right: Any) -> Any:
        """``left <operator> right`` on the text values print, charged what it reads."""
        left, right = visible(left), visible(right)
        spend_work(compare_work(operator, left, right))
        return _COMPARISONS[operator](left, right)

    def compare_chain(self, left: Any, *chain: Any) -> Any:
        """``a < b < c``: operators and operand thunks alternate; stops at the first false."""
        result: Any = True
        for index in range(0, len(chain), 2):
            right = chain[index + 1]()
            result = self.compare(left, chain[index], right)
            if not result:
                return result
            left = right
        return result

    def getslice(self, obj: Any, where: slice) -> Any:
        """``obj[a:b]``: the slice copies, so what it builds is charged."""
        result = marked(obj)[where]
        spend(0, len(result) if isinstance(result, _SIZED) else 1)
        return result

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[key]``, a marked text indexed as the text it prints."""
        return super().getitem(marked(obj), argument)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``: a marked text's methods act on the text it prints."""
        return super().getattr(marked(obj), attribute)

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
            return marked(super().call(context, obj, *args, **kwargs))
        return marked(self._call_method(context, obj, args, kwargs, size))

    def _call_method(
        self, context: Context, obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any], size: int
    ) -> Any:
        """A method or class: growth is refused before the call, the result checked after it."""
        spend(1, size + call_work(obj, args, kwargs))
        method = format_method(obj)
        if method is not None:
            result = self._format(method, args, kwargs)
        else:
            args, kwargs = prepare_method(obj, *_text_arguments(obj, args, kwargs))
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
        return marked(bounded_concat(join, parts))


_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gteq": operator.ge,
    "lt": operator.lt,
    "lteq": operator.le,
    "in": lambda left, right: left in right,
    "notin": lambda left, right: left not in right,
}
_SIZED = (str, bytes, bytearray, list, tuple, range)
#: String methods whose text arguments are inserted, not read: a slot value passed to
#: them stays marked (an entity); every other method reads its arguments' visible text.
_INSERTING = frozenset({"format", "format_map", "join", "replace"})


def _text_arguments(
    method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """A plain string method's arguments as it should see them: the text they print.

    ``"Paris Rome".find(city)`` reads ``city``; ``"{} x".format(city)`` and the
    replacement of ``replace`` insert it, marks and all.
    """
    owner = getattr(method, "__self__", None)
    if not isinstance(owner, str) or isinstance(owner, MarkedValue):
        return args, kwargs
    name = getattr(method, "__name__", "")
    if name == "replace":
        return (visible(args[0]), *args[1:]) if args else args, kwargs
    if name in _INSERTING:
        return args, kwargs
    return tuple(visible(a) for a in args), {k: visible(v) for k, v in kwargs.items()}


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
        loader=TemplateLoader(root),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=_finalize,
    )
    env.globals.pop("lipsum", None)
    env.filters.update(VISIBLE_FILTERS)
    env.filters["random"] = _random_filter
    env.filters["replace"] = _replace_filter
    env.filters = {
        name: bounded_filter(name, _text_filter(name, f)) for name, f in env.filters.items()
    }
    env.tests = {name: bounded_test(name, _text_test(name, t)) for name, t in env.tests.items()}
    env.globals.update(slot=slot_helper, alias=alias_helper, pick=_pick, opt=_opt, sample=_sample)
    return env


class TemplateLoader(BaseLoader):
    """Template files under ``root``, read as :func:`~textaug.templates.values.read_utf8` does.

    Why not Jinja's ``FileSystemLoader``: a UTF-8 byte-order mark would become text
    (U+FEFF in utterances) and invalid UTF-8 a traceback instead of ``file:line``.
    """

    def __init__(self, root: Path) -> None:
        self.root = str(root)

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template`` (a path relative to the root), its file name, up to date."""
        filename = os.path.normpath(posixpath.join(self.root, *split_template_path(template)))
        path = Path(filename)
        if path.is_dir() or not (path.is_file() or path.is_symlink()):  # a broken link is read
            raise TemplateNotFound(template, f"{template!r} not found in {self.root!r}")
        return read_utf8(path), filename, lambda: True


#: Filters that turn text into other text or numbers: they see the text values print.
_PLAIN_TEXT_FILTERS = frozenset(
    {"filesizeformat", "float", "int", "pprint", "tojson", "urlencode", "urlize", "wordcount"}
    | {"xmlattr"}
)
#: Filters that lay text out with white space (which collapses in an utterance): they
#: see the marks, so a value stays an entity, and a line break inside one is an error.
_LAYOUT_FILTERS = frozenset({"indent", "wordwrap"})


#: What Jinja passes a filter before its value (``pass_context`` and the like).
_PASSED = (Context, EvalContext, SandboxedEnvironment)


def _text_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``function`` with slot values as it should see them (see :class:`MarkedValue`)."""
    if name in _PLAIN_TEXT_FILTERS:
        convert: Callable[[Any], Any] = deep_visible
    elif name in _LAYOUT_FILTERS:
        convert = _raw
    elif name == "string":
        convert = _containers_visible
    else:
        convert = marked

    def on_text(*args: Any, **kwargs: Any) -> Any:
        first = 1 if args and isinstance(args[0], _PASSED) else 0
        args = (*args[:first], *(convert(a) for a in args[first:]))
        return marked(function(*args, **{k: convert(v) for k, v in kwargs.items()}))

    return update_wrapper(on_text, function)  # keeps Jinja's pass_context marks


def _text_test(name: str, function: Any) -> Callable[..., Any]:
    """Test ``function`` on the text slot values print (``sameas`` on the values)."""
    if name == "sameas":
        return function

    def on_text(*args: Any, **kwargs: Any) -> Any:
        first = 1 if args and isinstance(args[0], _PASSED) else 0
        args = (*args[:first], *(visible(a) for a in args[first:]))
        return function(*args, **{k: visible(v) for k, v in kwargs.items()})

    return update_wrapper(on_text, function)


def _raw(value: Any) -> Any:
    return str(value) if isinstance(value, MarkedValue) else value


def _containers_visible(value: Any) -> Any:
    return marked(value) if isinstance(value, str) else deep_visible(value)


@pass_eval_context
def _replace_filter(
    eval_ctx: EvalContext, value: Any, old: Any, new: Any, count: int | None = None
) -> Any:
    """Jinja's ``replace``; on a slot value, :meth:`MarkedValue.replace` (keeps the marks)."""
    if isinstance(value, MarkedValue) and not eval_ctx.autoescape:
        text = new if isinstance(new, str) else str(new)
        return value.replace(str(old), text, -1 if count is None else count)
    return jinja_filters.do_replace(eval_ctx, value, old, new, count)


def _finalize(value: Any) -> Any:
    """Every printed ``{{ value }}``, checked before Jinja turns it into text.

    Only text, numbers and lists, tuples and dicts of them print: a function, a
    generator or a cycler prints its memory address, a set its items in an order
    that changes between runs, so the same seed would not give the same output.
    Marks inside a printed container are dropped (its items print as text, not entities).
    """
    if type(value) is str or type(value) is MarkedValue:
        spend(0, len(value))
        return value
    spend(0, checked_size(value, "a printed value"))
    if isinstance(value, _PRINTABLE | Undefined):
        return value
    unprintable = _unprintable(value)
    if unprintable is not None:
        raise DataError(
            f"cannot print a {type(unprintable).__name__}: it has no fixed text "
            "(an object prints its memory address, a set its items in any order); "
            "print text or numbers (a filter's result with |list, a function's by calling it)"
        )
    return deep_visible(value)


_PRINTABLE = str | int | float | None


def _unprintable(value: Any) -> Any:
    """The first item of ``value`` (itself, or one inside its lists, tuples and dicts)
    that has no fixed printed text, or None."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, _PRINTABLE):
            continue
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
        else:
            return item
    return None


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
    check_sample(items, k, sep)
    need(len(sep) * k, "sample()")
    return sep.join(str(x) for x in rng_of(context).sample(list(items), k))


def check_probability(p: Any) -> None:
    """Refuse an ``opt`` probability outside [0, 1]."""
    if isinstance(p, bool) or not isinstance(p, int | float) or not 0.0 <= p <= 1.0:
        raise DataError(f"opt() probability must be between 0 and 1, got {p!r}")


def check_sample(items: Any, k: Any, sep: Any = " ") -> None:
    """Refuse a ``sample`` call that asks for more items than there are, or joins them
    with something other than text."""
    if not isinstance(items, list | tuple) or isinstance(k, bool) or not isinstance(k, int):
        raise DataError(f"sample() needs a list and a whole number k, got {items!r}, {k!r}")
    if not 0 <= k <= len(items):
        raise DataError(f"sample() cannot take {k} of {len(items)} items")
    if not isinstance(sep, str):
        raise DataError(f"sample() needs a string sep, got {sep!r}")
