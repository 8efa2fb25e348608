"""Read CoNLL-U files (plain or gzipped) into sentences of (form, upos, xpos, misc).

Used by the training and evaluation scripts; the tagger itself never reads CoNLL-U.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from textaug.errors import DataError


@dataclass(frozen=True)
class Sentence:
    """One sentence: parallel lists of word forms, UPOS, XPOS and MISC/FEATS columns."""

    words: list[str]
    upos: list[str]
    xpos: list[str]
    misc: list[str]


def read_conllu(path: str | Path) -> Iterator[Sentence]:
    """Yield the sentences of a CoNLL-U file, skipping multiword-token and empty-node lines."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    words: list[str] = []
    upos: list[str] = []
    xpos: list[str] = []
    misc: list[str] = []
    with opener(path, "rt", encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield Sentence(words, upos, xpos, misc)
                    words, upos, xpos, misc = [], [], [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise DataError(
                    f"expected 10 columns, got {len(cols)}", path=str(path), line=lineno
                )
            if "-" in cols[0] or "." in cols[0]:
                continue
            words.append(cols[1])
            upos.append(cols[3])
            xpos.append(cols[4])
            misc.append(cols[9] if cols[9] != "_" else cols[5])
    if words:
        yield Sentence(words, upos, xpos, misc)
