"""The indefinite article a word takes, so "a" and "an" still agree after a word changes."""

from __future__ import annotations

ARTICLES = frozenset({"a", "an"})
_AN_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir")
_A_EXCEPTIONS = ("uni", "use", "usu", "uti", "ura", "ure", "euro", "eu", "one", "once", "ewe")
_OPENERS = "\"'(“‘["


def indefinite_article(word: str) -> str:
    """ "a" or "an" for ``word`` by its first sound (spelling rules with common exceptions).

    >>> indefinite_article("escape"), indefinite_article("hour"), indefinite_article("user")
    ('an', 'an', 'a')
    """
    low = word.lower()
    if low.startswith(_AN_EXCEPTIONS):
        return "an"
    if low.startswith(_A_EXCEPTIONS):
        return "a"
    return "an" if low[:1] in ("a", "e", "i", "o", "u") else "a"


def match_article(article: str, following: str) -> str:
    """``article`` ("a"/"an" in any case) made to agree with the word that now follows it.

    >>> match_article("a", "album"), match_article("An", "song"), match_article("A", "ALBUM")
    ('an', 'A', 'AN')
    """
    wanted = indefinite_article(following)
    if article.lower() == wanted:
        return article
    if article.isupper() and (len(article) > 1 or (following.isupper() and len(following) > 1)):
        return wanted.upper()  # "A CHEAP ROOM" -> "AN INEXPENSIVE ROOM", not "An INEXPENSIVE"
    return wanted.capitalize() if article[:1].isupper() else wanted


def article_before(text: str, start: int) -> tuple[int, int] | None:
    """Where a whole-word "a"/"an" stands right before ``start``, with whitespace between.

    >>> article_before("add a track", 6), article_before("add sofa track", 9)
    ((4, 5), None)
    """
    end = len(text[:start].rstrip())
    if end == start:
        return None  # nothing between: no article of its own
    begin = end
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    if text[begin:end].lower() not in ARTICLES:
        return None
    if begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in _OPENERS:
        return None
    return begin, end
