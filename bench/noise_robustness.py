"""Does training on textaug noise make an intent classifier robust to typos?

TF-IDF (character 2-5-grams + word unigrams) and logistic regression on SNIPS,
trained on clean train data and on clean + ``--copies`` distinct ``phone_typing``
variants per record (what ``textaug augment --recipe phone_typing -n 2`` writes);
both evaluated on the clean test set and on a test set noised with a different
seed and a different mix (``keyboard_typos`` at rate 0.3, then ``char_edits``).
Train is subsampled to ``--train`` records (default 5,000). The noised training
set is drawn with ``--seeds`` different seeds (1, 2, ...), because one draw moves
the noisy accuracy by one or two test utterances (0.14 points each); the table
gives the mean and the range over those draws.

    python bench/noise_robustness.py [--train 5000] [--copies 2] [--seeds 5]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from textaug.compose import Pipeline
from textaug.noise import CharEdits, KeyboardTypos
from textaug.recipes import load_recipe
from textaug.record import Record, Span

SNIPS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "intents" / "snips"


def load(name: str) -> list[Record]:
    records = []
    for line in (SNIPS / name).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        entities = row.get("entities", ())
        spans = tuple(Span(e["start"], e["end"], e["entity"]) for e in entities)
        if any(
            s.end > len(text) or text[s.start : s.end] != e["value"]
            for s, e in zip(spans, entities, strict=True)
        ):
            spans = ()  # keep the utterance, drop offsets that do not match its text
        records.append(Record(text, row["intent"], spans))
    return records


def noisy_copy(records: list[Record], augmenter: object, seed: int) -> list[Record]:
    """One noisy variant of each record (the record itself where nothing could change)."""
    out = []
    for i, record in enumerate(records):
        found = augmenter.augment(record, 1, seed=seed, index=i)  # type: ignore[attr-defined]
        out.append(found[0] if found else record)
    return out


def variants(records: list[Record], augmenter: object, seed: int, copies: int) -> list[Record]:
    """Up to ``copies`` distinct variants of each record, as ``textaug augment -n`` makes them."""
    out: list[Record] = []
    for i, record in enumerate(records):
        out += augmenter.augment(record, copies, seed=seed, index=i)  # type: ignore[attr-defined]
    return out


def accuracy(model: object, records: list[Record]) -> float:
    predicted = model.predict([r.text for r in records])  # type: ignore[attr-defined]
    return 100.0 * sum(p == r.label for p, r in zip(predicted, records, strict=True)) / len(records)


def train(records: list[Record]) -> object:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 1), sublinear_tf=True),
    )
    model = make_pipeline(features, LogisticRegression(C=10.0, max_iter=2000))
    model.fit([r.text for r in records], [r.label for r in records])
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=5000, help="train records to sample")
    parser.add_argument("--copies", type=int, default=2, help="phone_typing variants per record")
    parser.add_argument("--seeds", type=int, default=5, help="noised training sets to draw")
    args = parser.parse_args()
    started = time.perf_counter()
    train_all = load("train.jsonl")
    train_set = random.Random(0).sample(train_all, min(args.train, len(train_all)))
    test = load("test.jsonl")

    test_noise = Pipeline((KeyboardTypos(rate=0.3), CharEdits(rate=0.2)))
    noisy_test = noisy_copy(test, test_noise, seed=12345)
    changed = sum(a.text != b.text for a, b in zip(test, noisy_test, strict=True))

    clean_model = train(train_set)
    c0, n0 = accuracy(clean_model, test), accuracy(clean_model, noisy_test)
    phone = load_recipe("phone_typing")
    runs = []
    for seed in range(1, args.seeds + 1):
        noisy_train = variants(train_set, phone, seed=seed, copies=args.copies)
        model = train(train_set + noisy_train)
        runs.append((accuracy(model, test), accuracy(model, noisy_test), len(noisy_train)))
        print(f"noise seed {seed}: {len(noisy_train)} variants; clean {runs[-1][0]:.2f}, "
              f"noisy {runs[-1][1]:.2f}", flush=True)  # fmt: skip
    print(
        f"\nSNIPS: {len(train_set)} train records (sampled, seed 0), {len(test)} test records; "
        f"{changed} noisy test utterances differ from the clean ones\n"
    )
    lost = c0 - n0
    print("| training data | clean test acc. | noisy test acc. | share of the loss won back |")
    print("|---|---:|---:|---:|")
    print(f"| clean | {c0:.2f} | {n0:.2f} | |")
    clean = [c for c, _, _ in runs]
    noisy = [n for _, n, _ in runs]
    shares = [100 * (n - n0) / lost if lost > 0 else float("nan") for n in noisy]
    print(
        f"| clean + textaug `phone_typing` x{args.copies} (mean of {len(runs)} seeds; range) "
        f"| {statistics.fmean(clean):.2f} ({min(clean):.2f}-{max(clean):.2f}) "
        f"| {statistics.fmean(noisy):.2f} ({min(noisy):.2f}-{max(noisy):.2f}) "
        f"| {statistics.fmean(shares):.0f}% ({min(shares):.0f}-{max(shares):.0f}%) |"
    )
    print(
        f"\nnoise costs the clean model {lost:.2f} points; training with noise wins back "
        f"{statistics.fmean(shares):.0f}% of that on average (worst seed {min(shares):.0f}%); "
        f"clean-test change {statistics.fmean(clean) - c0:+.2f} points on average "
        f"(worst {min(clean) - c0:+.2f}) ({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
