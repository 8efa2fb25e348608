"""Word replacement that keeps part of speech, inflection and case: the shared base.

A subclass only says which lemmas may replace a lemma in a part of speech
(:meth:`WordReplacement.candidates`). The base tags the sentence (once per
distinct text), picks content words outside entities, numbers, negations,
stopwords, proper nouns and names (and skips a command's verb the tagger calls a noun:
"Play some jazz" must not become "Drama some jazz"), drops candidates that are the
word itself, one of its forms or spellings, an antonym, a stopword or rarer than
``min_zipf``, then puts the chosen lemma into the original's form ("agrees" ->
"concurs") and case ("Book" -> "Reserve"). The text is edited by character offsets, so everything
else stays byte-identical and entity spans stay exact.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textaug.augmenter import Budgeted, Context
from textaug.errors import ConfigError
from textaug.guards import Guard, check_change, check_token, word_replacement_guards
from textaug.lexicon.articles import ARTICLES, match_article
from textaug.lexicon.ditransitive import CLAUSE_OBJECT_VERBS, DOUBLE_OBJECT_VERBS, OBJECT_AND_CLAUSE
from textaug.lexicon.frequency import DEFAULT_MIN_ZIPF
from textaug.lexicon.offensive import is_offensive
from textaug.lexicon.wordnet import INFINITIVE, TWO_OBJECTS, WordNet, load_wordnet
from textaug.protect import check_words, overlaps
from textaug.record import Edit, Record
from textaug.tokens import NUMBER_WORDS, Kind, Token, tokenize

CONTENT_UPOS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})
#: A word the tagger calls a verb right after one of these is a noun it mis-tagged
#: ("the saw", "the leaves"); such words are left alone.
NOUN_SLOT_UPOS = frozenset({"DET"})
_CACHE_LIMIT = 100_000
_prepared: dict[tuple[str, str, str], tuple[str, ...]] = {}


@dataclass(frozen=True)
class WordReplacement(Budgeted):
    """Replaces content words by a candidate lemma in the same form and case.

    ``tagger`` is ``None`` for the built-in offline tagger or the name of an
    installed spaCy pipeline; ``min_zipf`` drops candidates a user would not
    write; ``protect`` lists words never replaced; ``guards`` veto tokens and
    replacements (entities, numbers/URLs/emails, negations and names by default).
    """

    tagger: str | None = None
    min_zipf: float = DEFAULT_MIN_ZIPF
    protect: tuple[str, ...] = ()
    guards: tuple[Guard, ...] = field(default_factory=word_replacement_guards)

    #: How many of the best-ranked usable candidates a replacement is drawn from.
    pick_from: ClassVar[int] = 5

    def __post_init__(self) -> None:
        super().__post_init__()
        if not isinstance(self.min_zipf, int | float) or self.min_zipf < 0:
            raise ConfigError(f"{self.name}: min_zipf must be a number >= 0, got {self.min_zipf!r}")
        if any(not isinstance(g, Guard) for g in self.guards):
            raise ConfigError(f"{self.name}: guards must be guard objects or guard configs")
        from textaug.tagging import check_tagger

        check_tagger(self.tagger)  # a missing spaCy pipeline fails here, not mid-run
        check_words(self.name, "protect", self.protect)
        object.__setattr__(self, "_protected", frozenset(w.lower() for w in self.protect))
        object.__setattr__(self, "_cache_key", repr(self))

    # -- what subclasses provide ------------------------------------------------

    def candidates(self, lemma: str, upos: str) -> Sequence[str]:
        """Replacement lemmas for ``lemma`` in ``upos``, best first (may contain spaces)."""
        raise NotImplementedError  # pragma: no cover - every subclass overrides it

    def lexicon(self) -> WordNet:
        """The WordNet used for lemmas, word forms and antonyms."""
        return load_wordnet("builtin")

    def top(self) -> int:
        """How many of the best usable candidates a replacement is drawn from."""
        return self.pick_from

    # -- the shared transform ---------------------------------------------------

    def transform(self, record: Record, ctx: Context) -> Record | None:
        tokens = tokenize(record.text)
        tags = tag_text(record.text, self.tagger)
        eligible = self._eligible(record, tokens, tags, ctx)
        if not eligible:
            ctx.give_up(f"{self.name}: no replaceable word")
            return None
        wanted = self.budget(len(eligible), ctx.rng)
        order = ctx.rng.sample(eligible, len(eligible))
        edits: list[Edit] = []
        done = 0
        for i in order:
            if done >= wanted:
                break
            token = tokens[i]
            previous = tokens[i - 1] if i > 0 else None
            article = _article_before(record, tokens, i)
            frame = frame_in_use(tokens, tags, i)
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            replacement = self._replacement(
                record, token, tags[i], previous, article, ctx, frame, following
            )
            if replacement is None:
                continue
            edits.append(Edit(token.start, token.end, replacement, op=self.name))
            done += 1
            if article is not None:
                wanted_article = match_article(article.text, replacement)
                if wanted_article != article.text:
                    edits.append(Edit(article.start, article.end, wanted_article, op=self.name))
        if not edits:
            # with a budget, every eligible word was tried, and none has a usable candidate
            if wanted > 0:
                ctx.give_up(f"{self.name}: no usable replacement")
            else:
                self._refuse(ctx, "no usable replacement")
            return None
        return record.apply(edits)

    def _refuse(self, ctx: Context, why: str) -> None:
        ctx.refuse(f"{self.name}: {why}")

    def _eligible(
        self, record: Record, tokens: Sequence[Token], tags: Sequence[str], ctx: Context
    ) -> list[int]:
        """Indices of single-token content words the guards let us replace."""
        from textaug.lexicon.stopwords import NEGATIONS, STOPWORDS

        protected: frozenset[str] = self._protected  # type: ignore[attr-defined]
        spans = record.spans
        last = len(tokens) - 1
        found = []
        for i, token in enumerate(tokens):
            upos = tags[i]
            if upos not in CONTENT_UPOS or token.kind != Kind.WORD:
                continue
            low = token.text.lower()
            if low in STOPWORDS or low in NEGATIONS or low in protected:
                continue
            if protected and lemma_of(low, upos, self.lexicon()) in protected:
                continue  # protect=("flight",) covers "flights"
            if upos == "VERB" and i > 0 and tags[i - 1] in NOUN_SLOT_UPOS:
                continue
            if fixed_by_neighbours(tokens, i):
                continue
            if upos == "VERB" and phrasal_verb(
                tokens, i, lemma_of(low, upos, self.lexicon()), self.lexicon()
            ):
                continue
            if upos == "NOUN" and verb_tagged_as_noun(tokens, tags, i, self.lexicon()):
                continue
            # part of a larger chunk ("re-book", "don't", "U.S.", "state-of-the-art"):
            # replacing a piece breaks it; a mark after the word ("flights?") is no join
            if (i > 0 and tokens[i - 1].end == token.start) or (
                i < last
                and tokens[i + 1].start == token.end
                and (tokens[i + 1].kind != Kind.PUNCT or tokens[i + 1].text in _JOINERS)
            ):
                continue
            if spans and overlaps(token.start, token.end, spans):
                continue
            if not check_token(self.guards, record, token, ctx):
                continue
            found.append(i)
        return found

    def _replacement(
        self,
        record: Record,
        token: Token,
        upos: str,
        previous: Token | None,
        article: Token | None,
        ctx: Context,
        frame: int | None = None,
        following: Token | None = None,
    ) -> str | None:
        """A replacement for ``token`` in its form and case, or None (tallied).

        ``article`` is the "a"/"an" before the word when it may be changed to agree;
        when "a"/"an" precedes but may not change, candidates must agree with it.
        ``frame`` is the WordNet sentence frame the verb is used in, which a
        candidate must take ("want to book" is no "require to book"); ``following`` is
        the next token, which a multi-word candidate must not end with ("wake up up").
        """
        word = token.text
        low = word.lower()
        lemma = lemma_of(low, upos, self.lexicon())
        usable = self._usable(lemma, upos)
        if not usable:
            self._refuse(ctx, "no candidate")
            return None
        penn = None
        if low != lemma:
            from textaug.lexicon.inflect import form_of  # loads the inflection table on first use

            penn = form_of(low, upos, previous.text if previous else None, lemma)
            if penn is None:
                self._refuse(ctx, "unknown word form")
                return None
        for candidate in _ranked_draw(usable[: self.top()], ctx):
            form = candidate if penn is None else _inflected(candidate, penn)
            if upos == "NOUN":
                form = _in_number(candidate, form, penn, self.lexicon())
            if form is None or form.lower() == low:
                continue
            if frame is not None and not _takes_frame(self.lexicon(), candidate, frame):
                continue
            if following is not None and candidate.rsplit(" ", 1)[-1] == following.text.lower():
                continue  # "wake" -> "wake up" before "up": "wake up up"
            text = _match_case(word, form)
            if (
                article is None
                and previous is not None
                and previous.text.lower() in ARTICLES
                and match_article(previous.text, text) != previous.text
            ):
                continue  # "a"/"an" inside an entity cannot follow the new word
            if check_change(self.guards, record, token, text, ctx):
                return text
        self._refuse(ctx, "no candidate in the word's form")
        return None

    def _usable(self, lemma: str, upos: str) -> tuple[str, ...]:
        """Candidates after the linguistic filters; cached per process and config."""
        key = (self._cache_key, lemma, upos)  # type: ignore[attr-defined]
        found = _prepared.get(key)
        if found is None:
            found = self._filter(lemma, upos, self.candidates(lemma, upos))
            if len(_prepared) >= _CACHE_LIMIT:
                _prepared.clear()
            _prepared[key] = found
        return found

    def _filter(self, lemma: str, upos: str, candidates: Sequence[str]) -> tuple[str, ...]:
        """Drop the lemma's own forms and spellings, antonyms, stopwords, rare and proper words."""
        from textaug.lexicon.frequency import word_frequency
        from textaug.lexicon.stopwords import STOPWORDS

        wn = self.lexicon()
        antonyms = {a.lower() for a in wn.antonyms(lemma, upos)}
        own = _spelling_key(lemma)
        kept: list[str] = []
        for candidate in candidates:
            low = candidate.lower()
            if (
                low == lemma
                or candidate != low  # proper names and acronyms: "Bible", "TV"
                or not _PLAIN.fullmatch(low)
                or low in STOPWORDS
                or low in antonyms
                or _spelling_key(low) == own
                or (" " in low and lemma in low.split())  # "order" -> "order of magnitude"
                or is_offensive(low)  # "seat" -> "butt"
                or low in (lemma + "ly", lemma.removesuffix("ly"))  # quick / quickly
                or low in kept
                or _names_a_number(low)  # "dozen" -> "twelve", "day" -> "twenty-four hours"
                or wn.is_form_of(low, lemma, upos)
                or word_frequency(low) < self.min_zipf
            ):
                continue
            kept.append(low)
        return tuple(kept)


