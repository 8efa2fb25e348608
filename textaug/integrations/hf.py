"""Augment a Hugging Face ``datasets.Dataset`` with ``Dataset.map``, deterministically.

:func:`batched_augmenter` returns the function to pass to
``Dataset.map(fn, batched=True, with_indices=True)``. Each input row becomes
itself (unless ``keep_originals`` is false) followed by its variants, with the
label, entity and other columns kept aligned and a provenance column added.
Row ``i`` (the global index ``with_indices`` passes, or the value of
``index_column``) gets the generator made from ``(seed, i)``, exactly like
record ``i`` of ``textaug augment``, so the result does not depend on
``batch_size`` or ``num_proc``::

    fn = batched_augmenter(load_recipe("default"), n=3, seed=1)
    augmented = dataset.map(fn, batched=True, with_indices=True, num_proc=4)

``datasets`` itself is never imported here: the function works on the plain
dict of column lists that ``map`` hands it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError, DataError
from textaug.integrations.rows import PROVENANCE_COLUMN, Columns, entity_keys
from textaug.run import variants_of

Batch = dict[str, list[Any]]


@dataclass(frozen=True)
class BatchedAugmenter:
    """A batch of rows in, each row followed by its variants out (see the module docstring)."""

    augmenter: Augmenter
    n: int
    seed: int = 0
    columns: Columns = field(default_factory=Columns)
    index_column: str | None = None
    keep_originals: bool = True

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ConfigError(f"n must be non-negative, got {self.n}")
        if self.seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {self.seed}")

    def __call__(self, batch: Batch, indices: Sequence[int] | None = None) -> Batch:
        text_column = self.columns.text
        if text_column not in batch:
            raise DataError(f"no text column {text_column!r}; the columns are {sorted(batch)}")
        if self.index_column is not None:
            indices = batch[self.index_column]
        elif indices is None:
            raise ConfigError(
                "call Dataset.map with with_indices=True (or give index_column) so each row "
                "gets the generator of its global position"
            )
        names = [name for name in batch if name != self.columns.provenance]
        keys = entity_keys(batch[self.columns.entities]) if self.columns.entities in batch else ()
        out: Batch = {name: [] for name in [*names, self.columns.provenance]}
        for position, index in enumerate(indices):
            row = {name: batch[name][position] for name in names}
            record = self.columns.record(row)
            found, _ = variants_of(self.augmenter, record, int(index), self.n, self.seed)
            rows = [
                self.columns.row(variant, row, keys, int(index), number)
                for number, variant in enumerate(found, 1)
            ]
            if self.keep_originals:
                rows.insert(0, self.columns.row(record, row, keys, int(index), 0))
            for new in rows:
                for name, value in new.items():
                    out[name].append(value)
        return out


def batched_augmenter(
    augmenter: Augmenter,
    n: int,
    seed: int = 0,
    text_column: str = "text",
    label_column: str | None = "intent",
    entities_column: str | None = "entities",
    index_column: str | None = None,
    keep_originals: bool = True,
    provenance_column: str = PROVENANCE_COLUMN,
) -> BatchedAugmenter:
    """The function for ``Dataset.map(fn, batched=True, with_indices=True, num_proc=N)``.

    Output rows keep every input column (no ``remove_columns`` needed) and add
    ``provenance_column``. Give ``index_column`` to key the generators on a
    column of stable ids instead of row positions (after shuffling or filtering).
    """
    columns = Columns(text_column, label_column, entities_column, provenance_column)
    return BatchedAugmenter(augmenter, n, seed, columns, index_column, keep_originals)
