"""Bounds on what a Jinja-rendered template may build, and on how long one render may run.

Jinja's sandbox keeps templates away from Python internals but bounds neither
memory nor time: ``'x'.ljust(10**9)`` allocates a gigabyte and two nested
``range(99999)`` loops run for hours. A template line makes one short
utterance and needs little of either, so :class:`TemplateEnvironment
<textaug.templates.environment.TemplateEnvironment>` refuses more, with a
``SecurityError`` that rendering reports with file and line:

* every value an operator, method, filter or ``~`` builds or is given holds
  at most :data:`MAX_BUILD` characters or items (counted through nested
  lists and dicts), every integer at most :data:`MAX_INT_BITS` bits;
* operations that build far more than their inputs are checked before they
  run: ``*`` repetition, ``**``, ``%`` and ``format`` widths, padding,
  ``replace``, ``join``, ``translate``, ``expandtabs``, and the filters
  ``center``, ``indent``, ``format``, ``join``, ``replace``, ``wordwrap``,
  ``batch``, ``slice``, ``urlize``, ``sum``;
* one render runs at most :data:`MAX_STEPS` loop iterations and calls and
  builds at most :data:`MAX_RENDER_BUILD` characters or items in all
  (:class:`RenderBudget`), its output included: each printed value is
  charged as it is printed and a loop's literal text at each iteration, so
  output is bounded while it is made, not after; a slice is charged as
  built, since it copies;
* comparisons (``==``, ``<``, ``in``...) and tests (``is in``...) read up to
  all of their operands, and so does every look at a slot value's text (see
  :class:`~textaug.templates.marks.MarkedValue`), so each is charged the
  characters and items it may read, and one render reads at most
  :data:`MAX_WORK` of them: ``-1 in l`` for a list of 99,999 items, 99,000
  times over, used to run for minutes.

Counting steps rather than seconds keeps a template's fate the same on a
fast and a slow machine.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar, Token
from dataclasses import dataclass
from functools import update_wrapper
from string import Formatter
from types import BuiltinMethodType, MethodType
from typing import Any

from jinja2 import Environment, nodes
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter, SecurityError

#: Longest string or list a template may build with ``*``.
MAX_REPEAT = 10_000
#: Most characters (or items) one value a template builds may hold.
MAX_BUILD = 100_000
#: Largest integer, in bits, a template may compute.
MAX_INT_BITS = 10_000
#: Most loop iterations and calls in one render.
MAX_STEPS = 100_000
#: Most characters (or items) one render may build, summed over every checked value.
MAX_RENDER_BUILD = 1_000_000
#: Most characters (or items) one render's comparisons, tests and slot-value reads may read.
MAX_WORK = 10_000_000

_TEXT = (str, bytes, bytearray)
_SEQUENCES = (str, bytes, bytearray, list, tuple)
_CONTAINERS = (list, tuple, set, frozenset, dict)
_GROWABLE = (list, dict, set, bytearray)


@dataclass
class RenderBudget:
    """What one render has spent: steps (loop iterations and calls), characters built,
    and characters or items its comparisons, tests and looks at slot-value text read."""

    steps: int = 0
    built: int = 0
    work: int = 0


_BUDGET: ContextVar[RenderBudget | None] = ContextVar("textaug_render_budget", default=None)


def start_budget() -> Token[RenderBudget | None]:
    """Give the render about to start a fresh budget; pass the token to :func:`end_budget`."""
    return _BUDGET.set(RenderBudget())


def end_budget(token: Token[RenderBudget | None]) -> None:
    """Back to no budget (outside renders, e.g. while Jinja folds constants at compile time)."""
    _BUDGET.reset(token)


def spend(steps: int, size: int) -> None:
    """Count steps and characters built by the render in progress; refuse overspending."""
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.steps += steps
    budget.built += size
    if budget.steps > MAX_STEPS:
        raise SecurityError(
            f"the template ran more than {MAX_STEPS:,} loop iterations and calls "
            "in one render (a runaway loop or recursion?)"
        )
    if budget.built > MAX_RENDER_BUILD:
        raise SecurityError(
            f"the template built or printed more than {MAX_RENDER_BUILD:,} characters in one render"
        )


def spend_work(size: int) -> None:
    """Count characters or items read by a comparison, a test or a look at a slot value's
    text; refuse overspending."""
    budget = _BUDGET.get()
    if budget is None:
        return
    budget.work += size
    if budget.work > MAX_WORK:
        raise SecurityError(
            f"the template compared, tested or searched more than {MAX_WORK:,} characters "
            "or items in one render (a search of a long list in a loop?)"
        )


def loop_iteration(text: int) -> None:
    """Called at the top of every loop iteration (a call: one step), with the body's text size.

    Printed values are charged as they are printed (see ``_finalize`` in
    :mod:`environment`); the literal text of a loop body is charged here,
    once per iteration, so all output a render makes counts against its budget.
    """
    spend(0, text)


def size_of(value: Any, limit: int = MAX_BUILD) -> int:
    """Characters and items in ``value``, through nested containers; counting stops past ``limit``.

    Shared items count each time they occur, as printing them would; every
    item counts at least 1, so the walk ends after about ``limit`` items even
    on cyclic or deeply shared structures.
    """
    if isinstance(value, _TEXT):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    total = 0
    pending = [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, _TEXT):
            total += max(len(item), 1)
            continue
        total += 1
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            pending.extend(item)
    return total


def work_size(value: Any) -> int:
    """What reading all of ``value`` costs: its length, its size through containers, or 1.

    A list or tuple of numbers or of strings, the common long ones, is sized without
    a walk in Python, which would take longer than the search it pays for.
    """
    if isinstance(value, _TEXT):
        return max(len(value), 1)
    if isinstance(value, list | tuple):
        kinds = set(map(type, value))
        if kinds <= _SCALARS:
            return len(value) + 1
        if kinds == {str}:
            return len(value) + sum(map(len, value)) + 1
    if isinstance(value, _CONTAINERS):
        return size_of(value)
    return 1


def compare_work(operator: str, left: Any, right: Any) -> int:
    """What ``left <operator> right`` may read (Jinja's operator names: ``eq``, ``in``...).

    A search reads the container, and compares ``left`` with its items: those
    comparisons read no more than the items themselves, which its size counts.
    A hashed container reads only ``left`` (to hash it); a range holds an
    integer without a search.
    """
    if operator not in ("in", "notin"):
        if type(left) in _SCALARS or type(right) in _SCALARS:
            return 1
        return min(work_size(left), work_size(right))
    if isinstance(right, _TEXT):
        return len(right) + (len(left) if isinstance(left, _TEXT) else 0) + 1
    if isinstance(right, dict | set | frozenset):
        return work_size(left)
    if isinstance(right, range):
        return 1 if type(left) is int else len(right) + 1
    return work_size(right)


_SCALARS = frozenset({int, float, bool, type(None)})


def checked_size(value: Any, what: str) -> int:
    """The size of ``value`` (see :func:`size_of`), refused past the bounds."""
    if type(value) is str:  # the common case, kept cheap: strings are checked where built
        return len(value)
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise SecurityError(f"{what} is an integer of more than {MAX_INT_BITS:,} bits")
    size = size_of(value)
    if size > MAX_BUILD:
        raise SecurityError(f"{what} holds more than {MAX_BUILD:,} characters or items")
    return size


def checked(value: Any, what: str = "a value") -> Any:
    """``value``, once it is known to be within the bounds; its size is charged to the render."""
    spend(0, checked_size(value, what))
    return value


def need(size: int, what: str) -> None:
    """Refuse an operation that would build ``size`` characters or items, if that is too many."""
    if size > MAX_BUILD:
        raise SecurityError(f"{what} would build more than {MAX_BUILD:,} characters or items")


def _count(value: Any, what: str) -> int:
    """A width or count argument, refused when it alone exceeds the bound."""
    if isinstance(value, int) and not isinstance(value, bool):
        need(value, what)
        return max(value, 0)
    return 0


# -- operators -------------------------------------------------------------------------------


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left <operator> right`` before it runs if its result would be too large."""
    if operator == "*":
        _check_product(left, right)
    elif operator == "**":
        _check_power(left, right)
    elif operator == "%" and isinstance(left, _TEXT):
        check_printf(left, right)


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, _SEQUENCES):
        left, right = right, left
    repeats = isinstance(left, _SEQUENCES) and isinstance(right, int)
    if repeats and len(left) * right > MAX_REPEAT:
        raise SecurityError(f"repetition would build more than {MAX_REPEAT:,} items")
    numbers = isinstance(left, int) and isinstance(right, int)
    if numbers and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
        raise SecurityError(f"a product of more than {MAX_INT_BITS:,} bits")