_JOINERS = frozenset({"-", "‐", "–", "/", "_", "&", "+", "@"})
"""Marks that join the words on either side into one ("state-of-the-art", "and/or")."""


def _names_a_number(candidate: str) -> bool:
    """Whether a candidate holds a number word: a synonym must not add a quantity."""
    from textaug.tokens import NUMBER_WORDS

    return any(part in NUMBER_WORDS for part in re.split(r"[ -]", candidate))


def _article_before(record: Record, tokens: Sequence[Token], i: int) -> Token | None:
    """The "a"/"an" right before token ``i`` if it may be edited to agree, else None."""
    if i == 0:
        return None
    article = tokens[i - 1]
    if article.text.lower() not in ARTICLES or article.kind != Kind.WORD:
        return None
    if record.spans and overlaps(article.start, article.end, record.spans):
        return None
    return article


_PLAIN = re.compile(r"[a-z]+(?:[ '-][a-z]+)*")
_SPELLING = (
    (re.compile(r"([a-z])\1"), r"\1"),  # travelled / traveled
    (re.compile(r"our"), "or"),  # colour / color
    (re.compile(r"tre\b"), "ter"),  # theatre / theater
    (re.compile(r"([iy])s(e|ing|ed)"), r"\1z\2"),  # realise / realize, analyse
    (re.compile(r"ogue\b"), "og"),  # catalogue / catalog
    (re.compile(r"grey"), "gray"),
)


