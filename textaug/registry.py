"""Names for augmenters and guards, and their round trip to plain config dicts.

Every augmenter, combinator and guard is a frozen dataclass registered under a
short snake_case name; its fields are its parameters. ``to_config`` and
``from_config`` turn one into a plain dict and back, so the Python API, recipe
files and the CLI describe pipelines the same way::

    {"name": "pipeline", "steps": [{"name": "random_swap", "rate": 0.2}]}
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib
import math
import numbers
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from textaug.errors import ConfigError

T = TypeVar("T")

#: Modules whose import registers names; imported on first lookup, all light.
PLUGIN_MODULES = (
    "textaug.compose",
    "textaug.structural",
    "textaug.guards",
    "textaug.noise",
    "textaug.synonyms",
    "textaug.slots",
)

_registry: dict[str, type] = {}
_loaded = False


def register(name: str, kind: str = "augmenter") -> Callable[[type[T]], type[T]]:
    """Class decorator: make a dataclass constructible by ``name`` from config."""

    def decorate(cls: type[T]) -> type[T]:
        if name in _registry and _registry[name] is not cls:
            raise ConfigError(f"the name {name!r} is registered twice")
        cls.name = name  # type: ignore[attr-defined]
        cls.kind = kind  # type: ignore[attr-defined]
        _registry[name] = cls
        return cls

    return decorate


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        for module in PLUGIN_MODULES:
            importlib.import_module(module)
        _loaded = True


def names(kind: str | None = None) -> list[str]:
    """Registered names, sorted, optionally of one kind ("augmenter", "guard")."""
    _ensure_loaded()
    return sorted(n for n, cls in _registry.items() if kind is None or cls.kind == kind)  # type: ignore[attr-defined]


def lookup(name: str) -> type:
    """The class registered as ``name``; a :class:`ConfigError` suggests the closest."""
    _ensure_loaded()
    try:
        return _registry[name]
    except KeyError:
        raise ConfigError(
            f"unknown augmenter or guard {name!r}{_suggest(name, _registry)}"
        ) from None


def parameters(cls: type) -> dict[str, dataclasses.Field[Any]]:
    """The constructor parameters of a registered class, by name."""
    return {f.name: f for f in dataclasses.fields(cls) if f.init}


def default_of(field: dataclasses.Field[Any]) -> Any:
    """A field's default value, or :data:`dataclasses.MISSING`."""
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return dataclasses.MISSING


def from_config(config: Mapping[str, Any] | list[Any]) -> Any:
    """Build an augmenter (or guard) from a plain dict; a list means a pipeline.

    Each value is checked against its parameter's type (see :func:`conform`)
    before the object is made, so a bad value fails here, not in the middle of a run.
    """
    if isinstance(config, list):
        config = {"name": "pipeline", "steps": config}
    if not isinstance(config, Mapping):
        raise ConfigError(f"a config must be a mapping with a 'name', not {type(config).__name__}")
    if "name" not in config:
        raise ConfigError(f"config {dict(config)!r} has no 'name'")
    name = config["name"]
    cls = lookup(str(name))
    fields = parameters(cls)
    params = {k: v for k, v in config.items() if k != "name"}
    for key in params:
        if key not in fields:
            hint = _suggest(key, fields) or f"; its parameters are: {', '.join(fields) or 'none'}"
            raise ConfigError(f"{name} has no parameter {key!r}{hint}")
    for key, field in fields.items():
        if key not in params and default_of(field) is dataclasses.MISSING:
            raise ConfigError(f"{name}: missing the required parameter {key!r}")
    values = {k: conform(cls, k, v) for k, v in params.items()}
    try:
        return cls(**values)
    except ConfigError:
        raise
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: {exc}") from exc


