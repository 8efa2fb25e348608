"""Options and helpers several subcommands share: inputs, outputs, recipes, progress."""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from typing import Any

import yaml

from textaug.augmenter import Augmenter
from textaug.errors import ConfigError, DataError, UsageError
from textaug.io import FORMATS, RecordReader
from textaug.recipes import EXPAND_RECIPE, parse_yaml, read_recipe
from textaug.registry import from_config
from textaug.run import plural


def add_io_options(parser: argparse.ArgumentParser) -> None:
    """Input/output format and column options."""
    group = add_input_options(parser, "input and output")
    group.add_argument(
        "--out-format", choices=FORMATS, help="output format (default: by extension; stdout: jsonl)"
    )
    group.add_argument(
        "--skip-invalid",
        action="store_true",
        help="skip malformed records, report how many and why, instead of stopping at the first",
    )


def add_input_options(
    parser: argparse.ArgumentParser, title: str = "input", stdin: bool = True
) -> Any:
    """How input files are read: their format and, for CSV/TSV, their columns.

    ``stdin`` says whether the command reads ``-`` (its help then names stdin's format).
    Returns the argument group, so a command can add its own options to it."""
    group = parser.add_argument_group(title)
    default = "by extension; stdin: jsonl" if stdin else "by extension"
    group.add_argument("--in-format", choices=FORMATS, help=f"input format (default: {default})")
    group.add_argument(
        "--text-column",
        default="text",
        help="CSV/TSV column (or JSONL key) with the text (default: text)",
    )
    group.add_argument(
        "--label-column",
        help="CSV/TSV column (or JSONL key) with the intent (default: intent, else label; "
        "JSONL decides by its first record)",
    )
    return group


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number >= 0 (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def positive_int(text: str) -> int:
    """An argparse type: a whole number >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def expansion_factor(text: str) -> float:
    """An argparse type: a finite number >= 1 (how many times as many rows)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value) or value < 1:
        raise argparse.ArgumentTypeError(f"must be a finite number, 1 or more, got {text}")
    return value


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Output, seed, workers, batching, progress and summary: the same on every command."""
    parser.add_argument(
        "-o", "--output", default="-", help="output file, or - for stdout (default)"
    )
    parser.add_argument(
        "--seed", type=non_negative_int, default=0, help="random seed, 0 or more (default: 0)"
    )
    parser.add_argument(
        "--workers", type=positive_int, default=1, help="worker processes (default: 1)"
    )
    parser.add_argument(
        "--batch-size", type=positive_int, default=256, help="records per batch sent to a worker"
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary")


def add_recipe_options(
    parser: argparse.ArgumentParser, default_recipe: str = EXPAND_RECIPE
) -> None:
    """--recipe and --aug; ``default_recipe`` is what the command runs given neither."""
    group = parser.add_argument_group(f"augmentation (default: the {default_recipe!r} recipe)")
    group.add_argument(
        "--recipe", metavar="NAME|FILE", help="a built-in recipe name or a YAML/JSON recipe file"
    )
    group.add_argument(
        "--aug",
        action="append",
        metavar="NAME[:key=value,...]",
        help="an augmenter by name with parameters, e.g. random_swap:rate=0.2; "
        "repeat to build a pipeline",
    )
    group.add_argument(
        "--replace-label-words",
        action="store_true",
        help="let word replacement (synonyms, embedding neighbours) replace the words that "
        "carry each intent, found in the input; by default they are kept",
    )


def recipe_config_from_args(args: argparse.Namespace, default: str) -> tuple[Any, str]:
    """The config --recipe or --aug describe (not both), else recipe ``default``'s, and a
    name for it in messages. One path for both, so a ``slot_swap`` given by --aug takes
    the input's slot values as a recipe's does."""
    if args.recipe and args.aug:
        raise UsageError("give either --recipe or --aug, not both")
    if args.aug:
        steps = [parse_aug(spec).to_config() for spec in args.aug]
        return (steps[0] if len(steps) == 1 else {"name": "pipeline", "steps": steps}), "--aug"
    name = args.recipe or default
    return read_recipe(name), name


def parse_aug(spec: str) -> Augmenter:
    """``name:key=value,key=value`` to an augmenter; values are YAML scalars or flow lists.

    Values read as in recipe files (:func:`textaug.recipes.parse_yaml`: ``1e-3`` is a
    number); a key given twice is an error, not a silent override.

    >>> parse_aug("random_swap:rate=0.2,max_ops=3").to_config()
    {'name': 'random_swap', 'rate': 0.2, 'max_ops': 3}
    """
    name, _, rest = spec.partition(":")
    config: dict[str, Any] = {"name": name.strip()}
    for item in _split_top_level(rest):
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ConfigError(f"--aug {spec!r}: expected key=value, got {item!r}")
        if key == "name":
            raise ConfigError(f"--aug {spec!r}: the augmenter's name goes before the ':'")
        if key in config:
            raise ConfigError(f"--aug {spec!r}: {key} is given twice")
        try:
            config[key] = parse_yaml(value)
        except yaml.YAMLError:
            raise ConfigError(f"--aug {spec!r}: cannot read the value {value!r}") from None
    augmenter = from_config(config)
    if not isinstance(augmenter, Augmenter):
        raise ConfigError(f"--aug {spec!r}: {name} is a guard, not an augmenter")
    return augmenter


_VALUE_STARTS = frozenset(["", "=", ",", "[", "{", ":"])
"""What may come before a quote that opens a YAML string (spaces aside): elsewhere, as in
``[don't]``, a quote is part of a plain word, as YAML reads it."""


def _split_top_level(text: str) -> list[str]:
    """Split on commas outside brackets and quoted strings.

    >>> _split_top_level("protect=[don't, 'a,b'],rate=0.5")
    ["protect=[don't, 'a,b']", 'rate=0.5']
    """
    parts: list[str] = []
    start = depth = position = 0
    before = ""  # the last non-blank character outside quoted strings
    while position < len(text):
        ch = text[position]
        if ch in "\"'" and before in _VALUE_STARTS:
            position = _quoted_end(text, position)
            before = ch
            continue
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:position])
            start = position + 1
        if not ch.isspace():
            before = ch
        position += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def _quoted_end(text: str, start: int) -> int:
    """The index just past the YAML string that opens at ``start`` (the end if unclosed):
    ``''`` is a quote inside a single-quoted string, ``\\`` escapes in a double-quoted one."""
    quote = text[start]
    position = start + 1
    while position < len(text):
        ch = text[position]
        if quote == '"' and ch == "\\":
            position += 2
            continue
        if ch == quote:
            if quote == "'" and text[position + 1 : position + 2] == "'":
                position += 2
                continue
            return position + 1
        position += 1
    return len(text)


