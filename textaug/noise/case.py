"""Case and punctuation noise: the letters stay, their case and the marks around them change.

Case changes and marks around a word keep its letters, so only the guards that
protect exact bytes (entities, numbers, protected words, custom guards) are
asked; spelling guards (negations, first letter, real words) have nothing to
veto. A dropped apostrophe is different: it joins a contraction into one word,
which may be another word ("we're" -> "were"), so every guard is asked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.guards import Guard, change_guards, check_change, check_token, token_guards
from textaug.noise.base import WordNoise, letter_safe, recase, span_state
from textaug.noise.clusters import edit_sites
from textaug.record import Edit, Record
from textaug.registry import register
from textaug.tokens import Kind, Token, Word, analyse

CASE_ACTIONS = ("lower", "flip", "upper")
PUNCTUATION_ACTIONS = ("drop_mark", "double_mark", "drop_apostrophe")
_MARK_ACTIONS = ("drop_mark", "double_mark")
_MARKS = frozenset(".,!?;:")
_APOSTROPHES = ("'", "’")


@dataclass(frozen=True)
class _LetterKeeping(WordNoise):
    """Shared loop for noise that keeps letters: asks only the byte-protecting guards.

    Words are screened as for every noise model (:meth:`WordNoise.eligible`), so
    a word a guard's ``allows_token`` vetoes keeps its case and its apostrophes.
    """

    def active_guards(self) -> tuple[Guard, ...]:
        return letter_safe(self.guards)

    def _try(
        self,
        record: Record,
        token: Token,
        text: str,
        op: str,
        ctx: Context,
        guards: tuple[Guard, ...] | None = None,
    ) -> Edit | None:
        """The edit replacing screened ``token`` by ``text``, if it changes something
        ``guards`` allow (by default those a screened token still needs asking)."""
        inside = bool(record.spans) and span_state(token, record.spans) > 0
        if text == token.text or (inside and not text):
            return None
        if guards is None:
            guards = self._fresh_change_guards
        if not check_change(guards, record, token, text, ctx):
            return None
        return Edit(token.start, token.end, text, op, inside)


@register("case_noise")
@dataclass(frozen=True)
class CaseNoise(_LetterKeeping):
    """Lowercases the whole text, flips the case of letters in a word, or capitalises one.

    ``lower`` ("i want to fly to boston") is what most phone users type, so it
    lowers every eligible word whatever ``rate``, ``min_ops`` and ``max_ops``
    say; ``flip`` ("fLight") and ``upper`` ("FLIGHT") are rarer and change
    about ``rate`` of the words. Entity text is never changed (ask for it with
    ``guards=()``), nor a character whose case change has another length (the
    ligature "ﬁ" would become "FI").
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
        cased = [t for t in self.eligible(record, ctx) if any(ch.isalpha() for ch in t.text)]
        if not cased:
            ctx.give_up(f"{self.name}: no word with letters")  # every action fails alike
            return None
        wanted = len(cased)  # lower: the whole text
        if action != "lower":
            wanted = self.budget(len(cased), rng)
            rng.shuffle(cased)
        op = f"{self.name}:{action}"
        edits: list[Edit] = []
        for token in cased:
            if len(edits) >= wanted:
                break
            edit = self._try(record, token, _recased(token.text, action, rng), op, ctx)
            if edit is not None:
                edits.append(edit)
        return self.finish(record, edits, ctx)


def _recased(word: str, action: str, rng: random.Random) -> str:
    """``word`` lowered, capitalised, or with the case of one or two letters flipped."""
    if action == "lower":
        return recase(word, str.lower)
    if action == "upper":
        return recase(word, str.upper)
    flips = {int(rng.random() * len(word)) for _ in range(2)}
    return "".join(recase(ch, str.swapcase) if k in flips else ch for k, ch in enumerate(word))


