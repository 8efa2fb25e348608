"""Which word tokens of a record the token guards allow editing, asked cheaply.

Noise augmenters ask every guard about every word of every record, and most
guards judge a word by its whitespace chunk alone ("not", "cannot", "8pm", a
two-letter word): their verdicts are the same wherever the chunk occurs. A
:class:`TokenScreen` asks those ``local`` guards once per distinct chunk and
caches the answer; guards that need the record (entity spans, the label) are
asked per record. Guards are asked in their order either way, so the veto
tallied for a token is the same as asking each guard in turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from textaug.augmenter import Context
from textaug.guards import Guard, ProtectEntities
from textaug.record import Record
from textaug.tokens import Kind, Token, chunk_pieces, chunks

#: Distinct chunks whose verdicts are kept; the cache starts over when full.
_MAX_CHUNKS = 100_000


class _Verdicts(NamedTuple):
    """What the local guards say about one chunk's word tokens (offsets relative to it)."""

    #: every word token: (start, end, index of the first local guard that vetoes it,
    #: or the number of guards when none does)
    tokens: tuple[tuple[int, int, int], ...]
    #: (start, end) of the tokens no local guard vetoes
    free: tuple[tuple[int, int], ...]
    #: the tally key of each vetoed token
    vetoed: tuple[str, ...]
    #: the tally key of each token when the chunk lies inside an entity span that a
    #: ``protect_entities`` guard protects (empty when there is no such guard)
    covered: tuple[str, ...]


_new = tuple.__new__
_WORD = Kind.WORD


class TokenScreen:
    """The word tokens of a record that ``guards`` (token guards, in order) allow editing.

    Tokens that straddle an entity boundary are never allowed (and not tallied).
    A :class:`~textaug.guards.ProtectEntities` guard is answered from the same
    look at the spans that finds those, rather than by asking it per token.
    """

    __slots__ = ("_entities", "_guards", "_keys", "_record_level", "_verdicts")

    def __init__(self, guards: Sequence[Guard]) -> None:
        self._guards = tuple(guards)
        self._keys = tuple(f"guard {g.name}" for g in self._guards)
        self._entities = next(
            (i for i, g in enumerate(self._guards) if type(g) is ProtectEntities),
            len(self._guards),
        )
        self._record_level = tuple(
            i for i, g in enumerate(self._guards) if not g.local and i != self._entities
        )
        self._verdicts: dict[str, _Verdicts] = {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (TokenScreen, (self._guards,))  # worker processes start with an empty cache

    def allowed(self, record: Record, ctx: Context) -> list[Token]:
        """The allowed word tokens of ``record``, in text order; vetoes go to ``ctx.tally``."""
        text = record.text
        spans = record.spans
        guards = self._guards
        everyone = len(guards)
        entities = self._entities
        record_level = self._record_level
        verdicts = self._verdicts
        found: list[Token] = []
        vetoes: list[str] = []
        simple = not record_level  # only local guards (and entities) to ask
        k = 0  # spans are sorted and disjoint: skip those ending before this chunk
        n_spans = len(spans)
        for offset, chunk in chunks(text):
            judged = verdicts.get(chunk)
            if judged is None:
                judged = self._judge(chunk)
            while k < n_spans and spans[k].end <= offset:
                k += 1
            touching = k < n_spans and spans[k].start < offset + len(chunk)
            if (
                simple
                and touching
                and judged.covered
                and spans[k].start <= offset
                and offset + len(chunk) <= spans[k].end
            ):  # wholly inside one protected entity
                vetoes.extend(judged.covered)
                continue
            if simple and not touching:  # the chunk's cached verdicts hold as they are
                for rel_start, rel_end in judged.free:
                    start = offset + rel_start
                    end = offset + rel_end
                    found.append(_new(Token, (start, end, text[start:end], _WORD)))
                if judged.vetoed:
                    vetoes.extend(judged.vetoed)
                continue
            for rel_start, rel_end, veto in judged.tokens:
                start = offset + rel_start
                end = offset + rel_end
                if touching:
                    for j in range(k, n_spans):  # not spans[k:]: a copy per token
                        span = spans[j]
                        if span.start >= end:
                            break
                        if start < span.end:
                            if start < span.start or span.end < end:
                                veto = -1  # straddles an entity boundary: never editable
                            elif entities < veto:
                                veto = entities
                            break
                    if veto < 0:
                        continue
                token = None
                for i in record_level:
                    if i >= veto:
                        break
                    if token is None:
                        token = _new(Token, (start, end, text[start:end], _WORD))
                    if not guards[i].allows_token(record, token):
                        veto = i
                        break
                if veto < everyone:
                    vetoes.append(self._keys[veto])
                else:
                    found.append(token or _new(Token, (start, end, text[start:end], _WORD)))
        if vetoes:
            ctx.refused(vetoes)
        return found

    def _judge(self, chunk: str) -> _Verdicts:
        """Ask the local guards about each word token of ``chunk`` on its own."""
        alone = Record(chunk)
        guards = self._guards
        judged = []
        for start, end, kind in chunk_pieces(chunk):
            if kind != _WORD:
                continue
            token = Token(start, end, chunk[start:end], kind)
            veto = next(
                (i for i, g in enumerate(guards) if g.local and not g.allows_token(alone, token)),
                len(guards),
            )
            judged.append((start, end, veto))
        verdicts = _Verdicts(
            tuple(judged),
            tuple((start, end) for start, end, veto in judged if veto == len(guards)),
            tuple(self._keys[veto] for _, _, veto in judged if veto < len(guards)),
            tuple(self._keys[min(veto, self._entities)] for _, _, veto in judged)
            if self._entities < len(guards)
            else (),
        )
        if len(self._verdicts) >= _MAX_CHUNKS:
            self._verdicts.clear()
        self._verdicts[chunk] = verdicts
        return verdicts
