"""Use an installed spaCy pipeline as a textaug tagger (spaCy is imported only here)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from typing import Any

from textaug.errors import ResourceError


def install_hint(name: str) -> str:
    return (
        f"spaCy pipeline {name!r} is not installed. Install it with "
        f"`python -m spacy download {name}` (or `pip install` its model wheel, e.g. from "
        f"https://github.com/explosion/spacy-models/releases), or use the built-in tagger, "
        f"`load_tagger()`, which works offline."
    )


class SpacyTagger:
    """Tags words with a spaCy pipeline's ``token.pos_``, keeping the caller's tokenisation."""

    def __init__(self, name: str) -> None:
        if not name.replace("_", "").replace("-", "").replace(".", "").isalnum():
            raise ResourceError(install_hint(name))
        if importlib.util.find_spec("spacy") is None:
            raise ResourceError(
                f"spaCy is not installed, so pipeline {name!r} cannot be used: "
                f"`pip install spacy` then `python -m spacy download {name}`; "
                f"or use the built-in tagger, `load_tagger()`, which works offline."
            )
        import spacy

        if not spacy.util.is_package(name) and importlib.util.find_spec(name) is None:
            raise ResourceError(install_hint(name))
        try:
            self._nlp: Any = spacy.load(name, exclude=["ner", "parser", "lemmatizer"])
        except (OSError, ImportError, ValueError) as exc:
            raise ResourceError(install_hint(name) + f" ({exc})") from exc
        self.name = name

    def _doc(self, words: Sequence[str]) -> Any:
        from spacy.tokens import Doc

        return Doc(self._nlp.vocab, words=list(words))

    def tag(self, words: Sequence[str]) -> list[str]:
        """Return ``token.pos_`` for each word, tokens aligned one-to-one with ``words``."""
        if not words:
            return []
        doc = self._nlp(self._doc(words))
        return [token.pos_ for token in doc]

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[str]]:
        """Tag sentences through ``nlp.pipe`` (batched)."""
        docs = [self._doc(words) for words in sentences]
        return [[token.pos_ for token in doc] for doc in self._nlp.pipe(docs)]
