"""Meaning guards: composable checks that veto edits which would change meaning.

A guard can veto at three points, and each augmenter asks the guards it is
given at the points that fit it:

- ``allows_token``: may this token be edited at all? (entities, numbers,
  negations, protected words, short words)
- ``allows_change``: is this replacement of the token acceptable? (a typo that
  is another real word, a noisy word no longer closest to its original)
- ``allows_record``: does the whole variant still mean the same? (a user's
  label check)

Guards are frozen dataclasses registered by name like augmenters, so recipes
configure them; :func:`check_token` and friends tally every veto under the
guard's name, so a user sees why a record yielded fewer variants.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import ne
from typing import TYPE_CHECKING, ClassVar

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.record import Record
from textaug.registry import register
from textaug.tokens import Kind, Token

if TYPE_CHECKING:
    from textaug.lexicon.wordnet import WordNet

#: Negation words no edit may change: a typo or synonym of these flips meaning.
NEGATIONS = frozenset(
    {
        "not", "n't", "no", "never", "nor", "none", "nothing", "nobody", "neither",
        "nowhere", "cannot", "without", "hardly", "barely", "scarcely", "dont", "don't",
        "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "cant", "couldnt",
        "shouldnt", "wouldnt", "havent", "hasnt", "hadnt", "aint", "n’t", "don’t",
        "mustn't", "needn't", "shan't", "noone", "nope", "nah",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Guard:
    """Base class: allows everything; subclasses override the checks they make."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "guard"
    #: True when the guard judges only a word's spelling (its letters), so a change
    #: that keeps the letters (case, apostrophes, punctuation) need not ask it.
    spelling: ClassVar[bool] = False
    #: True when ``allows_token`` looks at nothing beyond the token's whitespace chunk
    #: (its text, kind and neighbouring characters up to the next space), so a
    #: verdict can be cached per chunk string (see :mod:`textaug.screening`).
    local: ClassVar[bool] = False
    #: True when ``allows_change`` passes every change to a token ``allows_token``
    #: passed (it only re-checks the token), so a caller that screened the token may
    #: skip it.
    rechecks_token: ClassVar[bool] = False

    def allows_token(self, record: Record, token: Token) -> bool:
        """Whether ``token`` of ``record`` may be edited at all."""
        return True

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        """Whether replacing ``token`` by ``replacement`` keeps the meaning."""
        return True

    def allows_record(self, before: Record, after: Record) -> bool:
        """Whether the variant ``after`` of ``before`` keeps the meaning."""
        return True


def token_guards(guards: Sequence[Guard]) -> tuple[Guard, ...]:
    """The guards that check tokens at all (a hot loop can skip the others)."""
    return tuple(g for g in guards if type(g).allows_token is not Guard.allows_token)


def change_guards(guards: Sequence[Guard], *, screened: bool = False) -> tuple[Guard, ...]:
    """The guards that check replacements at all.

    With ``screened`` (the token already passed these guards' ``allows_token``),
    leave out the guards whose change check only repeats the token check.
    """
    return tuple(
        g
        for g in guards
        if type(g).allows_change is not Guard.allows_change and not (screened and g.rechecks_token)
    )


def record_guards(guards: Sequence[Guard]) -> tuple[Guard, ...]:
    """The guards that check whole variants at all."""
    return tuple(g for g in guards if type(g).allows_record is not Guard.allows_record)


def check_token(guards: Sequence[Guard], record: Record, token: Token, ctx: Context) -> bool:
    """Ask every guard about a token; tally the first veto."""
    for guard in guards:
        if not guard.allows_token(record, token):
            ctx.tally[f"guard {guard.name}"] += 1
            return False
    return True


def check_change(
    guards: Sequence[Guard], record: Record, token: Token, replacement: str, ctx: Context
) -> bool:
    """Ask every guard about one replacement; tally the first veto."""
    for guard in guards:
        if not guard.allows_change(record, token, replacement):
            ctx.tally[f"guard {guard.name}"] += 1
            return False
    return True


def check_record(guards: Sequence[Guard], before: Record, after: Record, ctx: Context) -> bool:
    """Ask every guard about a finished variant; tally the first veto."""
    for guard in guards:
        if not guard.allows_record(before, after):
            ctx.tally[f"guard {guard.name}"] += 1
            return False
    return True


@register("protect_entities", kind="guard")
@dataclass(frozen=True)
class ProtectEntities(Guard):
    """Never edits a token inside an entity span."""

    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        spans = record.spans
        if spans:
            start, end = token.start, token.end
            for span in spans:
                if start < span.end and span.start < end:
                    return False
        return True

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return self.allows_token(record, token)


@register("protect_numbers", kind="guard")
@dataclass(frozen=True)
class ProtectNumbers(Guard):
    """Never edits numbers, URLs, emails, or words containing digits ("8pm", "A320")."""

    local: ClassVar[bool] = True
    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        text = token.text
        if token.kind == Kind.WORD and text.isalpha():
            return True
        if token.kind in (Kind.NUM, Kind.URL, Kind.EMAIL):
            return False
        return not any(ch.isdigit() for ch in text)

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return self.allows_token(record, token)


