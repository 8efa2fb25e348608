"""``textaug generate``: intent data from Jinja templates and slot value lists."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from textaug.errors import ConfigError, UsageError
from textaug.io import FORMATS, TableLayout, detect_format, open_writer


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "generate",
        help="generate intent examples from templates",
        description=(
            "Render the intent templates in a directory (see templates/README.md) into records "
            "with exact entity spans. Sampled by default (N distinct utterances per intent, "
            "seeded, streaming); --exhaustive enumerates every combination up to --cap. "
            "The same templates and seed give identical output."
        ),
    )
    parser.add_argument("templates", help="template directory (or one intent .j2 file in it)")
    parser.add_argument(
        "-o", "--output", default="-", help="output file, or - for stdout (default)"
    )
    parser.add_argument(
        "--out-format", choices=FORMATS, help="output format (default: by extension)"
    )
    parser.add_argument(
        "--per-intent", type=int, default=100, help="utterances per intent (default: 100)"
    )
    parser.add_argument(
        "--quota",
        action="append",
        default=[],
        metavar="INTENT=N",
        help="a different count for one intent",
    )
    parser.add_argument(
        "--balance",
        action="store_true",
        help=(
            "lower every quota to the number of distinct utterances the least productive "
            "intent gives (found by a dry run first)"
        ),
    )
    parser.add_argument("--intent", action="append", help="only this intent (repeatable)")
    parser.add_argument(
        "--seed", type=int, default=0, help="random seed, a non-negative integer (default: 0)"
    )
    parser.add_argument(
        "--exhaustive", action="store_true", help="every combination instead of a sample"
    )
    parser.add_argument(
        "--cap",
        type=int,
        default=100_000,
        help="most utterances per intent in exhaustive mode (default: 100000)",
    )
    parser.add_argument(
        "--split",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="put about this fraction of each intent's templates (not utterances) in the test set",
    )
    parser.add_argument("--test-output", help="where the test split goes (required with --split)")
    parser.add_argument("--report", metavar="FILE.json", help="also write the summary as JSON")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="render every template with Jinja (slower; for comparison)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from textaug.templates.generate import TEST, GenerationSummary, describe_count, generate
    from textaug.templates.templateset import TemplateSet

    if args.split and not args.test_output:
        raise UsageError("--split needs --test-output for the test set")
    if args.test_output and not args.split:
        raise ConfigError("--test-output needs --split FRACTION")
    quotas = _quotas(args.quota)
    templates = TemplateSet.load(args.templates, compile_templates=not args.no_compile)
    if args.exhaustive and not args.quiet:
        for intent, group in templates.intents().items():
            counts = [t.count for t in group]
            known = None if None in counts else sum(c for c in counts if c is not None)
            size = (
                "unknown (Jinja-rendered templates cannot be enumerated)"
                if known is None
                else describe_count(known)
            )
            print(f"textaug: {intent}: {size} combinations (cap {args.cap:,})", file=sys.stderr)
    summary = GenerationSummary()
    records = generate(
        templates,
        per_intent=args.per_intent,
        seed=args.seed,
        exhaustive=args.exhaustive,
        cap=args.cap,
        split=args.split,
        quotas=quotas,
        balance=args.balance,
        intents=args.intent,
        summary=summary,
    )
    with contextlib.ExitStack() as stack:
        train = stack.enter_context(_writer(args.output, args.out_format))
        test = (
            stack.enter_context(_writer(args.test_output, args.out_format))
            if args.test_output
            else None
        )
        for part, record in records:
            (test if part == TEST and test is not None else train).write(record)
    if args.report:
        with open_writer_text(args.report) as handle:
            json.dump(summary.report(templates), handle, indent=2, ensure_ascii=False)
            handle.write("\n")
    if not args.quiet:
        for line in summary.lines(templates):
            print(f"textaug: {line}", file=sys.stderr)
    return 0


def _writer(path: str, fmt: str | None):  # type: ignore[no-untyped-def]
    layout = None
    if detect_format(path, fmt) in ("csv", "tsv"):
        layout = TableLayout(["text", "intent", "entities", "template"], "text", "intent")
    return open_writer(path, fmt, layout=layout)


def open_writer_text(path: str):  # type: ignore[no-untyped-def]
    from textaug.io.lines import atomic_text_output

    return atomic_text_output(path)


def _quotas(items: list[str]) -> dict[str, int]:
    quotas = {}
    for item in items:
        intent, sep, count = item.partition("=")
        if not sep or not count.strip().isdigit():
            raise ConfigError(f"--quota expects INTENT=N, got {item!r}")
        quotas[intent.strip()] = int(count)
    return quotas
