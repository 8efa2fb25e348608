"""What no augmenter may change: entities, numbers, URLs, emails, negations, listed words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textaug.guards.base import Guard, same_letters
from textaug.record import Record
from textaug.registry import register
from textaug.tokens import Kind, Token

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


def _lowered(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in items)
