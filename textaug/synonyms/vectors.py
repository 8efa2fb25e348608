"""Word vectors for neighbour lookups: load any standard format, train your own, ship numpy.

:class:`WordVectors` keeps a vocabulary and its matrix and answers "which words lie
closest to this one" with one matrix-vector product and ``argpartition``, cached per
word, so a run pays for each vocabulary word once rather than once per occurrence.

Formats (``format=`` or guessed from the file name; text formats may end in .gz/.bz2):

============== ============================== ============================================
format          files                          safe to take from strangers?
============== ============================== ============================================
``textaug``     ``.npz`` (our own, default)    yes: numpy arrays read with allow_pickle=False
``word2vec``    ``.txt``/``.vec`` with header  yes: plain text
``glove``       ``.txt`` without header        yes: plain text
``word2vec-bin`` ``.bin`` (Google word2vec)    yes: a fixed binary layout, no pickle
``fasttext-bin`` ``.bin`` (Facebook fastText)  yes: gensim reads it with struct/numpy, no
                                               pickle; subword n-grams give vectors for
                                               rare and misspelt words
``gensim``      ``.kv``/``.model``             NO: gensim's native format is a pickle,
                                               which runs code when loaded. Only ever
                                               loaded when you pass ``format="gensim"``
                                               yourself; memory-mapped (``mmap="r"``) so
                                               worker processes share one copy
============== ============================== ============================================

gensim is imported only when a gensim-read format is loaded or vectors are trained;
the built-in vectors (``"builtin"``) load with numpy alone.
"""

from __future__ import annotations

import functools
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from textaug.errors import ConfigError, ResourceError, TextaugError

BUILTIN_PATH = Path(__file__).resolve().parents[1] / "data" / "vectors_en.npz"
FORMATS = ("textaug", "word2vec", "glove", "word2vec-bin", "fasttext-bin", "gensim")
PICKLE_FORMATS = frozenset({"gensim"})
_FASTTEXT_MAGIC = 793712314  # first int32 of a Facebook fastText .bin file
_COMPRESSED = (".gz", ".bz2")
_SCAN_BLOCK = 1024  # rows per block of WordVectors.outranked
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


