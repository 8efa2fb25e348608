"""Jinja's case and trim filters, applied to the visible text of strings with slot marks.

A slot value reaches a filter wrapped in private-use marks (see :mod:`marks`).
Applied to the marked string, ``capitalize`` and ``title`` would see the mark
where the first letter is, and so change nothing. These filters apply
Jinja's own filter to the visible text (the string without marks) and put the
marks back around the images of the characters they enclosed, so a template
prints exactly what Jinja prints for the unmarked string, in the compiled and
the Jinja-rendered path alike.

Case mappings can change length ("ß" upper-cases to "SS"), so the marks are
placed by each character's image length; the text itself is the filter's
output for the whole visible string (so context rules such as Greek final
sigma come out as Jinja's).

>>> from textaug.templates.marks import CLOSE, open_mark
>>> marked = title(f"o'neil from {open_mark(0)}new york{CLOSE}")
>>> marked == f"O'neil From {open_mark(0)}New York{CLOSE}"
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import filters as jinja_filters

#: Runs of mark characters (all of U+E000..U+F8FF); everything else is visible text.
_MARKS = re.compile("([\ue000-\uf8ff]+)")
#: Where Jinja's ``title`` filter starts a new word (``jinja2.filters._word_beginning_split_re``).
_WORD_BREAK = re.compile(r"[-\s({\[<]")


def upper(value: Any) -> str:
    """Jinja's ``upper`` on the visible text."""
    return keep_marks(value, jinja_filters.do_upper, lambda text: each_length(text, str.upper))


def lower(value: Any) -> str:
    """Jinja's ``lower`` on the visible text."""
    return keep_marks(value, jinja_filters.do_lower, lambda text: each_length(text, str.lower))


def capitalize(value: Any) -> str:
    """Jinja's ``capitalize`` on the visible text: its first letter, not the mark before it."""
    return keep_marks(value, jinja_filters.do_capitalize, capitalize_lengths)


def title(value: Any) -> str:
    """Jinja's ``title`` on the visible text (words start after ``-``, space, ``(``...)."""
    return keep_marks(value, jinja_filters.do_title, _title_lengths)


def trim(value: Any, chars: str | None = None) -> str:
    """Jinja's ``trim`` on the visible text: marks are never stripped."""
    return keep_marks(
        value,
        lambda text: jinja_filters.do_trim(text, chars),
        lambda text: _trim_lengths(text, chars),
    )


#: The filters above by name, for the compiler and the Jinja environment.
VISIBLE_FILTERS: dict[str, Callable[..., str]] = {
    "upper": upper,
    "lower": lower,
    "capitalize": capitalize,
    "title": title,
    "trim": trim,
}


def keep_marks(value: Any, whole: Callable[[Any], str], lengths: Callable[[str], list[int]]) -> str:
    """``whole`` applied to the text outside the marks; the marks are put back in place.

    ``lengths(text)`` is how many characters of ``whole(text)`` each character
    of ``text`` becomes. When the output is as long as the input every
    character became exactly one (each mapping here either never shortens a
    character or never lengthens one), so ``lengths`` is only called when a
    length changed. Should they not add up (a case rule of context), the
    marks cannot be placed and the text comes back without them.
    """
    parts = _MARKS.split(str(value))
    if len(parts) == 1:
        return whole(str(value) if isinstance(value, str) else value)
    visible = "".join(parts[0::2])
    result = whole(visible)
    images = None if len(result) == len(visible) else lengths(visible)
    if images is not None and sum(images) != len(result):
        return result
    out: list[str] = []
    done = taken = 0
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
            continue
        size = len(part) if images is None else sum(images[taken : taken + len(part)])
        out.append(result[done : done + size])
        done += size
        taken += len(part)
    return "".join(out)


def each_length(text: str, mapping: Callable[[str], str]) -> list[int]:
    """Lengths (see :func:`keep_marks`) for a mapping applied to each character alone."""
    return [len(mapping(char)) for char in text]


def capitalize_lengths(text: str) -> list[int]:
    """Lengths (see :func:`keep_marks`) for ``str.capitalize``, which Jinja's filter is:
    the first character title-cased, the rest lower-cased."""
    return [len(text[:1].title()), *each_length(text[1:], str.lower)] if text else []


def _title_lengths(text: str) -> list[int]:
    # Jinja's title: the first character of each word upper-cased, the rest lower-cased.
    images = []
    starts_word = True
    for char in text:
        images.append(len(char.upper() if starts_word else char.lower()))
        starts_word = _WORD_BREAK.match(char) is not None
    return images


def _trim_lengths(text: str, chars: str | None) -> list[int]:
    return strip_lengths(text, chars, left=True, right=True)


def strip_lengths(text: str, chars: str | None, *, left: bool, right: bool) -> list[int]:
    """Lengths (see :func:`keep_marks`) for stripping ``chars`` from the given ends."""
    lead = len(text) - len(text.lstrip(chars)) if left else 0
    trail = len(text) - len(text.rstrip(chars)) if right else 0
    kept = max(len(text) - lead - trail, 0)
    return [0] * lead + [1] * kept + [0] * (len(text) - lead - kept)


def str_title_lengths(text: str) -> list[int]:
    """Lengths (see :func:`keep_marks`) for ``str.title``: a letter after a cased one is
    lower-cased, any other title-cased."""
    images = []
    cased = False
    for char in text:
        images.append(len(char.lower() if cased else char.title()))
        cased = char.isupper() or char.islower() or char.istitle()
    return images
