"""Bounded Jinja rendering: runaway loops, huge values and exponential macros are refused."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import write_tree as write

from textaug.errors import DataError
from textaug.templates import lint_templates, load_templates

# One line each; every one used to hang or allocate a gigabyte or more.
RUNAWAY = {
    "nested-loops": (
        "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}x",
        "more than 100,000 loop iterations and calls",
    ),
    "tower-of-powers": ("{{ ((((10**64)**64)**64)**64)**2 > 1 }}", "a power of more than"),
    "output-in-a-loop": ("{% for i in range(99999) %}{{ 'x'*9999 }}{% endfor %}", "characters"),
    "ljust": ("{{ 'x'.ljust(10**9) }}", "padding would build"),
    "format-width": ("{{ '{:>999999999}'.format(1) }}", "width or precision in str.format"),
    "nested-format-width": ("{{ '{0:{1}}'.format(1, 10**9) }}", "width or precision"),
    "printf-width": ("{{ '%0999999999d' % 1 }}", "width or precision in % formatting"),
    "printf-star": ("{{ '%*d' % (10**9, 1) }}", "'*' width in % formatting"),
    "format-filter": ("{{ '%0999999999d'|format(1) }}", "width or precision in % formatting"),
    "center-filter": ("{{ 'x'|center(10**9) }}", "'center' filter would build"),
    "replace": ("{{ ('x'*9999)|replace('x', 'x'*9999) }}", "replace would build"),
    "join": ("{{ ('x'*9999).join(['y'*9999]*9999) }}", "more than 100,000"),
    "doubling-with-concat": (
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
        "'~' concatenation would build",
    ),
    "doubling-a-list": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set _ = ns.l.extend(ns.l) %}"
        "{% endfor %}{{ ns.l|length }}",
        "a list grew past",
    ),
    "squaring": (
        "{% set ns = namespace(x=3) %}{% for i in range(60) %}{% set ns.x = ns.x * ns.x %}"
        "{% endfor %}{{ ns.x > 1 }}",
        "a product of more than",
    ),
    "printing-a-shared-structure": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}{% set ns.l = [ns.l, ns.l] %}"
        "{% endfor %}{{ ns.l }}",
        "a printed value holds more than",
    ),
    "recursive-fan-out": (
        "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}x",
        "more than 100,000 loop iterations and calls",
    ),
    "macro-output-in-a-loop": (
        "{% macro m() %}{% for i in range(99999) %}{{ 'x'*9999 }}{% endfor %}{% endmacro %}"
        "{{ m()|length }}",
        "more than 1,000,000 characters",
    ),
}



@pytest.mark.parametrize("line, message", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_templates_are_refused_with_file_and_line(
    tmp_path: Path, line: str, message: str
) -> None:
    root = write(tmp_path, {"x.j2": f"ok\n{line}\n"})
    templates = load_templates(root)
    runaway = templates.templates[1]
    assert runaway.jinja is not None
    with pytest.raises(DataError, match=rf"x\.j2:2: SecurityError: .*{message}"):
        templates.render(runaway, random.Random(0))


@pytest.mark.parametrize(
    "line", ["{% set _ = rng.seed(0) %}x", "id {{ rng }}", "{{ rng.choices([1], k=10) }}"]
)
def test_the_seeded_generator_is_not_a_template_variable(tmp_path: Path, line: str) -> None:
    # reachable, it could be reseeded, printed (an address) or asked for a huge list
    root = write(tmp_path, {"x.j2": f"{line}\n"})
    templates = load_templates(root)
    with pytest.raises(DataError, match=r"x\.j2:1: UndefinedError: 'rng' is undefined"):
        templates.render(templates.templates[0], random.Random(0))


def test_lint_reports_each_runaway_line_instead_of_hanging_or_crashing(tmp_path: Path) -> None:
    lines = [line for line, _ in RUNAWAY.values()]
    root = write(tmp_path, {"x.j2": "\n".join(lines) + "\n"})
    errors = {f.line for f in lint_templates(root) if f.severity == "error"}
    assert errors == set(range(1, len(lines) + 1))


def test_the_bounds_leave_ordinary_jinja_working(tmp_path: Path) -> None:
    line = (
        "{% for w in ['a', 'b'] %}{{ w|upper }}{{ loop.index }} {% endfor %}"
        "{{ '%03d' % 7 }} {{ '{:>4}|'.format(1) }} {{ 'x'.ljust(3, '.') }} "
        "{{ ['p', 'q']|join('-') }} {{ 'a-b'.replace('-', '+') }} {{ 2**100 }} "
        "{{ ('ab' * 3)|center(8)|trim }} {% set ns = namespace(n=0) %}"
        "{% for i in range(1000) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }}"
    )
    root = write(tmp_path, {"x.j2": line + "\n"})
    templates = load_templates(root)
    record = templates.render(templates.templates[0], random.Random(0))
    assert record.text == ("A1 B2 007 1| x.. p-q a+b 1267650600228229401496703205376 ababab 499500")


def doubling_macros(call: str) -> str:
    """m0 picks a word; each m(i) calls m(i-1) twice, so m(i) prints 2**i words."""
    lines = ['{% macro m0() %}{{ pick("a", "b") }}{% endmacro %}']
    lines += [
        f"{{% macro m{i}() %}}{{{{ m{i - 1}() }}}} {{{{ m{i - 1}() }}}}{{% endmacro %}}"
        for i in range(1, 31)
    ]
    return "\n".join([*lines, call]) + "\n"


def test_macros_that_inline_too_much_are_rendered_by_jinja_not_compiled(tmp_path: Path) -> None:
    root = write(tmp_path, {"x.j2": doubling_macros("{{ m5() }}\n{{ m12() }}")})
    templates = load_templates(root)
    small, large = templates.templates
    assert small.node is not None and small.count == 2**32
    assert large.node is None
    assert "compiles to more than 10,000 parts" in (large.fallback or "")
    words = templates.render(large, random.Random(0)).text.split()
    assert len(words) == 2**12 and set(words) == {"a", "b"}


def test_exponential_macros_load_quickly_and_are_refused_when_rendered(tmp_path: Path) -> None:
    root = write(tmp_path, {"x.j2": doubling_macros("{{ m24() }}")})
    templates = load_templates(root)  # compiling m24 used to take hours
    [template] = templates.templates
    assert template.node is None
    # named at the macro where the render crossed the bound, and at the line that used it
    with pytest.raises(DataError, match=r"x\.j2:\d+: SecurityError: .*used by .*x\.j2:32\)"):
        templates.render(template, random.Random(0))


def test_the_utterance_length_limit_counts_visible_text_not_slot_marks(tmp_path: Path) -> None:
    # 2,000 two-letter values: 5,999 characters printed, plus 6,000 invisible marks.
    line = " ".join(['{{ slot("n") }}'] * 2000)
    root = write(tmp_path, {"x.j2": line + "\n", "slots/n.txt": "ab\n"})
    templates = load_templates(root)
    record = templates.render(templates.templates[0], random.Random(0))
    assert len(record.text) == 5999 and len(record.spans) == 2000
    too_long = write(
        tmp_path / "long", {"x.j2": line + " " + "x" * 5000 + "\n", "slots/n.txt": "ab\n"}
    )
    templates = load_templates(too_long)
    with pytest.raises(DataError, match=r"x\.j2:1: a rendered utterance is longer than 10000"):
        templates.render(templates.templates[0], random.Random(0))