class WordVectors:
    """A vocabulary and its vectors, with cached cosine nearest neighbours.

    ``matrix`` may be a read-only memory map (gensim ``mmap="r"``): it is never
    copied; row norms are kept aside. ``oov`` optionally builds a vector for an
    unknown word (fastText subwords).
    """

    def __init__(
        self,
        words: Sequence[str],
        matrix: np.ndarray,
        *,
        oov: Callable[[str], np.ndarray | None] | None = None,
        source: str = "",
    ) -> None:
        if matrix.ndim != 2 or matrix.shape[0] != len(words):
            raise ConfigError(f"vectors: {len(words)} words but a matrix of shape {matrix.shape}")
        self.words = tuple(words)
        self.index = {w: i for i, w in reversed(list(enumerate(self.words)))}
        self.matrix = matrix
        norms = np.linalg.norm(np.asarray(matrix, dtype=np.float32), axis=1)
        self.inverse_norms = np.where(norms > 0, 1.0 / np.maximum(norms, 1e-12), 0.0).astype(
            np.float32
        )
        self.oov = oov
        self.source = source
        self._lock = threading.Lock()
        self._neighbours = functools.lru_cache(maxsize=65_536)(self._neighbours_uncached)

    def __repr__(self) -> str:
        return f"WordVectors({len(self.words)} words x {self.dim}, source={self.source!r})"

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._row(word) is not None

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1])

    def _row(self, word: str) -> int | None:
        row = self.index.get(word)
        return self.index.get(word.lower()) if row is None else row

    def vector(self, word: str) -> np.ndarray | None:
        """The unit vector of ``word`` (exact, then lower case, then subwords); None if unknown."""
        row = self._row(word)
        if row is not None:
            return np.asarray(self.matrix[row], dtype=np.float32) * self.inverse_norms[row]
        if self.oov is None:
            return None
        raw = self.oov(word)
        if raw is None:
            return None
        norm = float(np.linalg.norm(raw))
        return None if norm == 0.0 else np.asarray(raw, dtype=np.float32) / norm

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words; 0.0 if either is unknown."""
        va, vb = self.vector(a), self.vector(b)
        return 0.0 if va is None or vb is None else float(va @ vb)

    def neighbours(
        self, word: str, top_k: int = 10, min_similarity: float = 0.0
    ) -> tuple[tuple[str, float], ...]:
        """Up to ``top_k`` (word, cosine) pairs closest to ``word``, best first, itself excluded.

        Only pairs with cosine >= ``min_similarity``. Cached per (word, top_k, floor).
        """
        return self._neighbours(word, top_k, min_similarity)

    def outranked(self, word: str, score: float, limit: int) -> bool:
        """Whether at least ``limit`` other words have a cosine with ``word`` above ``score``.

        That is, whether a word at ``score`` falls outside ``word``'s ``limit`` nearest
        neighbours. The matrix is scanned in blocks of rows and the scan stops once
        ``limit`` closer words are seen (for the built-in vectors on SNIPS words, after
        4 of 10 blocks on average), where a neighbour list costs a pass over every row.
        """
        query = self.vector(word)
        if query is None:
            return True
        self_row = self._row(word)
        closer = 0
        for start in range(0, len(self.words), _SCAN_BLOCK):
            stop = start + _SCAN_BLOCK
            scores = np.einsum("ij,j->i", self.matrix[start:stop], query)
            scores *= self.inverse_norms[start:stop]
            closer += int(np.count_nonzero(scores > score))
            if (
                self_row is not None
                and start <= self_row < stop
                and scores[self_row - start] > score
            ):
                closer -= 1
            if closer >= limit:
                return True
        return False

    def _neighbours_uncached(
        self, word: str, top_k: int, min_similarity: float
    ) -> tuple[tuple[str, float], ...]:
        query = self.vector(word)
        if query is None or top_k <= 0:
            return ()
        # einsum, not BLAS: a multi-threaded BLAS matrix-vector product of this size is
        # dominated by thread start-up (35x slower on a 2-core machine, measured)
        scores = np.einsum("ij,j->i", self.matrix, query) * self.inverse_norms
        self_row = self._row(word)
        if self_row is not None:
            scores[self_row] = -np.inf
        k = min(top_k, len(scores) - 1) if self_row is not None else min(top_k, len(scores))
        if k <= 0:
            return ()
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return tuple((self.words[i], float(scores[i])) for i in best if scores[i] >= min_similarity)

    def save(self, path: str | Path, *, quantize: str = "int8") -> None:
        """Write the textaug ``.npz`` format: vocabulary + unit rows as int8 or float16.

        No pickle anywhere: the vocabulary is UTF-8 bytes joined by newlines.
        ``int8`` stores each unit row scaled so its largest component is 127 (one
        float32 scale per row); ``float16`` stores the unit rows directly.
        """
        unit = np.asarray(self.matrix, dtype=np.float32) * self.inverse_norms[:, None]
        vocab = np.frombuffer("\n".join(self.words).encode("utf-8"), dtype=np.uint8)
        if quantize == "int8":
            peak = np.abs(unit).max(axis=1)
            scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
            codes = np.rint(unit / scale[:, None]).astype(np.int8)
            np.savez_compressed(path, vocab=vocab, codes=codes, scale=scale)
        elif quantize == "float16":
            np.savez_compressed(path, vocab=vocab, unit=unit.astype(np.float16))
        else:
            raise ConfigError(f"quantize must be 'int8' or 'float16', not {quantize!r}")

    def save_word2vec(self, path: str | Path, *, binary: bool = False) -> None:
        """Export in word2vec text (or binary) format, which every tool reads (nlpaug too)."""
        kv = self.to_gensim()
        kv.save_word2vec_format(str(path), binary=binary)

    def to_gensim(self) -> Any:
        """A gensim ``KeyedVectors`` with these words and vectors (imports gensim)."""
        from gensim.models import KeyedVectors

        kv = KeyedVectors(self.dim, dtype=np.float32)
        kv.add_vectors(list(self.words), np.asarray(self.matrix, dtype=np.float32))
        return kv


def guess_format(path: str | Path) -> str:
    """The format of a vectors file, from its name and, where that is ambiguous, its first bytes.

    Never answers ``gensim`` (a pickle): that format must be asked for by name.
    """
    path = Path(path)
    name = path.name.lower()
    for suffix in _COMPRESSED:
        name = name.removesuffix(suffix)
    ext = Path(name).suffix
    if ext == ".npz":
        return "textaug"
    if ext in (".kv", ".model", ".pkl", ".pickle"):
        raise ConfigError(
            f"{path}: gensim's native {ext} format is a Python pickle, which can run code when "
            "loaded. It is only loaded when you ask for it with format='gensim' (do that only "
            "for files you made or trust); or export it with "
            "KeyedVectors.save_word2vec_format and load that instead"
        )
    if ext == ".bin":
        with open(path, "rb") as handle:
            head = handle.read(4)
        magic = int.from_bytes(head, "little") if len(head) == 4 else -1
        return "fasttext-bin" if magic == _FASTTEXT_MAGIC else "word2vec-bin"
    if ext in (".txt", ".vec", ".w2v", ""):
        return "word2vec" if _has_word2vec_header(path) else "glove"
    raise ConfigError(
        f"{path}: cannot tell the vectors format from the extension {ext!r}; pass format= "
        f"one of {', '.join(FORMATS)}"
    )


def _has_word2vec_header(path: Path) -> bool:
    """Whether the first line is word2vec's "<count> <dim>" header."""
    if path.name.lower().endswith(".gz"):
        import gzip

        opener: Callable[..., Any] = gzip.open
    elif path.name.lower().endswith(".bz2"):
        import bz2

        opener = bz2.open
    else:
        opener = open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        first = handle.readline().split()
    return len(first) == 2 and all(part.isdigit() for part in first)


