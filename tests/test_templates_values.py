"""Slot values come out exactly as written: a literal "=>" is escaped, inner whitespace is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree as write

from textaug.errors import DataError
from textaug.record import Record
from textaug.templates import generate, load_templates


def records(root: Path, compiled: bool = True) -> list[Record]:
    """Every distinct utterance of ``root`` (the lists here are small)."""
    templates = load_templates(root, compile_templates=compiled)
    return [record for _, record in generate(templates, per_intent=100, seed=1)]


def entities(found: list[Record]) -> set[tuple[str, str | None]]:
    """(span text, canonical) of every span."""
    return {(r.text[s.start : s.end], s.canonical) for r in found for s in r.spans}


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_an_escaped_arrow_is_a_literal_arrow_on_either_side_of_a_synonym(
    tmp_path: Path, compiled: bool
) -> None:
    # "a \=> b => c" used to give the value "a \" with the canonical "b => c"
    listing = "a \\=> b => c\nx\\=>y\n- => +\n"
    root = write(tmp_path, {"go.j2": 'go to {{ slot("p") }}\n', "slots/p.txt": listing})
    found = records(root, compiled)
    assert entities(found) == {("a => b", "c"), ("x=>y", None), ("-", "+")}
    assert {r.text for r in found} == {"go to a => b", "go to x=>y", "go to -"}


@pytest.mark.parametrize(
    ("name", "listing", "line"),
    [("p.txt", "ok\nx => y => z\n", 2), ("p.yaml", "- ok\n- a \\=> b => c => d\n", 2)],
    ids=["txt", "yaml"],
)
def test_a_second_unescaped_arrow_is_an_error_naming_file_line_and_the_escape(
    tmp_path: Path, name: str, listing: str, line: int
) -> None:
    root = write(tmp_path, {"go.j2": 'go {{ slot("p") }}\n', f"slots/{name}": listing})
    escape = r"'\\=>'"
    with pytest.raises(DataError, match=rf"{name}:{line}: .*more than one '=>'.*{escape}"):
        load_templates(root)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_whitespace_inside_a_value_and_its_canonical_is_kept_as_written(
    tmp_path: Path, compiled: bool
) -> None:
    listing = (
        "  New  York  \n"  # the ends are trimmed, the inside is kept
        "Rio\tde Janeiro\n"
        "NYC => New   York\n"
    )
    yaml_list = '- value: "São  Paulo"\n  canonical: "SP  1"\n- "a\\u00a0b"\n'
    root = write(
        tmp_path,
        {
            "go.j2": 'go   to {{ slot("city") }}  now\nsee {{ slot("more")|upper }}\n',
            "slots/city.txt": listing,
            "slots/more.yaml": yaml_list,
        },
    )
    found = records(root, compiled)
    assert entities(found) == {
        ("New  York", None),
        ("Rio\tde Janeiro", None),
        ("NYC", "New   York"),
        ("SÃO  PAULO", "SP  1"),
        ("A\u00a0B", None),
    }
    # the template's own whitespace still collapses
    assert "go to New  York now" in {r.text for r in found}
    lists = load_templates(root).slots
    assert [v.surface for v in lists["city"].values] == ["New  York", "Rio\tde Janeiro", "NYC"]


@pytest.mark.parametrize(
    "listing",
    ['- ok\n- "New\\nYork"\n', "- ok\n- value: a\n  canonical: |\n    b\n    c\n"],
    ids=["value", "canonical"],
)
def test_a_value_with_a_line_break_is_refused_with_file_and_line(
    tmp_path: Path, listing: str
) -> None:
    # it used to become "New York" silently; an utterance is one line
    root = write(tmp_path, {"go.j2": 'go {{ slot("p") }}\n', "slots/p.yaml": listing})
    with pytest.raises(DataError, match=r"p\.yaml:2: .*line break"):
        load_templates(root)


def test_mapping_fields_are_literal_text(tmp_path: Path) -> None:
    listing = '- value: "x => y"\n- value: a\n  canonical: "b \\\\=> c"\n'
    root = write(tmp_path, {"go.j2": 'go {{ slot("p") }}\n', "slots/p.yaml": listing})
    values = load_templates(root).slots["p"].values
    assert [(v.surface, v.canonical) for v in values] == [("x => y", None), ("a", "b \\=> c")]
