"""What structural and word-level edits must leave alone.

Entity spans, numbers, URLs, emails (in any case), negations and words the user
lists are never edited, moved, deleted or copied. The configurable meaning guards
(real-word typos, label words, a user's own check) build on this in
:mod:`textaug.guards`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import NamedTuple

from textaug.lexicon.stopwords import NEGATIONS
from textaug.record import Record, Span
from textaug.spanindex import first_overlap
from textaug.tokens import Kind, Word, chunk_pieces, chunk_word, words_of

LINKS = (Kind.URL, Kind.EMAIL)


def overlaps(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether ``[start, end)`` shares a character with any span."""
    return first_overlap(start, end, spans) is not None


def strictly_inside(position: int, spans: Sequence[Span]) -> bool:
    """Whether an insertion at ``position`` would land inside a span."""
    return first_overlap(position, position, spans) is not None


def check_words(owner: str, field: str, items: Iterable[str]) -> None:
    """Raise ConfigError if a protected word is empty or blank: it would protect nothing
    (or, as a phrase, every position) while the user thinks a word is kept."""
    from textaug.errors import ConfigError

    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{owner}: {field} must hold non-empty words, got {item!r}")


def normalise_words(items: Iterable[str]) -> frozenset[str]:
    """Lower-cased protected words, for case-insensitive matching."""
    return frozenset(w.lower() for w in items)


UNITS = frozenset(
    {
        "am", "pm", "a.m.", "p.m.", "o'clock", "oclock", "h", "hr", "hrs", "min", "mins",
        "sec", "secs", "km", "kg", "lb", "lbs", "mph", "kph", "percent", "%",
    }
)  # fmt: skip
"""Words that belong to the number before them: "3 pm" keeps its "pm"."""


class WordFacts(NamedTuple):
    """A text's words and, for each, what structural edits must know about it.

    ``negates`` and ``fixed`` are None for the common text with no negation, unit or
    link-like word: then no word negates, and the words that are not plain are fixed.
    """

    words: tuple[Word, ...]
    negates: tuple[bool, ...] | None
    """The word is a negation outside every entity ("not", "don't"; "Not Fade Away" is a name)."""
    fixed: tuple[bool, ...] | None
    """The word is never edited, moved, deleted or copied (see :func:`editable_words`)."""
    any_negation: bool


def word_facts(record: Record) -> WordFacts:
    """The :class:`WordFacts` of ``record``.

    Most texts hold no negation, unit or link-like word, which one C-level pass over
    the words' cached verdicts finds; the others are judged word by word, once per
    text (or per record when an entity may hold the negation).
    """
    text = record.text
    words = words_of(text)
    if not any(map(_needs_a_look, map(_TEXT, words))):
        return WordFacts(words, None, None, False)
    facts = _facts_of_text(text)
    if record.spans and facts.any_negation:
        return _facts(text, record.spans)  # a negation may lie inside an entity
    return facts


_TEXT = itemgetter(2)  # Word.text, read in C


@functools.lru_cache(maxsize=256)
def _facts_of_text(text: str) -> WordFacts:
    return _facts(text, ())


@functools.lru_cache(maxsize=65_536)
def _needs_a_look(word: str) -> bool:
    """A negation, a unit or a word that may be a link: the words :func:`_facts` judges."""
    return is_negation(word) or word.lower() in UNITS or _may_be_link(word)


def _may_be_link(word: str) -> bool:
    """Every URL and email holds one of these; most words hold none, so look no further."""
    return "." in word or ":" in word or "@" in word


def _facts(text: str, spans: Sequence[Span]) -> WordFacts:
    words = words_of(text)
    negates = tuple(is_negation(w.text) and not overlaps(w.start, w.end, spans) for w in words)
    fixed = []
    after_negation = after_number = False
    for w, negation in zip(words, negates, strict=True):
        word = w.text
        fixed.append(
            not w.is_plain
            or negation
            or after_negation  # what the negation negates
            or (after_number and word.lower() in UNITS)
            or (_may_be_link(word) and _in_link(text, w))
        )
        after_negation, after_number = negation, not w.is_plain
    return WordFacts(words, negates, tuple(fixed), any(negates))


def editable_words(
    record: Record, protected: frozenset[str] = frozenset(), facts: WordFacts | None = None
) -> tuple[tuple[Word, ...], list[Word]]:
    """All words of ``record`` and the ones an augmenter may edit, move, delete or copy.

    A word is editable when it is made of word tokens only (no number, URL,
    email or symbol), lies outside every entity span, is neither a negation nor
    the word right after one ("do not cancel": deleting or moving either flips
    the meaning; a negation inside an entity, "Not Fade Away", is just a name),
    is no unit of the number before it ("3 pm"), is no part of a URL or email
    (judged by its whole chunk, any case, see :func:`in_guarded_chunk`), and is
    not protected. ``facts`` are the record's :func:`word_facts`, if known.
    """
    if facts is None:
        facts = word_facts(record)
    if facts.fixed is None:
        editable = [w for w in facts.words if w.is_plain]
    else:
        editable = [w for w, fixed in zip(facts.words, facts.fixed, strict=True) if not fixed]
    if record.spans:
        editable = outside_spans(editable, record.spans)
    if protected:
        editable = [w for w in editable if w.text.lower() not in protected]
    return facts.words, editable


def is_negation(word: str) -> bool:
    """Whether ``word`` negates ("not", "Never", "shouldn't", "don’t", "DONT")."""
    low = word.lower()
    return low in _NEGATION_FORMS or low[-3:] in ("n't", "n’t")


_NEGATION_FORMS = NEGATIONS | {w.replace("'", "’") for w in NEGATIONS}


