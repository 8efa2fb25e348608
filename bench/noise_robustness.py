"""Does training on textaug noise make an intent classifier robust to typos?

TF-IDF (character 2-5-grams + word unigrams) and logistic regression on SNIPS,
trained on clean train data and on clean + one ``phone_typing`` variant per
record; both evaluated on the clean test set and on a test set noised with a
different seed and a different mix (``keyboard_typos`` at rate 0.3, then
``char_edits``). Train is subsampled to ``--train`` records (default 5,000).

    python bench/noise_robustness.py [--train 5000]
"""

from __future__ import annotations

import argparse
import json
import random
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


def noised(records: list[Record], augmenter: object, seed: int) -> list[Record]:
    out = []
    for i, record in enumerate(records):
        found = augmenter.augment(record, 1, seed=seed, index=i)  # type: ignore[attr-defined]
        out.append(found[0] if found else record)
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
    args = parser.parse_args()
    started = time.perf_counter()
    train_all = load("train.jsonl")
    train_set = random.Random(0).sample(train_all, min(args.train, len(train_all)))
    test = load("test.jsonl")

    phone = load_recipe("phone_typing")
    augmented = train_set + noised(train_set, phone, seed=1)
    test_noise = Pipeline((KeyboardTypos(rate=0.3), CharEdits(rate=0.2)))
    noisy_test = noised(test, test_noise, seed=12345)
    changed = sum(a.text != b.text for a, b in zip(test, noisy_test, strict=True))

    clean_model = train(train_set)
    noise_model = train(augmented)
    rows = [
        ("clean train", accuracy(clean_model, test), accuracy(clean_model, noisy_test)),
        ("clean + textaug phone_typing", accuracy(noise_model, test),
         accuracy(noise_model, noisy_test)),
    ]  # fmt: skip
    print(
        f"SNIPS: {len(train_set)} train records (sampled, seed 0), {len(test)} test records; "
        f"{changed} noisy test utterances differ from the clean ones\n"
    )
    print("| training data | clean test acc. | noisy test acc. |")
    print("|---|---:|---:|")
    for name, clean, noisy in rows:
        print(f"| {name} | {clean:.2f} | {noisy:.2f} |")
    (_, c0, n0), (_, c1, n1) = rows
    lost = c0 - n0
    recovered = (n1 - n0) / lost if lost > 0 else float("nan")
    print(
        f"\nnoise costs the clean model {lost:.2f} points; training with noise recovers "
        f"{100 * recovered:.0f}% of that; clean-test change {c1 - c0:+.2f} points "
        f"({time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()
