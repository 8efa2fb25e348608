"""``textaug evaluate``: does augmentation help a classifier on my data? With an honest control."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from textaug.cli.options import (
    add_input_options,
    add_recipe_options,
    non_negative_int,
    recipe_config_from_args,
)
from textaug.errors import DataError, UsageError
from textaug.evaluate import (
    DEFAULT_TEST_LIMIT,
    EvalSettings,
    LenientFile,
    baseline_recipe,
    check_plot_path,
    evaluate,
    noise_augmenter,
    plot,
    plot_file,
)
from textaug.io import check_columns
from textaug.io.lines import STDIO, atomic_text_output, check_output_path, input_name, reads_once
from textaug.recipes import EXPAND_RECIPE


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "evaluate",
        help="measure whether a recipe helps a TF-IDF + logistic regression intent classifier",
        description=(
            "Draw k examples per intent from IN (per seed), augment only that subset, and "
            "train a TF-IDF + logistic regression classifier on: no augmentation, a duplication "
            "control (the originals repeated to the augmented row count) and the recipe; C is "
            "tuned on the originals by cross-validation and shared by all arms. Scores on the "
            "test data (--test, else the rest of IN) and on a typo-noised copy of it. "
            "Needs scikit-learn (and matplotlib for --plot): "
            'pip install "textaug[eval]".'
        ),
    )
    parser.add_argument("input", help="training data (.jsonl, .csv, .tsv, .yml)")
    parser.add_argument(
        "--test", metavar="FILE", help="test data (default: IN minus each k-shot subset)"
    )
    parser.add_argument(
        "--shots", default="5,10", help="examples per intent, comma-separated (default: 5,10)"
    )
    parser.add_argument("--seeds", type=int, default=5, help="runs per shot count (default: 5)")
    parser.add_argument(
        "--factor",
        type=float,
        default=5.0,
        help="the recipe arm expands each intent F times (default: 5)",
    )
    parser.add_argument(
        "--baseline",
        metavar="NAME|FILE",
        help="also run an EDA-style arm: eda_full (all four EDA operations) or a recipe",
    )
    parser.add_argument(
        "--baseline-n",
        type=int,
        metavar="N",
        help="baseline variants per original (default: EDA's table, 4-16)",
    )
    parser.add_argument(
        "--noise-rate", type=float, default=0.3, help="share of test words given a typo (0.3)"
    )
    parser.add_argument(
        "--test-limit",
        type=non_negative_int,
        default=DEFAULT_TEST_LIMIT,
        metavar="N",
        help=f"score on at most N test rows, a seed-0 sample (default: {DEFAULT_TEST_LIMIT:,}; "
        "0: all)",
    )
    parser.add_argument("--plot", metavar="PNG", help="write a bar chart here")
    parser.add_argument("--json", metavar="FILE", help="write the full results as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    add_input_options(parser, "reading IN and --test (files, not stdin)", stdin=False)
    add_recipe_options(parser)
    parser.set_defaults(run=run)


def parse_shots(text: str) -> tuple[int, ...]:
    """The shot counts of ``--shots``, each once, in the order given.

    >>> parse_shots("5,10,5")
    (5, 10)
    """
    try:
        shots = [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise UsageError(f"--shots: expected integers like 5,10, got {text!r}") from None
    return tuple(dict.fromkeys(shots))


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before minutes of training, a ``--json`` or ``--plot`` path that cannot be
    written (no such directory), that would replace the training or test file, or that
    names the other output's file (one would overwrite the other)."""
    for path in (args.json, args.plot and plot_file(args.plot)):
        if path:
            for source in (args.input, args.test):
                check_output_path(path, source)
    if args.json in (None, STDIO) or not args.plot:
        return
    written = plot_file(args.plot)
    if same_file(args.json, args.plot):
        how = ""
    elif same_file(args.json, written):
        how = f" (--plot {args.plot} writes {written})"
    else:
        return
    raise DataError(
        f"is both the --json and the --plot output{how}: give them different files",
        path=args.json,
    )


def same_file(first: str, second: str) -> bool:
    """Whether two paths name one file: the same path once resolved ("./x" and "x", or
    through a symlink), or one existing file under two names (a hard link).

    >>> same_file("out.png", "./out.png"), same_file("out", "out.png")
    (True, False)
    """
    a, b = Path(first), Path(second)
    if a.resolve() == b.resolve():
        return True
    return a.exists() and b.exists() and a.samefile(b)


def run(args: argparse.Namespace) -> int:
    shots = parse_shots(args.shots)
    for path in (args.input, args.test):
        if path is not None and reads_once(path):
            name = "stdin (-)" if path == STDIO else input_name(path)
            raise UsageError(f"evaluate reads its data several times: give a file, not {name}")
    check_columns(args.text_column, args.label_column)
    check_outputs(args)
    if args.plot:
        check_plot_path(args.plot)  # before the run, not after minutes of it
    baseline = None
    if args.baseline:
        baseline = baseline_recipe(args.baseline)
    settings = EvalSettings(
        recipe=recipe_config_from_args(args, EXPAND_RECIPE)[0],
        keep_label_words=not args.replace_label_words,
        shots=shots,
        seeds=args.seeds,
        factor=args.factor,
        baseline=baseline,
        baseline_n=args.baseline_n,
        noise=noise_augmenter(args.noise_rate),
        test_limit=args.test_limit or None,
    )
    columns = {"text_column": args.text_column, "label_column": args.label_column}
    train = LenientFile(args.input, args.in_format, **columns)
    test = LenientFile(args.test, args.in_format, **columns) if args.test else None
    progress = None if args.quiet else (lambda line: print(f"textaug: {line}", file=sys.stderr))
    result = evaluate(train, test, settings, progress)
    repaired = train.repaired + (test.repaired if test is not None else 0)
    print(result.markdown())
    if repaired:
        result.notes.append(
            f"{repaired} rows with invalid entity annotations kept without entities"
        )
    for note in result.notes:
        print(f"textaug: note: {note}", file=sys.stderr)
    if args.json:
        with atomic_text_output(args.json) as handle:
            json.dump(result.to_dict(), handle, indent=2)
            handle.write("\n")
    if args.plot:
        plot(result, args.plot, title=args.input)
    return 0
