"""Case and punctuation noise: the letters stay, their case and the marks around them change.

These changes keep every word's letters, so only the guards that protect
exact bytes (entities, numbers, protected words, custom guards) are asked;
spelling guards (negations, first letter, real words) have nothing to veto.
"""

from __future__ import annotations

from dataclasses import dataclass

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.guards import Guard, check_change
from textaug.noise.base import WordNoise, letter_safe, span_state
from textaug.record import Edit, Record
from textaug.registry import register
from textaug.tokens import Kind, Token, tokenize

CASE_ACTIONS = ("lower", "flip", "upper")
PUNCTUATION_ACTIONS = ("drop_mark", "double_mark", "drop_apostrophe")
_MARKS = frozenset(".,!?;:")
_APOSTROPHES = ("'", "’")


@dataclass(frozen=True)
class _LetterKeeping(WordNoise):
    """Shared loop for noise that keeps letters: asks only the byte-protecting guards."""

    def active_guards(self) -> tuple[Guard, ...]:
        return letter_safe(self.guards)

    def _try(self, record: Record, token: Token, text: str, op: str, ctx: Context) -> Edit | None:
        inside = bool(record.spans) and span_state(token, record.spans) > 0
        if text == token.text or (inside and not text):
            return None
        if not check_change(self._change_guards, record, token, text, ctx):
            return None
        return Edit(token.start, token.end, text, op, inside)

    def _sites(self, record: Record, tokens: tuple[Token, ...]) -> list[Token]:
        spans = record.spans
        return [t for t in tokens if not (spans and span_state(t, spans) < 0)]


@register("case_noise")
@dataclass(frozen=True)
class CaseNoise(_LetterKeeping):
    """Lowercases the whole text, flips the case of letters in a word, or capitalises one.

    ``lower`` ("i want to fly to boston") is what most phone users type;
    ``flip`` ("fLight") and ``upper`` ("FLIGHT") are rarer. Entity text is
    never changed (ask for it with ``guards=()``).
    """

    actions: tuple[str, ...] = CASE_ACTIONS

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.actions or any(a not in CASE_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(CASE_ACTIONS)}"
            )

    def transform(self, record: Record, ctx: Context) -> Record | None:
        rng = ctx.rng
        action = self.actions[int(rng.random() * len(self.actions))]
        tokens = [t for t in self._sites(record, tokenize(record.text)) if t.kind == Kind.WORD]
        op = f"{self.name}:{action}"
        edits: list[Edit] = []
        if action == "lower":
            for token in tokens:
                edit = self._try(record, token, token.text.lower(), op, ctx)
                if edit is not None:
                    edits.append(edit)
            return self.finish(record, edits, ctx)
        cased = [t for t in tokens if any(ch.isalpha() for ch in t.text)]
        if not cased:
            ctx.give_up(f"{self.name}: no word with letters")  # every action fails alike
            return None
        wanted = self.budget(len(cased), rng)
        rng.shuffle(cased)
        for token in cased:
            if len(edits) >= wanted:
                break
            if action == "upper":
                text = token.text.upper()
            else:
                flips = {int(rng.random() * len(token.text)) for _ in range(2)}
                text = "".join(
                    ch.swapcase() if k in flips else ch for k, ch in enumerate(token.text)
                )
            edit = self._try(record, token, text, op, ctx)
            if edit is not None:
                edits.append(edit)
        return self.finish(record, edits, ctx)


@register("punctuation_noise")
@dataclass(frozen=True)
class PunctuationNoise(_LetterKeeping):
    """Drops or doubles a trailing mark ("ok?" -> "ok", "ok??") or an apostrophe ("dont").

    What hurried typists do to punctuation. Letters never change, so "don't"
    -> "dont" keeps its negation; marks inside entities are left alone.
    """

    actions: tuple[str, ...] = PUNCTUATION_ACTIONS

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.actions or any(a not in PUNCTUATION_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(PUNCTUATION_ACTIONS)}"
            )

    def _apostrophe_site(self, token: Token) -> bool:
        return (
            "drop_apostrophe" in self.actions
            and token.kind == Kind.WORD
            and len(token.text) > 1
            and any(a in token.text for a in _APOSTROPHES)
        )

    def transform(self, record: Record, ctx: Context) -> Record | None:
        text = record.text
        sites: list[tuple[Token, str]] = []
        for token in self._sites(record, tokenize(text)):
            if token.kind == Kind.PUNCT and token.text in _MARKS:
                after = text[token.end : token.end + 1]
                if not after or after.isspace():
                    if "drop_mark" in self.actions:
                        sites.append((token, "drop_mark"))
                    if "double_mark" in self.actions:
                        sites.append((token, "double_mark"))
            elif self._apostrophe_site(token):
                sites.append((token, "drop_apostrophe"))
        if not sites:
            ctx.give_up(f"{self.name}: no mark or apostrophe to change")
            return None
        rng = ctx.rng
        wanted = self.budget(len(sites), rng)
        rng.shuffle(sites)
        edits: list[Edit] = []
        done: set[int] = set()
        for token, action in sites:
            if len(edits) >= wanted:
                break
            if token.start in done:
                continue
            if action == "drop_mark":
                noisy = ""
            elif action == "double_mark":
                noisy = token.text * 2
            else:
                noisy = token.text.replace("'", "").replace("’", "")
            edit = self._try(record, token, noisy, f"{self.name}:{action}", ctx)
            if edit is not None:
                edits.append(edit)
                done.add(token.start)
        return self.finish(record, edits, ctx)