def load_vectors(source: str | Path = "builtin", format: str | None = None) -> WordVectors:
    """Vectors from ``"builtin"`` or a file, once per process per (path, format).

    ``format`` is one of :data:`FORMATS`, or None to guess from the file (never
    guessing the pickle-based ``gensim`` format; see the module docstring).
    """
    if format is not None and format not in FORMATS:
        raise ConfigError(f"unknown vectors format {format!r}; use one of {', '.join(FORMATS)}")
    if str(source) == "builtin":
        return _load_cached("builtin", "textaug")
    path = Path(source).expanduser().resolve()
    if not path.is_file():
        raise ResourceError(
            f"vectors file not found: {path}. Pass 'builtin', or a word2vec/GloVe/fastText file "
            "(train one with textaug.synonyms.vectors.train_vectors or scripts/train_vectors.py)"
        )
    return _load_cached(str(path), format or guess_format(path))


@functools.cache
def _load_cached(source: str, format: str) -> WordVectors:
    if source == "builtin":
        if not BUILTIN_PATH.is_file():
            raise ResourceError(
                f"built-in vectors not found: {BUILTIN_PATH}. Rebuild them with: "
                "python scripts/train_vectors.py -o textaug/data/vectors_en.npz"
            )
        return _load_npz(BUILTIN_PATH, "builtin")
    try:
        if format == "textaug":
            return _load_npz(Path(source), source)
        return _load_with_gensim(source, format)
    except (TextaugError, OSError):
        raise
    except Exception as exc:  # gensim and numpy say "could not convert", "KeyError: vocab"
        raise ResourceError(
            f"cannot read {source!r} as {format} vectors: {type(exc).__name__}: {exc}"
        ) from None


