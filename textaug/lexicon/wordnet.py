"""WordNet lookups for augmentation: lemmatize, synonyms, antonyms, membership.

Two sources share one front end (:class:`WordNet`), so ranking and morphology are
identical whichever data is behind them:

* ``"builtin"``: the compiled lexicon shipped in ``textaug/data`` (numpy only, offline);
* ``"nltk"``: NLTK's installed WordNet corpus (for comparison or a newer WordNet);
* a path to a ``.npz`` written by :mod:`textaug.lexicon.build`.

POS arguments are UD UPOS tags ("NOUN", "VERB", "ADJ", "ADV"); others give empty results.
Lemmas are returned with spaces for multi-word entries ("look up"), never underscores.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from textaug.errors import ResourceError

UPOS_TO_POS = {"NOUN": 0, "VERB": 1, "ADJ": 2, "ADV": 3}
POS_TO_UPOS = ("NOUN", "VERB", "ADJ", "ADV")
BUILTIN_PATH = Path(__file__).resolve().parents[1] / "data" / "wordnet_en.npz"
_EXC_FILES = ("noun", "verb", "adj", "adv")
_NLTK_POS = ("n", "v", "a", "r")

# WordNet's detachment rules (suffix, replacement) per POS, as in morphy(7WN); the
# tagger's lexicon classes use them too.
DETACH_RULES: tuple[tuple[tuple[str, str], ...], ...] = (
    (
        ("s", ""),
        ("ses", "s"),
        ("ves", "f"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    (),
)

_RULES_BY_LAST_LETTER: tuple[dict[str, tuple[tuple[str, str], ...]], ...] = tuple(
    {
        last: tuple(rule for rule in rules if rule[0].endswith(last))
        for last in {old[-1] for old, _new in rules}
    }
    for rules in DETACH_RULES
)
"""Each POS's detachment rules by the last letter of their ending, in rule order: a
form is tried only against the rules its last letter allows."""

TWO_OBJECTS = 14
"""WordNet's sentence frame "Somebody ----s somebody something" ("show me the way")."""
INFINITIVE = 28
"""WordNet's sentence frame "Somebody ----s to INFINITIVE" ("want to go")."""

NLTK_HELP = (
    "NLTK's WordNet is not available. Install it with:\n"
    "    pip install nltk\n"
    "    python -m nltk.downloader wordnet\n"
    "(or point NLTK_DATA at a directory holding corpora/wordnet). "
    'The builtin lexicon, load_wordnet("builtin"), works offline without NLTK.'
)


def normalize(word: str) -> str:
    """Lookup key: lowercase, underscores as spaces, single spaces."""
    return " ".join(word.replace("_", " ").lower().split())


class Backend(Protocol):
    """Raw WordNet data; synsets are opaque ints valid for one backend."""

    def senses(self, key: str, pos: int) -> list[tuple[int, int]]:
        """(synset, the key's tag count there) in WordNet sense order."""
        ...

    def has_senses(self, key: str, pos: int) -> bool:
        """Whether the key has senses in that POS (``bool(senses(key, pos))``, cheaper)."""
        ...

    def members(self, synset: int) -> list[tuple[str, int]]:
        """(lemma text, tag count) of every member of the synset, in WordNet order."""
        ...

    def antonym_names(self, key: str, pos: int) -> list[str]:
        """Direct (lemma-level) antonyms of the key in that POS."""
        ...

    def verb_frames(self, key: str) -> int | None:
        """The union of the key's verb senses' frames as bits (bit f: frame f), or None
        when the data holds no frames."""
        ...

    def exceptions(self, pos: int) -> dict[str, tuple[str, ...]]:
        """Morphy exception list: inflected form -> base forms."""
        ...

    def is_key(self, key: str) -> bool:
        """Whether the key is a lemma of any POS."""
        ...

    def keys(self, pos: int) -> list[str]:
        """Every key with senses in that POS (for build scripts that enumerate the lexicon)."""
        ...