def _check_power(base: Any, exponent: Any) -> None:
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 0:
        return  # floats overflow with an error; negative powers give floats
    if abs(base) > 1 and (abs(base).bit_length() - 1) * exponent > MAX_INT_BITS:
        raise SecurityError(f"a power of more than {MAX_INT_BITS:,} bits")


#: One ``%`` conversion: optional (key), flags, width, precision, length, type.
_PRINTF_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def check_printf(template: str | bytes | bytearray, values: Any) -> None:
    """Refuse ``template % values`` if a field's width or precision is too large."""
    text = template.decode("latin-1") if isinstance(template, bytes | bytearray) else template
    for field in _PRINTF_FIELD.finditer(text):
        for number in field.groups():
            if number == "*":
                items = values if isinstance(values, tuple) else (values,)
                for item in items:
                    _count(item, "a '*' width in % formatting")
            elif number is not None:
                _check_digits(number, "a width or precision in % formatting")


def _check_digits(digits: str, what: str) -> None:
    if len(digits) > len(str(MAX_BUILD)) or int(digits) > MAX_BUILD:
        raise SecurityError(f"{what} ({digits}) would build more than {MAX_BUILD:,} characters")


class _WidthCheck(Formatter):
    """A str.format formatter that refuses field widths and precisions past the bound."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        for digits in re.findall(r"\d+", format_spec):
            _check_digits(digits, "a width or precision in str.format")
        return super().format_field(value, format_spec)


class BoundedFormatter(_WidthCheck, SandboxedFormatter):
    """Jinja's sandboxed ``str.format``, with bounded field widths."""


