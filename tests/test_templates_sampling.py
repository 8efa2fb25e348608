"""Sampling quotas: asking for more never gives fewer, even when compiled and Jinja lines mix."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import write_tree as write

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