@register("punctuation_noise")
@dataclass(frozen=True)
class PunctuationNoise(_LetterKeeping):
    """Drops or doubles a trailing mark ("ok?" -> "ok", "ok??") or a word's apostrophe ("dont").

    What hurried typists do to punctuation. Each mark and each word with an
    apostrophe is one site, changed by one of ``actions``, so ``rate`` is the
    share of sites changed. Letters never change, so "don't" -> "dont" keeps
    its negation; marks inside entities and words a guard vetoes are left
    alone. An apostrophe is dropped from the whole word and faces every guard,
    so ``not_a_real_word`` vetoes "we're" -> "were" and "it's" -> "its".
    """

    actions: tuple[str, ...] = PUNCTUATION_ACTIONS
    # every guard that checks changes: a dropped apostrophe may spell another word
    _word_guards: tuple[Guard, ...] = field(init=False, repr=False, compare=False, default=())
    # the guards that check tokens, asked about each mark (the screen judges words only)
    _mark_guards: tuple[Guard, ...] = field(init=False, repr=False, compare=False, default=())
    _mark_actions: tuple[str, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.actions or any(a not in PUNCTUATION_ACTIONS for a in self.actions):
            raise ConfigError(
                f"{self.name}: actions must be a non-empty subset of {list(PUNCTUATION_ACTIONS)}"
            )
        object.__setattr__(self, "_word_guards", change_guards(self.guards))
        object.__setattr__(self, "_mark_guards", token_guards(self.active_guards()))
        marks = tuple(a for a in self.actions if a in _MARK_ACTIONS)
        object.__setattr__(self, "_mark_actions", marks)

    def _candidates(self, record: Record, ctx: Context) -> list[Token]:
        """Each trailing mark and each word with an apostrophe that the guards allow changing."""
        text = record.text
        tokens, words = analyse(text)
        sites: list[Token] = []
        allowed: set[int] | None = None  # starts of the words the screen allows, when needed
        joined: set[int] = set()  # words already seen (one may hold several apostrophes)
        for index, token in enumerate(tokens):
            if self._mark_actions and _trailing_mark(text, token):
                if check_token(self._mark_guards, record, token, ctx):
                    sites.append(token)
            elif self._apostrophe_site(token):
                word = next(w for w in words if w.first <= index <= w.last)
                if word.start in joined:
                    continue
                joined.add(word.start)
                if allowed is None:
                    allowed = {t.start for t in self.eligible(record, ctx)}
                site = _whole_word(record, word, tokens[word.first : word.last + 1], allowed)
                if site is not None:
                    sites.append(site)
        return sites

    def _apostrophe_site(self, token: Token) -> bool:
        return (
            "drop_apostrophe" in self.actions
            and token.kind == Kind.WORD
            and len(token.text) > 1
            and any(a in token.text for a in _APOSTROPHES)
        )

    def transform(self, record: Record, ctx: Context) -> Record | None:
        sites = self._candidates(record, ctx)
        if not sites:
            ctx.give_up(f"{self.name}: no mark or apostrophe to change")
            return None
        rng = ctx.rng
        wanted = self.budget(len(sites), rng)
        rng.shuffle(sites)
        edits: list[Edit] = []
        for token in sites:
            if len(edits) >= wanted:
                break
            edit = self._edit(record, token, ctx)
            if edit is not None:
                edits.append(edit)
        return self.finish(record, edits, ctx)

    def _edit(self, record: Record, token: Token, ctx: Context) -> Edit | None:
        """Drop or double a mark (one of the mark actions, at random), or drop apostrophes."""
        if token.kind == Kind.WORD:
            noisy = _without_apostrophes(token.text)
            op = f"{self.name}:drop_apostrophe"
            return self._try(record, token, noisy, op, ctx, self._word_guards)
        actions = self._mark_actions
        action = actions[int(ctx.rng.random() * len(actions))] if len(actions) > 1 else actions[0]
        noisy = "" if action == "drop_mark" else token.text * 2
        edit = self._try(record, token, noisy, f"{self.name}:{action}", ctx)
        if edit is not None and action == "drop_mark":
            return _with_spaces_before(record, edit)
        return edit


def _whole_word(
    record: Record, word: Word, pieces: tuple[Token, ...], allowed: set[int]
) -> Token | None:
    """``word`` as one token ("we're", not "'re"), if the screen ``allowed`` each of its
    word pieces (by start) and it straddles no entity edge."""
    if not all(t.start in allowed for t in pieces if t.kind == Kind.WORD):
        return None
    site = Token(word.start, word.end, word.text, Kind.WORD)
    return None if record.spans and span_state(site, record.spans) < 0 else site


def _trailing_mark(text: str, token: Token) -> bool:
    """Whether ``token`` is a mark followed by whitespace or the end of ``text``."""
    if token.kind != Kind.PUNCT or token.text not in _MARKS:
        return False
    after = text[token.end : token.end + 1]
    return not after or after.isspace()


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
