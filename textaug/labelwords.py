"""The words that carry an intent, found in the data: "play" in play_music, "weather" in
get_weather.

Replacing such a word changes what the sentence asks for ("play some jazz" -> "act some
jazz"), so word replacement leaves them alone (``protect_words`` with ``by_label``).
A word carries intent L when it occurs in at least ``min_count`` of L's utterances
(outside entities) and at least ``min_share`` of the utterances that contain it
anywhere are L's. Inflections count together ("play", "plays", "playing") and all the
forms seen are protected; stopwords never carry an intent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache

from textaug.lexicon import NEGATIONS, STOPWORDS, load_wordnet
from textaug.protect import overlaps
from textaug.record import Record
from textaug.tokens import words_of

#: Utterances of an intent that must contain a word (any form) for it to carry the intent.
MIN_COUNT = 2
#: Share of the word's utterances (in every intent) that must be the intent's.
MIN_SHARE = 0.7


def label_words(
    records: Iterable[Record], min_count: int = MIN_COUNT, min_share: float = MIN_SHARE
) -> dict[str, list[str]]:
    """Per intent, the word forms (lower case, sorted) that carry it; intents with none
    are left out.

    >>> rows = [Record(t, "play") for t in ("play jazz", "play some blues", "playing rock")]
    >>> rows += [Record(t, "weather") for t in ("weather in Oslo", "is it sunny", "rain?")]
    >>> label_words(rows)
    {'play': ['play', 'playing']}
    """
    counter = LabelWordCounter(min_count, min_share)
    for _ in counter.observe(records):
        pass
    return counter.words()


class LabelWordCounter:
    """Counts words per intent as records stream past, for :func:`label_words`."""

    def __init__(self, min_count: int = MIN_COUNT, min_share: float = MIN_SHARE) -> None:
        self.min_count = min_count
        self.min_share = min_share
        self._per_label: dict[str, Counter[str]] = {}
        self._overall: Counter[str] = Counter()
        self._forms: dict[str, dict[str, set[str]]] = {}

    def observe(self, records: Iterable[Record]) -> Iterator[Record]:
        """Yield ``records`` unchanged, counting each one's words on the way."""
        for record in records:
            if record.label is not None:
                self._add(record.label, _keys_outside_entities(record))
            yield record

    def _add(self, label: str, seen: dict[str, set[str]]) -> None:
        self._per_label.setdefault(label, Counter()).update(seen.keys())
        self._overall.update(seen.keys())
        by_key = self._forms.setdefault(label, {})
        for key, forms in seen.items():
            by_key.setdefault(key, set()).update(forms)

    def words(self) -> dict[str, list[str]]:
        """The label words of the records observed so far."""
        found: dict[str, list[str]] = {}
        for label, counts in sorted(self._per_label.items()):
            carried = sorted(
                form
                for key, count in counts.items()
                if count >= self.min_count and count >= self.min_share * self._overall[key]
                for form in self._forms[label][key]
            )
            if carried:
                found[label] = carried
        return found


def _keys_outside_entities(record: Record) -> dict[str, set[str]]:
    """The record's content words outside its entities: lemma key -> the forms seen."""
    out: dict[str, set[str]] = {}
    for word in words_of(record.text):
        if not word.is_plain or overlaps(word.start, word.end, record.spans):
            continue
        form = word.text.lower()
        if form in STOPWORDS or form in NEGATIONS or not form.isalpha():
            continue
        out.setdefault(_lemma_key(form), set()).add(form)
    return out


@lru_cache(maxsize=65536)
def _lemma_key(form: str) -> str:
    """One key for a word's inflections: its shortest WordNet base form in any part of speech."""
    lexicon = load_wordnet()
    bases = {b for upos in ("NOUN", "VERB", "ADJ") for b in lexicon.lemmatize(form, upos)}
    return min(bases, key=lambda b: (len(b), b)) if bases else form
