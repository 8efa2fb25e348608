"""Structural augmenters from EDA and AEDA: swap, delete, insert words, insert marks.

All four edit the original string by character offset, act on whole words
("I'm" moves as one, punctuation stays put), and never touch entity spans, numbers,
URLs, emails, hyphenated words, negations or protected words. Nothing moves across a
negation or lands right after one, so what it negates stays the same; the preposition
before an entity stays with it, since it gives the entity its role ("from [Newark]").
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from textaug.augmenter import Budgeted, Context
from textaug.errors import ConfigError
from textaug.lexicon.stopwords import PREPOSITIONS, STOPWORDS
from textaug.protect import (
    WordFacts,
    check_words,
    editable_words,
    normalise_words,
    overlaps,
    protected_ranges,
    strictly_inside,
    word_facts,
)
from textaug.record import Edit, Record, Span
from textaug.registry import register
from textaug.tokens import Word, tokenize


@dataclass(frozen=True)
class _WordOperation(Budgeted):
    """Shared fields: a budget over eligible words and user-protected words."""

    protect: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        check_words(self.name, "protect", self.protect)
        object.__setattr__(self, "_protected", normalise_words(self.protect))

    def _editable(self, record: Record) -> tuple[WordFacts, list[Word], dict[int, int]]:
        """The record's word facts; the words this op may edit: see :func:`editable_words`,
        less role prepositions and the words inside a protected phrase ("apple music");
        and the role prepositions (:func:`_role_words`), for :meth:`_slots`."""
        facts = word_facts(record)
        _, editable = editable_words(record, self._protected, facts)  # type: ignore[attr-defined]
        roles = _role_words(record, facts.words) if record.spans else {}
        if roles:
            editable = [w for w in editable if w.start not in roles]
        if self.protect:
            ranges = _phrase_ranges(record.text, self.protect)
            if ranges:
                editable = [
                    w for w in editable if not any(a < w.end and w.start < b for a, b in ranges)
                ]
        return facts, editable, roles

    def _slots(self, record: Record, facts: WordFacts, roles: dict[int, int]) -> list[int]:
        """Insertion points, none inside a protected phrase nor between an entity and the
        preposition that gives it its role (``roles`` from :meth:`_editable`)."""
        slots = _insertion_points(record, facts)
        if roles:
            starts = set(roles.values())
            slots = [p for p in slots if p not in starts]
        ranges = _phrase_ranges(record.text, self.protect) if self.protect else ()
        if ranges:
            slots = [p for p in slots if not any(a < p < b for a, b in ranges)]
        return slots

    def _give_up(self, ctx: Context, why: str) -> None:
        ctx.give_up(f"{self.name}: {why}")


@register("random_swap")
@dataclass(frozen=True)
class RandomSwap(_WordOperation):
    """Swaps pairs of words; entities and protected words stay where they are."""

    def transform(self, record: Record, ctx: Context) -> Record | None:
        facts, movable, _ = self._editable(record)
        all_words = facts.words
        if len(movable) < 2:
            self._give_up(ctx, "fewer than 2 movable words")
            return None
        order = list(range(len(movable)))
        sides = _negation_sides(facts, movable)
        if sides is None:
            for _ in range(self.budget(len(movable), ctx.rng)):
                a, b = ctx.rng.sample(order, 2)
                order[a], order[b] = order[b], order[a]
        else:
            per_side = Counter(sides)
            pairable = [i for i in order if per_side[sides[i]] > 1]
            if not pairable:
                self._give_up(ctx, "fewer than 2 movable words on one side of a negation")
                return None
            groups: dict[int, list[int]] = {}
            for i in pairable:
                groups.setdefault(sides[i], []).append(i)
            place = {i: k for group in groups.values() for k, i in enumerate(group)}
            for _ in range(self.budget(len(movable), ctx.rng)):
                a = ctx.rng.choice(pairable)
                group = groups[sides[a]]
                # the draw choice() makes over a's side without a, with no copy of the list
                k = ctx.rng.randrange(len(group) - 1)
                b = group[k + (k >= place[a])]
                order[a], order[b] = order[b], order[a]
        first = all_words[0]
        edits = []
        for slot, source in enumerate(order):
            if slot == source or movable[slot].text == movable[source].text:
                continue
            target = movable[slot]
            text = _case_for_position(movable[source], target, first, record.text)
            edits.append(Edit(target.start, target.end, text, self.name))
        if not edits:
            return None
        return record.apply(edits)


def _role_words(record: Record, words: Sequence[Word]) -> dict[int, int]:
    """Prepositions right before an entity, as word start -> where the word's phrase
    goes on (the entity's start; for "out" in "out of [6]", the start of "of").

    Such a word gives the entity its role ("from [Newark] to [Boston]", "by [artist] on
    [service]"): moving or deleting it, or inserting a word after it, would leave the
    entity labelled for a role the sentence no longer says.
    """
    starts = {span.start for span in record.spans}
    text = record.text
    found = {}
    for k, word in enumerate(words):
        if word.text.lower() in PREPOSITIONS:
            after = word.end
            while after < len(text) and text[after] in _SPACES:
                after += 1
            if after > word.end and after in starts:
                found[word.start] = after
                head = words[k - 1] if k else None  # "out of [6]", "next to [the bank]"
                if head is not None and head.text.lower() in _PHRASE_HEADS:
                    found[head.start] = word.chunk_start
    return found


_PHRASE_HEADS = frozenset(
    {"out", "instead", "because", "ahead", "next", "close", "due", "according", "near"}
)
"""Words that make one preposition with the next ("out of", "next to"): they stay too."""


def _negation_sides(facts: WordFacts, movable: list[Word]) -> list[int] | None:
    """For each movable word, how many negations precede it; None if the text has none.

    Swaps stay on one side of every negation, so "do not cancel my order" never
    becomes "do not order my cancel": a word moved across "not" changes what it
    negates. A negation inside an entity ("Not Fade Away") does not count.
    """
    if not facts.any_negation or facts.negates is None:
        return None
    negations = [w.start for w, n in zip(facts.words, facts.negates, strict=True) if n]
    return [bisect.bisect(negations, w.start) for w in movable]


@functools.lru_cache(maxsize=256)
def _phrases(protect: tuple[str, ...]) -> tuple[str, ...]:
    """The protected entries of several words: single words are matched word by word."""
    return tuple(p for p in protect if len(p.split()) > 1)


def _phrase_ranges(text: str, protect: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where the protected entries of several words ("apple music") occur, any case."""
    phrases = _phrases(protect)
    return protected_ranges(text, phrases) if phrases else ()


def _case_for_position(word: Word, target: Word, first: Word, sentence: str) -> str:
    """Keep sentence-initial capitals at the start when words move.

    The first word loses its capital only if it is a common word used as one
    ("Book a table"), not a name ("Paris", "iPhone", "John wants a table"); a word
    moved to the front gains one only if it is all lower case ("iphone" might,
    "iPhone" never becomes "IPhone").
    """
    text = word.text
    start_is_title = _opens_with_capital(first.text, sentence)
    if word is first and target is not first and start_is_title:
        return _uncapitalised(first, sentence)
    if target is first and start_is_title and text.islower():
        return _capitalised(text)
    return text


def _capitalised(word: str) -> str:
    """``word`` with a title-case first letter ("ǆungla" -> "ǅungla"), or unchanged when
    that letter has no one-character title case ("ﬁles" is no "FIles", "ßtraße" no "SStraße")."""
    head = word[:1].title()
    return head + word[1:] if len(head) == 1 else word


def _opens_with_capital(first: str, sentence: str) -> bool:
    """Whether the sentence's capital at the start is one whoever opens it should have:
    a Title-case first word, or an acronym ("NASA launches rockets") in a sentence that
    is not all capitals (the acronym keeps its capitals wherever it moves)."""
    if _reads_title(first):
        return True
    return first.isupper() and len(first) > 1 and not sentence.isupper()


def _reads_title(word: str) -> bool:
    """Whether a first word is Title case: "Book", "I", "A", "I'd" (not "NASA", "iPhone")."""
    return word[:1].isupper() and (len(word) == 1 or word[1:2].islower() or word[1:2] in "'’")


def _uncapitalised(first: Word, sentence: str) -> str:
    """A Title-case first word as it reads inside its sentence: "Book" -> "book".

    Names keep their capital: words WordNet lacks or knows only as names ("Paris",
    "iPhone"), and words often written as names that the tagger reads as one in
    this sentence ("John wants a table", "Delta flights to Boston"; not "Bill me").
    """
    word = first.text
    if not _reads_title(word) or word == "I" or word[:2] in ("I'", "I’"):
        return word
    low = word.lower()
    if low in STOPWORDS:
        return low[0] + word[1:]
    if not _is_common(word):
        return word
    from textaug.lexicon.frequency import often_capitalised

    if often_capitalised(word) and _is_name_in(sentence, first.start):
        return word
    return low[0] + word[1:]


@functools.lru_cache(maxsize=4096)
def _is_common(word: str) -> bool:
    from textaug.lexicon.wordnet import load_wordnet

    return load_wordnet().is_common_word(word)


@functools.lru_cache(maxsize=1024)
def _is_name_in(sentence: str, start: int) -> bool:
    """Whether the word at ``start`` of ``sentence`` reads as a name there.

    The tagger decides: a proper noun, or a noun that WordNet also spells as a name
    (it takes "March is cold" for a common noun; "Thanks, ..." is a noun but no name).
    Asked only of a first word that moves and is both a common word and often
    written as a name, so most records never load or run the tagger.
    """
    from textaug.lexicon.wordnet import load_wordnet
    from textaug.tagging import load_tagger

    tokens = tokenize(sentence)
    tags = load_tagger().tag([t.text for t in tokens])
    for token, tag in zip(tokens, tags, strict=True):
        if token.start == start:
            return tag == "PROPN" or (tag == "NOUN" and load_wordnet().has_name_sense(token.text))
    return False


@register("random_deletion")
@dataclass(frozen=True)
class RandomDeletion(_WordOperation):
    """Deletes words with the space before them; never entities, never every word."""

    def transform(self, record: Record, ctx: Context) -> Record | None:
        facts, deletable, _ = self._editable(record)
        all_words = facts.words
        limit = min(len(deletable), len(all_words) - 1)
        if limit < 1:
            self._give_up(ctx, "no deletable word (one word left, or all protected)")
            return None
        count = min(self.budget(len(deletable), ctx.rng), limit)
        if count == 0:  # max_ops=0, or min_ops=0 and a low rate
            return None
        chosen = sorted(ctx.rng.sample(deletable, count), key=lambda w: w.start)
        ranges = _merge([_deletion_range(record.text, w, record.spans) for w in chosen])
        ranges = _tidy(record.text, ranges, record.spans)
        edits = [Edit(s, e, "", self.name) for s, e in ranges]
        if chosen[0] is all_words[0] and _opens_with_capital(chosen[0].text, record.text):
            edits += self._capital_for_new_start(record, all_words, ranges[0])
        return record.apply(edits)

    def _capital_for_new_start(
        self, record: Record, words: Sequence[Word], deleted: tuple[int, int]
    ) -> list[Edit]:
        """Capitalise the word that now starts the text, as the deleted first word was
        ("Play music from 1960" -> "Music from 1960"), unless it is no plain lower-case
        word (a URL or email is none), is protected or lies in an entity."""
        start, end = deleted
        new_first = next((w for w in words if w.start >= end), None)
        if (
            start != 0
            or new_first is None
            or new_first.start != end
            or not new_first.is_plain
            or not (new_first.text.islower() and new_first.text[:1].isalpha())
            or new_first.text.lower() in self._protected  # type: ignore[attr-defined]
            or _in_span(end, record.spans)
        ):
            return []
        capital = _capitalised(new_first.text)[:1]
        if capital == new_first.text[:1]:
            return []
        return [Edit(end, end + 1, capital, self.name)]


def _deletion_range(text: str, word: Word, spans: Sequence[Span] = ()) -> tuple[int, int]:
    """The word (its whole chunk if punctuation leads it) and the spaces on one side.

    Trailing punctuation stays ("a flight?" -> "a?"). The spaces before the word go
    with it, or, at the start of the text or a line, those after it: a line break is
    never deleted. Spaces inside an entity span (one may end with a space) stay:
    then the spaces after the word go instead.
    """
    start = word.chunk_start if word.chunk_start < word.start else word.start
    end = word.end if word.chunk_start == word.start else word.chunk_end
    before = start
    while before > 0 and text[before - 1] in _SPACES and not _in_span(before - 1, spans):
        before -= 1
    if before < start and not _starts_line(text, start):
        return before, end
    after = end
    while after < len(text) and text[after] in _SPACES and not _in_span(after, spans):
        after += 1
    return start, after


def _in_span(position: int, spans: Sequence[Span]) -> bool:
    """Whether the character at ``position`` belongs to an entity span."""
    return bool(spans) and overlaps(position, position + 1, spans)


def _tidy(text: str, ranges: list[tuple[int, int]], spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Merged ranges adjusted so the text around them reads as before.

    A range that starts a line also takes the spaces after it (a word at the start
    deletes the spaces after it; when the next word goes too, without this the spaces
    after that one would be left: "please book now" -> " now"). A mark left after a
    range goes too when the same mark precedes it ("quickly, quietly, and" ->
    "quickly, and", not "quickly,, and").
    """
    tidy = []
    for start, end in ranges:
        if _starts_line(text, start) or text[start - 1] in _SPACES:
            # at a line's start, or after spaces a range could not take (an entity's)
            while end < len(text) and text[end] in _SPACES and not _in_span(end, spans):
                end += 1
        elif (
            end < len(text)
            and text[end] in AEDA_MARKS
            and text[start - 1] == text[end]
            and not overlaps(end, end + 1, spans)
        ):
            end += 1
        tidy.append((start, end))
    return tidy


def _starts_line(text: str, position: int) -> bool:
    while position > 0 and text[position - 1] in _SPACES:
        position -= 1
    return position == 0 or text[position - 1] in _LINE_BREAKS


_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SPACES = frozenset(ch for ch in map(chr, range(0x3001)) if ch.isspace()) - _LINE_BREAKS


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@register("random_insertion")
@dataclass(frozen=True)
class RandomInsertion(_WordOperation):
    """Inserts copies of words already in the sentence before other words (EDA)."""

    def transform(self, record: Record, ctx: Context) -> Record | None:
        facts, sources, roles = self._editable(record)
        all_words = facts.words
        slots = self._slots(record, facts, roles)
        if not sources or not slots:
            self._give_up(ctx, "no word to copy or no place to insert")
            return None
        count = self.budget(len(sources), ctx.rng)
        if count == 0:
            return None
        beside = _Beside(all_words, slots)
        edits = []
        for _ in range(count):
            word = ctx.rng.choice(sources)
            text = word.text
            if word is all_words[0]:
                text = _uncapitalised(word, record.text)
            low = text.lower()
            at = beside.draw_place(low, ctx)
            if at is None:
                continue
            edits.append(Edit(at, at, text + " ", self.name))
        if not edits:
            if beside.fits_somewhere(sources):  # another draw of words may fit
                ctx.refuse(f"{self.name}: the words drawn fit only beside their twins")
            else:
                self._give_up(ctx, "every place to insert is beside the same word")
            return None
        return record.apply(edits)


class _Beside:
    """Which insertion places each word would land beside a twin of, kept up to date
    as copies go in, so no copy lands beside its twin ("for for two").

    A place is drawn among the fitting ones as ``rng.choice`` of their list would, by
    skipping the few places a word is beside: a draw costs time in those, not in every
    place of the text (a 20,000-word line took seconds).
    """

    def __init__(self, words: Sequence[Word], slots: Sequence[int]) -> None:
        self.slots = slots
        slot_index = {place: k for k, place in enumerate(slots)}
        beside: dict[str, set[int]] = {}
        for before, word in itertools.pairwise(words):
            k = slot_index.get(word.chunk_start)
            if k is not None:
                beside.setdefault(before.text.lower(), set()).add(k)
                beside.setdefault(word.text.lower(), set()).add(k)
        #: word -> the sorted slot indices it is beside
        self.places = {word: sorted(ks) for word, ks in beside.items()}

    def draw_place(self, low: str, ctx: Context) -> int | None:
        """A place for a copy of ``low`` not beside its twin, drawn from ``ctx.rng``, and
        noted as beside ``low`` from now on; None if every place is."""
        taken = self.places.setdefault(low, [])
        free = len(self.slots) - len(taken)
        if free <= 0:
            return None
        k = ctx.rng.choice(range(free))  # the same draw as choice() of the fitting list
        # the k-th free index: k plus the taken indices below it (taken[j] - j free before)
        lo, hi = 0, len(taken)
        while lo < hi:
            mid = (lo + hi) // 2
            if taken[mid] - mid <= k:
                lo = mid + 1
            else:
                hi = mid
        k += lo
        bisect.insort(taken, k)
        return self.slots[k]

    def fits_somewhere(self, sources: Sequence[Word]) -> bool:
        """Whether some word could be inserted at some place not beside its twin."""
        return any(len(self.places.get(w.text.lower(), ())) < len(self.slots) for w in sources)


def _insertion_points(record: Record, facts: WordFacts) -> list[int]:
    """Starts of the second and later words' chunks, outside entity spans, not right
    after a negation ("do not cancel" must not become "do not order cancel") and not
    between a number and what belongs to it ("twenty five", "1 000", "3 pm")."""
    words = facts.words
    spans = record.spans
    if facts.negates is None or facts.fixed is None:  # no negation, unit or link
        return [
            w.chunk_start
            for before, w in itertools.pairwise(words)
            if (before.is_plain or w.is_plain)
            and not (spans and strictly_inside(w.chunk_start, spans))
        ]
    return [
        w.chunk_start
        for before, w, negation, fixed in zip(
            words, words[1:], facts.negates, facts.fixed[1:], strict=False
        )
        if not (negation or (not before.is_plain and (not w.is_plain or fixed)))
        and not (spans and strictly_inside(w.chunk_start, spans))
    ]


AEDA_MARKS = (".", ";", "?", ":", "!", ",")


@register("punctuation_insertion")
@dataclass(frozen=True)
class PunctuationInsertion(_WordOperation):
    """Inserts punctuation marks between words (AEDA); words themselves never change."""

    rate: float = 0.3
    marks: tuple[str, ...] = AEDA_MARKS

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.marks or any(
            not m or any(c.isalnum() or c.isspace() for c in m) for m in self.marks
        ):
            raise ConfigError(
                f"{self.name}: marks must be punctuation or symbols (no letters, digits or "
                f"spaces), got {list(self.marks)!r}"
            )

    def transform(self, record: Record, ctx: Context) -> Record | None:
        facts, _, roles = self._editable(record)
        all_words = facts.words
        slots = self._slots(record, facts, roles)
        if not slots:
            self._give_up(ctx, "no place between words to insert a mark")
            return None
        count = self.budget(len(all_words), ctx.rng)
        if count == 0:
            return None
        chosen = sorted(ctx.rng.sample(slots, min(count, len(slots))))
        return record.apply(Edit(p, p, ctx.rng.choice(self.marks) + " ", self.name) for p in chosen)
