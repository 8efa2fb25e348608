"""Run a recipe on a Dask cluster with output identical to the single-process run.

Every record is numbered *before* the data is partitioned, and record ``i``
gets the generator made from ``(seed, i)``, exactly like ``textaug augment``.
Partitions keep their order, so concatenating them gives the same lines as
``textaug augment`` with the same seed, however many workers there are::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")         # or Client() for a local cluster
    bag = augment_bag(read_jsonl_bag("s3://bucket/train-*.jsonl"), load_recipe("default"),
                      n=3, seed=1)
    write_jsonl(bag, "train.augmented.jsonl")        # written in order by the client

Workers need textaug installed (the same version) and read access to the input.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError, DataError, SpanError
from textaug.io.jsonl import format_jsonl, record_from_json
from textaug.io.lines import atomic_text_output
from textaug.record import Record, as_record
from textaug.run import variants_of

if TYPE_CHECKING:
    import dask.bag as db

Indexed = tuple[int, Record]


def indexed_bag(
    records: Iterable[Record | str],
    npartitions: int | None = None,
    partition_size: int | None = None,
) -> db.Bag:
    """A bag of ``(index, record)``, numbered in input order before partitioning."""
    import dask.bag as db

    numbered = [(i, as_record(r)) for i, r in enumerate(records)]
    if npartitions is None and partition_size is None:
        npartitions = max(1, min(100, len(numbered) // 1000 or 1))
    return db.from_sequence(numbered, npartitions=npartitions, partition_size=partition_size)


def read_jsonl_bag(
    urlpath: str | Sequence[str], *, label_key: str = "intent", blocksize: int | str | None = None
) -> db.Bag:
    """A bag of ``(index, record)`` from JSON-lines files read in blocks by the workers.

    A first, cheap pass counts the records (non-blank lines) of each block, so
    each block knows the global index of its first record; the second pass parses.
    """
    import dask
    import dask.bag as db

    lines = db.read_text(urlpath, blocksize=blocksize)
    parts = lines.to_delayed()
    counts = dask.compute(*[dask.delayed(_count_records)(part) for part in parts])
    offsets = [sum(counts[:i]) for i in range(len(counts))]
    parse = dask.delayed(_parse_block)
    return db.from_delayed(
        [parse(part, offset, label_key) for part, offset in zip(parts, offsets, strict=True)]
    )


def augment_bag(
    indexed: db.Bag, augmenter: Augmenter, n: int, *, seed: int = 0, keep_originals: bool = True
) -> db.Bag:
    """A bag of records: each input record (unless ``keep_originals`` is false), then its variants.

    ``indexed`` holds ``(index, record)`` pairs, from :func:`indexed_bag` or
    :func:`read_jsonl_bag`; partition boundaries do not change the output.
    """
    if n < 0:
        raise ConfigError(f"n must be non-negative, got {n}")
    if seed < 0:
        raise ConfigError(f"seed must be a non-negative integer, got {seed}")
    return indexed.map_partitions(_augment_partition, augmenter, n, seed, keep_originals)


def write_jsonl(records: db.Bag, path: str, *, label_key: str = "intent", window: int = 8) -> int:
    """Write a bag of records to one JSONL file, partitions in order; returns the line count.

    Up to ``window`` partitions are computed at a time (on the active
    ``dask.distributed`` client, if any) and written by this process, so
    workers need no shared file system. The file appears only when complete.
    """
    import dask

    if window < 1:
        raise ConfigError(f"window must be at least 1, got {window}")
    parts = records.map_partitions(_format_partition, label_key).to_delayed()
    count = 0
    with atomic_text_output(path) as handle:
        for start in range(0, len(parts), window):
            for lines in dask.compute(*parts[start : start + window]):
                handle.writelines(lines)
                count += len(lines)
    return count


def _augment_partition(
    items: Iterable[Indexed], augmenter: Augmenter, n: int, seed: int, keep_originals: bool
) -> list[Record]:
    out: list[Record] = []
    for index, record in items:
        found, _ = variants_of(augmenter, record, index, n, seed)
        if keep_originals:
            out.append(record)
        out.extend(found)
    return out


def _format_partition(records: Iterable[Record], label_key: str) -> list[str]:
    return [format_jsonl(record, label_key) for record in records]


def _count_records(lines: Iterable[str]) -> int:
    return sum(1 for line in lines if line.strip())


def _parse_block(lines: Iterable[str], offset: int, label_key: str) -> list[Indexed]:
    return list(_parse_lines(lines, offset, label_key))


def _parse_lines(lines: Iterable[str], offset: int, label_key: str) -> Iterator[Indexed]:
    index = offset
    for line in lines:
        if not line.strip():
            continue
        try:
            record = record_from_json(json.loads(line.lstrip("\ufeff")), label_key)
        except (json.JSONDecodeError, DataError, SpanError) as exc:
            raise DataError(f"record {index}: {getattr(exc, 'reason', exc)}") from None
        yield index, record
        index += 1


__all__ = ["augment_bag", "indexed_bag", "read_jsonl_bag", "write_jsonl"]
