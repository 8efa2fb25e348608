"""The ``textaug`` command: one module per subcommand, each with ``add_parser`` and ``run``.

Exit codes: 0 success, 1 an error in the data, recipe or resources (the
message says where), 2 a usage error, 130 interrupted (SIGINT), 143
terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType

from textaug.errors import TextaugError, UsageError

#: Subcommand modules under textaug.cli, in the order --help lists them.
COMMANDS = ("augment", "recipes", "expand", "evaluate", "generate", "lint")


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used to document the CLI)."""
    parser = argparse.ArgumentParser(
        prog="textaug",
        description="More and better NLP training data: augment, generate, expand and check "
        "intent datasets.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"textaug.cli.{name}").add_parser(commands)
    return parser


class Terminated(BaseException):
    """Raised by SIGTERM, so a run unwinds as on Ctrl-C: temporary files removed, workers
    stopped. A BaseException, like KeyboardInterrupt, so no ``except Exception`` swallows it."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        with _sigterm_raises():
            return int(args.run(args))
    except TextaugError as exc:
        print(f"textaug: error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError) else 1
    except KeyboardInterrupt:
        print("textaug: interrupted", file=sys.stderr)
        return 128 + signal.SIGINT
    except Terminated:
        print("textaug: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        return 0


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (in the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("textaug")
    except PackageNotFoundError:
        return "unknown"
