"""Tests for textaug.lexicon: the WordNet compiler, the shipped lexicon, frequency, inflection."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textaug.errors import ResourceError
from textaug.lexicon import (
    DEFAULT_MIN_ZIPF,
    NEGATIONS,
    STOPWORDS,
    form_of,
    inflect,
    is_common,
    load_wordnet,
    match_case,
    word_frequency,
)
from textaug.lexicon.inflect import PENN_TAGS as _PENN_TAGS
from textaug.lexicon.wordnet import BUILTIN_PATH, INFINITIVE, TWO_OBJECTS, NltkBackend

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "wordnet_mini"
SHARED_NLTK = Path(__file__).parents[1] / ".." / "shared" / "nltk_data"
PENN_UPOS_TAGS = {tag for tags in _PENN_TAGS.values() for tag in tags}


# --- compiler, on the hand-made mini WordNet -------------------------------------------


@pytest.fixture(scope="module")
def mini_npz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("nltk")
    from textaug.lexicon.build import build_lexicon

    return build_lexicon(tmp_path_factory.mktemp("wn") / "mini.npz", wordnet_dir=str(MINI))


def test_mini_build_is_deterministic(mini_npz: Path, tmp_path: Path) -> None:
    from textaug.lexicon.build import build_lexicon

    again = build_lexicon(tmp_path / "again.npz", wordnet_dir=str(MINI))
    assert again.read_bytes() == mini_npz.read_bytes()


def test_mini_synonyms_ranked_by_counts(mini_npz: Path) -> None:
    wn = load_wordnet(str(mini_npz))
    # book.v.01 (book 3): reserve has count 1, hold 0 -> reserve first
    assert [name for name, _ in wn.synonyms("book", "VERB")] == ["reserve", "hold"]
    nouns = [name for name, _ in wn.synonyms("book", "NOUN")]
    assert nouns == ["volume", "ledger"]  # sense 1 (count 10) before sense 2 (count 1)
    assert names(wn.synonyms("book", "NOUN", max_senses=1)) == ["volume"]
    assert wn.synonyms("book", "NOUN", max_senses=0) == []
    # run's first sense (count 20) outweighs operate's own count in the second sense (5, 3)
    assert [n for n, _ in wn.synonyms("run", "VERB")] == ["scamper", "operate"]
    assert [n for n, _ in wn.synonyms("consult", "VERB")] == ["look up"]
    assert [n for n, _ in wn.synonyms("cheap", "ADJ")] == ["inexpensive"]
    assert [n for n, _ in wn.synonyms("cut-rate", "ADJ")] == ["bargain-priced"]  # satellite
    assert wn.synonyms("book", "ADV") == [] and wn.synonyms("book", "PROPN") == []


def test_mini_verb_frames_are_compiled(mini_npz: Path) -> None:
    # every verb synset of the fixture lists frame 2 ("Somebody ----s") for all lemmas
    wn = load_wordnet(str(mini_npz))
    assert all(wn.takes_frame(verb, 2) for verb in ("book", "reserve", "look up", "operate"))
    assert not wn.takes_frame("book", INFINITIVE) and not wn.takes_frame("volume", 2)


def test_mini_antonyms_morphy_and_lookup(mini_npz: Path) -> None:
    wn = load_wordnet(str(mini_npz))
    assert wn.antonyms("good", "ADJ") == {"bad"}
    assert wn.antonyms("cheap", "ADJ") == {"expensive"}
    assert wn.antonyms("inexpensive", "ADJ") == frozenset()  # lemma-level pointers only
    assert wn.lemmatize("children", "NOUN") == ["child"]
    assert wn.lemmatize("ran", "VERB") == ["run"]
    assert wn.lemmatize("bought", "VERB") == ["buy"]
    assert wn.lemmatize("better", "ADJ") == ["good"]
    assert wn.lemmatize("booked", "VERB") == ["book"]
    assert wn.lemmatize("volumes", "NOUN") == ["volume"]
    assert wn.lemmatize("looked up", "VERB") == ["look up"]
    assert wn.lemmatize("credit cards", "NOUN") == ["credit card"]
    assert wn.lemmatize("booked", "NOUN") == []
    assert wn.has_word("Kids") and wn.has_word("look_up") and not wn.has_word("bokk")
    assert wn.pos_of("book") == {"NOUN", "VERB"}
    assert wn.pos_of("zzz") == frozenset()


# --- the shipped lexicon -------------------------------------------------------------


@pytest.fixture(scope="module")
def wn():  # type: ignore[no-untyped-def]
    return load_wordnet()


def names(pairs: list[tuple[str, float]]) -> list[str]:
    return [name for name, _ in pairs]


def test_builtin_book(wn) -> None:  # type: ignore[no-untyped-def]
    verbs = names(wn.synonyms("book", "VERB"))
    assert "reserve" in verbs and "volume" not in verbs and "book" not in verbs
    assert "volume" in names(wn.synonyms("book", "NOUN"))
    scores = [score for _, score in wn.synonyms("book", "NOUN")]
    assert scores == sorted(scores, reverse=True)
    assert len(wn.synonyms("book", "NOUN", max_senses=1)) < len(wn.synonyms("book", "NOUN"))
    assert all("_" not in n for n in names(wn.synonyms("look", "VERB")))
    assert "look up" in names(wn.synonyms("consult", "VERB"))


def test_builtin_antonyms_and_morphy(wn) -> None:  # type: ignore[no-untyped-def]
    assert "expensive" in wn.antonyms("cheap", "ADJ")
    assert "bad" in wn.antonyms("good", "ADJ")
    assert wn.antonyms("good", "VERB") == frozenset()
    assert "little" in wn.antonyms("big", "ADJ")
    assert wn.lemmatize("children", "NOUN") == ["child"]
    assert wn.lemmatize("ran", "VERB") == ["run"]
    assert wn.lemmatize("booked", "VERB") == ["book"]
    assert wn.lemmatize("better", "ADJ")[:2] == ["good", "well"]
    assert wn.lemmatize("Books", "NOUN") == ["book"]
    assert wn.lemmatize("the", "DET") == [] and wn.lemmatize("", "NOUN") == []


def test_builtin_has_word_and_pos(wn) -> None:  # type: ignore[no-untyped-def]
    assert wn.has_word("booked") and wn.has_word("children") and wn.has_word("look up")
    assert not wn.has_word("bokked") and not wn.has_word("flihgt")
    assert wn.pos_of("book") == {"NOUN", "VERB"}
    assert "ADV" in wn.pos_of("quickly")


def test_has_senses_answers_as_senses_do(wn) -> None:  # type: ignore[no-untyped-def]
    keys = wn.lemmas("NOUN")[::400] + wn.lemmas("ADV")[::40] + ["book", "look up", "xyzzy", ""]
    for key in keys:
        for pos in range(4):
            assert wn.backend.has_senses(key, pos) == bool(wn.backend.senses(key, pos)), key


def test_is_form_of_answers_as_lemmatize_does(wn) -> None:  # type: ignore[no-untyped-def]
    words = [*wn.lemmas("VERB")[::150], "ran", "children", "better", "looked up", "s", "Books", ""]
    words += [w + end for w in words[::5] for end in ("s", "es", "ed", "ing", "er")]
    for word in words:
        for upos in ("NOUN", "VERB", "ADJ", "ADV", "DET"):
            lemmas = wn.lemmatize(word, upos)
            for lemma in {*lemmas, word, word.lower(), word[:-1], word[:-2], ""}:
                assert wn.is_form_of(word, lemma, upos) == (lemma in lemmas), (word, lemma)


def test_builtin_loads_without_nltk() -> None:
    code = (
        "import sys; from textaug.lexicon import load_wordnet; wn = load_wordnet(); "
        "assert wn.synonyms('book', 'VERB'); "
        "assert 'nltk' not in sys.modules and 'spacy' not in sys.modules, sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert BUILTIN_PATH.stat().st_size < 5_000_000


def test_nltk_source_missing_raises_resource_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nltk", None)
    monkeypatch.setitem(sys.modules, "nltk.corpus", None)
    with pytest.raises(ResourceError) as err:
        NltkBackend()
    message = str(err.value)
    assert "pip install nltk" in message and "python -m nltk.downloader wordnet" in message
    assert "builtin" in message


def test_builtin_matches_nltk_backend(wn) -> None:  # type: ignore[no-untyped-def]
    nltk = pytest.importorskip("nltk")
    path = str(SHARED_NLTK.resolve())
    if path not in nltk.data.path:
        nltk.data.path.insert(0, path)
    ref = load_wordnet("nltk")
    keys = sorted(wn.backend._key_ix)
    sample = random.Random(0).sample(keys, 150)
    sample += ["book", "run", "good", "cheap", "quickly", "look up", "better", "axes"]
    for lemma in sample:
        for upos in ("NOUN", "VERB", "ADJ", "ADV"):
            got, want = wn.synonyms(lemma, upos), ref.synonyms(lemma, upos)
            assert names(got) == names(want), (lemma, upos)
            assert [s for _, s in got] == pytest.approx([s for _, s in want])
            assert wn.antonyms(lemma, upos) == ref.antonyms(lemma, upos), (lemma, upos)
            assert wn.lemmatize(lemma, upos) == ref.lemmatize(lemma, upos), (lemma, upos)
        assert wn.pos_of(lemma) == ref.pos_of(lemma)
        for frame in (INFINITIVE, TWO_OBJECTS):
            assert wn.takes_frame(lemma, frame) == ref.takes_frame(lemma, frame), lemma
    for form, upos in [("children", "NOUN"), ("ran", "VERB"), ("better", "ADJ"), ("axes", "NOUN")]:
        assert wn.lemmatize(form, upos) == ref.lemmatize(form, upos)


# --- frequency floor -----------------------------------------------------------------

COMMON = [
    "reserve",
    "purchase",
    "film",
    "movie",
    "show",
    "begin",
    "start",
    "large",
    "big",
    "quickly",
]
RARE = ["ogdoad", "commode", "beantown", "christian bible"]


@pytest.mark.parametrize("word", COMMON)
def test_frequency_keeps_ordinary_words(word: str) -> None:
    assert word_frequency(word) >= DEFAULT_MIN_ZIPF
    assert is_common(word)


@pytest.mark.parametrize("word", RARE)
def test_frequency_drops_rare_words(word: str) -> None:
    assert word_frequency(word) < DEFAULT_MIN_ZIPF
    assert not is_common(word)


def test_capitalised_words_counts_title_case_inside_sentences_of_cased_text() -> None:
    from textaug.lexicon.freq_build import capitalised_words

    sentences = [
        ["We", "flew", "Delta", "to", "Boston"],
        ["Book", "a", "delta", "trip", "with", "Delta"],  # 2 of 3 inside: a name
        ["Book", "now", ",", "then", "book", "again"],  # "Book" first: not counted
        ["a", "river", "delta", "in", "march"],  # no capital at all: skipped
        ["Trips", "in", "March", "and", "april"],
    ]
    found = capitalised_words(sentences)
    assert "delta" in found and "march" in found and "boston" in found
    assert "book" not in found and "trips" not in found and "april" not in found
    assert "delta" not in capitalised_words(sentences[:2], min_share=0.7)


@pytest.mark.parametrize(("word", "often"), [("John", True), ("delta", True), ("Book", False)])
def test_often_capitalised_in_the_shipped_table(word: str, often: bool) -> None:
    from textaug.lexicon.frequency import often_capitalised

    assert often_capitalised(word) is often


def test_frequency_is_lemma_level() -> None:
    assert word_frequency("booked") == word_frequency("book")
    assert word_frequency("Children") == word_frequency("child")
    assert word_frequency("the") > word_frequency("film") > 0
    assert word_frequency("qwzx") == 0.0 and word_frequency("") == 0.0
    assert is_common("credit card") and is_common("look up")


def test_frequency_is_the_best_count_of_the_word_and_its_lemmas(wn) -> None:  # type: ignore[no-untyped-def]
    from textaug.lexicon.frequency import _table, _zipf

    counts, offset = _table()
    words = wn.lemmas("NOUN")[::300] + wn.lemmas("VERB")[::60] + wn.lemmas("ADJ")[::100]
    words += [w + end for w in words[::7] for end in ("s", "es", "ed", "ing", "er", "est")]
    words += ["ran", "children", "better", "looked up", "credit cards", "men", "geese", "'s"]
    for word in words:
        lemmas = {
            lemma for upos in ("NOUN", "VERB", "ADJ", "ADV") for lemma in wn.lemmatize(word, upos)
        }
        best = max(counts.get(lemma, 0) for lemma in lemmas | {word})
        if best:
            assert word_frequency(word) == _zipf(best, offset), word


def test_filtered_synonyms_are_sensible(wn) -> None:  # type: ignore[no-untyped-def]
    book_noun = [n for n in names(wn.synonyms("book", "NOUN")) if is_common(n)]
    assert "volume" in book_noun and "Christian Bible" not in book_noun
    can_noun = [n for n in names(wn.synonyms("can", "NOUN")) if is_common(n)]
    assert "commode" not in can_noun


# --- inflection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "upos", "prev", "replacement", "expected"),
    [
        ("booked", "VERB", "I", "reserve", "reserved"),
        ("books", "VERB", "she", "reserve", "reserves"),
        ("booking", "VERB", "am", "reserve", "reserving"),
        ("bigger", "ADJ", None, "large", "larger"),
        ("kids", "NOUN", None, "child", "children"),
        ("purchased", "VERB", "we", "buy", "bought"),
        ("walked", "VERB", None, "run", "ran"),
        ("nicer", "ADJ", None, "good", "better"),
        ("books", "NOUN", None, "credit card", "credit cards"),
        ("searched", "VERB", None, "look up", "looked up"),
    ],
)
def test_inflect_replacement_like_original(
    word: str, upos: str, prev: str | None, replacement: str, expected: str
) -> None:
    penn = form_of(word, upos, prev)
    assert penn is not None
    assert inflect(replacement, penn) == expected


def test_form_of_uses_previous_word() -> None:
    assert form_of("booked", "VERB") == "VBD"
    assert form_of("booked", "VERB", "has") == "VBN"
    assert form_of("booked", "VERB", "was") == "VBN"
    assert form_of("run", "VERB", "had") == "VBN"
    assert form_of("book", "VERB", "to") == "VB"
    assert form_of("book", "VERB", "can") == "VB"
    assert form_of("book", "VERB", "they") == "VBP"
    assert form_of("children", "NOUN") == "NNS"
    assert form_of("biggest", "ADJ") == "JJS"
    assert form_of("faster", "ADV") == "RBR"
    assert form_of("book", "DET") is None


def test_inflect_irregulars_and_periphrasis() -> None:
    assert inflect("buy", "VBD") == "bought"
    assert inflect("child", "NNS") == "children"
    assert inflect("run", "VBD") == "ran"
    assert inflect("good", "JJR") == "better"
    assert inflect("expensive", "JJR") == "more expensive"
    assert inflect("quickly", "RBR") == "more quickly"
    assert inflect("look up", "VBZ") == "looks up"
    assert inflect("book", "XYZ") is None


def test_match_case() -> None:
    assert match_case("Book", "reserve") == "Reserve"
    assert match_case("BOOK", "reserve") == "RESERVE"
    assert match_case("book", "reserve") == "reserve"
    assert match_case("Book", "look up") == "Look up"
    assert match_case("book", "Bible") == "Bible"  # lexicon capitals are kept
    assert match_case("iPhone", "phone") == "phone"


# --- stopwords -----------------------------------------------------------------------


def test_stopwords_and_negations() -> None:
    for word in ("the", "a", "of", "and", "is", "you", "to", "would", "which"):
        assert word in STOPWORDS
    for word in ("book", "flight", "reserve", "cheap"):
        assert word not in STOPWORDS
    for word in ("not", "n't", "no", "never", "nor", "none", "without", "cannot", "hardly"):
        assert word in NEGATIONS
    assert all(w == w.lower() for w in STOPWORDS | NEGATIONS)


# --- inflection table (no lemminflect at run time) -----------------------------------


def test_synonym_replacement_loads_neither_lemminflect_nor_spacy() -> None:
    code = (
        "import sys, textaug\n"
        "from textaug.synonyms import WordNetSynonyms\n"
        "out = WordNetSynonyms(rate=1.0).augment('She booked two rooms for the children', n=2)\n"
        "assert out and all(r.text != 'She booked two rooms for the children' for r in out)\n"
        "assert 'textaug.lexicon.inflect' in sys.modules\n"  # the inflection path ran
        "print(sorted(m for m in ('lemminflect', 'spacy') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"


def test_table_agrees_with_lemminflect_on_2000_pairs() -> None:
    """Where lemminflect's dictionary knows the lemma, the table gives its first spelling
    (or more/most when it lists no synthetic comparative)."""
    import lemminflect  # build-time dependency; CI installs it with the "all" extra

    from textaug.lexicon.inflect import PENN_TAGS, PERIPHRASTIC

    wn = load_wordnet()
    lemmas = {u: [w for w in wn.lemmas(u) if w.isalpha()] for u in PENN_TAGS}
    rng = random.Random(0)
    agree, pairs, shown = 0, 0, []
    while pairs < 2000:
        upos = rng.choice(sorted(PENN_TAGS))
        lemma = rng.choice(lemmas[upos])
        known = lemminflect.getAllInflections(lemma, upos=upos)
        if not known:
            continue  # lemminflect would only guess; the table uses its own rules there
        tag = rng.choice(PENN_TAGS[upos])
        if tag in known:
            expected = known[tag][0]
        elif tag in PERIPHRASTIC:
            expected = f"{PERIPHRASTIC[tag]} {lemma}"
        else:
            continue
        pairs += 1
        got = inflect(lemma, tag)
        agree += got == expected
        if got != expected:
            shown.append((lemma, tag, expected, got))
    assert agree / pairs >= 0.995, shown


@pytest.mark.parametrize(
    ("lemma", "penn", "expected"),
    [
        ("blorp", "NNS", "blorps"),
        ("blorch", "VBZ", "blorches"),
        ("flurry", "NNS", "flurries"),
        ("frobnicate", "VBD", "frobnicated"),
        ("frobnicate", "VBG", "frobnicating"),
        ("untie", "VBG", "untying"),
        ("skree", "VBG", "skreeing"),
        ("blorp", "VBP", "blorp"),
        ("stop", "VBD", "stopped"),  # doubling only where the table says so
        ("visit", "VBD", "visited"),
        ("investigatory", "JJR", "more investigatory"),  # lemminflect: "investigatorier"
        ("brisk", "JJS", "briskest"),
        ("happy", "JJR", "happier"),
        ("Book", "NNS", "Books"),
        ("BOOK", "VBD", "BOOKED"),
    ],
)
def test_inflect_rules_and_table(lemma: str, penn: str, expected: str) -> None:
    assert inflect(lemma, penn) == expected


def test_form_of_reads_regular_forms_the_dictionary_misses() -> None:
    # SPECIALIST lists "casino" and "regard" as uncountable; the regular plural still reads
    assert form_of("casinos", "NOUN", "the", "casino") == "NNS"
    assert form_of("regards", "NOUN", "Best", "regard") == "NNS"
    assert form_of("blorked", "VERB", "they") == "VBD"
    assert form_of("blorked", "VERB", "have") == "VBN"
    assert form_of("proven", "VERB", "has", "prove") is None  # not the base of itself
    assert form_of("rooms", "NOUN", None, "room") == "NNS"
    assert form_of("saw", "VERB", "I", "see") == "VBD"


@given(st.from_regex(r"[a-z]{3,9}", fullmatch=True), st.sampled_from(sorted(PENN_UPOS_TAGS)))
@settings(max_examples=300, deadline=None)
def test_form_of_reads_back_what_inflect_makes(lemma: str, penn: str) -> None:
    from textaug.lexicon.inflect import PENN_UPOS

    upos = PENN_UPOS[penn[:2]]
    form = inflect(lemma, penn)
    assert form is not None
    if " " in form:  # more/most: not one word
        return
    tag = form_of(form, upos, "has" if penn == "VBN" else None, lemma)
    assert tag is not None and inflect(lemma, tag) == form
