"""Benchmark: textaug wordnet_synonyms vs nlpaug SynonymAug(aug_src="wordnet").

Same 2,000 utterances (SNIPS test texts, padded with train) for both, in one run:
sentences/second (after each tool's resources are loaded; each tool in a fresh process,
alternating, best of ``--repeats``), start-up time of a fresh
process (import to first output) and peak memory (ru_maxrss of a fresh process that
augments all 2,000). Run from the repository root:

    python bench/bench_synonyms.py [--n 2000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from snips import utterances

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
NLTK_DATA = SHARED / "nltk_data"


def run_textaug(texts: list[str]) -> list[str]:
    from textaug.synonyms import WordNetSynonyms

    augmenter = WordNetSynonyms()
    out = []
    for index, text in enumerate(texts):
        found = augmenter.augment(text, n=1, seed=0, index=index)
        out.append(found[0].text if found else text)
    return out


def run_nlpaug(texts: list[str]) -> list[str]:
    import nlpaug.augmenter.word as naw
    import nltk

    nltk.data.path.insert(0, str(NLTK_DATA))
    augmenter = naw.SynonymAug(aug_src="wordnet")
    out = []
    for text in texts:
        result = augmenter.augment(text)
        out.append(result[0] if isinstance(result, list) and result else str(result))
    return out


RUNNERS = {"textaug": run_textaug, "nlpaug": run_nlpaug}


def throughput(name: str, texts: list[str]) -> tuple[float, float]:
    """Sentences/second over ``texts`` after a warm-up sentence, first and second pass."""
    # load every resource outside the timing (spaCy tokenizer, inflection tables)
    RUNNERS[name](["I'd like to book a flight", "she booked two cheap rooms"])
    if name == "textaug":
        from textaug.lexicon.inflect import form_of

        form_of("agrees", "VERB")  # the compiled inflection table
    start = time.perf_counter()
    RUNNERS[name](texts)
    first = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    RUNNERS[name](texts)
    second = len(texts) / (time.perf_counter() - start)
    return first, second


STARTUP = """
import time
start = time.perf_counter()
from textaug.synonyms import WordNetSynonyms
WordNetSynonyms(rate=1.0).augment({text!r})
print(time.perf_counter() - start)
"""

THROUGHPUT = """
import sys
sys.path.insert(0, {bench!r})
from bench_synonyms import throughput, utterances
print(*throughput({name!r}, utterances({n})))
"""

MEMORY = """
import resource, sys
sys.path.insert(0, {bench!r})
from bench_synonyms import RUNNERS, utterances
RUNNERS[{name!r}](utterances({n}))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def fresh(code: str) -> float:
    """Run ``code`` in a fresh interpreter and return the number it prints."""
    return fresh_numbers(code)[0]


def fresh_numbers(code: str) -> list[float]:
    """Run ``code`` in a fresh interpreter and return the numbers it prints last."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return [float(x) for x in result.stdout.strip().splitlines()[-1].split()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument(
        "--repeats", type=int, default=3, help="start-up and throughput runs (best is kept)"
    )
    args = parser.parse_args()
    texts = utterances(args.n)
    print(f"{len(texts)} utterances (SNIPS test, padded with train)")
    # fresh processes first: Linux keeps a parent's ru_maxrss high-water mark across fork
    for name in RUNNERS:
        code = MEMORY.format(bench=str(ROOT / "bench"), name=name, n=args.n)
        print(f"peak memory {name}: {fresh(code):.0f} MB")
    for label, text in (
        ("base forms", "Book a table at a quiet restaurant"),
        ("inflected", "she booked two cheap rooms"),
    ):
        best = min(fresh(STARTUP.format(text=text)) for _ in range(args.repeats))
        print(f"start-up, import to first output ({label}): {best:.2f} s")
    # each tool in a fresh process (cold caches, no other tool's heap), alternating
    runs: dict[str, list[list[float]]] = {name: [] for name in RUNNERS}
    for _ in range(args.repeats):
        for name, found in runs.items():
            code = THROUGHPUT.format(bench=str(ROOT / "bench"), name=name, n=args.n)
            found.append(fresh_numbers(code))
    for name, found in runs.items():
        first, second = (max(run[k] for run in found) for k in (0, 1))
        print(f"{name:8s} {first:10.0f} sentences/s (first pass)  {second:10.0f} (second pass)")
    best = {name: max(run[0] for run in found) for name, found in runs.items()}
    each = sorted(a[0] / b[0] for a, b in zip(runs["textaug"], runs["nlpaug"], strict=True))
    spread = ", ".join(f"{r:.1f}" for r in each)
    print(
        f"ratio textaug/nlpaug: {best['textaug'] / best['nlpaug']:.1f}x (first pass, best of "
        f"{args.repeats} alternating fresh-process runs; run by run: {spread})"
    )


if __name__ == "__main__":
    main()