@register("protect_negations", kind="guard")
@dataclass(frozen=True)
class ProtectNegations(Guard):
    """Never edits negations ("not" -> "now" flips the meaning); extend with ``extra``.

    A token glued to a negation ("can" in "cannot", "did" in "didn't") is
    protected too, and a multi-word token is vetoed if any of its words is a
    negation. Changes that keep the letters ("don't" -> "dont", "NOT") pass.
    """

    spelling: ClassVar[bool] = True
    local: ClassVar[bool] = True
    rechecks_token: ClassVar[bool] = True
    extra: tuple[str, ...] = ()

    def allows_token(self, record: Record, token: Token) -> bool:
        word = token.text.lower()
        parts = word.split() if " " in word else (word,)
        for part in parts:
            if part in NEGATIONS or part in self.extra:
                return False
        after = record.text[token.end : token.end + 1]
        if not after or after.isspace():
            return True
        tail = record.text[token.end : token.end + 4].lower()
        if tail[:3] in ("n't", "n’t"):
            return False
        return not (tail[:3] == "not" and not tail[3:4].isalpha())

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return self.allows_token(record, token) or same_letters(token.text, replacement)


@register("protect_words", kind="guard")
@dataclass(frozen=True)
class ProtectWords(Guard):
    """Never edits the listed words (case-insensitive), e.g. product names.

    ``by_label`` maps an intent to the words that carry it ("cancel" for
    cancel_order), which are protected in records of that intent only.
    """

    words: tuple[str, ...] = ()
    by_label: dict[str, list[str]] | None = None

    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        for word in token.text.lower().split():
            if word in (w.lower() for w in self.words):
                return False
            by_label = self.by_label
            if by_label and record.label in by_label and word in _lowered(by_label[record.label]):
                return False
        return True

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return self.allows_token(record, token)


def default_guards() -> tuple[Guard, ...]:
    """Entities, numbers/URLs/emails and negations: what no augmenter should change."""
    return (ProtectEntities(), ProtectNumbers(), ProtectNegations())


# --- spelling guards: what a typo may do to a word ------------------------------------


def same_letters(original: str, replacement: str) -> bool:
    """Whether two strings have the same words of letters and digits, ignoring case and marks.

    Changes of case, apostrophes and punctuation keep the letters, so they
    cannot turn a word into another word; adding or removing a space can.

    >>> same_letters("don't", "dont"), same_letters("Not", "NOT"), same_letters("not", "now")
    (True, True, False)
    >>> same_letters("inform", "in form")
    False
    """
    if original.isalpha() and replacement.isalpha():
        return original.lower() == replacement.lower()
    return _letters(original) == _letters(replacement)


@functools.lru_cache(maxsize=65_536)
def _letters(text: str) -> str:
    return " ".join("".join(ch for ch in part if ch.isalnum()) for part in text.lower().split())


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
    change that keeps the letters (case, apostrophes) always passes.
    """

    spelling: ClassVar[bool] = True
    extra_words: tuple[str, ...] = ()

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        if same_letters(token.text, replacement):
            return True
        extra = self.extra_words
        if " " not in replacement:  # the common case: one word
            return not (is_real_word(replacement) or (extra and replacement.lower() in extra))
        parts = replacement.split()
        if not parts:
            return True
        return not all(is_real_word(p) or p.lower() in extra for p in parts)


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
    "real", which only vetoes more typos).
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
        return False
    for end, base in _ENDINGS_BY_LAST.get(key[-1], ()):
        if key.endswith(end) and key[: len(key) - len(end)] + base in known:
            return True
    return False


@functools.cache
def _word_list() -> frozenset[str]:
    from textaug.lexicon.frequency import _table
    from textaug.lexicon.stopwords import STOPWORDS

    counts, _ = _table()
    return frozenset(counts) | STOPWORDS | NEGATIONS


@functools.cache
def _known_forms() -> frozenset[str] | None:
    """Lexicon lemmas and irregular forms, frequency lemmas, stopwords; one set,
    minus the shipped list of known misspellings."""
    backend = _wordnet().backend
    keys = getattr(backend, "_key_ix", None)
    exceptions = getattr(backend, "exceptions", None)
    if keys is None or exceptions is None:
        return None
    forms = set(keys) | _word_list()
    for pos in range(4):
        forms.update(exceptions(pos))
    # web-text counts include common misspellings ("untill"); the shipped list says they are not
    forms.difference_update(_known_misspellings())
    return frozenset(forms)


@functools.cache
def _known_misspellings() -> frozenset[str]:
    from textaug.noise.misspell import misspellings

    return frozenset(w.lower() for wrong in misspellings().values() for w in wrong)


def _lowered(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in items)


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


@register("label_check", kind="guard")
@dataclass(frozen=True, init=False)
class LabelCheck(Guard):
    """Vetoes a variant unless ``check(before, after)`` returns True, e.g. a
    classifier still predicting the original label.

    Python API only: a function cannot be written to a recipe, so ``to_config``
    leaves it out; a ``label_check`` built from a config has no function and
    raises ConfigError as soon as it is asked about a variant.
    """

    check: Callable[[Record, Record], bool] | None = field(default=None, init=False)

    def __init__(self, check: Callable[[Record, Record], bool] | None = None) -> None:
        if check is not None and not callable(check):
            raise ConfigError(f"label_check: check must be callable, got {type(check).__name__}")
        object.__setattr__(self, "check", check)

    def allows_record(self, before: Record, after: Record) -> bool:
        if self.check is None:
            raise ConfigError(
                "label_check needs a Python callable check(before, after) -> bool: "
                "it is Python-API only, so a recipe or the CLI cannot supply it"
            )
        return bool(self.check(before, after))


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
