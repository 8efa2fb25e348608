"""Records to and from table rows (a dict of columns), for datasets and data frames.

A row keeps every column it came with; a variant row copies the original's
columns and replaces only the text and the entity list, so labels, ids and
other columns stay aligned with the text they describe. A provenance column
(``textaug`` by default) says which row a variant came from and what changed:
``{"parent": row index, "variant": 0 for the original, 1.. for variants,
"ops": "random_swap,random_deletion"}``. It is never null and ``ops`` is a
string, so Arrow infers the same type for every batch.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from textaug.errors import DataError
from textaug.io.jsonl import record_from_json
from textaug.provenance import KEY, for_variant
from textaug.record import Record

#: Entity keys every entity dict gets, in this order.
CORE_ENTITY_KEYS = ("start", "end", "entity", "value")

#: The default name of the provenance column.
PROVENANCE_COLUMN = KEY


@dataclass(frozen=True)
class Columns:
    """Which columns hold the text, the label, the entity list and provenance.

    ``label`` and ``entities`` may name columns the table does not have: a
    text-classification set without entities, or plain texts.
    """

    text: str = "text"
    label: str | None = "intent"
    entities: str | None = "entities"
    provenance: str = PROVENANCE_COLUMN

    def record(self, row: Mapping[str, Any]) -> Record:
        """The record a row holds; other columns go to ``meta``, provenance as the CLI writes it."""
        text = row.get(self.text)
        if not isinstance(text, str):
            raise DataError(f"column {self.text!r} must hold a string, got {text!r}")
        entities = _entity_list(row.get(self.entities)) if self.entities else []
        cleaned = [{k: v for k, v in e.items() if v is not None} for e in entities]
        try:
            spans = record_from_json({"text": text, "entities": cleaned}).spans
        except DataError as exc:
            raise DataError(f"{exc} in {text!r}") from None
        skip = {self.text, self.label, self.entities, self.provenance}
        meta = {k: v for k, v in row.items() if k not in skip}
        provenance = row.get(self.provenance)
        if isinstance(provenance, Mapping) and provenance.get("variant"):
            ops = provenance.get("ops") or ""
            meta[KEY] = for_variant(provenance["parent"], ops.split(",") if ops else [])
        return Record(text, _label(row.get(self.label) if self.label else None), spans, meta)

    def row(
        self,
        record: Record,
        original: Mapping[str, Any],
        entity_keys: Sequence[str],
        parent: int,
        variant: int,
    ) -> dict[str, Any]:
        """``original``'s columns with ``record``'s text and entities, plus provenance."""
        out = {k: v for k, v in original.items() if k != self.provenance}
        out[self.text] = record.text
        if self.entities and self.entities in original:
            out[self.entities] = [
                _entity_dict(record, i, entity_keys) for i in range(len(record.spans))
            ]
        out[self.provenance] = {"parent": parent, "variant": variant, "ops": ",".join(record.ops)}
        return out


def entity_keys(entity_lists: Iterable[Any]) -> tuple[str, ...]:
    """The keys the entity dicts of a batch use: the core ones, then any others seen.

    Variant rows use exactly these keys, so their Arrow type matches the input's.
    """
    keys = dict.fromkeys(("start", "end", "entity"))
    seen: dict[str, None] = {}
    for entities in entity_lists:
        for entity in _entity_list(entities):
            seen.update(dict.fromkeys(entity))
    if "value" in seen or not seen:
        keys["value"] = None
    keys.update(seen)
    return tuple(keys)


def _entity_dict(record: Record, i: int, keys: Sequence[str]) -> dict[str, Any]:
    span = record.spans[i]
    values = {
        "start": span.start,
        "end": span.end,
        "entity": span.entity,
        "value": record.span_text(span),
        "role": span.role,
        "group": span.group,
        "canonical": span.canonical,
    }
    return {key: values.get(key) for key in keys}


def _entity_list(value: Any) -> list[Mapping[str, Any]]:
    """A row's entity cell as a list of dicts (None, NaN and numpy arrays accepted)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    entities = list(value)
    for entity in entities:
        if not isinstance(entity, Mapping):
            raise DataError(f"an entity must be a mapping, got {entity!r}")
    return entities


def _label(value: Any) -> str | None:
    """The record label for a label cell: strings as they are, ints (class ids) as text."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value if isinstance(value, str) else str(value)
