"""Load a template directory: intent files, shared macro files, slot and phrase lists.

Layout (see ``templates/README.md``)::

    templates/
      book_flight.j2     one file per intent; each non-blank line is an utterance template
      _common.j2         files starting with "_" (or in subfolders) hold shared macros
      slots/city.yaml    slot value lists (``.yaml`` or ``.txt``), named by file
      aliases/please.txt phrase lists for alias()

The intent is the file name, unless the file declares ``{# intent: name #}``.
Each utterance template compiles once to a choice-node tree; a template using
Jinja beyond what compiles is rendered by the sandboxed Jinja instead.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from math import isfinite
from pathlib import Path
from typing import Any

from jinja2 import Template, TemplateError, TemplateNotFound, TemplateSyntaxError, pass_context
from jinja2 import nodes as j
from jinja2.runtime import Context

from textaug.errors import DataError
from textaug.record import Record, Span
from textaug.templates.compiler import (
    ASSIGNMENTS,
    HOISTED,
    Compiler,
    SlotSource,
    Unsupported,
)
from textaug.templates.environment import (
    Rendering,
    TemplateEnvironment,
    choose_index,
    make_environment,
    rng_of,
)
from textaug.templates.marks import CLOSE, MarkedValue, open_mark, sentinel_line, unmark
from textaug.templates.nodes import Node
from textaug.templates.values import ValueList, read_utf8, read_value_dir

TEMPLATE_SUFFIX = ".j2"
#: Distinct spans kept for reuse before the cache starts over.
SPAN_CACHE_SIZE = 100_000
_INTENT_DECLARATION = re.compile(r"\{#-?\s*intent:\s*(?P<name>[^\s#]+)\s*-?#\}")


@dataclass
class UtteranceTemplate:
    """One utterance template: a non-blank line of an intent file."""

    intent: str
    path: str
    line: int
    source: str
    name: str = ""
    node: Node | None = None
    jinja: Template | None = None
    fallback: str | None = None
    #: Lines of the file's top-level ``set``/``import`` statements, which a Jinja render
    #: runs before the line itself: an error there is named at its own line.
    setup_lines: frozenset[int] = frozenset()

    @property
    def where(self) -> str:
        """``path:line``, for messages and provenance."""
        return f"{self.path}:{self.line}"

    @property
    def count(self) -> int | None:
        """Number of derivations, or None when Jinja renders this template (not enumerable)."""
        return self.node.size if self.node is not None else None


@dataclass(frozen=True)
class ListReference:
    """A ``slot("x")`` or ``alias("x")`` call found in a template file."""

    kind: str
    name: str
    path: str
    line: int


class TemplateSet(SlotSource):
    """The compiled templates of one directory, ready to render, count and enumerate."""

    def __init__(
        self,
        root: Path,
        slots: dict[str, ValueList],
        aliases: dict[str, ValueList],
        *,
        compile_templates: bool = True,
        collect_errors: bool = False,
        only: Path | None = None,
    ) -> None:
        self.root = root
        self.slots = slots
        self.aliases = aliases
        self.templates: list[UtteranceTemplate] = []
        self.references: list[ListReference] = []
        self.errors: list[DataError] = []
        self._collect = collect_errors
        self._compile = compile_templates
        # Each slot signature (list, entity, role, group) numbers its values from a first id;
        # _span_info holds, per signature, the span fields and each value's canonical.
        self._signatures: dict[tuple[str, str, str | None, str | None], int] = {}
        self._first_ids: list[int] = []
        self._next_id = 0
        self._span_info: list[tuple[str, str | None, str | None, tuple[str | None, ...]]] = []
        self._slot_cache: dict[
            tuple[str, str, str | None, str | None], tuple[list[str], list[float] | None]
        ] = {}
        self._trees: dict[str, j.Template] = {}
        self._spans: dict[tuple[int, int, int], Span] = {}
        self.env: TemplateEnvironment = make_environment(
            root, self._slot_helper(), self._alias_helper()
        )
        for path in self.template_files():
            if only is not None and path.resolve() != only.resolve():
                continue
            self._guard(lambda path=path: self._load_file(path))
        for path in self.shared_files():
            self._guard(lambda path=path: self._scan_references(self._relative(path), path))

    @classmethod
    def load(cls, path: str | Path, **options: Any) -> TemplateSet:
        """The template set at ``path``: a directory, or one intent file inside one."""
        given = Path(path)
        if given.is_file():
            root, only = given.parent, given
        elif given.is_dir():
            root, only = given, None
        else:
            raise DataError("no such template directory or file", path=str(path))
        slots = read_value_dir(root / "slots", "slot")
        aliases = read_value_dir(root / "aliases", "alias")
        return cls(root, slots, aliases, only=only, **options)

    # -- files ---------------------------------------------------------------------------

    def template_files(self) -> list[Path]:
        """Intent files: ``*.j2`` directly in the root, not starting with "_".

        A folder named ``*.j2`` is no file and is passed over; a broken link is kept,
        so reading it reports it with its path.
        """
        return sorted(
            p
            for p in self.root.glob(f"*{TEMPLATE_SUFFIX}")
            if not p.name.startswith("_") and not p.is_dir()
        )

    def shared_files(self) -> list[Path]:
        """Every other ``.j2`` file (shared macros and includes)."""
        intents = set(self.template_files())
        return sorted(
            p for p in self.root.rglob(f"*{TEMPLATE_SUFFIX}") if p not in intents and not p.is_dir()
        )

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def display(self, name: str) -> str:
        """A template name as a path users can open."""
        return str(self.root / name)

    def _guard(self, action: Any) -> None:
        try:
            action()
        except DataError as exc:
            if not self._collect:
                raise
            self.errors.append(exc)

    def parse(self, template_name: str) -> j.Template:
        """The syntax tree of a template file by its name relative to the root (cached)."""
        if template_name not in self._trees:
            try:
                source, found, _ = self.env.loader.get_source(self.env, template_name)  # type: ignore[union-attr]
            except TemplateNotFound:
                raise DataError(f"template {template_name!r} not found under {self.root}") from None
            filename = found or template_name
            _refuse_sentinels(source, filename)
            try:
                tree = self.env.parse(source, template_name, filename)
                _refuse_bad_constants(tree, filename)
            except TemplateSyntaxError as exc:
                raise DataError(
                    exc.message or "syntax error", path=filename, line=exc.lineno
                ) from None
            except RecursionError as exc:
                raise DataError(_TOO_DEEP, path=filename, line=_parser_line(exc)) from None
            self._trees[template_name] = tree
        return self._trees[template_name]

    def _load_file(self, path: Path) -> None:
        name = self._relative(path)
        source = read_utf8(path)  # before Jinja reads it: bad bytes name file and line
        tree = self.parse(name)
        declared = _INTENT_DECLARATION.search(source)
        intent = declared.group("name") if declared else path.stem
        self._scan_references(name, path)
        lines = source.splitlines()
        definitions, utterances = split_file(tree.body)
        _refuse_redefinitions(definitions, str(path))
        compiler = Compiler(self, name)
        scope = None
        if self._compile:
            try:
                scope = compiler.file_scope(definitions, name)
            except Unsupported:
                scope = None
            except DataError as exc:
                raise _located(exc, str(path), exc.line or 1) from None
        for number, items in utterances:
            template = UtteranceTemplate(intent, str(path), number, lines[number - 1].strip(), name)
            self._guard(
                lambda t=template, i=items: self._compile_line(t, i, compiler, scope, definitions)
            )

    def _compile_line(
        self,
        template: UtteranceTemplate,
        items: list[j.Node],
        compiler: Compiler,
        scope: Any,
        definitions: Sequence[j.Node],
    ) -> None:
        try:
            if scope is None:
                raise Unsupported("compilation is off or the file's definitions need Jinja")
            template.node = compiler.line(items, scope)
        except Unsupported as why:
            template.fallback = str(why)
            template.jinja = self._jinja_template(template, items, definitions)
            template.setup_lines = _statement_lines(definitions)
        except DataError as exc:
            raise _used_by(exc, template) from None
        self.templates.append(template)

    def _jinja_template(
        self, template: UtteranceTemplate, items: list[j.Node], definitions: Sequence[j.Node]
    ) -> Template:
        body: list[j.Node] = list(definitions)
        pending: list[j.Expr] = []
        for item in items:
            if isinstance(item, j.Expr):
                pending.append(item)
                continue
            if pending:
                body.append(j.Output(pending, lineno=pending[0].lineno))
                pending = []
            body.append(item)
        if pending:
            body.append(j.Output(pending, lineno=pending[0].lineno))
        tree = j.Template(body, lineno=1)
        tree.set_environment(self.env)
        try:
            code = self.env.compile(tree, self._relative(Path(template.path)), template.path)
        except TemplateSyntaxError as exc:
            raise DataError(
                exc.message or "syntax error", path=template.path, line=exc.lineno
            ) from None
        except (RecursionError, SyntaxError, MemoryError):  # Python's own limits on nesting
            raise DataError(_TOO_DEEP, path=template.path, line=template.line) from None
        return self.env.template_class.from_code(self.env, code, self.env.make_globals(None))

    def _scan_references(self, name: str, path: Path) -> None:
        tree = self.parse(name)
        for call in tree.find_all(j.Call):
            if isinstance(call.node, j.Name) and call.node.name in ("slot", "alias") and call.args:
                first = call.args[0]
                if isinstance(first, j.Const) and isinstance(first.value, str):
                    self.references.append(
                        ListReference(call.node.name, first.value, str(path), call.lineno)
                    )

    # -- slots ---------------------------------------------------------------------------

    def slot_options(
        self, name: str, entity: str, role: str | None, group: str | None
    ) -> tuple[list[str], list[float] | None]:
        """Marked values of slot list ``name`` for this entity/role/group, and their weights."""
        key = (name, entity, role, group)
        cached = self._slot_cache.get(key)
        if cached is not None:
            return cached
        values = self.slots.get(name)
        if values is None:
            raise DataError(f"undefined slot list {name!r}{_known(self.slots, 'slots')}")
        first = self._signatures.get(key)
        if first is None:
            first = self._signatures[key] = self._next_id
            self._next_id += len(values.values)
            self._first_ids.append(first)
            canonicals = tuple(v.canonical for v in values.values)
            self._span_info.append((entity, role, group, canonicals))
        options = [f"{open_mark(first + i)}{v.surface}{CLOSE}" for i, v in enumerate(values.values)]
        found = (options, _weights(values))
        self._slot_cache[key] = found
        return found

    def alias_options(self, name: str) -> tuple[list[str], list[float] | None]:
        """Phrases of phrase list ``name`` and their weights."""
        values = self.aliases.get(name)
        if values is None:
            raise DataError(f"undefined phrase list {name!r}{_known(self.aliases, 'aliases')}")
        return [v.surface for v in values.values], _weights(values)

    def _slot_helper(self) -> Any:
        @pass_context
        def slot(
            context: Context,
            name: str,
            entity: str | None = None,
            role: Any = None,
            group: Any = None,
        ) -> str:
            options, weights = self.slot_options(
                str(name),
                str(entity or name),
                None if role is None else str(role),
                None if group is None else str(group),
            )
            return MarkedValue(options[choose_index(rng_of(context), weights, len(options))])

        return slot

    def _alias_helper(self) -> Any:
        @pass_context
        def alias(context: Context, name: str) -> str:
            options, weights = self.alias_options(str(name))
            return options[choose_index(rng_of(context), weights, len(options))]

        return alias

    def make_span(self, ident: int, start: int, end: int) -> Span:
        """The span of slot value ``ident`` at ``[start, end)``, with that value's canonical.

        The canonical belongs to the value drawn, whatever a filter did to its
        text (``|upper`` still gives "Paris, France" for "paris").
        Spans are immutable, so equal ones are shared from a bounded cache
        (building a frozen dataclass costs more than the rest of a render).
        """
        key = (ident, start, end)
        span = self._spans.get(key)
        if span is not None:
            return span
        if not 0 <= ident < self._next_id:
            raise DataError(
                "a slot mark that no slot made (a private-use character in the template?)"
            )
        signature = bisect_right(self._first_ids, ident) - 1
        entity, role, group, canonicals = self._span_info[signature]
        canonical = canonicals[ident - self._first_ids[signature]]
        span = Span(start, end, entity, role, group, canonical)
        if len(self._spans) >= SPAN_CACHE_SIZE:
            self._spans.clear()
        self._spans[key] = span
        return span

    # -- rendering -----------------------------------------------------------------------

    def intents(self) -> dict[str, list[UtteranceTemplate]]:
        """Templates by intent, intents sorted by name, templates in file order."""
        grouped: dict[str, list[UtteranceTemplate]] = {}
        for template in sorted(self.templates, key=lambda t: t.intent):
            grouped.setdefault(template.intent, []).append(template)
        return grouped

    def render(self, template: UtteranceTemplate, rng: random.Random) -> Record:
        """One sampled utterance of ``template`` with exact spans."""
        try:
            if template.node is not None:
                marked = template.node.draw(rng)
            else:
                with Rendering(rng):
                    marked = template.jinja.render()  # type: ignore[union-attr]
            return self._record(template, marked)
        except DataError as exc:
            raise _used_by(_raised_at(exc, exc.reason, template), template) from None
        except TemplateSyntaxError as exc:
            # A file the template imports at render time (only when not compiled).
            path = exc.filename or template.path
            raise DataError(exc.message or "syntax error", path=path, line=exc.lineno) from None
        except _RENDER_ERRORS as exc:
            error = _raised_at(exc, f"{type(exc).__name__}: {exc}", template)
            raise _used_by(error, template) from None

    def derivation(self, template: UtteranceTemplate, index: int) -> Record:
        """Derivation ``index`` of a compiled template (exhaustive mode)."""
        if template.node is None:
            raise DataError(
                f"cannot enumerate a template Jinja renders ({template.fallback})",
                path=template.path,
                line=template.line,
            )
        try:
            return self._record(template, template.node.at(index))
        except DataError as exc:
            raise DataError(exc.reason, path=template.path, line=template.line) from None

    def _record(self, template: UtteranceTemplate, marked: str) -> Record:
        text, spans = unmark(marked, self.make_span)
        if not text:
            raise DataError("the template rendered an empty utterance")
        return Record(
            text, template.intent, spans, {"template": f"{template.name}:{template.line}"}
        )

    def enumerate(self, template: UtteranceTemplate) -> Iterator[Record]:
        """Every derivation of a compiled template, lazily, in odometer order."""
        for index in range(template.node.size if template.node is not None else 1):
            yield self.derivation(template, index)


#: What a template's own code can raise while it renders (``{{ [].pop() }}``, ``"x"|xmlattr``).
_RENDER_ERRORS = (
    TemplateError,
    RecursionError,
    ArithmeticError,
    AttributeError,
    LookupError,
    TypeError,
    ValueError,
)
_TOO_DEEP = "the template nests too deeply (brackets, blocks or calls inside one another)"


def _parser_line(error: RecursionError) -> int | None:
    """The line Jinja's parser had reached when ``error`` stopped it, if it was parsing."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        stream = getattr(trace.tb_frame.f_locals.get("self"), "stream", None)
        line = getattr(getattr(stream, "current", None), "lineno", line)
        trace = trace.tb_next
    return line


