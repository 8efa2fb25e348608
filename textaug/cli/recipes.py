"""``textaug recipes``: list augmenters, guards and built-in recipes with their parameters."""

from __future__ import annotations

import argparse
import json

from textaug.recipes import builtin_recipes
from textaug.registry import describe


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "recipes",
        help="list augmenters, guards and built-in recipes",
        description="List every registered augmenter and guard with its parameters and "
        "defaults, and the built-in recipes.",
    )
    parser.add_argument("--json", action="store_true", help="print the same as JSON, for tools")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    registered = describe()
    recipes = builtin_recipes()
    if args.json:
        print(
            json.dumps({"registered": registered, "recipes": recipes}, indent=2, ensure_ascii=False)
        )
        return 0
    for kind in ("augmenter", "guard"):
        print(f"{kind}s:")
        for entry in (e for e in registered if e["kind"] == kind):
            print(f"  {entry['name']:<24} {entry['summary']}")
            for param in entry["parameters"]:
                default = "required" if param["required"] else f"default {param['default']!r}"
                print(f"      {param['name']:<20} {default}")
        print()
    print("recipes:")
    for name, config in recipes.items():
        print(f"  {name:<24} {config.get('description', '')}")
    return 0
