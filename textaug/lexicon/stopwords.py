"""English stopwords and negation words, written for textaug (lowercase frozensets).

``STOPWORDS`` are words augmenters should not replace or delete by default:
function words, auxiliaries and modals, pronouns, determiners, prepositions,
conjunctions, clitics and a few light words. ``NEGATIONS`` flip meaning; edits must
keep them.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a frozenset."""
    return frozenset(text.split())


_PRONOUNS = """
i me my mine myself we us our ours ourselves you your yours yourself yourselves
he him his himself she her hers herself it its itself they them their theirs themselves
one ones oneself who whom whose which what whoever whomever whatever whichever
this that these those someone somebody something anyone anybody anything everyone
everybody everything nobody nothing noone
"""
_DETERMINERS = """
a an the some any no every each either neither both all few many much more most
several such another other others own same enough
"""
_AUXILIARIES = """
be am is are was were been being have has had having do does did doing done
will would shall should can could may might must ought need dare
"""
_PREPOSITIONS = """
about above across after against along amid among around as at before behind below
beneath beside besides between beyond by despite down during except for from in inside
into like near of off on onto out outside over past per since than through throughout
till to toward towards under underneath until unto up upon via with within without
"""
_CONJUNCTIONS = """
and or but nor so yet for if unless because although though while whereas whether
once then else also either neither
"""
_ADVERBS = """
not no never very too just only quite rather really so here there where when why how
now then again ever even still already almost also yes ok okay oh well please
"""
_CLITICS = """
's 're 've 'd 'll 'm n't s t d ll m re ve o y don't doesn't didn't isn't aren't wasn't
weren't haven't hasn't hadn't won't wouldn't can't cannot couldn't shouldn't mustn't
i'm you're we're they're he's she's it's that's there's what's let's i've you've we've
they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll
"""

STOPWORDS: frozenset[str] = words(
    " ".join(
        [_PRONOUNS, _DETERMINERS, _AUXILIARIES, _PREPOSITIONS, _CONJUNCTIONS, _ADVERBS, _CLITICS]
    )
)

PREPOSITIONS: frozenset[str] = words(_PREPOSITIONS)

DETERMINERS: frozenset[str] = words(
    """
    a an the this that these those my your his her its our their some any no every each
    either neither both all several such another
    """
)
"""Words that open a noun phrase: a second one cannot follow ("the this show")."""

NEGATIONS: frozenset[str] = words(
    """
    not n't n’t no never nor none nothing nobody neither nowhere noone cannot without
    hardly barely scarcely seldom rarely lack lacks lacking nope nah w/o w/out
    ain't don't doesn't didn't isn't aren't wasn't weren't haven't hasn't hadn't won't
    wouldn't can't couldn't shouldn't mustn't needn't shan't mightn't don’t
    aint dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt wont wouldnt cant
    couldnt shouldnt mustnt neednt
    """
)
"""Words that flip meaning. Apostrophe-less spellings ("dont") are here too: users type
them, and a typo or synonym of one is as bad as of the spelled-out form."""
