"""Compile Jinja template syntax trees into choice-node trees (see :mod:`nodes`).

Plain text, the helpers (``slot``, ``alias``, ``pick``, ``opt``, ``sample``,
``|random``), macros (local or imported), includes, ``set`` (a line's own, or a
file's shared one), ``~`` and the string filters compile; any other Jinja
(``if``, ``for``, arbitrary expressions) raises :class:`Unsupported`, and that
utterance template is rendered by Jinja itself in the sandbox instead. Both
paths produce the same marked text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from jinja2 import nodes as j

from textaug.errors import DataError
from textaug.templates.environment import HELPERS, check_probability, check_sample, check_weights
from textaug.templates.filters import VISIBLE_FILTERS
from textaug.templates.nodes import Choice, Node, Pick, Sample, Seq, Text, Transform, optional

#: Deepest macro or include nesting a template may use.
MAX_DEPTH = 32
#: Most parts (expressions and text pieces) one line may compile to, macros inlined;
#: a line needing more (macros calling macros many times over) is rendered by Jinja.
MAX_PARTS = 10_000

#: Jinja's own string filters, applied to the text around slot marks.
STRING_FILTERS: dict[str, Callable[[str], str]] = VISIBLE_FILTERS

#: Statements that bind a name for the rest of a file, wherever they stand in it.
HOISTED = (j.Macro, j.Import, j.FromImport)
#: ``{% set x = ... %}`` and ``{% set x %}...{% endset %}``.
ASSIGNMENTS = (j.Assign, j.AssignBlock)
DEFINITIONS = (*HOISTED, *ASSIGNMENTS)


class Unsupported(Exception):
    """This Jinja construct does not compile to choice nodes; render it with Jinja."""


@dataclass(frozen=True)
class MacroRef:
    """A macro and the scope it was defined in."""

    macro: j.Macro
    scope: Scope
    template: str


@dataclass
class Scope:
    """Names visible to a template: macros, imported modules, constants."""

    names: dict[str, Any] = field(default_factory=dict)
    parent: Scope | None = None

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        raise Unsupported(f"the name {name!r} is not a macro, constant or helper")


class SlotSource:
    """What the compiler needs from a template set: value lists and slot signatures."""

    def slot_options(
        self, name: str, entity: str, role: str | None, group: str | None
    ) -> tuple[list[str], list[float] | None]:
        """Marked values and weights of slot list ``name``."""
        raise NotImplementedError

    def alias_options(self, name: str) -> tuple[list[str], list[float] | None]:
        """Phrases and weights of phrase list ``name``."""
        raise NotImplementedError

    def parse(self, template_name: str) -> j.Template:
        """The syntax tree of another template file (for imports and includes)."""
        raise NotImplementedError

    def display(self, template_name: str) -> str:
        """A template name as a path users can open (errors name it)."""
        return template_name


class Compiler:
    """Compiles the lines of one file; ``used`` collects the lists they reference."""

    def __init__(self, source: SlotSource, template_name: str) -> None:
        self.source = source
        self.template_name = template_name
        self._modules: dict[str, Scope] = {}
        self._parts = 0

    def file_scope(self, body: Sequence[j.Node], name: str, depth: int = 0) -> Scope:
        """The scope the top-level definitions of a file create.

        An error names the line of the statement that raised it (an import of a
        missing file, a bad ``set``), not the top of the file.
        """
        if depth == 0:
            self._parts = 0
        scope = Scope()
        for stmt in body:
            try:
                self._define(stmt, scope, name, depth)
            except DataError as exc:
                if exc.line is not None or exc.path is not None:
                    raise
                raise DataError(exc.reason, line=stmt.lineno) from None
        return scope

    def _define(self, stmt: j.Node, scope: Scope, name: str, depth: int) -> None:
        """Add what one top-level definition statement defines to ``scope``."""
        if isinstance(stmt, j.Macro):
            scope.names[stmt.name] = MacroRef(stmt, scope, name)
        elif isinstance(stmt, j.Import):
            scope.names[stmt.target] = self._module(self._const_name(stmt.template), depth)
        elif isinstance(stmt, j.FromImport):
            module = self._module(self._const_name(stmt.template), depth)
            for item in stmt.names:
                original, alias = item if isinstance(item, tuple) else (item, item)
                scope.names[alias] = module.lookup(original)
        elif isinstance(stmt, ASSIGNMENTS):
            self._assign(stmt, scope, depth)

    def _assign(self, stmt: j.Assign | j.AssignBlock, scope: Scope, depth: int) -> None:
        """Bind the name a ``set`` (one-line or block) assigns in ``scope``."""
        if not isinstance(stmt.target, j.Name):
            raise Unsupported("only '{% set name = ... %}' assignments compile")
        if isinstance(stmt, j.Assign):
            value = self.expr(stmt.node, scope, depth)
        elif stmt.filter is not None:
            raise Unsupported("a filtered '{% set %}' block is rendered by Jinja")
        else:
            value = self._items(stmt.body, scope, depth)
        scope.names[stmt.target.name] = _Dynamic() if _is_dynamic(value) else value

    def _module(self, name: str, depth: int) -> Scope:
        if depth > MAX_DEPTH:
            raise DataError(f"imports nested deeper than {MAX_DEPTH} (a cycle?) at {name!r}")
        if name not in self._modules:
            tree = self.source.parse(name)
            with self._errors_in(name, 1):
                self._modules[name] = self.file_scope(
                    [s for s in tree.body if isinstance(s, DEFINITIONS)], name, depth + 1
                )
        return self._modules[name]

    @contextmanager
    def _errors_in(self, name: str, line: int) -> Iterator[None]:
        """Errors raised inside file ``name`` (a macro, an import, an include) name that file.

        Why: without this they surfaced at the utterance that used the file, so the
        author was sent to the caller instead of the broken macro. ``line`` stands in
        when the error does not know its own (see :meth:`expr`).
        """
        try:
            yield
        except DataError as exc:
            if exc.path is not None:
                raise
            raise DataError(
                exc.reason, path=self.source.display(name), line=exc.line or line
            ) from None

    @staticmethod
    def _const_name(expr: j.Expr) -> str:
        if isinstance(expr, j.Const) and isinstance(expr.value, str):
            return expr.value
        raise Unsupported("template names in import and include must be string constants")

    def line(self, items: Sequence[j.Node], scope: Scope, depth: int = 0) -> Node:
        """One utterance template from its output items."""
        if depth == 0:
            self._parts = 0
        return self._items(items, scope, depth)

    def _items(self, items: Sequence[j.Node], scope: Scope, depth: int) -> Node:
        """Output items in a row; a ``set`` among them binds its name for the items after it.

        The binding goes into a scope of these items' own, so a line's ``set`` never
        reaches another line (or the file's shared definitions).
        """
        parts: list[Node] = []
        local: Scope | None = None
        for item in items:
            self._spend()
            if isinstance(item, ASSIGNMENTS):
                if local is None:
                    scope = local = Scope({}, scope)
                self._assign(item, local, depth)
            elif isinstance(item, j.TemplateData):
                parts.append(Text(item.data))
            elif isinstance(item, j.Output):
                parts.append(self._items(item.nodes, scope, depth))
            elif isinstance(item, j.Include):
                parts.append(self._include(item, depth))
            elif isinstance(item, j.Expr):
                parts.append(to_node(self.expr(item, scope, depth)))
            else:
                raise Unsupported(f"'{type(item).__name__.lower()}' blocks are rendered by Jinja")
        if not parts:
            return Text("")
        return parts[0] if len(parts) == 1 else Seq(parts)

    def _include(self, item: j.Include, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise DataError(f"includes nested deeper than {MAX_DEPTH} (a cycle?)")
        name = self._const_name(item.template)
        tree = self.source.parse(name)
        # Macros and imports serve the whole file; a set runs where it stands, as in Jinja.
        definitions = [s for s in tree.body if isinstance(s, HOISTED)]
        with self._errors_in(name, 1):
            scope = self.file_scope(definitions, name, depth + 1)
            body = [s for s in tree.body if not isinstance(s, HOISTED)]
            return self.line(body, scope, depth + 1)

    def expr(self, expr: j.Node, scope: Scope, depth: int) -> Any:
        """A static Python value, a list, or a :class:`Node` for ``expr``.

        An error gets the line of the innermost expression that raised it.
        """
        try:
            return self._expr(expr, scope, depth)
        except DataError as exc:
            if exc.line is not None or exc.path is not None:
                raise
            raise DataError(exc.reason, line=expr.lineno) from None

    def _expr(self, expr: j.Node, scope: Scope, depth: int) -> Any:
        self._spend()
        if isinstance(expr, j.Const):
            return expr.value
        if isinstance(expr, j.TemplateData):
            return Text(expr.data)
        if isinstance(expr, j.List | j.Tuple):
            return [self.expr(item, scope, depth) for item in expr.items]
        if isinstance(expr, j.Name):
            value = scope.lookup(expr.name)
            if isinstance(value, _Dynamic):
                raise Unsupported(f"{expr.name!r} holds a drawn value; Jinja renders it once")
            return value
        if isinstance(expr, j.Getattr) and isinstance(expr.node, j.Name):
            module = scope.lookup(expr.node.name)
            if isinstance(module, Scope):
                return module.lookup(expr.attr)
            raise Unsupported("attribute access is rendered by Jinja")
        if isinstance(expr, j.Concat):
            return Seq([to_node(self.expr(e, scope, depth)) for e in expr.nodes])
        if isinstance(expr, j.Filter) and expr.node is not None:
            return self._filter(expr, scope, depth)
        if isinstance(expr, j.Call):
            return self._call(expr, scope, depth)
        raise Unsupported(f"'{type(expr).__name__}' expressions are rendered by Jinja")

    def _spend(self) -> None:
        """Count one part; give up on a line that inlines too much (it could take ages)."""
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise Unsupported(
                f"it compiles to more than {MAX_PARTS:,} parts "
                "(macros calling macros many times over)"
            )

    def _filter(self, expr: j.Filter, scope: Scope, depth: int) -> Any:
        if expr.args or expr.kwargs or expr.dyn_args or expr.dyn_kwargs:
            raise Unsupported(f"filter {expr.name!r} with arguments is rendered by Jinja")
        value = self.expr(expr.node, scope, depth)  # type: ignore[arg-type]
        if expr.name == "random":
            return _pick_node(_as_list(value), None)
        function = STRING_FILTERS.get(expr.name)
        if function is None:
            raise Unsupported(f"filter {expr.name!r} is rendered by Jinja")
        if isinstance(value, str):
            return function(value)
        return Transform(to_node(value), function)

    def _call(self, call: j.Call, scope: Scope, depth: int) -> Any:
        if call.dyn_args or call.dyn_kwargs:
            raise Unsupported("*args and **kwargs are rendered by Jinja")
        args = [self.expr(a, scope, depth) for a in call.args]
        kwargs = {k.key: self.expr(k.value, scope, depth) for k in call.kwargs}
        if isinstance(call.node, j.Name) and call.node.name in HELPERS:
            try:
                target = scope.lookup(call.node.name)
            except Unsupported:
                return self._helper(call.node.name, args, kwargs)
        else:
            target = self.expr(call.node, scope, depth)
        if isinstance(target, MacroRef):
            return self._macro(target, args, kwargs, depth)
        raise Unsupported("calls other than helpers and macros are rendered by Jinja")

    def _helper(self, name: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
        try:
            return _HELPER_COMPILERS[name](self.source, *args, **kwargs)
        except TypeError as exc:
            raise DataError(f"{name}(): {exc}") from None

    def _macro(self, ref: MacroRef, args: list[Any], kwargs: dict[str, Any], depth: int) -> Node:
        if depth >= MAX_DEPTH:
            raise DataError(f"macro {ref.macro.name!r} nests deeper than {MAX_DEPTH} (recursion?)")
        params = [a.name for a in ref.macro.args]
        if len(args) > len(params):
            raise Unsupported(f"macro {ref.macro.name!r} called with extra arguments")
        bound: dict[str, Any] = dict(zip(params, args, strict=False))
        for key, value in kwargs.items():
            if key not in params:
                raise DataError(f"macro {ref.macro.name!r} has no parameter {key!r}")
            bound[key] = value
        defaults = dict(
            zip(params[len(params) - len(ref.macro.defaults) :], ref.macro.defaults, strict=True)
        )
        for param in params:
            if param not in bound:
                if param not in defaults:
                    raise DataError(f"macro {ref.macro.name!r} is missing the argument {param!r}")
                with self._errors_in(ref.template, ref.macro.lineno):
                    bound[param] = self.expr(defaults[param], ref.scope, depth + 1)
        inner = Scope(dict(bound), ref.scope)
        items: list[j.Node] = []
        for stmt in ref.macro.body:
            if not isinstance(stmt, j.Output):
                raise Unsupported(
                    f"statements inside macro {ref.macro.name!r} are rendered by Jinja"
                )
            items.extend(stmt.nodes)
        for key, value in bound.items():
            if isinstance(value, Node) and value.size > 1 and _references(items, key) > 1:
                raise Unsupported(f"macro argument {key!r} is drawn once by Jinja but used twice")
        with self._errors_in(ref.template, ref.macro.lineno):
            return self.line(items, inner, depth + 1)


class _Dynamic:
    """A top-level ``set`` whose value is drawn; referencing it needs Jinja's evaluate-once."""


def _references(items: Sequence[j.Node], name: str) -> int:
    return sum(1 for item in items for n in item.find_all(j.Name) if n.name == name)


def _is_dynamic(value: Any) -> bool:
    if isinstance(value, Node):
        return value.size > 1
    if isinstance(value, list):
        return any(_is_dynamic(v) for v in value)
    return False


def to_node(value: Any) -> Node:
    """The node that prints ``value`` as Jinja would."""
    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        return Text(value)
    if isinstance(value, bool) or value is None:
        raise Unsupported(f"printing {value!r} is rendered by Jinja")
    if isinstance(value, int | float):
        return Text(str(value))
    raise Unsupported(f"printing a {type(value).__name__} is rendered by Jinja")


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    raise Unsupported("pick() from something that is not a list is rendered by Jinja")


def _pick_node(options: list[Any], weights: Any) -> Node:
    if not options:
        raise DataError("pick() needs at least one alternative")
    checked = check_weights(weights, len(options))
    if checked is not None:
        kept = [(o, w) for o, w in zip(options, checked, strict=True) if w > 0]
        options, checked = [o for o, _ in kept], [w for _, w in kept]
    nodes = [to_node(o) for o in options]
    if all(isinstance(n, Text) for n in nodes):
        return Pick([n.text for n in nodes], checked)  # type: ignore[attr-defined]
    return Choice(nodes, checked)


def _compile_slot(
    source: SlotSource, name: Any, entity: Any = None, role: Any = None, group: Any = None
) -> Node:
    for what, value in (("list name", name), ("entity", entity), ("role", role), ("group", group)):
        if value is not None and not isinstance(value, str | int):
            raise Unsupported(f"a computed slot {what} is rendered by Jinja")
    options, weights = source.slot_options(
        str(name),
        str(entity or name),
        None if role is None else str(role),
        None if group is None else str(group),
    )
    return Pick(options, weights)


def _compile_alias(source: SlotSource, name: Any) -> Node:
    if not isinstance(name, str):
        raise Unsupported("a computed phrase list name is rendered by Jinja")
    options, weights = source.alias_options(name)
    return Pick(options, weights)


def _compile_pick(source: SlotSource, *options: Any, weights: Any = None) -> Node:
    if len(options) == 1 and isinstance(options[0], list | tuple):
        options = tuple(options[0])
    return _pick_node(list(options), weights)


def _compile_opt(source: SlotSource, text: Any, p: Any = 0.5) -> Node:
    check_probability(p)
    node = to_node(text)
    if p >= 1.0:
        return node
    if p <= 0.0:
        return Text("")
    return optional(node, float(p))


def _compile_sample(source: SlotSource, items: Any, k: Any, sep: Any = " ") -> Node:
    check_sample(items, k)
    if not isinstance(sep, str) or not all(isinstance(i, str | int | float) for i in items):
        raise Unsupported("sample() of non-constant items is rendered by Jinja")
    return Sample([str(i) for i in items], k, sep)


_HELPER_COMPILERS: Mapping[str, Callable[..., Node]] = {
    "slot": _compile_slot,
    "alias": _compile_alias,
    "pick": _compile_pick,
    "opt": _compile_opt,
    "sample": _compile_sample,
}
