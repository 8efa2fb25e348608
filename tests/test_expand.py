"""textaug expand: plan, dedup, cap, provenance, report, determinism across workers."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textaug.augmenter import Augmenter, Context
from textaug.cli import main
from textaug.errors import ConfigError
from textaug.expand import (
    NEAR_DUPLICATE,
    DigestSet,
    Plan,
    digest,
    diversity,
    expand_records,
    normalise,
    recipe_config,
)
from textaug.io import read_records
from textaug.record import Edit, Record
from textaug.registry import from_config

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "expand" / "tiny.jsonl"
CORPUS = ROOT / "corpora" / "intents.jsonl"


def test_normalise_folds_case_punctuation_and_spaces() -> None:
    assert normalise("  Book a  TABLE, please!  ") == "book a table please"
    assert normalise("don't") == normalise("Dont") == "dont"
    assert normalise("re-book") == "re book"


def test_near_duplicates_ignore_every_kind_of_spacing_and_punctuation() -> None:
    # README: "exact and near duplicates are dropped (casefolded, punctuation and spacing
    # ignored)"; "_" is punctuation too, though the regex class \w counts it as a letter
    key = digest("book a flight")
    for text in (
        "book  a flight",
        "book\ta flight",
        "book a flight ?",
        "Book_a_flight",
        "book a_flight",
    ):
        assert digest(text) == key, text


def test_near_duplicates_ignore_unicode_normalisation() -> None:
    # "café" with a precomposed é and with e + combining acute, full-width letters and
    # ligatures are the same utterance to a user, so the same to dedup (NFKC)
    assert digest("caf\u00e9 au lait") == digest("cafe\u0301 au lait")
    assert digest("Ｂｏｏｋ ａ ﬂight，ｐｌｅａｓｅ") == digest("book a flight, please")
    assert digest("\u0390") == digest("\u03aa\u0301")  # casefolding, then recomposing
    assert normalise("cafe\u0301") == "caf\u00e9"
    assert digest("cafe") != digest("caf\u00e9")  # accents still count


def _full_width(text: str) -> str:
    """``text`` with its printable ASCII in full-width forms ("book" -> "ｂｏｏｋ")."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@dataclass(frozen=True)
class _Reencode(Augmenter):
    """Rewrites the whole text in another Unicode form: decomposed (NFD) or full-width."""

    def transform(self, record: Record, ctx: Context) -> Record | None:
        form = ctx.rng.choice([unicodedata.normalize("NFD", record.text), _full_width(record.text)])
        return record.apply([Edit(0, len(record.text), form, op="reencode")])


def test_a_variant_that_only_reencodes_its_original_is_a_near_duplicate() -> None:
    records = [Record("caf\u00e9 au lait", "order"), Record("cr\u00e8me br\u00fbl\u00e9e", "order")]
    rows, report = expand_records(records, _Reencode(), per_intent=4, seed=0)
    assert [r.text for r in rows] == [r.text for r in records]
    assert report.tally[NEAR_DUPLICATE] > 0


def test_plan_spreads_each_intent_evenly_and_exactly() -> None:
    plan = Plan.make({"a": 4, "b": 10}, per_intent=10)
    assert [plan.quota("a", r) for r in range(4)] == [1, 2, 1, 2]
    assert [plan.quota("b", r) for r in range(10)] == [0] * 10
    assert plan.max_per_original == 4  # twice the largest even share, ceil(6 / 4) = 2
    assert Plan.make({"a": 4}, factor=2.5).targets == {"a": 10}


def test_factor_targets_round_half_up() -> None:
    # Python's round() gave 3 x 1.5 = 4.5 -> 4 but 5 x 1.5 = 7.5 -> 8 (half to even)
    plan = Plan.make({"a": 3, "b": 5, "c": 1, "d": 10}, factor=1.5)
    assert plan.targets == {"a": 5, "b": 8, "c": 2, "d": 15}
    # 10 x 1.15 is 11.5 as written, though the binary float product is 11.4999...
    assert Plan.make({"a": 10}, factor=1.15).targets == {"a": 12}


def test_expand_help_says_how_factor_rounds(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["expand", "--help"])
    assert "rounded half up" in " ".join(capsys.readouterr().out.split())


@settings(deadline=None)
@given(
    st.integers(min_value=1, max_value=60),
    st.integers(min_value=0, max_value=500),
)
def test_quotas_add_up_and_differ_by_at_most_one(n: int, target: int) -> None:
    plan = Plan.make({"x": n}, per_intent=target, max_per_original=10_000)
    quotas = [plan.quota("x", r) for r in range(n)]
    assert sum(quotas) == max(0, target - n)
    assert max(quotas) - min(quotas) <= 1


