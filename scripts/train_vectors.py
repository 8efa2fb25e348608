"""Train the built-in word vectors (textaug/data/vectors_en.npz) from shippable text.

Sources, all licensed for redistribution of derived models (see
textaug/data/LICENSE-vectors.md): MASC sentences, UD English-ATIS and ESLSpok
train splits (CC BY-SA 4.0), SNIPS train utterances (CC0 1.0) and the project's
own corpora/ and templates/ text. Never ATIS intents (research use only).

With --retrofit, the vectors are then retrofitted to WordNet (Faruqui et al.
2015): each word is pulled towards its WordNet synonyms, and WordNet antonyms are
pushed apart (the repel term of counter-fitting, Mrkšić et al. 2016), so that
"cheap" stops being the nearest neighbour of "expensive". The shipped file is
NOT retrofitted: pulling every synonym pair together also pulls in rare senses
("cheap" towards "flash"), and measured worse on tests/data/embedding_traps.jsonl.
Deterministic: one
worker thread, fixed seed, process-independent hashing.

    python scripts/train_vectors.py --shared ../shared -o textaug/data/vectors_en.npz
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from textaug.lexicon import load_wordnet
from textaug.synonyms.vectors import WordVectors, text_tokens, train_vectors
from textaug.tagging.conllu import read_conllu

ROOT = Path(__file__).resolve().parents[1]
UPOS = ("NOUN", "VERB", "ADJ", "ADV")


def conllu_sentences(path: Path) -> Iterator[list[str]]:
    for sentence in read_conllu(path):
        tokens = text_tokens(" ".join(sentence.words))
        if tokens:
            yield tokens


def jsonl_texts(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            tokens = text_tokens(json.loads(line)["text"])
            if tokens:
                yield tokens


def project_texts(folder: Path) -> Iterator[list[str]]:
    """Every line of the project's own text files (corpora/, templates/)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".txt", ".jsonl", ".yml", ".yaml", ".csv", ".tsv", ".j2"):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                tokens = text_tokens(line)
                if tokens:
                    yield tokens


def corpus(shared: Path) -> list[list[str]]:
    pos = shared / "data" / "pos"
    sentences: list[list[str]] = []
    sentences += conllu_sentences(pos / "nltk_masc_tagged" / "masc.conllu.gz")
    sentences += conllu_sentences(pos / "ud_english_atis" / "en_atis-ud-train.conllu")
    sentences += conllu_sentences(pos / "ud_english_eslspok" / "en_eslspok-ud-train.conllu")
    sentences += jsonl_texts(shared / "data" / "intents" / "snips" / "train.jsonl")
    sentences += project_texts(ROOT / "corpora")
    sentences += project_texts(ROOT / "templates")
    return sentences


def lexical_pairs(words: list[str]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(synonym pairs, antonym pairs) of vocabulary rows, from WordNet."""
    wn = load_wordnet()
    index = {w: i for i, w in enumerate(words)}
    synonyms: set[tuple[int, int]] = set()
    antonyms: set[tuple[int, int]] = set()
    for i, word in enumerate(words):
        for upos in UPOS:
            for lemma in wn.lemmatize(word, upos)[:1]:
                if lemma != word:
                    continue  # pair lemmas only; inflected forms follow their lemma
                for other, _score in wn.synonyms(lemma, upos, max_senses=1):
                    j = index.get(other.lower())
                    if j is not None and j != i:
                        synonyms.add((min(i, j), max(i, j)))
                for other in wn.antonyms(lemma, upos):
                    j = index.get(other.lower())
                    if j is not None and j != i:
                        antonyms.add((min(i, j), max(i, j)))
    return sorted(synonyms), sorted(antonyms)


def retrofit(
    vectors: WordVectors, iterations: int = 10, alpha: float = 1.0, repel: float = 0.5
) -> np.ndarray:
    """Pull WordNet synonyms together, push antonyms apart; unit rows out."""
    unit = np.asarray(vectors.matrix, dtype=np.float32) * vectors.inverse_norms[:, None]
    synonyms, antonyms = lexical_pairs(list(vectors.words))
    print(f"retrofit: {len(synonyms)} synonym pairs, {len(antonyms)} antonym pairs")
    neighbours: dict[int, list[int]] = {}
    for a, b in synonyms:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    current = unit.copy()
    for _ in range(iterations):
        for i, others in neighbours.items():
            beta = 1.0 / len(others)
            current[i] = (alpha * unit[i] + beta * current[others].sum(axis=0)) / (alpha + 1.0)
        for a, b in antonyms:
            va, vb = current[a], current[b]
            cos = float(va @ vb) / (float(np.linalg.norm(va) * np.linalg.norm(vb)) or 1.0)
            if cos > 0.0:
                current[a] = va - repel * cos * vb
                current[b] = vb - repel * cos * va
    norms = np.linalg.norm(current, axis=1, keepdims=True)
    return current / np.maximum(norms, 1e-12)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "textaug/data/vectors_en.npz")
    parser.add_argument("--algorithm", choices=("word2vec", "fasttext"), default="word2vec")
    parser.add_argument("--dim", type=int, default=100)
    parser.add_argument("--min-count", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--retrofit", action="store_true", help="pull WordNet synonyms together")
    parser.add_argument("--quantize", choices=("int8", "float16"), default="int8")
    args = parser.parse_args()

    started = time.perf_counter()
    sentences = corpus(args.shared)
    tokens = sum(len(s) for s in sentences)
    print(f"corpus: {len(sentences)} sentences, {tokens} tokens")
    vectors = train_vectors(
        sentences,
        algorithm=args.algorithm,
        dim=args.dim,
        min_count=args.min_count,
        epochs=args.epochs,
        seed=args.seed,
    )
    print(f"trained {vectors} in {time.perf_counter() - started:.1f}s")
    if args.retrofit:
        vectors = WordVectors(vectors.words, retrofit(vectors), source="retrofitted")
    vectors.save(args.output, quantize=args.quantize)
    size = args.output.stat().st_size
    print(f"wrote {args.output} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.1f}s")


if __name__ == "__main__":
    main()
