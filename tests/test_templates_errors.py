"""Template errors name the file and line where they are; private-use characters are refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_tree as write

from textaug.errors import DataError
from textaug.templates import GenerationSummary, generate, lint_templates, load_templates
from textaug.templates.values import Value, value_list

BROKEN_MACROS = '{% macro m() %}\n{{ slot("city") }\n{% endmacro %}\n'


def test_a_syntax_error_in_an_imported_file_names_that_file_and_line(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "_m.j2": BROKEN_MACROS,
            "c.j2": '{% from "_m.j2" import m %}\nx {{ m() }}\n',
            "slots/city.txt": "Paris\n",
        },
    )
    with pytest.raises(DataError, match=r"_m\.j2:2: unexpected '}'"):
        load_templates(root / "c.j2")


def test_a_syntax_error_in_an_included_file_names_that_file_and_line(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"_inc.j2": "fine\n{{ oops }\n", "c.j2": 'a {% include "_inc.j2" %}\n'},
    )
    with pytest.raises(DataError, match=r"_inc\.j2:2: unexpected '}'"):
        load_templates(root / "c.j2")


def test_lint_puts_an_imported_file_s_error_on_that_file_only(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"_m.j2": BROKEN_MACROS, "c.j2": '{% from "_m.j2" import m %}\nx {{ m() }}\n'},
    )
    errors = {(Path(f.path).name, f.line) for f in lint_templates(root) if f.severity == "error"}
    assert errors == {("_m.j2", 2)}


@pytest.mark.parametrize(
    "line",
    [
        'go {{ slot("city") }} and \ue000\ue002fake\ue001',
        'go {{ slot("city") }} and {{ "\\ue000\\ue002fake\\ue001" }}',
        "a logo \uf8ff here",
    ],
    ids=["literal", "escaped-in-a-string", "last-private-use-character"],
)
def test_private_use_characters_in_a_template_are_refused_with_file_and_line(
    tmp_path: Path, line: str
) -> None:
    root = write(tmp_path, {"a.j2": f"fine\n{line}\n", "slots/city.txt": "Paris\n"})
    with pytest.raises(DataError, match=r"a\.j2:2: .*private-use character"):
        load_templates(root)
    findings = [str(f) for f in lint_templates(root) if f.severity == "error"]
    assert any("a.j2:2: error: " in f and "private-use" in f for f in findings)


def test_values_built_in_code_with_private_use_characters_are_refused() -> None:
    with pytest.raises(DataError, match="private-use"):
        value_list("city", ["Paris", Value("Ber\ue001lin")])


def test_counts_too_long_to_print_are_shown_as_powers_of_ten(tmp_path: Path) -> None:
    # 1,500 slots of 1,000 values: 10^4500 combinations, more digits than Python prints.
    line = " ".join(['{{ slot("n") }}'] * 1500)
    values = "".join(f"v{i}\n" for i in range(1000))
    root = write(tmp_path, {"big.j2": line + "\n", "slots/n.txt": values})
    findings = [str(f) for f in lint_templates(root)]
    assert any(f.endswith("big.j2:1: info: at least 10^4500 combinations") for f in findings)
    summary = GenerationSummary()
    assert len(list(generate(load_templates(root), per_intent=2, summary=summary))) == 2
    templates = load_templates(root)
    assert "at least 10^4500 combinations" in summary.lines(templates)[0]
    assert summary.report(templates)["intents"]["big"]["combinations"] == "at least 10^4500"


def test_invalid_utf8_in_a_template_or_slot_list_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "slots").mkdir()
    (tmp_path / "slots" / "city.txt").write_bytes(b"Paris\nPar\xffis\n")
    (tmp_path / "fly.j2").write_text('fly to {{ slot("city") }}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"city\.txt:2: invalid UTF-8"):
        load_templates(tmp_path)
    (tmp_path / "slots" / "city.txt").write_text("Paris\n", encoding="utf-8")
    (tmp_path / "fly.j2").write_bytes(b'fly to {{ slot("city") }}\n\xff\n')
    with pytest.raises(DataError, match=r"fly\.j2:2: invalid UTF-8"):
        load_templates(tmp_path)


def test_yaml_values_are_read_as_written_not_as_numbers(tmp_path: Path) -> None:
    # YAML 1.1 reads 12:30 as 750 (base 60), 0123 as 83 (octal) and 1_000 as 1000
    listing = "- 12:30\n- 0123\n- 1_000\n- yes\n- value: noon\n  canonical: 12:00\n  weight: 2\n"
    root = write(tmp_path, {"a.j2": 'at {{ slot("time") }}\n', "slots/time.yaml": listing})
    values = load_templates(root).slots["time"].values
    assert [(v.surface, v.canonical) for v in values] == [
        ("12:30", None), ("0123", None), ("1_000", None), ("yes", None), ("noon", "12:00"),
    ]  # fmt: skip
    assert values[-1].weight == 2


SHARED_MACROS = (
    "{% macro fine() %}fine{% endmacro %}\n"
    "\n"
    '{% macro lost() %}to {{ slot("nowhere") }}{% endmacro %}\n'  # compiled
    "{% macro broken() %}{% if true %}{{ 1 // 0 }}{% endif %}{% endmacro %}\n"  # by Jinja
)


@pytest.mark.parametrize(
    ("macro", "error"),
    [("lost", r"4: undefined slot list 'nowhere'"), ("broken", r"5: ZeroDivisionError")],
    ids=["compiled", "jinja-rendered"],
)
def test_an_error_in_a_shared_macro_names_the_macro_s_file_and_line(
    tmp_path: Path, macro: str, error: str
) -> None:
    # it used to name the line that called the macro (a.j2:2 or b.j2:3)
    root = write(
        tmp_path,
        {
            "_m.j2": "{# shared #}\n" + SHARED_MACROS,
            "a.j2": f'{{% from "_m.j2" import {macro} %}}\ngo {{{{ {macro}() }}}}\n',
            "b.j2": f'{{% from "_m.j2" import {macro} %}}\nfine\nsay {{{{ {macro}() }}}}\n',
            "slots/city.txt": "Paris\n",
        },
    )
    for intent, line in (("a", 2), ("b", 3)):
        with pytest.raises(DataError, match=rf"_m\.j2:{error}.*used by .*{intent}\.j2:{line}\)"):
            list(generate(load_templates(root / f"{intent}.j2"), per_intent=3))
    errors = {(Path(f.path).name, f.line) for f in lint_templates(root) if f.severity == "error"}
    assert ("_m.j2", int(error[0])) in errors
    assert not {name for name, _ in errors} & {"a.j2", "b.j2"}


@pytest.mark.parametrize(
    ("statement", "error"),
    [
        ('{% from "_missing.j2" import m %}', "_missing.j2' not found"),
        ('{% import "_missing.j2" as m %}', "_missing.j2' not found"),
        ('{% set m = slot("nowhere") %}', "undefined slot list 'nowhere'"),
        ('{% set m = pick("a", weights=[1, 2]) %}', "weights must be a list of 1"),
    ],
    ids=["from-import", "import", "set-slot", "set-pick"],
)
@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_an_error_in_a_top_level_definition_names_that_statement_s_line(
    tmp_path: Path, statement: str, error: str, compiled: bool
) -> None:
    # it used to name line 1 (compiled) or the first utterance rendered (Jinja)
    root = write(tmp_path, {"a.j2": f"hello\n{{# note #}}\n\n{statement}\ngo {{{{ m }}}}\n"})
    with pytest.raises(DataError, match=rf"a\.j2:4: .*{error}"):
        list(generate(load_templates(root, compile_templates=compiled), per_intent=3, seed=1))
    errors = {(Path(f.path).name, f.line) for f in lint_templates(root) if f.severity == "error"}
    assert errors == {("a.j2", 4)}


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_an_import_error_inside_an_imported_file_names_that_file_and_line(
    tmp_path: Path, compiled: bool
) -> None:
    root = write(
        tmp_path,
        {
            "_b.j2": '{# shared #}\n{% import "_gone.j2" as g %}\n{% macro p() %}p{% endmacro %}\n',
            "a.j2": 'hi\n{% from "_b.j2" import p %}\ngo {{ p() }}\n',
        },
    )
    with pytest.raises(DataError, match=r"_b\.j2:2: .*_gone\.j2' not found"):
        list(generate(load_templates(root, compile_templates=compiled), per_intent=3, seed=1))
