"""What no augmenter may change: entities, numbers, URLs, emails, negations, listed words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textaug.guards.base import Guard, same_letters
from textaug.record import Record
from textaug.registry import register
from textaug.tokens import Kind, Token, chunk_pieces

if TYPE_CHECKING:
    pass


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
    """Never edits numbers, URLs, emails, or words containing digits ("8pm", "A320").

    URLs and emails count in any case: spaCy takes "HTTPS://EXAMPLE.COM/ABC"
    for words, so a chunk is also judged in lower case.
    """

    local: ClassVar[bool] = True
    rechecks_token: ClassVar[bool] = True

    def allows_token(self, record: Record, token: Token) -> bool:
        text = token.text
        if not (token.kind == Kind.WORD and text.isalpha()):
            if token.kind in _LINKS or token.kind == Kind.NUM:
                return False
            if any(ch.isdigit() for ch in text):
                return False
        return not in_cased_link(record.text, token.start, token.end)

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


_LINKS = (Kind.URL, Kind.EMAIL)


def in_cased_link(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a URL or email written with capitals.

    spaCy recognises "https://example.com/abc" and "google.com" but takes
    "HTTPS://EXAMPLE.COM/ABC" and "GOOGLE.COM" for words, so a whitespace
    chunk with capitals is tokenized again in lower case.

    >>> text = "try HTTPS://EXAMPLE.COM/ABC today"
    >>> in_cased_link(text, 24, 27), in_cased_link(text, 28, 33)
    (True, False)
    """
    first, last = _chunk_around(text, start, end)
    chunk = text[first:last]
    if "." not in chunk and ":" not in chunk:
        return False  # every URL and email has one
    lowered = chunk.lower()
    if lowered == chunk or len(lowered) != len(chunk):
        return False  # spaCy saw it as it is (or lower case would move the offsets)
    start -= first
    end -= first
    return any(
        kind in _LINKS and piece_start < end and start < piece_end
        for piece_start, piece_end, kind in chunk_pieces(lowered)
    )


def _chunk_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the whitespace chunk holding ``text[start:end]`` begins and ends."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def default_guards() -> tuple[Guard, ...]:
    """Entities, numbers/URLs/emails and negations: what no augmenter should change."""
    return (ProtectEntities(), ProtectNumbers(), ProtectNegations())


def _lowered(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in items)
