"""Write the spaCy English special cases that textaug's tokenizer fast path must respect.

textaug splits trivial whitespace chunks ("flight", "flight?", "42") itself and
asks spaCy only about the rest. A few trivial-looking chunks are spaCy special
cases ("cannot" -> "can not", "Mr." stays whole); this script lists them so the
fast path can defer to spaCy. Rerun after upgrading spaCy; a test checks it.

    python scripts/build_tokenizer_table.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "textaug" / "data" / "spacy_en_special_cases.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()

    from textaug.tokens import special_case_table

    lines = special_case_table()
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} special cases to {args.output}")


if __name__ == "__main__":
    main()