def test_plan_rejects_bad_settings() -> None:
    with pytest.raises(ConfigError, match="exactly one"):
        Plan.make({"a": 1}, per_intent=3, factor=2.0)
    with pytest.raises(ConfigError, match="at least 1"):
        Plan.make({"a": 1}, factor=0.5)


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(min_value=1, max_value=2**64 - 1), max_size=2000))
def test_digest_set_behaves_like_a_set(values: list[int]) -> None:
    table, reference = DigestSet(4), set()
    for value in values:
        assert table.add(value) == (value not in reference)
        reference.add(value)
    assert len(table) == len(reference)
    assert all(v in table for v in reference)


def test_diversity_on_a_hand_checked_case() -> None:
    # tokens: {book, a, table} and {book, a, flight}: Jaccard 2/4; 4 distinct of 6 unigrams;
    # bigrams (book a) (a table) (book a) (a flight): 3 distinct of 4.
    assert diversity(["Book a table.", "book a flight"]) == {
        "rows": 2,
        "distinct_1": round(4 / 6, 4),
        "distinct_2": 0.75,
        "self_similarity": 0.5,
    }


def test_hand_checked_expansion_of_the_tiny_fixture() -> None:
    records = list(read_records(str(TINY)))
    rows, report = expand_records(
        records, from_config({"name": "random_swap"}), per_intent=4, seed=3
    )
    assert [r.text for r in rows] == [
        "book a table for two tonight",
        "book table a for two tonight",  # "for" gives "two" its role: it stays
        "reserve a table at Luigi's please",
        "a reserve table at Luigi's please",
        "hello there my friend",
        "hello there friend my",
        "hello my there friend",
        "friend there my hello",
    ]
    assert [r.meta.get("textaug", {}).get("parent") for r in rows] == [
        None,
        0,
        None,
        1,
        None,
        2,
        2,
        2,
    ]
    assert rows[1].meta["textaug"]["ops"] == ["random_swap"]
    assert rows[1].spans[0].entity == "party_size"
    assert rows[1].span_text(rows[1].spans[0]) == "two"
    data = report.to_dict()
    assert data["totals"] == {"originals": 3, "variants": 5, "output": 8}
    assert data["max_per_original"] == 6  # twice ceil(3 missing / 1 original)
    book, greet = data["intents"]["book"], data["intents"]["greet"]
    assert (book["before"], book["target"], book["after"], book["shortfall"]) == (2, 4, 4, 0)
    assert book["max_variants_per_original"] == 1
    assert (greet["before"], greet["after"], greet["max_variants_per_original"]) == (1, 4, 3)
    assert greet["diversity_before"] == {
        "rows": 1,
        "distinct_1": 1.0,
        "distinct_2": 1.0,
        "self_similarity": 0.0,
    }
    # four orders of the same four words: every pair shares every token.
    assert greet["diversity_after"]["self_similarity"] == 1.0
    assert data["candidates"]["accepted"] == 5
    assert data["examples"]["random_swap"][0] == {
        "original": "book a table for two tonight",
        "variant": "book table a for two tonight",
    }


def test_cap_limits_variants_per_original_and_reports_the_shortfall() -> None:
    records = list(read_records(str(TINY)))
    rows, report = expand_records(
        records, from_config({"name": "random_swap"}), per_intent=6, seed=1, max_per_original=2
    )
    per_parent = Counter(r.meta["textaug"]["parent"] for r in rows if "textaug" in r.meta)
    assert max(per_parent.values()) == 2
    greet = report.to_dict()["intents"]["greet"]
    assert (greet["after"], greet["shortfall"]) == (3, 3)


def test_near_duplicates_are_dropped_and_tallied() -> None:
    records = list(read_records(str(TINY)))
    # Punctuation insertion only adds marks: every candidate normalises to its original.
    rows, report = expand_records(
        records, from_config({"name": "punctuation_insertion"}), per_intent=3, seed=0
    )
    assert len(rows) == 3
    assert report.tally["expand: near duplicate (normalised text already in the output)"] > 0


def _expand(tmp_path: Path, name: str, *extra: str) -> tuple[Path, Path]:
    out, report = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.json"
    argv = [
        "expand", str(CORPUS), "-o", str(out), "--per-intent", "16", "--seed", "7",
        "--report", str(report), "--no-progress", "-q", *extra,
    ]  # fmt: skip
    assert main(argv) == 0
    return out, report