_ANY_SPELLING = re.compile("|".join(pattern.pattern for pattern, _repl in _SPELLING))
"""Matches where any of ``_SPELLING`` would: a key it misses is already folded."""


def spelling_key(word: str) -> str:
    """A key shared by spelling variants: no spaces or hyphens, British spellings folded.

    >>> spelling_key("e-mail") == spelling_key("email")
    True
    >>> spelling_key("colour") == spelling_key("color")
    True
    """
    key = word.lower().replace("-", "").replace(" ", "").replace("'", "")
    if not _ANY_SPELLING.search(key):
        return key
    for pattern, repl in _SPELLING:
        key = pattern.sub(repl, key)
    return key


_spelling_key = functools.lru_cache(maxsize=65_536)(spelling_key)
"""``spelling_key`` cached: the same candidates come back for many lemmas."""


def _ranked_draw(candidates: Sequence[str], ctx: Context) -> list[str]:
    """The candidates in a random order that favours the top of the ranking (weight 1/rank)."""
    pool = list(candidates)
    weights = [1.0 / (rank + 1) for rank in range(len(pool))]
    order: list[str] = []
    while pool:
        pick = ctx.rng.choices(range(len(pool)), weights)[0] if len(pool) > 1 else 0
        order.append(pool.pop(pick))
        weights.pop(pick)
    return order


