"""Case and punctuation noise: the letters stay, their case and the marks around them change.

Case changes and marks around a word keep its letters, so only the guards that
protect exact bytes (entities, numbers, protected words, custom guards) are
asked; spelling guards (negations, first letter, real words) have nothing to
veto. A dropped apostrophe is different: it joins a contraction into one word,
which may be another word ("we're" -> "were"), so every guard is asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.guards import Guard, change_guards, check_change
from textaug.noise.base import WordNoise, letter_safe, recase, span_state
from textaug.noise.clusters import edit_sites
from textaug.record import Edit, Record
from textaug.registry import register
from textaug.tokens import Kind, Token, Word, analyse, tokenize

CASE_ACTIONS = ("lower", "flip", "upper")
PUNCTUATION_ACTIONS = ("drop_mark", "double_mark", "drop_apostrophe")
_MARKS = frozenset(".,!?;:")
_APOSTROPHES = ("'", "’")


@dataclass(frozen=True)
class _LetterKeeping(WordNoise):
    """Shared loop for noise that keeps letters: asks only the byte-protecting guards."""

    def active_guards(self) -> tuple[Guard, ...]:
        return letter_safe(self.guards)

    def _try(
        self,
        record: Record,
        token: Token,
        text: str,
        op: str,
        ctx: Context,
        guards: tuple[Guard, ...],
    ) -> Edit | None:
        """The edit replacing ``token`` by ``text``, if it changes something ``guards`` allow."""
        inside = bool(record.spans) and span_state(token, record.spans) > 0
        if text == token.text or (inside and not text):
            return None
        if not check_change(guards, record, token, text, ctx):
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
    never changed (ask for it with ``guards=()``), nor a character whose case
    change has another length (the ligature "ﬁ" would become "FI").
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
                lowered = recase(token.text, str.lower)
                edit = self._try(record, token, lowered, op, ctx, self._change_guards)
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
                text = recase(token.text, str.upper)
            else:
                flips = {int(rng.random() * len(token.text)) for _ in range(2)}
                text = "".join(
                    recase(ch, str.swapcase) if k in flips else ch
                    for k, ch in enumerate(token.text)
                )
            edit = self._try(record, token, text, op, ctx, self._change_guards)
            if edit is not None:
                edits.append(edit)
        return self.finish(record, edits, ctx)


@register("punctuation_noise")
@dataclass(frozen=True)
class PunctuationNoise(_LetterKeeping):
    """Drops or doubles a trailing mark ("ok?" -> "ok", "ok??") or a word's apostrophe ("dont").

    What hurried typists do to punctuation. Letters never change, so "don't"
    -> "dont" keeps its negation; marks inside entities are left alone. An
    apostrophe is dropped from the whole word and faces every guard, so
    ``not_a_real_word`` vetoes "we're" -> "were" and "it's" -> "its".
    """

    actions: tuple[str, ...] = PUNCTUATION_ACTIONS
    # every guard that checks changes: a dropped apostrophe may spell another word
    _word_guards: tuple[Guard, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.actions or any(a not in PUNCTUATION_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(PUNCTUATION_ACTIONS)}"
            )
        object.__setattr__(self, "_word_guards", change_guards(self.guards))

    def _apostrophe_site(self, token: Token) -> bool:
        return (
            "drop_apostrophe" in self.actions
            and token.kind == Kind.WORD
            and len(token.text) > 1
            and any(a in token.text for a in _APOSTROPHES)
        )

    def _candidates(self, record: Record) -> list[tuple[Token, str]]:
        """Each trailing mark and each word with an apostrophe, with the action to try."""
        text = record.text
        spans = record.spans
        tokens, words = analyse(text)
        sites: list[tuple[Token, str]] = []
        joined: set[int] = set()  # words already listed (one may hold several apostrophes)
        for index, token in enumerate(tokens):
            if spans and span_state(token, spans) < 0:
                continue
            if token.kind == Kind.PUNCT and token.text in _MARKS:
                after = text[token.end : token.end + 1]
                if not after or after.isspace():
                    if "drop_mark" in self.actions:
                        sites.append((token, "drop_mark"))
                    if "double_mark" in self.actions:
                        sites.append((token, "double_mark"))
            elif self._apostrophe_site(token):
                word = _word_token(words, index)
                if word.start not in joined and not (spans and span_state(word, spans) < 0):
                    sites.append((word, "drop_apostrophe"))
                    joined.add(word.start)
        return sites

    def transform(self, record: Record, ctx: Context) -> Record | None:
        sites = self._candidates(record)
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
            guards = self._change_guards
            if action == "drop_mark":
                noisy = ""
            elif action == "double_mark":
                noisy = token.text * 2
            else:
                noisy = _without_apostrophes(token.text)
                guards = self._word_guards
            edit = self._try(record, token, noisy, f"{self.name}:{action}", ctx, guards)
            if edit is not None:
                if action == "drop_mark":
                    edit = _with_spaces_before(record, edit)
                edits.append(edit)
                done.add(token.start)
        return self.finish(record, edits, ctx)


def _with_spaces_before(record: Record, edit: Edit) -> Edit:
    """A dropped mark takes the spaces before it ("in town ?" -> "in town", not "in town "),
    unless they start a line or touch an entity."""
    text, start = record.text, edit.start
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    if (
        start == edit.start
        or start == 0
        or text[start - 1] in "\r\n"
        or edit.in_span
        or (record.spans and any(s.start < edit.end and start < s.end for s in record.spans))
    ):
        return edit
    return edit._replace(start=start)


def _without_apostrophes(word: str) -> str:
    """``word`` without its apostrophes (but one a combining mark clings to)."""
    letters = edit_sites(word).letters
    return "".join(ch for k, ch in enumerate(word) if ch not in _APOSTROPHES or k not in letters)


def _word_token(words: tuple[Word, ...], index: int) -> Token:
    """The word holding token ``index``, as one token ("we're", not "'re")."""
    word = next(w for w in words if w.first <= index <= w.last)
    return Token(word.start, word.end, word.text, Kind.WORD)
