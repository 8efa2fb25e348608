"""The recipe an expansion runs: built-in or file configs, bound to the data being
expanded: slot values for ``slot_swap``, and the words that carry each intent for word
replacement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textaug.augmenter import Augmenter
from textaug.guards import word_replacement_guards
from textaug.recipes import read_recipe, recipe_from_config
from textaug.record import Record
from textaug.registry import to_config


def recipe_config(name_or_path: str) -> Any:
    """The parsed config of a built-in recipe or recipe file (not yet built).

    The same reading as ``augment``'s (:func:`textaug.recipes.read_recipe`): the
    same name resolution, YAML and JSON rules and error messages.
    """
    return read_recipe(name_or_path)


def needs_slot_values(config: Any) -> bool:
    """True if some ``slot_swap`` in the config has neither ``values`` nor ``path``."""
    if isinstance(config, dict):
        if _is_bare_slot_swap(config):
            return True
        return any(needs_slot_values(v) for v in config.values())
    if isinstance(config, list):
        return any(needs_slot_values(v) for v in config)
    return False


def with_slot_values(
    config: Any,
    values: dict[str, list[str]],
    by_intent: dict[str, dict[str, list[str]]] | None = None,
) -> Any:
    """The config with the dataset's slot values given to every ``slot_swap`` that has none.

    This is how the expand recipe swaps an entity value for another value of the
    same slot seen in the data being expanded; ``by_intent`` (the same values per
    intent) goes to a ``slot_swap`` whose ``scope`` keeps some values in their intent.
    """
    if isinstance(config, dict):
        out = {k: with_slot_values(v, values, by_intent) for k, v in config.items()}
        if out.get("name") == "slot_swap" and not out.get("values") and not out.get("path"):
            out["values"] = values
            if by_intent is not None and out.get("scope", "any") != "any":
                out.setdefault("values_by_intent", by_intent)
        return out
    if isinstance(config, list):
        return [with_slot_values(v, values, by_intent) for v in config]
    return config


#: Augmenters that replace whole words: they keep each intent's label words.
WORD_REPLACERS = ("wordnet_synonyms", "embedding_neighbours")


def replaces_words(config: Any) -> bool:
    """True if some step of the config replaces words (synonyms, embedding neighbours)."""
    if isinstance(config, dict):
        return config.get("name") in WORD_REPLACERS or any(
            replaces_words(v) for v in config.values()
        )
    return isinstance(config, list) and any(replaces_words(v) for v in config)


def needs_data(config: Any, keep_label_words: bool = True) -> bool:
    """Whether building the config reads the data: for slot values, or for label words."""
    return needs_slot_values(config) or (keep_label_words and replaces_words(config))


def with_label_words(config: Any, words: dict[str, list[str]]) -> Any:
    """The config with every word replacer also guarding each intent's label ``words``.

    The guard is added to the step's own ``guards`` list, or to its defaults when it
    lists none (a ``guards`` list replaces the defaults, so they are spelled out).
    """
    if isinstance(config, list):
        return [with_label_words(v, words) for v in config]
    if not isinstance(config, dict):
        return config
    out = {k: with_label_words(v, words) for k, v in config.items()}
    if out.get("name") in WORD_REPLACERS and words:
        guards = out.get("guards")
        if guards is None:
            guards = [to_config(g) for g in word_replacement_guards()]
        out["guards"] = [*guards, {"name": "protect_words", "by_label": words}]
    return out


def build_recipe(
    config: Any,
    records: Iterable[Record] | None,
    source: str = "expand recipe",
    keep_label_words: bool = True,
) -> Augmenter:
    """Build a recipe config, binding slot values seen in ``records`` if it needs them.

    A recipe whose ``slot_swap`` has no values, on data without entities (or with
    no slot that has two values), drops those steps: a ``one_of`` loses the choice,
    a pipeline the step (or its ``sometimes``). A recipe that would be left with
    nothing keeps them, and each record is refused with the reason. With
    ``keep_label_words``, word replacers never replace the words that carry each
    intent in ``records`` (:func:`textaug.labelwords.label_words`). ``source`` names
    the recipe in error messages.
    """
    from textaug.labelwords import LabelWordCounter

    if records is None:
        return recipe_from_config(config, source)
    counter = LabelWordCounter() if keep_label_words and replaces_words(config) else None
    stream = records if counter is None else counter.observe(records)
    if needs_slot_values(config):
        config = _with_data_slot_values(config, stream)
    elif counter is not None:
        for _ in stream:
            pass
    if counter is not None:
        config = with_label_words(config, counter.words())
    return recipe_from_config(config, source)


def _with_data_slot_values(config: Any, records: Iterable[Record]) -> Any:
    """The config's bare slot swaps given the values seen in ``records``, or dropped."""
    from textaug.slots import slot_values

    found, by_intent = slot_values(records)
    values = {k: v for k, v in found.items() if len(v) > 1}
    if values:
        return with_slot_values(config, values, by_intent)
    return without_slot_swap(config)


def without_slot_swap(config: Any) -> Any:
    """The config without its valueless ``slot_swap`` steps, unless nothing would be left."""
    stripped = _stripped(config)
    return config if stripped is None else stripped


def _stripped(config: Any) -> Any:
    """``config`` without valueless slot swaps (None: it was one, or held only those)."""
    if _is_bare_slot_swap(config):
        return None
    if isinstance(config, list):
        kept = [_stripped(v) for v in config]
        kept = [v for v in kept if v is not None]
        return kept or None
    if not isinstance(config, dict):
        return config
    out = dict(config)
    name = out.get("name")
    if name == "one_of" and isinstance(out.get("choices"), list):
        kept_at = [i for i, c in enumerate(out["choices"]) if _stripped(c) is not None]
        if not kept_at:
            return None
        out["choices"] = [_stripped(out["choices"][i]) for i in kept_at]
        if out.get("weights"):
            out["weights"] = [out["weights"][i] for i in kept_at]
        return out
    if name == "sometimes" and "augmenter" in out:
        inner = _stripped(out["augmenter"])
        return None if inner is None else {**out, "augmenter": inner}
    if isinstance(out.get("steps"), list):
        steps = _stripped(out["steps"])
        return None if steps is None else {**out, "steps": steps}
    return out


def _is_bare_slot_swap(config: Any) -> bool:
    return (
        isinstance(config, dict)
        and config.get("name") == "slot_swap"
        and not config.get("values")
        and not config.get("path")
    )
