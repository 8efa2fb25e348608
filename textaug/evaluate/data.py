"""The rows each run trains and tests on: lenient files, k-shot draws, noisy and
duplicated copies."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from textaug.augmenter import Augmenter, Context
from textaug.record import Record
from textaug.run import variants_of


class LenientFile:
    """A training or test file, re-read on each iteration; rows with broken entity
    offsets keep their text and intent.

    Classification needs only text and intent, so a bad annotation should not drop a
    row. ``repaired`` counts, after a full pass, how many rows lost their entities
    (or, for formats other than JSONL, were skipped). Iterating streams the file, so
    :func:`evaluate` can draw its subsets from a file of any size in flat memory.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.repaired = 0

    def __iter__(self) -> Iterator[Record]:
        import json

        from textaug.errors import DataError, SpanError
        from textaug.io import RecordReader
        from textaug.io.jsonl import record_from_json
        from textaug.io.lines import decoded_lines, open_binary

        path = self.path
        self.repaired = 0
        reader = RecordReader(path)
        if reader.format != "jsonl":
            errors: list[DataError] = []
            reader.on_error = errors.append
            yield from reader
            self.repaired = len(errors)
            return
        with open_binary(path) as handle:
            for number, line in decoded_lines(handle, path):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataError(f"invalid JSON: {exc.msg}", path=path, line=number) from None
                try:
                    yield record_from_json(obj)
                except (DataError, SpanError):
                    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                        raise DataError(
                            "missing or non-string 'text'", path=path, line=number
                        ) from None
                    label = obj.get("intent")
                    self.repaired += 1
                    yield Record(obj["text"], label if isinstance(label, str) else None)


def read_lenient(path: str) -> tuple[list[Record], int]:
    """All records of ``path`` (see :class:`LenientFile`) and how many were repaired."""
    source = LenientFile(path)
    records = list(source)
    return records, source.repaired


def k_shot(records: Sequence[Record], k: int, rng: random.Random) -> tuple[list[Record], list[int]]:
    """k records per intent (all of an intent that has fewer), and the indices left over."""
    by_label: dict[str | None, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_label[record.label].append(i)
    positions = draw_k_shot({label: len(rows) for label, rows in by_label.items()}, k, rng)
    chosen = sorted(by_label[label][p] for label, picked in positions.items() for p in picked)
    taken = set(chosen)
    rest = [i for i in range(len(records)) if i not in taken]
    return [records[i] for i in chosen], rest


def draw_k_shot(
    counts: dict[str | None, int], k: int, rng: random.Random
) -> dict[str | None, set[int]]:
    """Which rows of each intent (by position among that intent's rows) form the k-shot set.

    Needs only the row count of each intent, so a file can be drawn from in two passes.
    """
    return {
        label: set(rng.sample(range(counts[label]), min(k, counts[label])))
        for label in sorted(counts, key=str)
    }


@dataclass
class Draw:
    """One (shots, seed) run's rows, picked in one streaming pass over the training data."""

    shots: int
    seed: int
    chosen: dict[str | None, set[int]]
    #: positions among the rows left over that form the test set; None: all of them
    test_positions: set[int] | None
    train: list[Record] = field(default_factory=list)
    test: list[Record] = field(default_factory=list)


def pick_rows(pool: Iterable[Record], draws: list[Draw], held_out_test: bool) -> None:
    """Fill every draw's training rows (and held-out test rows) in one pass, in file order."""
    seen: dict[str | None, int] = defaultdict(int)
    left = [0] * len(draws)  # rows left over so far, per draw
    for record in pool:
        position = seen[record.label]
        seen[record.label] = position + 1
        for d, draw in enumerate(draws):
            if position in draw.chosen[record.label]:
                draw.train.append(record)
                continue
            if held_out_test and (draw.test_positions is None or left[d] in draw.test_positions):
                draw.test.append(record)
            left[d] += 1


def noisy_copy(records: Sequence[Record], noise: Augmenter, seed: int = 0) -> list[Record]:
    """The records with noise applied to each (unchanged where the noise finds nothing to do)."""
    out = []
    for i, record in enumerate(records):
        variant = noise.transform(record, Context.for_record(seed, i))
        out.append(record if variant is None else variant)
    return out


def duplicated(originals: Sequence[Record], like: Sequence[Record]) -> list[Record]:
    """The originals repeated, per intent, to as many rows as ``like`` has of that intent."""
    wanted: dict[str | None, int] = defaultdict(int)
    for record in like:
        wanted[record.label] += 1
    by_label: dict[str | None, list[Record]] = defaultdict(list)
    for record in originals:
        by_label[record.label].append(record)
    out = []
    for label, rows in by_label.items():
        out += [rows[i % len(rows)] for i in range(wanted[label])]
    return out


def eda_augment(
    originals: Sequence[Record], augmenter: Augmenter, n: int, seed: int
) -> list[Record]:
    """EDA's way: each original followed by up to ``n`` variants, no dedup or cap."""
    out: list[Record] = []
    for i, record in enumerate(originals):
        out.append(record)
        out += variants_of(augmenter, record, i, n, seed)[0]
    return out


def noise_augmenter(rate: float = 0.3) -> Augmenter:
    """``keyboard_typos`` at ``rate``: one neighbouring-key typo in about that share of words."""
    from textaug.registry import from_config

    augmenter = from_config({"name": "keyboard_typos", "rate": rate})
    assert isinstance(augmenter, Augmenter)
    return augmenter
