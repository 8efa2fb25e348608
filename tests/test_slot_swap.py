"""slot_swap: entity values replaced within their slot, spans exact, label unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textaug.augmenter import Context
from textaug.errors import ConfigError
from textaug.record import Record, Span
from textaug.registry import from_config
from textaug.slots import SlotSwap, slot_values_from_records

SHIPPED = Path(__file__).resolve().parents[1] / "templates"

FLIGHT = Record(
    "fly from NYC to NYC tomorrow",
    "book_flight",
    (
        Span(9, 12, "city", "from", canonical="New York"),
        Span(16, 19, "city", "to", canonical="New York"),
        Span(20, 28, "date"),
    ),
)


def test_swaps_values_from_a_mapping_with_exact_spans_and_same_label() -> None:
    swap = SlotSwap(
        values={"city": ["Paris", "a.b*c (d)?", "LA => Los Angeles"]}, entities=("city",)
    )
    variants = swap.augment(FLIGHT, 5, seed=1)
    assert variants
    for variant in variants:
        assert variant.label == "book_flight"
        cities = [variant.text[s.start : s.end] for s in variant.spans if s.entity == "city"]
        assert all(c in {"NYC", "Paris", "a.b*c (d)?", "LA"} for c in cities)
        assert variant.text[variant.spans[2].start : variant.spans[2].end] == "tomorrow"
        assert [s.role for s in variant.spans] == ["from", "to", None]


def test_exact_output_under_a_fixed_seed() -> None:
    swap = SlotSwap(values={"city": ["Paris", "LA => Los Angeles"]})
    variant = swap.augment(FLIGHT, 1, seed=0)[0]
    assert variant.text == "fly from Paris to LA tomorrow"
    assert [(s.start, s.end, s.canonical) for s in variant.spans] == [
        (9, 14, None),
        (18, 20, "Los Angeles"),
        (21, 29, None),
    ]


def test_canonical_is_replaced_or_dropped_with_the_new_value() -> None:
    swap = SlotSwap(values={"city": ["Paris", "Rome"]}, entities=("city",))
    variant = swap.augment(FLIGHT, 1, seed=3)[0]
    assert variant.text == "fly from Paris to Rome tomorrow"
    assert [s.canonical for s in variant.spans] == [None, None, None]


def test_a_swap_never_repeats_a_value_already_in_the_record() -> None:
    trip = Record("fly from Boston to Denver", None, (Span(9, 15, "city"), Span(19, 25, "city")))
    swap = SlotSwap(values={"city": ["Boston", "Denver", "Paris"]}, max_ops=1)
    variants = {v.text for s in range(10) for v in swap.augment(trip, 3, seed=s)}
    assert variants == {"fly from Paris to Denver", "fly from Boston to Paris"}
    lone = SlotSwap(values={"city": ["Boston", "Denver"]})
    assert lone.augment(trip, 1, seed=0) == []  # "from Denver to Denver" is no variant


def test_values_from_the_template_slot_lists() -> None:
    swap = from_config({"name": "slot_swap", "path": str(SHIPPED), "entities": ["date"]})
    dates = set((SHIPPED / "slots" / "date.txt").read_text().split("\n"))
    for variant in swap.augment(FLIGHT, 4, seed=2):
        date = variant.spans[2]
        assert variant.text[date.start : date.end] in dates
        assert variant.text[: variant.spans[1].end] == "fly from NYC to NYC"


def test_values_seen_in_the_data() -> None:
    other = Record("weather in Zürich", "check_weather", (Span(11, 17, "city"),))
    values = slot_values_from_records([FLIGHT, other])
    assert values == {"city": ["NYC => New York", "Zürich"], "date": ["tomorrow"]}
    variant = SlotSwap(values=values).augment(other, 1, seed=0)[0]
    assert variant.text == "weather in NYC"
    assert variant.spans == (Span(11, 14, "city", canonical="New York"),)


def test_no_alternative_value_yields_nothing_and_says_why() -> None:
    ctx = Context.for_record(0, 0)
    swap = SlotSwap(values={"city": ["nyc"]}, entities=("city",))
    assert swap.transform(FLIGHT, ctx) is None
    assert ctx.tally["slot_swap: no entity with another known value"] == 1


def test_deterministic_and_round_trips_through_config() -> None:
    swap = SlotSwap(values={"city": ["Paris", "Rome", "Oslo"]}, rate=0.5)
    again = from_config(swap.to_config())
    assert again == swap
    assert swap.augment(FLIGHT, 3, seed=9) == again.augment(FLIGHT, 3, seed=9)


def test_without_values_nothing_is_swapped() -> None:
    assert SlotSwap().augment(FLIGHT, 2) == []


def test_malformed_values_are_refused() -> None:
    with pytest.raises(ConfigError, match="list of strings"):
        SlotSwap(values={"city": "Paris"})


values_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Co", "Zl", "Zp", "Cc")),
    min_size=1,
    max_size=12,
).filter(lambda v: v.strip() == v and "=>" not in v and " " * 2 not in v)


@settings(max_examples=60, deadline=None)
@given(st.lists(values_text, min_size=1, max_size=5, unique=True), st.integers(0, 1000))
def test_any_values_keep_spans_exact(values: list[str], seed: int) -> None:
    swap = SlotSwap(values={"city": values, "date": values})
    for variant in swap.augment(FLIGHT, 2, seed=seed):
        assert variant.label == FLIGHT.label
        for span in variant.spans:
            # values are the text written (this strategy draws them trimmed already)
            assert variant.text[span.start : span.end] in {*values, "NYC", "tomorrow"}


def test_an_article_before_the_value_agrees_with_the_new_value() -> None:
    swap = SlotSwap(values={"item": ["track", "album", "hour-long mix", "EP"]})
    record = Record("Add a track to An Indie Mix", "AddToPlaylist", (Span(6, 11, "item"),))
    seen = {}
    for seed in range(20):
        for v in swap.augment(record, 3, seed=seed):
            seen[v.span_text(v.spans[0])] = v.text
            assert v.text.endswith(" to An Indie Mix")  # only the article before the value moves
    assert seen == {
        "album": "Add an album to An Indie Mix",
        "hour-long mix": "Add an hour-long mix to An Indie Mix",
        "EP": "Add an EP to An Indie Mix",
    }
    upper = Record("ADD A TRACK", None, (Span(6, 11, "item"),))
    assert "ADD AN EP" in {v.text for v in swap.augment(upper, 3, seed=0)}


def test_an_article_inside_another_entity_or_glued_to_the_value_is_left_alone() -> None:
    swap = SlotSwap(values={"item": ["track", "album"]})
    inside = Record("play A track", None, (Span(5, 6, "letter"), Span(7, 12, "item")))
    assert [v.text for v in swap.augment(inside, 2, seed=0)] == ["play A album"]
    glued = Record("play a-track", None, (Span(7, 12, "item"),))
    assert [v.text for v in swap.augment(glued, 2, seed=0)] == ["play a-album"]


def swapped_in(swap: SlotSwap, record: Record, seeds: int = 20) -> set[str]:
    """The values ``swap`` puts in ``record``'s first span over ``seeds`` seeds."""
    return {v.span_text(v.spans[0]) for s in range(seeds) for v in swap.augment(record, 3, seed=s)}


