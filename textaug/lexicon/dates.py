"""Which preposition an English date or time takes: "at 7 pm", "on Friday", "in March".

Slot swapping uses it so a swapped value fits the preposition already in the sentence
("on Friday" may become "on May 3rd", not "on March", "on 7 pm" or "on next weekend").
"""

from __future__ import annotations

import re

from textaug.lexicon.stopwords import words

_MONTHS = words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
_WEEKDAYS = words(
    """
    monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun weekend weekday
    """
)
_BARE = words("today tonight tomorrow yesterday now next this last every later soon")
"""First words of times that take no preposition: "tomorrow", "next week", "this morning"."""
_CLOCK = words("noon midnight dawn dusk sunrise sunset")
_PARTS_OF_DAY = words("morning afternoon evening night")
_SEASONS = words("spring summer autumn fall winter")
_ORDINALS = words(
    """
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth
    """
)
_CLOCK_TIME = re.compile(r"\d{1,2}(:\d\d|[ap]\.?m)$")
_AM_PM = frozenset({"am", "pm", "a.m", "p.m"})
_DAY_NUMBER = re.compile(r"\d{1,2}(st|nd|rd|th)?$")


def _is_day(token: str) -> bool:
    """A day of the month: "19", "3rd", "seventeenth", "twenty-first"."""
    return bool(_DAY_NUMBER.match(token)) or token.rsplit("-", 1)[-1] in _ORDINALS


def _is_clock(tokens: list[str]) -> bool:
    """A clock time: "7:30", "7pm", "7 pm", "8 a.m.", "5 o'clock"."""
    return any(
        _CLOCK_TIME.match(t)
        or (k > 0 and tokens[k - 1].isdigit() and (t in _AM_PM or t == "o'clock"))
        for k, t in enumerate(tokens)
    )


def time_preposition(value: str) -> str | None:
    """The preposition ``value`` takes if it is a date or time, "" for none, else None.

    >>> [time_preposition(v) for v in ("7 pm", "noon", "Friday", "jul. 19, 2029")]
    ['at', 'at', 'on', 'on']
    >>> [time_preposition(v) for v in ("March", "2029", "the morning", "next weekend")]
    ['in', 'in', 'in', '']
    >>> time_preposition("Boston") is None
    True
    """
    tokens = [t.strip(".,") for t in value.lower().split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    first = tokens[0]
    if first in _BARE:
        return ""
    if first in _CLOCK or _is_clock(tokens):
        return "at"
    if first in _WEEKDAYS:
        return "on"
    if first in _MONTHS:
        return "on" if any(_is_day(t) for t in tokens[1:]) else "in"
    if first == "the" and len(tokens) > 1:
        if _is_day(tokens[1]):
            return "on"
        if tokens[1] in _PARTS_OF_DAY:
            return "in"
        return None
    if first in _SEASONS or (len(first) == 4 and first.isdigit() and first[:2] in ("19", "20")):
        return "in"
    return None
