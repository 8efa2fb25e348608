"""OCR confusions: characters a scanner mistakes for look-alikes, in both directions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from textaug.noise.base import WordNoise
from textaug.noise.clusters import edit_sites
from textaug.registry import register

#: Look-alike groups; each member may be read as any other member of its pair.
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("l", "1"), ("l", "I"), ("I", "1"), ("O", "0"), ("o", "0"), ("cl", "d"),
    ("vv", "w"), ("VV", "W"), ("e", "c"), ("S", "5"), ("s", "5"), ("B", "8"), ("g", "9"),
    ("g", "q"), ("Z", "2"), ("ri", "n"), ("li", "h"), ("h", "b"), ("u", "v"), ("t", "f"),
    ("i", "l"), ("a", "o"), ("n", "h"), ("E", "F"), ("C", "G"), ("nn", "m"), ("fi", "f1"),
)  # fmt: skip


@cache
def _confusion_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each source pattern with what it may be misread as, both directions."""
    table: dict[str, list[str]] = {}
    for a, b in OCR_CONFUSIONS:
        table.setdefault(a, []).append(b)
        table.setdefault(b, []).append(a)
    return tuple((k, tuple(v)) for k, v in table.items())


@register("ocr_errors")
@dataclass(frozen=True)
class OcrErrors(WordNoise):
    """Swaps look-alike characters as OCR does ("modern" -> "rnodern", "clear" -> "dear" is vetoed).

    Confusions (rn/m, l/1/I, O/0, cl/d, vv/w, e/c, S/5, B/8, ...) apply in
    both directions. Guards veto real-word results and entity, number and
    negation changes.
    """

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        gaps = edit_sites(word).gaps  # a look-alike replaces whole clusters only
        sites = [
            (i, source, targets)
            for source, targets in _confusion_table()
            for i in _find_all(word, source)
            if i in gaps and i + len(source) in gaps
        ]
        if not sites:
            return None
        i, source, targets = sites[int(rng.random() * len(sites))]
        target = targets[int(rng.random() * len(targets))]
        return word[:i] + target + word[i + len(source) :], self.name


def _find_all(word: str, pattern: str) -> list[int]:
    found = []
    i = word.find(pattern)
    while i >= 0:
        found.append(i)
        i = word.find(pattern, i + 1)
    return found
