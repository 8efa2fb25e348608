"""Lemma frequency floor: drop replacement candidates a user would not write.

``word_frequency`` returns a Zipf-like score, ``log10(count per billion tokens)``,
from a lemma-level table (inflections summed) built from MASC and the UD English
train splits (~552k word tokens) plus WordNet's SemCor sense tag counts (~249k).
One occurrence in that ~801k-token base scores about 3.1; "the" scores 7.55;
unseen words score 0.0. Inflected input is mapped to its lemmas with morphy.

Multi-word lemmas ("credit card") use their own count when attested as a unit;
otherwise the rarest word's score minus ``MULTIWORD_PENALTY``, since an expression
never seen as a unit is rare even when its words are common ("christian bible").
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from textaug.errors import ResourceError
from textaug.lexicon.wordnet import POS_TO_UPOS, load_wordnet, normalize

FREQUENCY_PATH = Path(__file__).resolve().parents[1] / "data" / "frequency_en.npz"
DEFAULT_MIN_ZIPF = 3.5
"""Keeps words seen about 3+ times (reserve 4.9, quickly 5.1); drops ogdoad, commode, beantown."""
MULTIWORD_PENALTY = 2.0


@cache
def _table() -> tuple[dict[str, int], float]:
    """Lemma -> count, and log10(1e9 / total tokens); loaded once per process."""
    if not FREQUENCY_PATH.is_file():
        raise ResourceError(
            f"frequency table not found: {FREQUENCY_PATH}. Rebuild it with: "
            "python scripts/build_frequency.py --pos-dir ../shared/data/pos"
        )
    with np.load(FREQUENCY_PATH, allow_pickle=False) as z:
        keys = bytes(z["keys"]).decode("utf-8").split("\n")
        counts = dict(zip(keys, z["counts"].tolist(), strict=True))
        total = int(z["total"][0])
    return counts, math.log10(1e9 / total)


@cache
def _capitalised() -> frozenset[str]:
    """Lower-case words the corpora write Title-case inside sentences (see below)."""
    _table()  # the same file, with the same error if it is missing
    with np.load(FREQUENCY_PATH, allow_pickle=False) as z:
        if "capitalised" not in z.files:
            return frozenset()
        return frozenset(bytes(z["capitalised"]).decode("utf-8").split("\n"))


def often_capitalised(word: str) -> bool:
    """Whether ``word`` is written Title-case inside a sentence 30%+ of the time.

    Such words are often names ("John", "Delta", "March", "Amazon"); "Book" and
    "Play" are not. Counted over the same corpora as the frequencies, skipping all
    lower-case ones.
    """
    return word.lower() in _capitalised()


def _zipf(count: int, offset: float) -> float:
    return math.log10(count) + offset if count > 0 else 0.0


@lru_cache(maxsize=65536)
def word_frequency(word: str) -> float:
    """Zipf-like score of a word or lemma (see module doc); 0.0 when never seen."""
    key = normalize(word)
    if not key:
        return 0.0
    counts, offset = _table()
    wn = load_wordnet()
    # lemma-level: an inflected form scores as its most frequent lemma ("ran" as "run"),
    # the most counted of the key and its lemmas in any part of speech. Only a base form
    # that would raise the count is checked for being a lemma: most have no count at all.
    best = counts.get(key, 0)
    for pos in range(len(POS_TO_UPOS)):
        for base in wn._candidates(key, pos):
            count = counts.get(base, 0)
            if count > best and base and wn._is_lemma(base, pos):
                best = count
    if best:
        return _zipf(best, offset)
    if " " in key:
        rarest = min(word_frequency(part) for part in key.split(" "))
        return max(rarest - MULTIWORD_PENALTY, 0.0)
    return 0.0


def is_common(word: str, min_zipf: float = DEFAULT_MIN_ZIPF) -> bool:
    """Whether the word's frequency reaches the floor."""
    return word_frequency(word) >= min_zipf