def _used_by(error: DataError, template: UtteranceTemplate) -> DataError:
    """``error`` at the utterance ``template``; one raised in a macro or another file keeps
    its own place, so the author is sent to the macro, and names the utterance that used it."""
    if error.path is None or (error.path, error.line) == (template.path, template.line):
        return _located(error, template.path, template.line)
    reason = f"{error.reason} (used by {template.where})"
    return DataError(reason, path=error.path, line=error.line)


def _raised_at(error: BaseException, reason: str, template: UtteranceTemplate) -> DataError:
    """``reason`` at the macro or other template file whose code raised ``error`` in a render.

    Jinja rewrites a render's traceback into frames of the template files (see
    ``jinja2.debug``): the first runs the utterance, the innermost is where the error
    is. An error in the utterance's own code keeps no place: the caller puts its line;
    one in a top-level ``set`` or ``import`` of the file is named at that statement.
    """
    if isinstance(error, DataError) and error.path is not None:
        return error
    places = []
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:
            places.append((trace.tb_frame.f_code.co_filename, trace.tb_lineno))
        trace = trace.tb_next
    if len(places) == 1 and places[0][0] == template.path and places[0][1] in template.setup_lines:
        return DataError(reason, path=template.path, line=places[0][1])
    if len(places) < 2:
        return DataError(reason)
    return DataError(reason, path=places[-1][0], line=places[-1][1])