def test_a_value_starting_with_a_preposition_never_follows_one() -> None:
    swap = SlotSwap(values={"time": ["tomorrow", "in 2 minutes", "at noon", "next week", "Monday"]})
    after = Record("remind me for tonight please", None, (Span(14, 21, "time"),))
    bare = Record("remind me tonight please", None, (Span(10, 17, "time"),))
    up = Record("wake me up tonight", None, (Span(11, 18, "time"),))

    assert swapped_in(swap, after) == {"tomorrow", "next week", "Monday"}
    assert (
        swapped_in(swap, bare)
        == swapped_in(swap, up)
        == {"tomorrow", "in 2 minutes", "at noon", "next week", "Monday"}
    )
    on = Record("remind me on Friday", None, (Span(13, 19, "time"),))
    assert swapped_in(swap, on) == {"Monday"}  # nor "on tomorrow", "on next week"
    only = SlotSwap(values={"time": ["at noon", "in 2 minutes"]})
    assert only.augment(after, 1, seed=0)  # no plain value left: any value rather than none


SCOPED = [
    Record("fly to Boston tonight", "book_flight", (Span(7, 13, "city"),)),
    Record("fares to Denver please", "airfare", (Span(9, 15, "city"),)),
    Record("rate this book five stars", "RateBook", (Span(10, 14, "object_type"),)),
    Record("find the movie schedules", "SearchScreening", (Span(9, 24, "object_type"),)),
    Record("rate the novel two stars", "RateBook", (Span(9, 14, "object_type"),)),
]