def _load_npz(path: Path, source: str) -> WordVectors:
    with np.load(path, allow_pickle=False) as z:
        words = bytes(z["vocab"]).decode("utf-8").split("\n")
        if "codes" in z:
            matrix = z["codes"].astype(np.float32)
            matrix *= z["scale"][:, None]
        else:
            matrix = z["unit"].astype(np.float32)
    return WordVectors(words, matrix, source=source)


def _load_with_gensim(source: str, format: str) -> WordVectors:
    try:
        from gensim.models import KeyedVectors
        from gensim.models.fasttext import load_facebook_vectors
    except ImportError as exc:  # pragma: no cover - gensim is a dependency
        raise ResourceError(
            f"reading {format} vectors needs gensim: pip install gensim ({exc})"
        ) from exc
    oov: Callable[[str], np.ndarray | None] | None = None
    if format == "gensim":
        kv = KeyedVectors.load(source, mmap="r")  # pickle: only on explicit request
        if hasattr(kv, "wv"):  # a whole Word2Vec/FastText model was saved
            kv = kv.wv
    elif format == "fasttext-bin":
        kv = load_facebook_vectors(source)
    else:
        kv = KeyedVectors.load_word2vec_format(
            source, binary=format == "word2vec-bin", no_header=format == "glove"
        )
    if getattr(kv, "bucket", 0):  # fastText: subword vectors for unknown words
        oov = _subword_vector(kv)
    return WordVectors(list(kv.index_to_key), kv.vectors, oov=oov, source=source)


def _subword_vector(kv: Any) -> Callable[[str], np.ndarray | None]:
    def build(word: str) -> np.ndarray | None:
        vector = kv.get_vector(word)
        return vector if np.any(vector) else None

    return build


def text_tokens(text: str) -> list[str]:
    """Lower-cased word tokens for training: letters with inner apostrophes/hyphens."""
    return [m.group(0).lower() for m in _TOKEN.finditer(text)]


def stable_hash(text: str) -> int:
    """A hash that does not change between processes (Python's ``hash`` does)."""
    return zlib.crc32(text.encode("utf-8"))


def train_vectors(
    texts: Iterable[str] | Iterable[Sequence[str]],
    *,
    algorithm: str = "word2vec",
    dim: int = 100,
    window: int = 5,
    min_count: int = 3,
    epochs: int = 10,
    seed: int = 0,
    sg: bool = True,
) -> WordVectors:
    """Train word vectors on your own sentences with gensim, deterministically.

    ``texts`` are strings (tokenised with :func:`text_tokens`) or token lists.
    ``algorithm`` is ``word2vec`` or ``fasttext`` (subwords: neighbours for
    misspellings). One worker thread and a process-independent hash make the result
    identical on every run with the same seed. Add general text (e.g. MASC) to a small
    dataset so rarer words get usable vectors.
    """
    from gensim.models import FastText, Word2Vec

    sentences = [text_tokens(t) if isinstance(t, str) else [w.lower() for w in t] for t in texts]
    sentences = [s for s in sentences if s]
    if not sentences:
        raise ConfigError("train_vectors: no text to train on")
    if algorithm not in ("word2vec", "fasttext"):
        raise ConfigError(f"algorithm must be 'word2vec' or 'fasttext', not {algorithm!r}")
    model_class: Any = Word2Vec if algorithm == "word2vec" else FastText
    model = model_class(
        sentences=sentences,
        vector_size=dim,
        window=window,
        min_count=min_count,
        epochs=epochs,
        seed=seed,
        sg=int(sg),
        workers=1,
        hashfxn=stable_hash,
    )
    kv = model.wv
    oov = _subword_vector(kv) if algorithm == "fasttext" else None
    return WordVectors(list(kv.index_to_key), np.array(kv.vectors), oov=oov, source="trained")