class InvalidRecords:
    """Collects skipped records' errors for the end-of-run report."""

    def __init__(self) -> None:
        self.count = 0
        self.reasons: Counter[str] = Counter()
        self.first: list[str] = []

    def __call__(self, error: DataError) -> None:
        self.count += 1
        self.reasons[error.reason.split(":")[0][:80]] += 1
        if len(self.first) < 5:
            self.first.append(str(error))

    def report(self) -> None:
        if not self.count:
            return
        print(f"textaug: skipped {plural(self.count, 'invalid record')}, e.g.:", file=sys.stderr)
        for line in self.first:
            print(f"  {line}", file=sys.stderr)
        if self.count > len(self.first):
            top = ", ".join(f"{why} ({n:,})" for why, n in self.reasons.most_common(5))
            print(f"  all of them by reason: {top}", file=sys.stderr)


def open_input(args: argparse.Namespace, invalid: InvalidRecords | None) -> RecordReader:
    """The reader for args.input with the shared options."""
    return RecordReader(
        args.input,
        args.in_format,
        text_column=args.text_column,
        label_column=args.label_column,
        on_error=invalid,
    )


def report_reader_notes(reader: RecordReader) -> None:
    """After a run, what the reader noticed: Rasa items not copied, a label key no record had."""
    if reader.skipped:
        from textaug.run import plural

        shown = "; ".join(reader.skipped[:3]) + ("; ..." if len(reader.skipped) > 3 else "")
        print(
            f"textaug: {plural(len(reader.skipped), 'non-example item')} not copied: {shown}",
            file=sys.stderr,
        )
    note = reader.label_note()
    if note is not None:
        print(f"textaug: note: {note}", file=sys.stderr)


def report_writer_notes(writer: object) -> None:
    """After a run, the fields a CSV/TSV header had no column for (taken from the first
    record when the input was not a table), so none is lost without a word."""
    dropped = getattr(writer, "dropped", None)
    if dropped:
        from textaug.run import plural

        fields = ", ".join(
            f"{key!r} ({plural(count, 'record')})" for key, count in dropped.most_common()
        )
        print(
            f"textaug: note: fields the first record did not have, so the header has no "
            f"column for, were not written: {fields}",
            file=sys.stderr,
        )


def progress_bar(enabled: bool, unit: str = "rec") -> Any:
    """A tqdm bar on stderr when it is a terminal (or forced); a no-op otherwise."""
    from tqdm import tqdm

    return tqdm(unit=unit, disable=None if enabled else True, file=sys.stderr, mininterval=0.5)