def _statement_lines(definitions: Sequence[j.Node]) -> frozenset[int]:
    """Every line of the top-level ``set`` and import statements in ``definitions``."""
    return frozenset(
        node.lineno
        for stmt in definitions
        if not isinstance(stmt, j.Macro)
        for node in (stmt, *stmt.find_all(j.Node))
    )


def _located(error: DataError, path: str, line: int) -> DataError:
    """``error`` at ``path:line``, unless it already names where it is (an imported file)."""
    if error.path is not None:
        return error
    return DataError(error.reason, path=path, line=line)


def _refuse_sentinels(source: str, path: str) -> None:
    """Refuse template text holding private-use characters, which could forge slot marks."""
    line = sentinel_line(source)
    if line is not None:
        raise DataError(_SENTINEL_MESSAGE, path=path, line=line)


def _refuse_bad_constants(tree: j.Template, path: str) -> None:
    """Refuse string constants that spell private-use characters with escapes (``"\\ue000"``),
    and numbers past the float range (``1e999`` is inf, which Jinja's code cannot spell)."""
    for const in tree.find_all(j.Const):
        if isinstance(const.value, str) and sentinel_line(const.value) is not None:
            raise DataError(_SENTINEL_MESSAGE, path=path, line=const.lineno)
        if isinstance(const.value, float) and not isfinite(const.value):
            raise DataError(
                "a number too large for a float (at most 1.8e308)", path=path, line=const.lineno
            )


