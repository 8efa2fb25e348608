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
import unicodedata
from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer


class Kind:
    """What a token is, as far as deciding whether to edit it goes.

    Plain int constants, not an enum: tokens are cached by the hundred thousand,
    and tuples holding only ints and strings are left alone by the garbage
    collector, which halved the cost of noise augmentation. Compare with ``==``.
    """

    WORD = 0
    NUM = 1
    PUNCT = 2
    URL = 3
    EMAIL = 4
    SYMBOL = 5  # emoji, currency signs and other non-alphanumeric marks
    NAMES = ("WORD", "NUM", "PUNCT", "URL", "EMAIL", "SYMBOL")


class Token(NamedTuple):
    """One spaCy token by character offsets into the original text."""

    start: int
    end: int
    text: str
    kind: int  # a Kind constant


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
    is_plain: bool  # every token is a WORD, no digit ("A320"), no leading emoji modifier
    chunk_start: int  # the whole whitespace chunk, with its punctuation
    chunk_end: int


_CHUNK = re.compile(r"\S+")
_HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")  # letters joined by hyphens: "Pre-Party"
_TRAILING_PUNCT = frozenset(",.!?;:")
_MAX_CACHED_CHUNKS = 200_000
#: Texts whose tokens and words are kept: enough for a record's variants and pipeline
#: steps. Kept small on purpose: cached named tuples stay tracked by the garbage
#: collector, and a large cache made full collections dominate the hot path.
_TEXT_CACHE = 64

#: A chunk's tokens relative to the chunk: (start, end, kind).
Pieces = tuple[tuple[int, int, int], ...]
_WORD = Kind.WORD
_EDGES = (Kind.PUNCT, Kind.SYMBOL)
#: A chunk's word relative to the chunk: (start, end, first token, last token, is_plain).
ChunkWord = tuple[int, int, int, int, bool] | None
_chunks: dict[str, tuple[Pieces, ChunkWord]] = {}


def tokenize(text: str) -> tuple[Token, ...]:
    """The non-whitespace tokens of ``text``, as spaCy's English tokenizer splits them.

    >>> [t.text for t in tokenize("Don't book 2 flights, ok?")]
    ['Do', "n't", 'book', '2', 'flights', ',', 'ok', '?']
    """
    return _tokenize_cached(text)


def words_of(text: str) -> tuple[Word, ...]:
    """The words of ``text`` (see :class:`Word`), computed once per text.

    Structural augmenters need only words, so this builds no tokens.

    >>> [w.text for w in words_of("(Hi) don't re-book, 2 ok?!")]
    ['Hi', "don't", 're-book', '2', 'ok']
    """
    return _words_cached(text)


def analyse(text: str) -> tuple[tuple[Token, ...], tuple[Word, ...]]:
    """Tokens and words of ``text``."""
    return _tokenize_cached(text), _words_cached(text)


def chunk_pieces(chunk: str) -> Pieces:
    """The tokens of one whitespace chunk as (start, end, kind) relative to it; cached.

    >>> chunk_pieces("don't")
    ((0, 2, 0), (2, 5, 0))
    """
    cached = _chunks.get(chunk) or _analyse_chunk(chunk)
    return cached[0]


def chunk_word(chunk: str) -> ChunkWord:
    """The word of one whitespace chunk, (start, end, first token, last token, is_plain)
    relative to it, or None for a chunk of marks only; cached with its tokens.

    >>> chunk_word("(5-star),")
    (1, 7, 1, 3, False)
    """
    cached = _chunks.get(chunk) or _analyse_chunk(chunk)
    return cached[1]


def clear_caches() -> None:
    """Forget cached texts (chunk splits stay cached); for fair benchmarks."""
    _tokenize_cached.cache_clear()
    _words_cached.cache_clear()


def chunks(text: str) -> list[tuple[int, str]]:
    """Each whitespace chunk of ``text`` with its offset.

    Most utterances are words joined by single spaces; ``str.split`` finds those
    chunks several times faster than the regular expression. ``isprintable`` is
    false for every whitespace character but the ASCII space.

    >>> chunks("book  a flight?")
    [(0, 'book'), (6, 'a'), (8, 'flight?')]
    """
    if "  " in text or not text.isprintable() or text[:1] == " " or text[-1:] == " ":
        return [(match.start(), match.group()) for match in _CHUNK.finditer(text)]
    found = []
    offset = 0
    for chunk in text.split(" "):
        found.append((offset, chunk))
        offset += len(chunk) + 1
    return found if text else []


# Tokens and words are built with tuple.__new__: a named tuple's own __new__ is a
# Python function, and these are made by the hundred thousand.
_new = tuple.__new__


