"""Is a comment Dutch, English or something else? Decided by function words, offline.

Function words ('de', 'het', 'niet' / 'the', 'was', 'not') make up a third of any sentence and
barely overlap between the two languages, so counting them beats character statistics on the
short texts customers write, and costs a few microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

__all__ = [
    "DUTCH",
    "ENGLISH",
    "OTHER",
    "decide",
    "decide_counted",
    "detect_language",
    "detect_languages",
    "votes",
    "word_vote",
]

DUTCH = "nl"
ENGLISH = "en"
OTHER = "other"

_WORD = re.compile(r"[^\W\d_]+")

_DUTCH_WORDS = frozenset(
    """de het een en van ik je jij u we wij ze zij is was waren zijn ben bent niet geen wel
    maar ook nog dat die dit deze daar hier er met voor naar bij op aan uit om te tot dan als
    heel erg zeer echt mijn ons onze jullie hun wat wie waar hoe werd wordt worden kan kon
    moet moest had hebben heeft hadden zou zouden al meer veel weer nooit altijd even eten
    lekker goed slecht prima bediening personeel eigenlijk gewoon toch helaas super mooi
    leuk zeker kregen kreeg gaan ging komen kwam terug keer na door over onder zonder""".split()
)

_ENGLISH_WORDS = frozenset(
    """the a an and of i you he she we they it is was were are be been am not no but also
    still that this these those there here with for to at from by on in out if then than
    very really my our your their what who where how would could should can will had has
    have do did does just so too more much again never always food service staff good bad
    great nice place table waiter got get went came back time after about without only""".split()
)

# French, German and Spanish function words: a comment full of them is neither of ours, even
# when it borrows 'service' or 'die'.
_FOREIGN_WORDS = frozenset(
    """le la les et est une des du pour avec très nous vous sont était das der und ist nicht
    sehr mit wir sie ein eine war auch aber el los las es muy con y que una pero fue""".split()
)

# Short words shared by both ('in', 'is', 'was', 'me', 'we') count for both and so cancel out;
# these words alone are not evidence of either language.
_SHARED = _DUTCH_WORDS & _ENGLISH_WORDS


def _votes(text: str) -> tuple[int, int, int]:
    return _votes_of(_WORD.findall(text.lower()))


def word_vote(word: str) -> int:
    """0 no evidence, 1 Dutch, 2 English, 3 foreign: what one lowercased word says."""
    if word in _SHARED:
        return 0
    if word in _FOREIGN_WORDS:
        return 3
    if word in _DUTCH_WORDS:
        return 1
    return 2 if word in _ENGLISH_WORDS else 0


def _votes_of(words: list[str]) -> tuple[int, int, int]:
    counts = [0, 0, 0, 0]
    for word in words:
        counts[word_vote(word)] += 1
    return votes(counts[1], counts[2], counts[3], len(words))


def votes(dutch: int, english: int, foreign: int, words: int) -> tuple[int, int, int]:
    """Dutch and English votes, cancelled when foreign function words outnumber them."""
    if foreign >= max(dutch, english):
        return 0, 0, words
    return dutch, english, words


def detect_language(text: str, *, default: str = OTHER, words: list[str] | None = None) -> str:
    """'nl', 'en', or `default` when the text holds too little of either to tell.

    `words`, the lowercased words of `text` when the caller has them already, saves a pass.
    """
    dutch, english, words_seen = _votes(text) if words is None else _votes_of(words)
    return decide(text, dutch, english, words_seen, default)


def decide(text: str, dutch: int, english: int, words: int, default: str = OTHER) -> str:
    """The language from counted votes (see `votes`); `text` only breaks ties."""
    if dutch == english:
        return default if words == 0 or dutch == 0 else _by_letters(text, default)
    # A French or German comment shares a word or two by chance; require a real share.
    if max(dutch, english) * 8 < words:
        return default
    return DUTCH if dutch > english else ENGLISH


def decide_counted(
    texts: Sequence[str], counts: npt.NDArray[np.int64], default: str = OTHER
) -> list[str]:
    """`decide` for a batch, from per text (words, Dutch, English, foreign) vote counts.

    The same rules as `votes` then `decide`, as array arithmetic; only ties are settled by
    looking at the letters.
    """
    words, dutch, english, foreign = counts.T
    cancelled = foreign >= np.maximum(dutch, english)
    dutch = np.where(cancelled, 0, dutch)
    english = np.where(cancelled, 0, english)
    tie = dutch == english
    outcome = np.where(dutch > english, 1, 2)
    outcome[~tie & (np.maximum(dutch, english) * 8 < words)] = 0
    outcome[tie] = 0
    outcome[tie & (words != 0) & (dutch != 0)] = 3
    names = (default, DUTCH, ENGLISH)
    return [
        names[code] if code < 3 else _by_letters(text, default)
        for text, code in zip(texts, outcome.tolist(), strict=True)
    ]


def _by_letters(text: str, default: str) -> str:
    lowered = text.lower()
    dutch = lowered.count("ij") + lowered.count("oe") + lowered.count("aa")
    english = lowered.count("th") + lowered.count("wh") + lowered.count("sh")
    if dutch == english:
        return default
    return DUTCH if dutch > english else ENGLISH


def detect_languages(texts: Iterable[str], *, default: str = OTHER) -> list[str]:
    return [detect_language(text, default=default) for text in texts]
