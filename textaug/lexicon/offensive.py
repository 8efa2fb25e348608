"""Words a replacement never introduces: obscenities, slurs and vulgar slang.

WordNet files these words under senses that are wrong for the user's sentence anyway
("reserve a seat" -> "reserve a butt", through the sense "buttocks"), but a data tool
that writes them into a training set does harm a wrong sense does not. The list holds
the words WordNet marks with the usage domains obscenity, ethnic slur and vulgarism,
less the homographs whose common senses are innocent ("boy", "tool", "spade", "screw"),
plus vulgar words for body parts and sex that WordNet leaves unmarked. A word the user
wrote is never removed; only candidates are checked.
"""

from __future__ import annotations

from textaug.lexicon.stopwords import words

OFFENSIVE_WORDS = words(
    """
    arse arsehole ass asses asshole bastard bitch bollocks boob boobs booty bugger bullshit
    bum bums butt butts chickenshit chinaman chink cock cocks cocksucker coolie cooly coon
    crap crapper cunt dago damn darkey darkie darky dick dickhead dogshit fanny fuck
    fucker fucking ginzo goddamn greaseball hooker hooters horseshit hymie jigaboo keister
    kike knockers motherfucker nigga nigger nigra nookie nooky pecker picaninny
    piccaninny pickaninny piss pissed pissing prick pussy putz sheeny shit shite shitless
    shtup slut spic spick spik tit tits titty tooshie turd tush tushie twat wank wanker
    wetback whore whoreson wop yid
    """
)
"""Lower-case words never used as a replacement, nor as any word of a multi-word one."""


def is_offensive(candidate: str) -> bool:
    """Whether any word of ``candidate`` (lower case, spaces or hyphens) is offensive.

    >>> is_offensive("butt"), is_offensive("piece of ass"), is_offensive("bottom")
    (True, True, False)
    """
    return any(word in OFFENSIVE_WORDS for word in candidate.replace("-", " ").split())
