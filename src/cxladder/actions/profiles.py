"""Know the customer: occasions found in what they write, milestones found in their visits,
and a short history a host can read before the customer walks in.

The patterns are our own, in Dutch and English: "25 jaar getrouwd", "onze trouwdag",
"our anniversary", "my 40th birthday", "eerste keer hier", "our 25th visit".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from cxladder.model import Occasion, ServiceLevel

__all__ = [
    "MILESTONES",
    "FoundOccasion",
    "History",
    "detect_occasions",
    "history",
    "merge_occasions",
    "visit_milestones",
]

_N = r"(?<![\d,.])(?P<n>\d{1,3})"
_NTH_EN = _N + r"(?:st|nd|rd|th)"
_NTH_NL = _N + r"(?:ste|de|e)"

# (kind, language, pattern). `n` captures a count (years married, age, visit number).
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (kind, language, re.compile(pattern, re.IGNORECASE))
    for kind, language, pattern in (
        ("anniversary", "nl", _N + r"\s*jaar\s+(?:getrouwd|samen|bij elkaar)"),
        ("anniversary", "nl", _N + r"[- ]?jarig\s+(?:huwelijks)?(?:jubileum|huwelijk)"),
        ("anniversary", "nl", r"\b(?:onze|ons)\s+(?:trouwdag|jubileum|huwelijksjubileum)"),
        ("anniversary", "nl", r"\b(?:trouwdag|huwelijksjubileum|huwelijksdag)\b"),
        ("anniversary", "en", _NTH_EN + r"\s+(?:wedding\s+)?anniversary"),
        ("anniversary", "en", r"\bmarried\s+(?:for\s+)?" + _N + r"\s+years"),
        ("anniversary", "en", r"\b(?:our|my|wedding)\s+(?:wedding\s+)?anniversary"),
        ("birthday", "nl", _NTH_NL + r"\s+verjaardag"),
        ("birthday", "nl", r"\b(?:mijn|zijn|haar|onze|m'n)\s+verjaardag\b"),
        ("birthday", "nl", r"\b(?:ik ben|hij is|zij is|ze is|was)\s+jarig\b"),
        ("birthday", "nl", r"\bwerd\s+" + _N + r"\s+(?:jaar|vandaag)\b"),
        ("birthday", "en", _NTH_EN + r"\s+birthday"),
        ("birthday", "en", r"\b(?:my|his|her|our|mum's|mom's|dad's)\s+birthday\b"),
        ("birthday", "en", r"\bturn(?:ed|s)?\s+" + _N + r"\b(?!\s*(?:min|hour|sec|euro|%))"),
        ("visit", "nl", _NTH_NL + r"\s+(?:bezoek|keer)\b"),
        ("visit", "en", _NTH_EN + r"\s+(?:visit|time)\b"),
        ("first-visit", "nl", r"\beerste\s+(?:keer|bezoek)\b"),
        ("first-visit", "en", r"\bfirst\s+(?:time|visit)\b"),
        ("engagement", "nl", r"\b(?:aanzoek|verloofd|verloving)\b"),
        ("engagement", "en", r"\b(?:proposed|proposal|got engaged|engagement)\b"),
        ("graduation", "nl", r"\b(?:geslaagd|afgestudeerd|diploma)\b"),
        ("graduation", "en", r"\b(?:graduated|graduation)\b"),
    )
)

_NEGATION = re.compile(r"\b(?:not|no|niet|geen)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_YEARLY = frozenset({"anniversary", "birthday"})


@dataclass(frozen=True, slots=True)
class FoundOccasion:
    """One occasion found in a text: its kind, the count if any, the phrase that shows it."""

    kind: str
    count: int | None
    phrase: str
    language: str

    def occasion(self, on: date | None) -> Occasion:
        note = self.phrase if self.count is None else f"{self.count}: {self.phrase}"
        return Occasion(self.kind, on if self.kind in _YEARLY else None, note)


def detect_occasions(text: str) -> list[FoundOccasion]:
    """Occasions mentioned in one comment, at most one per kind, the most specific first."""
    found: dict[str, FoundOccasion] = {}
    for kind, language, pattern in _PATTERNS:
        if kind in found and found[kind].count is not None:
            continue
        for match in pattern.finditer(text):
            if _NEGATION.search(text[max(0, match.start() - 25) : match.start()]):
                continue
            count = match.groupdict().get("n")
            candidate = FoundOccasion(kind, int(count) if count else None, match.group(0), language)
            if kind not in found or (candidate.count is not None and found[kind].count is None):
                found[kind] = candidate
            break
    if "first-visit" in found and "visit" in found:
        del found["first-visit"]  # "the 25th time, not the first time": the count wins
    return list(found.values())


MILESTONES: tuple[int, ...] = (1, 10, 25, 50, 100)
"""Visit numbers worth marking: the first visit and round numbers after it."""


def visit_milestones(visit_count: int) -> Occasion | None:
    """The occasion the next visit would mark, when it is a milestone."""
    upcoming = visit_count + 1
    if upcoming == 1:
        return Occasion("first-visit", None, "first visit")
    if upcoming in MILESTONES:
        return Occasion("visit", None, f"{upcoming}: visit number {upcoming}")
    return None


def merge_occasions(known: Sequence[Occasion], found: Sequence[Occasion]) -> tuple[Occasion, ...]:
    """Known occasions plus the newly found, without repeating a kind and note already known."""
    seen = {(o.kind, o.note) for o in known}
    merged = list(known)
    for occasion in found:
        if (occasion.kind, occasion.note) not in seen:
            merged.append(occasion)
            seen.add((occasion.kind, occasion.note))
    return tuple(merged)


@dataclass(frozen=True, slots=True)
class History:
    """One customer's visits in a few numbers a host can read in ten seconds."""

    visits: int
    first_visit: datetime | None
    last_visit: datetime | None
    levels: dict[ServiceLevel, int]
    mean_level: float | None
    touchpoints: dict[str, int]
    worst_touchpoint: str | None

    def describe(self) -> str:
        if not self.visits:
            return "no visits yet"
        mean = f"{self.mean_level:.1f}" if self.mean_level is not None else "-"
        worst = f"; weakest at {self.worst_touchpoint}" if self.worst_touchpoint else ""
        return (
            f"{self.visits} experiences from {self.first_visit:%Y-%m-%d} to "
            f"{self.last_visit:%Y-%m-%d}, mean level {mean}{worst}"
        )


def history(visits: pd.DataFrame) -> History:
    """`visits` is one customer's rows with touchpoint, at and level (level may be missing)."""
    if visits.empty:
        return History(0, None, None, {}, None, {}, None)
    assessed = visits.dropna(subset=["level"])
    levels = Counter(ServiceLevel(int(v)) for v in assessed["level"])
    worst = None
    if not assessed.empty:
        means = assessed.groupby("touchpoint")["level"].mean()
        worst = str(means.idxmin()) if means.min() <= ServiceLevel.BASIC else None
    return History(
        visits=len(visits),
        first_visit=pd.Timestamp(visits["at"].min()).to_pydatetime(),
        last_visit=pd.Timestamp(visits["at"].max()).to_pydatetime(),
        levels=dict(sorted(levels.items())),
        mean_level=float(assessed["level"].mean()) if not assessed.empty else None,
        touchpoints={str(k): int(v) for k, v in visits["touchpoint"].value_counts().items()},
        worst_touchpoint=worst,
    )