class BoundedEscapeFormatter(_WidthCheck, SandboxedEscapeFormatter):
    """Jinja's sandboxed ``Markup.format``, with bounded field widths."""


def format_method(function: Any) -> Any:
    """The ``str.format``/``format_map`` method behind ``function`` (Jinja may wrap it), or None."""
    method = getattr(function, "__wrapped__", function)
    if (
        isinstance(method, MethodType | BuiltinMethodType)
        and method.__name__ in ("format", "format_map")
        and isinstance(method.__self__, str)
    ):
        return method
    return None


# -- methods and filters -----------------------------------------------------------------------

#: Prepares a call: refuses it if too large, else returns (args, kwargs), maybe materialized.
Prepare = Callable[..., "tuple[tuple[Any, ...], dict[str, Any]] | None"]


def prepare_method(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """(args, kwargs) to call ``function`` with; refuses string methods that build too much."""
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    prepare = None
    if isinstance(owner, _TEXT):
        prepare = _TEXT_METHODS.get(name)
    elif isinstance(owner, int) and name == "to_bytes":
        prepare = _to_bytes
    if prepare is None:
        return args, kwargs
    return prepare(owner, *args, **kwargs) or (args, kwargs)


def call_work(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """What a method call may have to read: its receiver and its string arguments."""
    owner = getattr(function, "__self__", None)
    work = len(owner) if isinstance(owner, _TEXT + _CONTAINERS) else 0
    for value in (*args, *kwargs.values()):
        if isinstance(value, _TEXT):
            work += len(value)
    return work


def check_receiver(function: Any) -> None:
    """Refuse a list, dict or set that a method call (``extend``, ``update``...) grew too large."""
    owner = getattr(function, "__self__", None)
    if isinstance(owner, _GROWABLE) and len(owner) > MAX_BUILD:
        raise SecurityError(f"a {type(owner).__name__} grew past {MAX_BUILD:,} items")


def _pad(text: Any, width: Any = 0, *rest: Any, **options: Any) -> None:
    _count(width, "padding")


def _expandtabs(text: Any, tabsize: Any = 8) -> None:
    tabs = text.count("\t" if isinstance(text, str) else b"\t")
    need(len(text) + tabs * _count(tabsize, "expandtabs"), "expandtabs")


def _replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if not isinstance(old, type(text)) or not isinstance(new, type(text)) or len(new) <= len(old):
        return
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    need(len(text) + found * (len(new) - len(old)), "replace")


def _join_method(text: Any, items: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    items = list(items)
    need(size_of(items) + len(text) * len(items), "join")
    return (items,), {}


def _translate(text: Any, table: Any) -> None:
    if not isinstance(text, str):
        return
    values = table.values() if isinstance(table, Mapping) else table
    if isinstance(values, str):
        return
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    need(len(text) * longest, "translate")


def _to_bytes(number: Any, length: Any = 1, *rest: Any, **options: Any) -> None:
    _count(options.get("length", length), "to_bytes")


_TEXT_METHODS: dict[str, Prepare] = {
    "ljust": _pad,
    "rjust": _pad,
    "center": _pad,
    "zfill": _pad,
    "expandtabs": _expandtabs,
    "replace": _replace,
    "join": _join_method,
    "translate": _translate,
}


def bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja filter ``function`` with its arguments and result checked against the bounds."""
    prepare = _FILTERS.get(name)

    def bounded(*args: Any, **kwargs: Any) -> Any:
        first = 1 if args and isinstance(args[0], Context | EvalContext | Environment) else 0
        for value in (*args[first:], *kwargs.values()):
            checked(value, f"an argument of the {name!r} filter")
        if prepare is not None:
            found = prepare(*args[first:], **kwargs)
            if found is not None:
                args, kwargs = (*args[:first], *found[0]), found[1]
        return checked(function(*args, **kwargs), f"the result of the {name!r} filter")

    return update_wrapper(bounded, function)  # keeps Jinja's pass_context marks


def _center(value: Any, width: Any = 80) -> None:
    _count(width, "the 'center' filter")


def _indent(s: Any, width: Any = 4, first: Any = False, blank: Any = False) -> None:
    indent = len(width) if isinstance(width, str) else _count(width, "the 'indent' filter")
    text = str(s)
    need(len(text) + (text.count("\n") + 1) * indent, "the 'indent' filter")


def _format(value: Any, *args: Any, **kwargs: Any) -> None:
    check_printf(str(value), kwargs or args)


def _join_filter(value: Any, d: Any = "", attribute: Any = None) -> Any:
    items = list(value)
    need(size_of(items) + len(str(d)) * len(items), "the 'join' filter")
    return (items, d, attribute), {}


def _replace_filter(s: Any, old: Any, new: Any, count: Any = None) -> None:
    _replace(str(s), str(old), str(new), -1 if count is None else count)


def _wordwrap(
    s: Any, width: Any = 79, break_long_words: Any = True, wrapstring: Any = None, *rest: Any
) -> None:
    text = str(s)
    need(len(text) * (1 + len(str(wrapstring or "\n"))), "the 'wordwrap' filter")


def _batch(value: Any, linecount: Any, fill_with: Any = None) -> None:
    if fill_with is not None:
        _count(linecount, "the 'batch' filter")


def _slice(value: Any, slices: Any, fill_with: Any = None) -> None:
    _count(slices, "the 'slice' filter")


def _urlize(
    value: Any,
    trim_url_limit: Any = None,
    nofollow: Any = False,
    target: Any = None,
    rel: Any = None,
    extra_schemes: Any = None,
) -> None:
    extra = len(str(target or "")) + len(str(rel or ""))
    need((len(str(value)) + 1) * extra, "the 'urlize' filter")


def _sum(iterable: Any, attribute: Any = None, start: Any = 0) -> Any:
    items = list(iterable)
    if not isinstance(start, int | float):
        # Adding lists copies the running total each time: the work grows as n * total.
        spend(0, len(items) * (size_of(start) + size_of(items)))
    return (items, attribute, start), {}


_FILTERS: dict[str, Prepare] = {
    "center": _center,
    "indent": _indent,
    "format": _format,
    "join": _join_filter,
    "replace": _replace_filter,
    "wordwrap": _wordwrap,
    "batch": _batch,
    "slice": _slice,
    "urlize": _urlize,
    "sum": _sum,
}


def bounded_test(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja test ``function``, charged what it may read (``x is in l`` searches ``l``)."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        first = 1 if args and isinstance(args[0], Context | EvalContext | Environment) else 0
        values = (*args[first:], *kwargs.values())
        spend_work(sum(work_size(value) for value in values))
        return function(*args, **kwargs)

    return update_wrapper(bounded, function)  # keeps Jinja's pass_environment marks


# -- code generation ---------------------------------------------------------------------------

_LOOP_HOOK = f"{__name__}.loop_iteration"


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with two changes, so the sandbox sees what it must bound.

    Every ``for`` body starts with a call to :func:`loop_iteration` (the
    environment counts calls, so iterations count as steps, and the hook
    charges the body's literal text), and ``~`` joins through
    ``environment.bounded_concat``.
    """

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):
            _count_iterations(loop)
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        """``a < b``, ``x in l``... as ``environment.compare(a, "lt", b)``, so they are charged.

        In a chain (``a < b < c``) each operand after the first comparison is
        evaluated only if the comparisons before it held, as in Python.
        """
        if len(node.ops) == 1:
            self.write("environment.compare(")
            self.visit(node.expr, frame)
            self.write(f", {node.ops[0].op!r}, ")
            self.visit(node.ops[0].expr, frame)
            self.write(")")
            return
        self.write("environment.compare_chain(")
        self.visit(node.expr, frame)
        for operand in node.ops:
            self.write(f", {operand.op!r}, lambda: ")
            self.visit(operand.expr, frame)
        self.write(")")

    @optimizeconst
    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        """Slices through ``environment.getslice`` (Jinja writes them as Python slices)."""
        if not isinstance(node.arg, nodes.Slice):
            super().visit_Getitem(node, frame)
            return
        self.write("environment.getslice(")
        self.visit(node.node, frame)
        self.write(", slice(")
        for index, part in enumerate((node.arg.start, node.arg.stop, node.arg.step)):
            self.write(", " if index else "")
            if part is None:
                self.write("None")
            else:
                self.visit(part, frame)
        self.write("))")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _count_iterations(loop: nodes.For) -> None:
    """Start ``loop``'s body with a call to the loop hook (once: trees are cached and reused)."""
    first = loop.body[0] if loop.body else None
    if isinstance(first, nodes.ExprStmt) and isinstance(first.node, nodes.Call):
        hook = first.node.node
        if isinstance(hook, nodes.ImportedName) and hook.importname == _LOOP_HOOK:
            return
    text = sum(len(data.data) for item in loop.body for data in item.find_all(nodes.TemplateData))
    size = nodes.Const(text, lineno=loop.lineno)
    call = nodes.Call(nodes.ImportedName(_LOOP_HOOK), [size], [], None, None, lineno=loop.lineno)
    loop.body.insert(0, nodes.ExprStmt(call, lineno=loop.lineno))


def bounded_concat(join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
    """``a ~ b ~ ...``: refused before joining if the parts are too large together."""
    total = 0
    for part in parts:
        total += len(part) if type(part) is str else size_of(part)
    need(total, "'~' concatenation")
    joined = join(parts)
    spend(0, checked_size(joined, "a '~' concatenation"))
    return joined
