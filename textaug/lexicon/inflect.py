"""Inflection for replacements: which Penn form a word is in, and the same form of another lemma.

Backed by ``lemminflect`` (MIT). It is imported on first use only: the import and its
data load cost ~0.6 s, which code that never inflects should not pay.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from textaug.lexicon.stopwords import words

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


def _lemminflect() -> Any:
    """The lemminflect module, imported lazily."""
    import lemminflect

    return lemminflect


def _forms(lemma: str, upos: str) -> dict[str, tuple[str, ...]]:
    """Penn tag -> forms of the lemma from lemminflect's dictionary (VBN always filled)."""
    lib = _lemminflect()
    forms: dict[str, tuple[str, ...]] = dict(lib.getAllInflections(lemma, upos=upos))
    if not forms:  # out of vocabulary: lemminflect's suffix rules
        for tag in PENN_TAGS[upos]:
            forms[tag] = tuple(lib.getInflection(lemma, tag, inflect_oov=True))
    if upos == "VERB" and "VBN" not in forms:
        forms["VBN"] = tuple(lib.getInflection(lemma, "VBN", inflect_oov=True))
    return forms


@lru_cache(maxsize=65536)
def _candidate_tags(word: str, upos: str) -> tuple[str, ...]:
    """Every Penn tag of ``upos`` whose form of some lemma of ``word`` is ``word``."""
    lib = _lemminflect()
    lemmas = lib.getAllLemmas(word, upos=upos).get(upos) or lib.getAllLemmasOOV(
        word, upos=upos
    ).get(upos, ())
    found: set[str] = set()
    for lemma in lemmas:
        forms = _forms(lemma, upos)
        found.update(tag for tag, words in forms.items() if word in words)
    return tuple(tag for tag in PENN_TAGS[upos] if tag in found)


@lru_cache(maxsize=65536)
def _lemma_tags(word: str, upos: str, lemma: str) -> tuple[str, ...]:
    """Every Penn tag of ``upos`` whose form of ``lemma`` is ``word``."""
    forms = _forms(lemma, upos)
    return tuple(tag for tag in PENN_TAGS[upos] if word in forms.get(tag, ()))


def form_of(
    word: str, upos: str, prev_word: str | None = None, lemma: str | None = None
) -> str | None:
    """Penn tag of ``word``'s form in ``upos`` (NN/NNS, VB..VBZ, JJ/JJR/JJS, RB/RBR/RBS).

    Ambiguous verb forms use ``prev_word``: VBN after have/be/get forms, else VBD;
    VB at the start or after to/modals/do, else VBP. The base form wins otherwise
    (NN for "sheep", JJ, RB). Out-of-vocabulary words go through lemminflect's suffix
    rules; None if no lemma is found or ``upos`` is not NOUN/VERB/ADJ/ADV. Given
    ``lemma``, only that lemma's forms count ("saw" of "see" is VBD, not the VB of "saw").
    """
    if upos not in PENN_TAGS or not word.strip():
        return None
    tags = _lemma_tags(word.lower(), upos, lemma.lower()) if lemma else ()
    tags = tags or _candidate_tags(word.lower(), upos)
    if not tags:
        return None
    prev = prev_word.lower() if prev_word else None
    if "VBN" in tags and prev in PARTICIPLE_TRIGGERS:
        return "VBN"
    tags = tuple(t for t in tags if t != "VBN") if len(tags) > 1 else tags
    if "VB" in tags and "VBP" in tags:
        return "VB" if prev is None or prev in INFINITIVE_TRIGGERS else "VBP"
    return tags[0]


def _inflect_word(word: str, penn: str, upos: str) -> str | None:
    lib = _lemminflect()
    if upos in ("ADJ", "ADV") and penn in PERIPHRASTIC:
        dictionary = _forms(word.lower(), upos).get(penn)
        if dictionary:
            return str(dictionary[0])
        return f"{PERIPHRASTIC[penn]} {word}"  # "more expensive", not "expensiver"
    forms = lib.getInflection(word, penn, inflect_oov=True)
    return str(forms[0]) if forms else None


@lru_cache(maxsize=65536)
def inflect(lemma: str, penn: str) -> str | None:
    """The ``penn`` form of ``lemma``: ("reserve", "VBD") -> "reserved".

    Multi-word lemmas inflect their head: the first word of verbs ("looked up"),
    the last of nouns ("credit cards"); adjectives/adverbs take more/most.
    None if the tag is not a noun/verb/adjective/adverb tag or nothing is known.
    """
    upos = PENN_UPOS.get(penn[:2])
    if upos is None or penn not in PENN_TAGS[upos] or not lemma.strip():
        return None
    words = lemma.split()
    if len(words) == 1:
        return _inflect_word(lemma, penn, upos)
    if penn in BASE_TAGS:
        return " ".join(words)
    if upos in ("ADJ", "ADV"):
        return f"{PERIPHRASTIC[penn]} {' '.join(words)}"
    head = 0 if upos == "VERB" else len(words) - 1
    new = _inflect_word(words[head], penn, upos)
    if new is None:
        return None
    return " ".join([*words[:head], new, *words[head + 1 :]])


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
