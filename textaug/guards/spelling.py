"""What a typo may do to a word: length, first letter, edit count, real words, readability."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from operator import ne
from typing import TYPE_CHECKING, ClassVar

from textaug.errors import ConfigError
from textaug.guards.base import Guard, same_letters
from textaug.guards.protected import (
    NEGATIONS,
    ProtectEntities,
    ProtectNegations,
    ProtectNumbers,
)
from textaug.lexicon.stopwords import STOPWORDS
from textaug.lexicon.wordnet import POS_TO_UPOS
from textaug.record import Record
from textaug.registry import register
from textaug.tokens import Token

if TYPE_CHECKING:
    from textaug.lexicon.wordnet import WordNet


@functools.lru_cache(maxsize=65_536)
def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): insert, delete,
    substitute or transpose two adjacent characters each cost one.

    >>> edit_distance("flight", "fligth"), edit_distance("book", "bok"), edit_distance("m", "rn")
    (1, 1, 2)
    """
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    before_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before_previous[j - 2] + 1)
            current[j] = best
        before_previous, previous = previous, current
    return previous[-1]


@register("min_word_length", kind="guard")
@dataclass(frozen=True)
class MinWordLength(Guard):
    """Never edits words shorter than ``length`` characters: a typo in "to" or
    "an" makes another word or an unreadable one."""

    spelling: ClassVar[bool] = True
    local: ClassVar[bool] = True
    length: int = 3

    def __post_init__(self) -> None:
        if self.length < 0:
            raise ConfigError(f"min_word_length: length must be >= 0, got {self.length}")

    def allows_token(self, record: Record, token: Token) -> bool:
        return len(token.text) >= self.length


@register("keep_first_letter", kind="guard")
@dataclass(frozen=True)
class KeepFirstLetter(Guard):
    """Vetoes changes to a word's first letter (and its last, with ``keep_last``).

    Readers recognise a misspelt word by its outer letters; a typo there is far
    harder to read and rarer in real typing. Case is ignored.
    """

    spelling: ClassVar[bool] = True
    keep_last: bool = False

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        original = token.text
        if not replacement or replacement[0].lower() != original[:1].lower():
            return False
        return not self.keep_last or replacement[-1].lower() == original[-1:].lower()


@register("max_edits_per_word", kind="guard")
@dataclass(frozen=True)
class MaxEditsPerWord(Guard):
    """Vetoes a replacement more than ``max_edits`` character edits (Damerau-Levenshtein)
    away from the original word, so each noisy word stays readable."""

    spelling: ClassVar[bool] = True
    max_edits: int = 2

    def __post_init__(self) -> None:
        if self.max_edits < 1:
            raise ConfigError(f"max_edits_per_word: max_edits must be >= 1, got {self.max_edits}")

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return within_edits(token.text, replacement, self.max_edits)


def within_edits(a: str, b: str, limit: int) -> bool:
    """Whether ``edit_distance(a, b) <= limit``, answering the common cases without it.

    >>> within_edits("flight", "fligth", 1), within_edits("flight", "fliht", 1)
    (True, True)
    >>> within_edits("flight", "flihgt x", 2)
    False
    """
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return False
    if la == lb and sum(map(ne, a, b)) <= limit:
        return True  # substitutions alone stay within the limit
    if abs(la - lb) == 1:
        short, long_ = (a, b) if la < lb else (b, a)
        i = 0
        while i < len(short) and short[i] == long_[i]:
            i += 1
        if short[i:] == long_[i + 1 :]:
            return True  # one insertion or deletion
    return edit_distance(a, b) <= limit


@register("not_a_real_word", kind="guard")
@dataclass(frozen=True)
class NotARealWord(Guard):
    """Vetoes a typo that spells another real word: "not" -> "now", "form" -> "from".

    A real-word error changes meaning instead of adding noise. Real words are
    the shipped lexicon's words and inflections, its frequency table and the
    stopwords, plus ``extra_words`` (domain terms). A replacement split into
    several words ("in form") is vetoed when every part is a real word. A
    change of case or of marks around the word passes; a dropped apostrophe
    passes unless it joins a contraction into another word ("we're" ->
    "were", "it's" -> "its"; "don't" -> "dont" passes). A shipped misspelling
    of the word itself ("though" -> "tho") is a way to spell that word, not
    another one.
    """

    spelling: ClassVar[bool] = True
    extra_words: tuple[str, ...] = ()

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        original = token.text
        if same_letters(original, replacement):
            return not joins_another_word(original, replacement)
        extra = self.extra_words
        if " " not in replacement:  # the common case: one word
            if extra and replacement.lower() in extra:
                return False
            return not is_real_word(replacement) or is_misspelling_of(original, replacement)
        parts = replacement.split()
        if not parts:
            return True
        return not all(is_real_word(p) or p.lower() in extra for p in parts)


