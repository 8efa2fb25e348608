"""Reading and writing records: JSONL, CSV/TSV, Rasa 3 NLU YAML and plain text.

Formats are chosen by file extension (``.jsonl``, ``.csv``, ``.tsv``,
``.yml``/``.yaml``, ``.txt``) or named explicitly; ``-`` is stdin or stdout.
Readers stream; writers write atomically.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

from textaug.errors import ConfigError, DataError
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
            raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    if path == STDIO:
        return "jsonl"
    found = _EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise ConfigError(
            f"cannot tell the format of {path!r} from its extension; name it with a format "
            f"option ({', '.join(FORMATS)})"
        )
    return found


class RecordReader:
    """Iterates the records of one file; after iteration, ``layout`` and ``skipped`` tell more.

    ``on_error``, when given, receives each invalid record's :class:`DataError`
    and the record is skipped; otherwise the first invalid record raises.
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

    def __iter__(self) -> Iterator[Record]:
        with open_binary(self.path) as handle:
            # a Rasa file is one YAML document: a line that cannot be decoded cannot be skipped
            on_error = None if self.format == "rasa" else self.on_error
            keep_ends = self.format in _DELIMITERS
            lines = decoded_lines(handle, self.path, on_error, keep_ends=keep_ends)
            if self.format == "jsonl":
                yield from parse_jsonl(
                    lines, self.path, self.label_column or "intent", self.on_error
                )
            elif self.format in _DELIMITERS:
                self.layout, records = parse_table(
                    lines,
                    self.path,
                    _DELIMITERS[self.format],
                    self.text_column,
                    self.label_column,
                    self.on_error,
                )
                yield from records
            elif self.format == "rasa":
                source = "\n".join(text for _, text in lines)
                yield from parse_rasa(source, self.path, self.skipped, self.on_error)
            else:
                yield from parse_plain(lines)


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
) -> Iterator[Writer]:
    """A writer for ``path``; the file appears, complete, only if the block succeeds.

    ``layout`` keeps a CSV/TSV file's columns as they were read.
    """
    fmt = detect_format(path, fmt)
    with atomic_text_output(path) as handle:
        writer: Writer
        if fmt == "jsonl":
            writer = _JsonlWriter(handle, label_key)
        elif fmt in _DELIMITERS:
            writer = TableWriter(handle, _DELIMITERS[fmt], layout)
        elif fmt == "rasa":
            writer = RasaWriter(handle)
        else:
            writer = PlainWriter(handle)
        yield writer
        writer.close()


class _JsonlWriter:
    def __init__(self, handle: object, label_key: str) -> None:
        self._write = handle.write  # type: ignore[attr-defined]
        self._label_key = label_key

    def write(self, record: Record) -> None:
        self._write(format_jsonl(record, self._label_key))

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
    "detect_format",
    "open_writer",
    "read_records",
    "write_records",
]
