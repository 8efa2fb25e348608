"""WordNet synonym replacement with the right part of speech, form and case, offline.

"I want to book a flight" can become "I want to reserve a flight", never
"volume a flight": candidates come only from the synsets of the word's part
of speech in context (the tagger's UPOS), the most frequent senses first. The
shared base (:class:`~textaug.synonyms.replace.WordReplacement`) re-inflects
("agrees" -> "concurs"), matches case and drops antonyms and rare words.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textaug.errors import ConfigError, ResourceError
from textaug.lexicon.wordnet import load_wordnet
from textaug.registry import register
from textaug.synonyms.replace import WordReplacement

if TYPE_CHECKING:
    from textaug.lexicon.wordnet import WordNet

SOURCES = ("builtin", "nltk")


@register("wordnet_synonyms")
@dataclass(frozen=True)
class WordNetSynonyms(WordReplacement):
    """Replaces content words by WordNet synonyms of their part of speech in context.

    ``source`` is "builtin" (the compiled WordNet shipped with textaug, no
    NLTK), "nltk" (NLTK's installed WordNet corpus) or a compiled ``.npz``
    path; ``max_senses`` keeps only the word's N most frequent senses;
    ``min_score`` drops synonyms that share only the word's rare senses ("music"
    -> "medicine", "song" -> "strain", "bar" -> "measure"; the score is
    :meth:`WordNet.synonyms`'s). The default 0.15 keeps "book" -> "reserve" (0.17);
    below it, a read of SNIPS replacements found nearly all in another sense;
    ``top_k`` is how many of the best usable synonyms a replacement is drawn from.
    """

    source: str = "builtin"
    max_senses: int | None = None
    min_score: float = 0.15
    top_k: int = 5

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.source not in SOURCES and not self.source.endswith(".npz"):
            raise ConfigError(
                f"{self.name}: source must be 'builtin', 'nltk' or a compiled .npz lexicon, "
                f"got {self.source!r}"
            )
        if self.source.endswith(".npz") and not Path(self.source).is_file():
            raise ResourceError(f"{self.name}: compiled WordNet lexicon not found: {self.source}")
        if self.source == "nltk" and importlib.util.find_spec("nltk") is None:
            from textaug.lexicon.wordnet import NLTK_HELP

            raise ResourceError(f"{self.name}: source='nltk' needs NLTK. {NLTK_HELP}")
        if self.max_senses is not None and self.max_senses < 1:
            raise ConfigError(
                f"{self.name}: max_senses must be >= 1 or None, got {self.max_senses}"
            )
        if self.min_score < 0:
            raise ConfigError(f"{self.name}: min_score must be >= 0, got {self.min_score}")
        if self.top_k < 1:
            raise ConfigError(f"{self.name}: top_k must be >= 1, got {self.top_k}")

    def lexicon(self) -> WordNet:
        """The WordNet of ``source`` (NLTK's raises ResourceError with the fix if missing)."""
        return load_wordnet(self.source)  # a path: resolved against the current directory

    def top(self) -> int:
        return self.top_k

    def candidates(self, lemma: str, upos: str) -> Sequence[str]:
        """Synonyms from the lemma's synsets of ``upos``, most frequent senses first."""
        ranked = self.lexicon().synonyms(lemma, upos, self.max_senses)
        return [name for name, score in ranked if score >= self.min_score]
