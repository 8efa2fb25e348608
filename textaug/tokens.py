"""Where the tokens are: spaCy's English tokenizer, made cheap enough for a hot path.

Tokens only decide *where* to edit; text is never rebuilt from them. spaCy
tokenizes each whitespace-delimited chunk on its own, so we split on
whitespace, answer trivial chunks ("flight", "flight?", "42") directly, ask
spaCy (``spacy.blank("en")``, loaded lazily, no download) about the rest, and
cache every chunk. A test checks that the result equals spaCy's on real and
generated text. Contractions, hyphenated words, URLs, emails, numbers and
emoji come out as spaCy splits them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from enum import IntEnum
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer


class Kind(IntEnum):
    """What a token is, as far as deciding whether to edit it goes."""

    WORD = 0
    NUM = 1
    PUNCT = 2
    URL = 3
    EMAIL = 4
    SYMBOL = 5  # emoji, currency signs and other non-alphanumeric marks


class Token(NamedTuple):
    """One spaCy token by character offsets into the original text."""

    start: int
    end: int
    text: str
    kind: Kind


class Word(NamedTuple):
    """A whitespace chunk without its leading and trailing punctuation.

    "don't" and "New-York" are one word of several tokens; in "flight?" the
    word is "flight". Structural augmenters move and delete words, so
    contractions and hyphenated compounds are never torn apart.
    """

    start: int
    end: int
    text: str
    first: int  # index of the word's first token
    last: int  # index of its last token (inclusive)
    is_plain: bool  # every token is a WORD (no number, URL, email, symbol)
    chunk_start: int  # the whole whitespace chunk, with its punctuation
    chunk_end: int


_CHUNK = re.compile(r"\S+")
_TRAILING_PUNCT = frozenset(",.!?;:")
_MAX_CACHED_CHUNKS = 200_000
_chunks: dict[str, tuple[tuple[int, int, Kind], ...]] = {}


def tokenize(text: str) -> tuple[Token, ...]:
    """The non-whitespace tokens of ``text``, as spaCy's English tokenizer splits them.

    >>> [t.text for t in tokenize("Don't book 2 flights, ok?")]
    ['Do', "n't", 'book', '2', 'flights', ',', 'ok', '?']
    """
    return _tokenize_cached(text)


@functools.lru_cache(maxsize=16_384)
def _tokenize_cached(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    append = tokens.append
    for match in _CHUNK.finditer(text):
        offset = match.start()
        chunk = match.group()
        pieces = _chunks.get(chunk)
        if pieces is None:
            pieces = _split_chunk(chunk)
        for start, end, kind in pieces:
            append(Token(offset + start, offset + end, text[offset + start : offset + end], kind))
    return tuple(tokens)


def words(tokens: Sequence[Token]) -> tuple[Word, ...]:
    """Group tokens into whitespace chunks and trim punctuation off each.

    >>> [w.text for w in words(tokenize("(Hi) don't re-book, 2 ok?!"))]
    ['Hi', "don't", 're-book', '2', 'ok']
    """
    found: list[Word] = []
    i = 0
    n = len(tokens)
    while i < n:
        j = i
        while j + 1 < n and tokens[j + 1].start == tokens[j].end:
            j += 1
        first, last = i, j
        while first <= last and tokens[first].kind in (Kind.PUNCT, Kind.SYMBOL):
            first += 1
        while last >= first and tokens[last].kind in (Kind.PUNCT, Kind.SYMBOL):
            last -= 1
        if first <= last:
            start, end = tokens[first].start, tokens[last].end
            text = "".join(tokens[k].text for k in range(first, last + 1))
            plain = all(tokens[k].kind is Kind.WORD for k in range(first, last + 1))
            found.append(Word(start, end, text, first, last, plain, tokens[i].start, tokens[j].end))
        i = j + 1
    return tuple(found)


def _split_chunk(chunk: str) -> tuple[tuple[int, int, Kind], ...]:
    """Split one whitespace chunk the way spaCy would, caching the answer."""
    n = len(chunk)
    pieces: tuple[tuple[int, int, Kind], ...]
    if chunk in _special_cases():
        pieces = _spacy_split(chunk)
    elif chunk.isalpha():
        pieces = ((0, n, Kind.WORD),)
    elif chunk.isdigit() and chunk.isascii():
        pieces = ((0, n, Kind.NUM),)
    elif _is_word_then_mark(chunk) and chunk[:-1] not in _special_cases():
        pieces = ((0, n - 1, Kind.WORD), (n - 1, n, Kind.PUNCT))
    else:
        pieces = _spacy_split(chunk)
    if len(_chunks) >= _MAX_CACHED_CHUNKS:
        _chunks.clear()
    _chunks[chunk] = pieces
    return pieces


def _is_word_then_mark(chunk: str) -> bool:
    """A word of 2+ letters and one mark spaCy always splits off ("flight?", "ok.").

    spaCy keeps a period after a capital ("D.", "abC.") unless two capitals
    precede it, so a period counts only after a lowercase letter.
    """
    if len(chunk) < 3 or chunk[-1] not in _TRAILING_PUNCT or not chunk[:-1].isalpha():
        return False
    return chunk[-1] != "." or chunk[-2].islower()


def _spacy_split(chunk: str) -> tuple[tuple[int, int, Kind], ...]:
    doc = _spacy_tokenizer()(chunk)
    return tuple((t.idx, t.idx + len(t.text), _kind_of(t)) for t in doc if not t.is_space)


def _kind_of(token: Any) -> Kind:
    if token.like_email:
        return Kind.EMAIL
    if token.like_url:
        return Kind.URL
    if token.like_num:
        return Kind.NUM
    if token.is_punct:
        return Kind.PUNCT
    if any(ch.isalnum() for ch in token.text):
        return Kind.WORD
    return Kind.SYMBOL


@functools.cache
def _spacy_tokenizer() -> Tokenizer:
    import spacy

    return spacy.blank("en").tokenizer


@functools.cache
def _special_cases() -> frozenset[str]:
    """spaCy special cases that look trivial ("cannot", "Mr."); shipped as data."""
    table = resources.files("textaug") / "data" / "spacy_en_special_cases.txt"
    return frozenset(table.read_text(encoding="utf-8").split())


def special_case_table() -> list[str]:
    """Compute the shipped table from the installed spaCy (see scripts/)."""
    rules = _spacy_tokenizer().rules or {}
    trivial = (
        key
        for key in rules
        if key.isalpha()
        or (key.isdigit() and key.isascii())
        or _is_word_then_mark(key)
    )
    return sorted(set(trivial))
