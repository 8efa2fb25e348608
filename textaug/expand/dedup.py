"""Near-duplicate detection: normalised text, its 8-byte digest, and a compact digest set."""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Tally reason for a candidate whose normalised text is already in the output.
NEAR_DUPLICATE = "expand: near duplicate (normalised text already in the output)"

_APOSTROPHES = re.compile(r"['’]")
#: Not a letter, digit or space; ``_`` counts too (``\w`` keeps it, yet it is punctuation).
_PUNCTUATION = re.compile(r"[^\w\s]+|_+")
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text dedup compares: NFKC-normalised, casefolded, punctuation stripped,
    whitespace collapsed.

    Case, punctuation, spacing and Unicode encoding are how a variant can differ from
    a row without saying anything new, so they are ignored. NFKC rather than NFC: besides
    composing "e" + combining acute into "é", it folds full-width letters and ligatures
    ("Ｂｏｏｋ", "ﬁ") into the letters a user would call the same utterance. It runs again
    after casefolding, which can leave decomposed what another spelling gives composed
    (casefolded "ΐ" and "Ϊ́" differ until recomposed).

    >>> normalise("  Book a  table, please! Don't wait")
    'book a table please dont wait'
    >>> normalise("book_a\\tflight ?")
    'book a flight'
    >>> normalise("caf\\u00e9") == normalise("Cafe\\u0301") == "caf\\u00e9"
    True
    >>> normalise("Ｂｏｏｋ ａ ﬂight，ｐｌｅａｓｅ")
    'book a flight please'
    >>> normalise("\\u0390") == normalise("\\u03aa\\u0301")
    True
    """
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    text = _APOSTROPHES.sub("", text)
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


def digest(text: str) -> int:
    """An 8-byte hash of the normalised text, never 0 (0 marks an empty table slot)."""
    value = int.from_bytes(hashlib.blake2b(normalise(text).encode(), digest_size=8).digest(), "big")
    return value or 1


class DigestSet:
    """A set of non-zero 64-bit digests in a numpy table: 16 to 32 bytes per member."""

    def __init__(self, capacity: int = 1024) -> None:
        import numpy as np

        size = 1 << max(10, (2 * capacity - 1).bit_length())
        self._table = np.zeros(size, dtype=np.uint64)
        self._mask = size - 1
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def __contains__(self, value: int) -> bool:
        table, slot = self._table, value & self._mask
        while True:
            found = int(table[slot])
            if found == 0:
                return False
            if found == value:
                return True
            slot = (slot + 1) & self._mask

    def add(self, value: int) -> bool:
        """Add ``value``; True if it was not there before."""
        table, slot = self._table, value & self._mask
        while True:
            found = int(table[slot])
            if found == value:
                return False
            if found == 0:
                table[slot] = value
                self._size += 1
                if 2 * self._size > len(table):
                    self._grow()
                return True
            slot = (slot + 1) & self._mask

    def _grow(self) -> None:
        import numpy as np

        old = self._table[self._table != 0]
        self._table = np.zeros(2 * len(self._table), dtype=np.uint64)
        self._mask = len(self._table) - 1
        self._size = 0
        for value in old.tolist():
            self.add(value)
