"""The guard base class, and the helpers that ask guards at each check point.

A guard can veto at three points, and each augmenter asks the guards it is
given at the points that fit it: ``allows_token`` (may this token be edited at
all?), ``allows_change`` (is this replacement acceptable?) and
``allows_record`` (does the whole variant still mean the same?).
:func:`check_token` and friends tally every veto under the guard's name.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textaug.augmenter import Context
from textaug.record import Record
from textaug.tokens import Token

if TYPE_CHECKING:
    pass


class Guard:
    """Base class: allows everything; subclasses override the checks they make."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = "guard"
    #: True when the guard judges only a word's spelling (its letters), so a change
    #: that keeps the letters (case, apostrophes, punctuation) need not ask it.
    spelling: ClassVar[bool] = False
    #: True when ``allows_token`` looks at nothing beyond the token's whitespace chunk
    #: (its text, kind and neighbouring characters up to the next space), so a
    #: verdict can be cached per chunk string (see :mod:`textaug.screening`).
    local: ClassVar[bool] = False
    #: True when ``allows_change`` passes every change to a token ``allows_token``
    #: passed (it only re-checks the token), so a caller that screened the token may
    #: skip it. A split of the token with a space may still be vetoed: callers that
    #: skip the check propose one-word spellings only (see :mod:`textaug.noise.base`).
    rechecks_token: ClassVar[bool] = False

    def allows_token(self, record: Record, token: Token) -> bool:
        """Whether ``token`` of ``record`` may be edited at all."""
        return True

    def allows_change(self, record: Record, token: Token, replacement: str) -> bool:
        """Whether replacing ``token`` by ``replacement`` keeps the meaning."""
        return True

    def allows_record(self, before: Record, after: Record) -> bool:
        """Whether the variant ``after`` of ``before`` keeps the meaning."""
        return True


def token_guards(guards: Sequence[Guard]) -> tuple[Guard, ...]:
    """The guards that check tokens at all (a hot loop can skip the others)."""
    return tuple(g for g in guards if type(g).allows_token is not Guard.allows_token)


def change_guards(guards: Sequence[Guard], *, screened: bool = False) -> tuple[Guard, ...]:
    """The guards that check replacements at all.

    With ``screened`` (the token already passed these guards' ``allows_token``),
    leave out the guards whose change check only repeats the token check.
    """
    return tuple(
        g
        for g in guards
        if type(g).allows_change is not Guard.allows_change and not (screened and g.rechecks_token)
    )


def record_guards(guards: Sequence[Guard]) -> tuple[Guard, ...]:
    """The guards that check whole variants at all."""
    return tuple(g for g in guards if type(g).allows_record is not Guard.allows_record)


def check_token(guards: Sequence[Guard], record: Record, token: Token, ctx: Context) -> bool:
    """Ask every guard about a token; tally the first veto."""
    for guard in guards:
        if not guard.allows_token(record, token):
            ctx.refuse(f"guard {guard.name}")
            return False
    return True


def check_change(
    guards: Sequence[Guard], record: Record, token: Token, replacement: str, ctx: Context
) -> bool:
    """Ask every guard about one replacement; tally the first veto."""
    for guard in guards:
        if not guard.allows_change(record, token, replacement):
            ctx.refuse(f"guard {guard.name}")
            return False
    return True


def check_record(guards: Sequence[Guard], before: Record, after: Record, ctx: Context) -> bool:
    """Ask every guard about a finished variant; tally the first veto."""
    for guard in guards:
        if not guard.allows_record(before, after):
            ctx.refuse(f"guard {guard.name}")
            return False
    return True


def same_letters(original: str, replacement: str) -> bool:
    """Whether two strings have the same words of letters and digits, ignoring case and marks.

    Changes of case, apostrophes and punctuation keep the letters, so they
    cannot turn a word into another word; adding or removing a space can.

    >>> same_letters("don't", "dont"), same_letters("Not", "NOT"), same_letters("not", "now")
    (True, True, False)
    >>> same_letters("inform", "in form")
    False
    """
    if original.isalpha() and replacement.isalpha():
        return original.lower() == replacement.lower()
    return _letters(original) == _letters(replacement)


@functools.lru_cache(maxsize=65_536)
def _letters(text: str) -> str:
    return " ".join("".join(ch for ch in part if ch.isalnum()) for part in text.lower().split())
