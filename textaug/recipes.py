"""Recipes: named or file-based augmenter configurations.

A recipe is an augmenter config (see :mod:`textaug.registry`) in YAML or JSON:
a mapping with a ``name``, or a list of steps (a pipeline). An optional
top-level ``description`` documents it. Built-in recipes ship in
``textaug/data/recipes``; ``textaug recipes`` lists them.
"""

from __future__ import annotations

import difflib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError
from textaug.registry import from_config

#: The recipe ``textaug augment`` uses when given neither --recipe nor --aug.
DEFAULT_RECIPE = "default"
#: The recipe ``textaug expand`` and ``textaug evaluate`` use when given neither.
EXPAND_RECIPE = "expand"


#: Implicit types YAML 1.1 resolves in ways YAML 1.2 (and users) do not expect.
_YAML_11_ONLY = (":int", ":float", ":timestamp")


class RecipeLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 numbers, as users (and JSON) write them.

    YAML 1.1 reads ``1e-3`` as a string (it wants ``1.0e-3``), ``010`` as octal 8,
    ``1_000`` as 1000 and ``1:30`` as 90. Here an integer is decimal digits or
    ``0o``/``0x`` digits and a float may have an exponent without a dot; the rest
    stays a string, so the parameter check names it. Dates stay strings too.
    Booleans stay as in YAML 1.1 (``yes``/``no``/``on``/``off``), so
    ``mutual: yes`` still reads as true; the parameter check explains the trap
    where a word was meant.
    """


class RecipeDumper(yaml.SafeDumper):
    """PyYAML's safe dumper that quotes every string YAML 1.1 or :class:`RecipeLoader`
    would read as something else ("1e5", "010"), so saved recipes read back as saved."""


RecipeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(_YAML_11_ONLY)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _resolve_yaml_12_numbers(cls: type[yaml.SafeLoader] | type[yaml.SafeDumper]) -> None:
    """Teach ``cls`` YAML 1.2's plain integers and floats (``010``, ``1e-3``)."""
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        list("-+0123456789"),
    )
    cls.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )


def _construct_int(loader: RecipeLoader, node: yaml.ScalarNode) -> int:
    """A YAML 1.2 integer: decimal (``010`` is ten), ``0o`` octal or ``0x`` hexadecimal."""
    text = str(loader.construct_scalar(node))
    try:
        return int(text, 0) if text.lstrip("+-")[:2] in ("0o", "0x") else int(text)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not an integer", node.start_mark
        ) from None


_resolve_yaml_12_numbers(RecipeLoader)
_resolve_yaml_12_numbers(RecipeDumper)
RecipeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def parse_yaml(text: str) -> Any:
    """YAML text as :class:`RecipeLoader` reads it (recipes and ``--aug`` values)."""
    return yaml.load(text, Loader=RecipeLoader)


def builtin_recipes() -> dict[str, dict[str, Any]]:
    """Built-in recipe configs by name (each with its ``description``)."""
    folder = resources.files("textaug") / "data" / "recipes"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found[entry.name.removesuffix(".yaml")] = parse_yaml(entry.read_text("utf-8"))
    return found


def load_recipe(name_or_path: str) -> Augmenter:
    """The augmenter a built-in recipe name or a recipe file describes."""
    return recipe_from_config(read_recipe(name_or_path), name_or_path)


def read_recipe(name_or_path: str) -> Any:
    """The parsed config of a built-in recipe or a recipe file, not yet built.

    A bare name (no folder, no extension) is a built-in recipe first, so a file
    or folder called ``default`` in the current directory does not replace it;
    only when no built-in has that name is it read as a file. Anything else is
    a file: ``.json`` is read as JSON, every other file as YAML.
    """
    path = Path(name_or_path)
    if path.name == name_or_path and not path.suffix:
        recipes = builtin_recipes()
        if name_or_path in recipes:
            return recipes[name_or_path]
        if not path.is_file():
            close = difflib.get_close_matches(name_or_path, list(recipes), n=1, cutoff=0.5)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(
                f"no built-in recipe or recipe file {name_or_path!r}{hint} "
                f"(built-in: {', '.join(recipes)})"
            )
    return _read_file(path)


def recipe_from_config(config: Any, source: str = "recipe") -> Augmenter:
    """Build a recipe from its parsed YAML/JSON, dropping the ``description``."""
    if isinstance(config, dict):
        config = {k: v for k, v in config.items() if k != "description"}
        if "steps" in config and "name" not in config:
            config["name"] = "pipeline"
    try:
        augmenter = from_config(config)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None
    if not isinstance(augmenter, Augmenter):
        raise ConfigError(f"{source}: a recipe must describe an augmenter, not a guard")
    return augmenter


def _read_file(path: Path) -> Any:
    """A recipe file parsed: JSON if it ends in ``.json``, else YAML (which reads JSON too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"recipe file {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a recipe file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the recipe: {exc.strerror}") from None
    is_json = path.suffix.lower() == ".json"
    try:
        return json.loads(text) if is_json else parse_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: not valid {'JSON' if is_json else 'YAML'}: {exc}") from None


def save_recipe(augmenter: Augmenter, path: str | Path, description: str | None = None) -> None:
    """Write an augmenter as a recipe file (YAML, or JSON by extension)."""
    path = Path(path)
    config: dict[str, Any] = {"description": description} if description else {}
    config.update(augmenter.to_config())
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text(
            yaml.dump(config, Dumper=RecipeDumper, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