_CLAUSE_START = frozenset({"please", ",", ";", ":", ".", "!", "?", "and", "then"})


def verb_tagged_as_noun(tokens: Sequence[Token], tags: Sequence[str], i: int, wn: WordNet) -> bool:
    """Whether the "noun" at ``i`` is really a verb, as the tagger gets imperatives wrong.

    Commands start with a bare verb the tagger often reads as a noun ("Turn the
    volume up", "Rate this novel", "Play some jazz"), and the noun's senses then give
    nonsense ("Twist the volume up", "Drama some jazz"). Such a word is taken for a
    verb when it opens a clause (first, or after "please", "and", "then" or
    punctuation), is a verb in its base form in WordNet, and no verb follows it (a
    noun subject is followed by its verb: "Rain is expected").
    """
    if not (i == 0 or tokens[i - 1].text.lower() in _CLAUSE_START):
        return False
    if i + 1 < len(tags) and tags[i + 1] in ("VERB", "AUX"):
        return False
    low = tokens[i].text.lower()
    return wn.lemmatize(low, "VERB")[:1] == [low]


_OBJECT_PRONOUNS = frozenset({"me", "us", "him", "her", "them", "you"})
_NOUN_PHRASE_START = frozenset({"DET", "NOUN", "PROPN", "ADJ", "NUM"})
#: Words that open a second object after "tell me", "show us": "tell me how it goes".
_CLAUSE_OBJECTS = frozenset(
    {"how", "what", "where", "when", "why", "which", "who", "whether", "if", "that", "about"}
)


def frame_in_use(tokens: Sequence[Token], tags: Sequence[str], i: int) -> int | None:
    """The WordNet sentence frame of the verb at ``i`` that a synonym must share, if
    its neighbours show one: a to-infinitive ("want to book": "require" does not take
    one) or two objects ("tell me the forecast", "tell me how it goes": "say" does not
    take them).

    >>> words = tokenize("I want to book it , tell me the time")
    >>> tags = ("PRON", "VERB", "PART", "VERB", "PRON", "PUNCT", "VERB", "PRON", "DET", "NOUN")
    >>> frame_in_use(words, tags, 1), frame_in_use(words, tags, 3), frame_in_use(words, tags, 6)
    (28, None, 14)
    >>> frame_in_use(tokenize("tell me how"), ("VERB", "PRON", "ADV"), 0) == OBJECT_AND_CLAUSE
    True
    """
    if tags[i] != "VERB" or i + 2 >= len(tokens):
        return None
    after = tokens[i + 1].text.lower()
    if after == "to" and tags[i + 2] in ("VERB", "AUX"):
        return INFINITIVE
    if after in _OBJECT_PRONOUNS:
        if tokens[i + 2].text.lower() in _CLAUSE_OBJECTS:
            return OBJECT_AND_CLAUSE
        if tags[i + 2] in _NOUN_PHRASE_START:
            return TWO_OBJECTS
    return None


def _in_number(candidate: str, form: str | None, penn: str | None, wn: WordNet) -> str | None:
    """A noun candidate's ``form`` if it keeps the original's number, else None.

    A plural-only lemma ("buns", "glasses") replaces only plurals, as it is; a plural
    needs a candidate with a plural of its own: "flights" is no "flying".
    """
    plural_lemma = candidate.endswith("s") and any(
        other != candidate for other in wn.lemmatize(candidate, "NOUN")
    )
    if penn is None:  # the original is a singular (or mass) noun
        return None if plural_lemma else form
    if plural_lemma:
        return candidate  # plural already: "buns" is no "bunses"
    return None if penn == "NNS" and form == candidate else form


def _takes_frame(wn: WordNet, verb: str, frame: int) -> bool:
    """Whether ``verb`` takes ``frame``: two objects, or an object and a clause, by the
    lists of :mod:`textaug.lexicon.ditransitive` (WordNet's frames are per sense, so
    they let "present me the forecast" through), other frames by WordNet."""
    if frame == TWO_OBJECTS:
        return verb.split(" ", 1)[0] in DOUBLE_OBJECT_VERBS
    if frame == OBJECT_AND_CLAUSE:
        return verb.split(" ", 1)[0] in CLAUSE_OBJECT_VERBS
    return wn.takes_frame(verb, frame)


_PARTICLE_OBJECTS = frozenset({"me", "us", "him", "her", "it", "them", "you"})


