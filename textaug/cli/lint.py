"""``textaug lint``: check templates and value lists, with ``path:line`` for every finding."""

from __future__ import annotations

import argparse
import sys


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "lint",
        help="check intent templates: undefined or unused lists, duplicates, sizes",
        description=(
            "Check a template directory: syntax, undefined slot or phrase lists, unused lists, "
            "templates that can only repeat other templates, sandbox violations, and the number "
            "of combinations of each template. Exits 1 if any error is found."
        ),
    )
    parser.add_argument("templates", help="template directory (or one intent .j2 file in it)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from textaug.templates.lint import lint_templates

    findings = lint_templates(args.templates)
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    for finding in findings:
        if finding.severity != "info" or not args.quiet:
            print(finding)
    print(f"textaug: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