@functools.lru_cache(maxsize=_TEXT_CACHE)
def _tokenize_cached(text: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    append = tokens.append
    for offset, chunk in chunks(text):
        cached = _chunks.get(chunk) or _analyse_chunk(chunk)
        for start, end, kind in cached[0]:
            start += offset
            end += offset
            append(_new(Token, (start, end, text[start:end], kind)))
    return tuple(tokens)


@functools.lru_cache(maxsize=_TEXT_CACHE)
def _words_cached(text: str) -> tuple[Word, ...]:
    found: list[Word] = []
    count = 0  # tokens before this chunk
    for offset, chunk in chunks(text):
        pieces, word = _chunks.get(chunk) or _analyse_chunk(chunk)
        if word is not None:
            start, end, first, last, plain = word
            found.append(
                _new(Word, (offset + start, offset + end, text[offset + start : offset + end],
                            count + first, count + last, plain, offset, offset + len(chunk)))
            )  # fmt: skip
        count += len(pieces)
    return tuple(found)


def words(tokens: Sequence[Token]) -> tuple[Word, ...]:
    """Group tokens into whitespace chunks and trim punctuation off each.

    Prefer :func:`words_of`, which caches; this works on any token sequence.

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
        while first <= last and tokens[first].kind in _EDGES:
            first += 1
        while last >= first and tokens[last].kind in _EDGES:
            last -= 1
        if first <= last:
            start, end = tokens[first].start, tokens[last].end
            text = "".join(tokens[k].text for k in range(first, last + 1))
            plain = all(tokens[k].kind == Kind.WORD for k in range(first, last + 1))
            plain = plain and _plain_text(text)
            found.append(Word(start, end, text, first, last, plain, tokens[i].start, tokens[j].end))
        i = j + 1
    return tuple(found)


def _analyse_chunk(chunk: str) -> tuple[Pieces, ChunkWord]:
    """Split one whitespace chunk the way spaCy would and find its word; cached."""
    pieces = _split_chunk(chunk)
    first, last = 0, len(pieces) - 1
    while first <= last and pieces[first][2] in _EDGES:
        first += 1
    while last >= first and pieces[last][2] in _EDGES:
        last -= 1
    word: ChunkWord = None
    if first <= last:
        start, end = pieces[first][0], pieces[last][1]
        plain = all(pieces[k][2] == _WORD for k in range(first, last + 1))
        word = (start, end, first, last, plain and _plain_text(chunk[start:end]))
    if len(_chunks) >= _MAX_CACHED_CHUNKS:
        _chunks.clear()
    _chunks[chunk] = (pieces, word)
    return pieces, word


def _split_chunk(chunk: str) -> Pieces:
    """Split one whitespace chunk the way spaCy would."""
    n = len(chunk)
    if chunk in _special_cases():
        return _spacy_split(chunk)
    if chunk.isalpha():
        return ((0, n, _letters_kind(chunk)),)
    if chunk.isdigit() and chunk.isascii():
        return ((0, n, Kind.NUM),)
    if _is_word_then_mark(chunk) and chunk[:-1] not in _special_cases():
        return ((0, n - 1, _letters_kind(chunk[:-1])), (n - 1, n, Kind.PUNCT))
    if _HYPHENATED.fullmatch(chunk) and chunk.isascii():
        # spaCy's infix rule splits a hyphen between letters: "Pre-Party" -> Pre - Party
        pieces: list[tuple[int, int, int]] = []
        start = 0
        for part in chunk.split("-"):
            if start:
                pieces.append((start - 1, start, Kind.PUNCT))
            pieces.append((start, start + len(part), _letters_kind(part)))
            start += len(part) + 1
        return tuple(pieces)
    return _spacy_split(chunk)


def _letters_kind(letters: str) -> int:
    """The kind spaCy gives a token of letters: NUM for a number word, else WORD."""
    return Kind.NUM if letters.lower() in NUMBER_WORDS else _WORD


def _plain_text(text: str) -> bool:
    """Whether a word of WORD tokens may move: no digit, and no mark that belongs to the
    symbol before it (spaCy reads "☎️now" as "☎" + "\ufe0fnow"; moving "\ufe0fnow" would
    strip the emoji of its variation selector)."""
    return not _has_digit(text) and (text.isascii() or not _joins_previous(text[0]))


def _joins_previous(char: str) -> bool:
    """A character that modifies the one before it: a combining mark, a variation
    selector, a zero-width joiner or an emoji skin-tone modifier."""
    skin_tone = "\U0001f3fb" <= char <= "\U0001f3ff"
    return skin_tone or unicodedata.category(char) in ("Mn", "Me", "Mc", "Cf")


def _has_digit(text: str) -> bool:
    """Whether a word holds a digit ("7:30", "A320", "mp3"): a number, never moved or deleted."""
    return any(ch.isdigit() for ch in text)


#: Words spaCy's English ``like_num`` calls numbers: cardinals and ordinals. A chunk
#: of letters skips spaCy, so this keeps "five" a number as in "(five)" (a test checks
#: the list against the installed spaCy).
_NUMBER_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion quadrillion
    quintillion sextillion septillion octillion nonillion decillion gajillion bazillion
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth
    thousandth millionth billionth trillionth quadrillionth quintillionth sextillionth
    septillionth octillionth nonillionth decillionth gajillionth bazillionth"""
NUMBER_WORDS = frozenset(_NUMBER_WORDS.split())


def _is_word_then_mark(chunk: str) -> bool:
    """A word of 2+ letters and one mark spaCy always splits off ("flight?", "ok.").

    spaCy keeps a period after a capital ("D.", "abC.") unless two capitals
    precede it, so a period counts only after a lowercase letter.
    """
    if len(chunk) < 3 or chunk[-1] not in _TRAILING_PUNCT or not chunk[:-1].isalpha():
        return False
    return chunk[-1] != "." or chunk[-2].islower()


def _spacy_split(chunk: str) -> Pieces:
    doc = _spacy_tokenizer()(chunk)
    return tuple((t.idx, t.idx + len(t.text), _kind_of(t)) for t in doc if not t.is_space)


def _kind_of(token: Any) -> int:
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
        or (_HYPHENATED.fullmatch(key) and key.isascii())
    )
    return sorted(set(trivial))
