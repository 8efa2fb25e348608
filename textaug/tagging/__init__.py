"""Universal POS tagging for textaug: a small built-in tagger, or an installed spaCy pipeline.

    from textaug.tagging import load_tagger
    load_tagger().tag(["I", "want", "to", "book", "a", "flight"])
    # ['PRON', 'VERB', 'PART', 'VERB', 'DET', 'NOUN']

Importing this module loads nothing but numpy; the model is read on first use.
"""

from __future__ import annotations

import threading

from textaug.tagging.base import UPOS_TAGS, Tagger
from textaug.tagging.model import PerceptronTagger

__all__ = ["UPOS_TAGS", "PerceptronTagger", "Tagger", "check_tagger", "load_tagger"]

BUILTIN = "textaug-en"
_cache: dict[str, Tagger] = {}
_lock = threading.Lock()


def load_tagger(name: str | None = None) -> Tagger:
    """Return the tagger called ``name``, loading it once per process.

    ``None`` (or ``"textaug-en"``) is the built-in offline tagger; any other name is an
    installed spaCy pipeline such as ``"en_core_web_sm"``. A missing or unknown pipeline
    raises :class:`textaug.errors.ResourceError` saying how to install it.
    """
    key = name or BUILTIN
    tagger = _cache.get(key)
    if tagger is not None:
        return tagger
    with _lock:
        tagger = _cache.get(key)
        if tagger is None:
            if key == BUILTIN:
                tagger = PerceptronTagger.load()
            else:
                from textaug.tagging.spacy_tagger import SpacyTagger

                tagger = SpacyTagger(key)
            _cache[key] = tagger
    return tagger


def check_tagger(name: str | None) -> None:
    """Raise :class:`textaug.errors.ResourceError` now if ``name`` names no installed
    spaCy pipeline, so a configuration fails when it is made, not on its first sentence.

    Cheap: it looks for the pipeline's package without importing spaCy.
    """
    if name is None or name == BUILTIN:
        return
    import importlib.util

    from textaug.tagging.spacy_tagger import install_hint

    valid = name.replace("_", "").replace("-", "").replace(".", "").isalnum()
    if not valid or importlib.util.find_spec(name) is None:
        from textaug.errors import ResourceError

        raise ResourceError(install_hint(name))