def _in_link(text: str, word: Word) -> bool:
    """Whether ``word`` is a URL or email: judged by its whole chunk, in any case."""
    chunk = text[word.chunk_start : word.chunk_end]
    return ("." in chunk or ":" in chunk) and guarded_extent(chunk) is not None


def outside_spans(items: Sequence[Word], spans: Sequence[Span]) -> list[Word]:
    """The items (sorted by start) that share no character with the sorted spans."""
    kept: list[Word] = []
    k = 0
    for item in items:
        while k < len(spans) and spans[k].end <= item.start:
            k += 1
        if k == len(spans) or item.end <= spans[k].start:
            kept.append(item)
    return kept


def in_guarded_chunk(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` touches the number or link of a whitespace chunk.

    A chunk's word (its outer punctuation left out) is guarded whole when it
    holds a digit ("5-star", "7pm") or is a URL or email in any case
    ("mailto:anna@mail.org", "HTTPS://EXAMPLE.COM/ABC"): spaCy splits such
    chunks into pieces that look like plain words ("star", "login", "ABC").

    >>> text = "book the 5-star hotel at kayak.com's site"
    >>> in_guarded_chunk(text, 11, 15), in_guarded_chunk(text, 16, 21)
    (True, False)
    >>> in_guarded_chunk(text, 31, 36), in_guarded_chunk("try HTTPS://X.COM/ABC now", 18, 21)
    (True, True)
    """
    for offset, chunk in chunks_touching(text, start, end):
        extent = guarded_extent(chunk)
        if extent is not None and offset + extent[0] < end and start < offset + extent[1]:
            return True
    return False


def chunks_touching(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The whitespace chunks ``text[start:end]`` shares a character with, with offsets.

    One chunk for a token; two for the pair a merge of two words would make.
    """
    if text.isprintable():  # the ASCII space is the only whitespace: find it in C
        first = text.rfind(" ", 0, start) + 1
        last = text.find(" ", end)
        if last < 0:
            last = len(text)
    else:
        first, last = _chunk_around(text, start, end)
    region = text[first:last]
    if " " not in region and region.isprintable():  # one chunk: a token
        return [(first, region)]
    return [(first + m.start(), m.group()) for m in _CHUNK.finditer(region)]


def protected_ranges(text: str, phrases: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Where ``phrases`` occur in ``text``: any case, on word boundaries, as (start, end).

    An entry may hold several words ("apple music", any whitespace between
    them), hyphens ("e-mail") or an apostrophe, straight or curly ("don't").

    >>> protected_ranges("Cancel my Apple  Music e-mail", ("apple music", "e-mail", "mail"))
    ((10, 22), (23, 29))
    """
    pattern = _phrase_pattern(tuple(phrases))
    if pattern is None:
        return ()
    return _occurrences(pattern, text)


@functools.lru_cache(maxsize=1024)
def _occurrences(pattern: re.Pattern[str], text: str) -> tuple[tuple[int, int], ...]:
    return tuple(m.span() for m in pattern.finditer(text))


@functools.lru_cache(maxsize=256)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for all ``phrases``, longest first so a longer entry wins."""
    entries = sorted({" ".join(p.split()) for p in phrases if p.strip()}, key=len, reverse=True)
    if not entries:
        return None
    alternatives = "|".join(_phrase_regex(entry) for entry in entries)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _phrase_regex(entry: str) -> str:
    """A regex for one entry: any whitespace between words, either apostrophe."""
    words = (_APOSTROPHE.sub("['’]", re.escape(w)) for w in entry.split())
    return r"\s+".join(words)


@functools.lru_cache(maxsize=65_536)
def guarded_extent(chunk: str) -> tuple[int, int] | None:
    """Where in ``chunk`` its word lies if that holds a digit or is a URL or email, else None.

    >>> guarded_extent("(5-star),"), guarded_extent("mailto:anna@mail.org"), guarded_extent("ok?")
    ((1, 7), (0, 20), None)
    """
    found = chunk_word(chunk)
    if found is None:
        return None
    start, end, first, last, _ = found
    pieces = chunk_pieces(chunk)
    word = chunk[start:end]
    if _has_digit(word) or is_link(word) or any(k in LINKS for _, _, k in pieces[first : last + 1]):
        return start, end
    return None


def is_link(word: str) -> bool:
    """Whether ``word`` reads as a URL or email, in any case and whatever spaCy split.

    >>> is_link("file:///home/notes"), is_link("KAYAK.COM's"), is_link("e.g."), is_link("ok...so")
    (True, True, False, False)
    """
    if "." not in word and ":" not in word:
        return False  # every URL and email has one
    low = word.lower().strip(_OUTER)
    if low.endswith(("'s", "’s")):
        low = low[:-2]
    if "://" in low or low.startswith(("mailto:", "www.")) or _EMAIL_LIKE.search(low):
        return True
    if not _DOMAIN.fullmatch(low):
        return False
    from spacy.lang.lex_attrs import like_url  # spaCy's known top-level domains

    return bool(like_url(low))


def _has_digit(text: str) -> bool:
    return not text.isalpha() and any(ch.isdigit() for ch in text)


_CHUNK = re.compile(r"\S+")
_APOSTROPHE = re.compile("['’]")
_OUTER = ".,!?;:'\"()[]{}<>‘’“”"
_EMAIL_LIKE = re.compile(r"\w@\w[^@\s]*\.\w")  # "@" with a dot after it
#: labels joined by single dots, ending in a top-level domain, maybe a port and a path
_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#].*)?")


def _chunk_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the whitespace chunk holding ``text[start:end]`` begins and ends."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
