"""The README's code examples run as written."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from textaug import registry

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _python_block_after(heading: str) -> str:
    section = README.split(heading, 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, f"no python example after {heading!r}"
    return match.group(1)


def _run(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Execute ``code`` as a module of its own (dataclasses look their module up).

    Names it registers are forgotten afterwards, so other tests see the built-ins only.
    """
    registry.names()  # load every built-in first, into the real registry
    monkeypatch.setattr(registry, "_registry", dict(registry._registry))
    module = types.ModuleType("readme_example")
    monkeypatch.setitem(sys.modules, module.__name__, module)
    exec(compile(code, "README.md", "exec"), module.__dict__)


def test_writing_an_augmenter_example_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(_python_block_after("### Writing an augmenter"), monkeypatch)
    lines = capsys.readouterr().out.splitlines()
    two = eval(lines[0])  # the two variants
    assert sorted(two) == ["kindly book a table for two", "please book a table for two"]
    assert lines[1] == "[]"
    assert lines[2] == "{'name': 'polite_prefix', 'words': ['please']}"
