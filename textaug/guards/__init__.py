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

- :mod:`~textaug.guards.base`: the :class:`Guard` base class and the check helpers;
- :mod:`~textaug.guards.protected`: what no augmenter may change (entities,
  numbers, URLs, emails, negations, listed words);
- :mod:`~textaug.guards.spelling`: what a typo may do to a word;
- :mod:`~textaug.guards.label`: a user's own label check.
"""

from textaug.guards.base import (
    Guard,
    change_guards,
    check_change,
    check_record,
    check_token,
    record_guards,
    token_guards,
)
from textaug.guards.label import LabelCheck
from textaug.guards.protected import (
    NEGATIONS,
    ProtectEntities,
    ProtectNames,
    ProtectNegations,
    ProtectNumbers,
    ProtectWords,
    default_guards,
    word_replacement_guards,
)
from textaug.guards.spelling import (
    KeepFirstLetter,
    MaxEditsPerWord,
    MinWordLength,
    NotARealWord,
    Recoverable,
    default_noise_guards,
    edit_distance,
    is_real_word,
    same_letters,
    within_edits,
)

__all__ = [
    "NEGATIONS",
    "Guard",
    "KeepFirstLetter",
    "LabelCheck",
    "MaxEditsPerWord",
    "MinWordLength",
    "NotARealWord",
    "ProtectEntities",
    "ProtectNames",
    "ProtectNegations",
    "ProtectNumbers",
    "ProtectWords",
    "Recoverable",
    "change_guards",
    "check_change",
    "check_record",
    "check_token",
    "default_guards",
    "default_noise_guards",
    "edit_distance",
    "is_real_word",
    "record_guards",
    "same_letters",
    "token_guards",
    "within_edits",
    "word_replacement_guards",
]
