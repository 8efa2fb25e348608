"""Records per second for each structural augmenter, against nlpaug's RandomWordAug.

Same 10,000 SNIPS utterances (with their entity spans), same process, one core.
textaug protects entity spans; nlpaug does not (it sees plain strings), so we
also report how many entity values each tool left intact.

    python bench/bench_structural.py [--records 10000]

Needs nlpaug (``pip install "textaug[bench]"``) and ../shared beside the repo.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable
from pathlib import Path

from textaug import PunctuationInsertion, RandomDeletion, RandomInsertion, RandomSwap, Record
from textaug.augmenter import Augmenter, Context
from textaug.io import read_records
from textaug.tokens import clear_caches

SNIPS = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "intents"
    / "snips"
    / "train.jsonl"
)


def load(count: int) -> list[Record]:
    # One SNIPS entity ends past its text; skip such records as --skip-invalid would.
    return list(itertools.islice(read_records(str(SNIPS), on_error=lambda error: None), count))


def time_textaug(augmenter: Augmenter, records: list[Record]) -> tuple[float, float]:
    """Records/s, and the share of entity values intact in the variants.

    The timed loop streams like ``textaug augment`` does (outputs are not kept);
    a second, untimed pass makes the same deterministic variants for the check.
    """
    clear_caches()  # every augmenter tokenizes its texts afresh, as in a real run
    start = time.perf_counter()
    for i, record in enumerate(records):
        augmenter.variants(record, 1, Context.for_record(0, i))
    elapsed = time.perf_counter() - start
    kept = total = 0
    for i, record in enumerate(records):
        for variant in augmenter.variants(record, 1, Context.for_record(0, i)):
            for old, new in zip(record.spans, variant.spans, strict=True):
                total += 1
                kept += record.span_text(old) == variant.span_text(new)
    return len(records) / elapsed, kept / max(total, 1)


def time_nlpaug(augment: Callable[[str], list[str]], records: list[Record]) -> tuple[float, float]:
    """Records/s, and the share of entity values still present in nlpaug's output."""
    start = time.perf_counter()
    for record in records:
        augment(record.text)
    elapsed = time.perf_counter() - start
    kept = total = 0
    for record in records:
        out = augment(record.text)
        text = out[0] if out else record.text
        for span in record.spans:
            total += 1
            kept += record.span_text(span) in text
    return len(records) / elapsed, kept / max(total, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    records = load(args.records)
    import nlpaug.augmenter.word as naw

    peers = {
        "swap": naw.RandomWordAug(action="swap", aug_p=0.1),
        "delete": naw.RandomWordAug(action="delete", aug_p=0.1),
    }
    ours = {
        "swap": RandomSwap(rate=0.1),
        "delete": RandomDeletion(rate=0.1),
        "insert": RandomInsertion(rate=0.1),
        "punctuation": PunctuationInsertion(rate=0.3),
    }
    # Warm up both (tokenizer chunk cache, nlpaug's regexes) on other records.
    warm = load(args.records + 500)[args.records :]
    for augmenter in ours.values():
        time_textaug(augmenter, warm)
    for peer in peers.values():
        time_nlpaug(peer.augment, warm)

    print(f"{len(records)} SNIPS utterances, one core, best of {args.repeats} alternating runs\n")
    print(
        "| operation | textaug rec/s | entities intact "
        "| nlpaug rec/s | entities intact | speed-up |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, augmenter in ours.items():
        runs, peer_runs = [], []
        for _ in range(args.repeats):
            runs.append(time_textaug(augmenter, records))
            if name in peers:
                peer_runs.append(time_nlpaug(peers[name].augment, records))
        rate, intact = max(runs)
        if peer_runs:
            peer_rate, peer_intact = max(peer_runs)
            print(
                f"| {name} | {rate:,.0f} | {intact:.1%} | {peer_rate:,.0f} "
                f"| {peer_intact:.1%} | {rate / peer_rate:.1f}x |"
            )
        else:
            print(f"| {name} | {rate:,.0f} | {intact:.1%} | - | - | - |")


if __name__ == "__main__":
    main()
