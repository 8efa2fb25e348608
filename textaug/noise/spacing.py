"""Whitespace noise: a space typed inside a word, or missed between two words."""

from __future__ import annotations

from dataclasses import dataclass

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.guards import check_change, check_token
from textaug.noise.base import WordNoise, span_state
from textaug.noise.clusters import edit_sites
from textaug.record import Edit, Record
from textaug.registry import register
from textaug.tokens import Kind, Token, tokenize

SPACING_ACTIONS = ("split", "merge")


@register("whitespace_noise")
@dataclass(frozen=True)
class WhitespaceNoise(WordNoise):
    """Splits a word in two ("fli ght") or merges two words ("alot", "bookit").

    A merge only removes the single space between two word tokens, both
    outside entity spans (the guards check the pair as one token), so spans
    keep their exact text and shift by one; a word with digits, a link or a
    protected phrase is never joined to its neighbour ("7pm tomorrow"). A
    split whose parts are both real words ("in form") is vetoed by
    ``not_a_real_word``, one that makes a negation ("casi no") by
    ``protect_negations``. With ``protect_numbers``, a split never makes a
    number word ("glu ten") and the word right after a number ("7 pm", "5 kg")
    is never joined to the next. Neither separates a letter from its combining marks.
    """

    actions: tuple[str, ...] = SPACING_ACTIONS

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.actions or any(a not in SPACING_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(SPACING_ACTIONS)}"
            )

    def transform(self, record: Record, ctx: Context) -> Record | None:
        tokens = tokenize(record.text)
        candidates = [
            i for i, t in enumerate(tokens)
            if t.kind == Kind.WORD and not (record.spans and span_state(t, record.spans) < 0)
        ]  # fmt: skip
        if not candidates:
            ctx.give_up(f"{self.name}: no eligible word")
            return None
        rng = ctx.rng
        wanted = self.budget(len(candidates), rng)
        rng.shuffle(candidates)
        used: set[int] = set()
        edits: list[Edit] = []
        for i in candidates:
            if len(edits) >= wanted:
                break
            if i in used:
                continue
            action = self.actions[int(rng.random() * len(self.actions))]
            if action == "merge":
                edit = self._merge(record, tokens, i, used, ctx)
            else:
                edit = self._split(record, tokens[i], ctx)
            if edit is not None:
                edits.append(edit)
                used.update((i - 1, i, i + 1))
        return self.finish(record, edits, ctx)

    def _split(self, record: Record, token: Token, ctx: Context) -> Edit | None:
        inner = edit_sites(token.text).inner  # never between a letter and its marks
        if not inner or not check_token(self.guards, record, token, ctx):
            return None
        at = inner[int(ctx.rng.random() * len(inner))]
        noisy = token.text[:at] + " " + token.text[at:]
        if not check_change(self.guards, record, token, noisy, ctx):
            return None
        inside = bool(record.spans) and span_state(token, record.spans) > 0
        return Edit(token.start + at, token.start + at, " ", f"{self.name}:split", inside)

    def _merge(
        self, record: Record, tokens: tuple[Token, ...], i: int, used: set[int], ctx: Context
    ) -> Edit | None:
        j = i + 1
        if j >= len(tokens) or j in used or tokens[j].kind != Kind.WORD:
            return None
        left, right = tokens[i], tokens[j]
        text = record.text
        if text[left.end : right.start] != " ":
            return None
        pair = Token(left.start, right.end, text[left.start : right.end], Kind.WORD)
        if left.end - left.start not in edit_sites(pair.text).letters:
            return None  # a mark or a joiner clings to the space
        if record.spans and span_state(pair, record.spans) < 0:
            return None  # never merge across an entity boundary
        if not check_token(self.guards, record, pair, ctx):
            return None
        if not check_change(self.guards, record, pair, left.text + right.text, ctx):
            return None
        inside = bool(record.spans) and span_state(pair, record.spans) > 0
        return Edit(left.end, right.start, "", f"{self.name}:merge", inside)

