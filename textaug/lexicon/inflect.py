"""Inflection for replacements: which Penn form a word is in, and the same form of another lemma.

Regular English rules (plural -s/-es/-ies, past -ed/-d/-ied, -ing with e-dropping,
comparative -er/-est or more/most) plus a table of what the rules get wrong for the
shipped WordNet's lemmas: irregular forms (child/children, buy/bought), doubled
consonants (stop/stopped), plurals equal to the singular, -er versus more/most, and the
forms whose reading the rules would guess wrong. The table is built once from
lemminflect (MIT; data from the SPECIALIST lexicon) by ``scripts/build_inflections.py``
into ``textaug/data/inflections_en.npz`` (notices in ``LICENSE-inflections.md`` there);
at run time only numpy is needed, so replacing a word does not pay lemminflect's import
of spaCy (0.6-2 s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from textaug.errors import ResourceError
from textaug.lexicon.stopwords import words

TABLE_PATH = Path(__file__).resolve().parents[1] / "data" / "inflections_en.npz"
TABLE_FORMAT = 1

PENN_UPOS = {"NN": "NOUN", "VB": "VERB", "JJ": "ADJ", "RB": "ADV"}
PENN_TAGS = {
    "NOUN": ("NN", "NNS"),
    "VERB": ("VB", "VBP", "VBZ", "VBD", "VBN", "VBG"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB", "RBR", "RBS"),
}
BASE_TAGS = frozenset({"NN", "VB", "VBP", "JJ", "RB"})
PERIPHRASTIC = {"JJR": "more", "RBR": "more", "JJS": "most", "RBS": "most"}
# After these a past-tense-looking verb is a participle ("has booked", "was booked").
PARTICIPLE_TRIGGERS = words(
    "have has had having 've 'd be is am are was were been being 's 're 'm get got gets"
)
# After these a bare verb is the infinitive VB ("to book", "can book"), not VBP.
INFINITIVE_TRIGGERS = words(
    "to can could may might must shall should will would 'll do does did n't not please "
    "let's lets let ca wo"
)

Forms = tuple[tuple[str, ...], ...]
"""Spellings of a lemma per Penn tag, in ``PENN_TAGS[upos]`` order; () = no one-word form."""

# --- regular rules -------------------------------------------------------------------

_VOWELS = frozenset("aeiou")
_SYLLABLE = re.compile(r"[aeiouy]+")


def _consonant_y(word: str) -> bool:
    return len(word) > 1 and word[-1] == "y" and word[-2] not in _VOWELS


def add_s(word: str) -> str:
    """Plural noun / third-person verb: box -> boxes, city -> cities, book -> books."""
    if _consonant_y(word):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def add_ed(word: str) -> str:
    """Regular past: reserve -> reserved, carry -> carried, book -> booked (never doubles)."""
    if word.endswith("e"):
        return word + "d"
    if _consonant_y(word):
        return word[:-1] + "ied"
    return word + "ed"


def add_ing(word: str) -> str:
    """Present participle: reserve -> reserving, tie -> tying, see -> seeing (never doubles)."""
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if len(word) > 2 and word.endswith("e") and not word.endswith(("ee", "oe", "ye")):
        return word[:-1] + "ing"
    return word + "ing"


def _syllables(word: str) -> int:
    """Rough syllable count: vowel groups, a final silent -e not counted (large, but simple)."""
    count = len(_SYLLABLE.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    return count


def add_er(word: str, suffix: str, upos: str) -> str | None:
    """Synthetic comparative/superlative (suffix "er"/"est") or None where more/most is used.

    One-syllable words and two-syllable words in consonant + y take the suffix
    (large -> larger, happy -> happiest); others and -ly adverbs take more/most.
    """
    if (upos == "ADV" and word.endswith("ly")) or " " in word or "-" in word:
        return None
    syllables = _syllables(word)
    if syllables > 2 or (syllables == 2 and not _consonant_y(word)):
        return None
    if word.endswith("e"):
        return word + suffix[1:]
    if _consonant_y(word):
        return word[:-1] + "i" + suffix
    return word + suffix


def regular_tags(word: str, upos: str, lemma: str) -> tuple[str, ...]:
    """Tags of ``upos`` whose rule-made spelling of ``lemma`` is ``word``."""
    forms = regular_forms(lemma, upos)
    return tuple(
        tag for tag, spelled in zip(PENN_TAGS[upos], forms, strict=True) if word in spelled
    )


def regular_forms(lemma: str, upos: str) -> Forms:
    """The rule-made spellings of a lowercase one-word lemma per Penn tag of ``upos``."""
    if upos == "NOUN":
        return ((lemma,), (add_s(lemma),))
    if upos == "VERB":
        past = (add_ed(lemma),)
        return ((lemma,), (lemma,), (add_s(lemma),), past, past, (add_ing(lemma),))
    if upos in ("ADJ", "ADV"):
        er, est = add_er(lemma, "er", upos), add_er(lemma, "est", upos)
        return ((lemma,), (er,) if er else (), (est,) if est else ())
    return ()


# Suffix stripping that undoes the rules above: (ending, replacement) per POS.
_UNDO: dict[str, tuple[tuple[str, str], ...]] = {
    "NOUN": (("ies", "y"), ("es", ""), ("s", "")),
    "VERB": (
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("d", ""),
        ("ying", "ie"),
        ("ing", ""),
        ("ing", "e"),
    ),
    "ADJ": (("ier", "y"), ("er", ""), ("r", ""), ("iest", "y"), ("est", ""), ("st", "")),
}
_UNDO["ADV"] = _UNDO["ADJ"]


# --- the table -----------------------------------------------------------------------


class InflectionTable:
    """Rules plus exceptions: ``forms`` per lemma and the Penn tags a word form can have.

    ``exceptions[upos][lemma][tag]`` replaces the rule-made spellings of that tag;
    ``readings[upos][form]`` replaces the rule-based guess of a form's tags.
    """

    def __init__(
        self,
        exceptions: Mapping[str, Mapping[str, Mapping[str, tuple[str, ...]]]],
        readings: Mapping[str, Mapping[str, tuple[str, ...]]],
    ) -> None:
        self.exceptions = exceptions
        self.readings = readings
        self.forms = lru_cache(maxsize=65536)(self._forms)
        self.tags_of = lru_cache(maxsize=65536)(self._tags_of)

    def _forms(self, lemma: str, upos: str) -> Forms:
        """Spellings per tag of a lowercase one-word lemma: the table's, else the rules'."""
        forms = regular_forms(lemma, upos)
        override = self.exceptions.get(upos, {}).get(lemma)
        if not override:
            return forms
        return tuple(
            override.get(tag, rule) for tag, rule in zip(PENN_TAGS[upos], forms, strict=True)
        )

    def lemma_tags(self, word: str, upos: str, lemma: str) -> tuple[str, ...]:
        """Tags of ``upos`` whose spellings of ``lemma`` include ``word``."""
        forms = self.forms(lemma, upos)
        return tuple(
            tag for tag, spelled in zip(PENN_TAGS[upos], forms, strict=True) if word in spelled
        )

    def guess_tags(self, word: str, upos: str, base: bool = True) -> tuple[str, ...]:
        """Tags by the rules: ``word`` as a form (the table's or a regular one) of a lemma
        the suffix rules recover ("casinos" of "casino"); failing that, with ``base``,
        as a form of itself ("sheep")."""
        found: set[str] = set()
        for ending, replacement in _UNDO[upos]:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                lemma = word[: len(word) - len(ending)] + replacement
                found.update(self.lemma_tags(word, upos, lemma))
                found.update(regular_tags(word, upos, lemma))
        if not found and base:
            found.update(self.lemma_tags(word, upos, word))
        return tuple(tag for tag in PENN_TAGS[upos] if tag in found)

    def _tags_of(self, word: str, upos: str, base: bool = True) -> tuple[str, ...]:
        """Every Penn tag of ``upos`` that ``word`` (lowercase) can be: the table's
        reading, else the rules' guess (``base``: the word may be its own lemma)."""
        known = self.readings.get(upos, {}).get(word)
        return known if known is not None else self.guess_tags(word, upos, base)


def _lines(blob: np.ndarray) -> Iterable[list[str]]:
    text = blob.tobytes().decode("utf-8")
    return (line.split("\t") for line in text.split("\n")) if text else ()


@cache
def load_table(path: str | Path = TABLE_PATH) -> InflectionTable:
    """The inflection table file (see ``scripts/build_inflections.py``), once per process.

    ``exceptions`` rows: ``UPOS lemma TAG=spelling|spelling ...``;
    ``readings`` rows: ``UPOS form TAG TAG ...`` (no tag: not a form of ``UPOS``).
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            version = int(data["format"])
            rows = list(_lines(data["exceptions"]))
            reading_rows = list(_lines(data["readings"]))
    except (OSError, KeyError, ValueError) as exc:
        raise ResourceError(
            f"cannot read inflection table {path}: {exc}. Rebuild it with: "
            "python scripts/build_inflections.py"
        ) from exc
    if version != TABLE_FORMAT:
        raise ResourceError(f"inflection table {path} has format {version}, need {TABLE_FORMAT}")
    exceptions: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {u: {} for u in PENN_TAGS}
    for upos, lemma, *cells in rows:
        exceptions[upos][lemma] = {
            tag: tuple(filter(None, spelled.split("|")))
            for tag, spelled in (cell.split("=") for cell in cells)
        }
    readings: dict[str, dict[str, tuple[str, ...]]] = {u: {} for u in PENN_TAGS}
    for upos, form, *tags in reading_rows:
        readings[upos][form] = tuple(tags)
    return InflectionTable(exceptions, readings)


# --- public API ----------------------------------------------------------------------


def form_of(
    word: str, upos: str, prev_word: str | None = None, lemma: str | None = None
) -> str | None:
    """Penn tag of ``word``'s form in ``upos`` (NN/NNS, VB..VBZ, JJ/JJR/JJS, RB/RBR/RBS).

    Ambiguous verb forms use ``prev_word``: VBN after have/be/get forms, else VBD;
    VB at the start or after to/modals/do, else VBP. The base form wins otherwise
    (NN for "sheep", JJ, RB). Words the table does not know are read by the suffix
    rules; None if no reading is found or ``upos`` is not NOUN/VERB/ADJ/ADV. Given
    ``lemma``, that lemma's forms count first ("saw" of "see" is VBD, not the VB of
    "saw"), and the word is never read as a lemma itself.
    """
    if upos not in PENN_TAGS or not word.strip():
        return None
    table = load_table()
    low = word.lower()
    own = lemma.lower() if lemma else None
    tags: tuple[str, ...] = ()
    if own and " " not in own:
        # the table's forms of the lemma, else its regular ones ("casinos": SPECIALIST
        # lists casino as uncountable), else the word's readings but not as its own lemma
        tags = table.lemma_tags(low, upos, own) or regular_tags(low, upos, own)
    tags = tags or table.tags_of(low, upos, own is None or own == low)
    if not tags:
        return None
    prev = prev_word.lower() if prev_word else None
    if "VBN" in tags and prev in PARTICIPLE_TRIGGERS:
        return "VBN"
    tags = tuple(t for t in tags if t != "VBN") if len(tags) > 1 else tags
    if "VB" in tags and "VBP" in tags:
        return "VB" if prev is None or prev in INFINITIVE_TRIGGERS else "VBP"
    return tags[0]


def _with_case_of(original: str, form: str) -> str:
    """``form`` (lowercase) cased like the lemma it came from: BOOK -> BOOKS, Book -> Books."""
    if original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _inflect_word(word: str, penn: str, upos: str) -> str | None:
    spelled = load_table().forms(word.lower(), upos)[PENN_TAGS[upos].index(penn)]
    if spelled:
        return _with_case_of(word, spelled[0])
    if penn in PERIPHRASTIC:
        return f"{PERIPHRASTIC[penn]} {word}"  # "more expensive", not "expensiver"
    return None


@lru_cache(maxsize=65536)
def inflect(lemma: str, penn: str) -> str | None:
    """The ``penn`` form of ``lemma``: ("reserve", "VBD") -> "reserved".

    Multi-word lemmas inflect their head: the first word of verbs ("looked up"),
    the last of nouns ("credit cards") unless a preposition follows the head ("points
    of view"); adjectives/adverbs take more/most.
    None if the tag is not a noun/verb/adjective/adverb tag or nothing is known.
    """
    upos = PENN_UPOS.get(penn[:2])
    if upos is None or penn not in PENN_TAGS[upos] or not lemma.strip():
        return None
    words = lemma.split()
    if len(words) == 1:
        return _inflect_word(words[0], penn, upos)
    if penn in BASE_TAGS:
        return " ".join(words)
    if upos in ("ADJ", "ADV"):
        return f"{PERIPHRASTIC[penn]} {' '.join(words)}"
    head = 0 if upos == "VERB" else _noun_head(words)
    new = _inflect_word(words[head], penn, upos)
    if new is None:
        return None
    return " ".join([*words[:head], new, *words[head + 1 :]])


_POSTMODIFIER_STARTS = frozenset({"of", "in", "by", "at", "on", "for", "to", "de"})


def _noun_head(words: list[str]) -> int:
    """The head of a multi-word noun: its last word, or the word before a preposition
    that starts a postmodifier ("points of view", "passers by", "mothers in law")."""
    for k, word in enumerate(words[1:], start=1):
        if word in _POSTMODIFIER_STARTS:
            return k - 1
    return len(words) - 1


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the casing pattern of ``original``.

    UPPER (two or more cased letters, all upper) -> upper; Title or a single capital
    ("Book", "I") -> first letter capitalised, the rest as given ("Look up");
    lower -> unchanged, so lexicon capitals survive ("Bible", "TV"); mixed -> unchanged.
    """
    if not original or not replacement:
        return replacement
    cased = [c for c in original if c.isalpha()]
    if len(cased) >= 2 and original.isupper():
        return replacement.upper()
    if original[0].isupper() and (len(cased) < 2 or original[1:].islower() or " " in original):
        return replacement[0].upper() + replacement[1:]
    return replacement
