"""What no augmenter may change: entities, numbers, URLs, emails, negations, listed words."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import ClassVar

from textaug import spanindex
from textaug.guards.base import Guard, same_letters
from textaug.lexicon.stopwords import NEGATIONS
from textaug.protect import (
    LINKS,
    check_words,
    chunks_touching,
    in_guarded_chunk,
    protected_ranges,
)
from textaug.record import Record
from textaug.registry import register
from textaug.spanindex import first_overlap
from textaug.tokens import NUMBER_WORDS, Kind, Token, tokenize


@register("protect_entities", kind="guard")
@dataclass(frozen=True)
class ProtectEntities(Guard):
    """Never edits a token inside an entity span."""

    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        spans = record.spans
        if len(spans) >= spanindex.INDEX_FROM:
            return first_overlap(token.start, token.end, spans) is None
        if spans:  # a few: scanned inline, this is the hot path
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
    """Never edits numbers, URLs, emails, or words containing digits ("8pm", "A320").

    Judged by the whole whitespace chunk: spaCy splits "5-star", "7pm" and
    "http://127.0.0.1/login" into pieces that look like plain words ("star",
    "pm", "login"), and takes "mailto:anna@mail.org" or "KAYAK.COM" for a
    word; every piece of such a chunk's word is protected, in any case. A change
    that adds spaces may not make a number word ("gluten" -> "glu ten"), and one
    that removes them may not join the word after a number to the next ("7 pm
    tomorrow" -> "7 pmtomorrow").
    """

    local: ClassVar[bool] = True
    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        if token.kind in LINKS or token.kind == Kind.NUM:
            return False
        text = token.text
        if text.isalpha():
            if _whole_chunk(record.text, token.start, token.end):
                return True  # letters alone: no number, URL or email
        elif any(ch.isdigit() for ch in text):
            return False
        return not in_guarded_chunk(record.text, token.start, token.end)

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        if " " in replacement and _adds_number_word(token.text, replacement):
            return False
        if " " in token.text and _joins_after_number(record, token, replacement):
            return False
        return self.allows_token(record, token)


def _adds_number_word(original: str, replacement: str) -> bool:
    """Whether splitting ``original`` into ``replacement`` makes a number word."""
    had = {part.lower() for part in original.split()}
    return any(p.lower() in NUMBER_WORDS and p.lower() not in had for p in replacement.split())


def _joins_after_number(record: Record, token: Token, replacement: str) -> bool:
    """Whether ``replacement`` joins the words of ``token`` ("pm tomorrow" ->
    "pmtomorrow") and the first of them follows a number across whitespace ("7 pm")."""
    parts = token.text.split()
    if len(parts) < 2 or replacement != "".join(parts):
        return False
    before = [t for t in tokenize(record.text) if t.end <= token.start]
    if not before:
        return False
    number = before[-1]
    gap = record.text[number.end : token.start]
    is_number = number.kind == Kind.NUM or any(ch.isdigit() for ch in number.text)
    return is_number and bool(gap) and gap.isspace()


@register("protect_negations", kind="guard")
@dataclass(frozen=True)
class ProtectNegations(Guard):
    """Never edits negations ("not" -> "now" flips the meaning); extend with ``extra``.

    A token glued to a negation ("can" in "cannot", "did" in "didn't", "did"
    in "didnt", which spaCy splits as "did" + "nt") is protected too, a
    multi-word token is vetoed if any of its words is a negation, and a split
    that makes one ("casino" -> "casi no") is vetoed. Curly apostrophes count
    as straight ones. Changes that keep the letters ("don't" -> "dont", "NOT") pass.
    """

    spelling: ClassVar[bool] = True
    local: ClassVar[bool] = True
    rechecks_token: ClassVar[bool] = True
    extra: tuple[str, ...] = ()
    _extra: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        object.__setattr__(self, "_extra", frozenset(_normal(w) for w in self.extra))

    def allows_token(self, record: Record, token: Token) -> bool:
        word = token.text
        for part in word.split() if " " in word else (word,):
            if self._negates(_normal(part)):
                return False
        text = record.text
        if _whole_chunk(text, token.start, token.end):
            return True  # its words are its chunks, judged above
        for _, chunk in chunks_touching(text, token.start, token.end):
            if self._negates(_normal(chunk).strip("'")):
                return False  # "didnt": spaCy's "did" + "nt" are no negation on their own
        after = text[token.end : token.end + 1]
        if not after or after.isspace():
            return True
        tail = text[token.end : token.end + 4].lower()
        if tail[:3] in ("n't", "n’t"):
            return False
        return not (tail[:3] == "not" and not tail[3:4].isalpha())

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        if " " in replacement and self._splits_off_negation(token.text, replacement):
            return False
        return self.allows_token(record, token) or same_letters(token.text, replacement)

    def _negates(self, key: str) -> bool:
        """Whether ``key`` (a word as :func:`_normal` gives it) is a negation."""
        return key in NEGATIONS or key in self._extra

    def _splits_off_negation(self, original: str, replacement: str) -> bool:
        """Whether ``replacement`` splits ``original`` with spaces and a part is a negation."""
        parts = replacement.split()
        return "".join(parts) == "".join(original.split()) and any(
            self._negates(_normal(p)) for p in parts
        )


@register("protect_words", kind="guard")
@dataclass(frozen=True)
class ProtectWords(Guard):
    """Never edits the listed words or phrases (case-insensitive), e.g. product names.

    An entry of several words or with a hyphen ("apple music", "e-mail")
    protects every token of each of its occurrences (on word boundaries).
    ``by_label`` maps an intent to the words that carry it ("cancel" for
    cancel_order), which are protected in records of that intent only.
    """

    words: tuple[str, ...] = ()
    by_label: dict[str, list[str]] | None = None

    rechecks_token: ClassVar[bool] = True

    def __post_init__(self) -> None:
        check_words(self.name, "words", self.words)

    def allows_token(self, record: Record, token: Token) -> bool:
        phrases = self.words
        by_label = self.by_label
        if by_label and record.label in by_label:
            phrases = (*phrases, *by_label[record.label])
        if not phrases:
            return True
        start, end = token.start, token.end
        return not any(a < end and start < b for a, b in protected_ranges(record.text, phrases))

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return self.allows_token(record, token)


def default_guards() -> tuple[Guard, ...]:
    """Entities, numbers/URLs/emails and negations: what no augmenter should change."""
    return (ProtectEntities(), ProtectNumbers(), ProtectNegations())


def word_replacement_guards() -> tuple[Guard, ...]:
    """The default guards, and names: a synonym for a word of a name breaks the name."""
    return (*default_guards(), ProtectNames())


@register("protect_names", kind="guard")
@dataclass(frozen=True)
class ProtectNames(Guard):
    """Never replaces a capitalised word inside a sentence: it is part of a name or title.

    "Add it to my Evening Commute playlist", "turn on Last Fm", "seven Pm": the words
    are not the common words they spell, so "Evening Commute" must not become
    "Evening Travel". A sentence's first word is not judged by its capital, and nor is
    any word of a text written all in capitals or in Title Case (three or more words
    of four or more letters, all capitalised), where capitals say nothing about names.
    """

    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        if not token.text[:1].isupper():
            return True
        text = record.text
        return _starts_sentence(text, token.start) or _capitals_say_nothing(text)

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        return self.allows_token(record, token)


_SENTENCE_ENDS = frozenset(".!?:…")
"""Marks after which a capital starts a sentence. Quotes and brackets are not among
them: 'play "Curtain Call"' quotes a title."""


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text, a line, or a sentence.

    >>> _starts_sentence("Hi. Book it", 4), _starts_sentence('play "Jazz Hits"', 6)
    (True, False)
    """
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in _SENTENCE_ENDS or before[-1] in "\r\n"


@functools.lru_cache(maxsize=4096)
def _capitals_say_nothing(text: str) -> bool:
    """Whether ``text`` is in all capitals or Title Case, so a capital marks no name.

    >>> _capitals_say_nothing("BOOK A FLIGHT"), _capitals_say_nothing("Book A Quiet Table Now")
    (True, True)
    >>> _capitals_say_nothing("Add it to my Evening Commute playlist")
    False
    """
    if not any(ch.islower() for ch in text):
        return True
    long_words = [w for w in _WORDS.findall(text) if len(w) >= 4]
    return len(long_words) >= 3 and all(w[0].isupper() for w in long_words)


_WORDS = re.compile(r"[^\W\d_]+")


_OUTER = '.,!?;:"()[]{}<>‘“”'  # outer marks (not apostrophes: "'s" and "n't" start with one)


def _normal(word: str) -> str:
    """``word`` lower-cased, with straight apostrophes and no outer punctuation."""
    return word.lower().replace("’", "'").strip(_OUTER)


def _whole_chunk(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has whitespace (or nothing) on both sides."""
    return (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())
