"""Adversarial Unicode noise: look-alike letters and invisible characters.

NOT realistic typing noise and in no default recipe: these test whether a model
or a filter is fooled by text that looks identical to a human (spam, attacks),
and most tokenizers see a different word.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from textaug.errors import ConfigError
from textaug.noise.base import WordNoise
from textaug.noise.clusters import edit_sites
from textaug.registry import register

#: Latin letters and visually confusable Cyrillic or Greek letters.
HOMOGLYPHS: dict[str, str] = {
    "a": "а", "c": "с", "e": "е", "i": "і", "j": "ј", "o": "о", "p": "р", "s": "ѕ",
    "x": "х", "y": "у", "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "I": "І",
    "K": "К", "M": "М", "N": "Ν", "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "Υ", "Z": "Ζ",
}  # fmt: skip

#: Zero-width space, non-joiner, joiner and word joiner.
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")


@register("homoglyphs")
@dataclass(frozen=True)
class Homoglyphs(WordNoise):
    """ADVERSARIAL: replaces a Latin letter by a look-alike Cyrillic/Greek one ("pаy").

    The text looks unchanged but is a different string; use it to test
    robustness to spoofing, not as typing noise. Not in any default recipe.
    """

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        sites = [i for i in edit_sites(word).letters if word[i] in HOMOGLYPHS]
        if not sites:
            return None
        i = sites[int(rng.random() * len(sites))]
        return word[:i] + HOMOGLYPHS[word[i]] + word[i + 1 :], self.name


@register("zero_width")
@dataclass(frozen=True)
class ZeroWidth(WordNoise):
    """ADVERSARIAL: inserts an invisible character inside a word ("pa\\u200by").

    Invisible to a reader, it splits the word for most tokenizers; use it to
    test robustness to obfuscation, not as typing noise. Not in any default recipe.
    """

    characters: tuple[str, ...] = ZERO_WIDTH

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.characters or any(
            len(c) != 1 or unicodedata.category(c) != "Cf" for c in self.characters
        ):
            raise ConfigError(
                f"{self.name}: characters must be single invisible (format, Cf) characters "
                f"such as U+200B, got {list(self.characters)!r}"
            )

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        inner = edit_sites(word).inner  # never between a letter and its marks
        if not inner:
            return None
        i = inner[int(rng.random() * len(inner))]
        mark = self.characters[int(rng.random() * len(self.characters))]
        return word[:i] + mark + word[i:], self.name
