"""A user's own check of a finished variant: does the label still hold?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textaug.errors import ConfigError
from textaug.guards.base import Guard
from textaug.record import Record
from textaug.registry import register

if TYPE_CHECKING:
    pass


@register("label_check", kind="guard")
@dataclass(frozen=True, init=False)
class LabelCheck(Guard):
    """Vetoes a variant unless ``check(before, after)`` returns True, e.g. a
    classifier still predicting the original label.

    Python API only: a function cannot be written to a recipe, so ``to_config``
    leaves it out; a ``label_check`` built from a config has no function and
    raises ConfigError as soon as it is asked about a variant.
    """

    check: Callable[[Record, Record], bool] | None = field(default=None, init=False)

    def __init__(self, check: Callable[[Record, Record], bool] | None = None) -> None:
        if check is not None and not callable(check):
            raise ConfigError(f"label_check: check must be callable, got {type(check).__name__}")
        object.__setattr__(self, "check", check)

    def allows_record(self, before: Record, after: Record) -> bool:
        if self.check is None:
            raise ConfigError(
                "label_check needs a Python callable check(before, after) -> bool: "
                "it is Python-API only, so a recipe or the CLI cannot supply it"
            )
        return bool(self.check(before, after))
