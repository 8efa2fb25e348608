"""Character noise: realistic typos that never touch entities, numbers or negations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.guards import (
    NEGATIONS,
    KeepFirstLetter,
    MaxEditsPerWord,
    MinWordLength,
    NotARealWord,
    ProtectEntities,
    ProtectNegations,
    ProtectNumbers,
    edit_distance,
    is_real_word,
    same_letters,
)
from textaug.guards.spelling import is_misspelling_of, joins_another_word
from textaug.noise import (
    CaseNoise,
    CharEdits,
    Homoglyphs,
    KeyboardTypos,
    Misspellings,
    OcrErrors,
    PunctuationNoise,
    WhitespaceNoise,
    ZeroWidth,
    adjacency,
    misspellings,
)
from textaug.recipes import builtin_recipes, load_recipe
from textaug.record import Record, Span
from textaug.registry import from_config, to_config
from textaug.tokens import Kind, tokenize

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

#: Models that change spelling; all guards apply to them.
SPELLING_MODELS = [
    KeyboardTypos(),
    CharEdits(),
    OcrErrors(),
    Homoglyphs(),
    ZeroWidth(),
    Misspellings(),
    KeyboardTypos(layout="azerty"),
    KeyboardTypos(layout="qwertz"),
]
ALL_MODELS = [*SPELLING_MODELS, WhitespaceNoise(), CaseNoise(), PunctuationNoise()]


def entity(text: str, value: str, name: str = "city") -> Span:
    start = text.index(value)
    return Span(start, start + len(value), name)


# --- exact outputs ----------------------------------------------------------------------


def test_keyboard_typos_exact_output_under_a_fixed_seed() -> None:
    text = "I do not want to fly to Boston tomorrow, can you book a flight?"
    record = Record(text, "book", (entity(text, "Boston"),))
    variants = KeyboardTypos(rate=0.2).augment(record, n=2, seed=7)
    assert [v.text for v in variants] == [
        "I do not want to fly to Boston tomorrow, cahn you book a flightr?",
        "I do not want to fly to Boston tomorfrow, can yoi book a flight?",
    ]
    assert all(v.span_text(v.spans[0]) == "Boston" for v in variants)


def test_char_edits_exact_output_under_a_fixed_seed() -> None:
    text = "Please play some relaxing music on Spotify"
    record = Record(text, "play", (entity(text, "Spotify", "service"),))
    (variant,) = CharEdits(rate=0.3).augment(record, seed=3)
    assert variant.text == "Please play some relaving music on Spotify"
    assert variant.ops == ("char_edits:substitute",)


# --- specific meaning guards in action ---------------------------------------------------


def test_not_never_becomes_now() -> None:
    record = Record("I do not know the way")
    for seed in range(300):
        for model in (KeyboardTypos(rate=1.0), CharEdits(rate=1.0), OcrErrors(rate=1.0)):
            for variant in model.augment(record, seed=seed):
                assert " not " in variant.text


def test_form_never_becomes_from_with_the_real_word_guard() -> None:
    record = Record("please fill in the form")
    transpose = CharEdits(rate=1.0, actions=("transpose",))
    outputs = {v.text for seed in range(300) for v in transpose.augment(record, seed=seed)}
    assert not any("from" in text.split() for text in outputs)
    unguarded = CharEdits(rate=1.0, actions=("transpose",), guards=(KeepFirstLetter(),))
    raw = {v.text for seed in range(300) for v in unguarded.augment(record, seed=seed)}
    assert any("from" in text.split() for text in raw)  # the guard is what stops it


def test_a_typoed_word_keeps_its_first_letter() -> None:
    text = "Could you recommend a quiet restaurant near the station tonight"
    for seed in range(200):
        for variant in CharEdits(rate=0.5).augment(text, seed=seed):
            for edit in variant.edits:
                original = text[edit.start : edit.end]
                assert edit.text[0].lower() == original[0].lower()


def test_whitespace_merge_never_touches_an_entity_and_shifts_spans_exactly() -> None:
    text = "show me flights to New York on Monday please"
    spans = (entity(text, "New York"), entity(text, "Monday", "date"))
    record = Record(text, "flight", spans)
    merge = WhitespaceNoise(rate=1.0, actions=("merge",))
    seen = 0
    for seed in range(100):
        for variant in merge.augment(record, seed=seed):
            seen += 1
            assert [variant.span_text(s) for s in variant.spans] == ["New York", "Monday"]
    assert seen > 0


def test_punctuation_noise_drops_apostrophes_of_negations() -> None:
    record = Record("I don't want it.")
    outputs = {
        v.text
        for seed in range(50)
        for v in PunctuationNoise(actions=("drop_apostrophe",)).augment(record, seed=seed)
    }
    assert outputs == {"I dont want it."}


def test_dropping_an_apostrophe_never_joins_a_contraction_into_another_word() -> None:
    text = "we're sure we'll go, she'll see he'll say I'd ask, let's hope it's fine"
    drop = PunctuationNoise(rate=1.0, actions=("drop_apostrophe",))
    ctx = Context.for_record(0, 0)
    assert drop.transform(Record(text), ctx) is None
    assert ctx.tally["guard not_a_real_word"] == 7  # were, well, shell, hell, Id, lets, its


def test_dropping_an_apostrophe_still_makes_the_common_non_words() -> None:
    text = "I don't know what's that, I'm sure they're fine"
    drop = PunctuationNoise(rate=1.0, actions=("drop_apostrophe",))
    (variant,) = drop.augment(text, seed=0)
    assert variant.text == "I dont know whats that, Im sure theyre fine"
    assert variant.ops == ("punctuation_noise:drop_apostrophe",)


def test_char_edits_never_turn_the_into_the_real_word_tho() -> None:
    substitute = CharEdits(rate=1.0, actions=("substitute",))
    outputs = {v.text for seed in range(500) for v in substitute.augment("the", seed=seed)}
    assert "tho" not in outputs and len(outputs) > 10


def test_misspellings_that_are_also_words_are_still_made_for_their_own_word() -> None:
    outputs = {v.text for seed in range(20) for v in Misspellings().augment("calendar", seed=seed)}
    assert outputs == {"calender"}  # a word too (a pressing machine), and listed for "calendar"


def test_case_noise_lowercases_everything_but_entities() -> None:
    text = "Book A Table At Joe's Diner"
    record = Record(text, "book", (entity(text, "Joe's Diner", "restaurant"),))
    (variant,) = CaseNoise(actions=("lower",)).augment(record)
    assert variant.text == "book a table at Joe's Diner"


def test_misspellings_come_from_the_shipped_list() -> None:
    table = misspellings()
    assert len(table) > 250
    assert "recieve" in table["receive"] and "definately" in table["definitely"]
    guard = NotARealWord()
    for word, wrong in table.items():  # each listed misspelling passes for its own word
        record = Record(word)
        (token,) = tokenize(word)
        assert all(guard.allows_change(record, token, w) for w in wrong if " " not in w), word
    (variant,) = Misspellings().augment("We will receive it tomorrow", seed=1)
    assert variant.text in {
        f"We will {a} it {b}"
        for a in ("receive", *table["receive"])
        for b in ("tomorrow", *table["tomorrow"])
    }


def test_ocr_confuses_in_both_directions() -> None:
    model = OcrErrors(rate=1.0, guards=())
    outputs = {v.text for seed in range(300) for v in model.augment("modern", seed=seed)}
    assert "rnodern" in outputs  # m -> rn
    assert "modem" in outputs  # rn -> m


def test_keyboard_layouts_are_data_and_neighbours_are_adjacent_keys() -> None:
    assert set(adjacency("qwerty")["s"]) == set("adwezx")
    assert "a" in adjacency("azerty")["z"]
    assert "t" in adjacency("qwertz")["z"]
    with pytest.raises(ConfigError, match="layout"):
        KeyboardTypos(layout="dvorak-ish")


def test_capital_keys_are_one_character_and_next_to_each_other() -> None:
    for layout in ("qwerty", "azerty", "qwertz"):
        table = adjacency(layout)
        assert all(len(key) == 1 for key in table), layout
        for key, near in table.items():
            assert len(near) == len(table[key.lower()]), (layout, key)
    assert adjacency("qwertz")["P"] == "OÜßLÖ"  # "ß".upper() is "SS": ß stays ß


def test_invalid_actions_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="actions"):
        CharEdits(actions=("explode",))
    with pytest.raises(ConfigError, match="rate"):
        KeyboardTypos(rate=2.0)


def test_noise_configs_round_trip_with_custom_guards() -> None:
    model = KeyboardTypos(rate=0.2, guards=(ProtectEntities(), MaxEditsPerWord(1)))
    config = to_config(model)
    assert config == {
        "name": "keyboard_typos",
        "rate": 0.2,
        "guards": [{"name": "protect_entities"}, {"name": "max_edits_per_word", "max_edits": 1}],
    }
    assert from_config(config) == model
    assert to_config(KeyboardTypos()) == {"name": "keyboard_typos"}


def test_adversarial_models_are_in_no_builtin_recipe() -> None:
    text = json.dumps(builtin_recipes())
    assert "homoglyphs" not in text and "zero_width" not in text
    assert "ADVERSARIAL" in (Homoglyphs.__doc__ or "")
    assert "ADVERSARIAL" in (ZeroWidth.__doc__ or "")


def test_phone_typing_recipe_builds_and_keeps_entities() -> None:
    recipe = load_recipe("phone_typing")
    text = "I don't want to fly to Boston tomorrow, can you book a flight?"
    record = Record(text, "book", (entity(text, "Boston"),))
    variants = recipe.augment(record, n=5, seed=2)
    assert len(variants) == 5
    assert all(v.span_text(v.spans[0]) == "Boston" for v in variants)


# --- 10,000 variants: negations, entities and real words ---------------------------------

_TEMPLATES = [
    "I do not want to fly to {}", "please don't book anything in {}",
    "never send me offers for {}", "I cannot find a hotel near {}",
    "we would rather not travel through {} this summer", "there is no train to {} tonight",
    "why isn't the weather in {} showing", "nobody wants the cheapest ticket to {}",
    "do not play songs by {} again", "it is not raining in {} right now",
    "show me flights to {} without a layover", "I didn't ask for restaurants in {}",
    "add this track to my {} playlist but not the album", "neither Tuesday nor Friday works in {}",
    "play something relaxing, but nothing from {}", "I won't be visiting {} next weekend",
    "book a table for four in {} and not outside", "what is the forecast for {} tomorrow morning",
    "the museum in {} is not open on Mondays", "remind me never to eat at {} again",
]  # fmt: skip
_VALUES = ["Boston", "San Francisco", "Kraków", "the Beatles", "Chill Vibes"]


def _negation_sentences() -> list[Record]:
    records = []
    for template in _TEMPLATES:
        for value in _VALUES:
            text = template.format(value)
            records.append(Record(text, None, (entity(text, value),)))
    return records


def _replayed(text: str, variant: Record) -> list[tuple[str, str, str]]:
    """(replaced text, new text, op) of each edit, replaying them in stored order."""
    pieces = []
    for edit in variant.edits:
        pieces.append((text[edit.start : edit.end], edit.text, edit.op))
        text = text[: edit.start] + edit.text + text[edit.end :]
    assert text == variant.text
    return pieces


def test_ten_thousand_variants_keep_negations_entities_and_make_no_real_words() -> None:
    records = _negation_sentences()
    assert len(records) == 100
    models = [KeyboardTypos(rate=0.3), CharEdits(rate=0.3), OcrErrors(rate=0.3),
              load_recipe("phone_typing")]  # fmt: skip
    made = 0
    for seed in range(100):
        model = models[seed % len(models)]
        for index, record in enumerate(records):
            for variant in model.augment(record, seed=seed, index=index):
                made += 1
                assert [variant.span_text(s) for s in variant.spans] == _span_texts(record)
                for before, after, _ in _replayed(record.text, variant):
                    if not same_letters(before, after):
                        assert before.lower() not in NEGATIONS, (before, after)
                        assert not is_real_word(after) or is_misspelling_of(before, after)
                    else:
                        assert not joins_another_word(before, after), (before, after)
    assert made > 9_000


def _span_texts(record: Record) -> list[str]:
    return [record.span_text(s) for s in record.spans]


def test_snips_entities_survive_phone_typing() -> None:
    recipe = load_recipe("phone_typing")
    lines = (SHARED / "data" / "intents" / "snips" / "test.jsonl").read_text("utf-8")
    checked = 0
    for index, line in enumerate(lines.splitlines()[:300]):
        row = json.loads(line)
        text = row["text"]
        spans = tuple(Span(e["start"], e["end"], e["entity"]) for e in row["entities"])
        if any(s.end > len(text) for s in spans):
            continue
        record = Record(text, row["intent"], spans)
        for variant in recipe.augment(record, n=2, seed=0, index=index):
            assert _span_texts(variant) == _span_texts(record)
            checked += 1
    assert checked > 400


# --- properties over generated text ------------------------------------------------------

_ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "éèàüöäçñßøå",
    "абвгдежзик", "αβγδεζηθ", "مرحبابالعالم", "שלוםעולם", "漢字仮名",
]  # fmt: skip
_word = st.one_of(
    st.sampled_from(
        [
            "not",
            "don't",
            "cannot",
            "never",
            "Boston",
            "42",
            "8pm",
            "e\u0301te",
            "naïve",
            "😀",
            "👍🏽",
            "form",
            "flight",
            "https://x.io/a",
            "a@b.co",
        ]
    ),
    st.sampled_from(_ALPHABETS).flatmap(lambda a: st.text(alphabet=a, min_size=1, max_size=9)),
)
_sentence = st.lists(
    st.tuples(_word, st.sampled_from([" ", " ", "  ", ", ", "? ", ". ", "\n"])),
    min_size=1,
    max_size=12,
).map(lambda pairs: "".join(w + sep for w, sep in pairs).rstrip())


@st.composite
def _records(draw: st.DrawFn) -> Record:
    text = draw(_sentence)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6))))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if start < end:
            spans.append(Span(start, end, "ent"))
    return Record(text, "label", tuple(spans))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=_records(), seed=st.integers(0, 2**32), which=st.integers(0, len(ALL_MODELS) - 1))
def test_noise_keeps_entities_protected_tokens_and_bounds(
    record: Record, seed: int, which: int
) -> None:
    model = ALL_MODELS[which]
    variants = model.augment(record, n=2, seed=seed)
    assert variants == model.augment(record, n=2, seed=seed)  # deterministic
    protected = _protected_tokens(record)
    for variant in variants:
        assert _span_texts(variant) == _span_texts(record)
        for edit in variant.edits:  # one call: every edit is in original offsets
            before = record.text[edit.start : edit.end]
            for start, end, exact in protected:
                if edit.end <= start or edit.start >= end or edit.start == edit.end == end:
                    continue
                assert not exact and same_letters(before, edit.text)  # case of a negation
            if model in SPELLING_MODELS:
                assert len(before) >= 3 and edit_distance(before, edit.text) <= 2
                assert edit.text[0].lower() == before[0].lower()


def _protected_tokens(record: Record) -> list[tuple[int, int, bool]]:
    """Tokens the default guards protect: entities and numbers byte-exact (True),
    negations letter-exact (False: their case or apostrophe may change)."""
    exact = (ProtectEntities(), ProtectNumbers())
    found = []
    for t in tokenize(record.text):
        if t.kind == Kind.PUNCT:
            continue
        if not all(g.allows_token(record, t) for g in exact):
            found.append((t.start, t.end, True))
        elif not ProtectNegations().allows_token(record, t):
            found.append((t.start, t.end, False))
    return found


@settings(max_examples=25, deadline=None)
@given(record=_records(), seed=st.integers(0, 2**32))
def test_unguarded_noise_still_keeps_spans_consistent(record: Record, seed: int) -> None:
    for model in (CharEdits(rate=1.0, guards=()), WhitespaceNoise(rate=1.0, guards=()),
                  PunctuationNoise(rate=1.0, guards=())):  # fmt: skip
        for variant in model.augment(record, seed=seed):
            assert len(variant.spans) == len(record.spans)


def test_min_word_length_and_guards_are_counted_in_the_tally() -> None:
    ctx = Context.for_record(0, 0)
    model = KeyboardTypos(guards=(MinWordLength(3), NotARealWord()))
    assert model.transform(Record("go to it"), ctx) is None
    assert ctx.tally == {"guard min_word_length": 3, "keyboard_typos: no eligible word": 1}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(word=_word, seed=st.integers(0, 2**32))
def test_models_that_declare_one_edit_per_spelling_make_exactly_that(word: str, seed: int) -> None:
    # a declared edits_per_spelling lets the noise loop skip max_edits_per_word: it must hold
    rng = Context.for_record(seed, 0).rng
    for model in (KeyboardTypos(), CharEdits()):
        assert model.edits_per_spelling == 1
        proposal = model.noisy(word, rng)
        if proposal is not None:
            assert edit_distance(word, proposal[0]) <= 1, (model.name, word, proposal)


def test_refusals_counted_in_a_batch_reach_the_tally_when_read() -> None:
    ctx = Context.for_record(0, 0)
    assert ctx.counted() is None  # nothing refused: no tally made
    ctx.refused(["guard a", "guard b"])
    ctx.refused(["guard a"])
    ctx.refuse("guard b")
    ctx.tally["guard c"] += 1
    assert ctx.counted() == {"guard a": 2, "guard b": 2, "guard c": 1}


def test_a_dropped_mark_takes_the_spaces_before_it() -> None:
    drop = PunctuationNoise(rate=1.0, actions=("drop_mark",))
    assert [v.text for v in drop.augment("any bar in the neighbourhood ?")] == [
        "any bar in the neighbourhood"
    ]
    assert [v.text for v in drop.augment("tea , coffee , juice")] == ["tea coffee juice"]
    assert [v.text for v in drop.augment("done.")] == ["done"]
    # a mark that opens a line, or follows an entity's space, keeps what is before it
    assert [v.text for v in drop.augment("hi\n? ok")] == ["hi\n ok"]
    spaced = Record("play Jazz Hits ! now", None, (Span(5, 15, "playlist"),))
    assert [v.text for v in drop.augment(spaced)] == ["play Jazz Hits  now"]


def test_without_written_w_slash_o_is_a_negation_noise_never_turns_into_with() -> None:
    text = "a large pizza w/o onions"
    for seed in range(40):
        for variant in CharEdits().augment(text, n=3, seed=seed):
            assert "w/o" in variant.text, variant.text


@pytest.mark.parametrize("text", ["?", " ?", "!!"])
def test_no_variant_is_blank(text: str) -> None:
    for seed in range(20):
        assert all(v.text.strip() for v in PunctuationNoise().augment(text, n=3, seed=seed))
