"""The shared word-noise loop: pick words, propose a noisy spelling, ask the guards.

Every noise model edits the original string by character offset: one
:class:`~textaug.record.Edit` replaces one token's characters. Which tokens may
change, and which noisy spellings are acceptable, is up to the guards (by
default :func:`~textaug.guards.default_noise_guards`), so entity spans stay
exact and negations, numbers and short words are left alone.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from textaug import spanindex
from textaug.augmenter import Budgeted, Context
from textaug.errors import ConfigError
from textaug.guards import (
    Guard,
    MaxEditsPerWord,
    ProtectEntities,
    change_guards,
    check_record,
    default_noise_guards,
    record_guards,
    token_guards,
)
from textaug.record import Edit, Record, Span
from textaug.screening import TokenScreen
from textaug.spanindex import first_overlap
from textaug.tokens import Token

#: Noisy spellings tried per word before moving on to another word.
ATTEMPTS_PER_WORD = 4

_new = tuple.__new__  # a named tuple's own __new__ is a Python function


def span_state(token: Token, spans: tuple[Span, ...]) -> int:
    """0: outside every span; 1: inside one; -1: straddles a boundary (never editable)."""
    start, end = token.start, token.end
    if len(spans) >= spanindex.INDEX_FROM:  # many: only the first one it meets matters
        found = first_overlap(start, end, spans)
        spans = () if found is None else (found,)
    for span in spans:  # a few are scanned inline: this is the hot path
        if start < span.end and span.start < end:
            return 1 if span.start <= start and end <= span.end else -1
    return 0


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original`` (lower, Title or UPPER)."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def recase(text: str, convert: Callable[[str], str]) -> str:
    """``convert(text)`` (``str.lower``, ``str.upper``, ``str.swapcase``), leaving alone
    each character whose case change would change its length, so offsets and
    letters stay put ("ﬁ".upper() is "FI", "ß".upper() is "SS").

    >>> recase("ﬁnd", str.upper), recase("straße", str.upper), recase("ΟΔΟΣ", str.lower)
    ('ﬁND', 'STRAßE', 'οδος')
    """
    converted = convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_same_length(ch, convert) for ch in text)


def fit_case(word: str, start: int, end: int, letter: str) -> str:
    """``letter`` cased to replace ``word[start:end]`` (nothing, for an insertion).

    A typed letter takes the case of the one it replaces, or else of the cased
    letters beside it: upper only when they all are, so a slip inside "Find"
    gives "Ftind", never "FTind", while "FIND" gives "FTIND".

    >>> fit_case("Find", 1, 1, "T"), fit_case("Find", 0, 1, "d"), fit_case("FIND", 4, 4, "s")
    ('t', 'D', 'S')
    """
    cased = _cased(word[start:end]) or _cased(word[start - 1 : start] + word[end : end + 1])
    return recase(letter, str.upper if cased.isupper() else str.lower)


def _cased(text: str) -> str:
    """The characters of ``text`` that have a case."""
    return "".join(ch for ch in text if ch.isupper() or ch.islower())


def _same_length(ch: str, convert: Callable[[str], str]) -> str:
    converted = convert(ch)
    return converted if len(converted) == 1 else ch


@dataclass(frozen=True)
class WordNoise(Budgeted):
    """Base: changes about ``rate`` of the eligible word tokens, one noisy spelling each.

    Subclasses implement :meth:`noisy`. ``guards`` decide which tokens are
    eligible and which spellings are kept; a vetoed spelling is retried a few
    times, then another word is tried, so the count stays within the budget.
    """

    #: Character edits (Damerau-Levenshtein) every spelling from :meth:`noisy` is at
    #: most, when a model knows it; a ``max_edits_per_word`` guard allowing that many
    #: is then not asked (it could never veto).
    edits_per_spelling: ClassVar[int | None] = None

    guards: tuple[Guard, ...] = field(default_factory=default_noise_guards)
    # derived from ``guards`` once (not config): which tokens they allow, and the
    # guards each later check point needs
    _screen: TokenScreen = field(init=False, repr=False, compare=False, default=None)  # type: ignore[assignment]
    _change_guards: tuple[Guard, ...] = field(init=False, repr=False, compare=False, default=())
    _fresh_change_guards: tuple[Guard, ...] = field(
        init=False, repr=False, compare=False, default=()
    )
    _record_guards: tuple[Guard, ...] = field(init=False, repr=False, compare=False, default=())
    _outside_spans: bool = field(init=False, repr=False, compare=False, default=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        for guard in self.guards:
            if not isinstance(guard, Guard):
                raise ConfigError(f"{self.name}: guards must be guards, got {type(guard).__name__}")
        active = self.active_guards()
        object.__setattr__(self, "_screen", TokenScreen(token_guards(active)))
        object.__setattr__(self, "_change_guards", change_guards(active))
        fresh = change_guards(active, screened=True)
        if self.edits_per_spelling is not None:  # edit-count limits these spellings always meet
            limit = self.edits_per_spelling
            fresh = tuple(
                g for g in fresh if not (type(g) is MaxEditsPerWord and g.max_edits >= limit)
            )
        object.__setattr__(self, "_fresh_change_guards", fresh)
        object.__setattr__(self, "_record_guards", record_guards(active))
        # with entities protected, every eligible token lies outside the spans
        object.__setattr__(self, "_outside_spans", any(type(g) is ProtectEntities for g in active))

    def noisy(self, word: str, rng: random.Random) -> tuple[str, str] | None:
        """A noisy spelling of ``word`` and the op that made it, or None if none applies.

        Edit only where :func:`~textaug.noise.clusters.edit_sites` allows, so a
        letter keeps its combining marks.
        """
        raise NotImplementedError  # pragma: no cover

    def active_guards(self) -> tuple[Guard, ...]:
        """The guards this model asks (all of them, unless it keeps the letters)."""
        return self.guards

    def eligible(self, record: Record, ctx: Context) -> list[Token]:
        """Word tokens the guards allow editing (never one straddling a span edge)."""
        return self._screen.allowed(record, ctx)

    def transform(self, record: Record, ctx: Context) -> Record | None:
        candidates = self.eligible(record, ctx)
        if not candidates:
            ctx.give_up(f"{self.name}: no eligible word")
            return None
        rng = ctx.rng
        wanted = self.budget(len(candidates), rng)
        if wanted <= 0:
            ctx.refuse(f"{self.name}: budget of zero")
            return None
        rng.shuffle(candidates)
        guards: tuple[Guard, ...] = self._fresh_change_guards
        edits: list[Edit] = []
        for token in candidates:
            edit = self._edit_token(record, token, guards, ctx)
            if edit is not None:
                edits.append(edit)
                if len(edits) == wanted:
                    break
        return self.finish(record, edits, ctx)

    def _edit_token(
        self, record: Record, token: Token, guards: tuple[Guard, ...], ctx: Context
    ) -> Edit | None:
        original = token.text
        rng = ctx.rng
        for _ in range(ATTEMPTS_PER_WORD):
            proposal = self.noisy(original, rng)
            if proposal is None:
                return None
            text, op = proposal
            if text == original:
                continue
            for guard in guards:  # check_change, inlined: this loop is the hot path
                if not guard.allows_change(record, token, text):
                    ctx.refuse(f"guard {guard.name}")
                    break
            else:
                inside = (
                    not self._outside_spans
                    and bool(record.spans)
                    and span_state(token, record.spans) > 0
                )
                return _new(Edit, (token.start, token.end, text, op, inside))
        return None

    def finish(self, record: Record, edits: list[Edit], ctx: Context) -> Record | None:
        """Apply ``edits`` and ask the guards about the whole variant."""
        if not edits:
            ctx.refuse(f"{self.name}: every candidate vetoed")
            return None
        after = record.apply(edits)
        guards: tuple[Guard, ...] = self._record_guards
        if guards and not check_record(guards, record, after, ctx):
            return None
        return after


def letter_safe(guards: tuple[Guard, ...]) -> tuple[Guard, ...]:
    """The guards that matter for a change that keeps a word's letters."""
    return tuple(g for g in guards if not g.spelling)