def phrasal_verb(tokens: Sequence[Token], i: int, lemma: str, wn: WordNet) -> bool:
    """Whether the verb at ``i`` (lemma ``lemma``) heads a phrasal verb WordNet knows,
    with its particle next ("look up", "looking for") or after an object pronoun ("wake
    me up"): a synonym of the verb alone would strand the particle ("seem up").

    >>> words, wn = tokenize("wake me up and look up the time"), load_wordnet()
    >>> [phrasal_verb(words, i, lemma, wn) for i, lemma in ((0, "wake"), (4, "look"), (6, "time"))]
    [True, True, False]
    """
    for k in (i + 1, i + 2):
        if k >= len(tokens):
            return False
        word = tokens[k].text.lower()
        if k == i + 2 and tokens[i + 1].text.lower() not in _PARTICLE_OBJECTS:
            return False
        if word.isalpha() and f"{lemma} {word}" in wn.lemmatize(f"{lemma} {word}", "VERB"):
            return True
    return False


def fixed_by_neighbours(tokens: Sequence[Token], i: int) -> bool:
    """Whether the word's meaning is set by the words beside it, not by its senses:
    a short unit after a number ("seven pm" is no "seven premier", "5 hrs") or
    "going" before "to" ("going to rain" is no "moving to rain").

    >>> words = tokenize("it is going to rain at seven pm")
    >>> [w.text for i, w in enumerate(words) if fixed_by_neighbours(words, i)]
    ['going', 'pm']
    """
    low = tokens[i].text.lower()
    if low == "going":
        return i + 1 < len(tokens) and tokens[i + 1].text.lower() == "to"
    if len(low) > 3 or i == 0:
        return False
    before = tokens[i - 1]
    return before.kind == Kind.NUM or before.text.lower() in NUMBER_WORDS


@functools.lru_cache(maxsize=16_384)
def tag_text(text: str, tagger: str | None = None) -> tuple[str, ...]:
    """UPOS tags of ``text``'s tokens, computed once per distinct text and tagger."""
    from textaug.tagging import load_tagger

    words = [t.text for t in tokenize(text)]
    if text.isupper():  # taggers learn from mixed case: "BOOK A FLIGHT" reads as names
        words = [w.lower() for w in words]
    return subject_verbs(words, tuple(load_tagger(tagger).tag(words)))


_SUBJECTS = frozenset({"i", "we", "they", "he", "she", "it"})
_THIRD_PERSON = frozenset({"he", "she", "it"})


def subject_verbs(words: Sequence[str], tags: tuple[str, ...]) -> tuple[str, ...]:
    """``tags`` with a "noun" right after a subject pronoun read as the verb it is.

    The tagger reads "she books a flight" as PRON NOUN, and the noun's senses then
    give "she volumes a flight". A word tagged NOUN after "he", "she" or "it" that is
    a verb's -s form ("books"), or after "I", "we" or "they" that is a verb's base
    form, is a VERB, unless a verb precedes the pronoun ("give it books"). "you" is
    left out ("you guys"), and so are nouns as subjects: "John books a room" reads as
    "movie times this weekend" does.
    """
    if "NOUN" not in tags[1:]:
        return tags
    from textaug.lexicon.wordnet import load_wordnet

    wn = load_wordnet("builtin")
    fixed = list(tags)
    for i in range(1, len(words)):
        if tags[i] != "NOUN":
            continue
        subject = words[i - 1].lower()
        low = words[i].lower()
        if tags[i - 1] != "PRON" or subject not in _SUBJECTS:
            continue
        if i >= 2 and tags[i - 2] in ("VERB", "AUX"):
            continue  # the pronoun is an object: "give it books"
        lemmas = wn.lemmatize(low, "VERB")
        if subject in _THIRD_PERSON:
            verb = low.endswith("s") and any(lemma != low for lemma in lemmas)
        else:
            verb = low in lemmas
        if verb:
            fixed[i] = "VERB"
    return tuple(fixed)


@functools.lru_cache(maxsize=65_536)
def lemma_of(word: str, upos: str, lexicon: WordNet) -> str:
    """The WordNet lemma of a lowercase word in ``upos``, else the word itself.

    When the word is both a lemma and a form of another ("rooms" is a WordNet
    lemma meaning a suite), the other lemma wins: the inflected reading is the usual one.
    """
    lemmas = lexicon.lemmatize(word, upos)
    if len(lemmas) > 1 and lemmas[0] == word:
        return lemmas[1]
    return lemmas[0] if lemmas else word


@functools.lru_cache(maxsize=65_536)
def _inflected(lemma: str, penn: str) -> str | None:
    from textaug.lexicon.inflect import inflect

    return inflect(lemma, penn)


def _match_case(original: str, replacement: str) -> str:
    from textaug.lexicon.inflect import match_case  # imported here: it loads numpy

    return match_case(original, replacement)
