"""Embedding-neighbour replacement: swap content words for close words in a vector space.

Raw nearest neighbours are often wrong replacements: "cheap" sits next to
"expensive", "flight" next to "flights" and "boston". By default a neighbour is
used only if WordNet vouches for it (it is, or is a form of, a synonym from the
word's most frequent sense in its part of speech), it is among the word's
``top_k`` neighbours with cosine >= ``min_similarity``, optionally a mutual
neighbour, and not a WordNet antonym (checked both ways, on lemmas), another form
or spelling of the word, a stopword, a negation or a rare word. The shared base
(:class:`~textaug.synonyms.replace.WordReplacement`) tags the sentence, skips
entities, numbers, negations and command verbs the tagger calls nouns, re-inflects
and matches case, and edits by character offset so spans stay exact.

Speed: the few WordNet synonyms are looked up before any neighbours, a neighbour
list is computed only for a word with a synonym close enough to need ranking, and
candidate lists and each text's replaceable words are cached, so a run pays for
each word once rather than once per occurrence or retry.

The built-in vectors load with numpy alone (no gensim, no download); any
word2vec, GloVe or fastText file works too (see :mod:`textaug.synonyms.vectors`
for which formats are safe to take from strangers).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from textaug.augmenter import Context
from textaug.errors import ConfigError, ResourceError
from textaug.record import Record
from textaug.registry import register
from textaug.synonyms.replace import CONTENT_UPOS, WordReplacement, lemma_of
from textaug.synonyms.vectors import FORMATS, WordVectors, guess_format, load_vectors
from textaug.tokens import Token


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
        if self.max_senses is not None and self.max_senses < 1:
            raise ConfigError(
                f"{self.name}: max_senses must be >= 1 or None, got {self.max_senses}"
            )
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
        """The base's eligible words that :meth:`_changeable` keeps."""
        changeable = self._changeable(record.text, tokens, tags)
        if not changeable:
            return []  # most sentences: no need to ask the guards about every word
        return [i for i in super()._eligible(record, tokens, tags, ctx) if i in changeable]

    def _changeable(
        self, text: str, tokens: Sequence[Token], tags: Sequence[str]
    ) -> frozenset[int]:
        """Content words with a usable neighbour in their tagged part of speech.

        Left out: the future auxiliary "going (to)" (the base leaves out verbs the
        tagger calls nouns). Leaving out words with no usable neighbour
        makes the budget count only words that can change, and refuses a sentence
        with nothing to replace at once. Cached per text: a call retries up to four
        times per variant, and the tags follow from the text and the configuration.
        """
        key = (self._cache_key, text)  # type: ignore[attr-defined]
        found = _changeable.get(key)
        if found is None:
            wn = self.lexicon()
            keep = []
            for i, token in enumerate(tokens):
                upos = tags[i]
                if upos not in CONTENT_UPOS:
                    continue
                low = token.text.lower()
                if not self._usable(lemma_of(low, upos, wn), upos):
                    continue
                if low == "going" and i + 1 < len(tokens) and tokens[i + 1].text.lower() == "to":
                    continue
                keep.append(i)
            found = frozenset(keep)
            if len(_changeable) >= _CACHE_LIMIT:
                _changeable.clear()
            _changeable[key] = found
        return found

    def word_vectors(self) -> WordVectors:
        """The vectors this augmenter reads, loaded once per process."""
        return load_vectors(self.vectors, self.format)

    def candidates(self, lemma: str, upos: str) -> Sequence[str]:
        """Neighbour lemmas of ``lemma`` that WordNet knows in ``upos``, closest first."""
        if self.require_synonym:
            return self._vouched(lemma, upos)
        return self._neighbourly(lemma, upos)

    def _vouched(self, lemma: str, upos: str) -> list[str]:
        """WordNet synonyms of the lemma that the vectors put among its neighbours.

        A synonym qualifies when it or one of its inflected forms is among the lemma's
        ``top_k`` neighbours with cosine >= ``min_similarity``; ranked by that
        neighbour's rank. The synonyms are looked up first because they are few: most
        lemmas have none, or none close enough, and then no neighbour list is needed.
        """
        synonyms = self.lexicon().synonyms(lemma, upos, self.max_senses)
        if not synonyms:
            return []  # most words: no need for the lemma's vector
        vectors = self.word_vectors()
        query = vectors.vector(lemma)
        if query is None:
            return []
        close: dict[str, str] = {}  # vocabulary word -> the synonym lemma it is a form of
        best = -1.0
        for synonym, _score in synonyms:
            if not synonym.islower():
                continue  # proper names and acronyms ("Almighty" for "lord"), as the base drops
            for form in _forms(synonym, upos):
                vector = vectors.vector(form) if form in vectors else None
                if vector is None:
                    continue
                similarity = float(query @ vector)
                if similarity >= self.min_similarity:
                    close.setdefault(form, synonym)
                    best = max(best, similarity)
        # both checked before the neighbour list, which costs a pass over the whole matrix
        if not close or vectors.outranked(lemma, best, self.top_k):
            return []
        fit = {s for s in set(close.values()) if self._acceptable(lemma, upos, s)}
        found: list[str] = []
        for neighbour, _score in vectors.neighbours(lemma, self.top_k, self.min_similarity):
            vouched = close.get(neighbour.lower())
            if vouched is None or vouched in found or vouched not in fit:
                continue
            if self.mutual and not self._is_mutual(vectors, lemma, neighbour):
                continue
            found.append(vouched)
        return found

    def _filter(self, lemma: str, upos: str, candidates: Sequence[str]) -> tuple[str, ...]:
        """The base's filters, skipped when there is nothing to filter (most words)."""
        return super()._filter(lemma, upos, candidates) if candidates else ()

    def _neighbourly(self, lemma: str, upos: str) -> list[str]:
        """Any neighbour in ``upos`` that passes the filters (``require_synonym=False``)."""
        wn = self.lexicon()
        vectors = self.word_vectors()
        found: list[str] = []
        for neighbour, _score in vectors.neighbours(lemma, self.top_k, self.min_similarity):
            word = neighbour.lower()
            lemmas = wn.lemmatize(word, upos)
            if not lemmas and upos not in wn.pos_of(word):
                continue  # another part of speech ("expensive" for "flight")
            base = lemmas[0] if lemmas else word
            if base in found or lemma in lemmas or not self._acceptable(lemma, upos, base):
                continue
            if word != base and not self._acceptable(lemma, upos, word):
                continue
            if self.mutual and not self._is_mutual(vectors, lemma, neighbour):
                continue
            found.append(base)
        return found

    def _acceptable(self, lemma: str, upos: str, other: str) -> bool:
        """Not the lemma, one of its forms or spellings, nor an antonym (either direction).

        Antonymy is checked for every lemma of ``other`` ("higher" is a WordNet lemma
        of its own and also a form of "high", the antonym of "low") and, for
        adjectives and adverbs, in both of those parts of speech.
        """
        wn = self.lexicon()
        if other == lemma or same_word(lemma, other) or wn.is_form_of(other, lemma, upos):
            return False
        kinds = ("ADJ", "ADV") if upos in ("ADJ", "ADV") else (upos,)
        others = {other}
        for kind in kinds:
            others.update(wn.lemmatize(other, kind))
        for kind in kinds:
            opposite = {a.lower() for a in wn.antonyms(lemma, kind)}
            if not others.isdisjoint(opposite):
                return False
            if any(lemma in {a.lower() for a in wn.antonyms(o, kind)} for o in others):
                return False
        return True

    def _is_mutual(self, vectors: WordVectors, lemma: str, neighbour: str) -> bool:
        back = vectors.neighbours(neighbour, self.top_k, self.min_similarity)
        return any(w.lower() == lemma for w, _ in back)


_CACHE_LIMIT = 100_000
_changeable: dict[tuple[str, str], frozenset[int]] = {}


@functools.lru_cache(maxsize=65_536)
def _forms(lemma: str, upos: str) -> tuple[str, ...]:
    """The lemma and its inflected spellings in ``upos`` ("film", "films")."""
    from textaug.lexicon.inflect import load_table

    if " " in lemma:
        return (lemma,)
    forms = [lemma]
    for spellings in load_table().forms(lemma, upos):
        forms += [f for f in spellings if f not in forms]
    return tuple(forms)


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
