"""Convert Penn Treebank tags to UD UPOS, following UD English-EWT's conventions.

Most Penn tags map to one UPOS. The ambiguous ones are resolved from the word and a
short look-ahead: auxiliaries (be, perfect have, do-support, modals), ``to``
(infinitive PART vs preposition ADP), ``IN`` (ADP vs SCONJ), demonstratives and
``WDT`` (DET before a noun, PRON otherwise), negation (PART), indefinite pronouns.

MASC's tags come partly from a tagger whose slips are undone where the word's form or a
short context shows them: times and phone numbers (NN, Penn CD), titles and initials
("Mr./NN"), interjections ("lol/NN"), contractions split at a curly apostrophe
("didn ’ t" as three nouns), object relatives ("things that/IN you have").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_SIMPLE: dict[str, str] = {
    "CC": "CCONJ",
    "CD": "NUM",
    "EX": "PRON",
    "FW": "X",
    "JJ": "ADJ",
    "JJR": "ADJ",
    "JJS": "ADJ",
    "MD": "AUX",
    "NNP": "PROPN",
    "NNPS": "PROPN",
    "PDT": "DET",
    "POS": "PART",
    "PRP": "PRON",
    "PRP$": "PRON",
    "RBR": "ADV",
    "RBS": "ADV",
    "RP": "ADP",
    "UH": "INTJ",
    "WP": "PRON",
    "WP$": "PRON",
    "WRB": "ADV",
    "SYM": "SYM",
    "$": "SYM",
    "#": "SYM",
    "ADD": "PROPN",
    "GW": "X",
    "XX": "X",
    "AFX": "ADJ",
    "NFP": "PUNCT",
    "LS": "NUM",
}
_PUNCT_TAGS = frozenset(
    {
        ".",
        ",",
        ":",
        "''",
        "``",
        '"',
        "'",
        "(",
        ")",
        "-LRB-",
        "-RRB-",
        "LRB",
        "RRB",
        "-",
        "--",
        "...",
        "HYPH",
        ";",
        "/",
        "*",
    }
)
_BE = frozenset(
    {
        "be",
        "am",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "'m",
        "'re",
        "ai",
        "m",
        "re",
        "art",
        "r",
    }
)
_HAVE = frozenset({"have", "has", "had", "having", "'ve", "ve", "hav", "'d"})
_DO = frozenset({"do", "does", "did", "doin", "dose"})
_NEGATION = frozenset({"not", "n't", "nt", "n`t", "n’t"})
_DEMONSTRATIVE = frozenset({"this", "that", "these", "those"})
INDEFINITE_PRONOUNS = frozenset(
    {
        "something",
        "anything",
        "nothing",
        "everything",
        "someone",
        "anyone",
        "everyone",
        "noone",
        "somebody",
        "anybody",
        "nobody",
        "everybody",
        "none",
    }
)
"""Indefinite pronouns: Penn tags them NN, UD (EWT) PRON."""
_ALWAYS_SCONJ = frozenset(
    {
        "that",
        "if",
        "whether",
        "because",
        "although",
        "though",
        "unless",
        "whereas",
        "whilst",
        "cause",
        "cuz",
        "lest",
        "coz",
    }
)
_CLAUSE_SCONJ = frozenset(
    {
        "while",
        "since",
        "until",
        "till",
        "before",
        "after",
        "once",
        "as",
        "like",
        "so",
        "than",
    }
)
_WORD_FIXED: dict[str, str] = {
    "i": "PRON",
    "/": "SYM",
    "%": "SYM",
    "+": "SYM",
    "etc": "NOUN",
    "etc.": "NOUN",
}
"""Words MASC tags inconsistently or unlike EWT (lowercase ``i`` as NNP, ``%`` as NN, ...)."""
_PAIRED = {"both": "and", "either": "or", "neither": "nor"}
"""Openers of paired conjunctions ("either X or Y"): UD tags them CCONJ (cc:preconj)."""
_INTERJECTIONS = frozenset(
    {
        "ah",
        "bye",
        "haha",
        "hahaha",
        "hello",
        "hey",
        "hi",
        "hm",
        "hmm",
        "huh",
        "lol",
        "oh",
        "omg",
        "oops",
        "ugh",
        "uh",
        "um",
        "umm",
        "wow",
        "yay",
        "yea",
        "yeah",
        "yep",
        "yup",
    }
)
"""Interjections MASC's tagger often tags as nouns ("lol/NN", "Hmm/NNP")."""
_ORDINALS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
)
_DIGIT_ORDINAL = re.compile(r"\d*(?:1st|2nd|3rd|[04-9]th|1[1-3]th)")
_NUMBER = re.compile(r"\d+(?:[:.,/-]\d+)+")
"""Digits with separators: times, dates, phone numbers ("5:30", "713-853-5620")."""
_ABBREVIATION = re.compile(r"[A-Z][A-Za-z]{0,3}\.")
"""Capitalised abbreviations: titles, initials, company suffixes ("Mr.", "A.", "Inc.")."""
_FILE_NAME = re.compile(r"[\w-]+\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|gif|png|html?|txt|zip|csv)", re.I)
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "abu", "bint"})
"""Lowercase particles inside Arabic names ("al - Sadr"): part of the name, PROPN."""
_APOSTROPHES = frozenset({"'", "\u2019"})
_CONTRACTED_AUX = frozenset({"m", "re", "ve", "ll", "d"})
_INTRANSITIVE = frozenset(
    {
        "above",
        "across",
        "along",
        "around",
        "before",
        "behind",
        "below",
        "beneath",
        "beyond",
        "inside",
        "near",
        "outside",
        "over",
        "through",
        "throughout",
        "underneath",
    }
)
"""Prepositions that stand alone as adverbs ("the day before ."); UD: ADV, Penn RB."""
_CLOSING = frozenset({"best", "kind", "kindest", "warm", "warmest", "with", "warmly"})
_NOMINAL = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "JJR", "JJS", "CD", "VBG"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_ADVERBIAL = frozenset({"RB", "RBR", "RBS"})


