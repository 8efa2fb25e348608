"""Build textaug's lemma frequency table (textaug/data/frequency_en.npz).

Run after build_lexicon.py (it lemmatizes with the compiled lexicon):
python scripts/build_frequency.py --pos-dir ../shared/data/pos -o textaug/data/frequency_en.npz
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textaug.lexicon.freq_build import build_frequency
from textaug.lexicon.wordnet import BUILTIN_PATH, load_wordnet


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, count, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pos-dir", default="../shared/data/pos", type=Path)
    parser.add_argument("--wordnet", default=str(BUILTIN_PATH), help="compiled lexicon (.npz)")
    parser.add_argument("-o", "--output", default="textaug/data/frequency_en.npz", type=Path)
    args = parser.parse_args(argv)
    stats = build_frequency(
        args.pos_dir, Path(args.wordnet), args.output, load_wordnet(args.wordnet)
    )
    size = args.output.stat().st_size / 1e6
    print(f"wrote {args.output} ({size:.2f} MB): {stats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
