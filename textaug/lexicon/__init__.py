"""Offline English lexicon: compiled WordNet, word frequencies, inflection, stopwords.

Importing this package loads nothing heavy (no NLTK, no spaCy, no lemminflect);
the compiled data files load on first use.
"""

from __future__ import annotations

from textaug.lexicon.frequency import DEFAULT_MIN_ZIPF, is_common, word_frequency
from textaug.lexicon.inflect import form_of, inflect, match_case
from textaug.lexicon.stopwords import NEGATIONS, STOPWORDS
from textaug.lexicon.wordnet import WordNet, load_wordnet

__all__ = [
    "DEFAULT_MIN_ZIPF",
    "NEGATIONS",
    "STOPWORDS",
    "WordNet",
    "form_of",
    "inflect",
    "is_common",
    "load_wordnet",
    "match_case",
    "word_frequency",
]
