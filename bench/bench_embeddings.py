"""Benchmark: textaug embedding_neighbours vs nlpaug WordEmbsAug on the SAME vectors.

The built-in vectors are exported to word2vec binary format in a temporary folder
(nlpaug's word2vec loader reads only binary files) and both tools augment the same
2,000 utterances (SNIPS test texts, padded with train) in one run. Times exclude
loading the vectors; each tool first changes one warm-up sentence, so that what it
loads on first use (tagger, tokenizer, inflection and frequency tables) is loaded
before the clock starts. A second pass over the same texts shows the cached regime
(textaug keeps each text's tags and each word's candidates).

Both tools run with one BLAS thread by default (``--blas-threads 0`` keeps the
libraries' own setting). nlpaug asks gensim for each word's neighbours, a BLAS
matrix-vector product, and on a busy 2-core machine OpenBLAS's thread pool made it
several times slower, by an amount that changed from run to run (measured: 25-110
sentences/s with its default threads, 380-630 with one), which says more about the
machine than about either tool. textaug's own products do not use BLAS. Run from the
repository root:

    python bench/bench_embeddings.py [--n 2000] [--blas-threads 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from snips import utterances

ROOT = Path(__file__).resolve().parents[1]


def time_textaug(texts: list[str]) -> list[tuple[float, int]]:
    """(seconds, sentences changed) for a first and a second pass over ``texts``."""
    from textaug.synonyms import EmbeddingNeighbours

    augmenter = EmbeddingNeighbours()
    augmenter.word_vectors()
    warm = augmenter.augment("don't forget, I want to buy a new laptop", n=1)
    assert warm, "the warm-up sentence must change, or some tables load inside the timing"
    passes = []
    for _ in range(2):
        started = time.perf_counter()
        changed = 0
        for index, text in enumerate(texts):
            changed += bool(augmenter.augment(text, n=1, seed=0, index=index))
        passes.append((time.perf_counter() - started, changed))
    return passes


def time_nlpaug(texts: list[str], model_path: str) -> list[tuple[float, int]]:
    """(seconds, sentences changed) for a first and a second pass over ``texts``."""
    import nlpaug.augmenter.word as naw

    augmenter = naw.WordEmbsAug(model_type="word2vec", model_path=model_path, action="substitute")
    augmenter.augment("warm up the model")
    passes = []
    for _ in range(2):
        started = time.perf_counter()
        changed = 0
        for text in texts:
            result = augmenter.augment(text)
            out = result[0] if isinstance(result, list) and result else str(result)
            changed += out != text
        passes.append((time.perf_counter() - started, changed))
    return passes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="BLAS threads for both tools; 0: leave as is"
    )
    args = parser.parse_args()
    texts = utterances(args.n)

    from threadpoolctl import threadpool_limits

    from textaug.synonyms.vectors import load_vectors

    limit = args.blas_threads or None
    with tempfile.TemporaryDirectory() as folder, threadpool_limits(limit):
        model_path = str(Path(folder) / "vectors_en.bin")
        load_vectors().save_word2vec(model_path, binary=True)
        ours = time_textaug(texts)
        theirs = time_nlpaug(texts, model_path)

    n = len(texts)
    threads = args.blas_threads or "default"
    print(f"{n} utterances, same vectors (textaug built-in, exported to word2vec binary)")
    print(f"BLAS threads: {threads}")
    rows = (("textaug embedding_neighbours", ours[0]), ("nlpaug WordEmbsAug", theirs[0]))
    for label, (seconds, changed) in rows:
        print(f"{label + ':':29s} {n / seconds:8.1f} sentences/s ({changed} changed)")
    print(f"ratio: textaug is {theirs[0][0] / ours[0][0]:.1f}x faster")
    print(
        f"second pass (textaug's tags and candidates cached): textaug {n / ours[1][0]:.1f}, "
        f"nlpaug {n / theirs[1][0]:.1f} sentences/s, {theirs[1][0] / ours[1][0]:.1f}x"
    )


if __name__ == "__main__":
    main()
