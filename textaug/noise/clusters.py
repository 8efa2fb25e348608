"""Where a character edit may happen in a word: between grapheme clusters, never inside one.

A letter with its combining marks ("e" + U+0301, a decomposed "é"), a consonant
with its vowel sign or virama conjunct ("क्ष"), an emoji with its skin tone is
one character to a reader. An edit inside one orphans the mark or moves it to
another letter ("Cafe ́", "crr̀me"), so every noise model asks :func:`edit_sites`
where it may insert, and which characters it may delete, replace or swap.

Clusters follow Unicode's extended grapheme clusters (UAX #29) closely enough
to err only towards fewer sites: marks (Mn, Mc, Me), zero-width (non-)joiners,
emoji modifiers and tags join the character before them, as do a pictograph
after a zero-width joiner, a letter after a virama and the parts of a Hangul
syllable.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

_ZWJ = "\u200d"
#: Characters besides marks that belong to the cluster before them: zero-width
#: non-joiner and joiner, emoji skin-tone modifiers, tag characters (flag
#: sequences), and the Thai and Lao vowel AM (spacing marks coded as letters).
_EXTEND = frozenset(
    "\u200c\u200d\u0e33\u0eb3"
    + "".join(map(chr, range(0x1F3FB, 0x1F400)))
    + "".join(map(chr, range(0xE0020, 0xE0080)))
)
_VIRAMA = 9  # canonical combining class of viramas
#: Conjoining Hangul jamo (leading, vowel, trailing), as decomposed (NFD) Korean is written.
_JAMO = ((0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF))


class Sites(NamedTuple):
    """Offsets in a word where an edit keeps every grapheme cluster whole."""

    #: offsets 0 to ``len(word)`` where a character may be inserted
    gaps: Sequence[int]
    #: the gaps strictly inside the word, where it may be split
    inner: Sequence[int]
    #: characters that are a cluster on their own: they may be deleted or replaced
    letters: Sequence[int]
    #: offsets ``i`` where the letters ``i`` and ``i + 1`` may be swapped
    pairs: Sequence[int]


@functools.lru_cache(maxsize=65_536)
def edit_sites(word: str) -> Sites:
    """Where ``word`` may be edited; every offset when it has no multi-character cluster.

    A letter (of :attr:`Sites.letters`) replaced by, or a character inserted at a
    gap from, another such letter joins no cluster: the neighbours of a gap never
    wait for a mark, a joiner's partner or a syllable's next part.

    >>> edit_sites("Cafe\u0301").letters  # "e" carries an accent: not a letter alone
    (0, 1, 2)
    >>> edit_sites("Cafe\u0301").gaps  # never between "e" and its accent
    (0, 1, 2, 3, 5)
    """
    n = len(word)
    if not word.isascii():
        gaps = tuple(p for p in range(n + 1) if _is_gap(word, p))
        if len(gaps) <= n:
            between = frozenset(gaps)
            letters = tuple(i for i in range(n) if i in between and i + 1 in between)
            pairs = tuple(i for i in letters if i + 2 in between)
            return Sites(gaps, tuple(p for p in gaps if 0 < p < n), letters, pairs)
    return Sites(range(n + 1), range(1, n), range(n), range(n - 1))


def _is_gap(word: str, p: int) -> bool:
    """Whether offset ``p`` lies between two clusters, and a letter put there would join neither."""
    if p < len(word) and (_joins(word, p) or _is_jamo(word[p])):
        return False
    if p > 0 and _is_jamo(word[p - 1]):
        return False
    return not _after_link(word, p)


def _joins(word: str, k: int) -> bool:
    """Whether ``word[k]`` belongs to the cluster of the character before it."""
    ch = word[k]
    category = unicodedata.category(ch)
    if category[0] == "M" or ch in _EXTEND:
        return True
    if category == "So":
        return k > 0 and word[k - 1] == _ZWJ  # an emoji zero-width-joiner sequence
    return category == "Lo" and _after_link(word, k)  # a consonant conjunct


def _after_link(word: str, p: int) -> bool:
    """Whether the marks just before offset ``p`` hold a virama or a zero-width joiner,
    which join the next letter or pictograph to their cluster."""
    for ch in reversed(word[:p]):
        if ch == _ZWJ or unicodedata.combining(ch) == _VIRAMA:
            return True
        if not (unicodedata.category(ch)[0] == "M" or ch in _EXTEND):
            return False
    return False


def _is_jamo(ch: str) -> bool:
    """Whether ``ch`` is a conjoining Hangul jamo, which joins its neighbours into a syllable."""
    cp = ord(ch)
    return any(low <= cp <= high for low, high in _JAMO)
