"""Keyboard typos: a finger lands on a neighbouring key, instead of or beside the right one."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import ClassVar

from textaug.errors import ConfigError
from textaug.noise.base import WordNoise, fit_case
from textaug.noise.clusters import edit_sites
from textaug.noise.layouts import LAYOUTS, adjacency
from textaug.registry import register

KEYBOARD_ACTIONS = ("substitute", "insert")


@register("keyboard_typos")
@dataclass(frozen=True)
class KeyboardTypos(WordNoise):
    """Replaces a letter by a neighbouring key or adds one beside it ("fligjt", "flighyt").

    The most common phone and desktop typo. Neighbours come from ``layout``
    (qwerty, azerty, qwertz); a key takes the case of the letter it replaces or
    sits beside ("Find" -> "Ftind", never "FTind"), and a letter with combining
    marks is left whole. Guards keep entities, numbers, negations, short words and
    first letters intact and veto real-word typos.
    """

    edits_per_spelling: ClassVar[int | None] = 1

    layout: str = "qwerty"
    actions: tuple[str, ...] = KEYBOARD_ACTIONS

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.layout not in LAYOUTS:
            raise ConfigError(
                f"{self.name}: unknown layout {self.layout!r}; known: {', '.join(LAYOUTS)}"
            )
        if not self.actions or any(a not in KEYBOARD_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(KEYBOARD_ACTIONS)}"
            )

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        table = adjacency(self.layout)
        # never a letter carrying a mark (ASCII words have none: every letter will do)
        alone = None if word.isascii() else edit_sites(word).letters
        n = len(word)
        start = int(rng.random() * n)
        for step in range(n):  # the first key with neighbours from a random start
            i = (start + step) % n
            near = table.get(word[i])
            if near and (alone is None or i in alone):
                break
        else:
            return None
        key = near[int(rng.random() * len(near))]
        actions = self.actions
        action = actions[int(rng.random() * len(actions))] if len(actions) > 1 else actions[0]
        if action == "substitute":
            at, end = i, i + 1
        else:  # before or after the letter whose neighbour it is
            at = end = i if rng.random() < 0.5 else i + 1
        return word[:at] + fit_case(word, at, end, key) + word[end:], f"{self.name}:{action}"
