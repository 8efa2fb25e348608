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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textaug.augmenter import Context
from textaug.protect import overlaps
from textaug.record import Record
from textaug.registry import register
from textaug.tokens import Kind, Token

#: Negation words no edit may change: a typo or synonym of these flips meaning.
NEGATIONS = frozenset(
    {
        "not", "n't", "no", "never", "nor", "none", "nothing", "nobody", "neither",
        "nowhere", "cannot", "without", "hardly", "barely", "scarcely", "dont", "don't",
        "doesnt", "didnt", "isnt", "wasnt", "arent", "werent", "wont", "cant", "couldnt",
        "shouldnt", "wouldnt", "havent", "hasnt", "hadnt", "aint",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Guard:
    """Base class: allows everything; subclasses override the checks they make."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "guard"

    def allows_token(self, record: Record, token: Token) -> bool:
        """Whether ``token`` of ``record`` may be edited at all."""
        return True

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        """Whether replacing ``token`` by ``replacement`` keeps the meaning."""
        return True

    def allows_record(self, before: Record, after: Record) -> bool:
        """Whether the variant ``after`` of ``before`` keeps the meaning."""
        return True


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

    def allows_token(self, record: Record, token: Token) -> bool:
        return not (record.spans and overlaps(token.start, token.end, record.spans))


@register("protect_numbers", kind="guard")
@dataclass(frozen=True)
class ProtectNumbers(Guard):
    """Never edits numbers, URLs, emails, or words containing digits ("8pm", "A320")."""

    def allows_token(self, record: Record, token: Token) -> bool:
        if token.kind in (Kind.NUM, Kind.URL, Kind.EMAIL):
            return False
        return not any(ch.isdigit() for ch in token.text)


@register("protect_negations", kind="guard")
@dataclass(frozen=True)
class ProtectNegations(Guard):
    """Never edits negations ("not" -> "now" flips the meaning); extend with ``extra``."""

    extra: tuple[str, ...] = ()

    def allows_token(self, record: Record, token: Token) -> bool:
        word = token.text.lower()
        return word not in NEGATIONS and word not in self.extra


@register("protect_words", kind="guard")
@dataclass(frozen=True)
class ProtectWords(Guard):
    """Never edits the listed words (case-insensitive), e.g. product names.

    ``by_label`` maps an intent to the words that carry it ("cancel" for
    cancel_order), which are protected in records of that intent only.
    """

    words: tuple[str, ...] = ()
    by_label: dict[str, list[str]] | None = None

    def allows_token(self, record: Record, token: Token) -> bool:
        word = token.text.lower()
        if word in (w.lower() for w in self.words):
            return False
        if self.by_label and record.label in self.by_label:
            return word not in (w.lower() for w in self.by_label[record.label])
        return True


def default_guards() -> tuple[Guard, ...]:
    """Entities, numbers/URLs/emails and negations: what no augmenter should change."""
    return (ProtectEntities(), ProtectNumbers(), ProtectNegations())
