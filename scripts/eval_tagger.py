"""Measure a textaug tagger: UPOS accuracy on held-out treebanks, and tagging speed.

    python scripts/eval_tagger.py [--tagger en_core_web_sm | --model x.npz] [--data ../shared/data]

Accuracy counts every token, punctuation included. Speed is the mean time of
``tagger.tag(words)`` per sentence over ATIS test sentences and SNIPS test utterances
(split on whitespace), after one warm-up pass so cached word blocks are measured warm.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from textaug.tagging import PerceptronTagger, Tagger, load_tagger  # noqa: E402
from textaug.tagging.conllu import read_conllu  # noqa: E402

TEST_SETS = {
    "EWT dev": "pos/ud_english_ewt/en_ewt-ud-dev.conllu",
    "ATIS test": "pos/ud_english_atis/en_atis-ud-test.conllu",
    "ESLSpok test": "pos/ud_english_eslspok/en_eslspok-ud-test.conllu",
}


def accuracy(tagger: Tagger, path: Path) -> tuple[float, int]:
    """Share of tokens whose predicted UPOS equals the gold UPOS, and the token count."""
    sentences = list(read_conllu(path))
    predicted = tagger.tag_many([s.words for s in sentences])
    right = total = 0
    for sent, tags in zip(sentences, predicted, strict=True):
        right += sum(p == g for p, g in zip(tags, sent.upos, strict=True))
        total += len(sent.upos)
    return right / total, total


def speed(tagger: Tagger, sentences: list[list[str]], rounds: int) -> tuple[float, float]:
    """Mean microseconds per ``tag`` call and tokens per second (after a warm-up pass)."""
    for words in sentences:
        tagger.tag(words)
    tokens = sum(len(words) for words in sentences) * rounds
    start = time.perf_counter()
    for _ in range(rounds):
        for words in sentences:
            tagger.tag(words)
    elapsed = time.perf_counter() - start
    return elapsed / (len(sentences) * rounds) * 1e6, tokens / elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tagger", default=None, help="spaCy pipeline name; default: built-in")
    parser.add_argument("--data", type=Path, default=REPO / ".." / "shared" / "data")
    parser.add_argument("--model", type=Path, default=None, help="a tagger_en.npz to measure")
    parser.add_argument("--rounds", type=int, default=5, help="timing passes over the speed set")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    tagger = PerceptronTagger.load(args.model) if args.model else load_tagger(args.tagger)
    tagger.tag(["Load", "now", "."])
    load_s = time.perf_counter() - start
    print(f"tagger: {tagger.name}  (loaded and first call in {load_s:.3f}s)\n")
    print(f"| {'test set':<13} | {'tokens':>7} | {'UPOS acc':>8} |")
    print(f"|{'-' * 15}|{'-' * 9}|{'-' * 10}|")
    for name, rel in TEST_SETS.items():
        acc, n = accuracy(tagger, args.data / rel)
        print(f"| {name:<13} | {n:>7} | {acc * 100:>7.2f}% |")
    atis = [s.words for s in read_conllu(args.data / TEST_SETS["ATIS test"])]
    with open(args.data / "intents" / "snips" / "test.jsonl", encoding="utf-8") as handle:
        snips = [json.loads(line)["text"].split() for line in handle if line.strip()]
    rounds = args.rounds if args.tagger is None else 1
    print(
        f"\n| {'speed set':<13} | {'sents':>6} | {'tok/sent':>8} | {'us/sent':>8} | "
        f"{'tokens/s':>9} |"
    )
    print(f"|{'-' * 15}|{'-' * 8}|{'-' * 10}|{'-' * 10}|{'-' * 11}|")
    for name, sents in (("ATIS test", atis), ("SNIPS test", snips)):
        micros, rate = speed(tagger, sents, rounds)
        mean_len = sum(map(len, sents)) / len(sents)
        print(
            f"| {name:<13} | {len(sents):>6} | {mean_len:>8.1f} | {micros:>8.1f} | {rate:>9.0f} |"
        )


if __name__ == "__main__":
    main()
