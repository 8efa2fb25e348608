"""Decoded input lines with their numbers, and atomic output files.

Input is read as bytes and decoded line by line, so invalid UTF-8 is reported
with the file and line it is on. Output goes to a temporary file beside the
target and is renamed over it only when everything was written, so an
interrupted run never leaves a half-written file that looks complete; a device,
pipe or ``/dev/stdout`` is written straight through, like stdout.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from textaug.errors import DataError

STDIO = "-"


def reads_once(path: str) -> bool:
    """Whether ``path`` can be read only once: stdin (``-``), or a pipe, FIFO, terminal,
    device or socket (``<(cmd)``, ``/dev/stdin`` on a pipe).

    A second pass over such a stream finds it empty (or waits forever on a FIFO), so
    commands that read their input twice treat these like stdin. A missing path or a
    directory is not one: the reader reports those with their own message.
    """
    if path == STDIO:
        return True
    try:
        mode = os.stat(path).st_mode  # follows symlinks: /dev/stdin -> /proc/self/fd/0
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def input_name(path: str) -> str:
    """How messages name an input: ``stdin``, or the path of a stream that is not a file."""
    return "stdin" if path == STDIO else f"{path} (not a regular file)"


def writes_through(path: str) -> bool:
    """Whether output to ``path`` must be written straight to it, not renamed over it.

    So it is for a path that exists and is not a regular file once symlinks are followed
    (a terminal, ``/dev/null``, a FIFO), and for a link to an open file descriptor
    (``/dev/stdout``, ``/dev/fd/1``, ``/proc/self/fd/1``) even when that descriptor is a
    regular file: a rename would put a new file in place of the device or the link.
    """
    if path == STDIO:
        return False
    return reads_once(path) or _names_a_descriptor(path)


def _names_a_descriptor(path: str) -> bool:
    """Whether ``path``, or a symlink on the way to its file, lies in a descriptor folder."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on symlinks followed
        folder = os.path.realpath(os.path.dirname(current))
        if folder.startswith("/proc/") or folder == "/dev/fd":
            return True
        if not os.path.islink(current):
            return False
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    return False


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
    bad: list[DataError] | None = None,
) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` for each line, without its line ending (LF or CRLF).

    A line that is not valid UTF-8 raises :class:`DataError` naming it, or, with
    ``on_error``, is handed to it and skipped. ``keep_ends`` keeps the endings, for
    the CSV reader, which needs them to read a newline inside a quoted field. With
    ``bad`` (and ``on_error``), such a line is yielded decoded with replacement marks and
    its error appended to ``bad`` instead: one line of a multi-line CSV row cannot be
    dropped alone, so the CSV reader skips the whole row that holds it.
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
            if bad is None:
                on_error(error)
                continue
            bad.append(error)
            text = raw.decode("utf-8", errors="replace")
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
    if writes_through(path):
        return  # written through, not replaced: no file of the user's is lost
    if source in (None, STDIO) or not target.exists() or not Path(source).exists():
        return  # a missing input is the reader's to report, with its own message
    if target.samefile(source):
        raise DataError("is the input file: write the output to another file", path=path)


@contextlib.contextmanager
def atomic_text_output(path: str) -> Iterator[TextIO]:
    """A text handle whose content replaces ``path`` (the file a symlink names, when it
    is one) only if the block succeeds.

    A path that is a device, FIFO or terminal (or a symlink to one), or a link to an open
    descriptor (``/dev/stdout``), is written straight through instead, as stdout is (see
    :func:`writes_through`): a rename would put a regular file in its place.
    """
    if path == STDIO:
        yield from _stdout_utf8()
        return
    check_output_path(path)
    if writes_through(path):
        yield from _write_through(path)
        return
    # through a symlink, the file it names is replaced, and the link is kept
    target = Path(os.path.realpath(path))
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


def _write_through(path: str) -> Iterator[TextIO]:
    """``path`` opened for UTF-8 text as it is (no temporary file, no rename).

    Opened for appending: a device or FIFO has no end to append at, and a descriptor's
    regular file was already truncated, or opened to append, by whoever opened it
    (``> out``, ``>> out``); truncating it here would undo a ``>>``.
    """
    try:
        handle = open(path, "a", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise DataError(f"cannot write the output: {exc.strerror}", path=path) from None
    with handle:
        yield handle


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
