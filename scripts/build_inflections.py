"""Build textaug's inflection table (textaug/data/inflections_en.npz) from lemminflect.

python scripts/build_inflections.py [-o textaug/data/inflections_en.npz]

lemminflect (MIT; data from the SPECIALIST lexicon) is needed here only:
pip install lemminflect. For every one-word lemma of the shipped WordNet (and the head
word of its multi-word lemmas) in each POS it records the forms that
``textaug.lexicon.inflect``'s regular rules get wrong, and for every such form and
lemma the Penn readings the rules would guess wrong. The output is deterministic.

What lemminflect says is kept except where it only guesses: an adjective or adverb
missing from its dictionary gets the rules' -er/-est or more/most (lemminflect's
guess would give "wrenchinger"), VBP is always the VB form (lemminflect leaves it
empty for verbs outside its dictionary), and a plural spelled like the singular is
dropped when it is only an alternative ("onsets" or "onset").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textaug.lexicon.build import save_arrays  # noqa: E402
from textaug.lexicon.inflect import (  # noqa: E402
    PENN_TAGS,
    PERIPHRASTIC,
    TABLE_FORMAT,
    TABLE_PATH,
    Forms,
    InflectionTable,
    regular_forms,
)
from textaug.lexicon.wordnet import BUILTIN_PATH, load_wordnet  # noqa: E402

_RESERVED = ("\t", "\n", "|", "=")


def lemma_universe(wordnet: str = str(BUILTIN_PATH)) -> dict[str, list[str]]:
    """Per POS, the one-word lemmas and the inflected heads of multi-word lemmas, sorted."""
    wn = load_wordnet(wordnet)
    found: dict[str, list[str]] = {}
    for upos in PENN_TAGS:
        lemmas: set[str] = set()
        for key in wn.lemmas(upos):
            parts = key.split(" ")
            head = parts[-1] if upos == "NOUN" else parts[0]
            if len(parts) == 1 or upos in ("NOUN", "VERB"):
                lemmas.add(head)
        found[upos] = sorted(w for w in lemmas if w and not any(c in w for c in _RESERVED))
    return found


class Reference:
    """lemminflect's answers under the policy in the module docstring, cached."""

    def __init__(self) -> None:
        import lemminflect

        self.lib: ModuleType = lemminflect
        self.forms = lru_cache(maxsize=None)(self._forms)

    def _forms(self, lemma: str, upos: str) -> Forms:
        """Spellings per Penn tag of ``upos`` for a lowercase lemma."""
        known = self.lib.getAllInflections(lemma, upos=upos)
        rules = regular_forms(lemma, upos)
        out: list[tuple[str, ...]] = []
        for tag, rule in zip(PENN_TAGS[upos], rules, strict=True):
            if tag in known:
                spelled = tuple(known[tag])
            elif tag == "VBP":
                spelled = out[0]
            elif tag in PERIPHRASTIC:
                spelled = () if known else rule
            else:
                spelled = tuple(self.lib.getInflection(lemma, tag, inflect_oov=True))
            if tag == "NNS" and spelled:
                spelled = (spelled[0], *(s for s in spelled[1:] if s != lemma))
            out.append(tuple(s.lower() for s in spelled))
        return tuple(out)

    def tags(self, form: str, upos: str, is_lemma: bool = False) -> tuple[str, ...]:
        """Penn tags ``form`` has as a form of the lemmas lemminflect gives it.

        If that gives nothing but ``form`` is a WordNet lemma of ``upos``, its own
        forms count (lemminflect reads "modified" as no adjective form at all).
        """
        lemmas = self.lib.getAllLemmas(form, upos=upos).get(upos) or self.lib.getAllLemmasOOV(
            form, upos=upos
        ).get(upos, ())
        found = self._tags_as_form_of(form, upos, [lemma.lower() for lemma in lemmas if lemma])
        if not found and is_lemma:
            found = self._tags_as_form_of(form, upos, [form])
        return tuple(t for t in PENN_TAGS[upos] if t in found)

    def _tags_as_form_of(self, form: str, upos: str, lemmas: list[str]) -> set[str]:
        found: set[str] = set()
        for lemma in lemmas:
            forms = self.forms(lemma, upos)
            found.update(
                t for t, spelled in zip(PENN_TAGS[upos], forms, strict=True) if form in spelled
            )
        return found