_SENTINEL_MESSAGE = (
    "the template holds a private-use character (U+E000..U+F8FF), "
    "which textaug reserves for marking slot values"
)


def split_file(
    body: Sequence[j.Node],
) -> tuple[list[j.Node], list[tuple[int, list[j.Node]]]]:
    """A file's shared definitions, and its utterance lines as (line number, items).

    Macros and imports are shared definitions, and so is a ``set`` (one-line or
    block) on a line of its own (blank text and comments aside): every line of the
    file sees them. A ``set`` on a line with text belongs to that line and runs
    where it stands, as in Jinja, so each line can draw its own value under one name.
    A block statement (``if``, ``for``) belongs to the line it starts on.
    """
    alone: set[int] = set()
    lines: list[tuple[int, list[j.Node]]] = []
    for group in _line_groups(body):
        if all(_blank(i) or isinstance(i, ASSIGNMENTS) for i in group):
            alone.update(id(i) for i in group)
        else:
            lines.append((next(i for i in group if not _blank(i)).lineno, group))
    shared = [s for s in body if isinstance(s, HOISTED) or id(s) in alone]
    return shared, lines


def _line_groups(body: Sequence[j.Node]) -> Iterator[list[j.Node]]:
    """Top-level items between the line breaks of the file's text, in order."""
    current: list[j.Node] = []
    for stmt in body:
        if isinstance(stmt, HOISTED):
            continue
        if not isinstance(stmt, j.Output):
            current.append(stmt)
            continue
        for item in stmt.nodes:
            if not isinstance(item, j.TemplateData):
                current.append(item)
                continue
            for offset, fragment in enumerate(item.data.split("\n")):
                if offset:
                    yield current
                    current = []
                if fragment:
                    current.append(j.TemplateData(fragment, lineno=item.lineno + offset))
    yield current


