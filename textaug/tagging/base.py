"""The interface every textaug tagger shares, and the UPOS tag set."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

UPOS_TAGS: tuple[str, ...] = (
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
)
"""The 17 Universal Dependencies part-of-speech tags, in the model's column order."""


@runtime_checkable
class Tagger(Protocol):
    """Tags pre-split words with UPOS; ``tag`` returns one tag per word."""

    name: str

    def tag(self, words: Sequence[str]) -> list[str]:
        """Return the UPOS tag of each word of one sentence."""
        ...

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """Tag several sentences; may be faster than calling ``tag`` on each."""
        ...
