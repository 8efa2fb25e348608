"""Shared test fixtures: paths to the repo's sample data and the development data beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

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
