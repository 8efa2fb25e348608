"""Character noise keeps grapheme clusters whole: a letter never loses its combining marks.

The oracle is the ``regex`` module's ``\\X`` (Unicode extended grapheme clusters),
installed with NLTK.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textaug.noise import (
    CaseNoise,
    CharEdits,
    Homoglyphs,
    KeyboardTypos,
    Misspellings,
    OcrErrors,
    PunctuationNoise,
    WhitespaceNoise,
    WordNoise,
    ZeroWidth,
)
from textaug.noise.clusters import edit_sites
from textaug.record import Record

regex = pytest.importorskip("regex")

#: Every model, unguarded so that every word is fair game. The zero-width model
#: inserts only characters that join no cluster here (the joiners it may also
#: insert are checked below, by where they go).
MODELS: list[WordNoise] = [
    KeyboardTypos(rate=1.0, guards=()),
    CharEdits(rate=1.0, guards=()),
    OcrErrors(rate=1.0, guards=()),
    Homoglyphs(rate=1.0, guards=()),
    ZeroWidth(rate=1.0, guards=(), characters=("\u200b", "\u2060")),
    Misspellings(rate=1.0, guards=()),
    WhitespaceNoise(rate=1.0, guards=()),
    CaseNoise(rate=1.0, guards=()),
    PunctuationNoise(rate=1.0, guards=()),
]

#: The audit's sentence: decomposed (NFD) accents on letters the models like to edit.
NFD = "Cafe\u0301 please, cre\u0300me bru\u0302le\u0301e for the gue\u0301st"

_ALPHABETS = [
    "abcdeilmnorstuEIO",  # plain, with marks added below
    "नमस्तेक्षमा",  # vowel signs and virama conjuncts
    "مرحبا",  # with harakat added below
    "한국어가",  # precomposed Hangul, and jamo added below
]
_MARKS = "\u0301\u0300\u0302\u0308\u0327\u094d\u093f\u064e\u0651\u1161\u11a8'"
_word = st.sampled_from(_ALPHABETS).flatmap(
    lambda letters: st.text(alphabet=letters + _MARKS, min_size=1, max_size=8)
)
_text = st.lists(
    st.tuples(_word, st.sampled_from([" ", " ", ", ", "? ", ". "])), min_size=1, max_size=6
).map(lambda pairs: "".join(w + sep for w, sep in pairs).rstrip())


def clusters(text: str) -> list[str]:
    return list(regex.findall(r"\X", text))


def marked(text: str) -> list[str]:
    """The clusters of more than one code point (a letter and its marks), case ignored."""
    return [c.lower() for c in clusters(text) if len(c) > 1]


def boundaries(text: str) -> set[int]:
    found = {0}
    for cluster in clusters(text):
        found.add(max(found) + len(cluster))
    return found


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_noise_on_decomposed_accents_keeps_every_accent_on_its_letter(model: WordNoise) -> None:
    made = 0
    for seed in range(150):
        for variant in model.augment(NFD, n=2, seed=seed):
            made += 1
            assert marked(variant.text) == marked(NFD), ascii(variant.text)
    assert made > 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text, seed=st.integers(0, 2**32), which=st.integers(0, len(MODELS) - 1))
def test_noise_never_splits_or_edits_part_of_a_grapheme_cluster(
    text: str, seed: int, which: int
) -> None:
    for variant in MODELS[which].augment(text, n=2, seed=seed):
        assert marked(variant.text) == marked(text), (ascii(text), ascii(variant.text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_text, seed=st.integers(0, 2**32))
def test_zero_width_joiners_go_only_between_clusters(text: str, seed: int) -> None:
    model = ZeroWidth(rate=1.0, guards=())  # joiners cling to the cluster before them
    between = boundaries(text)
    for variant in model.augment(text, n=2, seed=seed):
        for edit in variant.edits:  # each replaces a word by itself with one character more
            before = text[edit.start : edit.end]
            at = next(k for k, ch in enumerate(edit.text) if before[k : k + 1] != ch)
            assert edit.text[:at] + edit.text[at + 1 :] == before
            assert edit.start + at in between, (ascii(text), ascii(edit.text))


@settings(max_examples=500)
@given(word=_word)
def test_edit_sites_are_whole_clusters(word: str) -> None:
    sites = edit_sites(word)
    between = boundaries(word)
    assert set(sites.gaps) <= between
    assert set(sites.inner) == {p for p in sites.gaps if 0 < p < len(word)}
    singles = {p for p in between if p < len(word) and p + 1 in between}
    assert set(sites.letters) <= singles
    assert set(sites.pairs) == {i for i in sites.letters if i + 1 in sites.letters}


@given(word=st.text(alphabet=st.characters(max_codepoint=127), max_size=12))
def test_every_offset_of_an_ascii_word_is_a_site(word: str) -> None:
    n = len(word)
    assert edit_sites(word) == (range(n + 1), range(1, n), range(n), range(n - 1))


def test_case_noise_leaves_characters_whose_case_change_has_another_length() -> None:
    record = Record("ﬁnd the İstanbul straße")
    for action in ("upper", "lower", "flip"):
        for seed in range(30):
            for variant in CaseNoise(rate=1.0, actions=(action,)).augment(record, seed=seed):
                assert len(variant.text) == len(record.text), (action, variant.text)
                assert "ﬁ" in variant.text and "ß" in variant.text
    (upper,) = CaseNoise(rate=1.0, actions=("upper",), guards=()).augment("ﬁnd it", seed=0)
    assert upper.text in {"ﬁND it", "ﬁnd IT", "ﬁND IT"}
