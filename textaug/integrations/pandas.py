"""Augment a pandas ``DataFrame``: each row followed by its variants, deterministically.

Row ``i`` (by position, not index label) gets the generator made from
``(seed, i)``, exactly like record ``i`` of ``textaug augment``. Every column
is kept; variant rows copy the original's label and other columns and get new
text and entity offsets, plus a provenance column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textaug.augmenter import Augmenter
from textaug.integrations.hf import batched_augmenter
from textaug.integrations.rows import PROVENANCE_COLUMN

if TYPE_CHECKING:
    import pandas as pd


def augment_dataframe(
    df: pd.DataFrame,
    augmenter: Augmenter,
    n: int,
    seed: int = 0,
    text_column: str = "text",
    label_column: str | None = "intent",
    entities_column: str | None = "entities",
    keep_originals: bool = True,
    provenance_column: str = PROVENANCE_COLUMN,
) -> pd.DataFrame:
    """A new frame with each row of ``df`` followed by up to ``n`` variants (fresh RangeIndex).

    ``entities_column`` cells are lists of ``{"start", "end", "entity", "value"}``
    dicts, as ``pd.read_json(path, lines=True)`` reads textaug's JSONL.
    """
    import pandas as pd

    fn = batched_augmenter(
        augmenter,
        n,
        seed,
        text_column=text_column,
        label_column=label_column,
        entities_column=entities_column,
        keep_originals=keep_originals,
        provenance_column=provenance_column,
    )
    batch = {str(name): df[name].tolist() for name in df.columns}
    out = fn(batch, range(len(df)))
    return pd.DataFrame(out, columns=list(out))
