"""Feature templates of the tagger: what a word says about its own tag and its neighbours'.

Every feature depends on one word and on a *slot*, the word's offset from the word being
tagged (0, -1, +1, -2, +2). So the score contribution of a word in each slot can be
summed once per word type and cached; tagging a sentence is then a few array additions.
"""

from __future__ import annotations

SLOTS: tuple[int, ...] = (0, -1, 1, -2, 2)
"""Offsets from the tagged word, in the order of the rows of a word's score block."""

BOS = "<s>"
EOS = "</s>"
PAD = 2
"""Sentence boundary pads on each side (the widest slot)."""

_DIGITS = str.maketrans("0123456789", "0000000000")


def shape(word: str) -> str:
    """Character-class shape with runs collapsed: ``Paris`` -> ``Xx``, ``3:15`` -> ``0:0``."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            cls = "X"
        elif ch.islower():
            cls = "x"
        elif ch.isdigit():
            cls = "0"
        else:
            cls = ch
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out[:6])


def word_features(word: str, initial: bool = False) -> list[list[str]]:
    """Return the feature strings of ``word`` for each slot in ``SLOTS`` order.

    ``initial`` marks the sentence's first word, whose capital says little about it.
    """
    if word in (BOS, EOS):
        return [[f"{slot}w={word}"] for slot in SLOTS]
    low = word.lower().translate(_DIGITS)
    shp = ("^" if initial else "") + shape(word)
    suf2, suf3 = low[-2:], low[-3:]
    local = [
        "b",
        "w=" + low,
        "s1=" + low[-1:],
        "s2=" + suf2,
        "s3=" + suf3,
        "s4=" + low[-4:],
        "p1=" + low[:1],
        "p3=" + low[:3],
        "sh=" + shp,
        "sl=" + shp + suf3,
    ]
    if low != word.translate(_DIGITS):
        local.append("W=" + word.translate(_DIGITS))  # case-sensitive form: "US" is not "us"
    near = ["w=" + low, "s2=" + suf2, "s3=" + suf3, "sh=" + shp]
    far = ["w=" + low, "s3=" + suf3]
    return [
        local,
        ["-1" + f for f in near],
        ["+1" + f for f in near],
        ["-2" + f for f in far],
        ["+2" + f for f in far],
    ]


N_TAG_VALUES = 18
"""Values a neighbour's first-pass tag can take: the 17 UPOS ids, then 17 = sentence boundary."""
BOUNDARY_TAG = 17
CONTEXT_SIZE = 4 * N_TAG_VALUES + N_TAG_VALUES * N_TAG_VALUES
"""Rows of the second pass's tag-context table: one block of 18 rows for each neighbour
tag at offsets -1, +1, -2, +2, then 18 x 18 rows for the (-1, +1) tag pair."""


def context_rows(prev1: int, next1: int, prev2: int, next2: int) -> tuple[int, ...]:
    """Rows of the tag-context table that fire for a word with these neighbour tags."""
    n = N_TAG_VALUES
    return (prev1, n + next1, 2 * n + prev2, 3 * n + next2, 4 * n + prev1 * n + next1)
