"""Count lemma frequencies for the shipped frequency table (build time only).

Sources (licences allow shipping derived counts; see textaug/data/LICENSE-frequency.md):
MASC (Penn-tagged, no lemmas: lemmatized here with morphy) and the train splits of
the UD English treebanks in ``data/pos`` (their own lemma column). Multi-word WordNet
lemmas ("credit card", "look up") are counted where their words occur in sequence.
WordNet's sense tag counts (SemCor) are added as a second, independent signal.
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from textaug.lexicon.build import save_arrays
from textaug.lexicon.wordnet import WordNet, normalize

PENN_TO_UPOS = {"NN": "NOUN", "VB": "VERB", "JJ": "ADJ", "RB": "ADV"}
UD_CONTENT = {"NOUN", "VERB", "ADJ", "ADV", "PROPN"}
MAX_NGRAM = 4


def read_conllu(path: Path) -> Iterator[list[list[str]]]:
    """Sentences as lists of CoNLL-U token rows (multi-word token ranges skipped)."""
    opener = gzip.open if path.suffix == ".gz" else open
    sent: list[list[str]] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if sent:
                    yield sent
                sent = []
            elif not line.startswith("#"):
                cols = line.split("\t")
                if len(cols) >= 5 and cols[0].isdigit():
                    sent.append(cols)
    if sent:
        yield sent


def _masc_lemmas(sent: list[list[str]], wn: WordNet) -> list[str]:
    """Lemma keys of a MASC sentence: morphy on the Penn POS, else the lowercased form."""
    out = []
    for cols in sent:
        form, penn = cols[1], cols[4]
        upos = PENN_TO_UPOS.get(penn[:2])
        lemmas = wn.lemmatize(form, upos) if upos else []
        out.append(lemmas[0] if lemmas else normalize(form))
    return out


def _ud_lemmas(sent: list[list[str]], wn: WordNet) -> list[str]:
    """Lemma keys of a UD sentence: the treebank lemma for content words, else the form."""
    out = []
    for cols in sent:
        lemma = cols[2] if cols[2] != "_" and cols[3] in UD_CONTENT else cols[1]
        out.append(normalize(lemma))
    return out


def _is_word(key: str) -> bool:
    return any(ch.isalpha() for ch in key)


def count_sentences(lemma_sents: Iterator[list[str]], wn: WordNet) -> tuple[Counter[str], int]:
    """Lemma counts (single words and WordNet multi-word lemmas) and the number of word tokens."""
    counts: Counter[str] = Counter()
    tokens = 0
    for lemmas in lemma_sents:
        words = [w for w in lemmas if w]
        for i, word in enumerate(words):
            if not _is_word(word):
                continue
            tokens += 1
            counts[word] += 1
            for n in range(2, MAX_NGRAM + 1):
                if i + n <= len(words):
                    gram = " ".join(words[i : i + n])
                    if wn.backend.is_key(gram):
                        counts[gram] += 1
    return counts, tokens


def capitalised_words(
    sentences: Iterator[list[str]], min_count: int = 1, min_share: float = 0.3
) -> list[str]:
    """Lower-case forms written Title-case inside sentences at least ``min_share`` of the time.

    These are the words that are often names ("john", "delta", "march"), counted over
    word forms after the first of each sentence; sentences without any capital (all
    lower-case corpora such as ATIS) say nothing about case and are skipped.
    """
    title: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for words in sentences:
        if not any(ch.isupper() for word in words for ch in word):
            continue
        for word in words[1:]:
            if not word.isalpha():
                continue
            if word[0].isupper() and word[1:].islower():
                title[word.lower()] += 1
            elif word.islower():
                lower[word] += 1
    return sorted(
        w for w, n in title.items() if n >= min_count and n >= min_share * (n + lower[w])
    )


def semcor_counts(wn_arrays: dict[str, np.ndarray]) -> tuple[Counter[str], int]:
    """Sum of WordNet sense tag counts per lemma key (all POS) and their grand total."""
    keys = bytes(wn_arrays["keys"]).decode("utf-8").split("\n")
    rows = np.repeat(np.arange(len(keys) * 4) // 4, wn_arrays["sense_len"].astype(np.int64))
    per_key = np.bincount(rows, weights=wn_arrays["sense_count"], minlength=len(keys))
    counts = Counter({keys[i]: int(per_key[i]) for i in np.flatnonzero(per_key)})
    return counts, int(per_key.sum())


def build_frequency(pos_dir: Path, wordnet_npz: Path, output: Path, wn: WordNet) -> dict[str, int]:
    """Count MASC + UD train splits + SemCor tag counts; write the table; return stats."""
    masc_path = pos_dir / "nltk_masc_tagged/masc.conllu.gz"
    trains = sorted(pos_dir.glob("ud_english_*/*-ud-train.conllu"))
    masc = (_masc_lemmas(s, wn) for s in read_conllu(masc_path))
    corpus, tokens = count_sentences(masc, wn)
    names = capitalised_words(
        [cols[1] for cols in sent] for path in (masc_path, *trains) for sent in read_conllu(path)
    )
    for train in trains:
        ud = (_ud_lemmas(s, wn) for s in read_conllu(train))
        more, more_tokens = count_sentences(ud, wn)
        corpus.update(more)
        tokens += more_tokens
    with np.load(wordnet_npz, allow_pickle=False) as z:
        semcor, semcor_total = semcor_counts(
            {k: z[k] for k in ("keys", "sense_len", "sense_count")}
        )
    total = corpus + semcor
    keys = sorted(total)
    save_arrays(
        output,
        {
            "keys": np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8),
            "counts": np.array([total[k] for k in keys], dtype=np.int32),
            "total": np.array([tokens + semcor_total], dtype=np.int64),
            "capitalised": np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        },
    )
    return {
        "corpus_tokens": tokens,
        "semcor_tags": semcor_total,
        "entries": len(keys),
        "capitalised": len(names),
    }
