"""Compile WordNet into textaug's shipped lexicon (textaug/data/wordnet_en.npz).

Example:
    python scripts/build_lexicon.py --nltk-data ../shared/nltk_data -o textaug/data/wordnet_en.npz
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textaug.lexicon.build import build_lexicon


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, compile, report the size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = parser.add_mutually_exclusive_group()
    src.add_argument("--nltk-data", help="an NLTK data root holding corpora/wordnet")
    src.add_argument("--wordnet-dir", help="a directory in WordNet's dict layout")
    parser.add_argument("-o", "--output", default="textaug/data/wordnet_en.npz")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    out = build_lexicon(args.output, nltk_data=args.nltk_data, wordnet_dir=args.wordnet_dir)
    took = time.perf_counter() - start
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
