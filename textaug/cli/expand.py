"""``textaug expand``: bring every intent up to a target size, originals kept byte for byte."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from textaug.cli.options import (
    InvalidRecords,
    add_io_options,
    add_recipe_options,
    add_run_options,
    expansion_factor,
    non_negative_int,
    open_input,
    positive_int,
    progress_bar,
    recipe_config_from_args,
    report_writer_notes,
)
from textaug.errors import ConfigError, DataError, SpanError
from textaug.expand import (
    Expander,
    Plan,
    build_recipe,
    first_pass,
    needs_data,
)
from textaug.io import RecordReader, detect_format, open_writer
from textaug.io.jsonl import format_jsonl, record_from_line
from textaug.io.lines import (
    atomic_text_output,
    check_output_path,
    decoded_lines,
    input_name,
    open_binary,
    reads_once,
)
from textaug.recipes import EXPAND_RECIPE
from textaug.record import Record


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "expand",
        help="bring every intent up to a target count with deduplicated variants",
        description=(
            "Read an intent dataset and write it back with variants added until every intent "
            "has --per-intent rows (or --factor times its rows). Originals are kept unchanged, "
            "exact and near duplicates are dropped, the variants are spread evenly over the "
            "originals, and every variant names its parent and operations in meta.textaug. "
            "Same input, recipe and seed give byte-identical output with any --workers. "
            "The input is read twice (three times when the recipe swaps slot values seen in "
            "the data), so it must be a file."
        ),
    )
    parser.add_argument("input", help="input file (.jsonl, .csv, .tsv, .yml, .txt)")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--per-intent", type=non_negative_int, metavar="N", help="rows each intent should reach"
    )
    target.add_argument(
        "--factor",
        type=expansion_factor,
        metavar="F",
        help="multiply each intent's rows by F, rounded half up (3 rows x 1.5 = 5)",
    )
    parser.add_argument(
        "--max-per-original",
        type=positive_int,
        metavar="K",
        help="at most K variants of one original (default: twice the even share)",
    )
    parser.add_argument("--report", metavar="FILE", help="write the JSON report here")
    add_run_options(parser)
    add_recipe_options(parser, EXPAND_RECIPE)
    add_io_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if reads_once(args.input):
        raise ConfigError(
            "expand reads its input twice (to count, then to expand): give a file, not "
            f"{input_name(args.input)}"
        )
    check_output_path(args.output, args.input)  # before the passes over the input
    if args.report:
        check_output_path(args.report, args.input)
    config, source = recipe_config_from_args(args, EXPAND_RECIPE)
    keep = not args.replace_label_words
    if needs_data(config, keep):
        # An extra pass for slot values and label words; the next pass reports invalid records.
        quiet = InvalidRecords() if args.skip_invalid else None
        augmenter = build_recipe(config, open_input(args, quiet), source, keep)
    else:
        augmenter = build_recipe(config, None, source)
    invalid = InvalidRecords() if args.skip_invalid else None
    in_format = detect_format(args.input, args.in_format)
    out_format = detect_format(args.output, args.out_format)

    reader = open_input(args, invalid)
    counts, seen = first_pass(reader)
    label_key, text_key = reader.label_key, reader.text_key
    plan = Plan.make(
        counts,
        per_intent=args.per_intent,
        factor=args.factor,
        max_per_original=args.max_per_original,
    )
    expander = Expander(augmenter, plan, args.seed, seen)
    expander.report.settings = {
        "input": args.input,
        "output": args.output,
        "per_intent": args.per_intent,
        "factor": args.factor,
        "recipe": augmenter.to_config(),
    }
    raw = in_format == "jsonl" and out_format == "jsonl"
    # invalid records were reported (or refused) by the first pass; later passes skip them
    quiet = InvalidRecords() if args.skip_invalid else None
    items = _raw_jsonl(args.input, label_key, text_key) if raw else _plain(open_input(args, quiet))
    with progress_bar(not args.no_progress) as bar:
        stream = expander.run(
            items, workers=args.workers, batch_size=args.batch_size, progress=bar.update
        )
        if raw:
            with atomic_text_output(args.output) as handle:
                for record, line in stream:
                    handle.write(
                        format_jsonl(record, label_key, text_key=text_key)
                        if line is None
                        else line + "\n"
                    )
        else:
            with open_writer(
                args.output,
                args.out_format,
                layout=reader.layout,
                label_key=label_key,
                provenance=True,
                text_key=text_key,
            ) as writer:
                for record, _ in stream:
                    writer.write(record)
            report_writer_notes(writer)
    if invalid is not None:
        invalid.report()
    note = reader.label_note()
    if note is not None:
        print(f"textaug: note: {note}", file=sys.stderr)
    report = expander.report.to_dict()
    if args.report:
        with atomic_text_output(args.report) as handle:
            json.dump(report, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    if not args.quiet:
        print(f"textaug: {expander.report.summary()}", file=sys.stderr)
    return 0


def _plain(reader: RecordReader) -> Iterator[tuple[Record, Any]]:
    for record in reader:
        yield record, None


def _raw_jsonl(path: str, label_key: str, text_key: str) -> Iterator[tuple[Record, Any]]:
    """JSONL records with their input lines, so originals are written back byte for byte.

    Invalid lines were reported (or refused) by the first pass; here they are skipped.
    """
    with open_binary(path) as handle:
        for _number, line in decoded_lines(handle, path, _ignore):
            if not line.strip():
                continue
            try:
                record = record_from_line(line, label_key, text_key=text_key)
            except (DataError, SpanError):
                continue
            yield record, line


def _ignore(error: DataError) -> None:
    """Skips a line the first pass already reported."""
