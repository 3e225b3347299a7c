"""Next best gesture and pain-moment mitigations: a playbook first, measured effects on top.

The playbook holds what the seeds teach: a greeter at the gate, a table with the guest's name,
prosecco for the 25th anniversary, entertainment in the queue, a live status while waiting.
What past data shows worked (uplift against a hold-out, before/after for a mitigation) ranks
the suggestions and is shown beside them; a play that was never measured says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta

import pandas as pd

from cxladder.actions.gestures import GestureEffect
from cxladder.actions.records import Gesture, Mitigation
from cxladder.actions.uplift import Uplift, estimate_uplift
from cxladder.errors import InvalidInput
from cxladder.model import Occasion, ServiceLevel, Touchpoint

__all__ = [
    "LIFT_PLAYS",
    "PAIN_PLAYS",
    "PainMoment",
    "Play",
    "Suggestion",
    "mitigation_effect",
    "next_best_gestures",
    "pain_kind",
    "pain_moments",
]


@dataclass(frozen=True, slots=True)
class Play:
    """One move in the playbook: what to do, the gesture it spends, what it needs."""

    key: str
    action: str
    lifts_to: ServiceLevel
    gesture: str | None = None
    personal: bool = False
    occasion: str | None = None


LIFT_PLAYS: tuple[Play, ...] = (
    Play(
        "greet-at-gate",
        "Greet the customer at the door before they have to ask",
        ServiceLevel.DESIRED,
    ),
    Play(
        "unasked-extra",
        "Bring something small unasked: water, bread, a seat while waiting",
        ServiceLevel.DESIRED,
        gesture="free-dessert",
    ),
    Play(
        "by-name",
        "Welcome the customer by name, with their usual preference ready",
        ServiceLevel.SURPRISING,
        personal=True,
    ),
    Play(
        "replace-no-receipt",
        "If something broke, replace it on the spot without a receipt",
        ServiceLevel.SURPRISING,
        gesture="replacement",
    ),
    Play(
        "upgrade",
        "Upgrade the table, seat or room without being asked",
        ServiceLevel.SURPRISING,
        gesture="upgrade",
    ),
    Play(
        "anniversary-prosecco",
        "Ask about the anniversary and welcome them with prosecco",
        ServiceLevel.UNBELIEVABLE,
        gesture="prosecco",
        personal=True,
        occasion="anniversary",
    ),
    Play(
        "birthday-dessert",
        "Bring a birthday dessert with a candle and the team's card",
        ServiceLevel.UNBELIEVABLE,
        gesture="free-dessert",
        personal=True,
        occasion="birthday",
    ),
    Play(
        "milestone-thanks",
        "Mark the milestone visit: a handwritten thank-you from the team",
        ServiceLevel.UNBELIEVABLE,
        gesture="handwritten-card",
        personal=True,
        occasion="visit",
    ),
    Play(
        "first-visit-welcome",
        "First visit: show them around and introduce the host",
        ServiceLevel.SURPRISING,
        personal=True,
        occasion="first-visit",
    ),
    Play(
        "engagement-toast",
        "Celebrate the engagement with a toast from the house",
        ServiceLevel.UNBELIEVABLE,
        gesture="prosecco",
        personal=True,
        occasion="engagement",
    ),
    Play(
        "manager-call",
        "After a bad moment, the manager calls personally to put it right",
        ServiceLevel.SURPRISING,
        gesture="personal-call",
        personal=True,
    ),
)

PAIN_PLAYS: Mapping[str, tuple[str, ...]] = {
    "queue": (
        "Entertainment in the queue (a performer, samples, something to look at)",
        "A greeter at the gate at opening time",
        "Open an extra counter or lane for the opening rush",
    ),
    "waiting": (
        "Live status of the wait (position, minutes left) on screen or phone",
        "Offer a call-back instead of holding",
        "Something to drink or read while waiting",
    ),
    "delay": (
        "Tell customers about the delay before they ask, with the new time",
        "A small compensation, unasked, above a delay threshold",
    ),
    "checkout": (
        "Self-checkout or a mobile payment at the table",
        "A second cashier when more than three people wait",
    ),
    "delivery": (
        "Track-and-trace with a two-hour window",
        "Call the customer when the window slips",
    ),
    "contact": (
        "Answer within one working day, with a name and a direct number",
        "Let the first person solve it instead of passing it on",
    ),
}

_PAIN_WORDS: tuple[tuple[str, str], ...] = (
    ("queue", r"queue|rij|wachtrij|gate|entrance|ingang|opening|poort|kassa-rij"),
    ("waiting", r"wait|wacht|hold|in-de-wacht|waiting"),
    ("delay", r"delay|vertraging|late|te-laat|vlucht|train|trein"),
    ("checkout", r"checkout|kassa|payment|betal|afrekenen|bill|rekening"),
    ("delivery", r"deliver|bezorg|levering|shipping|verzend"),
    ("contact", r"phone|telefoon|call|mail|contact|klantenservice|support"),
)


def pain_kind(touchpoint: Touchpoint | None, key: str) -> str:
    """Which kind of pain a touchpoint is, from its key, name and expectations."""
    words = " ".join(
        [key, touchpoint.name if touchpoint else "", touchpoint.stage if touchpoint else ""]
    ).lower()
    for kind, pattern in _PAIN_WORDS:
        if re.search(pattern, words):
            return kind
    if touchpoint is not None and touchpoint.expectation("wait_minutes") is not None:
        return "waiting"
    if touchpoint is not None and touchpoint.expectation("delay_minutes") is not None:
        return "delay"
    return "contact" if touchpoint is None else "waiting"


@dataclass(frozen=True, slots=True)
class Suggestion:
    play: Play
    gesture: Gesture | None
    because: str
    measured: Uplift | None

    @property
    def evidence(self) -> str:
        if self.measured is None:
            return "playbook; not measured yet"
        return f"measured on the next visit's level: {self.measured.describe()}"


def next_best_gestures(
    *,
    current: ServiceLevel | None,
    occasions: Sequence[Occasion],
    personalised: bool,
    catalogue: Mapping[str, Gesture],
    effects: Sequence[GestureEffect] = (),
    limit: int = 5,
) -> list[Suggestion]:
    """Plays that lift the next visit a level or two, best evidence first.

    Without consent to personalisation, personal plays and occasions are left out entirely.
    """
    start = current if current is not None else ServiceLevel.EXPECTED
    kinds = {o.kind for o in occasions} if personalised else set()
    measured = {e.gesture: e.level for e in effects if e.level is not None}
    suggestions = [
        _suggest(play, catalogue, measured, kinds)
        for play in LIFT_PLAYS
        if play.lifts_to > start
        and (personalised or not play.personal)
        and (play.occasion is None or play.occasion in kinds)
        and (play.gesture is None or play.gesture in catalogue)
    ]
    suggestions.sort(key=_rank)
    return suggestions[:limit]


def _suggest(
    play: Play,
    catalogue: Mapping[str, Gesture],
    measured: Mapping[str, Uplift],
    kinds: set[str],
) -> Suggestion:
    gesture = catalogue.get(play.gesture) if play.gesture else None
    because = (
        f"known occasion: {play.occasion}"
        if play.occasion in kinds
        else f"lifts towards {play.lifts_to.name_en}"
    )
    return Suggestion(play, gesture, because, measured.get(play.gesture or ""))


def _rank(s: Suggestion) -> tuple[int, float, int, int]:
    proven = s.measured is not None and s.measured.significant and s.measured.effect > 0
    return (
        0 if s.play.occasion else 1,
        -(s.measured.effect if proven and s.measured else 0.0),
        -int(s.play.lifts_to),
        LIFT_PLAYS.index(s.play),
    )


@dataclass(frozen=True, slots=True)
class PainMoment:
    """A touchpoint where too many experiences land at Criminal or Basic."""

    touchpoint: str
    name: str
    kind: str
    experiences: int
    low_share: float
    mean_level: float
    mitigations: tuple[str, ...]
    tried: tuple[tuple[Mitigation, Uplift | None], ...] = ()


def pain_moments(
    visits: pd.DataFrame,
    touchpoints: Mapping[str, Touchpoint],
    *,
    threshold: float = 0.2,
    minimum: int = 20,
) -> list[PainMoment]:
    """Touchpoints whose share of Criminal+Basic is at least `threshold`, worst first."""
    if visits.empty:
        return []
    low = visits["level"] <= int(ServiceLevel.BASIC)
    stats = (
        visits.assign(low=low)
        .groupby("touchpoint")
        .agg(n=("level", "size"), low_share=("low", "mean"), mean=("level", "mean"))
    )
    stats = stats[(stats["n"] >= minimum) & (stats["low_share"] >= threshold)]
    moments = []
    for key, row in stats.sort_values("low_share", ascending=False).iterrows():
        tp = touchpoints.get(str(key))
        kind = pain_kind(tp, str(key))
        moments.append(
            PainMoment(
                str(key),
                tp.name if tp else str(key),
                kind,
                int(row["n"]),
                float(row["low_share"]),
                float(row["mean"]),
                PAIN_PLAYS[kind],
            )
        )
    return moments


def mitigation_effect(
    mitigation: Mitigation, visits: pd.DataFrame, *, window: timedelta = timedelta(days=90)
) -> Uplift | None:
    """Mean level at the touchpoint in the window after the start minus the window before.

    Before/after, not randomised: seasons and other changes can move it too. None until both
    windows hold at least two assessed experiences.
    """
    at = visits[visits["touchpoint"] == mitigation.touchpoint]
    start = pd.Timestamp(mitigation.started_at)
    span = pd.Timedelta(window)
    after = at[(at["at"] >= start) & (at["at"] < start + span)]["level"]
    before = at[(at["at"] < start) & (at["at"] >= start - span)]["level"]
    try:
        return estimate_uplift([float(v) for v in after], [float(v) for v in before])
    except InvalidInput:
        return None
