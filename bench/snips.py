"""The SNIPS development data the benchmarks share (``../shared``, never shipped)."""

from __future__ import annotations

import json
from pathlib import Path

SNIPS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "intents" / "snips"


def utterances(n: int) -> list[str]:
    """SNIPS test texts, then train texts, up to ``n``."""
    texts: list[str] = []
    for split in ("test", "train"):
        for line in (SNIPS / f"{split}.jsonl").read_text("utf-8").splitlines():
            if len(texts) == n:
                return texts
            texts.append(json.loads(line)["text"])
    return texts
