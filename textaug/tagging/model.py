"""The built-in tagger: an averaged perceptron whose scores are sums of cached word blocks.

Each feature belongs to one word and one slot (offset from the tagged word), so a word
type's contribution to its own and its neighbours' scores is a (slots x tags) block,
computed once from the weights and cached. Tagging a sentence gathers the blocks and adds
five shifted slices: a handful of numpy operations whatever the sentence length.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from textaug.errors import ResourceError
from textaug.tagging.features import BOS, EOS, PAD, SLOTS, word_features

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "data" / "tagger_en.npz"
_MAX_CACHED_WORDS = 200_000


class PerceptronTagger:
    """Offline UPOS tagger shipped with textaug (numpy only; see ``LICENSE-tagger.md``)."""

    name = "textaug-en"

    def __init__(self, features: Sequence[str], weights: np.ndarray, tags: Sequence[str]) -> None:
        if weights.shape != (len(features), len(tags)):
            raise ResourceError(f"tagger weights {weights.shape} do not match the features")
        self.tags: tuple[str, ...] = tuple(tags)
        self._index = {feat: i for i, feat in enumerate(features)}
        self._weights = np.asarray(weights, dtype=np.float32)
        self._reset_cache()

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> PerceptronTagger:
        """Read a model written by ``scripts/train_tagger.py`` (``.npz``, no pickle)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                return cls(data["features"].tolist(), data["weights"], meta["tags"])
        except (OSError, KeyError, ValueError) as exc:
            raise ResourceError(f"cannot read tagger model {path}: {exc}") from exc

    def _reset_cache(self) -> None:
        n_slots, n_tags = len(SLOTS), len(self.tags)
        self._rows: dict[str, int] = {}
        self._initial_rows: dict[str, int] = {}
        self._table = np.zeros((1024, n_slots, n_tags), dtype=np.float32)
        self._bos = self._row(BOS)
        self._eos = self._row(EOS)

    def _row(self, word: str, initial: bool = False) -> int:
        """Row of ``word``'s score block in the cache table, computing it on first sight."""
        rows = self._initial_rows if initial else self._rows
        row = rows.get(word)
        if row is not None:
            return row
        row = len(self._rows) + len(self._initial_rows)
        if row == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        index = self._index
        for k, feats in enumerate(word_features(word, initial)):
            ids = [i for i in map(index.get, feats) if i is not None]
            if ids:
                self._table[row, k] = self._weights[ids].sum(axis=0)
        rows[word] = row
        return row

    def _bound_cache(self) -> None:
        """Start the word cache afresh when it is full (called only between sentences)."""
        if len(self._rows) + len(self._initial_rows) >= _MAX_CACHED_WORDS:
            self._reset_cache()

    def _best(self, rows: list[int]) -> list[int]:
        """Best tag ids for a padded row sequence (pads excluded)."""
        blocks = self._table[rows]
        end = len(rows)
        scores = (blocks[PAD:end - PAD, 0] + blocks[PAD - 1:end - PAD - 1, 1]
                  + blocks[PAD + 1:end - PAD + 1, 2] + blocks[PAD - 2:end - PAD - 2, 3]
                  + blocks[PAD + 2:end, 4])
        result: list[int] = scores.argmax(axis=1).tolist()
        return result

    def tag(self, words: Sequence[str]) -> list[str]:
        """Return the UPOS tag of each word (words as split by the caller, any case)."""
        if not words:
            return []
        self._bound_cache()
        get = self._rows.get
        rows = [self._bos, self._bos, self._row(words[0], True)]
        for word in words[1:]:
            row = get(word)
            rows.append(self._row(word) if row is None else row)
        rows += (self._eos, self._eos)
        tags = self.tags
        return [tags[k] for k in self._best(rows)]

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """Tag many sentences with one pass of array operations over all of them."""
        sentences = list(sentences)
        self._bound_cache()
        rows: list[int] = [self._bos, self._bos]
        keep: list[int] = []
        for words in sentences:
            for i, word in enumerate(words):
                keep.append(len(rows) - PAD)
                rows.append(self._row(word, i == 0))
            rows += (self._eos, self._eos, self._bos, self._bos)
        rows.extend([self._eos] * PAD)
        best_all = self._best(rows)
        best = [best_all[i] for i in keep]
        tags = self.tags
        out: list[list[str]] = []
        start = 0
        for words in sentences:
            out.append([tags[k] for k in best[start:start + len(words)]])
            start += len(words)
        return out
