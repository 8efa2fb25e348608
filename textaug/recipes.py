"""Recipes: named or file-based augmenter configurations.

A recipe is an augmenter config (see :mod:`textaug.registry`) in YAML or JSON:
a mapping with a ``name``, or a list of steps (a pipeline). An optional
top-level ``description`` documents it. Built-in recipes ship in
``textaug/data/recipes``; ``textaug recipes`` lists them.
"""

from __future__ import annotations

import difflib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError
from textaug.registry import from_config

#: The recipe ``textaug augment`` uses when given neither --recipe nor --aug.
DEFAULT_RECIPE = "default"


def builtin_recipes() -> dict[str, dict[str, Any]]:
    """Built-in recipe configs by name (each with its ``description``)."""
    folder = resources.files("textaug") / "data" / "recipes"
    found = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            found[entry.name.removesuffix(".yaml")] = yaml.safe_load(entry.read_text("utf-8"))
    return found


def load_recipe(name_or_path: str) -> Augmenter:
    """The augmenter a built-in recipe name or a recipe file describes."""
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml", ".json") or path.exists():
        return recipe_from_config(_read_file(path), str(path))
    recipes = builtin_recipes()
    if name_or_path not in recipes:
        close = difflib.get_close_matches(name_or_path, list(recipes), n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError(
            f"no built-in recipe or recipe file {name_or_path!r}{hint} "
            f"(built-in: {', '.join(recipes)})"
        )
    return recipe_from_config(recipes[name_or_path], name_or_path)


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
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"recipe file {str(path)!r} does not exist") from None
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(
            f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}"
        ) from None


def save_recipe(augmenter: Augmenter, path: str | Path, description: str | None = None) -> None:
    """Write an augmenter as a recipe file (YAML, or JSON by extension)."""
    path = Path(path)
    config: dict[str, Any] = {"description": description} if description else {}
    config.update(augmenter.to_config())
    if path.suffix.lower() == ".json":
        path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    else:
        path.write_text(
            yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
