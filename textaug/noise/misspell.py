"""Real misspellings: swap a word for a way people actually misspell it ("recieve", "untill")."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from textaug.errors import ResourceError
from textaug.noise.base import WordNoise, match_case
from textaug.registry import register


@cache
def misspellings() -> Mapping[str, tuple[str, ...]]:
    """The shipped table: lower-case word -> its common misspellings (loaded once)."""
    path = resources.files("textaug") / "data" / "misspellings_en.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise ResourceError(f"misspelling table not found: {path}; reinstall textaug") from None
    table: dict[str, tuple[str, ...]] = {}
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        word, _, wrong = line.partition("\t")
        table[word.strip().lower()] = tuple(w.strip() for w in wrong.split(",") if w.strip())
    return MappingProxyType(table)


@register("misspellings")
@dataclass(frozen=True)
class Misspellings(WordNoise):
    """Replaces words by a common misspelling of them from a shipped list ("definately").

    Realistic errors that random edits do not produce (doubled or dropped
    letters, "ie"/"ei"). Only listed words change; case is kept, and the
    guards still veto a misspelling that is another real word.
    """

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        wrong = misspellings().get(word.lower())
        if not wrong:
            return None
        return match_case(word, wrong[int(rng.random() * len(wrong))]), self.name
