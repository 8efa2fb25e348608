"""Slot-value swapping: replace an entity's value with another value of the same slot.

"book a flight to [Paris](city)" becomes "book a flight to [Tokyo](city)":
the sentence, the intent and every other span stay as they were, and the
swapped span is resized to fit the new value exactly. Values come from a
``values`` mapping (entity -> values, ``"surface => canonical"`` allowed), from
the slot lists of a template directory (``path``), or from the values seen in
the data itself (:func:`slot_values_from_records`). The span's canonical value
follows the new surface: the new value's canonical if it has one, else none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from textaug.augmenter import Budgeted, Context
from textaug.errors import ConfigError, DataError
from textaug.lexicon.articles import article_before, match_article
from textaug.lexicon.dates import time_preposition
from textaug.lexicon.stopwords import DETERMINERS, PREPOSITIONS
from textaug.protect import overlaps
from textaug.record import Edit, Record
from textaug.registry import register

SYNONYM_ARROW = "=>"


def slot_values_from_records(records: Iterable[Record]) -> dict[str, list[str]]:
    """Every distinct value per entity in ``records``, first-seen order, as ``values`` items.

    A value with a canonical form is written ``"surface => canonical"``.

    >>> from textaug.record import Span
    >>> r = Record("fly to NYC", "book", (Span(7, 10, "city", canonical="New York"),))
    >>> slot_values_from_records([r, Record("to Paris", "book", (Span(3, 8, "city"),))])
    {'city': ['NYC => New York', 'Paris']}
    """
    return slot_values(records)[0]


def slot_values(
    records: Iterable[Record],
) -> tuple[dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """:func:`slot_values_from_records`, and the same per intent, in one pass.

    >>> from textaug.record import Span
    >>> a = Record("fly to Paris", "book", (Span(7, 12, "city"),))
    >>> b = Record("weather in Oslo", "weather", (Span(11, 15, "city"),))
    >>> slot_values([a, b])
    ({'city': ['Paris', 'Oslo']}, {'book': {'city': ['Paris']}, 'weather': {'city': ['Oslo']}})
    """
    from textaug.templates.values import escape_arrows  # the slot-list syntax

    found: dict[str, dict[str, None]] = {}
    by_intent: dict[str, dict[str, dict[str, None]]] = {}
    for record in records:
        for span in record.spans:
            surface = record.text[span.start : span.end]
            if not surface.strip():
                continue  # an entity of spaces: nothing another sentence could take
            item = escape_arrows(surface)  # data can hold "=>": it is no synonym there
            if span.canonical is not None:
                item = f"{item} {SYNONYM_ARROW} {escape_arrows(span.canonical)}"
            found.setdefault(span.entity, {})[item] = None
            if record.label is not None:
                by_intent.setdefault(record.label, {}).setdefault(span.entity, {})[item] = None
    return (
        {entity: list(items) for entity, items in found.items()},
        {
            label: {entity: list(items) for entity, items in values.items()}
            for label, values in by_intent.items()
        },
    )


SCOPES = ("any", "names", "intent")
_Items = tuple[tuple[str, str | None], ...]
"""A slot's values: (surface, canonical or None), in first-seen order."""