def conform(cls: type, field: str, value: Any) -> Any:
    """``value`` for parameter ``field`` of ``cls``, checked against the field's annotation.

    Numbers must be numbers (an int is a fine float; a bool is neither, and
    infinity and NaN are refused), strings strings, lists lists. Lists become
    tuples where the annotation says tuple, and a mapping is built into an
    augmenter or guard (with :func:`from_config`) only where the annotation says
    the field holds one: a data mapping whose key happens to be ``name`` stays
    data. A mismatch is a :class:`ConfigError` naming the owner, the parameter,
    the expected type and the value, so it fails at construction instead of in
    the middle of a run. Annotations that cannot be resolved are not checked.
    """
    hint = _field_types(cls).get(field, Any)
    try:
        return _fit(value, hint)
    except _Mismatch as bad:
        owner = getattr(cls, "name", "") or cls.__name__
        message = f"{owner}: {field} must be {_describe(hint)}, got {value!r}"
        if bad.value is not value:
            message += f" ({_shown(bad.value)} is not {_describe(bad.hint)})"
        raise ConfigError(message + (f"; {bad.note}" if bad.note else "")) from None


def _shown(value: Any) -> str:
    """A value for a message: a registered object by its name, anything else by repr."""
    name = getattr(type(value), "name", None)
    return name if isinstance(name, str) and name else repr(value)


class _Mismatch(Exception):
    """``value`` (the parameter's value or an item of it) does not fit ``hint``."""

    def __init__(self, value: Any, hint: Any, note: str = "") -> None:
        super().__init__(value, hint, note)
        self.value, self.hint, self.note = value, hint, note


@functools.cache
def _field_types(cls: type) -> dict[str, Any]:
    """The resolved annotations of ``cls``, or none if a name in them cannot be resolved."""
    try:
        return typing.get_type_hints(cls)
    except (NameError, TypeError):
        return {}


def _fit(value: Any, hint: Any) -> Any:
    """``value`` as ``hint`` wants it (lists as tuples, configs built), or :class:`_Mismatch`."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _fit_union(value, hint)
    if origin in (tuple, list, Sequence):
        return _fit_sequence(value, hint)
    if origin in (dict, Mapping):
        return _fit_mapping(value, hint)
    if hint in _SCALARS:
        if not _SCALARS[hint](value):
            raise _Mismatch(value, hint, _scalar_note(value, hint))
        return value
    if isinstance(hint, type) and hint is not object:
        return _fit_object(value, hint)
    return value  # Any, or an annotation kind not checked here


def _fit_union(value: Any, hint: Any) -> Any:
    arms = typing.get_args(hint)
    if value is None and type(None) in arms:
        return None
    real = [arm for arm in arms if arm is not type(None)]
    if len(real) == 1:  # X | None: say what is wrong inside X
        return _fit(value, real[0])
    for arm in real:
        try:
            return _fit(value, arm)
        except _Mismatch:
            continue
    raise _Mismatch(value, hint)


def _fit_sequence(value: Any, hint: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and args[1:] != (Ellipsis,):
        return value  # fixed-length tuples are not checked
    if isinstance(value, str):
        raise _Mismatch(value, hint, f"for one item write a list: [{value}]")
    if not isinstance(value, list | tuple):
        raise _Mismatch(value, hint)
    items = [_fit(item, args[0] if args else Any) for item in value]
    return tuple(items) if origin is tuple else type(value)(items)


def _fit_mapping(value: Any, hint: Any) -> dict[Any, Any]:
    if not isinstance(value, Mapping):
        raise _Mismatch(value, hint)
    key, item = typing.get_args(hint) or (Any, Any)
    return {_fit(k, key): _fit(v, item) for k, v in value.items()}


def _fit_object(value: Any, cls: type) -> Any:
    """An instance of ``cls``; a mapping is built first if ``cls`` is an augmenter or guard."""
    if isinstance(value, Mapping) and isinstance(getattr(cls, "kind", None), str):
        value = from_config(value)
    if not isinstance(value, cls):
        raise _Mismatch(value, cls)
    return value


def _is_whole(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


#: The checks for scalar annotations, and their names (one, many) in messages.
_SCALARS: dict[Any, Callable[[Any], bool]] = {
    bool: lambda value: isinstance(value, bool),
    int: _is_whole,
    float: _is_number,
    str: lambda value: isinstance(value, str),
    type(None): lambda value: value is None,
}
_NAMES: dict[Any, tuple[str, str]] = {
    bool: ("true or false", "true or false"),
    int: ("a whole number", "whole numbers"),
    float: ("a number", "numbers"),
    str: ("a string", "strings"),
    type(None): ("null", "null"),
}


def _scalar_note(value: Any, hint: Any) -> str:
    """Why a value that looks right is refused, where that is not obvious."""
    if hint is str and isinstance(value, bool):
        return (
            "YAML reads a bare yes, no, on, off, true or false as a boolean, "
            f"so quote it: '{'yes' if value else 'no'}'"
        )
    if hint is float and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return "infinity and NaN are not allowed"
    return ""


def _describe(hint: Any, many: bool = False) -> str:
    """``hint`` in words: "a list of strings", "a whole number or null", "an augmenter"."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):  # null first: "null or a list of numbers"
        arms = sorted(args, key=lambda arm: arm is not type(None))
        return " or ".join(_describe(arm, many) for arm in arms)
    if origin in (tuple, list, Sequence) and args:
        return f"{'lists' if many else 'a list'} of {_describe(args[0], True)}"
    if origin in (dict, Mapping) and len(args) == 2:
        noun = "mappings" if many else "a mapping"
        return f"{noun} from {_describe(args[0], True)} to {_describe(args[1], True)}"
    if hint in _NAMES:
        return _NAMES[hint][1 if many else 0]
    kind = getattr(hint, "kind", None)
    if isinstance(kind, str):
        return f"{kind}s" if many else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    return getattr(hint, "__name__", str(hint))


