"""Every registered name round-trips through config; bad names and parameters fail clearly."""

from __future__ import annotations

from typing import Any

import pytest

import textaug
from textaug.errors import ConfigError
from textaug.recipes import (
    builtin_recipes,
    load_recipe,
    parse_yaml,
    read_recipe,
    recipe_from_config,
    save_recipe,
)
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


def test_a_data_mapping_with_a_name_key_stays_data() -> None:
    # An entity type (or intent) called "name" is data, not a nested augmenter config.
    swap = from_config({"name": "slot_swap", "values": {"name": ["Alice", "Bob", "Carol"]}})
    assert swap.values == {"name": ["Alice", "Bob", "Carol"]}
    assert from_config(to_config(swap)) == swap
    words = from_config({"name": "protect_words", "by_label": {"name": ["call"]}})
    assert words.by_label == {"name": ["call"]}


def test_a_mapping_becomes_an_augmenter_only_where_the_field_holds_one() -> None:
    sometimes = from_config({"name": "sometimes", "augmenter": {"name": "random_swap"}})
    assert isinstance(sometimes.augmenter, textaug.RandomSwap)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            {"name": "random_swap", "min_ops": 1.5},
            "random_swap: min_ops must be a whole number, got 1.5",
        ),
        ({"name": "random_swap", "rate": True}, "random_swap: rate must be a number, got True"),
        (
            {"name": "random_swap", "rate": float("inf")},
            "rate must be a number, got inf; infinity and NaN are not allowed",
        ),
        (
            {"name": "wordnet_synonyms", "protect": [1]},
            "wordnet_synonyms: protect must be a list of strings, got [1] (1 is not a string)",
        ),
        ({"name": "wordnet_synonyms", "top_k": "x"}, "top_k must be a whole number, got 'x'"),
        ({"name": "slot_swap", "entities": 1.5}, "entities must be a list of strings, got 1.5"),
        (
            {"name": "punctuation_insertion", "marks": {"a": 1}},
            "marks must be a list of strings, got {'a': 1}",
        ),
        (
            {"name": "one_of", "choices": [{"name": "random_swap"}], "weights": [1, "x"]},
            "weights must be null or a list of numbers, got [1, 'x'] ('x' is not a number)",
        ),
        (
            {"name": "keyboard_typos", "guards": [{"name": "random_swap"}]},
            "guards must be a list of guards, got [{'name': 'random_swap'}] "
            "(random_swap is not a guard)",
        ),
        (
            {"name": "one_of", "choices": [{"name": "protect_entities"}]},
            "(protect_entities is not an augmenter)",
        ),
        (
            {"name": "protect_words", "by_label": {"greet": "hello"}},
            "protect_words: by_label must be null or a mapping from strings to lists of strings",
        ),
    ],
)
def test_a_value_of_the_wrong_type_fails_at_construction(
    config: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        from_config(config)
    assert message in str(caught.value)


def test_a_yaml_boolean_in_a_word_list_asks_for_quotes() -> None:
    # YAML reads `protect: [no, tonight]` as [False, "tonight"]
    with pytest.raises(ConfigError, match="quote it: 'no'"):
        from_config({"name": "random_swap", "protect": [False, "tonight"]})


def test_one_string_for_a_list_asks_for_a_list() -> None:
    # iterating "book" would protect the letters b, o and k
    with pytest.raises(ConfigError, match=r"for one item write a list: \[book\]"):
        from_config({"name": "random_swap", "protect": "book"})
    with pytest.raises(ConfigError, match="protect must be a list of strings"):
        textaug.RandomSwap(protect="book")  # type: ignore[arg-type]


def test_an_int_is_a_fine_float_and_lists_become_tuples() -> None:
    swap = from_config({"name": "random_swap", "rate": 1, "protect": ["book"]})
    assert swap.rate == 1 and swap.protect == ("book",)
    assert from_config({"name": "keep_first_letter", "keep_last": True}).keep_last is True


@pytest.mark.parametrize("name", names("augmenter"))
def test_no_parameter_value_fails_in_the_middle_of_a_run(name: str) -> None:
    """Every value is refused at construction or works: none crashes ``augment`` later."""
    record = textaug.Record(
        "please book a flight to Boston tomorrow, don't wait",
        "book",
        (textaug.Span(24, 30, "city"),),
    )
    odd_values = [1.5, -1, 0, "x", True, None, [1], ["a"], {"a": 1}, 10**9, float("nan")]
    for param in parameters(lookup(name)):
        if param in ("tagger", "vectors", "source", "path", "format"):
            continue  # resources by name: a wrong one is a ResourceError, tested elsewhere
        for value in odd_values:
            try:
                augmenter = from_config({**example_config(name), param: value})
            except ConfigError:
                continue
            augmenter.augment(record, n=2, seed=1)


@pytest.mark.parametrize("name", names("guard"))
def test_no_guard_parameter_value_fails_in_the_middle_of_a_run(name: str) -> None:
    record = textaug.Record("please book a flight to Boston tomorrow, don't wait", "book")
    odd_values = [1.5, -1, 0, "x", True, None, [1], ["a"], {"a": 1}, {"b": ["x"]}]
    for param in parameters(lookup(name)):
        for value in odd_values:
            guard = {"name": name, param: value}
            try:
                augmenter = from_config({"name": "keyboard_typos", "guards": [guard]})
            except ConfigError:
                continue
            augmenter.augment(record, n=2, seed=1)


def test_combinator_parameters_are_listed_as_required() -> None:
    required = {
        (entry["name"], param["name"])
        for entry in describe()
        for param in entry["parameters"]
        if param["required"]
    }
    assert {("pipeline", "steps"), ("one_of", "choices"), ("sometimes", "augmenter")} <= required
    with pytest.raises(ConfigError, match="sometimes: missing the required parameter 'augmenter'"):
        from_config({"name": "sometimes", "p": 0.3})


def test_recipe_numbers_read_as_in_yaml_1_2(tmp_path: Any) -> None:
    # YAML 1.1 reads 1e-3 as a string and 010 as octal 8
    path = tmp_path / "mine.yaml"
    path.write_text("name: random_swap\nrate: 1e-3\nmax_ops: 010\n", encoding="utf-8")
    assert load_recipe(str(path)) == textaug.RandomSwap(rate=0.001, max_ops=10)
    assert parse_yaml("[1_000, 1:30, 2024-01-31, 0o17, 0x1F, .inf, yes]") == [
        "1_000",
        "1:30",
        "2024-01-31",
        15,
        31,
        float("inf"),
        True,
    ]


def test_saved_recipes_quote_strings_that_would_read_back_as_numbers(tmp_path: Any) -> None:
    augmenter = textaug.RandomSwap(rate=1e-5, protect=("1e5", "010", "2024-01-31", "no"))
    path = tmp_path / "mine.yaml"
    save_recipe(augmenter, path)
    assert load_recipe(str(path)) == augmenter


def test_a_bare_name_is_a_built_in_recipe_before_a_file_of_that_name(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "default").mkdir()
    (tmp_path / "expand").write_text("not: [a recipe", encoding="utf-8")
    assert load_recipe("default") == recipe_from_config(builtin_recipes()["default"])
    assert read_recipe("expand") == builtin_recipes()["expand"]


def test_a_bare_name_that_is_no_built_in_may_be_a_file(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").write_text("name: random_swap\n", encoding="utf-8")
    assert load_recipe("mine") == textaug.RandomSwap()
    (tmp_path / "folder").mkdir()
    with pytest.raises(ConfigError, match="no built-in recipe or recipe file 'folder'"):
        load_recipe("folder")


def test_a_recipe_path_that_is_a_folder_is_a_clean_error(tmp_path: Any) -> None:
    with pytest.raises(ConfigError, match="is a directory, not a recipe file"):
        load_recipe(str(tmp_path))


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.yaml", "name: random_swap\n rate: 0.1\n", "not valid YAML"),
        ("bad.json", '{"name": "random_swap",}', "not valid JSON"),
    ],
)
def test_expand_reads_recipe_files_as_augment_does(
    tmp_path: Any, name: str, text: str, message: str
) -> None:
    from textaug.expand import recipe_config

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for read in (load_recipe, recipe_config):
        with pytest.raises(ConfigError, match=message):
            read(str(path))
    path.write_text('{"name": "random_swap", "rate": 1e-3}', encoding="utf-8")
    assert recipe_config(str(path)) == {"name": "random_swap", "rate": 0.001}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"name": "random_swap", "protect": [""]}, "protect must hold non-empty words"),
        ({"name": "wordnet_synonyms", "protect": [" "]}, "protect must hold non-empty words"),
        ({"name": "punctuation_insertion", "marks": ["abc"]}, "marks must be punctuation"),
        ({"name": "zero_width", "characters": ["a"]}, "invisible"),
        (
            {"name": "keyboard_typos", "guards": [{"name": "recoverable", "max_distance": -1}]},
            "max_distance must be a whole number >= 1",
        ),
        (
            {"name": "keyboard_typos", "guards": [{"name": "protect_words", "words": [""]}]},
            "words must hold non-empty words",
        ),
    ],
)  # each was accepted before, and then protected nothing or inserted letters
def test_values_that_cannot_mean_what_they_say_fail_at_construction(
    config: dict[str, object], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        from_config(config)
