"""Character-noise speed and entity safety: textaug vs nlpaug on 2,000 SNIPS utterances.

Times one variant per utterance for textaug ``keyboard_typos`` and ``char_edits``
(every default noise guard on) and nlpaug's ``KeyboardAug`` and ``RandomCharAug``
(defaults), and counts the share of SNIPS slot values each output no longer
contains verbatim. Each tool first warms up on 200 other utterances (resources
loaded, as in any long run); textaug's per-text tokenize cache is cleared
before its timed pass so it tokenizes every utterance afresh.

    python bench/bench_noise.py [--records 2000] [--variants 1]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from textaug.record import Record, Span

SNIPS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "intents" / "snips"


def load_snips(limit: int, skip: int = 0) -> list[Record]:
    """SNIPS utterances with valid entity spans: test first, then train."""
    records: list[Record] = []
    seen = 0
    for name in ("test.jsonl", "train.jsonl"):
        for line in (SNIPS / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            text = row["text"]
            spans = tuple(Span(e["start"], e["end"], e["entity"]) for e in row.get("entities", ()))
            if any(
                s.end > len(text) or text[s.start : s.end] != e["value"]
                for s, e in zip(spans, row.get("entities", ()), strict=True)
            ):
                continue  # a few SNIPS rows have offsets that do not match the text
            seen += 1
            if seen <= skip:
                continue
            records.append(Record(text, row["intent"], spans))
            if len(records) == limit:
                return records
    return records


def slot_values(records: list[Record]) -> list[list[str]]:
    return [[r.span_text(s) for s in r.spans] for r in records]


def changed_share(values: list[list[str]], outputs: list[str]) -> tuple[int, int]:
    """How many slot values no longer appear verbatim in their output, of how many."""
    total = changed = 0
    for vals, out in zip(values, outputs, strict=True):
        for v in vals:
            total += 1
            changed += v not in out
    return changed, total


def time_textaug(
    augmenter: object, records: list[Record], n: int = 1
) -> tuple[float, list[str], int]:
    """Seconds for one streaming pass, then (untimed) the outputs and span errors."""
    from textaug.tokens import clear_caches

    clear_caches()  # every run tokenizes its texts afresh
    start = time.perf_counter()
    for i, record in enumerate(records):
        augmenter.augment(record, n, seed=0, index=i)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - start
    outputs: list[str] = []
    span_errors = 0
    for i, record in enumerate(records):
        found = augmenter.augment(record, n, seed=0, index=i)  # type: ignore[attr-defined]
        out = found[0] if found else record
        outputs.append(out.text)
        if [out.span_text(s) for s in out.spans] != [record.span_text(s) for s in record.spans]:
            span_errors += 1
    return elapsed, outputs, span_errors


def time_nlpaug(
    augment: Callable[..., object], texts: list[str], n: int = 1
) -> tuple[float, list[str]]:
    """Seconds for one pass, then (untimed) one output per text."""
    start = time.perf_counter()
    for text in texts:
        augment(text, n=n)
    elapsed = time.perf_counter() - start
    outputs = []
    for text in texts:
        out = augment(text, n=n)
        outputs.append(out[0] if isinstance(out, list) else str(out))
    return elapsed, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--variants", type=int, default=1, help="variants per utterance")
    parser.add_argument("--repeats", type=int, default=7, help="alternating runs; best kept")
    args = parser.parse_args()

    import nlpaug.augmenter.char as nac

    from textaug.noise import CharEdits, KeyboardTypos

    records = load_snips(args.records)
    warmup = load_snips(200, skip=args.records)
    texts = [r.text for r in records]
    values = slot_values(records)
    pairs = [
        ("keyboard", KeyboardTypos(), nac.KeyboardAug(), "KeyboardAug()"),
        ("random char", CharEdits(), nac.RandomCharAug(), "RandomCharAug()"),
    ]
    print(
        f"{len(records)} SNIPS utterances, {sum(map(len, values))} slot values, "
        f"{args.variants} variant(s) each\n"
    )
    print("| noise | tool | sentences/s | slot values changed | spans exact |")
    print("|---|---|---:|---:|---:|")
    ratios = []
    for label, ours, theirs, their_name in pairs:
        for r in warmup:
            ours.augment(r, 1)
            theirs.augment(r.text)
        runs = []
        for _ in range(args.repeats):  # alternate, keep each tool's best run
            runs.append((time_textaug(ours, records, args.variants),
                         time_nlpaug(theirs.augment, texts, args.variants)))  # fmt: skip
        t_ours, out_ours, span_errors = min((r[0] for r in runs), key=lambda r: r[0])
        t_theirs, out_theirs = min((r[1] for r in runs), key=lambda r: r[0])
        c_ours, total = changed_share(values, out_ours)
        c_theirs, _ = changed_share(values, out_theirs)
        rate_ours, rate_theirs = len(records) / t_ours, len(records) / t_theirs
        ratios.append((label, rate_ours / rate_theirs))
        exact = f"{len(records) - span_errors}/{len(records)}"
        print(
            f"| {label} | textaug {ours.name} | {rate_ours:,.0f} | "
            f"{c_ours}/{total} ({100 * c_ours / total:.1f}%) | {exact} |"
        )
        print(
            f"| {label} | nlpaug {their_name} | {rate_theirs:,.0f} | "
            f"{c_theirs}/{total} ({100 * c_theirs / total:.1f}%) | n/a |"
        )
    print()
    for label, ratio in ratios:
        print(f"{label}: textaug is {ratio:.2f}x the speed of nlpaug")


if __name__ == "__main__":
    main()
