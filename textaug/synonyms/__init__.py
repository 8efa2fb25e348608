"""Synonym replacement that keeps part of speech, inflection and case.

Importing this package registers ``wordnet_synonyms`` and loads nothing heavy:
the lexicon, tagger and inflection tables load on first use.
"""

from __future__ import annotations

from textaug.synonyms.embeddings import EmbeddingNeighbours
from textaug.synonyms.replace import WordReplacement
from textaug.synonyms.wordnet import WordNetSynonyms

__all__ = ["EmbeddingNeighbours", "WordNetSynonyms", "WordReplacement"]