@register("slot_swap")
@dataclass(frozen=True)
class SlotSwap(Budgeted):
    """Replaces entity values with other values of the same slot; spans stay exact.

    ``rate`` of the swappable entities change (at least ``min_ops``);
    ``entities`` limits which entity types may change (default: all with
    alternatives). Without ``values`` or ``path`` there is nothing to swap in,
    and every record is refused with that reason.

    ``scope`` says which values may enter a record of another intent. "any": all
    of them. "intent": only values of its own intent (``values_by_intent``).
    "names": its own intent's values, plus values from any intent that are names
    or numbers ("Boston", "8 am", "the Beatles"), not common words ("book",
    "movie schedules", "tomorrow"), which often name the intent themselves.
    """

    rate: float = 1.0
    values: Mapping[str, Sequence[str]] = field(default_factory=dict)
    path: str | None = None
    entities: tuple[str, ...] = ()
    scope: str = "any"
    values_by_intent: Mapping[str, Mapping[str, Sequence[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.values, Mapping):
            raise ConfigError(f"{self.name}: values must map entity names to lists of values")
        if self.scope not in SCOPES:
            raise ConfigError(
                f"{self.name}: scope must be one of {', '.join(SCOPES)}, got {self.scope!r}"
            )
        self._pools()
        for label, values in self.values_by_intent.items():  # checked now, not mid-run
            self._add_values({}, values, f"values_by_intent[{label!r}]")

    def __hash__(self) -> int:
        return hash((self.rate, self.min_ops, self.max_ops, self.path, self.entities, self.scope))

    def _pools(self) -> dict[str, tuple[tuple[str, str | None], ...]]:
        pools: dict[str, dict[str, str | None]] = {}
        if self.path is not None:
            for entity, known in _template_values(self.path).items():
                pools.setdefault(entity, {}).update(known)
        self._add_values(pools, self.values, "values")
        return {entity: tuple(items.items()) for entity, items in pools.items()}

    def _add_values(
        self,
        pools: dict[str, dict[str, str | None]],
        values: Mapping[str, Sequence[str]],
        where: str,
    ) -> None:
        for entity, items in values.items():
            if isinstance(items, str) or not isinstance(items, Iterable):
                raise ConfigError(f"{self.name}: {where}[{entity!r}] must be a list of strings")
            for item in items:
                try:
                    surface, canonical = _parse(str(item))
                except ValueError as exc:
                    raise ConfigError(f"{self.name}: {where}[{entity!r}]: {exc}") from None
                if not surface:
                    raise ConfigError(f"{self.name}: {where}[{entity!r}] holds an empty value")
                pools.setdefault(str(entity), {})[surface] = canonical

    def _intent_pools(
        self,
    ) -> tuple[dict[str, dict[str, _Items]], dict[str, _Items]]:
        """Per intent, the values a record of that intent may take (see ``scope``), and
        those a record of any other intent (or none) may take: the names, for "names"."""
        shared: dict[str, dict[str, str | None]] = {}
        if self.scope == "names":
            for entity, pool in self._pools().items():
                shared[entity] = {s: c for s, c in pool if is_name_like(s)}
        out: dict[str, dict[str, _Items]] = {}
        for label, values in self.values_by_intent.items():
            own: dict[str, dict[str, str | None]] = {}
            self._add_values(own, values, f"values_by_intent[{label!r}]")
            for entity, names in shared.items():
                items = own.setdefault(entity, {})
                for surface, canonical in names.items():
                    items.setdefault(surface, canonical)  # the intent's own canonical wins
            out[label] = {entity: tuple(items.items()) for entity, items in own.items()}
        return out, {entity: tuple(items.items()) for entity, items in shared.items()}

    def transform(self, record: Record, ctx: Context) -> Record | None:
        pools = _cached_pools(self)
        if self.scope != "any":
            by_intent, shared = _cached_intent_pools(self)
            pools = by_intent.get(record.label or "", shared)
        swappable = [
            (index, span)
            for index, span in enumerate(record.spans)
            if (not self.entities or span.entity in self.entities)
            and _Pool.of(pools, span.entity).count_except((record.span_text(span).casefold(),))
        ]
        if not swappable:
            ctx.give_up(f"{self.name}: no entity with another known value")
            return None
        count = max(1, self.budget(len(swappable), ctx.rng))
        chosen = sorted(ctx.rng.sample(swappable, count), key=lambda item: item[0])
        edits = []
        canonicals: dict[int, str | None] = {}
        # no value twice in one record: not "from charlotte to charlotte"
        taken = {record.span_text(span).casefold() for span in record.spans}
        shouting = record.text.isupper()
        for index, span in chosen:
            pool = _Pool.of(pools, span.entity)
            before = _word_before(record.text, span.start)
            if before and pool.fitting(before).count_except(taken):
                pool = pool.fitting(before)  # not "for in 2 minutes", "on tomorrow", "the a"
            free = pool.count_except(taken)
            if not free:
                continue
            surface, canonical = pool.pick_except(taken, int(ctx.rng.random() * free))
            taken.add(surface.casefold())
            if shouting:
                surface = surface.upper()  # "ADD A BANANA" -> "ADD AN APPLE", not "ADD An apple"
            article = _article_to_fix(record, span.start, surface, self.name)
            if article is not None:
                edits.append(article)
            edits.append(Edit(span.start, span.end, surface, self.name, in_span=True))
            canonicals[index] = canonical
        if not edits:
            ctx.give_up(f"{self.name}: every other value is already in the record")
            return None
        swapped = record.apply(edits)
        spans = tuple(
            span._replace(canonical=canonicals[i]) if i in canonicals else span
            for i, span in enumerate(swapped.spans)
        )
        return replace(swapped, spans=spans)


def _article_to_fix(record: Record, start: int, value: str, op: str) -> Edit | None:
    """The edit that makes an "a"/"an" before ``start`` agree with the new value, if needed.

    "add a track" with "album" swapped in reads "add an album". An article inside
    another entity is left alone.
    """
    found = article_before(record.text, start)
    if found is None or overlaps(found[0], found[1], record.spans):
        return None
    article = record.text[found[0] : found[1]]
    wanted = match_article(article, value)
    return None if wanted == article else Edit(found[0], found[1], wanted, op)


#: Prepositions that do not stack: a value starting with one ("at noon", "in 2 minutes")
#: cannot follow one. Particles ("wake me up at noon") may.
_STACKING = PREPOSITIONS - {"up", "down", "out", "off"}
#: Prepositions a date or time chooses ("at 7 pm", "on Friday", "in March").
_POINT = frozenset({"on", "at", "in"})


def _word_before(text: str, start: int) -> str:
    """The preposition, determiner or number right before ``start`` ("for" in "for
    tomorrow", "the" in "the Beatles"), lower-cased, or ""."""
    head = text[:start].rstrip()
    word = head.rsplit(None, 1)[-1].lower() if head else ""
    return word if word in _STACKING or _opens_noun_phrase(word) else ""


def _opens_noun_phrase(word: str) -> bool:
    """A determiner or a number: "the", "my", "four", "2"."""
    from textaug.tokens import NUMBER_WORDS

    return word in DETERMINERS or word in NUMBER_WORDS or word.isdigit()


def _context(word: str) -> str:
    """The kind of word before a value, as far as :func:`_fits_after` cares: "on", "at"
    and "in" are each their own kind."""
    if word in _POINT:
        return word
    return "preposition" if word in _STACKING else "determiner"


def _fits_after(word: str, value: str) -> bool:
    """Whether ``value`` reads right after ``word`` (from :func:`_word_before`): no
    stacked prepositions ("for in 2 minutes"), dates and times only after the
    preposition they take (not "on tomorrow", "on March", "at Friday"), no stacked
    determiners or numbers ("the this show", "four a soup")."""
    first = value.split(" ", 1)[0].lower()
    if word in _POINT:
        takes = time_preposition(value)
        return first not in _STACKING and (takes is None or takes == word)
    if word in _STACKING:
        return first not in _STACKING
    return not _opens_noun_phrase(first)


class _Pool:
    """One slot's values, indexed by case-folded surface, so picking a value other
    than the current one costs no pass over the pool (thousands of values, for a
    slot filled from a big dataset)."""

    __slots__ = ("_fitting", "folded", "items")

    def __init__(self, items: Sequence[tuple[str, str | None]]) -> None:
        self.items = tuple(items)
        self.folded: dict[str, list[int]] = {}
        for position, (surface, _) in enumerate(self.items):
            self.folded.setdefault(surface.casefold(), []).append(position)
        self._fitting: dict[str, _Pool] = {}

    def fitting(self, word: str) -> _Pool:
        """The values that may follow ``word`` (:func:`_fits_after`), indexed once per kind."""
        key = _context(word)
        found = self._fitting.get(key)
        if found is None:
            kept = [item for item in self.items if _fits_after(word, item[0])]
            found = self._fitting[key] = self if len(kept) == len(self.items) else _Pool(kept)
        return found

    @staticmethod
    def of(pools: Mapping[str, _Pool], entity: str) -> _Pool:
        return pools.get(entity, _EMPTY)

    def count_except(self, folded: Iterable[str]) -> int:
        """How many values are not among the case-folded surfaces ``folded``."""
        return len(self.items) - sum(len(self.folded.get(f, ())) for f in folded)

    def pick_except(self, folded: Iterable[str], k: int) -> tuple[str, str | None]:
        """The ``k``-th value, in pool order, of those not among ``folded``."""
        for position in sorted(p for f in folded for p in self.folded.get(f, ())):
            if position <= k:
                k += 1
        return self.items[k]


def _parse(item: str) -> tuple[str, str | None]:
    """``surface => canonical`` read as template slot lists read it (``\\=>`` is a literal
    arrow); trimmed at both ends, inner whitespace kept, so a value is the text written."""
    from textaug.templates.values import split_synonym

    surface, canonical = split_synonym(item)
    surface = surface.strip()
    canon = canonical.strip() if canonical is not None else None
    return surface, (canon if canon and canon != surface else None)


_EMPTY = _Pool(())


@cache
def _cached_pools(augmenter: SlotSwap) -> dict[str, _Pool]:
    return {entity: _Pool(items) for entity, items in augmenter._pools().items()}


_Pools = dict[str, _Pool]


@cache
def _cached_intent_pools(augmenter: SlotSwap) -> tuple[dict[str, _Pools], _Pools]:
    by_intent, shared = augmenter._intent_pools()
    return (
        {
            label: {entity: _Pool(items) for entity, items in pools.items()}
            for label, pools in by_intent.items()
        },
        {entity: _Pool(items) for entity, items in shared.items()},
    )


_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def is_name_like(value: str) -> bool:
    """Whether a slot value is a name or a number rather than common words.

    "Boston", "new york", "the Beatles", "8 am" and "flight 201" are; "book", "movie
    schedules", "tomorrow", "top ten" and "first class" are not: WordNet knows all
    their words in lower case (or they are function or number words).
    """
    from textaug.lexicon.stopwords import STOPWORDS
    from textaug.lexicon.wordnet import load_wordnet
    from textaug.tokens import NUMBER_WORDS

    if any(ch.isdigit() for ch in value):
        return True
    wn = load_wordnet()
    words = [w for w in _WORDS.findall(value.lower()) if w not in STOPWORDS]
    return any(w not in NUMBER_WORDS and not wn.is_common_word(w) for w in words)


@cache
def _template_values(path: str) -> dict[str, dict[str, str | None]]:
    """Slot lists of a template directory (or of its ``slots/`` folder), by list name."""
    from pathlib import Path

    from textaug.templates.values import read_value_dir

    root = Path(path)
    folder = root / "slots" if (root / "slots").is_dir() else root
    if not folder.is_dir():
        raise ConfigError(f"slot_swap: {path!r} is not a template or slot-list directory")
    try:
        lists = read_value_dir(folder, "slot")
    except DataError as exc:
        raise ConfigError(f"slot_swap: {exc}") from None
    return {name: {v.surface: v.canonical for v in values.values} for name, values in lists.items()}