def _swapped(scope: str) -> dict[str, set[str]]:
    """The values each record's entity took over 30 seeds, by record text."""
    from textaug.expand.recipe import build_recipe

    augmenter = build_recipe({"name": "slot_swap", "scope": scope}, SCOPED)
    taken: dict[str, set[str]] = {}
    for index, record in enumerate(SCOPED):
        for seed in range(30):
            for v in augmenter.augment(record, seed=seed, index=index):
                taken.setdefault(record.text, set()).add(v.span_text(v.spans[0]))
    return taken


def test_scope_names_lets_only_names_cross_intents() -> None:
    taken = _swapped("names")
    assert taken["fly to Boston tonight"] == {"Denver"}  # a name: any intent
    assert taken["rate this book five stars"] == {"novel"}  # common words: own intent only
    assert "find the movie schedules" not in taken  # no other value of its own intent
    anything = _swapped("any")
    assert anything["rate this book five stars"] == {"movie schedules", "novel"}
    own = _swapped("intent")
    assert "fly to Boston tonight" not in own and own["rate this book five stars"] == {"novel"}


def test_name_like_values() -> None:
    from textaug.slots import is_name_like

    names = ["Boston", "new york", "the Beatles", "8 am", "flight 201", "san francisco"]
    common = ["book", "movie schedules", "tomorrow", "first class", "top ten", "round trip"]
    assert all(is_name_like(v) for v in names)
    assert not any(is_name_like(v) for v in common)


def test_bad_scope_is_refused() -> None:
    with pytest.raises(ConfigError, match="scope must be one of any, names, intent"):
        SlotSwap(values={"city": ["Paris", "Rome"]}, scope="everywhere")


def test_scope_names_still_swaps_names_for_an_intent_it_was_not_told_about() -> None:
    swap = SlotSwap(values={"city": ["Boston", "Paris", "book"]}, scope="names")
    for label in ("book_flight", None):
        record = Record("fly to Boston", label, (Span(7, 13, "city"),))
        taken = {v.span_text(v.spans[0]) for s in range(20) for v in swap.augment(record, seed=s)}
        assert taken == {"Paris"}, label  # a name from anywhere; "book" is no name


def test_scope_names_keeps_the_intents_own_canonical() -> None:
    values = {"city": ["NYC => New York", "NYC", "Paris"]}
    by_intent = {"book": {"city": ["NYC => New York", "Paris"]}, "wx": {"city": ["NYC"]}}
    swap = SlotSwap(values=values, values_by_intent=by_intent, scope="names")
    record = Record("fly to Paris", "book", (Span(7, 12, "city"),))
    for seed in range(10):
        for v in swap.augment(record, seed=seed):
            assert v.span_text(v.spans[0]) == "NYC" and v.spans[0].canonical == "New York"


