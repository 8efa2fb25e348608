"""Random character edits: insert, delete, substitute, or swap two adjacent characters."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from typing import ClassVar

from textaug.errors import ConfigError
from textaug.noise.base import WordNoise
from textaug.registry import register

CHAR_ACTIONS = ("insert", "delete", "substitute", "transpose")
_ASCII = string.ascii_lowercase


@register("char_edits")
@dataclass(frozen=True)
class CharEdits(WordNoise):
    """Makes one random character edit per chosen word ("fligt", "flihgt", "fliqht").

    ``actions`` picks among insert, delete, substitute and transpose (adjacent
    swap, the commonest fast-typing slip). New letters are random ASCII letters
    in ASCII words and letters of the word itself elsewhere, so Arabic or
    Greek words get plausible noise. Guards as for every noise model.
    """

    edits_per_spelling: ClassVar[int | None] = 1

    actions: tuple[str, ...] = CHAR_ACTIONS

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.actions or any(a not in CHAR_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(CHAR_ACTIONS)}"
            )

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        actions = self.actions
        action = actions[int(rng.random() * len(actions))] if len(actions) > 1 else actions[0]
        n = len(word)
        op = f"{self.name}:{action}"
        if action == "transpose":
            if n < 2:
                return None
            i = int(rng.random() * (n - 1))
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :], op
        if action == "delete":
            if n < 2:
                return None
            i = int(rng.random() * n)
            return word[:i] + word[i + 1 :], op
        pool = _ASCII if word.isascii() else word
        letter = pool[int(rng.random() * len(pool))]
        if action == "insert":
            i = int(rng.random() * (n + 1))
            if word[i - 1 : i].isupper() and word[i : i + 1].isupper():
                letter = letter.upper()
            return word[:i] + letter + word[i:], op
        i = int(rng.random() * n)
        if word[i].isupper():
            letter = letter.upper()
        return word[:i] + letter + word[i + 1 :], op
