"""Convert Penn Treebank tags to UD UPOS, following UD English-EWT's conventions.

Most Penn tags map to one UPOS. The ambiguous ones are resolved from the word and a
short look-ahead: auxiliaries (be, perfect have, do-support, modals), ``to``
(infinitive PART vs preposition ADP), ``IN`` (ADP vs SCONJ), demonstratives and
``WDT`` (DET before a noun, PRON otherwise), negation (PART), indefinite pronouns.
"""

from __future__ import annotations

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


def _is_punctuation(word: str) -> bool:
    return bool(word) and not any(ch.isalnum() for ch in word) and word not in {"%", "&", "+"}


def _convert_one(words: Sequence[str], xpos: Sequence[str], i: int) -> str:
    tag = xpos[i]
    word = words[i].lower().replace("\u2019", "'")
    nxt = xpos[i + 1] if i + 1 < len(xpos) else ""
    fixed = _WORD_FIXED.get(word)
    if fixed is not None:
        return fixed
    if word == "regards" and i > 0 and words[i - 1].lower() in _CLOSING:
        return "NOUN"  # "Best regards"
    if word == "both" and any(w.lower() == "and" for w in words[i + 2 : i + 8]):
        return "CCONJ"  # "both X and Y": UD's cc:preconj
    if tag in _PUNCT_TAGS or (tag not in {"SYM", "$", "#"} and _is_punctuation(word)):
        return "PUNCT"
    if word == "please" and tag.startswith("VB") and (i == 0 or xpos[i - 1] != "TO"):
        return "INTJ"
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