def to_config(obj: Any) -> dict[str, Any]:
    """The plain dict that :func:`from_config` turns back into ``obj``.

    Parameters left at their defaults are omitted, so configs stay short.
    """
    name = getattr(type(obj), "name", None)
    if not name or _registry.get(name) is not type(obj):
        raise ConfigError(f"{type(obj).__name__} is not a registered augmenter or guard")
    config: dict[str, Any] = {"name": name}
    for field in parameters(type(obj)).values():
        value = getattr(obj, field.name)
        if value != default_of(field):
            config[field.name] = _plain(value)
    return config


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_config(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _suggest(name: str, choices: Mapping[str, Any] | list[str]) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def describe() -> list[dict[str, Any]]:
    """Every registered name with its kind, summary and parameters (for ``textaug recipes``)."""
    _ensure_loaded()
    described = []
    for name in names():
        cls = _registry[name]
        params = []
        for field in parameters(cls).values():
            default = default_of(field)
            params.append(
                {
                    "name": field.name,
                    "type": str(field.type),
                    "default": None if default is dataclasses.MISSING else _plain(default),
                    "required": default is dataclasses.MISSING,
                }
            )
        described.append(
            {"name": name, "kind": cls.kind, "summary": summary_of(cls), "parameters": params}  # type: ignore[attr-defined]
        )
    return described


def summary_of(cls: type) -> str:
    """The first sentence of a class's docstring, on one line, without reST markup.

    >>> class Example:
    ...     \"\"\"Vetoes a variant unless ``check(before, after)`` returns True, e.g. a
    ...     classifier. More detail.\"\"\"
    >>> summary_of(Example)
    'Vetoes a variant unless check(before, after) returns True, e.g. a classifier.'
    """
    paragraph = (cls.__doc__ or "").strip().split("\n\n")[0]
    text = " ".join(paragraph.split()).replace("``", "")
    end = re.search(r"(?<!e\.g)(?<!i\.e)\.(?=\s+[A-Z(\"])", text)
    return text[: end.end()] if end else text
