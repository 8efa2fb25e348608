"""What no augmenter may change: entities, numbers, URLs, emails, negations, listed words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textaug.guards.base import Guard, same_letters
from textaug.lexicon.stopwords import NEGATIONS
from textaug.protect import LINKS, in_cased_link
from textaug.record import Record
from textaug.registry import register
from textaug.tokens import Kind, Token


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
            if token.kind in LINKS or token.kind == Kind.NUM:
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


def default_guards() -> tuple[Guard, ...]:
    """Entities, numbers/URLs/emails and negations: what no augmenter should change."""
    return (ProtectEntities(), ProtectNumbers(), ProtectNegations())


def _lowered(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(w.lower() for w in items)
