"""End-to-end ``textaug expand`` throughput on 1 and 2 worker processes.

Input: SNIPS train (from ../shared), repeated to ``--rows`` rows, written as
JSONL; each intent is expanded by ``--factor`` with the default ``expand``
recipe. Prints input records per second, output rows per second, and checks
that both worker counts wrote byte-identical files.

    python bench/bench_expand.py [--rows 20000] [--factor 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNIPS = ROOT.parent / "shared" / "data" / "intents" / "snips" / "train.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--factor", type=float, default=2.0)
    parser.add_argument("--recipe", default="expand")
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    from textaug.evaluate import read_lenient
    from textaug.io import write_records

    records, _ = read_lenient(str(SNIPS))
    rows = [records[i % len(records)] for i in range(args.rows)]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "input.jsonl"
        write_records(str(source), rows)
        outputs = []
        for workers in (int(w) for w in args.workers.split(",")):
            out = Path(folder) / f"out{workers}.jsonl"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable, "-m", "textaug", "expand", str(source), "-o", str(out),
                    "--factor", str(args.factor), "--recipe", args.recipe, "--seed", "1",
                    "--workers", str(workers), "--no-progress", "-q",
                ],
                check=True,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            written = sum(1 for _ in out.open(encoding="utf-8"))
            print(
                f"workers={workers}: {args.rows} records in {seconds:.1f} s: "
                f"{args.rows / seconds:,.0f} input records/s, "
                f"{written / seconds:,.0f} rows/s written"
            )
            outputs.append(out.read_bytes())
        print("identical output:", all(o == outputs[0] for o in outputs))


if __name__ == "__main__":
    main()
