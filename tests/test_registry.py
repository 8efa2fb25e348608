"""Every registered name round-trips through config; bad names and parameters fail clearly."""

from __future__ import annotations

from typing import Any

import pytest

import textaug
from textaug.errors import ConfigError
from textaug.recipes import builtin_recipes, load_recipe, save_recipe
from textaug.registry import describe, from_config, lookup, names, parameters, to_config

#: Parameters for names that have required or nested parameters.
EXAMPLES: dict[str, dict[str, Any]] = {
    "pipeline": {"steps": [{"name": "random_swap"}, {"name": "punctuation_insertion"}]},
    "one_of": {
        "choices": [{"name": "random_swap"}, {"name": "random_deletion"}],
        "weights": [2, 1],
    },
    "sometimes": {"augmenter": {"name": "random_insertion", "rate": 0.2}, "p": 0.3},
    "slot_swap": {"values": {"city": ["Paris", "Lisbon"], "date": ["today"]}},
}


def example_config(name: str) -> dict[str, Any]:
    return {"name": name, **EXAMPLES.get(name, {})}


@pytest.mark.parametrize("name", names())
def test_every_registered_name_round_trips(name: str) -> None:
    obj = from_config(example_config(name))
    config = to_config(obj)
    assert from_config(config) == obj
    assert config["name"] == name


@pytest.mark.parametrize("name", names("augmenter"))
def test_every_augmenter_returns_a_list(name: str) -> None:
    augmenter = from_config(example_config(name))
    out = augmenter.augment("please book a table for two at an italian place tonight", n=2, seed=0)
    assert isinstance(out, list) and all(isinstance(r, textaug.Record) for r in out)


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(ConfigError, match="did you mean 'random_swap'"):
        from_config({"name": "randm_swap"})


def test_unknown_parameter_suggests_the_closest() -> None:
    with pytest.raises(ConfigError, match="did you mean 'rate'"):
        from_config({"name": "random_deletion", "rat": 0.2})


def test_bad_value_fails_at_construction_with_the_name() -> None:
    with pytest.raises(ConfigError, match="random_swap: rate must be between 0 and 1"):
        from_config({"name": "random_swap", "rate": 3})


def test_a_list_is_a_pipeline() -> None:
    assert isinstance(from_config([{"name": "random_swap"}]), textaug.Pipeline)


def test_describe_lists_parameters_and_defaults() -> None:
    entry = next(e for e in describe() if e["name"] == "random_swap")
    rate = next(p for p in entry["parameters"] if p["name"] == "rate")
    assert rate["default"] == 0.1 and not rate["required"]
    assert set(parameters(lookup("random_swap"))) >= {"rate", "min_ops", "max_ops", "protect"}


@pytest.mark.parametrize("name", sorted(builtin_recipes()))
def test_builtin_recipes_load(name: str) -> None:
    assert isinstance(load_recipe(name), textaug.Augmenter)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_recipe_files_round_trip(tmp_path: Any, suffix: str) -> None:
    augmenter = load_recipe("default")
    path = tmp_path / f"mine{suffix}"
    save_recipe(augmenter, path, description="mine")
    assert load_recipe(str(path)) == augmenter


def test_unknown_recipe_names_the_built_ins() -> None:
    with pytest.raises(ConfigError, match="did you mean 'default'"):
        load_recipe("defualt")


def test_every_public_name_is_exported() -> None:
    for name in textaug.__all__:
        assert hasattr(textaug, name), name
    public = {n for n in dir(textaug) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(textaug, n)).__name__ == "module"}
    assert public - modules - {"annotations"} <= set(textaug.__all__)


def test_import_is_light() -> None:
    import subprocess
    import sys

    heavy = "('spacy', 'nltk', 'gensim', 'sklearn', 'jinja2', 'torch', 'lemminflect')"
    code = f"import sys, textaug; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
