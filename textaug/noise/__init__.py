"""Character noise: realistic typing, OCR and spacing errors that keep the meaning.

Each model is a registered augmenter that edits one token's characters at a
time, asking meaning guards (:func:`textaug.guards.default_noise_guards`) which
words may change and which misspellings are acceptable. ``homoglyphs`` and
``zero_width`` are adversarial and in no default recipe.
"""

from __future__ import annotations

from textaug.noise.base import WordNoise
from textaug.noise.case import CaseNoise, PunctuationNoise
from textaug.noise.chars import CharEdits
from textaug.noise.keyboard import KeyboardTypos
from textaug.noise.layouts import LAYOUTS, adjacency
from textaug.noise.misspell import Misspellings, misspellings
from textaug.noise.ocr import OcrErrors
from textaug.noise.spacing import WhitespaceNoise
from textaug.noise.unicode import Homoglyphs, ZeroWidth

__all__ = [
    "LAYOUTS",
    "CaseNoise",
    "CharEdits",
    "Homoglyphs",
    "KeyboardTypos",
    "Misspellings",
    "OcrErrors",
    "PunctuationNoise",
    "WhitespaceNoise",
    "WordNoise",
    "ZeroWidth",
    "adjacency",
    "misspellings",
]
