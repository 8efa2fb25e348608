"""The built-in tagger: two averaged perceptrons whose scores are sums of cached word blocks.

Each feature belongs to one word and one slot (offset from the tagged word), so a word
type's contribution to its own and its neighbours' scores is a (slots x tags) block,
computed once from the weights and cached. Tagging a sentence gathers the blocks and adds
five shifted slices: a handful of numpy operations whatever the sentence length.

A second pass re-scores each word with its own word weights plus the first pass's tags of
its neighbours (``-1, +1, -2, +2`` and the ``(-1, +1)`` pair), read from a small table: this
is what tells "to book" (PART VERB) from "to Boston" (ADP PROPN). Both passes share the
gathered blocks, so the second costs a few more array operations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from textaug.errors import ResourceError
from textaug.tagging.features import (
    BOS,
    BOUNDARY_TAG,
    CONTEXT_SIZE,
    EOS,
    N_TAG_VALUES,
    PAD,
    SLOTS,
    WordClasses,
    word_features,
)

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "data" / "tagger_en.npz"
_MAX_CACHED_WORDS = 200_000
_SYMBOL_LIKE = re.compile(r"[:;=8][-o'^]?[()\[\]dDpPoO/\\|*@$]+|<3+|([=_+])\1{2,}")
"""Emoticons and separator lines, which UD tags SYM but MASC hardly contains."""
_WEB_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net)(?:/\S*)?",
    re.IGNORECASE,
)
"""URLs and e-mail addresses: PROPN as UD English tags them (Penn ``ADD``); the training
text has hardly any, so the model alone calls them nouns."""


def _lines(blob: np.ndarray) -> list[str]:
    text = blob.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def read_classes(data: Mapping[str, np.ndarray]) -> WordClasses:
    """The lexicon table of a model file: WordNet lemmas and their part-of-speech codes."""
    words = _lines(data["lexicon_words"])
    return WordClasses(dict(zip(words, data["lexicon_codes"].tolist(), strict=True)))


def write_classes(classes: WordClasses) -> dict[str, np.ndarray]:
    """Arrays that :func:`read_classes` reads back."""
    words = sorted(classes.lexicon)
    return {
        "lexicon_words": np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8),
        "lexicon_codes": np.array([classes.lexicon[w] for w in words], dtype=np.uint8),
    }


class PerceptronTagger:
    """Offline UPOS tagger shipped with textaug (numpy only; see ``LICENSE-tagger.md``)."""

    name = "textaug-en"

    def __init__(
        self,
        features: Sequence[str],
        weights: np.ndarray,
        tags: Sequence[str],
        weights2: np.ndarray | None = None,
        context: np.ndarray | None = None,
        classes: WordClasses | None = None,
    ) -> None:
        n_tags = len(tags)
        if weights.shape != (len(features), n_tags):
            raise ResourceError(f"tagger weights {weights.shape} do not match the features")
        if weights2 is not None and (
            weights2.shape != weights.shape
            or context is None
            or context.shape != (CONTEXT_SIZE, n_tags)
        ):
            raise ResourceError("tagger second-pass weights do not match the features")
        self.tags: tuple[str, ...] = tuple(tags)
        self._index = {feat: i for i, feat in enumerate(features)}
        both = weights if weights2 is None else np.hstack([weights, weights2])
        # one extra zero row: the weights of a feature the model does not know
        self._weights = np.vstack([both, np.zeros((1, both.shape[1]))]).astype(np.float32)
        self._zero = len(self._weights) - 1
        self._context = None if context is None else np.asarray(context, dtype=np.float32)
        self._classes = classes
        self._reset_cache()

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL) -> PerceptronTagger:
        """Read a model written by ``scripts/train_tagger.py`` (``.npz``, no pickle).

        Feature names are one UTF-8 byte array, newline-separated (fast to load).
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                features = data["features"].tobytes().decode("utf-8").split("\n")
                two_pass = "weights2" in data.files
                return cls(
                    features,
                    data["weights"],
                    meta["tags"],
                    data["weights2"] if two_pass else None,
                    data["context"] if two_pass else None,
                    read_classes(data) if "lexicon_words" in data.files else None,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise ResourceError(f"cannot read tagger model {path}: {exc}") from exc

    def _reset_cache(self) -> None:
        n_slots, n_tags = len(SLOTS), self._weights.shape[1]
        self._rows: dict[str, int] = {}
        self._initial_rows: dict[str, int] = {}
        self._table = np.zeros((1024, n_slots, n_tags), dtype=np.float32)
        self._bos = self._row(BOS)
        self._eos = self._row(EOS)

    def _row(self, word: str, initial: bool = False) -> int:
        """Row of ``word``'s score block in the cache table, computing it on first sight.

        One gather of every feature's weights and one segmented sum give all slots at
        once; a zero row stands in for unknown features so no segment is empty.
        """
        rows = self._initial_rows if initial else self._rows
        row = rows.get(word)
        if row is not None:
            return row
        row = len(self._rows) + len(self._initial_rows)
        if row == len(self._table):
            self._table = np.concatenate([self._table, np.zeros_like(self._table)])
        get, zero = self._index.get, self._zero
        ids: list[int] = []
        starts: list[int] = []
        for feats in word_features(word, initial, self._classes):
            starts.append(len(ids))
            ids.append(zero)
            ids.extend([get(f, zero) for f in feats])
        block = np.add.reduceat(self._weights[ids], starts)
        if _SYMBOL_LIKE.fullmatch(word):
            sym = self.tags.index("SYM")
            block[0, sym :: len(self.tags)] += 1e3  # both passes
        elif _WEB_ADDRESS.fullmatch(word):
            block[0, self.tags.index("PROPN") :: len(self.tags)] += 1e3
        self._table[row] = block
        rows[word] = row
        return row

    def _bound_cache(self) -> None:
        """Start the word cache afresh when it is full (called only between sentences)."""
        if len(self._rows) + len(self._initial_rows) >= _MAX_CACHED_WORDS:
            self._reset_cache()

    def _best(self, rows: list[int], pads: list[int] | None = None) -> list[int]:
        """Best tag ids for a padded row sequence (pads excluded).

        ``pads`` are positions of sentence-boundary pads inside ``rows`` (``tag_many``).
        """
        blocks = self._table[rows]
        end = len(rows)
        scores = (
            blocks[PAD : end - PAD, 0]
            + blocks[PAD - 1 : end - PAD - 1, 1]
            + blocks[PAD + 1 : end - PAD + 1, 2]
            + blocks[PAD - 2 : end - PAD - 2, 3]
            + blocks[PAD + 2 : end, 4]
        )
        context = self._context
        if context is None:
            result: list[int] = scores.argmax(axis=1).tolist()
            return result
        n_tags = len(self.tags)
        first = np.full(end, BOUNDARY_TAG, dtype=np.intp)
        first[PAD : end - PAD] = scores[:, :n_tags].argmax(axis=1)
        if pads:
            first[pads] = BOUNDARY_TAG
        n = N_TAG_VALUES
        prev1 = first[PAD - 1 : end - PAD - 1]
        next1 = first[PAD + 1 : end - PAD + 1]
        second = (
            scores[:, n_tags:]
            + context[prev1]
            + context[n + next1]
            + context[2 * n + first[PAD - 2 : end - PAD - 2]]
            + context[3 * n + first[PAD + 2 : end]]
            + context[4 * n + prev1 * n + next1]
        )
        result = second.argmax(axis=1).tolist()
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
        pads: list[int] = []
        for words in sentences:
            for i, word in enumerate(words):
                keep.append(len(rows) - PAD)
                rows.append(self._row(word, i == 0))
            pads.extend(range(len(rows), len(rows) + 4))
            rows += (self._eos, self._eos, self._bos, self._bos)
        rows.extend([self._eos] * PAD)
        best_all = self._best(rows, pads)
        best = [best_all[i] for i in keep]
        tags = self.tags
        out: list[list[str]] = []
        start = 0
        for words in sentences:
            out.append([tags[k] for k in best[start : start + len(words)]])
            start += len(words)
        return out
