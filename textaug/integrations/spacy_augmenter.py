"""A textaug recipe as a spaCy training augmenter, and augmentation of ``Doc`` objects.

Importing this module registers ``textaug.augmenter.v1`` in spaCy's
``augmenters`` registry, so a training config can use any recipe::

    [corpora.train.augmenter]
    @augmenters = "textaug.augmenter.v1"
    recipe = "default"
    n = 2
    seed = 0
    keep_original = true

spaCy finds it without an import through the ``spacy_augmenters`` entry point
of the textaug package. The reference doc's text and entities become a
:class:`~textaug.record.Record`; each variant comes back as an ``Example``
whose reference doc has the entities at their new character offsets
(``Doc.char_span(..., alignment_mode="strict")``). A variant whose entity no
longer falls on token boundaries is dropped and counted, never emitted with a
shifted entity. Entities, ``cats`` and nothing else carry over: tags and
parses describe the old tokens.

Determinism: spaCy calls an augmenter once per example without its position,
so the record index is ``zlib.crc32`` of the UTF-8 text, and the generator is
``Context.for_record(seed, crc32(text))``. The same text and seed always give
the same variants, in every epoch and every process; two examples with the
same text get the same variants.
"""

from __future__ import annotations

import functools
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import spacy

from textaug.augmenter import Augmenter, Context
from textaug.errors import ConfigError
from textaug.recipes import load_recipe
from textaug.record import Record, Span

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.training import Example
    from spacy.vocab import Vocab

#: The name a spaCy config uses in ``@augmenters``.
REGISTERED_NAME = "textaug.augmenter.v1"

#: Tally key for variants dropped because an entity did not fall on token boundaries.
MISALIGNED = "spacy: entity not on token boundaries, variant dropped"


def text_index(text: str) -> int:
    """The record index a text stands for: the CRC-32 of its UTF-8 bytes.

    >>> text_index("book a flight to Paris")
    2160939004
    """
    return zlib.crc32(text.encode("utf-8"))


@dataclass
class SpacyAugmenter:
    """``(nlp, example) -> Iterator[Example]``: the example, then up to ``n`` variants.

    ``tally`` counts why variants were refused or dropped in this process.
    """

    augmenter: Augmenter
    n: int = 1
    seed: int = 0
    keep_original: bool = True
    tally: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ConfigError(f"n must be non-negative, got {self.n}")
        if self.seed < 0:
            raise ConfigError(f"seed must be a non-negative integer, got {self.seed}")

    def __call__(self, nlp: Language, example: Example) -> Iterator[Example]:
        from spacy.training import Example

        if self.keep_original:
            yield example
        reference = example.reference
        found = _variant_docs(
            reference, self.augmenter, self.n, self.seed, nlp.make_doc, self.tally
        )
        for doc in found:
            yield Example(nlp.make_doc(doc.text), doc)


@spacy.registry.augmenters(REGISTERED_NAME)
def create_textaug_augmenter(
    recipe: str = "default", n: int = 1, seed: int = 0, keep_original: bool = True
) -> Callable[[Language, Example], Iterator[Example]]:
    """A spaCy augmenter applying a textaug recipe (built-in name or recipe file)."""
    return SpacyAugmenter(load_recipe(recipe), n, seed, keep_original)


def augment_doc(
    doc: Doc, augmenter: Augmenter, n: int = 1, seed: int = 0, nlp: Language | None = None
) -> list[Doc]:
    """Up to ``n`` variant Docs of ``doc``, entities re-aligned, in ``doc``'s vocab.

    Variants are tokenized by ``nlp`` if given, else by a blank pipeline of
    ``doc.lang_`` (no model is loaded). Variants whose entities would not fall
    on token boundaries are left out.
    """
    if n < 0:
        raise ConfigError(f"n must be non-negative, got {n}")
    make_doc = nlp.make_doc if nlp is not None else functools.partial(_blank_make_doc, doc.vocab)
    return list(_variant_docs(doc, augmenter, n, seed, make_doc, Counter()))


def doc_to_record(doc: Doc) -> Record:
    """The record for a doc: its text and entities (labels as entity names)."""
    spans = tuple(Span(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents)
    return Record(doc.text, spans=spans)


def record_to_doc(record: Record, make_doc: Callable[[str], Doc], like: Doc) -> Doc | None:
    """A doc for ``record`` with its entities, or ``None`` if one is not on token boundaries.

    Tokens outside entities are marked outside ("O") when every token of
    ``like`` carries entity annotation, else left missing; ``cats`` are copied.
    """
    doc = make_doc(record.text)
    ents = []
    for span in record.spans:
        ent = doc.char_span(span.start, span.end, label=span.entity, alignment_mode="strict")
        if ent is None:
            return None
        ents.append(ent)
    fully_annotated = len(like) > 0 and all(token.ent_iob != 0 for token in like)
    doc.set_ents(ents, default="outside" if fully_annotated else "missing")
    doc.cats = dict(like.cats)
    return doc


def _variant_docs(
    doc: Doc,
    augmenter: Augmenter,
    n: int,
    seed: int,
    make_doc: Callable[[str], Doc],
    tally: Counter[str],
) -> Iterator[Doc]:
    ctx = Context.for_record(seed, text_index(doc.text))
    for variant in augmenter.variants(doc_to_record(doc), n, ctx):
        new = record_to_doc(variant, make_doc, doc)
        if new is None:
            tally[MISALIGNED] += 1
            continue
        yield new
    tally.update(ctx.tally)


@functools.cache
def _blank_tokenizer(lang: str) -> Callable[[str], Doc]:
    return spacy.blank(lang).tokenizer


def _blank_make_doc(vocab: Vocab, text: str) -> Doc:
    from spacy.tokens import Doc

    tokens = _blank_tokenizer(vocab.lang)(text)
    return Doc(vocab, words=[t.text for t in tokens], spaces=[bool(t.whitespace_) for t in tokens])