def test_cli_end_to_end_on_the_sample_corpus(tmp_path: Path) -> None:
    out, report_path = _expand(tmp_path, "one")
    originals = CORPUS.read_text(encoding="utf-8").splitlines()
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    # Originals: byte-identical lines, in input order.
    assert [
        line for line, row in zip(lines, rows, strict=True) if "textaug" not in row
    ] == originals
    counts = Counter(row["intent"] for row in rows)
    report = json.loads(report_path.read_text())
    # "good evening :)" and "ok bye 👋" end their intents and have no variant but a
    # stutter ("good good evening"), which random_insertion never makes: 1 short each.
    short = {name: s["shortfall"] for name, s in report["intents"].items() if s["shortfall"]}
    assert short == {"greet": 1, "goodbye": 1}
    assert all(counts[name] == 16 - short.get(name, 0) for name in counts)
    keys = [normalise(row["text"]) for row in rows]
    variant_keys = [k for k, row in zip(keys, rows, strict=True) if "textaug" in row]
    assert len(set(variant_keys)) == len(variant_keys)
    assert not set(variant_keys) & {normalise(json.loads(line)["text"]) for line in originals}
    cap = report["max_per_original"]
    per_parent = Counter(row["textaug"]["parent"] for row in rows if "textaug" in row)
    assert max(per_parent.values()) <= cap
    for row in rows:
        if "textaug" in row:
            parent = json.loads(originals[row["textaug"]["parent"]])
            assert parent["intent"] == row["intent"]
            assert row["textaug"]["ops"]
    assert report["totals"] == {"originals": 96, "variants": 158 - 96, "output": 158}
    for name, intent in report["intents"].items():
        assert intent["after"] == counts[name] == intent["target"] - intent["shortfall"]
        assert set(intent["diversity_after"]) == {
            "rows",
            "distinct_1",
            "distinct_2",
            "self_similarity",
        }
    assert report["examples"]
    assert report["recipe"]["name"]


def test_cli_output_is_identical_with_one_and_two_workers(tmp_path: Path) -> None:
    one, report_one = _expand(tmp_path, "w1", "--workers", "1")
    two, report_two = _expand(tmp_path, "w2", "--workers", "2", "--batch-size", "7")
    assert one.read_bytes() == two.read_bytes()
    first, second = json.loads(report_one.read_text()), json.loads(report_two.read_text())
    first.pop("output"), second.pop("output")
    assert first == second


def test_cli_refuses_stdin(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["expand", "-", "--per-intent", "3"]) == 1
    assert "reads its input twice" in capsys.readouterr().err


def test_expand_recipe_keeps_entity_slots_and_moves_only_names_across_intents() -> None:
    from textaug.slots import is_name_like

    records = list(read_records(str(CORPUS)))
    intents_of: dict[tuple[str, str], set[str | None]] = {}
    for record in records:
        for span in record.spans:
            intents_of.setdefault((span.entity, record.span_text(span)), set()).add(record.label)
    rows, _ = expand_records(records, recipe_config("expand"), per_intent=16, seed=5)
    variants = [r for r in rows if "textaug" in r.meta]
    assert len(variants) == 160 - 96 - 2  # greet and goodbye are 1 short, as above
    swapped = inserted = 0
    for variant in variants:
        parent = records[variant.meta["textaug"]["parent"]]
        assert [s.entity for s in variant.spans] == [s.entity for s in parent.spans]
        for old, new in zip(parent.spans, variant.spans, strict=True):
            value = variant.span_text(new)
            if value == parent.span_text(old):
                continue
            swapped += 1
            seen_in = intents_of[new.entity, value]  # a value of the same slot in the data
            assert variant.label in seen_in or is_name_like(value), (variant.text, value)
        # a variant that repeats a word of its parent has one more word outside entities
        if variant.meta["textaug"]["ops"][0] == "random_insertion":
            inserted += 1
            assert len(_words_outside(variant)) > len(_words_outside(parent))
    assert swapped > 10
    # all but those of texts where every insertion would be a stutter ("good good evening")
    assert inserted >= 0.9 * len(variants)


def _words_outside(record: Record) -> list[str]:
    """The record's words outside its entities (marks, which noise may drop, left out)."""
    text, end = "", 0
    for span in record.spans:
        text += record.text[end : span.start] + " "
        end = span.end
    return [w for w in (text + record.text[end:]).split() if any(c.isalpha() for c in w)]


