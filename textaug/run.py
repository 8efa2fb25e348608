"""Run an augmenter over a stream of records, in one or several processes.

Record ``i`` always gets the generator made from ``(seed, i)``, so the output
is byte-identical for any number of worker processes and any batch size.
Input is consumed lazily and at most a few batches are in flight, so memory
stays flat on million-line files.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from textaug import provenance
from textaug.augmenter import ATTEMPTS_PER_VARIANT, Augmenter, Context
from textaug.errors import ConfigError
from textaug.record import Record

#: Batches kept in flight per worker process.
_WINDOW_PER_WORKER = 4
_NO_TALLY: Counter[str] = Counter()  # shared, never mutated: most records refuse nothing


@dataclass
class Summary:
    """What a run did: counts, and why some records yielded fewer variants."""

    records_in: int = 0
    variants_out: int = 0
    short: int = 0
    reasons: Counter[str] = field(default_factory=Counter)

    def line(self, asked: int) -> str:
        """A one-line summary for the CLI."""
        text = (
            f"{plural(self.records_in, 'record')} in, {plural(self.variants_out, 'variant')} "
            f"out; {plural(self.short, 'record')} yielded fewer than {asked}"
        )
        if self.reasons:
            top = ", ".join(f"{why} ({count})" for why, count in self.reasons.most_common(3))
            text += f" (most often: {top})"
        return text


def plural(count: int, noun: str) -> str:
    """``"1 record"``, ``"2 records"``.

    >>> plural(1, "record"), plural(0, "variant")
    ('1 record', '0 variants')
    """
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def variants_of(
    augmenter: Augmenter, record: Record, index: int, n: int, seed: int
) -> tuple[list[Record], Counter[str]]:
    """The variants of record ``index``, each tagged with its parent and operations."""
    ctx = Context.for_record(seed, index)
    found = augmenter.variants(record, n, ctx)
    tagged = [
        v.with_meta({**v.meta, provenance.KEY: provenance.for_variant(index, list(v.ops))})
        for v in found
    ]
    return tagged, ctx.counted() or _NO_TALLY


def augment_records(
    records: Iterable[Record],
    augmenter: Augmenter,
    n: int,
    *,
    seed: int = 0,
    workers: int = 1,
    batch_size: int = 256,
    keep_originals: bool = True,
    summary: Summary | None = None,
    progress: Callable[[int], Any] | None = None,
) -> Iterator[Record]:
    """Yield each input record (unless ``keep_originals`` is false) followed by its variants.

    ``summary`` is filled in as the run goes; ``progress`` is called with the
    number of input records finished since the last call.
    """
    if n < 0:
        raise ConfigError(f"n must be non-negative, got {n}")
    if workers < 1:
        raise ConfigError(f"workers must be at least 1, got {workers}")
    if batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, got {batch_size}")
    summary = summary if summary is not None else Summary()
    work = functools.partial(_run_batch, augmenter, n, seed)
    for batch, batch_result in ordered_map(work, _batches(records, batch_size), workers):
        for (_, original), (found, tally) in zip(batch, batch_result, strict=True):
            summary.records_in += 1
            summary.variants_out += len(found)
            if len(found) < n:
                summary.short += 1
                summary.reasons.update(
                    tally or {f"no distinct variant in {n * ATTEMPTS_PER_VARIANT} tries": 1}
                )
            if keep_originals:
                yield original
            yield from found
        if progress is not None:
            progress(len(batch_result))


Batch = list[tuple[int, Record]]
#: Per record of a batch: its variants and its refusal tally (originals stay in the parent).
BatchResult = list[tuple[list[Record], Counter[str]]]


def _batches(records: Iterable[Record], size: int) -> Iterator[Batch]:
    numbered = enumerate(records)
    while batch := list(islice(numbered, size)):
        yield batch


def _run_batch(augmenter: Augmenter, n: int, seed: int, batch: Batch) -> BatchResult:
    return [variants_of(augmenter, record, index, n, seed) for index, record in batch]


T = TypeVar("T")
R = TypeVar("R")


def ordered_map(work: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[tuple[T, R]]:
    """``(item, work(item))`` for each item, in input order, using ``workers`` processes.

    At most a few items are in flight per worker, so a lazy input stays lazy and
    memory stays flat. ``work`` must pickle (a module-level function, or a
    ``functools.partial`` of one); each process loads its resources once.
    """
    if workers == 1:
        for item in items:
            yield item, work(item)
        return
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    window = workers * _WINDOW_PER_WORKER
    context = multiprocessing.get_context(method)
    # ``work`` (an augmenter and its data) goes to each worker once, not with every item
    with context.Pool(workers, initializer=_install, initargs=(work,)) as pool:
        pending: deque[tuple[T, Any]] = deque()
        for item in items:
            pending.append((item, pool.apply_async(_installed_work, (item,))))
            if len(pending) >= window:
                done, result = pending.popleft()
                yield done, result.get()
        while pending:
            done, result = pending.popleft()
            yield done, result.get()


_work: Callable[[Any], Any] | None = None
"""In a worker process: the function :func:`ordered_map` runs on each item."""


def _install(work: Callable[[Any], Any]) -> None:
    global _work
    _work = work


def _installed_work(item: Any) -> Any:
    assert _work is not None, "ordered_map's worker started without its work"
    return _work(item)


def default_workers() -> int:
    """One worker per available core."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
