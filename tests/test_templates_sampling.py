"""Sampling quotas: asking for more never gives fewer, even when compiled and Jinja lines mix."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import write_tree as write

from textaug.errors import DataError
from textaug.templates import generate, load_templates

SHIPPED = Path(__file__).resolve().parents[1] / "templates"


def texts(root: Path, per_intent: int, intent: str) -> list[str]:
    records = generate(load_templates(root), per_intent=per_intent, seed=1, intents=[intent])
    return [record.text for _, record in records]


def test_a_small_jinja_line_with_a_large_weight_does_not_end_sampling_early(
    tmp_path: Path,
) -> None:
    # The Jinja line can only say "only", but it is weighted at the quota; the compiled
    # line has three utterances. Every quota gets min(quota, 4), never fewer.
    (tmp_path / "a.j2").write_text(
        '{{ pick("one", "two", "three") }} more\n{% if true %}only{% endif %}\n', encoding="utf-8"
    )
    for quota in (1, 2, 3, 4, 5, 100, 1_000_000):
        found = texts(tmp_path, quota, "a")
        assert len(found) == len(set(found)) == min(quota, 4), quota
    assert set(texts(tmp_path, 1_000_000, "a")) == {"one more", "two more", "three more", "only"}


def test_a_larger_quota_reaches_every_distinct_utterance_of_a_mixed_intent(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    shutil.copytree(SHIPPED, root)
    with (root / "set_alarm.j2").open("a", encoding="utf-8") as handle:
        handle.write("alarm please{% if true %}!{% endif %}\n")
    compiled = {
        record.text
        for _, record in generate(load_templates(SHIPPED), exhaustive=True, intents=["set_alarm"])
    }
    distinct = len(compiled) + 1
    counts = [len(texts(root, quota, "set_alarm")) for quota in (1_000, 3_000, 1_000_000)]
    assert counts == [1_000, 3_000, distinct]


def test_a_value_drawn_at_the_top_of_an_imported_file_is_drawn_again_for_each_utterance(
    tmp_path: Path,
) -> None:
    # Jinja keeps an imported module: "town" used to be drawn once per process
    root = write(
        tmp_path,
        {
            "_common.j2": '{% set town = slot("city") %}\n',
            "fly.j2": '{% from "_common.j2" import town %}fly to {{ town }}\n',
            "slots/city.txt": "Oslo\nLima\nRome\nKyiv\n",
        },
    )
    made = {r.text for _, r in generate(load_templates(root), per_intent=4, seed=1)}
    assert made == {"fly to Oslo", "fly to Lima", "fly to Rome", "fly to Kyiv"}


HUGE_WEIGHTS = "- {value: Oslo, weight: 1.0e+308}\n- {value: Lima, weight: 1.0e+308}\n" + "".join(
    f"- {{value: {city}, weight: 1}}\n" for city in ("Rome", "Kyiv", "Bern", "Nuuk", "Baku")
)


@pytest.mark.parametrize(
    "line",
    [
        'fly to {{ slot("city") }}',
        'fly {% if true %}to {{ slot("city") }}{% endif %}',
        'fly to {{ pick("Oslo", "Lima", "Rome", weights=[1e308, 1e308, 1e-300]) }}',
        'fly {% if true %}to {{ pick("Oslo", "Lima", "Rome", weights=[1e308, 1e308, 1]) }}'
        "{% endif %}",
    ],
    ids=["value-compiled", "value-jinja", "pick-compiled", "pick-jinja"],
)
def test_weights_whose_sum_overflows_still_draw_by_weight(tmp_path: Path, line: str) -> None:
    # 1e308 + 1e308 is inf: a draw used to land past the last option (IndexError)
    root = write(tmp_path, {"fly.j2": line + "\n", "slots/city.yaml": HUGE_WEIGHTS})
    records = generate(load_templates(root), per_intent=1, seed=1)
    drawn = {record.text for _, record in records}
    assert drawn <= {"fly to Oslo", "fly to Lima"} and len(drawn) == 1


@pytest.mark.parametrize(
    "weights", ["[1e999, 1]", "[10 ** 400, 1]", "[" + "9" * 400 + ", 1]"], ids=["inf", "pow", "int"]
)
@pytest.mark.parametrize(
    "wrap", ["{}", "{{% if true %}}{}{{% endif %}}"], ids=["compiled", "jinja"]
)
def test_weights_past_the_float_range_are_a_data_error_with_file_and_line(
    tmp_path: Path, weights: str, wrap: str
) -> None:
    line = wrap.format(f'go {{{{ pick("a", "b", weights={weights}) }}}}')
    root = write(tmp_path, {"go.j2": f"go\n{line}\n"})
    with pytest.raises(DataError, match=r"go\.j2:2: .*(float|finite)"):
        list(generate(load_templates(root), per_intent=5, seed=1))


@pytest.mark.parametrize(
    ("small", "level"),
    [
        ('go {{ pick("home", "home ") }} {{ pick("now", "later") }}', 2),  # 4 combinations
        ('say {% if true %}{{ pick("x", "y", "z") }}{% endif %}', 3),  # rendered by Jinja
    ],
    ids=["combinations-that-collapse", "jinja-rendered"],
)
def test_balance_lowers_every_intent_to_the_distinct_utterances_of_the_smallest(
    tmp_path: Path, small: str, level: int
) -> None:
    digits = ", ".join(f'"{n}"' for n in range(10))
    root = write(tmp_path, {"a.j2": small + "\n", "b.j2": f"stop {{{{ pick({digits}) }}}}\n"})
    records = generate(load_templates(root), per_intent=50, seed=1, balance=True)
    made = Counter(record.label for _, record in records)
    assert made == {"a": level, "b": level}


def test_many_spent_jinja_lines_beside_a_large_compiled_line_still_reach_the_quota(
    tmp_path: Path,
) -> None:
    # Each Jinja line says one thing but is weighted like the compiled line, which got
    # 1/51 of the draws; the draw budget ran out before the spent lines were dropped.
    lines = [f"word{n}{{% if true %}} ok{{% endif %}}" for n in range(50)]
    lines.append('{{ slot("n") }} and {{ slot("n") }}')  # 10,000 utterances
    values = "".join(f"v{n}\n" for n in range(100))
    root = write(tmp_path, {"a.j2": "\n".join(lines) + "\n", "slots/n.txt": values})
    found = texts(root, 200, "a")
    assert len(found) == len(set(found)) == 200


RARE_BY_VALUE = {
    "go.j2": 'go {{ slot("w") }} {{ slot("n") }}\n',  # 400 combinations, 300 of them rare
    "slots/w.yaml": "- {value: big, weight: 1000}\n- r1\n- r2\n- r3\n",
    "slots/n.txt": "".join(f"v{n}\n" for n in range(100)),
}
RARE_BY_PICK = {  # one line picking between two "templates" weighted 1000 to 1
    "go.j2": '{% macro common() %}hi {{ pick("a", "b", "c", "d", "e") }}{% endmacro %}\n'
    '{% macro rare() %}{{ pick("x", "y", "z") }} {{ slot("n") }}{% endmacro %}\n'
    "{{ pick(common(), rare(), weights=[1000, 1]) }}\n",
    "slots/n.txt": "".join(f"v{n}\n" for n in range(40)),
}


@pytest.mark.parametrize(
    ("files", "quota", "distinct"),
    [(RARE_BY_VALUE, 150, 400), (RARE_BY_PICK, 20, 125)],
    ids=["value-weights", "pick-weights"],
)
def test_skewed_weights_still_reach_a_quota_that_distinct_utterances_can_fill(
    tmp_path: Path, files: dict[str, str], quota: int, distinct: int
) -> None:
    # draws by weight found a rare combination once in ~1,000 draws and gave up short
    # (114 of 150, 6 of 20); the quota is under half the space, so nothing enumerated it
    root = write(tmp_path, files)
    found = texts(root, quota, "go")
    assert len(found) == len(set(found)) == quota
    assert found == texts(root, quota, "go")  # deterministic under the seed
    with (root / "go.j2").open("a", encoding="utf-8") as handle:
        handle.write("stop{% if true %}!{% endif %}\n")  # a Jinja line: no enumeration
    found = texts(root, quota, "go")
    assert len(found) == len(set(found)) == quota
    assert len(set(texts(root, distinct + 100, "go"))) == distinct + 1  # short, and ends
