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
import importlib
from collections.abc import Callable, Mapping
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
    """Build an augmenter (or guard) from a plain dict; a list means a pipeline."""
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
    try:
        return cls(**{k: _build(v) for k, v in params.items()})
    except ConfigError:
        raise
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: {exc}") from exc


def _build(value: Any) -> Any:
    """Turn nested configs into objects and lists into tuples."""
    if isinstance(value, Mapping) and "name" in value:
        return from_config(value)
    if isinstance(value, list | tuple):
        return tuple(_build(v) for v in value)
    return value


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
        doc = (cls.__doc__ or "").strip().splitlines()
        described.append(
            {"name": name, "kind": cls.kind, "summary": doc[0] if doc else "", "parameters": params}  # type: ignore[attr-defined]
        )
    return described
