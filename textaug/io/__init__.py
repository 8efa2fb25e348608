"""Reading and writing records: JSONL, CSV/TSV, Rasa 3 NLU YAML and plain text.

Formats are chosen by file extension (``.jsonl``, ``.csv``, ``.tsv``,
``.yml``/``.yaml``, ``.txt``) or named explicitly; ``-`` is stdin or stdout.
Readers stream; writers write atomically.
"""

from __future__ import annotations

import contextlib
import difflib
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from textaug.errors import DataError, UsageError
from textaug.io.jsonl import format_jsonl, parse_jsonl
from textaug.io.lines import STDIO, atomic_text_output, decoded_lines, open_binary
from textaug.io.plain import PlainWriter, parse_plain
from textaug.io.rasa import RasaWriter, parse_rasa
from textaug.io.tabular import TableLayout, TableWriter, parse_table
from textaug.record import Record

FORMATS = ("jsonl", "csv", "tsv", "rasa", "txt")
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".yml": "rasa",
    ".yaml": "rasa",
    ".txt": "txt",
}
_DELIMITERS = {"csv": ",", "tsv": "\t"}


def detect_format(path: str, fmt: str | None = None) -> str:
    """The format named by ``fmt``, else by the extension of ``path`` (stdio: JSONL)."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    if path == STDIO:
        return "jsonl"
    found = _EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the format of {path!r} from its extension; name it with a format "
            f"option ({', '.join(FORMATS)})"
        )
    return found


def check_columns(text_column: str, label_column: str | None) -> None:
    """Refuse one column (or JSONL key) named as both the text and the label: the label
    would be read as the text, and written over it."""
    if label_column is not None and label_column == text_column:
        raise UsageError(
            f"--label-column and --text-column both name {text_column!r}: the text and "
            "the label must come from different columns"
        )


class RecordReader:
    """Iterates the records of one file; after iteration, ``layout`` and ``skipped`` tell more.

    ``on_error``, when given, receives each invalid record's :class:`DataError`
    and the record is skipped; otherwise the first invalid record raises.

    ``text_column`` names the CSV/TSV column, or JSONL key, holding the text; it cannot
    also be the label column. Without ``label_column`` the label is the ``intent``
    column or key, else ``label``. A CSV/TSV file decides by its header; a JSONL file
    by its first record, for the whole file: if that record has a ``label`` key and no
    ``intent`` key, every record's ``label`` is its intent (and a record that has
    only ``intent`` keeps it as an extra key). ``label_key`` says which was used,
    once the first record has been read, so writers can use the same; ``text_key``
    is the key JSONL output should hold the text under.
    """

    def __init__(
        self,
        path: str,
        fmt: str | None = None,
        *,
        text_column: str = "text",
        label_column: str | None = None,
        on_error: Callable[[DataError], None] | None = None,
    ) -> None:
        self.path = path
        self.format = detect_format(path, fmt)
        self.text_column = text_column
        self.label_column = label_column
        self.on_error = on_error
        self.layout: TableLayout | None = None
        self.skipped: list[str] = []
        self._jsonl_label_key: str | None = None
        self._labels = _LabelWatch()
        check_columns(text_column, label_column)

    @property
    def label_key(self) -> str:
        """The column or key the labels come from ("intent" until the input says otherwise)."""
        if self.label_column is not None:
            return self.label_column
        if self.layout is not None and self.layout.label is not None:
            return self.layout.label
        return self._jsonl_label_key or "intent"

    @property
    def text_key(self) -> str:
        """The key JSONL output holds the text under: the input's own, when it is JSONL."""
        return self.text_column if self.format == "jsonl" else "text"

    def label_note(self) -> str | None:
        """After a full pass, a note if the JSONL key named by ``label_column`` held no
        label in any record (a misspelt key leaves every record without an intent)."""
        if self.format != "jsonl" or self.label_column is None:
            return None
        return self._labels.note(self.path, self.label_column)

    def __iter__(self) -> Iterator[Record]:
        with open_binary(self.path) as handle:
            # a Rasa file is one YAML document: a line that cannot be decoded cannot be skipped
            on_error = None if self.format == "rasa" else self.on_error
            keep_ends = self.format in _DELIMITERS
            # a bad line of a multi-line CSV row must take its row with it: the table
            # reader gets it (decoded with replacement marks) and skips the row
            bad: list[DataError] | None = [] if keep_ends and on_error is not None else None
            lines = decoded_lines(handle, self.path, on_error, keep_ends=keep_ends, bad=bad)
            if self.format == "jsonl":
                yield from self._parse_jsonl(lines)
            elif self.format in _DELIMITERS:
                self.layout, records = parse_table(
                    lines,
                    self.path,
                    _DELIMITERS[self.format],
                    self.text_column,
                    self.label_column,
                    self.on_error,
                    bad,
                )
                yield from records
            elif self.format == "rasa":
                source = "\n".join(text for _, text in lines)
                yield from parse_rasa(source, self.path, self.skipped, self.on_error)
            else:
                yield from parse_plain(lines)

    def _parse_jsonl(self, lines: Iterator[tuple[int, str]]) -> Iterator[Record]:
        """JSONL records, with the label key chosen by the first non-blank line."""
        first = next((item for item in lines if item[1].strip()), None)
        if first is None:
            return
        if self.label_column is None:
            self._jsonl_label_key = jsonl_label_key(first[1])
        if self.label_key == self.text_column:
            raise UsageError(
                f"the JSONL key {self.text_column!r} cannot be both the text and the label: "
                "choose another with --text-column or --label-column"
            )
        lines = itertools.chain([first], lines)
        records = parse_jsonl(
            lines, self.path, self.label_key, self.on_error, text_key=self.text_column
        )
        yield from self._labels.watch(records)


