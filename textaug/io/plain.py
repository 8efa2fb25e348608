"""Plain text: one utterance per line, no label, no entities."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TextIO

from textaug.errors import DataError
from textaug.record import Record


def parse_plain(lines: Iterable[tuple[int, str]]) -> Iterator[Record]:
    """One record per non-blank line, text exactly as on the line."""
    for _, line in lines:
        if line.strip():
            yield Record(line)


class PlainWriter:
    """Writes each record's text on a line of its own."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle

    def write(self, record: Record) -> None:
        if "\n" in record.text or "\r" in record.text:
            raise DataError(f"cannot write a multi-line text as one line: {record.text!r}")
        if not record.text.strip():
            raise DataError(
                f"cannot write the blank text {record.text!r}: plain text reads blank lines as "
                "no record; use JSONL or CSV"
            )
        self._handle.write(record.text + "\n")

    def close(self) -> None:
        """Nothing is buffered."""
