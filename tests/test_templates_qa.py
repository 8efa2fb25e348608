"""Fixes for bugs a QA pass found in template synthesis, one section per bug."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from conftest import write_tree as write

from textaug.cli import main
from textaug.errors import DataError
from textaug.record import Record
from textaug.templates import generate, lint_templates, load_templates
from textaug.templates.templateset import TemplateSet


def records(root: Path, per_intent: int = 50, compiled: bool = True, seed: int = 1) -> list[Record]:
    """The generated records of ``root``."""
    templates = load_templates(root, compile_templates=compiled)
    return [r for _, r in generate(templates, per_intent=per_intent, seed=seed)]


def renders(templates: TemplateSet, line: int, times: int = 30) -> list[Record]:
    """``times`` seeded renders of the template at ``line``."""
    template = next(t for t in templates.templates if t.line == line)
    return [templates.render(template, random.Random(seed)) for seed in range(times)]


def spans(record: Record) -> list[tuple[str, str]]:
    """(entity, text) of each span."""
    return [(s.entity, record.text[s.start : s.end]) for s in record.spans]


def lint_errors(root: Path) -> set[tuple[str, int]]:
    """(file name, line) of each lint error."""
    return {(Path(f.path).name, f.line) for f in lint_templates(root) if f.severity == "error"}


# -- 1. a top-level set belongs to its own line ----------------------------------------------

FRUIT_AND_CITY = {
    "order.j2": (
        '{% set x = slot("fruit") %}buy {{ "an" if x[0] in "aeiou" else "a" }} {{ x }}\n'
        '{% set x = slot("city") %}fly to {{ x }}\n'
    ),
    "slots/fruit.txt": "apple\norange\n",
    "slots/city.txt": "Paris\nRome\n",
}


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_a_set_on_a_line_with_text_is_that_line_s_own(tmp_path: Path, compiled: bool) -> None:
    # the last set of the file used to run before every line: "buy a Paris", labelled city
    found = records(write(tmp_path, FRUIT_AND_CITY), compiled=compiled)
    assert {r.text for r in found} == {
        "buy an apple",
        "buy an orange",
        "fly to Paris",
        "fly to Rome",
    }
    for record in found:
        entity = "fruit" if record.text.startswith("buy") else "city"
        assert [e for e, _ in spans(record)] == [entity]


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "jinja"])
def test_a_set_block_on_a_line_of_its_own_is_a_definition_every_line_sees(
    tmp_path: Path, compiled: bool
) -> None:
    # the block form used to be an utterance of its own (an empty one, an error)
    root = write(
        tmp_path,
        {
            "a.j2": (
                '{% set greet %}{{ pick("hi", "hey") }}{% endset %}\n'
                "{{ greet }} there\n"
                "{% set w %}well{% endset %}{{ w }} {{ greet }}\n"
            )
        },
    )
    assert {r.text for r in records(root, compiled=compiled)} == {
        "hi there",
        "hey there",
        "well hi",
        "well hey",
    }


def test_a_name_defined_twice_at_file_level_is_an_error_naming_the_second(
    tmp_path: Path,
) -> None:
    root = write(
        tmp_path,
        {
            "a.j2": '{% set x = slot("city") %}\nfly to {{ x }}\n{% set x = slot("city") %}\n',
            "slots/city.txt": "Paris\n",
        },
    )
    with pytest.raises(DataError, match=r"a\.j2:3: 'x' is defined twice at file level"):
        load_templates(root)
    assert lint_errors(root) == {("a.j2", 3)}


# -- 2. comparisons, tests and slices are charged ---------------------------------------------

LONG_LIST = "{% set l = range(99999)|list %}"
LOOP = "{% for i in range(1000) %}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (LONG_LIST + LOOP + "{% if -1 in l %}{% endif %}{% endfor %}x", "searched more"),
        (LONG_LIST + LOOP + "{% if l == l %}{% endif %}{% endfor %}x", "searched more"),
        (LONG_LIST + LOOP + "{% if l is in [l] %}{% endif %}{% endfor %}x", "searched more"),
        (LONG_LIST + '{{ l[:2000]|select("in", l)|list|length }}', "searched more"),
        (LONG_LIST + LOOP + "{% set m = l[1:] %}{% endfor %}x", "built or printed more"),
        (
            '{% set v = slot("n") ~ "x" * 9999 %}' + LOOP + '{% if v[0] == "1" %}{% endif %}'
            "{% endfor %}x",
            "searched more",
        ),
    ],
    ids=["in", "equal", "is-in", "select-in", "slice", "slot-value-text"],
)
def test_comparisons_tests_and_slices_of_long_values_count_against_the_budget(
    tmp_path: Path, line: str, message: str
) -> None:
    # each ran unbounded: a loop of 99,000 instead of 1,000 took minutes
    root = write(tmp_path, {"a.j2": f"ok\n{line}\n", "slots/n.txt": "1\n"})
    templates = load_templates(root)
    with pytest.raises(DataError, match=rf"a\.j2:2: SecurityError: .*{message} than"):
        renders(templates, 2, times=1)


def test_ordinary_comparisons_and_slices_still_work(tmp_path: Path) -> None:
    line = (
        "{% set stop = ['a', 'the'] %}{% for w in ['a', 'big', 'the', 'dog'] %}"
        "{% if w not in stop and w != 'x' %}{{ w }} {% endif %}{% endfor %}"
        "{{ 1 < 2 < 3 }} {{ 3 < 2 < nowhere }} {{ 'abcdef'[1:3] }} {{ [1, 2, 3][::-1] }}"
    )
    templates = load_templates(write(tmp_path, {"a.j2": line + "\n"}))
    assert renders(templates, 1, times=1)[0].text == "big dog True False bc [3, 2, 1]"


# -- 3. a slot value compares, measures and converts as the text it prints -------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{{ n }} pizza{{ "s" if n|int > 1 else "" }}', {"1 pizza", "2 pizzas"}),
        ("{{ n }} is {{ n|float * 2 }}", {"1 is 2.0", "2 is 4.0"}),
        (
            '{{ n }} {{ n in "12" }} {{ n is in "2" }} {{ n.isdigit() }}',
            {"1 True False True", "2 True True True"},
        ),
        (
            '{% set m = n ~ "0" %}{{ m }} {{ m|length }} {{ m == "10" }}',
            {"10 2 True", "20 2 False"},
        ),
    ],
    ids=["int", "float", "in-a-string", "concatenated"],
)
def test_a_value_converts_and_compares_as_its_text(
    tmp_path: Path, line: str, expected: set[str]
) -> None:
    # "2"|int gave 0, and the value was never "in" a plain string
    root = write(
        tmp_path, {"a.j2": f'{{% set n = slot("qty") %}}{line}\n', "slots/qty.txt": "1\n2\n"}
    )
    found = records(root)
    assert {r.text for r in found} == expected
    assert all(spans(r) == [("qty", r.text[0])] for r in found)


def test_a_transformed_value_measures_as_its_text_and_stays_an_entity(tmp_path: Path) -> None:
    line = (
        '{% set i = slot("item")|lower %}buy {{ "an" if i[0] in "aeiou" else "a" }} {{ i }} '
        '({{ i|length }}, {{ i == "apple" }}, {{ i.capitalize()[0] }}, {{ (i ~ "s")|length }}, '
        '{{ i.upper().startswith("A") }})'
    )
    root = write(tmp_path, {"buy.j2": line + "\n", "slots/item.txt": "Apple\nPear\n"})
    found = records(root)
    assert {r.text for r in found} == {
        "buy an apple (5, True, A, 6, True)",
        "buy a pear (4, False, P, 5, False)",
    }
    assert {tuple(spans(r)) for r in found} == {(("item", "apple"),), (("item", "pear"),)}


def test_methods_and_filters_keep_the_entity_where_the_value_prints_whole(tmp_path: Path) -> None:
    line = (
        '{% set c = slot("city") %}{{ c.upper() }} | {{ "to {}".format(c) }} | '
        '{{ c|replace("a", "4") }} | {{ c.split()|join("-") }}'
    )
    root = write(tmp_path, {"a.j2": line + "\n", "slots/city.txt": "Paris\nNew York\n"})
    found = {r.text: spans(r) for r in records(root)}
    assert found == {
        "PARIS | to Paris | P4ris | Paris": [
            ("city", "PARIS"),
            ("city", "Paris"),
            ("city", "P4ris"),
        ],
        "NEW YORK | to New York | New York | New-York": [
            ("city", "NEW YORK"),
            ("city", "New York"),
            ("city", "New York"),
        ],
    }


# -- 4. a byte-order mark is not text ---------------------------------------------------------


def test_a_leading_byte_order_mark_is_dropped_from_templates_and_lists(tmp_path: Path) -> None:
    bom = "\ufeff"
    root = write(
        tmp_path,
        {
            "a.j2": bom
            + '{% from "_m.j2" import m %}\n{{ m() }} {{ slot("city") }} {{ slot("day") }}\n',
            "b.j2": bom + 'hello {% include "_i.j2" %}\n',
            "_m.j2": bom + "{% macro m() %}go to{% endmacro %}\n",
            "_i.j2": bom + "there",
            "slots/city.txt": bom + "Paris\n",
            "slots/day.yaml": bom + "- today\n",
        },
    )
    for compiled in (True, False):
        found = records(root, compiled=compiled)
        assert {r.text for r in found} == {"go to Paris today", "hello there"}
        assert {s.canonical for r in found for s in r.spans} == {None}
        assert {t for r in found for _, t in spans(r)} == {"Paris", "today"}


# -- 5. errors name file and line instead of a traceback ---------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{{ [].pop() }}", "IndexError"),
        ("{{ {'a': 1}.pop('b') }}", "KeyError"),
        ('{{ "x"|xmlattr }}', "AttributeError"),
        ('{{ sample(["a", "b"], 2, sep=1) }}', "sample\\(\\) needs a string sep"),
        ('{% if true %}{{ sample(["a", "b"], 2, sep=1) }}{% endif %}', "needs a string sep"),
    ],
    ids=["list-pop", "dict-pop", "xmlattr", "sample-sep-compiled", "sample-sep-jinja"],
)
def test_runtime_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    root = write(tmp_path, {"a.j2": f"ok\n{line}\n"})
    with pytest.raises(DataError, match=rf"a\.j2:2: .*{message}"):
        records(root)
    assert lint_errors(root) == {("a.j2", 2)}
    assert main(["generate", str(root), "-o", str(tmp_path / "out.jsonl"), "-q"]) == 1


@pytest.mark.parametrize(
    "line",
    ["{{ " + "(" * 80 + "1" + ")" * 80 + " }}", "{% if 1 %}" * 300 + "x" + "{% endif %}" * 300],
    ids=["parentheses", "ifs"],
)
def test_nesting_too_deep_is_an_error_naming_file_and_line(tmp_path: Path, line: str) -> None:
    root = write(tmp_path, {"a.j2": f"ok\n{line}\n"})
    with pytest.raises(DataError, match=r"a\.j2:2: the template nests too deeply"):
        load_templates(root)
    assert lint_errors(root) == {("a.j2", 2)}


def test_invalid_utf8_in_a_shared_file_names_file_and_line(tmp_path: Path) -> None:
    root = write(tmp_path, {"a.j2": 'hi {% include "_x.j2" %}\n'})
    (tmp_path / "_x.j2").write_bytes(b"fine\n\xff\n")
    with pytest.raises(DataError, match=r"_x\.j2:2: invalid UTF-8"):
        load_templates(root)
    assert ("_x.j2", 2) in lint_errors(root)


def test_a_weight_past_the_float_range_names_file_and_line(tmp_path: Path) -> None:
    listing = "- a\n- value: b\n  weight: " + "9" * 400 + "\n"
    root = write(tmp_path, {"a.j2": 'go {{ slot("p") }}\n', "slots/p.yaml": listing})
    with pytest.raises(DataError, match=r"p\.yaml:2: value 'b': weight must be .* at most"):
        load_templates(root)


# -- 6. a line break inside a value ------------------------------------------------------------


@pytest.mark.parametrize(
    "line", ['{{ slot("city")|replace(" ", "\\n") }}', '{{ slot("city")|wordwrap(3) }}']
)
def test_a_filter_putting_a_line_break_in_a_value_is_an_error(tmp_path: Path, line: str) -> None:
    # "New\nYork" used to be written as the utterance (and the entity)
    root = write(tmp_path, {"a.j2": f"ok\n{line}\n", "slots/city.txt": "New York\n"})
    with pytest.raises(DataError, match=r"a\.j2:2: a slot value was printed with a line break"):
        records(root)


# -- 7. filters that turn text into other text see the printed text ----------------------------


def test_urlencode_tojson_and_pprint_see_the_text_not_the_marks(tmp_path: Path) -> None:
    line = '{{ slot("city")|urlencode }} {{ slot("city")|tojson }} {{ [slot("city")]|pprint }}'
    root = write(tmp_path, {"a.j2": line + "\n", "slots/city.txt": "New York\n"})
    [record] = records(root)
    assert record.text == "New%20York \"New York\" ['New York']"


# -- 8. printing an object with no fixed text --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("{{ slot }}", "function"),
        ("{{ cycler(1) }}", "Cycler"),
        ('{{ [1, 2]|select("odd") }}', "generator"),
        ("{{ [joiner()] }}", "Joiner"),
    ],
)
def test_printing_an_object_without_fixed_text_is_an_error(
    tmp_path: Path, line: str, kind: str
) -> None:
    # it printed a memory address, different in every run
    root = write(tmp_path, {"a.j2": f"ok\n{line}\n"})
    with pytest.raises(DataError, match=rf"a\.j2:2: cannot print a {kind}"):
        records(root)
    assert lint_errors(root) == {("a.j2", 2)}


def test_lists_numbers_and_text_still_print(tmp_path: Path) -> None:
    line = "{{ [1, 'a'] }} {{ {'k': 2.5} }} {{ none }} {{ true }} {{ (1, 2) }}"
    root = write(tmp_path, {"a.j2": line + "\n"})
    assert [r.text for r in records(root)] == ["[1, 'a'] {'k': 2.5} None True (1, 2)"]


# -- 9. value weights in scientific notation ---------------------------------------------------


def test_value_weights_read_as_yaml_1_2_numbers(tmp_path: Path) -> None:
    listing = "".join(
        f"- value: v{i}\n  weight: {w}\n" for i, w in enumerate(["1e3", "1e-3", "1e308", "010"])
    )
    root = write(tmp_path, {"a.j2": 'go {{ slot("p") }}\n', "slots/p.yaml": listing})
    weights = [v.weight for v in load_templates(root).slots["p"].values]
    assert weights == [1000.0, 0.001, 1e308, 10.0]


# -- 10. folders and broken links named *.j2 ---------------------------------------------------


def test_a_folder_named_like_a_template_is_passed_over(tmp_path: Path) -> None:
    root = write(tmp_path, {"a.j2": "hi\n"})
    (root / "b.j2").mkdir()
    (root / "_c.j2").mkdir()
    assert [r.text for r in records(root)] == ["hi"]
    assert lint_errors(root) == set()


@pytest.mark.parametrize("name", ["b.j2", "_c.j2"])
def test_a_broken_link_named_like_a_template_is_an_error_naming_it(
    tmp_path: Path, name: str
) -> None:
    root = write(tmp_path, {"a.j2": "hi\n"})
    (root / name).symlink_to(root / "missing.j2")
    with pytest.raises(DataError, match=rf"{name}: cannot read the file \(a link to a missing"):
        load_templates(root)
    assert (name, 0) in lint_errors(root)


# -- 11. weights in a small space --------------------------------------------------------------


@pytest.mark.parametrize(
    "files",
    [
        {"a.j2": '{{ pick("common", "rare", weights=[99, 1]) }} {{ slot("n") }}\n'},
        {"a.j2": '{{ opt("rare", p=0.01) }} common {{ slot("n") }}\n'},
        {
            "a.j2": '{{ slot("kind") }} {{ slot("n") }}\n',
            "slots/kind.yaml": "- value: common\n  weight: 100\n- value: rare\n  weight: 1\n",
        },
    ],
    ids=["pick", "opt", "value-weights"],
)
def test_a_space_at_most_twice_the_quota_is_sampled_by_weight(
    tmp_path: Path, files: dict[str, str]
) -> None:
    # 20 combinations for 10 utterances: all were enumerated and 10 kept uniformly,
    # so the rare half made up half of the output
    numbers = "".join(f"v{i}\n" for i in range(10))
    root = write(tmp_path, {**files, "slots/n.txt": numbers})
    templates = load_templates(root)
    assert templates.templates[0].count == 20
    made = Counter()
    for seed in range(40):
        found = [r for _, r in generate(templates, per_intent=10, seed=seed)]
        assert len({r.text for r in found}) == 10
        made.update("rare" if "rare" in r.text else "common" for r in found)
    assert made["rare"] < 0.1 * made.total()
    again = [r for _, r in generate(templates, per_intent=10, seed=3)]
    assert again == [r for _, r in generate(load_templates(root), per_intent=10, seed=3)]
