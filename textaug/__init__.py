"""textaug: more and better NLP training data behind one augmenter API.

Every augmenter maps a :class:`Record` (text, intent label, entity spans,
metadata, provenance) to a list of distinct changed records, with entity
offsets kept exact and randomness drawn from an explicit, seeded generator::

    from textaug import RandomSwap, Record, Span
    record = Record("book a flight to Paris", "book_flight", (Span(17, 22, "city"),))
    variants = RandomSwap(rate=0.2).augment(record, n=3, seed=1)

Importing textaug is light: spaCy, NLTK and gensim load only when used.
"""

from textaug.augmenter import Augmenter, Context
from textaug.compose import OneOf, Pipeline, Sometimes
from textaug.errors import (
    ConfigError,
    DataError,
    ResourceError,
    SpanError,
    TextaugError,
    UsageError,
)
from textaug.guards import (
    Guard,
    KeepFirstLetter,
    LabelCheck,
    MaxEditsPerWord,
    MinWordLength,
    NotARealWord,
    ProtectEntities,
    ProtectNames,
    ProtectNegations,
    ProtectNumbers,
    ProtectWords,
    Recoverable,
    default_guards,
    default_noise_guards,
    word_replacement_guards,
)
from textaug.io import open_writer, read_records, write_records
from textaug.labelwords import label_words
from textaug.noise import (
    CaseNoise,
    CharEdits,
    Homoglyphs,
    KeyboardTypos,
    Misspellings,
    OcrErrors,
    PunctuationNoise,
    WhitespaceNoise,
    ZeroWidth,
)
from textaug.recipes import load_recipe, save_recipe
from textaug.record import Edit, Record, Span, apply_edits, replay
from textaug.registry import from_config, register, to_config
from textaug.run import Summary, augment_records
from textaug.slots import SlotSwap, slot_values_from_records
from textaug.structural import PunctuationInsertion, RandomDeletion, RandomInsertion, RandomSwap
from textaug.synonyms import EmbeddingNeighbours, WordNetSynonyms, WordReplacement
from textaug.tokens import Token, tokenize

__version__ = "0.1.0"

__all__ = [
    "Augmenter",
    "CaseNoise",
    "CharEdits",
    "ConfigError",
    "Context",
    "DataError",
    "Edit",
    "EmbeddingNeighbours",
    "Guard",
    "Homoglyphs",
    "KeepFirstLetter",
    "KeyboardTypos",
    "LabelCheck",
    "MaxEditsPerWord",
    "MinWordLength",
    "Misspellings",
    "NotARealWord",
    "OcrErrors",
    "OneOf",
    "Pipeline",
    "ProtectEntities",
    "ProtectNames",
    "ProtectNegations",
    "ProtectNumbers",
    "ProtectWords",
    "PunctuationInsertion",
    "PunctuationNoise",
    "RandomDeletion",
    "RandomInsertion",
    "RandomSwap",
    "Record",
    "Recoverable",
    "ResourceError",
    "SlotSwap",
    "Sometimes",
    "Span",
    "SpanError",
    "Summary",
    "TextaugError",
    "Token",
    "UsageError",
    "WhitespaceNoise",
    "WordNetSynonyms",
    "WordReplacement",
    "ZeroWidth",
    "apply_edits",
    "augment_records",
    "default_guards",
    "default_noise_guards",
    "from_config",
    "label_words",
    "load_recipe",
    "open_writer",
    "read_records",
    "register",
    "replay",
    "save_recipe",
    "slot_values_from_records",
    "to_config",
    "tokenize",
    "word_replacement_guards",
    "write_records",
]
