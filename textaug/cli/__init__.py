"""The ``textaug`` command: one module per subcommand, each with ``add_parser`` and ``run``.

Exit codes: 0 success, 1 an error in the data, recipe or resources (the
message says where), 2 a usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from textaug.errors import TextaugError

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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except TextaugError as exc:
        print(f"textaug: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("textaug: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("textaug")
    except PackageNotFoundError:
        return "unknown"
