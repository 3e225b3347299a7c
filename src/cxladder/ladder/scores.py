"""Scores on their own scales -> a level on the ladder, by rules written down once.

Each scale is cut into buckets at half points, so a 7.5 grade counts as the 8 a Dutch teacher
would round it to, and a 4.4 CSAT as a 4. The level a bucket gives is the score taken at face
value ("raw level"); the ladder never lets a score alone prove Surprising or Unbelievable, which
need evidence of personal or legendary service (see SCORE_CEILING and docs/ladder-rules.md).

    scale  range   Criminal  Basic  Expected  Desired  Surprising  Unbelievable
    csat   1..5    1         2      3         4        5           -
    stars  1..5    1         2      3         4        5           -
    nps    0..10   0-3       4-6    7-8       9        10          -
    ces    1..7    7         5-6    2-4       1        -           -      (1 = very easy)
    grade  1..10   1-3       4-5    6-7       8        9           10
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType
from typing import Final

from cxladder.errors import InvalidInput
from cxladder.model import SCORE_RANGES, Experience, Reason, ServiceLevel

__all__ = [
    "SCORE_CEILING",
    "SCORE_RULES",
    "ScoreRule",
    "score_level",
    "score_reason",
    "score_reasons",
]

C, B, E, D, S, U = (
    ServiceLevel.CRIMINAL,
    ServiceLevel.BASIC,
    ServiceLevel.EXPECTED,
    ServiceLevel.DESIRED,
    ServiceLevel.SURPRISING,
    ServiceLevel.UNBELIEVABLE,
)

SCORE_CEILING: Final = ServiceLevel.DESIRED
"""The highest level scores and facts can prove without a comment that tells why."""


@dataclass(frozen=True, slots=True)
class ScoreRule:
    """How one scale maps onto the ladder.

    `cuts` are the bucket boundaries (a value equal to a cut belongs to the bucket above) and
    `levels` has one level per bucket, from the lowest values up. `weight` is how much this
    scale says about one moment, relative to the others.
    """

    scale: str
    label: str
    cuts: tuple[float, ...]
    levels: tuple[ServiceLevel, ...]
    weight: float

    def __post_init__(self) -> None:
        if len(self.levels) != len(self.cuts) + 1:
            raise ValueError(f"score rule {self.scale}: need one level more than cuts")

    def level(self, value: float) -> ServiceLevel:
        return self.levels[bisect_right(self.cuts, value)]


SCORE_RULES: Final[Mapping[str, ScoreRule]] = MappingProxyType(
    {
        # Satisfaction and stars: one step per point; the top box is delight taken at its word.
        "csat": ScoreRule("csat", "CSAT", (1.5, 2.5, 3.5, 4.5), (C, B, E, D, S), 1.0),
        "stars": ScoreRule("stars", "Stars", (1.5, 2.5, 3.5, 4.5), (C, B, E, D, S), 1.0),
        # NPS asks about recommending, not about this moment, so it weighs a little less.
        # 0-3 are the angry detractors, 4-6 the lukewarm ones, 7-8 passives, 9-10 promoters.
        "nps": ScoreRule("nps", "NPS", (3.5, 6.5, 8.5, 9.5), (C, B, E, D, S), 0.8),
        # Low effort is what customers expect ("klanten willen geen moeite hoeven doen"), so
        # effort can show a failure but not a surprise: very easy is Desired at best.
        "ces": ScoreRule("ces", "CES", (1.5, 4.5, 6.5), (D, E, B, C), 0.6),
        # The Dutch school grade: a 5 is "Basic" in the seed ("Een vijf dus"), a 6 is a pass,
        # 8 is good, 9 very good, 10 is the rarely given perfect mark.
        "grade": ScoreRule("grade", "Grade", (3.5, 5.5, 7.5, 8.5, 9.5), (C, B, E, D, S, U), 1.0),
    }
)


def score_level(scale: str, value: float) -> ServiceLevel:
    """The raw level one score points to, e.g. `score_level("grade", 5)` is BASIC."""
    rule = SCORE_RULES.get(scale)
    if rule is None:
        known = ", ".join(SCORE_RULES)
        raise InvalidInput(f"{scale!r} is not a score scale; use one of {known}")
    low, high = SCORE_RANGES[scale]
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidInput(
            f"{rule.label} {value} is out of range {low:g}..{high:g}; fix the score or leave it "
            "empty"
        )
    return rule.level(value)


_MESSAGES: Final = {
    "en": "{label} {value:g} on {low:g}..{high:g} points to {level}",
    "nl": "{label} {value:g} op {low:g}..{high:g} wijst op {level}",
}
_CEILING_NOTE: Final = {
    "en": " (a score alone proves Desired at most)",
    "nl": " (een score alleen bewijst hooguit Gewenst)",
}

# Scores come from a handful of values per scale, so their reasons are made once and shared.
_REASONS: Final[dict[tuple[str, float, str], Reason]] = {}


def score_reason(scale: str, value: float, language: str = "en") -> Reason:
    """The reason one score gives, in English or Dutch ('nl'); evidence is `scale=value`."""
    key = (scale, value, language)
    reason = _REASONS.get(key)
    if reason is None:
        reason = _make_score_reason(scale, value, language)
        if len(_REASONS) < 10_000:
            _REASONS[key] = reason
    return reason


def _make_score_reason(scale: str, value: float, language: str) -> Reason:
    level = score_level(scale, value)
    rule = SCORE_RULES[scale]
    low, high = SCORE_RANGES[scale]
    lang = "nl" if language == "nl" else "en"
    message = _MESSAGES[lang].format(
        label=rule.label, value=value, low=low, high=high, level=level.label(lang)
    )
    if level > SCORE_CEILING:
        message += _CEILING_NOTE[lang]
    return Reason("score", level, rule.weight, message, f"{scale}={value:g}")


def score_reasons(experience: Experience, language: str = "en") -> list[Reason]:
    """One reason per score the experience carries, in SCORE_RULES order."""
    values = _SCORES_OF(experience)
    if values == _NO_SCORES:
        return []
    return [
        score_reason(scale, value, language)
        for scale, value in zip(_SCALES, values, strict=True)
        if value is not None
    ]


# Every score of an experience in one call, in SCORE_RULES order.
_SCALES: Final = tuple(SCORE_RULES)
_SCORES_OF: Final = attrgetter(*_SCALES)
_NO_SCORES: Final = (None,) * len(_SCALES)