class ArrayBackend:
    """Backend over the compiled arrays (see :mod:`textaug.lexicon.build`)."""

    def __init__(self, path: str | Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            keys = bytes(z["keys"]).decode("utf-8").split("\n")
            self._names = bytes(z["names"]).decode("utf-8").split("\n")
            # CSR offsets from stored row lengths; slices are converted per lookup
            self._member_ptr = np.concatenate(([0], np.cumsum(z["member_len"], dtype=np.int64)))
            self._sense_ptr = np.concatenate(([0], np.cumsum(z["sense_len"], dtype=np.int64)))
            self._member_name = z["member_name"]
            self._member_count = z["member_count"]
            self._sense_synset = z["sense_synset"]
            self._sense_count = z["sense_count"]
            self._ant = (z["ant_key"].tolist(), z["ant_pos"].tolist(), z["ant_name"].tolist())
            self._exc_text = bytes(z["exceptions"]).decode("utf-8")
            has_frames = "frame_key" in z.files
            self._frame_rows = (z["frame_key"], z["frame_bits"]) if has_frames else None
            self.synset_pos = z["synset_pos"]
            self.synset_offset = z["synset_offset"]
        self._key_ix = {k: i for i, k in enumerate(keys)} if keys != [""] else {}
        self._antonyms: dict[tuple[int, int], list[str]] | None = None
        self._exceptions: list[dict[str, tuple[str, ...]]] | None = None
        self._has_senses: bytes | None = None
        self._frames: dict[int, int] | None = None

    def verb_frames(self, key: str) -> int | None:
        """Frame bits of a verb key (0 if it has none); the table is made on first use."""
        if self._frame_rows is None:
            return None
        if self._frames is None:
            keys, bits = self._frame_rows
            self._frames = dict(zip(keys.tolist(), bits.tolist(), strict=True))
        ki = self._key_ix.get(key)
        return 0 if ki is None else self._frames.get(ki, 0)

    def senses(self, key: str, pos: int) -> list[tuple[int, int]]:
        """(synset id, tag count) rows of the key's CSR slice."""
        ki = self._key_ix.get(key)
        if ki is None:
            return []
        lo, hi = self._sense_ptr[ki * 4 + pos : ki * 4 + pos + 2].tolist()
        if lo == hi:
            return []
        synsets = self._sense_synset[lo:hi].tolist()
        return list(zip(synsets, self._sense_count[lo:hi].tolist(), strict=True))

    def has_senses(self, key: str, pos: int) -> bool:
        """One byte per (key, POS) slice, made on first use: morphy asks this for every
        candidate base form, and slicing the CSR arrays costs microseconds a question."""
        ki = self._key_ix.get(key)
        if ki is None:
            return False
        if self._has_senses is None:
            self._has_senses = (np.diff(self._sense_ptr) > 0).astype(np.uint8).tobytes()
        return self._has_senses[ki * 4 + pos] == 1

    def members(self, synset: int) -> list[tuple[str, int]]:
        """Member names and counts of a synset id."""
        lo, hi = self._member_ptr[synset : synset + 2].tolist()
        names = self._names
        counts = self._member_count[lo:hi].tolist()
        return [
            (names[n], c) for n, c in zip(self._member_name[lo:hi].tolist(), counts, strict=True)
        ]

    def antonym_names(self, key: str, pos: int) -> list[str]:
        """Antonym names; the table is indexed on first use."""
        if self._antonyms is None:
            table: dict[tuple[int, int], list[str]] = {}
            for k, p, n in zip(*self._ant, strict=True):
                table.setdefault((k, p), []).append(self._names[n])
            self._antonyms = table
        ki = self._key_ix.get(key)
        return [] if ki is None else self._antonyms.get((ki, pos), [])

    def exceptions(self, pos: int) -> dict[str, tuple[str, ...]]:
        """Exception lists, parsed on first use."""
        if self._exceptions is None:
            maps: list[dict[str, tuple[str, ...]]] = [{}, {}, {}, {}]
            for line in self._exc_text.split("\n"):
                parts = line.split("\t")
                if len(parts) >= 3 and parts[0] in _NLTK_POS:
                    maps[_NLTK_POS.index(parts[0])][parts[1]] = tuple(parts[2:])
            self._exceptions = maps
        return self._exceptions[pos]

    def is_key(self, key: str) -> bool:
        """Key lookup in the lemma dict."""
        return key in self._key_ix

    def keys(self, pos: int) -> list[str]:
        """Keys whose CSR slice for the POS is not empty, in file order."""
        has_senses = np.diff(self._sense_ptr).reshape(-1, 4)[:, pos] > 0
        return [key for key, has in zip(self._key_ix, has_senses.tolist(), strict=True) if has]


class NltkBackend:
    """Backend over NLTK's WordNet corpus reader (slow to open; for comparison)."""

    def __init__(self) -> None:
        try:
            from nltk.corpus import wordnet

            wordnet.ensure_loaded()
        except (ImportError, LookupError, OSError) as exc:
            raise ResourceError(NLTK_HELP) from exc
        self._wn: Any = wordnet
        self._refs: list[Any] = []
        self._ref_ix: dict[Any, int] = {}
        self._exceptions: dict[int, dict[str, tuple[str, ...]]] = {}
        self._senses = lru_cache(maxsize=65536)(self._senses_uncached)

    def _ref(self, synset: Any) -> int:
        """Stable int for an NLTK synset."""
        if synset not in self._ref_ix:
            self._ref_ix[synset] = len(self._refs)
            self._refs.append(synset)
        return self._ref_ix[synset]

    def _senses_uncached(self, key: str, pos: int) -> tuple[tuple[Any, Any], ...]:
        """(synset, matching lemma) of the key, dropping synsets of other morphy forms."""
        name = key.replace(" ", "_")
        out: list[tuple[Any, Any]] = []
        for s in self._wn.synsets(name, _NLTK_POS[pos]):
            lem = next((x for x in s.lemmas() if x.name().lower() == name), None)
            if lem is not None and all(s != t for t, _ in out):
                out.append((s, lem))
        return tuple(out)

    def senses(self, key: str, pos: int) -> list[tuple[int, int]]:
        """Senses with Lemma.count() tag counts."""
        return [(self._ref(s), lem.count()) for s, lem in self._senses(key, pos)]

    def has_senses(self, key: str, pos: int) -> bool:
        """Whether NLTK lists senses of the key in that POS."""
        return bool(self._senses(key, pos))

    def members(self, synset: int) -> list[tuple[str, int]]:
        """Lemma names (spaces) and counts."""
        lemmas = self._refs[synset].lemmas()
        return [(lem.name().replace("_", " "), lem.count()) for lem in lemmas]

    def verb_frames(self, key: str) -> int | None:
        """Lemma.frame_ids() of the key's verb lemmas, as bits."""
        bits = 0
        for _s, lem in self._senses(key, 1):
            for frame in lem.frame_ids():
                bits |= 1 << frame
        return bits

    def antonym_names(self, key: str, pos: int) -> list[str]:
        """Lemma.antonyms() of the key's lemmas."""
        return [
            a.name().replace("_", " ") for _s, lem in self._senses(key, pos) for a in lem.antonyms()
        ]

    def exceptions(self, pos: int) -> dict[str, tuple[str, ...]]:
        """The .exc file of the POS, read through the corpus reader."""
        if pos not in self._exceptions:
            table: dict[str, tuple[str, ...]] = {}
            with self._wn.open(f"{_EXC_FILES[pos]}.exc") as stream:
                for line in stream:
                    parts = [p.replace("_", " ") for p in line.split()]
                    if len(parts) >= 2:
                        table[parts[0]] = tuple(parts[1:])
            self._exceptions[pos] = table
        return self._exceptions[pos]

    def is_key(self, key: str) -> bool:
        """Any POS has senses for the key."""
        return any(self._senses(key, p) for p in range(4))

    def keys(self, pos: int) -> list[str]:
        """NLTK's lemma names of the POS, as lookup keys."""
        return sorted({normalize(n) for n in self._wn.all_lemma_names(_NLTK_POS[pos])})


class WordNet:
    """Front end: morphy, ranked synonyms, antonyms; results are cached per (word, POS)."""

    def __init__(self, backend: Backend, source: str) -> None:
        self.backend = backend
        self.source = source
        self._lemmatize = lru_cache(maxsize=131072)(self._lemmatize_uncached)
        self._exceptions: list[dict[str, tuple[str, ...]] | None] = [None] * len(POS_TO_UPOS)
        self._synonyms = lru_cache(maxsize=65536)(self._synonyms_uncached)

    def __repr__(self) -> str:
        return f"WordNet(source={self.source!r})"

    def _is_lemma(self, key: str, pos: int) -> bool:
        return self.backend.has_senses(key, pos)

    def _bases(self, form: str, pos: int) -> list[str]:
        """Unfiltered morphy candidates: exception bases first (as WordNet's morphstr),
        else the form itself then one pass of the detachment rules."""
        exceptions = self._exceptions[pos]
        if exceptions is None:
            exceptions = self._exceptions[pos] = self.backend.exceptions(pos)
        exc = exceptions.get(form)
        if exc is not None:
            return [*exc, form]
        rules = _RULES_BY_LAST_LETTER[pos].get(form[-1:])
        if rules is None:
            return [form]
        size = len(form)
        return [form] + [form[: size - len(old)] + new for old, new in rules if form.endswith(old)]

    def _candidates(self, key: str, pos: int) -> list[str]:
        """Every base form morphy considers for the key, best first, before the lemma check."""
        candidates = self._bases(key, pos)
        if " " in key and pos in (0, 1):
            # collocations inflect their head: "looked up" -> "look up", "credit cards"
            words = key.split(" ")
            head = 0 if pos == 1 else len(words) - 1
            candidates += [
                " ".join([*words[:head], base, *words[head + 1 :]])
                for base in self._bases(words[head], pos)
            ]
        return candidates

    def _lemmatize_uncached(self, key: str, pos: int) -> tuple[str, ...]:
        candidates = self._candidates(key, pos)
        out: list[str] = []
        for cand in candidates:
            if cand and cand not in out and self._is_lemma(cand, pos):
                out.append(cand)
        return tuple(out)

    def lemmatize(self, word: str, upos: str) -> list[str]:
        """Base forms of ``word`` in that POS that WordNet knows, best first; [] if none."""
        pos = UPOS_TO_POS.get(upos)
        key = normalize(word)
        if pos is None or not key:
            return []
        return list(self._lemmatize(key, pos))

    def is_form_of(self, word: str, lemma: str, upos: str) -> bool:
        """Whether ``lemma`` is among ``lemmatize(word, upos)``, without building that list.

        Filters ask this of every candidate once; only the one lemma is checked.
        """
        pos = UPOS_TO_POS.get(upos)
        key = normalize(word)
        if pos is None or not key or not lemma:
            return False
        return lemma in self._candidates(key, pos) and self._is_lemma(lemma, pos)

    def _synonyms_uncached(self, key: str, pos: int, max_senses: int | None) -> tuple:
        senses = self.backend.senses(key, pos)
        if max_senses is not None:
            senses = senses[: max(max_senses, 0)]
        weights = [(count + 1) / (rank + 1) for rank, (_s, count) in enumerate(senses)]
        total = sum(weights) or 1.0
        scores: dict[str, float] = {}
        shown: dict[str, str] = {}
        for (synset, _count), weight in zip(senses, weights, strict=True):
            for name, member_count in self.backend.members(synset):
                low = name.lower()
                if low == key:
                    continue
                shown.setdefault(low, name)
                gain = weight / total * (1.0 + math.log1p(member_count))
                scores[low] = scores.get(low, 0.0) + gain
        ranked = sorted(scores, key=lambda k: -scores[k])  # stable: ties keep sense order
        return tuple((shown[k], scores[k]) for k in ranked)

    def synonyms(
        self, lemma: str, upos: str, max_senses: int | None = None
    ) -> list[tuple[str, float]]:
        """Replacement lemmas from the lemma's synsets of that POS, best first.

        Score = sum over the senses s_i (rank i from 0, WordNet order) the candidate
        shares with the lemma of  w_i * (1 + ln(1 + m_i)),  where w_i = (c_i + 1) / (i + 1)
        normalised to sum 1 (c_i: the lemma's tag count in s_i) and m_i the candidate's
        own tag count in s_i. Frequent senses and frequently used candidates rank first;
        a candidate sharing several senses adds up. ``max_senses`` keeps the lemma's N
        first (most frequent) senses. The lemma itself is never returned.
        """
        pos = UPOS_TO_POS.get(upos)
        key = normalize(lemma)
        if pos is None or not key:
            return []
        return list(self._synonyms(key, pos, max_senses))

    def takes_frame(self, verb: str, frame: int) -> bool:
        """Whether some sense of ``verb`` (a lemma) has WordNet sentence frame ``frame``
        (28: "Somebody ----s to INFINITIVE"); True when the data holds no frames.

        >>> wn = load_wordnet()
        >>> wn.takes_frame("want", INFINITIVE), wn.takes_frame("require", INFINITIVE)
        (True, False)
        """
        bits = self.backend.verb_frames(normalize(verb))
        return bits is None or bool(bits >> frame & 1)

    def antonyms(self, lemma: str, upos: str) -> frozenset[str]:
        """Direct lemma-level antonyms (WordNet '!' pointers) of the lemma in that POS."""
        pos = UPOS_TO_POS.get(upos)
        key = normalize(lemma)
        if pos is None or not key:
            return frozenset()
        return frozenset(self.backend.antonym_names(key, pos))

    def has_word(self, word: str) -> bool:
        """A lemma of any POS, or an inflected form morphy maps to one."""
        key = normalize(word)
        if not key:
            return False
        return self.backend.is_key(key) or any(self._lemmatize(key, p) for p in range(4))

    def lemmas(self, upos: str) -> list[str]:
        """Every lemma (lowercase lookup key) with senses in that POS, sorted; [] for other POS."""
        pos = UPOS_TO_POS.get(upos)
        return [] if pos is None else sorted(self.backend.keys(pos))

    def is_common_word(self, word: str) -> bool:
        """Whether WordNet knows ``word``, or a lemma it is a form of, in lower case.

        "book", "booked" and "delta" are common words; "Paris" and "Boston" appear only
        as names, and a word WordNet lacks ("iPhone") is taken for a name too.
        """
        return any(
            name == lemma for pos in range(4) for lemma, name in self._spellings(word, pos)
        )

    def has_name_sense(self, word: str) -> bool:
        """Whether some noun sense of ``word`` is spelled Title-case: a name ("March", "Turkey").

        >>> wn = load_wordnet()
        >>> wn.has_name_sense("march"), wn.has_name_sense("thanks")
        (True, False)
        """
        return any(
            name[:1].isupper() and name[1:].islower() and name.lower() == lemma
            for lemma, name in self._spellings(word, UPOS_TO_POS["NOUN"])
        )

    def _spellings(self, word: str, pos: int) -> Iterator[tuple[str, str]]:
        """(lemma, member spelling) for each sense of each lemma ``word`` is a form of."""
        key = normalize(word)
        if not key:
            return
        for lemma in self._lemmatize(key, pos):
            for synset, _count in self.backend.senses(lemma, pos):
                for name, _ in self.backend.members(synset):
                    yield lemma, name

    def pos_of(self, lemma: str) -> frozenset[str]:
        """UPOS tags under which the lemma has senses."""
        key = normalize(lemma)
        return frozenset(POS_TO_UPOS[p] for p in range(4) if key and self._is_lemma(key, p))


_loaded: dict[str, WordNet] = {}
"""Lexicons by source: "builtin", "nltk", or a file's resolved path."""


def load_wordnet(source: str = "builtin") -> WordNet:
    """The WordNet for ``source`` ("builtin", "nltk" or a compiled .npz path), once per process.

    Augmenters ask for their lexicon several times per sentence, so a source already
    loaded costs one dictionary lookup; a relative path is resolved against the
    current directory.
    """
    found = _loaded.get(source)
    if found is None:
        key = source if source in ("builtin", "nltk") else str(Path(source).resolve())
        found = _loaded.get(key)
        if found is None:
            found = _loaded[key] = _open(key)
    return found


def _open(source: str) -> WordNet:
    if source == "nltk":
        return WordNet(NltkBackend(), source)
    path = BUILTIN_PATH if source == "builtin" else Path(source)
    if not path.is_file():
        raise ResourceError(
            f"WordNet lexicon file not found: {path}. Rebuild it with: "
            "python scripts/build_lexicon.py --nltk-data <nltk_data> -o textaug/data/wordnet_en.npz"
        )
    return WordNet(ArrayBackend(path), source)