def _blank(item: j.Node) -> bool:
    return isinstance(item, j.TemplateData) and not item.data.strip()


def _refuse_redefinitions(definitions: Sequence[j.Node], path: str) -> None:
    """Refuse a name that two shared definitions of an intent file bind.

    Why: every line sees every shared definition, so a second ``{% set x %}`` would
    silently win on every line, the lines before it included.
    """
    seen: dict[str, int] = {}
    for stmt in definitions:
        for name in _bound_names(stmt):
            if name in seen:
                raise DataError(
                    f"{name!r} is defined twice at file level (lines {seen[name]} and "
                    f"{stmt.lineno}): a definition on a line of its own serves every line "
                    "of the file; rename one, or put the '{% set %}' on the line that uses it",
                    path=path,
                    line=stmt.lineno,
                )
            seen[name] = stmt.lineno


def _bound_names(stmt: j.Node) -> list[str]:
    """The names a top-level definition binds."""
    if isinstance(stmt, j.Macro):
        return [stmt.name]
    if isinstance(stmt, j.Import):
        return [stmt.target]
    if isinstance(stmt, j.FromImport):
        return [item[1] if isinstance(item, tuple) else item for item in stmt.names]
    if isinstance(stmt, ASSIGNMENTS):
        target = stmt.target
        names = [target] if isinstance(target, j.Name) else list(target.find_all(j.Name))
        return [n.name for n in names]
    return []


def _weights(values: ValueList) -> list[float] | None:
    weights = [v.weight for v in values.values]
    return None if len(set(weights)) <= 1 else weights


def _known(lists: dict[str, ValueList], folder: str) -> str:
    if not lists:
        return f" (no lists in {folder}/)"
    return f"; known: {', '.join(sorted(lists))}"


def load_templates(path: str | Path, *, compile_templates: bool = True) -> TemplateSet:
    """Load and compile the templates at ``path`` (a directory or one intent file)."""
    return TemplateSet.load(path, compile_templates=compile_templates)