class _LabelWatch:
    """Whether any record read had a label, and (until one has) the keys records had."""

    _MAX_KEYS = 100

    def __init__(self) -> None:
        self.records = 0
        self.labelled = False
        self.keys: set[str] = set()

    def watch(self, records: Iterable[Record]) -> Iterator[Record]:
        """The records, passed through while being looked at."""
        for record in records:
            self.records += 1
            if record.label is not None:
                self.labelled = True
            elif not self.labelled and len(self.keys) < self._MAX_KEYS:
                self.keys.update(record.meta)
            yield record

    def note(self, path: str, key: str) -> str | None:
        """What to tell the user if records were read and none had a label under ``key``."""
        if self.labelled or not self.records:
            return None
        close = difflib.get_close_matches(key, sorted(self.keys), n=3)
        if close:
            hint = f" (did you mean {' or '.join(repr(k) for k in close)}?)"
        elif self.keys:
            hint = f" (keys seen: {', '.join(sorted(self.keys)[:10])})"
        else:
            hint = ""
        return (
            f"no record of {path} has a label under the key {key!r}{hint}, so every "
            "record was read without an intent"
        )


def jsonl_label_key(line: str) -> str:
    """``label`` if this JSON line is an object with a ``label`` key and no ``intent``.

    >>> jsonl_label_key('{"text": "hi", "label": "greet"}'), jsonl_label_key("oops")
    ('label', 'intent')
    """
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return "intent"  # the parser reports the line
    if isinstance(obj, dict) and "intent" not in obj and "label" in obj:
        return "label"
    return "intent"


def read_records(path: str, fmt: str | None = None, **options: object) -> Iterator[Record]:
    """Stream the records of ``path`` (see :class:`RecordReader` for the options)."""
    return iter(RecordReader(path, fmt, **options))  # type: ignore[arg-type]


class Writer(Protocol):
    """Something records are written to, one at a time."""

    def write(self, record: Record) -> None: ...

    def close(self) -> None: ...


@contextlib.contextmanager
def open_writer(
    path: str,
    fmt: str | None = None,
    *,
    layout: TableLayout | None = None,
    label_key: str = "intent",
    provenance: bool = False,
    text_key: str = "text",
) -> Iterator[Writer]:
    """A writer for ``path``; the file appears, complete, only if the block succeeds.

    ``layout`` keeps a CSV/TSV file's columns as they were read; ``provenance`` adds a
    ``textaug`` column to CSV/TSV for variants' provenance (JSONL always keeps it).
    ``label_key`` and ``text_key`` are the keys JSONL output uses.
    """
    fmt = detect_format(path, fmt)
    with atomic_text_output(path) as handle:
        writer: Writer
        if fmt == "jsonl":
            writer = _JsonlWriter(handle, label_key, text_key)
        elif fmt in _DELIMITERS:
            writer = TableWriter(handle, _DELIMITERS[fmt], layout, provenance)
        elif fmt == "rasa":
            writer = RasaWriter(handle)
        else:
            writer = PlainWriter(handle)
        yield writer
        writer.close()


class _JsonlWriter:
    def __init__(self, handle: object, label_key: str, text_key: str = "text") -> None:
        self._write = handle.write  # type: ignore[attr-defined]
        self._label_key = label_key
        self._text_key = text_key

    def write(self, record: Record) -> None:
        self._write(format_jsonl(record, self._label_key, text_key=self._text_key))

    def close(self) -> None:
        """Nothing is buffered."""


def write_records(path: str, records: Iterable[Record], fmt: str | None = None) -> int:
    """Write all ``records`` to ``path`` atomically; returns how many were written."""
    count = 0
    with open_writer(path, fmt) as writer:
        for record in records:
            writer.write(record)
            count += 1
    return count


__all__ = [
    "FORMATS",
    "RecordReader",
    "TableLayout",
    "Writer",
    "check_columns",
    "detect_format",
    "jsonl_label_key",
    "open_writer",
    "read_records",
    "write_records",
]
