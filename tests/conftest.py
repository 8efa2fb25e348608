"""Shared test fixtures: paths to the repo's sample data and the development data beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from textaug.record import Record
from textaug.tokens import Token, tokenize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = ROOT / "corpora" / "intents.jsonl"


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus_records():  # type: ignore[no-untyped-def]
    from textaug.io import read_records

    return list(read_records(str(CORPUS)))


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root`` (folders made as needed); returns root."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def token(record: Record, text: str) -> Token:
    """The first token of ``record`` that reads ``text``."""
    return next(t for t in tokenize(record.text) if t.text == text)


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m textaug ARGS`` in a fresh process, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "textaug", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=300,
        cwd=cwd,
    )
