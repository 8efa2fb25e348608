"""Records per second for the same recipe through textaug's runner, HF datasets and Dask.

Input: SNIPS train records cycled to ``--records`` records, each with its
position as an ``id`` column. Every engine augments the same records with the
same recipe and seed (so the output is identical); the table gives input
records per second, from the call to the last output record in memory.

    python bench/bench_integrations.py --records 100000
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from textaug.augmenter import Augmenter
from textaug.errors import DataError
from textaug.io.jsonl import format_jsonl, record_from_json, record_to_json
from textaug.recipes import load_recipe
from textaug.record import Record
from textaug.run import augment_records

SNIPS = Path(__file__).resolve().parents[1].parent / "shared/data/intents/snips/train.jsonl"


def load_rows(count: int) -> list[dict[str, object]]:
    with SNIPS.open(encoding="utf-8") as handle:
        parsed = [json.loads(line) for line in handle if line.strip()]
    base = [row for row in parsed if _valid(row)]
    return [{**row, "id": i} for i, row in zip(range(count), itertools.cycle(base))]


def _valid(row: dict[str, object]) -> bool:
    """SNIPS train has 3 records whose entity runs one past the text; leave them out."""
    try:
        record_from_json(row)
    except DataError:
        return False
    return True


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    produced = run()
    return time.perf_counter() - start, produced


def bench_runner(records: list[Record], recipe: Augmenter, n: int, workers: int) -> int:
    return sum(1 for _ in augment_records(records, recipe, n, seed=0, workers=workers))


def bench_hf(rows: list[dict[str, object]], recipe: Augmenter, n: int, num_proc: int) -> int:
    from datasets import Dataset, disable_progress_bars

    from textaug.integrations.hf import batched_augmenter

    disable_progress_bars()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        dataset = Dataset.from_json(str(path), cache_dir=folder)
        fn = batched_augmenter(recipe, n, seed=0)
        start = time.perf_counter()
        out = dataset.map(fn, batched=True, with_indices=True, num_proc=num_proc)
        bench_hf.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
        return len(out)


def bench_dask(
    records: list[Record], recipe: Augmenter, n: int, workers: int
) -> list[tuple[str, float, int]]:
    """In-memory bag to ``compute()``, and JSONL file to JSONL file (read and write included)."""
    from dask.distributed import Client, LocalCluster

    from textaug.integrations.dask import augment_bag, indexed_bag, read_jsonl_bag, write_jsonl

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(lambda: load_recipe("default").augment("warm up the worker", seed=0))
        name = f"Dask LocalCluster({workers} workers)"
        in_memory = timed(
            lambda: len(
                augment_bag(indexed_bag(records, npartitions=4 * workers), recipe, n).compute()
            )
        )
        with tempfile.TemporaryDirectory() as folder:
            source, target = Path(folder) / "in.jsonl", Path(folder) / "out.jsonl"
            source.write_text("".join(format_jsonl(r) for r in records), encoding="utf-8")
            files = timed(
                lambda: write_jsonl(
                    augment_bag(read_jsonl_bag(str(source), blocksize="1MB"), recipe, n),
                    str(target),
                )
            )
        return [(f"{name}, bag.compute()", *in_memory), (f"{name}, JSONL file to file", *files)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("-n", type=int, default=3, help="variants per record")
    parser.add_argument("--recipe", default="default")
    args = parser.parse_args()
    rows = load_rows(args.records)
    records = [record_from_json(row) for row in rows]
    recipe = load_recipe(args.recipe)
    assert record_to_json(records[0])["text"] == rows[0]["text"]
    # Warm this process's tokenizer cache, so in-process rows show steady state;
    # pools and clusters start cold, as a user's would.
    bench_runner(records[:20_000], recipe, args.n, 1)
    results: list[tuple[str, float, int]] = []
    for workers in (1, 2):
        seconds, out = timed(functools.partial(bench_runner, records, recipe, args.n, workers))
        results.append((f"textaug.run.augment_records(workers={workers})", seconds, out))
    for num_proc in (1, 2):
        out = bench_hf(rows, recipe, args.n, num_proc)
        results.append((f"Dataset.map(num_proc={num_proc})", bench_hf.elapsed, out))  # type: ignore[attr-defined]
    results.extend(bench_dask(records, recipe, args.n, 2))
    print(f"{args.records:,} records, n={args.n}, recipe={args.recipe}, {os.cpu_count()} CPUs\n")
    print(f"| {'engine':<50} | {'seconds':>8} | {'records/s':>10} | {'rows out':>9} |")
    print(f"|{'-' * 52}|{'-' * 10}:|{'-' * 11}:|{'-' * 10}:|")
    for name, seconds, out in results:
        rate = args.records / seconds
        print(f"| {name:<50} | {seconds:8.1f} | {rate:10,.0f} | {out:9,} |")


if __name__ == "__main__":
    main()
