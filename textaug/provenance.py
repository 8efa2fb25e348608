"""Provenance: which input record a variant came from and which operations made it.

``augment`` and ``expand`` tag every variant's ``meta`` with
``{"textaug": {"parent": index, "ops": [...]}}``; JSONL writes it as a key, CSV and TSV
as a ``textaug`` column. Because textaug owns that name, an input whose ``textaug``
field holds anything else is refused rather than silently overwritten in the variants.
"""

from __future__ import annotations

import json
from typing import Any

from textaug.errors import DataError

KEY = "textaug"
"""The ``meta`` key (JSONL field, CSV column) that holds provenance."""


def for_variant(parent: int, ops: list[str]) -> dict[str, Any]:
    """The provenance value of a variant of input record ``parent``."""
    return {"parent": parent, "ops": ops}


def is_provenance(value: Any) -> bool:
    """Whether ``value`` has the shape textaug writes: an int parent and a list of op names.

    >>> is_provenance({"parent": 3, "ops": ["random_swap"]}), is_provenance("mine")
    (True, False)
    """
    return (
        isinstance(value, dict)
        and isinstance(value.get("parent"), int)
        and not isinstance(value["parent"], bool)
        and isinstance(value.get("ops"), list)
        and all(isinstance(op, str) for op in value["ops"])
    )


def checked(value: Any) -> dict[str, Any]:
    """``value`` if it is provenance, else a :class:`DataError` saying the name is taken."""
    if not is_provenance(value):
        raise DataError(
            f"the {KEY!r} field holds textaug's provenance "
            '({"parent": <record index>, "ops": [<operation>, ...]}), '
            f"not {value!r}; rename that field or column in the input"
        )
    return dict(value)


def from_cell(cell: str) -> dict[str, Any] | None:
    """Provenance from a CSV/TSV cell: ``None`` when empty, else its JSON, checked."""
    if not cell.strip():
        return None
    try:
        value = json.loads(cell)
    except json.JSONDecodeError:
        value = cell
    return checked(value)