def test_values_by_intent_is_checked_at_construction() -> None:
    with pytest.raises(ConfigError, match=r"values_by_intent\['book'\]\['city'\] holds an empty"):
        from_config({"name": "slot_swap", "values_by_intent": {"book": {"city": [""]}}})


def test_a_value_opening_a_noun_phrase_never_follows_a_determiner_or_number() -> None:
    swap = SlotSwap(values={"dish": ["a burrito", "the soup", "two tacos", "ramen", "soup"]})
    after_the = Record("cancel the ramen", None, (Span(11, 16, "dish"),))
    after_four = Record("get me four ramen", None, (Span(12, 17, "dish"),))
    bare = Record("get me ramen", None, (Span(7, 12, "dish"),))

    assert swapped_in(swap, after_the) == swapped_in(swap, after_four) == {"soup"}
    assert swapped_in(swap, bare) == {"a burrito", "the soup", "two tacos", "soup"}


@pytest.mark.parametrize(
    ("text", "start", "fits"),
    [
        ("wake me on Friday", 11, {"Monday", "May 3rd"}),
        ("wake me at 7 am", 11, {"noon", "6:30 pm"}),
        ("wake me in March", 11, {"2030", "the morning"}),
        (
            "wake me tomorrow",
            8,
            {"Monday", "May 3rd", "noon", "6:30 pm", "2030", "the morning", "next week"},
        ),
    ],
)
def test_a_date_or_time_follows_only_the_preposition_it_takes(
    text: str, start: int, fits: set[str]
) -> None:
    values = ["Monday", "May 3rd", "noon", "6:30 pm", "2030", "the morning", "next week"]
    swap = SlotSwap(values={"when": values})
    record = Record(text, None, (Span(start, len(text), "when"),))
    assert swapped_in(swap, record, seeds=30) == fits - {record.span_text(record.spans[0])}


def test_an_entity_of_spaces_gives_no_slot_value() -> None:
    spaced = Record("fly to   now", "f", (Span(7, 8, "city"),))
    paris = Record("fly to Paris now", "f", (Span(7, 12, "city"),))
    assert slot_values_from_records([spaced, paris]) == {"city": ["Paris"]}


def test_data_values_come_back_exactly_even_with_an_arrow_or_double_space() -> None:
    """Values read from data are literal text: "=>" there is no synonym arrow."""
    records = [
        Record("map a=>b to the key", "code", (Span(4, 8, "expr"),)),
        Record("fly to New  York today", "code", (Span(7, 16, "city"),)),
        Record("map x to the key", "code", (Span(4, 5, "expr"),)),
    ]
    swap = SlotSwap(values=slot_values_from_records(records))
    variant = swap.augment(records[2], n=1, seed=0)[0]
    assert variant.text == "map a=>b to the key"
    assert variant.spans == (Span(4, 8, "expr"),)
    assert dict(swap._pools()["city"]) == {"New  York": None}


def test_values_parse_like_slot_lists_escaped_arrow_and_a_second_arrow() -> None:
    swap = SlotSwap(values={"op": ["x \\=> y", "NYC => New York"]})
    assert dict(swap._pools()["op"]) == {"x => y": None, "NYC": "New York"}
    with pytest.raises(ConfigError, match=r"more than one '=>'"):
        SlotSwap(values={"op": ["a => b => c"]})


def test_a_value_swapped_into_an_all_capitals_text_is_in_capitals_too() -> None:
    swap = SlotSwap(values={"fruit": ["apple", "pear"]})
    record = Record("ADD A BANANA TO MY LIST", "x", (Span(6, 12, "fruit"),))
    found = {v.text for s in range(10) for v in swap.augment(record, seed=s)}
    assert found == {"ADD AN APPLE TO MY LIST", "ADD A PEAR TO MY LIST"}  # not "ADD An apple"
    lower = Record("add a banana to my list", "x", (Span(6, 12, "fruit"),))
    assert "add an apple to my list" in {
        v.text for s in range(10) for v in swap.augment(lower, seed=s)
    }
