"""Compile a WordNet database into textaug's compact lexicon file (build time only).

The output is a zip of ``.npy`` arrays (readable by ``numpy.load``, no pickle):
strings are UTF-8 joined by "\\n" and stored as ``uint8``; relations are CSR-style
``int32`` arrays whose row lengths are stored and turned into offsets at load time.
``frame_key``/``frame_bits`` hold, per verb lemma, the union of its senses' sentence
frames (bit ``f`` for WordNet frame ``f``: 14 "Somebody ----s somebody something",
28 "Somebody ----s to INFINITIVE"); files without them read as "frames unknown".
The zip is written with fixed timestamps so a rebuild is byte-identical.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # nltk is a build-time dependency only
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

FORMAT_VERSION = 1
POS_TAGS = ("n", "v", "a", "r")  # row order of every per-POS table; satellites count as "a"
EXC_FILES = ("noun", "verb", "adj", "adv")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def open_wordnet(
    nltk_data: str | None = None, wordnet_dir: str | None = None
) -> WordNetCorpusReader:
    """Open a WordNet with NLTK's reader: from an NLTK data root or a dict-layout directory."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class _Reader(WordNetCorpusReader):
        def map_wn(self, version: str = "wordnet") -> None:
            """Skip the multilingual sense-map rebuild: slow, and unused by the compiler."""
            return

    if wordnet_dir is not None:
        root = str(Path(wordnet_dir).resolve())
        # NLTK 3.10 only opens corpora below its data paths: register the directory's parent.
        if str(Path(root).parent) not in nltk.data.path:
            nltk.data.path.insert(0, str(Path(root).parent))
    else:
        if nltk_data is not None and nltk_data not in nltk.data.path:
            nltk.data.path.insert(0, str(Path(nltk_data).resolve()))
        root = str(nltk.data.find("corpora/wordnet"))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        return _Reader(root, None)


def _display(name: str) -> str:
    """WordNet lemma name as text: underscores become spaces, case is kept."""
    return name.replace("_", " ")


def _read_counts(reader: WordNetCorpusReader) -> dict[str, int]:
    """Sense key -> tag count from cntlist.rev (what ``Lemma.count()`` returns), {} if absent."""
    try:
        stream = reader.open("cntlist.rev")
    except OSError:
        return {}
    counts: dict[str, int] = {}
    with stream:
        for line in stream:
            parts = line.split()
            if len(parts) >= 3:
                counts[parts[0]] = int(parts[-1])
    return counts


def _read_exceptions(reader: WordNetCorpusReader) -> str:
    """Morphy exception lists as sorted lines "pos<TAB>form<TAB>base<TAB>base..."."""
    lines = []
    for pos, fname in zip(POS_TAGS, EXC_FILES, strict=True):
        try:
            stream = reader.open(f"{fname}.exc")
        except OSError:
            continue
        with stream:
            for line in stream:
                parts = [_display(p) for p in line.split()]
                if len(parts) >= 2:
                    lines.append("\t".join([pos, *parts]))
    return "\n".join(sorted(set(lines)))


def _text(items: list[str]) -> np.ndarray:
    """Strings joined by newlines as a uint8 array."""
    return np.frombuffer("\n".join(items).encode("utf-8"), dtype=np.uint8).copy()


def compile_wordnet(reader: WordNetCorpusReader) -> dict[str, np.ndarray]:
    """Turn a WordNet reader into the arrays of the lexicon file."""
    counts = _read_counts(reader)
    synsets = sorted(
        ((pi, s.offset(), s) for pi, p in enumerate(POS_TAGS) for s in reader.all_synsets(p)),
        key=lambda t: (t[0], t[1]),
    )
    sid_of = {(pi, off): i for i, (pi, off, _s) in enumerate(synsets)}
    names = sorted({_display(lem.name()) for _pi, _off, s in synsets for lem in s.lemmas()})
    keys = sorted({n.lower() for n in names})
    name_ix = {n: i for i, n in enumerate(names)}
    key_ix = {k: i for i, k in enumerate(keys)}

    member_len, member_name, member_count = [], [], []
    ant: set[tuple[int, int, int]] = set()
    for pi, _off, s in synsets:
        lemmas = s.lemmas()
        member_len.append(len(lemmas))
        for lem in lemmas:
            member_name.append(name_ix[_display(lem.name())])
            member_count.append(counts.get(lem.key(), 0))
            for other in lem.antonyms():
                ant.add((key_ix[_display(lem.name()).lower()], pi, name_ix[_display(other.name())]))

    sense_len = np.zeros((len(keys), len(POS_TAGS)), dtype=np.uint16)
    sense_synset: list[int] = []
    sense_count: list[int] = []
    for key_i, key in enumerate(keys):
        wn_name = key.replace(" ", "_")
        for pi, pos in enumerate(POS_TAGS):
            seen: set[int] = set()
            for s in reader.synsets(wn_name, pos):  # index order = WordNet sense order
                lem = next((x for x in s.lemmas() if x.name().lower() == wn_name), None)
                sid = sid_of[(pi, s.offset())]
                if lem is None or sid in seen:
                    continue  # a synset of another morphy form, not of this lemma
                seen.add(sid)
                sense_synset.append(sid)
                sense_count.append(counts.get(lem.key(), 0))
            sense_len[key_i, pi] = len(seen)

    frames: dict[int, int] = {}
    for pi, _off, s in synsets:
        if POS_TAGS[pi] == "v":
            for lem in s.lemmas():
                ki = key_ix[_display(lem.name()).lower()]
                for frame in lem.frame_ids():
                    frames[ki] = frames.get(ki, 0) | (1 << frame)

    ant_rows = sorted(ant)
    return {
        "format_version": np.array([FORMAT_VERSION], dtype=np.int32),
        "wordnet_version": _text([str(reader.get_version() or "unknown")]),
        "keys": _text(keys),
        "names": _text(names),
        "name_key": np.array([key_ix[n.lower()] for n in names], dtype=np.int32),
        "synset_pos": np.array([t[0] for t in synsets], dtype=np.uint8),
        "synset_offset": np.array([t[1] for t in synsets], dtype=np.int32),
        "member_len": np.array(member_len, dtype=np.uint16),
        "member_name": np.array(member_name, dtype=np.int32),
        "member_count": np.array(member_count, dtype=np.int32),
        "sense_len": sense_len.reshape(-1),
        "sense_synset": np.array(sense_synset, dtype=np.int32),
        "sense_count": np.array(sense_count, dtype=np.int32),
        "ant_key": np.array([r[0] for r in ant_rows], dtype=np.int32),
        "ant_pos": np.array([r[1] for r in ant_rows], dtype=np.uint8),
        "ant_name": np.array([r[2] for r in ant_rows], dtype=np.int32),
        "exceptions": _text([_read_exceptions(reader)]),
        "frame_key": np.array(sorted(frames), dtype=np.int32),
        "frame_bits": np.array([frames[k] for k in sorted(frames)], dtype=np.uint64),
    }


def save_arrays(path: str | Path, arrays: dict[str, Any]) -> None:
    """Write arrays as a deflated .npz with fixed zip timestamps (byte-identical rebuilds)."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buf.getvalue(), compresslevel=9)


def build_lexicon(
    output: str | Path, *, nltk_data: str | None = None, wordnet_dir: str | None = None
) -> Path:
    """Compile WordNet (NLTK data root or dict directory) into ``output``; return its path."""
    reader = open_wordnet(nltk_data=nltk_data, wordnet_dir=wordnet_dir)
    save_arrays(output, compile_wordnet(reader))
    return Path(output)
