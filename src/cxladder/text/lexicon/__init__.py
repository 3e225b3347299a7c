"""The project's own bilingual lexicons: polarity words, aspect cues and level cues."""

from cxladder.text.lexicon.aspects import ASPECTS, CUE_GROUPS, CUES
from cxladder.text.lexicon.levels import LEVEL_CUES
from cxladder.text.lexicon.polarity import CONTRASTS, INTENSIFIERS, NEGATIVE, NEGATORS, POSITIVE

__all__ = [
    "ASPECTS",
    "CONTRASTS",
    "CUES",
    "CUE_GROUPS",
    "INTENSIFIERS",
    "LEVEL_CUES",
    "NEGATIVE",
    "NEGATORS",
    "POSITIVE",
]
