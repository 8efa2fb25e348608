"""Verbs that take two objects ("show me the forecast", "book us a table").

WordNet lists its sentence frames per synset, so every member of a sense that has the
frame "Somebody ----s somebody something" seems to take it: "show" does, and so do
"demonstrate", "exhibit" and "present", which do not ("present me the forecast").
Whether a verb takes the double-object construction is a fact about the verb, not the
sense (the English dative and benefactive alternations, Levin 1993, classes 9-13 and
26, 37). This list holds the common verbs that do, for the synonym check of a verb used
with two objects; a verb missing from it only means one synonym fewer.
"""

from __future__ import annotations

from textaug.lexicon.stopwords import words

DOUBLE_OBJECT_VERBS = words(
    """
    allow ask assign award bake bet bid book bring build buy call cause charge choose
    cook cost deal deny draw earn email feed fetch find fix forward get give grant hand
    hire leave lend loan mail make message offer order owe paint pass pay phone pick play
    pour promise read refund rent reserve save sell send serve show sing spare
    take teach tell text throw toss wire wish write
    """
)
"""Common English verbs that take an indirect object without "to"/"for"."""

CLAUSE_OBJECT_VERBS = words(
    """
    advise ask assure convince email inform message notify persuade phone promise remind
    show teach tell text warn write
    """
)
"""Verbs that take an object and then a clause: "tell me how it goes", "remind us that"."""

OBJECT_AND_CLAUSE = 36
"""The frame "Somebody ----s somebody that CLAUSE", which WordNet lacks (its frames end at 35)."""
