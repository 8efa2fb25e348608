"""Feature templates of the tagger: what a word says about its own tag and its neighbours'.

Every feature depends on one word and on a *slot*, the word's offset from the word being
tagged (0, -1, +1, -2, +2). So the score contribution of a word in each slot can be
summed once per word type and cached; tagging a sentence is then a few array additions.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from textaug.lexicon.wordnet import DETACH_RULES

SLOTS: tuple[int, ...] = (0, -1, 1, -2, 2)
"""Offsets from the tagged word, in the order of the rows of a word's score block."""

BOS = "<s>"
EOS = "</s>"
PAD = 2
"""Sentence boundary pads on each side (the widest slot)."""

DIGITS = str.maketrans("0123456789", "0000000000")
"""Digits all read as 0 in features: "3:15" and "4:30" look alike."""


def shape(word: str) -> str:
    """Character-class shape with runs collapsed: ``Paris`` -> ``Xx``, ``3:15`` -> ``0:0``.

    Plain ASCII words, most of any text, are answered without the character loop.
    """
    if word.isascii() and word.isalpha():
        if word.islower():
            return "x"
        if word.isupper():
            return "X"
        if word[0].isupper() and word[1:].islower():
            return "Xx"
    return shape_by_characters(word)


def shape_by_characters(word: str) -> str:
    """:func:`shape` read one character at a time (the definition)."""
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


LEXICON_POS = "NVAR"
"""WordNet parts of speech in the order of the bits of a lexicon code."""


def _endings(rules: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, ...]]:
    """A part of speech's detachment rules as ending -> replacements (order kept)."""
    table: dict[str, tuple[str, ...]] = {}
    for old, new in rules:
        table[old] = (*table.get(old, ()), new)
    return table


_ENDINGS: tuple[tuple[int, dict[str, tuple[str, ...]], tuple[int, ...]], ...] = tuple(
    (1 << pos, _endings(rules), tuple(sorted({len(old) for old, _ in rules})))
    for pos, rules in enumerate(DETACH_RULES)
)
"""Per part of speech: its bit, its rules by ending, and the ending lengths to try."""
_LAST_LETTERS = frozenset(old[-1] for rules in DETACH_RULES for old, _new in rules)
"""Letters some detachment rule's ending ends with: other words are no inflection."""
_MAX_CACHED_CLASSES = 200_000


@functools.lru_cache(maxsize=256)
def _class_name(code: int) -> str:
    """A lexicon code as the class the features name: 1 | 2 | 16 -> "NV>N"."""
    lex = "".join(p for k, p in enumerate(LEXICON_POS) if code >> k & 1)
    top = code >> 4
    if top:
        lex += ">" + LEXICON_POS[top.bit_length() - 1]
    return lex


class WordClasses:
    """Parts of speech a dictionary allows for a word, as an extra per-word feature.

    ``lexicon`` maps WordNet lemmas (and irregular forms) to a bit set of their parts of
    speech (``LEXICON_POS``), plus ``16 << k`` for the part of speech with most tagged
    senses; regular inflections are found with WordNet's morphy rules (``DETACH_RULES``),
    so the table holds lemmas only.
    Function words are in it with code 0, so "he" is not helium (a noun) nor "his" one.
    It speaks for words the tagged training data never showed ("cleric", "hangout").
    """

    def __init__(self, lexicon: Mapping[str, int]) -> None:
        self.lexicon = lexicon
        self._of: dict[str, str] = {}

    def lexicon_code(self, low: str) -> int:
        """Bit set of the parts of speech WordNet allows for the lowercase form ``low``.

        A part of speech is allowed when any of its detachment rules whose ending
        ``low`` has gives a lemma of that part of speech; rules are looked up by the
        word's own endings rather than tried one by one.
        """
        get = self.lexicon.get
        code = get(low, -1)
        if code == 0:
            return 0
        code = max(code, 0)
        if low[-1:] not in _LAST_LETTERS:
            return code
        size = len(low)
        for bit, endings, lengths in _ENDINGS:
            if code & bit:
                continue
            for length in lengths:
                if size - length <= 1:
                    break  # the stem must keep two letters; longer endings leave less
                news = endings.get(low[size - length :])
                if news is None:
                    continue
                stem = low[: size - length]
                if any(get(stem + new, 0) & bit for new in news):
                    code |= bit
                    break
        return code

    def of(self, word: str) -> str:
        """The lexicon class of ``word``: "NV>N" = noun or verb, mostly a noun; "" = unknown.

        Cached per lowercase form: the tagger asks once for every new word type.
        """
        low = word.lower()
        found = self._of.get(low)
        if found is not None:
            return found
        lex = _class_name(self.lexicon_code(low))
        if len(self._of) >= _MAX_CACHED_CLASSES:
            self._of.clear()
        self._of[low] = lex
        return lex


def word_features(
    word: str, initial: bool = False, classes: WordClasses | None = None
) -> list[list[str]]:
    """Return the feature strings of ``word`` for each slot in ``SLOTS`` order.

    ``initial`` marks the sentence's first word, whose capital says little about it.
    ``classes`` adds the word's lexicon class, when the model has a lexicon.
    """
    if word in (BOS, EOS):
        return [[f"{slot}w={word}"] for slot in SLOTS]
    low = word.lower().translate(DIGITS)
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
    if low != word.translate(DIGITS):
        local.append("W=" + word.translate(DIGITS))  # case-sensitive form: "US" is not "us"
    near = ["w=" + low, "s2=" + suf2, "s3=" + suf3, "sh=" + shp]
    far = ["w=" + low, "s3=" + suf3]
    if classes is not None:
        lex = classes.of(word)
        local += ["L=" + lex, "Ls=" + lex + shp]  # only here: as a neighbour it was noise
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
