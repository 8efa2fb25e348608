"""Embedding-neighbour replacement: swap content words for close words in a vector space.

Raw nearest neighbours are often wrong replacements: "cheap" sits next to
"expensive", "flight" next to "flights" and "boston". A neighbour is used only if
it is close enough (``min_similarity``), optionally a mutual neighbour (the word
is among *its* ``top_k`` too), has the word's part of speech in WordNet, and is
not a WordNet antonym (checked both ways, on lemmas), another form or spelling of
the word (same lemma, one a prefix of the other, edit distance 1), a stopword, a
negation or a rare word. A command's opening verb that the tagger calls a noun
("Turn the volume up") is left alone: its noun senses would give "Twist the
volume up". The shared base
(:class:`~textaug.synonyms.replace.WordReplacement`) tags the sentence, skips
entities, numbers and negations, re-inflects and matches case, and edits by
character offset so spans stay exact.

The built-in vectors load with numpy alone (no gensim, no download); any
word2vec, GloVe or fastText file works too (see :mod:`textaug.synonyms.vectors`
for which formats are safe to take from strangers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textaug.augmenter import Context
from textaug.errors import ConfigError, ResourceError
from textaug.record import Record
from textaug.registry import register
from textaug.synonyms.replace import WordReplacement
from textaug.synonyms.vectors import FORMATS, WordVectors, guess_format, load_vectors
from textaug.tokens import Token

if TYPE_CHECKING:
    from textaug.lexicon.wordnet import WordNet


@register("embedding_neighbours")
@dataclass(frozen=True)
class EmbeddingNeighbours(WordReplacement):
    """Replaces content words by their nearest neighbours in word-vector space.

    ``vectors`` is "builtin" (compact vectors shipped with textaug) or a vectors
    file; ``format`` names its format when the extension does not (gensim's
    pickle-based ``.kv`` is loaded only with ``format="gensim"``); ``top_k``
    neighbours are considered, those with cosine >= ``min_similarity``;
    ``mutual`` keeps only neighbours that have the word among their own ``top_k``;
    ``require_synonym`` (default) keeps only neighbours that share one of the word's
    ``max_senses`` most frequent WordNet synsets in its part of speech, so the
    vectors rank what the data supports while WordNet vouches for the meaning. Turn it off for
    more varied, less precise neighbours (in-domain vectors, jargon, misspellings).
    To use vectors trained on your data, call
    :func:`textaug.synonyms.vectors.train_vectors`, ``.save("my.npz")`` and pass the path.
    """

    vectors: str = "builtin"
    format: str | None = None
    top_k: int = 50
    min_similarity: float = 0.35
    mutual: bool = False
    require_synonym: bool = True
    max_senses: int | None = 1

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.format is not None and self.format not in FORMATS:
            raise ConfigError(
                f"{self.name}: format must be one of {', '.join(FORMATS)}, got {self.format!r}"
            )
        if self.top_k < 1:
            raise ConfigError(f"{self.name}: top_k must be >= 1, got {self.top_k}")
        if not -1.0 <= self.min_similarity <= 1.0:
            raise ConfigError(
                f"{self.name}: min_similarity must be between -1 and 1, got {self.min_similarity}"
            )
        if self.vectors != "builtin":
            path = Path(self.vectors).expanduser()
            if not path.is_file():
                raise ResourceError(f"{self.name}: vectors file not found: {path}")
            if self.format is None:
                guess_format(path)  # refuses pickle formats now, not mid-run

    def _eligible(
        self, record: Record, tokens: Sequence[Token], tags: Sequence[str], ctx: Context
    ) -> list[int]:
        """The base's eligible words minus the future auxiliary "going (to)" and verbs
        the tagger calls nouns (:func:`verb_tagged_as_noun`: "Turn the volume up" must
        not become "Twist the volume up")."""
        found = super()._eligible(record, tokens, tags, ctx)
        after = [t.text.lower() for t in tokens[1:]] + [""]
        wn = self.lexicon()
        return [
            i
            for i in found
            if not (tokens[i].text.lower() == "going" and after[i] == "to")
            and not (tags[i] == "NOUN" and verb_tagged_as_noun(tokens, tags, i, wn))
        ]

    def word_vectors(self) -> WordVectors:
        """The vectors this augmenter reads, loaded once per process."""
        return load_vectors(self.vectors, self.format)

    def candidates(self, lemma: str, upos: str) -> Sequence[str]:
        """Neighbour lemmas of ``lemma`` that WordNet knows in ``upos``, closest first."""
        vectors = self.word_vectors()
        wn = self.lexicon()
        blocked = {a.lower() for a in wn.antonyms(lemma, upos)}
        synonyms = (
            {name.lower() for name, _ in wn.synonyms(lemma, upos, self.max_senses)}
            if self.require_synonym
            else None
        )
        found: list[str] = []
        for neighbour, _score in vectors.neighbours(lemma, self.top_k, self.min_similarity):
            word = neighbour.lower()
            if upos not in wn.pos_of(word) and not wn.lemmatize(word, upos):
                continue  # another part of speech ("expensive" for "flight")
            lemmas = wn.lemmatize(word, upos)
            base = lemmas[0] if lemmas else word
            if synonyms is not None and word not in synonyms and base not in synonyms:
                continue
            if base in found or lemma in lemmas or base in blocked or word in blocked:
                continue
            if lemma in {a.lower() for a in wn.antonyms(base, upos)}:
                continue  # antonymy recorded on the other side only
            if same_word(lemma, base) or same_word(lemma, word):
                continue
            if self.mutual and not self._is_mutual(vectors, lemma, neighbour):
                continue
            found.append(base)
        return found

    def _is_mutual(self, vectors: WordVectors, lemma: str, neighbour: str) -> bool:
        back = vectors.neighbours(neighbour, self.top_k, self.min_similarity)
        return any(w.lower() == lemma for w, _ in back)


_CLAUSE_START = frozenset({"please", ",", ";", ":", ".", "!", "?", "and", "then"})


def verb_tagged_as_noun(tokens: Sequence[Token], tags: Sequence[str], i: int, wn: WordNet) -> bool:
    """Whether the "noun" at ``i`` is really a verb, as the tagger gets imperatives wrong.

    Commands start with a bare verb the tagger often reads as a noun ("Turn the
    volume up", "Rate this novel", "Play some jazz"), and the noun's senses then give
    nonsense ("Twist the volume up", "Drama some jazz"). Such a word is taken for a
    verb when it opens a clause (first, or after "please", "and", "then" or
    punctuation), is a verb in its base form in WordNet, and no verb follows it (a
    noun subject is followed by its verb: "Rain is expected").
    """
    if not (i == 0 or tokens[i - 1].text.lower() in _CLAUSE_START):
        return False
    if i + 1 < len(tags) and tags[i + 1] in ("VERB", "AUX"):
        return False
    low = tokens[i].text.lower()
    return wn.lemmatize(low, "VERB")[:1] == [low]


def same_word(a: str, b: str) -> bool:
    """Whether two words look like forms or spellings of one word.

    One is a prefix of the other ("book"/"booking", "quick"/"quickly"), or they
    differ by one edit ("forcast"/"forecast"), or share all but their last two
    letters when long enough ("cheaper"/"cheapest").

    >>> same_word("flight", "flights"), same_word("forecast", "forcast")
    (True, True)
    >>> same_word("buy", "purchase")
    False
    """
    a, b = a.lower(), b.lower()
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    if abs(len(a) - len(b)) <= 1 and _within_one_edit(a, b):
        return True
    stem = min(len(a), len(b)) - 2
    return stem >= 4 and a[:stem] == b[:stem]


def _within_one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