def joins_another_word(original: str, replacement: str) -> bool:
    """Whether ``replacement`` drops apostrophes of ``original`` and so spells another word.

    Only the lexicon and the stopwords count here, not the frequency table:
    web text counts "thats" and "im" because people type them for "that's"
    and "I'm". Negations ("dont", "cant", "wont") read as the contraction they
    came from and keep its meaning.

    >>> joins_another_word("we're", "were"), joins_another_word("let's", "lets")
    (True, True)
    >>> joins_another_word("don't", "dont"), joins_another_word("that's", "thats")
    (False, False)
    """
    if _apostrophes(replacement) >= _apostrophes(original):
        return False  # a change of case, or of marks around the word
    joined = replacement.lower().strip(_STRIP)
    return joined not in NEGATIONS and _is_dictionary_word(joined)


def _apostrophes(text: str) -> int:
    return text.count("'") + text.count("’")


@functools.lru_cache(maxsize=4096)
def _is_dictionary_word(key: str) -> bool:
    """A stopword, a lexicon lemma, or an inflection of a lexicon lemma that is no stopword.

    Morphy takes "hes" and "theres" for plurals of WordNet's nouns "he"
    (helium) and "there"; nobody reads them so, so inflections of function
    words do not count.
    """
    if key in STOPWORDS:
        return True
    wordnet = _wordnet()
    if wordnet.backend.is_key(key):
        return True
    return any(
        base not in STOPWORDS for upos in POS_TO_UPOS for base in wordnet.lemmatize(key, upos)
    )


def is_misspelling_of(word: str, wrong: str) -> bool:
    """Whether the shipped misspelling list gives ``wrong`` for ``word`` (case ignored).

    >>> is_misspelling_of("though", "tho"), is_misspelling_of("the", "tho")
    (True, False)
    """
    return (word.lower(), wrong.lower()) in _misspelling_pairs()


#: Inflection endings and what they replace (WordNet morphy's rules, all parts of speech).
_ENDINGS = (
    ("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"),
    ("shes", "sh"), ("men", "man"), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"),
    ("ed", ""), ("ing", "e"), ("ing", ""), ("er", ""), ("est", ""), ("er", "e"), ("est", "e"),
)  # fmt: skip
_STRIP = ".,!?;:'\"()[]{}’‘“”"
_ENDINGS_BY_LAST: dict[str, tuple[tuple[str, str], ...]] = {
    last: tuple(rule for rule in _ENDINGS if rule[0][-1] == last)
    for last in {end[-1] for end, _ in _ENDINGS}
}
"""The ending rules by their last letter: most typos end in a letter no rule ends with."""


@functools.lru_cache(maxsize=262_144)
def is_real_word(word: str) -> bool:
    """Whether ``word`` (case and surrounding punctuation ignored) is an English word:
    a lexicon lemma or an inflection of one, a frequency-table lemma or a stopword.

    Answers from one set of known forms built once per process, plus morphy's
    inflection endings (without its part-of-speech check, so it errs towards
    "real", which only vetoes more typos). A word on the shipped misspelling
    list is real only if the lexicon or the stopwords have it ("tho", "calender").
    """
    key = word.lower().strip(_STRIP)
    if not key:
        return False
    known = _known_forms()
    if known is None:  # a lexicon without an enumerable key set: ask it
        return key in _word_list() or _wordnet().has_word(key)
    if key in known:
        return True
    if key in _known_misspellings():
        return False  # "prefered" is no inflection of "prefer"
    for end, base in _ENDINGS_BY_LAST.get(key[-1], ()):
        if key.endswith(end) and key[: len(key) - len(end)] + base in known:
            return True
    return False