def test_expand_slots_recipe_swaps_values_seen_in_the_same_slot() -> None:
    records = list(read_records(str(CORPUS)))
    seen: dict[str, set[str]] = {}
    for record in records:
        for span in record.spans:
            seen.setdefault(span.entity, set()).add(record.span_text(span))
    rows, _ = expand_records(records, recipe_config("expand_slots"), per_intent=24, seed=5)
    swapped = 0
    for variant in (r for r in rows if "textaug" in r.meta):
        parent = records[variant.meta["textaug"]["parent"]]
        assert variant.label == parent.label
        assert [s.entity for s in variant.spans] == [s.entity for s in parent.spans]
        for span, before in zip(variant.spans, parent.spans, strict=True):
            value = variant.span_text(span)
            assert value in seen[span.entity]
            swapped += value != parent.span_text(before)
    assert swapped > 40  # 81 of the values in 144 variants with this seed


@pytest.mark.parametrize("out_name", ["out.jsonl", "out.txt", "out.csv"])
def test_cli_skip_invalid_works_for_every_output_format(tmp_path: Path, out_name: str) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"text": "book a flight to paris", "intent": "fly"}\n{oops\n'
        '{"text": "hello there my friend", "intent": "greet"}\n',
        encoding="utf-8",
    )
    out = tmp_path / out_name
    args = ["expand", str(source), "-o", str(out), "--per-intent", "2", "--skip-invalid", "-q"]
    assert main([*args, "--no-progress"]) == 0
    texts = [r.text for r in read_records(str(out))]
    assert texts[0] == "book a flight to paris" and "hello there my friend" in texts


def test_cli_checks_output_paths_before_doing_any_work(
    corpus_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    report = tmp_path / "missing" / "report.json"
    args = ["expand", str(corpus_path), "-o", str(out), "--per-intent", "12"]
    assert main([*args, "--report", str(report), "--no-progress"]) == 1
    assert "the output directory does not exist" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("factor", [float("inf"), float("nan"), 0.5])
def test_plan_refuses_a_factor_that_is_not_a_finite_number_of_at_least_one(factor: float) -> None:
    with pytest.raises(ConfigError, match="factor must be a finite number, at least 1"):
        Plan.make({"greet": 3}, factor=factor)


def test_valueless_slot_swaps_are_dropped_wherever_they_sit_unless_nothing_is_left() -> None:
    from textaug.expand import without_slot_swap

    config = recipe_config("expand")
    names = [step.get("augmenter", step)["name"] for step in without_slot_swap(config)["steps"]]
    assert "slot_swap" not in names and "random_insertion" in names
    swap = {"name": "sometimes", "augmenter": {"name": "slot_swap"}}
    alone = {"name": "one_of", "choices": [swap]}
    assert without_slot_swap(alone) == alone  # nothing else to run: kept, and it says why


def test_an_intent_grown_from_one_utterance_is_warned_about() -> None:
    records = [
        Record("book a table for two tonight", "book"),
        *(Record(t, "weather") for t in ("weather in Paris", "rain in Oslo tomorrow", "is it hot")),
    ]
    _, report = expand_records(records, from_config({"name": "random_swap"}), per_intent=4, seed=1)
    summary, data = report.summary(), report.to_dict()
    assert data["intents"]["book"]["variants"] == 3
    assert data["warnings"] == [
        "book: all 3 variants rewrite its one original (self-similarity "
        f"{data['intents']['book']['diversity_after']['self_similarity']:.2f}); "
        "add a few more examples"
    ]
    assert summary.endswith(data["warnings"][0])


def test_crlf_and_bom_input_keeps_each_original_line_with_a_newline_end(tmp_path: Path) -> None:
    """What the README promises for "byte for byte": the line's bytes, ended by \\n."""
    lines = [
        '{"text": "book a table for two tonight", "intent": "book", "x": 1}',
        '{"text":"play some  jazz  music please","intent":"play"}',
        '{"text": "book me a hotel room for friday", "intent": "book"}',
        '{"text": "play the new album by adele", "intent": "play"}',
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    out = tmp_path / "out.jsonl"
    assert main(["expand", str(source), "-o", str(out), "--per-intent", "4", "--no-progress"]) == 0
    written = out.read_bytes()
    assert b"\r" not in written and not written.startswith(b"\xef\xbb\xbf")
    assert [line for line in written.decode().splitlines() if line in lines] == lines