def exceptions(
    ref: Reference, universe: dict[str, list[str]]
) -> dict[str, dict[str, dict[str, tuple[str, ...]]]]:
    """Per POS and lemma, the tags whose spellings differ from the regular rules."""
    table: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
    for upos, lemmas in universe.items():
        table[upos] = {}
        for lemma in lemmas:
            pairs = zip(
                PENN_TAGS[upos], ref.forms(lemma, upos), regular_forms(lemma, upos), strict=True
            )
            differ = {tag: spelled for tag, spelled, rule in pairs if spelled != rule}
            if differ:
                table[upos][lemma] = differ
    return table


def readings(
    ref: Reference, universe: dict[str, list[str]], rules: InflectionTable
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Per POS, the one-word forms whose tags the rules (with the exceptions) guess wrong."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for upos, lemmas in universe.items():
        own = set(lemmas)
        forms = set(own)
        for lemma in lemmas:
            forms.update(s for spelled in ref.forms(lemma, upos) for s in spelled)
        table[upos] = {}
        for form in sorted(f for f in forms if " " not in f and not any(c in f for c in _RESERVED)):
            tags = ref.tags(form, upos, is_lemma=form in own)
            if tags != rules.guess_tags(form, upos):
                table[upos][form] = tags
    return table


def _text(lines: Iterable[str]) -> np.ndarray:
    return np.frombuffer("\n".join(lines).encode("utf-8"), dtype=np.uint8).copy()


def encode(
    excepted: dict[str, dict[str, dict[str, tuple[str, ...]]]],
    read: dict[str, dict[str, tuple[str, ...]]],
) -> dict[str, np.ndarray]:
    """The arrays of the table file (row layout documented in ``load_table``)."""
    rows = [
        "\t".join([upos, lemma, *(f"{tag}={'|'.join(s)}" for tag, s in tags.items())])
        for upos in PENN_TAGS
        for lemma, tags in sorted(excepted[upos].items())
    ]
    reading_rows = [
        "\t".join([upos, form, *tags])
        for upos in PENN_TAGS
        for form, tags in sorted(read[upos].items())
    ]
    return {
        "format": np.array(TABLE_FORMAT, dtype=np.int32),
        "exceptions": _text(rows),
        "readings": _text(reading_rows),
    }


def build(output: Path, wordnet: str = str(BUILTIN_PATH)) -> dict[str, int]:
    """Compute and write the table; returns counts for the report."""
    universe = lemma_universe(wordnet)
    ref = Reference()
    excepted = exceptions(ref, universe)
    read = readings(ref, universe, InflectionTable(excepted, {}))
    save_arrays(output, encode(excepted, read))
    stats = {f"lemmas {u}": len(v) for u, v in universe.items()}
    stats |= {f"exceptions {u}": len(v) for u, v in excepted.items()}
    stats |= {f"readings {u}": len(v) for u, v in read.items()}
    return stats


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, build, report size and load time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=TABLE_PATH, type=Path)
    parser.add_argument("--wordnet", default=str(BUILTIN_PATH), help="compiled lexicon (.npz)")
    args = parser.parse_args(argv)
    stats = build(args.output, args.wordnet)
    timing = (  # in a fresh process: this one's caches would slow the garbage collector
        "import time; from textaug.lexicon.inflect import load_table; t = time.perf_counter(); "
        f"load_table({str(args.output)!r}); print(round((time.perf_counter() - t) * 1000))"
    )
    took = subprocess.run(
        [sys.executable, "-c", timing], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()
    size = args.output.stat().st_size / 1e6
    print(f"wrote {args.output} ({size:.2f} MB, loads in {took} ms): {stats}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
