"""Every Python example and every ``textaug`` command in the README runs as written.

Each example runs the way a reader would run it: as a script of its own (or a shell
command), in a fresh folder holding the files the README assumes (``train.jsonl``,
``data.jsonl``, ``test.jsonl``, a GloVe file, the shipped ``templates/`` and
``corpora/``), so a renamed function, a changed option or a default that no longer fits
the example fails here instead of in a user's terminal. Where the README states an
outcome, we check it.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CORPUS = ROOT / "corpora" / "intents.jsonl"


@dataclass(frozen=True)
class Example:
    """One fenced block of the README: its language, code and the heading above it."""

    language: str
    code: str
    heading: str
    line: int

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.heading.lower()).strip("-")
        return f"line{self.line}-{slug}"


def readme_blocks(language: str) -> list[Example]:
    """The README's fenced blocks in ``language``, in order."""
    found = []
    heading = ""
    lines = README.splitlines()
    k = 0
    while k < len(lines):
        line = lines[k]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("```"):  # a fence: skip to its end, keeping our language's
            start = k + 1
            end = lines.index("```", start)
            if line.strip() == f"```{language}":
                code = "\n".join(lines[start:end]) + "\n"
                found.append(Example(language, code, heading, k + 1))
            k = end
        k += 1
    return found


def _tiny_glove(path: Path) -> None:
    """A GloVe text file (no header) of a few 3-d vectors: enough to be found and read."""
    rows = {"cheap": "0.9 0.1 0.0", "inexpensive": "0.8 0.2 0.1", "flight": "0.0 0.9 0.3"}
    path.write_text("".join(f"{w} {v}\n" for w, v in rows.items()), encoding="utf-8")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A folder with the files the README's examples name."""
    shutil.copy(CORPUS, tmp_path / "train.jsonl")
    shutil.copy(CORPUS, tmp_path / "data.jsonl")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    shutil.copytree(ROOT / "corpora", tmp_path / "corpora")
    _tiny_glove(tmp_path / "glove.6B.100d.txt")
    # A test set of other utterances of the same intents, made from the shipped templates.
    done = _textaug(
        tmp_path,
        "generate", "templates/", "-o", str(tmp_path / "unused.jsonl"), "--per-intent", "20",
        "--seed", "3", "--split", "0.5", "--test-output", "test.jsonl",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return tmp_path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["HF_DATASETS_OFFLINE"] = "1"  # the README's Dataset.map example reads a local file
    env["HF_HUB_OFFLINE"] = "1"
    return env


def _textaug(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "textaug", *args, "--no-progress"]
        if args[0] in ("augment", "expand")
        else [sys.executable, "-m", "textaug", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
    )


#: Names an example uses but leaves to the reader, with what the reader would have.
PREAMBLES = {
    "my_texts": (
        "import json\n"
        "my_texts = [json.loads(line)['text'] for line in open('train.jsonl', encoding='utf-8')]\n"
    ),
}

PYTHON_EXAMPLES = readme_blocks("python")


def test_the_readme_has_the_examples_this_module_expects() -> None:
    headings = {e.heading for e in PYTHON_EXAMPLES}
    assert len(PYTHON_EXAMPLES) >= 9
    assert {"Python quickstart", "Writing an augmenter"} <= headings


@pytest.mark.parametrize("example", PYTHON_EXAMPLES, ids=lambda e: e.id)
def test_python_example_runs(example: Example, workdir: Path) -> None:
    preamble = "".join(code for name, code in PREAMBLES.items() if name in example.code)
    script = workdir / "example.py"
    script.write_text(preamble + example.code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
    )
    assert done.returncode == 0, f"README line {example.line}:\n{done.stderr}"
    _check_stated_outcome(example, done.stdout, workdir)


def _check_stated_outcome(example: Example, stdout: str, workdir: Path) -> None:
    """What the text around an example promises, checked on what it printed or wrote."""
    if "RandomSwap(rate=0.2).augment(record" in example.code:
        lines = stdout.splitlines()
        assert len(lines) == 3  # three distinct variants
        for line in lines:  # entities keep their exact values wherever they move
            assert "['New York', 'Boston', 'tomorrow']" in line
    if "class PolitePrefix" in example.code:  # the outputs its comments state
        two, none, config = stdout.splitlines()
        assert sorted(ast.literal_eval(two)) == [
            "kindly book a table for two",
            "please book a table for two",
        ]
        assert none == "[]"
        assert config == "{'name': 'polite_prefix', 'words': ['please']}"
    if "augment_doc(" in example.code:
        lines = stdout.splitlines()
        assert lines
        for line in lines:
            assert "('Boston', 'from_city')" in line and "('Denver', 'to_city')" in line
    if "write_jsonl(" in example.code:  # "byte-identical to textaug augment -n 3 --seed 1"
        args = ("augment", "train.jsonl", "-o", "cli.jsonl", "-n", "3", "--seed", "1")
        done = _textaug(workdir, *args)
        assert done.returncode == 0, done.stderr
        dask_output = (workdir / "train.augmented.jsonl").read_bytes()
        assert dask_output == (workdir / "cli.jsonl").read_bytes()


def _commands() -> list[tuple[str, Example]]:
    """Each ``textaug`` command of the README's shell blocks, with its block.

    Skipped: the synopsis block (``IN``/``OUT`` placeholders), the set-up lines at the
    top (run by CI and the fresh-machine check), ``pip`` and the benchmarks.
    """
    found = []
    for example in readme_blocks("bash"):
        if " IN " in example.code or "python3 -m venv" in example.code:
            continue
        for line in example.code.splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith("textaug "):
                found.append((command, example))
    return found


COMMANDS = _commands()


def test_the_readme_shows_the_commands_this_module_runs() -> None:
    verbs = {shlex.split(command)[1] for command, _ in COMMANDS}
    assert {"augment", "expand", "evaluate", "generate", "lint"} <= verbs


@pytest.mark.parametrize(
    "block", sorted({e.line for _, e in COMMANDS}), ids=lambda line: f"line{line}"
)
def test_shell_commands_run_in_order(block: int, workdir: Path) -> None:
    """A block's commands run one after another, as a reader would paste them."""
    for command, example in COMMANDS:
        if example.line != block:
            continue
        args = shlex.split(command)[1:]
        done = _textaug(workdir, *args)
        assert done.returncode == 0, f"README line {block}: {command}\n{done.stderr}"
        out = args[args.index("-o") + 1] if "-o" in args else None
        if out is not None and out != "-":
            assert (workdir / out).stat().st_size > 0, command
        if args[0] == "evaluate" and "--plot" in args:
            assert (workdir / args[args.index("--plot") + 1]).read_bytes()[:4] == b"\x89PNG"
