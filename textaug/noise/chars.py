"""Random character edits: insert, delete, substitute, or swap two adjacent characters."""

from __future__ import annotations

import random
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textaug.errors import ConfigError
from textaug.noise.base import WordNoise, fit_case
from textaug.noise.clusters import edit_sites
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
    Greek words get plausible noise; each takes the case of the letter it
    replaces or sits beside (:func:`~textaug.noise.base.fit_case`). A letter
    with combining marks is never split or edited ("e" + U+0301 stays whole).
    Guards as for every noise model.
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
        sites = None if word.isascii() else edit_sites(word)  # None: every offset will do
        if action == "transpose":
            i = _pick(rng, n - 1, sites and sites.pairs)
            if i is None:
                return None
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :], op
        if action == "delete":
            i = _pick(rng, n, sites and sites.letters) if n > 1 else None
            if i is None:
                return None
            return word[:i] + word[i + 1 :], op
        pool = _ASCII if sites is None else _own_letters(word, sites.letters)
        if not pool:
            return None
        letter = pool[int(rng.random() * len(pool))]
        if action == "insert":
            i = _pick(rng, n + 1, sites and sites.gaps)
            if i is None:
                return None
            return word[:i] + fit_case(word, i, i, letter) + word[i:], op
        i = _pick(rng, n, sites and sites.letters)
        if i is None:
            return None
        return word[:i] + fit_case(word, i, i + 1, letter) + word[i + 1 :], op


def _pick(rng: random.Random, count: int, offsets: Sequence[int] | None) -> int | None:
    """A random one of ``offsets`` (of ``range(count)`` when None); None if there is none."""
    if offsets is None:
        return int(rng.random() * count) if count > 0 else None
    return offsets[int(rng.random() * len(offsets))] if offsets else None


def _own_letters(word: str, letters: Sequence[int]) -> str:
    """The characters of ``word`` that are letters on their own (usually all of them)."""
    return word if len(letters) == len(word) else "".join(word[i] for i in letters)
