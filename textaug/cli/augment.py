"""``textaug augment``: write each input record and up to N variants of it."""

from __future__ import annotations

import argparse
import sys

from textaug.augmenter import Augmenter
from textaug.cli.options import (
    InvalidRecords,
    add_io_options,
    add_recipe_options,
    add_run_options,
    non_negative_int,
    open_input,
    progress_bar,
    recipe_config_from_args,
    report_reader_notes,
    report_writer_notes,
)
from textaug.expand import build_recipe, needs_data, without_slot_swap
from textaug.io import open_writer
from textaug.io.lines import check_output_path, input_name, reads_once
from textaug.recipes import DEFAULT_RECIPE, recipe_from_config
from textaug.run import Summary, augment_records, plural


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "augment",
        help="write each record followed by up to N variants",
        description=(
            "Read records, and write each one unchanged followed by up to N distinct variants "
            "made by a recipe. The same input, recipe and seed give byte-identical output with "
            "any number of workers."
        ),
    )
    parser.add_argument("input", help="input file (.jsonl, .csv, .tsv, .yml, .txt) or - for stdin")
    parser.add_argument(
        "-n", type=non_negative_int, default=3, help="variants per record (default: 3)"
    )
    parser.add_argument(
        "--no-originals", action="store_true", help="write only the variants, not the input records"
    )
    add_run_options(parser)
    add_recipe_options(parser, DEFAULT_RECIPE)
    add_io_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    check_output_path(args.output, args.input)
    invalid = InvalidRecords() if args.skip_invalid else None
    reader = open_input(args, invalid)  # checks the format and columns before any reading
    augmenter = _augmenter(args)
    summary = Summary()
    records = iter(reader)
    # Read ahead one record so the writer knows the CSV layout and the label key.
    first = next(records, None)
    with (
        progress_bar(not args.no_progress) as bar,
        open_writer(
            args.output,
            args.out_format,
            layout=reader.layout,
            label_key=reader.label_key,
            provenance=True,
            text_key=reader.text_key,
        ) as writer,
    ):
        stream = records if first is None else _chain(first, records)
        for record in augment_records(
            stream,
            augmenter,
            args.n,
            seed=args.seed,
            workers=args.workers,
            batch_size=args.batch_size,
            keep_originals=not args.no_originals,
            summary=summary,
            progress=bar.update,
        ):
            writer.write(record)
    if invalid is not None:
        invalid.report()
    report_reader_notes(reader)
    report_writer_notes(writer)
    if not args.quiet:
        print(f"textaug: {summary_line(summary, args.n)}", file=sys.stderr)
    return 0


def summary_line(summary: Summary, n: int) -> str:
    """The end-of-run line; with ``-n 0`` (originals only) no shortfall can happen, so
    it says nothing about one."""
    if n == 0:
        return (
            f"{plural(summary.records_in, 'record')} in, "
            f"{plural(summary.variants_out, 'variant')} out"
        )
    return summary.line(n)


def _augmenter(args: argparse.Namespace) -> Augmenter:
    """The augmenter to run; a ``slot_swap`` without values (from a recipe or --aug) takes
    them from the input, and word replacement keeps the words that carry each intent in
    it, as in ``expand``, at the cost of one more pass over the file."""
    config, source = recipe_config_from_args(args, DEFAULT_RECIPE)
    keep = not args.replace_label_words
    if not needs_data(config, keep):
        return recipe_from_config(config, source)
    if reads_once(args.input):
        print(
            "textaug: note: slot values and label words are read from the input, which needs "
            f"a file to read twice; reading {input_name(args.input)}, slot_swap steps are "
            "dropped and label words are not kept",
            file=sys.stderr,
        )
        return recipe_from_config(without_slot_swap(config), source)
    quiet = InvalidRecords() if args.skip_invalid else None
    return build_recipe(config, open_input(args, quiet), source, keep)


def _chain(first, rest):  # type: ignore[no-untyped-def]
    yield first
    yield from rest
