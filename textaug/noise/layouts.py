"""Keyboard layouts as data, and the key-adjacency tables typo models draw from.

A layout is four rows of unshifted keys; each row sits about a quarter to half
a key to the right of the one above, as on a real keyboard, so a key's
neighbours are the keys left and right of it, the two it touches above and the
two below. Tables are computed once per process per layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from textaug.errors import ConfigError

#: Unshifted rows (digits, top, home, bottom) of each layout.
LAYOUTS: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        "qwerty": ("1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./"),
        "azerty": ("1234567890)=", "azertyuiop^$", "qsdfghjklmù", "wxcvbn,;:!"),
        "qwertz": ("1234567890ß´", "qwertzuiopü+", "asdfghjklöä", "yxcvbnm,.-"),
    }
)


def layout_names() -> tuple[str, ...]:
    """Names accepted as a ``layout`` parameter."""
    return tuple(LAYOUTS)


@cache
def adjacency(layout: str = "qwerty", letters_only: bool = True) -> Mapping[str, str]:
    """Each key's neighbours on ``layout``, as one string per key, upper case included.

    With ``letters_only`` (the default) only letters are neighbours, so a typo
    never puts a digit or a mark into a word (digits would trip the number guard
    and marks would split the token).

    >>> adjacency("qwerty")["g"]
    'fhtyvb'
    >>> adjacency("qwerty")["G"]
    'FHTYVB'
    """
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown keyboard layout {layout!r}; known: {', '.join(LAYOUTS)}")
    rows = LAYOUTS[layout]
    positions = {key: (r, c) for r, row in enumerate(rows) for c, key in enumerate(row)}
    table: dict[str, str] = {}
    for key, (r, c) in positions.items():
        if letters_only and not key.isalpha():
            continue
        around = [(r, c - 1), (r, c + 1), (r - 1, c), (r - 1, c + 1), (r + 1, c - 1), (r + 1, c)]
        near = [
            rows[rr][cc] for rr, cc in around if 0 <= rr < len(rows) and 0 <= cc < len(rows[rr])
        ]
        if letters_only:
            near = [k for k in near if k.isalpha()]
        table[key] = "".join(near)
        if _upper(key) != key:
            table[_upper(key)] = "".join(map(_upper, near))
    return MappingProxyType(table)


def _upper(key: str) -> str:
    """The key's capital, or the key itself when that is no one character ("ß" -> "SS")."""
    upper = key.upper()
    return upper if len(upper) == 1 else key
