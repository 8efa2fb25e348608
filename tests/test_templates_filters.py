"""Case filters on slot values: what Jinja prints, in both paths, with the canonical drawn."""

from __future__ import annotations

import random
from pathlib import Path

import jinja2
import pytest
from conftest import write_tree as write

from textaug.record import Record
from textaug.templates import GenerationSummary, generate, load_templates
from textaug.templates.templateset import TemplateSet, UtteranceTemplate

FILTERS = ("upper", "lower", "capitalize", "title", "trim")
# Apostrophes, hyphens and brackets (where str.title and Jinja's title differ), case
# mappings that change length ("ß" -> "SS", "İ" -> "i̇"), a title-case digraph ("ǆ") and
# a Greek final sigma (lower-cased by context).
VALUES = ("new york", "o'neil", "mary-jane (jr)", "straße", "İstanbul", "ǆemal", "ΟΔΟΣ ΟΔΟΣ")


def jinja_filter(name: str, text: str) -> str:
    """What Jinja itself prints for ``text|name``: the behaviour both paths must match."""
    return jinja2.Environment().from_string(f"{{{{ v|{name} }}}}").render(v=text)


def only_record(templates: TemplateSet, template: UtteranceTemplate) -> Record:
    """The single utterance of a one-derivation template, by the path it was loaded for."""
    if template.node is not None:
        return next(templates.enumerate(template))
    return templates.render(template, random.Random(0))


@pytest.fixture
def one_value_per_list(tmp_path: Path) -> Path:
    files = {f"slots/v{i}.txt": f"{value}\n" for i, value in enumerate(VALUES)}
    lines = []
    for name in FILTERS:
        for i in range(len(VALUES)):
            lines.append(f'{{{{ slot("v{i}")|{name} }}}}')
            lines.append(f'{{{{ ("say " ~ slot("v{i}"))|{name} }}}}')
    files["f.j2"] = "\n".join(lines) + "\n"
    return write(tmp_path, files)


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_case_filters_on_slot_values_print_what_jinja_prints_for_the_plain_text(
    one_value_per_list: Path, compiled: bool
) -> None:
    templates = load_templates(one_value_per_list, compile_templates=compiled)
    assert all((t.node is not None) == compiled for t in templates.templates)
    cases = [
        (name, value, prefix) for name in FILTERS for value in VALUES for prefix in ("", "say ")
    ]
    assert len(cases) == len(templates.templates)
    for (name, value, prefix), template in zip(cases, templates.templates, strict=True):
        record = only_record(templates, template)
        expected = jinja_filter(name, prefix + value)
        assert record.text == expected, (name, value, prefix)
        [span] = record.spans
        assert record.text[span.start : span.end] == expected[len(prefix) :], (name, value)


def test_compiled_and_jinja_paths_give_identical_records_for_filtered_slots_and_literals(
    tmp_path: Path,
) -> None:
    lines = [
        f'{{{{ "o\'neil mary-jane straße"|{name} }}}} {{{{ slot("c")|{name} }}}}'
        for name in FILTERS
    ]
    root = write(
        tmp_path, {"f.j2": "\n".join(lines) + "\n", "slots/c.txt": "\n".join(VALUES) + "\n"}
    )
    compiled = load_templates(root)
    rendered = load_templates(root, compile_templates=False)
    for fast, slow in zip(compiled.templates, rendered.templates, strict=True):
        assert fast.node is not None and slow.jinja is not None
        for seed in range(20):
            a = compiled.render(fast, random.Random(seed))
            b = rendered.render(slow, random.Random(seed))
            assert (a.text, a.spans) == (b.text, b.spans)


def test_title_and_capitalize_change_a_slot_value_and_literals_follow_jinja_not_str_title(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {
            "f.j2": '{{ slot("c")|capitalize }} {{ slot("c")|title }} {{ "o\'neil"|title }}\n',
            "slots/c.txt": "new york\n",
        },
    )
    templates = load_templates(root)
    record = only_record(templates, templates.templates[0])
    assert record.text == "New york New York O'neil"
    assert [record.span_text(s) for s in record.spans] == ["New york", "New York"]


@pytest.mark.parametrize(
    "line",
    ['{{ slot("city")|upper }}', '{{ slot("city")|upper }}{% if true %}!{% endif %}'],
    ids=["compiled", "jinja"],
)
def test_a_filtered_slot_value_keeps_the_canonical_of_the_value_drawn(
    tmp_path: Path, line: str
) -> None:
    # "paris" and "PARIS" print alike once upper-cased; each keeps its own canonical,
    # and a value without one ("berlin") still has none.
    root = write(
        tmp_path,
        {
            "f.j2": line + "\n",
            "slots/city.txt": (
                "paris => Paris, France\nPARIS => Paris, Texas\nstraße => Straße\nberlin\n"
            ),
        },
    )
    templates = load_templates(root)
    template = templates.templates[0]
    if template.node is not None:
        records = list(templates.enumerate(template))
    else:
        records = [templates.render(template, random.Random(seed)) for seed in range(60)]
    found = {(r.span_text(s), s.canonical) for r in records for s in r.spans}
    assert found == {
        ("PARIS", "Paris, France"),
        ("PARIS", "Paris, Texas"),
        ("STRASSE", "Straße"),
        ("BERLIN", None),
    }


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_canonicals_follow_filtered_values_of_long_lists_used_with_several_roles(
    tmp_path: Path, compiled: bool
) -> None:
    # 7,000 values and two roles: value ids run past one mark digit (6,398).
    values = "".join(f"value {i} => canon {i}\n" for i in range(7000))
    line = '{{ slot("n", role="a")|upper }} and {{ slot("n", role="b")|title }}'
    root = write(tmp_path, {"f.j2": line + "\n", "slots/n.txt": values})
    templates = load_templates(root, compile_templates=compiled)
    template = templates.templates[0]
    for seed in range(100):
        record = templates.render(template, random.Random(seed))
        first, second = record.spans
        assert (first.role, second.role) == ("a", "b")
        for span, prefix in ((first, "VALUE "), (second, "Value ")):
            number = record.span_text(span).removeprefix(prefix)
            assert span.canonical == f"canon {number}", record


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize(
    "wrap", ["{}", "{{% if true %}}{}{{% endif %}}"], ids=["compiled", "jinja"]
)
def test_values_printed_through_a_case_filter_count_as_used(
    tmp_path: Path, name: str, wrap: str
) -> None:
    # coverage compared the printed text with the value: "NEW YORK" was not "new york"
    line = wrap.format(f'to {{{{ slot("city")|{name} }}}}')
    root = write(tmp_path, {"a.j2": line + "\n", "slots/city.txt": "\n".join(VALUES) + "\n"})
    templates = load_templates(root)
    summary = GenerationSummary()
    made = list(generate(templates, per_intent=len(VALUES), summary=summary))
    assert len(made) == len(VALUES)
    assert summary.coverage(templates) == {"city": (len(VALUES), len(VALUES))}
    assert summary.report(templates)["slot_coverage"]["city"]["used"] == len(VALUES)
