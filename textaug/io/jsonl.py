"""JSON lines: ``{"text", "intent", "entities": [{"start", "end", "entity", "value"}]}``.

Offsets are character offsets, end exclusive, and ``value`` must equal
``text[start:end]``. Rasa's ``role``, ``group`` and synonym (``canonical``)
are kept. Other keys are carried in ``Record.meta`` and written back in order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from textaug import provenance
from textaug.errors import DataError, SpanError
from textaug.io.lines import skip_or_raise
from textaug.record import Record, Span

_ENTITY_KEYS = frozenset({"start", "end", "entity", "value", "role", "group", "canonical"})


def parse_jsonl(
    lines: Iterable[tuple[int, str]],
    path: str,
    label_key: str,
    on_error: Callable[[DataError], None] | None = None,
    *,
    text_key: str = "text",
) -> Iterator[Record]:
    """Records from numbered lines; blank lines are skipped.

    A bad line raises :class:`DataError` naming ``path:line``, or, with
    ``on_error``, is handed to it and skipped.
    """
    for number, line in lines:
        if not line.strip():
            continue
        try:
            record = record_from_line(line, label_key, text_key=text_key)
        except (DataError, SpanError) as exc:
            skip_or_raise(exc, path, number, on_error)
            continue
        yield record


def record_from_line(line: str, label_key: str = "intent", *, text_key: str = "text") -> Record:
    """One record from one JSON line; :class:`DataError` says what is wrong with it."""
    try:
        obj = json.loads(line, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except (ValueError, RecursionError) as exc:  # a 5,000-digit number, 100,000 nested "["
        raise DataError(f"invalid JSON: {exc}"[:200]) from None
    if "\\u" in line and not _encodable(obj):
        raise DataError("a \\u escape makes half a surrogate pair, which is not text")
    return record_from_json(obj, label_key, text_key=text_key)


def _not_json(name: str) -> Any:
    raise DataError(f"invalid JSON: {name} is not a JSON value")


def _encodable(obj: Any) -> bool:
    """Whether ``obj`` holds only real characters (no lone surrogates from ``\\ud83d``)."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def record_from_json(obj: Any, label_key: str = "intent", *, text_key: str = "text") -> Record:
    """One record from a parsed JSON object (see the module docstring); the text is under
    ``text_key`` and the label under ``label_key``."""
    if not isinstance(obj, dict):
        raise DataError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get(text_key)
    if not isinstance(text, str):
        raise DataError(f"missing or non-string {text_key!r}")
    label = obj.get(label_key)
    if label is not None and not isinstance(label, str):
        raise DataError(f"{label_key!r} must be a string, got {type(label).__name__}")
    entities = obj.get("entities", [])
    if not isinstance(entities, list):
        raise DataError("'entities' must be a list")
    spans = tuple(sorted((_span(text, e) for e in entities), key=lambda s: (s.start, s.end)))
    meta = {k: v for k, v in obj.items() if k not in (text_key, label_key, "entities")}
    if provenance.KEY in meta:
        meta[provenance.KEY] = provenance.checked(meta[provenance.KEY])
    return Record(text, label, spans, meta)


def _span(text: str, entity: Any) -> Span:
    if not isinstance(entity, dict):
        raise DataError(f"an entity must be an object, got {entity!r}")
    unknown = set(entity) - _ENTITY_KEYS
    if unknown:
        raise DataError(f"unsupported entity field(s) {sorted(unknown)} in {entity!r}")
    try:
        start, end, name = entity["start"], entity["end"], entity["entity"]
    except KeyError as exc:
        raise DataError(f"entity {entity!r} has no {exc.args[0]!r}") from None
    if not (_is_int(start) and _is_int(end) and isinstance(name, str)):
        raise DataError(f"entity {entity!r}: start and end must be integers, entity a string")
    _check_offsets(name, start, end, len(text))
    value = entity.get("value")
    if value is not None and text[start:end] != value:
        raise DataError(
            f"entity {name!r} at [{start}, {end}) covers {text[start:end]!r}, "
            f"not its value {value!r}"
        )
    extras = [entity.get(key) for key in ("role", "group", "canonical")]
    for key, extra in zip(("role", "group", "canonical"), extras, strict=True):
        if extra is not None and not isinstance(extra, str):
            raise DataError(f"entity {name!r}: {key} must be a string, got {extra!r}")
    return Span(start, end, name, *extras)


def _check_offsets(name: str, start: int, end: int, length: int) -> None:
    """Refuse offsets that select no text, saying which way they are wrong."""
    if 0 <= start < end <= length:
        return
    where = f"entity {name!r} at [{start}, {end})"
    if 0 <= start <= length and 0 <= end <= length:
        raise DataError(f"{where} is empty" if start == end else f"{where} ends before it starts")
    raise DataError(f"{where} is outside the text (length {length})")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def record_to_json(
    record: Record, label_key: str = "intent", *, text_key: str = "text"
) -> dict[str, Any]:
    """The JSON object for a record; the inverse of :func:`record_from_json`."""
    obj: dict[str, Any] = {text_key: record.text}
    if record.label is not None:
        obj[label_key] = record.label
    obj["entities"] = entities_to_json(record)
    if record.meta:
        clash = sorted(set(record.meta) & set(obj))
        if clash:
            raise DataError(
                f"the input's extra field(s) {clash} would overwrite the record's own "
                f"{'/'.join(clash)} in JSON; rename the column(s) or choose them as the "
                "text or label column"
            )
        obj.update(record.meta)
    return obj


def entities_to_json(record: Record) -> list[dict[str, Any]]:
    """The JSON objects for a record's spans, as JSONL and a CSV ``entities`` column hold them."""
    return [_entity(record.text, span) for span in record.spans]


def _entity(text: str, span: Span) -> dict[str, Any]:
    out: dict[str, Any] = {
        "start": span.start,
        "end": span.end,
        "entity": span.entity,
        "value": text[span.start : span.end],
    }
    for key in ("role", "group", "canonical"):
        if getattr(span, key) is not None:
            out[key] = getattr(span, key)
    return out


def format_jsonl(record: Record, label_key: str = "intent", *, text_key: str = "text") -> str:
    """One JSON line, UTF-8 as is (no ``\\u`` escapes), with a trailing newline.

    Metadata JSON cannot hold (NaN, a set, a date, half a surrogate pair) is a
    :class:`DataError`, not a file the reader would refuse.
    """
    obj = record_to_json(record, label_key, text_key=text_key)
    try:
        line = json.dumps(obj, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise DataError(f"record {record.text[:40]!r} cannot be written as JSON: {exc}") from None
    return line + "\n"
