"""CSV and TSV: a text column and a label column chosen by name.

An optional ``entities`` column holds the entity list as JSON (the same
objects as in JSONL), and a ``textaug`` column the provenance of variants (see
:mod:`textaug.provenance`). Every other column is carried in ``Record.meta`` and
written back in its original position.
"""

from __future__ import annotations

import csv
import difflib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from textaug.errors import DataError, SpanError
from textaug.io.jsonl import entities_to_json, record_from_json
from textaug.io.lines import skip_or_raise
from textaug.provenance import KEY, from_cell
from textaug.record import Record

ENTITIES_COLUMN = "entities"
LABEL_COLUMNS = ("intent", "label")


class TableLayout:
    """Which columns hold the text, the label and the entities, in file order."""

    def __init__(
        self, columns: Sequence[str], text: str = "text", label: str | None = None
    ) -> None:
        self.columns = list(columns)
        self.text = text
        self.label = label
        self.entities = ENTITIES_COLUMN if ENTITIES_COLUMN in self.columns else None


def parse_table(
    lines: Iterable[tuple[int, str]],
    path: str,
    delimiter: str,
    text_column: str,
    label_column: str | None,
    on_error: Callable[[DataError], None] | None = None,
    bad: list[DataError] | None = None,
) -> tuple[TableLayout, Iterator[Record]]:
    """The file's layout (from its header) and a lazy stream of its records.

    ``lines`` must keep their line endings: a quoted field may hold a newline.
    ``bad`` collects the errors of lines that are not UTF-8 (see
    :func:`~textaug.io.lines.decoded_lines`): a row holding one is skipped whole.
    """
    numbers: list[int] = [0]

    def texts() -> Iterator[str]:
        for number, line in lines:
            numbers[0] = number
            yield line

    reader = csv.reader(texts(), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("empty file: expected a header row", path=path) from None
    except csv.Error as exc:
        raise DataError(f"malformed header: {exc}", path=path, line=numbers[0]) from None
    if bad:
        raise bad[0]  # no row can be read without its header
    duplicates = sorted({c for c in header if header.count(c) > 1})
    if duplicates:
        raise DataError(f"duplicate column name(s) {duplicates} in the header", path=path, line=1)
    if text_column not in header:
        raise DataError(
            f"no {text_column!r} column{_hint(text_column, header)}; columns are {header}",
            path=path,
            line=1,
        )
    if label_column is None:
        label_column = next((c for c in LABEL_COLUMNS if c in header), None)
    elif label_column not in header:
        raise DataError(
            f"no {label_column!r} column{_hint(label_column, header)}; columns are {header}",
            path=path,
            line=1,
        )
    if label_column == text_column:
        raise DataError(f"the {text_column!r} column cannot be both text and label", path=path)
    layout = TableLayout(header, text_column, label_column)
    return layout, _rows(reader, layout, numbers, path, on_error, bad)


def _rows(
    reader: Any,
    layout: TableLayout,
    numbers: list[int],
    path: str,
    on_error: Callable[[DataError], None] | None,
    bad: list[DataError] | None = None,
) -> Iterator[Record]:
    while True:
        first_line = numbers[0] + 1  # a row with a quoted newline spans several lines
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            skip_or_raise(DataError(f"malformed row: {exc}"), path, first_line, on_error)
            if bad:
                bad.clear()  # its bad lines went with it
            continue
        if bad:  # a line of this row is not UTF-8: the row goes, not the line alone
            error = bad[0]
            bad.clear()
            skip_or_raise(error, path, error.line or first_line, on_error)
            continue
        if not row:
            continue
        try:
            record = _record(row, layout)
        except (DataError, SpanError) as exc:
            skip_or_raise(exc, path, first_line, on_error)
            continue
        yield record


def _record(row: list[str], layout: TableLayout) -> Record:
    if len(row) != len(layout.columns):
        raise DataError(f"expected {len(layout.columns)} fields, found {len(row)}")
    values: dict[str, Any] = dict(zip(layout.columns, row, strict=True))
    obj: dict[str, Any] = {"text": values.pop(layout.text)}
    if layout.label is not None:
        obj["intent"] = values.pop(layout.label) or None
    if layout.entities is not None:
        raw = values.pop(layout.entities)
        try:
            obj["entities"] = json.loads(raw) if raw.strip() else []
        except json.JSONDecodeError as exc:
            raise DataError(f"the entities column is not JSON: {exc.msg}") from None
    if KEY in values:
        tagged = from_cell(values[KEY])
        if tagged is None:
            del values[KEY]
        else:
            values[KEY] = tagged
    record = record_from_json(obj)
    return Record(record.text, record.label, record.spans, values)


_BASE_COLUMNS = ("text", "intent", ENTITIES_COLUMN)


class TableWriter:
    """Writes records as rows under a header, in the layout they were read with;
    ``provenance`` adds a ``textaug`` column at the end when the layout has none.

    Without a layout (records read from JSONL or Rasa), the header is text, intent and
    entities plus the first record's other fields, in its order; a field a later record
    has and the header lacks cannot be written, and is counted in ``dropped``.
    """

    def __init__(
        self,
        handle: TextIO,
        delimiter: str,
        layout: TableLayout | None = None,
        provenance: bool = False,
    ) -> None:
        self._provenance = provenance
        self.layout = self._with_provenance(layout) if layout is not None else None
        self.dropped: Counter[str] = Counter()
        self._writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        # csv quotes a field with "\n" (the line terminator) but not one with a lone "\r",
        # which its reader then refuses: such rows are written fully quoted.
        self._quoted = csv.writer(
            handle, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL
        )
        if self.layout is not None:
            self._writer.writerow(self.layout.columns)

    def _with_provenance(self, layout: TableLayout) -> TableLayout:
        if self._provenance and KEY not in layout.columns:
            return TableLayout([*layout.columns, KEY], layout.text, layout.label)
        return layout

    def _start(self, first: Record | None) -> TableLayout:
        """The header for records read from another format, written now."""
        extra = [k for k in (first.meta if first else {}) if k != KEY and k not in _BASE_COLUMNS]
        layout = self._with_provenance(TableLayout([*_BASE_COLUMNS, *extra], "text", "intent"))
        self.layout = layout
        self._writer.writerow(layout.columns)
        return layout

    def write(self, record: Record) -> None:
        layout = self.layout or self._start(record)
        if record.meta:
            for key in record.meta:
                if key != KEY and key not in layout.columns:
                    self.dropped[key] += 1
        row = []
        for column in layout.columns:
            if column == layout.text:
                row.append(record.text)
            elif column == layout.label:
                row.append(record.label or "")
            elif column == layout.entities:
                # only the entities: the other columns are written as they were read,
                # so an extra column named like a JSON key (intent, text) is no clash here
                entities = entities_to_json(record)
                row.append(json.dumps(entities, ensure_ascii=False) if entities else "")
            elif column == KEY:
                tagged = record.meta.get(column)
                row.append(json.dumps(tagged, ensure_ascii=False) if tagged is not None else "")
            else:
                value = record.meta.get(column, "")
                row.append(
                    value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                )
        if record.spans and layout.entities is None:
            raise DataError(
                "this table has no 'entities' column, so entity spans cannot be written"
            )
        (self._quoted if any("\r" in field for field in row) else self._writer).writerow(row)

    def close(self) -> None:
        """Write the header if no record came (nothing else is buffered)."""
        if self.layout is None:
            self._start(None)


def _hint(name: str, columns: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(columns), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