@functools.cache
def _word_list() -> frozenset[str]:
    """Frequency lemmas, stopwords and negations.

    Web-text counts include common misspellings ("untill"); the shipped list
    says they are not words, so they are left out. The lexicon and the
    stopwords are not web text: a listed misspelling they have ("tho") is a word.
    """
    from textaug.lexicon.frequency import _table

    counts, _ = _table()
    return (frozenset(counts) - _known_misspellings()) | STOPWORDS | NEGATIONS


@functools.cache
def _known_forms() -> frozenset[str] | None:
    """Lexicon lemmas and irregular forms, and :func:`_word_list`: one set."""
    backend = _wordnet().backend
    keys = getattr(backend, "_key_ix", None)
    exceptions = getattr(backend, "exceptions", None)
    if keys is None or exceptions is None:
        return None
    forms = set(keys) | _word_list()
    for pos in range(4):
        forms.update(exceptions(pos))
    return frozenset(forms)


@functools.cache
def _misspelling_pairs() -> frozenset[tuple[str, str]]:
    """(word, misspelling) pairs of the shipped list, lower case."""
    from textaug.noise.misspell import misspellings

    return frozenset((word, w.lower()) for word, wrong in misspellings().items() for w in wrong)


@functools.cache
def _known_misspellings() -> frozenset[str]:
    return frozenset(wrong for _, wrong in _misspelling_pairs())


@functools.cache
def _wordnet() -> WordNet:
    from textaug.lexicon import load_wordnet

    return load_wordnet()


@register("recoverable", kind="guard")
@dataclass(frozen=True)
class Recoverable(Guard):
    """Vetoes a typo a reader could not map back: some other vocabulary word is
    closer to it than the original (or as close and more frequent).

    Off by default. Candidates come from a deletion-neighbourhood index of the
    frequency vocabulary (built once per process, a few seconds), verified with
    :func:`edit_distance` up to ``max_distance``.
    """

    spelling: ClassVar[bool] = True
    max_distance: int = 2

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_distance, bool)
            or not isinstance(self.max_distance, int)
            or (self.max_distance < 1)
        ):
            raise ConfigError(
                f"{self.name}: max_distance must be a whole number >= 1, got {self.max_distance!r}"
            )

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        if same_letters(token.text, replacement) or " " in replacement.strip():
            return True
        return _recoverable(token.text.lower(), replacement.lower(), self.max_distance)


@functools.lru_cache(maxsize=65_536)
def _recoverable(original: str, noisy: str, max_distance: int) -> bool:
    own = edit_distance(original, noisy)
    index, counts = _vocabulary_index()
    own_count = counts.get(original, 0)
    for candidate in _candidates(noisy, index):
        if candidate == original:
            continue
        distance = edit_distance(candidate, noisy)
        if distance > max_distance:
            continue
        if distance < own or (distance == own and counts.get(candidate, 0) > own_count):
            return False
    return True


def _deletes(word: str) -> set[str]:
    """The word and every string one deletion away from it."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _candidates(noisy: str, index: dict[str, list[str]]) -> set[str]:
    found: set[str] = set()
    for key in _deletes(noisy):
        found.update(index.get(key, ()))
    return found


@functools.cache
def _vocabulary_index() -> tuple[dict[str, list[str]], dict[str, int]]:
    """Deletion neighbourhoods (SymSpell-style, one delete each side) of the vocabulary."""
    from textaug.lexicon.frequency import _table
    from textaug.lexicon.stopwords import STOPWORDS

    counts, _ = _table()
    vocabulary = dict(counts)
    for word in STOPWORDS:
        vocabulary.setdefault(word, max(counts.get(word, 0), 1))
    index: dict[str, list[str]] = {}
    for word in vocabulary:
        if word.isalpha():
            for key in _deletes(word):
                index.setdefault(key, []).append(word)
    return index, vocabulary


def default_noise_guards() -> tuple[Guard, ...]:
    """What character noise may never do: touch entities, numbers or negations,
    edit words under 3 letters, change a first letter, make more than 2 edits
    in a word, or spell another real word."""
    return (
        ProtectEntities(),
        ProtectNumbers(),
        ProtectNegations(),
        MinWordLength(3),
        KeepFirstLetter(),
        MaxEditsPerWord(2),
        NotARealWord(),
    )
