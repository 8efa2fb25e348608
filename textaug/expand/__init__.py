"""Expand an intent dataset: bring every intent up to a target size with deduplicated variants.

Two passes over the input. The first counts the originals of each intent and
remembers a hash of each original's normalised text; from those counts a plan
gives every original an even share ("quota") of its intent's missing rows. The
second pass streams: each original is written unchanged, a fixed number of
candidate variants is made for it (record ``i`` always uses
``Context.for_record(seed, i)``, so any number of worker processes gives the
same candidates), and the main process keeps, in order, the first candidates
whose normalised text (NFKC, casefolded, punctuation stripped, whitespace collapsed)
is new. A shortfall of one original carries over to the next originals of the
same intent, never beyond ``max_per_original`` variants of one original.

Memory: the plan holds one counter per intent; the dedup set holds one 8-byte
digest per distinct output row in an open-addressing table kept at most half
full (16 to 32 bytes per row: about 100 MB for 4 million output rows); the
diversity report keeps a bounded sample per intent; a recipe with a bare
``slot_swap`` holds the distinct entity values of the data (one more pass).
Records themselves stream.

- :mod:`~textaug.expand.plan`: targets per intent and quotas per original;
- :mod:`~textaug.expand.dedup`: normalised text, digests and the digest set;
- :mod:`~textaug.expand.expander`: the streaming run (:class:`Expander`);
- :mod:`~textaug.expand.recipe`: which recipe runs, with slot values for ``slot_swap``;
- :mod:`~textaug.expand.report`: counts, refusals, diversity and examples.
"""

from textaug.expand.dedup import NEAR_DUPLICATE, DigestSet, digest, normalise
from textaug.expand.expander import Expander, expand_records, first_pass
from textaug.expand.plan import CANDIDATE_SLACK, Plan
from textaug.expand.recipe import (
    build_recipe,
    needs_data,
    needs_slot_values,
    recipe_config,
    with_label_words,
    with_slot_values,
    without_slot_swap,
)
from textaug.expand.report import ExpandReport, diversity

__all__ = [
    "CANDIDATE_SLACK",
    "NEAR_DUPLICATE",
    "DigestSet",
    "ExpandReport",
    "Expander",
    "Plan",
    "build_recipe",
    "digest",
    "diversity",
    "expand_records",
    "first_pass",
    "needs_data",
    "needs_slot_values",
    "normalise",
    "recipe_config",
    "with_label_words",
    "with_slot_values",
    "without_slot_swap",
]
