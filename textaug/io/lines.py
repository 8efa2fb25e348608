"""Decoded input lines with their numbers, and atomic output files.

Input is read as bytes and decoded line by line, so invalid UTF-8 is reported
with the file and line it is on. Output goes to a temporary file beside the
target and is renamed over it only when everything was written, so an
interrupted run never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from textaug.errors import DataError

STDIO = "-"


@contextlib.contextmanager
def open_binary(path: str) -> Iterator[BinaryIO]:
    """Open ``path`` (``-`` for stdin) for reading bytes, with a clear error if missing."""
    if path == STDIO:
        yield sys.stdin.buffer
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise DataError("no such file", path=path) from None
    except IsADirectoryError:
        raise DataError("is a directory, not a file", path=path) from None
    with handle:
        yield handle


def decoded_lines(
    handle: BinaryIO,
    path: str,
    on_error: Callable[[DataError], None] | None = None,
    *,
    keep_ends: bool = False,
) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` for each line, without its line ending (LF or CRLF).

    A line that is not valid UTF-8 raises :class:`DataError` naming it, or, with
    ``on_error``, is handed to it and skipped. ``keep_ends`` keeps the endings, for
    the CSV reader, which needs them to read a newline inside a quoted field.
    """
    for number, raw in enumerate(handle, 1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            error = DataError(
                f"invalid UTF-8 (byte {raw[exc.start]:#04x} at column {exc.start + 1})",
                path=path,
                line=number,
            )
            if on_error is None:
                raise error from None
            on_error(error)
            continue
        if not keep_ends and text.endswith("\n"):
            text = text[:-1]
            if text.endswith("\r"):
                text = text[:-1]
        yield number, text


def skip_or_raise(
    exc: Exception, path: str, line: int, on_error: Callable[[DataError], None] | None
) -> None:
    """Raise a bad record's error as ``path:line: reason``, or hand it to ``on_error`` to skip.

    Call from an ``except`` block; the reader continues with the next record when
    this returns.
    """
    error = DataError(getattr(exc, "reason", str(exc)), path=path, line=line)
    if on_error is None:
        raise error from None
    on_error(error)


def check_output_path(path: str, source: str | None = None) -> None:
    """Raise :class:`DataError` now if ``path`` cannot become an output file later, or
    would replace the input file ``source`` (the user's originals are never lost)."""
    if path == STDIO:
        return
    target = Path(path)
    if not target.parent.is_dir():
        raise DataError("the output directory does not exist", path=path)
    if target.is_dir():
        raise DataError("is a directory, not a file", path=path)
    if source in (None, STDIO) or not target.exists() or not Path(source).exists():
        return  # a missing input is the reader's to report, with its own message
    if target.samefile(source):
        raise DataError("is the input file: write the output to another file", path=path)


@contextlib.contextmanager
def atomic_text_output(path: str) -> Iterator[TextIO]:
    """A text handle whose content replaces ``path`` only if the block succeeds."""
    if path == STDIO:
        yield from _stdout_utf8()
        return
    check_output_path(path)
    target = Path(path)
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise DataError(f"cannot write the output: {exc.strerror}", path=path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        try:
            os.replace(temporary, target)
        except OSError as exc:
            raise DataError(f"cannot write the output: {exc.strerror}", path=path) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _stdout_utf8() -> Iterator[TextIO]:
    """Standard output as UTF-8 without newline translation, whatever the locale says.

    Every format textaug writes is UTF-8; a terminal set to Latin-1 must not turn an
    emoji into a traceback halfway through a run.
    """
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by something text-only (a test harness)
        yield sys.stdout
        sys.stdout.flush()
        return
    sys.stdout.flush()
    handle = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        yield handle
    finally:
        handle.flush()
        handle.detach()  # leave sys.stdout's buffer open


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
