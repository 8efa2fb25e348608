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
    DIGITS,
    EOS,
    N_TAG_VALUES,
    PAD,
    SLOTS,
    WordClasses,
    shape,
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
_SYMBOL_STARTS = tuple(":;=8<_+")
"""First characters a ``_SYMBOL_LIKE`` match can have (a cheap test before the regex)."""


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
        self._bias = self._index.get("b", self._zero)
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
        # feature ids of the parts of a word that many words share (see _word_ids)
        self._word_part: dict[str, tuple[int, ...]] = {}
        self._suffix_part: dict[str, tuple[int, ...]] = {}
        self._prefix_part: dict[str, tuple[int, int]] = {}
        self._shape_part: dict[str, tuple[int, int, int]] = {}
        self._lexicon_part: dict[tuple[str, str], tuple[int, int]] = {}
        self._bos = self._row(BOS)
        self._eos = self._row(EOS)

    def _row(self, word: str, initial: bool = False) -> int:
        """Row of ``word``'s score block in the cache table, computing it on first sight."""
        rows = self._initial_rows if initial else self._rows
        row = rows.get(word)
        if row is None:
            self._add_rows([(word, initial)])
            row = rows[word]
        return row

    def _add_rows(self, new: Sequence[tuple[str, bool]]) -> None:
        """Compute and cache the score blocks of new ``(word, initial)`` pairs (distinct).

        One gather of every feature's weights and one segmented sum give all slots of
        all the words at once; a zero row stands in for unknown features so no segment
        is empty. Each segment is summed on its own, in feature order, so a word's block
        does not depend on the words computed with it.
        """
        ids: list[int] = []
        starts: list[int] = []
        for word, initial in new:
            start = len(ids)
            if word in (BOS, EOS):
                get, zero = self._index.get, self._zero
                for feats in word_features(word, initial, self._classes):
                    starts.append(len(ids))
                    ids.append(zero)
                    ids.extend([get(f, zero) for f in feats])
                continue
            word_ids, local = self._word_ids(word, initial)
            ids += word_ids
            # slot 0 has ``local`` ids; the others 5, 5, 3, 3 (each led by the zero row)
            starts += (
                start,
                start + local,
                start + local + 5,
                start + local + 10,
                start + local + 13,
            )
        n_slots, n_cols = len(SLOTS), self._weights.shape[1]
        blocks = np.add.reduceat(self._weights.take(ids, axis=0), starts).reshape(
            len(new), n_slots, n_cols
        )
        first = len(self._rows) + len(self._initial_rows)
        needed = first + len(new)
        if needed > len(self._table):
            size = len(self._table)
            while size < needed:
                size *= 2
            grown = np.zeros((size, n_slots, n_cols), dtype=np.float32)
            grown[: len(self._table)] = self._table
            self._table = grown
        n_tags = len(self.tags)
        for k, (word, initial) in enumerate(new):
            if word[:1] in _SYMBOL_STARTS and _SYMBOL_LIKE.fullmatch(word):
                blocks[k, 0, self.tags.index("SYM") :: n_tags] += 1e3  # both passes
            elif ("." in word or ":" in word) and _WEB_ADDRESS.fullmatch(word):
                blocks[k, 0, self.tags.index("PROPN") :: n_tags] += 1e3
            (self._initial_rows if initial else self._rows)[word] = first + k
        self._table[first:needed] = blocks

    def _word_ids(self, word: str, initial: bool) -> tuple[list[int], int]:
        """Feature ids of ``word`` as :func:`word_features` lists them, and slot 0's count.

        Each slot's ids are led by the zero row. The parts many words share (ending,
        beginning, shape, lexicon class) are looked up once per distinct part, so a new
        word costs a few dictionary lookups rather than one per feature string.
        """
        get, zero = self._index.get, self._zero
        plain = word if word.isalpha() else word.translate(DIGITS)  # digits read as 0
        low = plain.lower()
        part = self._word_part.get(low)
        if part is None:
            part = self._word_part[low] = (
                get("w=" + low, zero),
                get("-1w=" + low, zero),
                get("+1w=" + low, zero),
                get("-2w=" + low, zero),
                get("+2w=" + low, zero),
            )
        w0, wm1, wp1, wm2, wp2 = part
        end3 = low[-3:]
        suffix = self._suffix_part.get(end3)
        if suffix is None:
            end2 = low[-2:]
            suffix = self._suffix_part[end3] = (
                get("s1=" + low[-1:], zero),
                get("s2=" + end2, zero),
                get("s3=" + end3, zero),
                get("-1s2=" + end2, zero),
                get("-1s3=" + end3, zero),
                get("+1s2=" + end2, zero),
                get("+1s3=" + end3, zero),
                get("-2s3=" + end3, zero),
                get("+2s3=" + end3, zero),
            )
        s1, s2, s3, m1s2, m1s3, p1s2, p1s3, m2s3, p2s3 = suffix
        begin = low[:3]
        prefix = self._prefix_part.get(begin)
        if prefix is None:
            prefix = self._prefix_part[begin] = (
                get("p1=" + low[:1], zero),
                get("p3=" + begin, zero),
            )
        shp = ("^" if initial else "") + shape(word)
        shaped = self._shape_part.get(shp)
        if shaped is None:
            shaped = self._shape_part[shp] = (
                get("sh=" + shp, zero),
                get("-1sh=" + shp, zero),
                get("+1sh=" + shp, zero),
            )
        sh, m1sh, p1sh = shaped
        s4 = get("s4=" + low[-4:], zero)
        sl = get("sl=" + shp + end3, zero)
        ids = [zero, self._bias, w0, s1, s2, s3, s4, prefix[0], prefix[1], sh, sl]
        if low != plain:
            ids.append(get("W=" + plain, zero))  # case-sensitive form: "US" is not "us"
        if self._classes is not None:
            lex = self._classes.of(word)
            lexical = self._lexicon_part.get((lex, shp))
            if lexical is None:
                lexical = self._lexicon_part[(lex, shp)] = (
                    get("L=" + lex, zero),
                    get("Ls=" + lex + shp, zero),
                )
            ids += lexical
        local = len(ids)
        ids += (zero, wm1, m1s2, m1s3, m1sh, zero, wp1, p1s2, p1s3, p1sh)
        ids += (zero, wm2, m2s3, zero, wp2, p2s3)
        return ids, local

    def _bound_cache(self) -> None:
        """Start the word cache afresh when it is full (called only between sentences)."""
        if len(self._rows) + len(self._initial_rows) >= _MAX_CACHED_WORDS:
            self._reset_cache()

    def _best(self, rows: list[int], pads: list[int] | None = None) -> list[int]:
        """Best tag ids for a padded row sequence (pads excluded).

        ``pads`` are positions of sentence-boundary pads inside ``rows`` (``tag_many``).
        """
        blocks = self._table.take(rows, axis=0)
        end = len(rows)
        # summed in place, left to right: the same float32 sums as one chained expression
        scores = blocks[PAD : end - PAD, 0] + blocks[PAD - 1 : end - PAD - 1, 1]
        scores += blocks[PAD + 1 : end - PAD + 1, 2]
        scores += blocks[PAD - 2 : end - PAD - 2, 3]
        scores += blocks[PAD + 2 : end, 4]
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
        first = words[0]
        row = self._initial_rows.get(first)
        rows = [self._bos, self._bos, -1 if row is None else row]
        rows += [get(word, -1) for word in words[1:]]
        if -1 in rows:
            self._fill(rows, [words], PAD)
        rows += (self._eos, self._eos)
        tags = self.tags
        return [tags[k] for k in self._best(rows)]

    def _fill(self, rows: list[int], sentences: Sequence[Sequence[str]], offset: int) -> None:
        """Replace each -1 in ``rows`` by its word's row, computing new words in one batch.

        ``rows[offset:]`` holds the words of ``sentences`` in order, with four pad rows
        after each sentence but the last (as ``tag_many`` lays them out).
        """
        places: list[tuple[int, str, bool]] = []
        at = offset
        for words in sentences:
            for i, word in enumerate(words):
                if rows[at + i] == -1:
                    places.append((at + i, word, i == 0))
            at += len(words) + 4
        new = list(dict.fromkeys((word, initial) for _at, word, initial in places))
        self._add_rows(new)
        rows_of, initial_rows_of = self._rows, self._initial_rows
        for place, word, initial in places:
            rows[place] = initial_rows_of[word] if initial else rows_of[word]

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """Tag many sentences with one pass of array operations over all of them."""
        sentences = list(sentences)
        self._bound_cache()
        rows: list[int] = [self._bos, self._bos]
        keep: list[int] = []
        pads: list[int] = []
        get, get_initial = self._rows.get, self._initial_rows.get
        for words in sentences:
            keep.extend(range(len(rows) - PAD, len(rows) - PAD + len(words)))
            if words:
                rows.append(get_initial(words[0], -1))
                rows += [get(word, -1) for word in words[1:]]
            pads.extend(range(len(rows), len(rows) + 4))
            rows += (self._eos, self._eos, self._bos, self._bos)
        if -1 in rows:
            self._fill(rows, sentences, PAD)
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