def _next_tags(xpos: Sequence[str], i: int, limit: int) -> Sequence[str]:
    return xpos[i + 1 : i + 1 + limit]


def _have_is_aux(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """Perfect ``have``: a past participle follows, maybe after adverbs or a subject pronoun."""
    for tag in _next_tags(xpos, i, 4):
        if tag == "VBN" or (tag == "VBD" and xpos[i] != "VBD"):
            return True
        if tag not in _ADVERBIAL and tag not in {"PRP", "EX"}:
            return False
    return False


def _do_is_aux(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """Do-support: a bare verb follows before the clause ends (``did you see``, ``don't go``)."""
    if xpos[i] in {"VBN", "VBG"}:
        return False
    between_subject = True  # only adverbs and a subject pronoun so far
    for tag, word in zip(_next_tags(xpos, i, 5), words[i + 1 : i + 6], strict=False):
        if tag == "VB":
            return True
        if tag == "VBP" and between_subject and word.lower() not in _BE:
            return True  # "we do have": MASC's tagger reads the bare verb as VBP
        between_subject = between_subject and (tag in _ADVERBIAL or tag in {"PRP", "EX"})
        if tag in {"VBD", "VBZ", "VBP", "VBN", "MD", "IN", "TO", "CC"} or tag in _PUNCT_TAGS:
            return False
    return False


def _in_is_sconj(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """A subordinator introducing a clause: ``if``, ``for`` + gerund, ``since`` + clause."""
    word = words[i].lower()
    if word in _ALWAYS_SCONJ:
        return True
    following = _next_tags(xpos, i, 4)
    if not following:
        return False
    if following[0] == "VBG":
        return True
    if word not in _CLAUSE_SCONJ:
        return False
    if word == "so":
        return True
    # A clause: subject (pronoun, determiner phrase, name) then a finite verb.
    for tag in following:
        if tag in _FINITE:
            return True
        if tag not in {"PRP", "EX", "DT", "NN", "NNS", "NNP", "NNPS", "JJ", "PRP$", "CD", "RB"}:
            return False
    return False


def _opens_paired_conjunction(words: Sequence[str], i: int) -> bool:
    """``both``/``either``/``neither`` whose partner (and/or/nor) follows within a few words."""
    partner = _PAIRED.get(words[i].lower())
    return partner is not None and any(w.lower() == partner for w in words[i + 2 : i + 8])


def _contraction_tag(words: Sequence[str], xpos: Sequence[str], i: int) -> str | None:
    """The UPOS of a piece of a contraction split at an apostrophe ("didn ’ t", "Kong ’ s",
    "I ’ m"), which MASC's tagger tags as nouns; None if the word is no such piece."""
    if i + 2 < len(words) and words[i + 1] in _APOSTROPHES and words[i + 2].lower() == "t":
        return "AUX"  # didn ’ t
    if i < 2 or words[i - 1] not in _APOSTROPHES or not words[i - 2][:1].isalpha():
        return None
    low, host = words[i].lower(), words[i - 2].lower()
    if low == "t":
        return "PART"
    if low in _CONTRACTED_AUX:
        return "AUX"
    if low != "s":
        return None
    if host == "let":
        return "PRON"
    possessive = xpos[i - 2] in {"NN", "NNS", "NNP", "NNPS", "CD"} and host not in _DEMONSTRATIVE
    return "PART" if possessive else "AUX"


def _is_range_dash(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """A dash between two numbers ("1:30 - 2:30"): UD reads it as "to", a SYM."""
    return (
        words[i] in {"-", "\u2013", "--"}
        and 0 < i < len(words) - 1
        and xpos[i - 1] == "CD"
        and xpos[i + 1] == "CD"
    )


def _form_tag(form: str, tag: str) -> str | None:
    """The UPOS that the word's form shows where MASC's tagger slipped, or None."""
    if tag == "CD" and _DIGIT_ORDINAL.fullmatch(form):
        return "NOUN"  # a day of the month, "on the 4th": EWT NN
    if tag[:2] in {"NN", "JJ"} and _NUMBER.fullmatch(form):
        return "NUM"  # "5:30", "713-853-5620": Penn CD
    if tag in {"NN", "NNS"} and _ABBREVIATION.fullmatch(form):
        return "PROPN"  # "Mr.", "Inc.", "A.": Penn NNP
    if tag in {"NNP", "NNPS"} and _FILE_NAME.fullmatch(form):
        return "NOUN"  # "CrudeStocks.pdf": a common noun in EWT
    return None


def _is_name_particle(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """A lowercase name particle before a hyphen or a capitalised word ("al - Qaida")."""
    return (
        xpos[i].startswith("NN")
        and words[i].lower() in _NAME_PARTICLES
        and i + 1 < len(words)
        and (words[i + 1] == "-" or words[i + 1][:1].isupper())
    )


def _right_is_adverb(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """``right`` before a place or time ("right after", "right there"), not "the right to"."""
    return (
        xpos[i] in {"NN", "JJ"}
        and (i == 0 or xpos[i - 1] not in {"DT", "PRP$", "POS", "JJ", "JJR", "JJS", "CD"})
        and i + 1 < len(words)
        and xpos[i + 1] in {"IN", "RB", "RP"}
        and words[i + 1].lower() != "of"
    )


def _has_no_object(words: Sequence[str], xpos: Sequence[str], i: int) -> bool:
    """Nothing a preposition could govern follows: its clause ends or another begins."""
    if i + 1 == len(words):
        return True
    return _is_punctuation(words[i + 1]) or xpos[i + 1] in {"CC", "MD", "VBZ", "VBD", "VBP"}


def _is_punctuation(word: str) -> bool:
    return bool(word) and not any(ch.isalnum() for ch in word) and word not in {"%", "&", "+"}


def _convert_one(words: Sequence[str], xpos: Sequence[str], i: int) -> str:
    tag = xpos[i]
    word = words[i].lower().replace("\u2019", "'")
    nxt = xpos[i + 1] if i + 1 < len(xpos) else ""
    contracted = _contraction_tag(words, xpos, i)
    if contracted is not None:
        return contracted
    fixed = _WORD_FIXED.get(word)
    if fixed is not None:
        return fixed
    if word == "regards" and i > 0 and words[i - 1].lower() in _CLOSING:
        return "NOUN"  # "Best regards"
    if _opens_paired_conjunction(words, i):
        return "CCONJ"  # "both X and Y": UD's cc:preconj
    if word in _INTERJECTIONS and tag.startswith("NN"):
        return "INTJ"
    if _is_range_dash(words, xpos, i):
        return "SYM"
    if tag in _PUNCT_TAGS or (tag not in {"SYM", "$", "#"} and _is_punctuation(word)):
        return "PUNCT"
    if word == "please" and tag.startswith("VB") and (i == 0 or xpos[i - 1] != "TO"):
        return "INTJ"
    by_form = _form_tag(words[i], tag)
    if by_form is not None:
        return by_form
    if word in _ORDINALS and tag in {"CD", "LS"}:
        return "ADV" if i == 0 and nxt == "," else "ADJ"  # "the first/ADJ time", "First/ADV ,"
    if _is_name_particle(words, xpos, i):
        return "PROPN"
    if word == "dear" and tag == "RB":
        return "ADJ"  # "Dear Sir": Penn JJ
    if word == "such" and tag == "JJ" and nxt == "DT":
        return "DET"  # "such a day": Penn PDT
    if word == "right" and _right_is_adverb(words, xpos, i):
        return "ADV"  # UD: ADV when it modifies a place or time
    if tag.startswith("VB"):
        if word in _BE and i > 0 and xpos[i - 1] == "EX":
            return "VERB"  # existential "there is": UD makes be the main verb
        if word in _BE:
            return "AUX"
        if word in {"'s", "s"} and tag == "VBZ" and not _have_is_aux(words, xpos, i):
            return "AUX"  # 's = is
        if word in _HAVE or word == "'s":
            return "AUX" if _have_is_aux(words, xpos, i) else "VERB"
        if word in _DO:
            return "AUX" if _do_is_aux(words, xpos, i) else "VERB"
        return "VERB"
    if word in {"am", "pm", "a.m.", "p.m."} and tag.startswith("NN"):
        return "NOUN"  # UD: times of day are common nouns
    if tag in {"NN", "NNS"}:
        return "PRON" if word in INDEFINITE_PRONOUNS else "NOUN"
    if tag == "RB":
        return "PART" if word in _NEGATION else "ADV"
    if tag == "TO":
        j = i + 1
        while j < len(xpos) and xpos[j] in _ADVERBIAL:
            j += 1
        return "PART" if j < len(xpos) and xpos[j] == "VB" else "ADP"
    if tag == "IN" and word in _INTRANSITIVE and _has_no_object(words, xpos, i):
        return "ADV"  # "the day before ."
    if tag == "IN" and word == "that" and i > 0 and xpos[i - 1] in {"NN", "NNS"} and nxt == "PRP":
        return "PRON"  # object relative "the things that you have": Penn WDT
    if tag == "IN":
        if word in {"about", "around"} and nxt == "CD":
            return "ADV"  # "about 5": approximately
        if word == "so" and (i + 1 == len(words) or words[i + 1].lower() != "that"):
            return "ADV"  # connective "so": UD makes only "so that" a subordinator
        return "SCONJ" if _in_is_sconj(words, xpos, i) else "ADP"
    if tag == "DT":
        if word in _DEMONSTRATIVE and nxt not in _NOMINAL and nxt not in {"RB", "RBS", "DT"}:
            return "PRON"
        return "DET"
    if tag == "WDT":
        return "DET" if word != "that" and nxt in _NOMINAL else "PRON"
    if tag in _SIMPLE:
        return _SIMPLE[tag]
    return "X"


def penn_to_upos(words: Sequence[str], xpos: Sequence[str]) -> list[str]:
    """Return the UPOS tags of one sentence given its words and Penn Treebank tags."""
    return [_convert_one(words, xpos, i) for i in range(len(words))]
