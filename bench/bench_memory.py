"""Peak memory of ``textaug augment``, ``expand`` and ``evaluate`` as the input grows 10x.

Streams should keep memory flat: the peak resident set size on a 1,000,000-line file
should be close to the peak on a 100,000-line file. Input: SNIPS train texts with
their entities, repeated, each line made unique by a trailing record number (a
number, which no augmenter edits) so that ``expand``'s duplicate filter sees a
million distinct rows, its worst case. Each run is a fresh process, measured with
``os.wait4`` (peak RSS of the process and its worker processes). ``evaluate`` needs
``textaug[eval]``; the output-lines column counts the lines of its JSON report.

    python bench/bench_memory.py [--sizes 100000,1000000] [--workers 1] [--commands ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPS = ROOT.parent / "shared" / "data" / "intents" / "snips" / "train.jsonl"


def write_input(path: Path, rows: int) -> None:
    """``rows`` JSONL lines cycled from SNIPS train, each text ending in its line number."""
    source = []
    for line in SNIPS.read_text("utf-8").splitlines():
        row = json.loads(line)
        if all(0 <= e["start"] < e["end"] <= len(row["text"]) for e in row["entities"]):
            source.append(row)
    with path.open("w", encoding="utf-8") as out:
        for i in range(rows):
            row = dict(source[i % len(source)])
            row["text"] = f"{row['text']} {i}"
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def measure(command: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS in MB of ``command`` run to completion."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--workers", default="1")
    parser.add_argument("--commands", default="augment,expand,evaluate")
    args = parser.parse_args()
    textaug = [sys.executable, "-m", "textaug"]
    quiet = ["--seed", "1", "--workers", args.workers, "--no-progress", "-q"]
    print("| command | input lines | output lines | seconds | peak RSS (MB) |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for rows in (int(size) for size in args.sizes.split(",")):
            source = Path(folder) / "input.jsonl"
            write_input(source, rows)
            out = Path(folder) / "out.jsonl"
            jobs = {
                "augment -n 1 (default recipe)": [
                    "augment", str(source), "-o", str(out), "-n", "1"
                ],
                "expand --factor 2 (expand recipe)": [
                    "expand", str(source), "-o", str(out), "--factor", "2"
                ],
                "evaluate --shots 5,10 --seeds 2 (10,000 held-out test rows)": [
                    "evaluate", str(source), "--shots", "5,10", "--seeds", "2",
                    "--json", str(out)
                ],
            }  # fmt: skip
            for name, job in jobs.items():
                if job[0] not in args.commands.split(","):
                    continue
                options = quiet if job[0] != "evaluate" else ["-q"]
                seconds, peak = measure(textaug + job + options)
                with out.open("rb") as handle:
                    written = sum(1 for _ in handle)
                row = f"| {name} | {rows:,} | {written:,} | {seconds:.0f} | {peak:.0f} |"
                print(row, flush=True)
                out.unlink()


if __name__ == "__main__":
    main()
