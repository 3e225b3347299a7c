"""Closed-loop cases: every Criminal or Basic moment becomes somebody's job to put right.

The rules say which levels open a case and how fast it must be handled (SLA by level); the
owner is the touchpoint's owner. One case per customer need: a second bad moment at the same
need joins the open case instead of opening a duplicate. On close the customer gets a
follow-up question; their answer is the level after recovery.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from types import MappingProxyType

import pandas as pd

from cxladder.actions.records import Case, CaseStatus
from cxladder.errors import InvalidInput
from cxladder.model import ServiceLevel, Touchpoint
from cxladder.store.actions_repo import LowMoment, NewCase

__all__ = [
    "DEFAULT_SLA",
    "CaseRules",
    "NeedBy",
    "Recovery",
    "follow_up_question",
    "plan_cases",
    "recovery",
    "next_visit_levels",
    "check_transition",
]

DEFAULT_SLA: Mapping[ServiceLevel, timedelta] = MappingProxyType(
    {
        ServiceLevel.CRIMINAL: timedelta(hours=4),
        ServiceLevel.BASIC: timedelta(hours=48),
        ServiceLevel.EXPECTED: timedelta(days=7),
    }
)

UNASSIGNED = "cx-team"


class NeedBy(StrEnum):
    """What counts as one customer need: the touchpoint itself, or its journey stage."""

    TOUCHPOINT = "touchpoint"
    STAGE = "stage"


@dataclass(frozen=True, slots=True)
class CaseRules:
    """Which levels open a case, the SLA per level, and how needs are told apart."""

    levels: frozenset[ServiceLevel] = frozenset({ServiceLevel.CRIMINAL, ServiceLevel.BASIC})
    sla: Mapping[ServiceLevel, timedelta] = field(default_factory=lambda: DEFAULT_SLA)
    need_by: NeedBy = NeedBy.TOUCHPOINT
    default_owner: str = UNASSIGNED

    def __post_init__(self) -> None:
        missing = [level.name_en for level in self.levels if level not in self.sla]
        if missing:
            raise InvalidInput(
                f"case rules open cases at {', '.join(missing)} but give no SLA for it; "
                "add a time per level to `sla`"
            )

    def need_of(self, touchpoint_key: str, touchpoint: Touchpoint | None) -> str:
        if self.need_by is NeedBy.STAGE and touchpoint is not None and touchpoint.stage:
            return touchpoint.stage
        return touchpoint_key

    def owner_of(self, touchpoint: Touchpoint | None) -> str:
        return (
            touchpoint.owner
            if touchpoint is not None and touchpoint.owner
            else (self.default_owner)
        )


def plan_cases(
    moments: Sequence[LowMoment],
    open_by_need: Mapping[tuple[str, str], int],
    touchpoints: Mapping[str, Touchpoint],
    rules: CaseRules,
    now: datetime,
) -> tuple[list[NewCase], list[tuple[int, int]]]:
    """New cases to open, and (case id, experience id) pairs that join an open case."""
    grouped: dict[tuple[str, str], list[LowMoment]] = {}
    attach: list[tuple[int, int]] = []
    for moment in moments:
        if moment.level not in rules.levels:
            continue
        need = rules.need_of(moment.touchpoint, touchpoints.get(moment.touchpoint))
        key = (moment.customer_id, need)
        if key in open_by_need:
            attach.append((open_by_need[key], moment.experience_id))
        else:
            grouped.setdefault(key, []).append(moment)
    new = [
        _new_case(customer, need, group, touchpoints, rules, now)
        for (customer, need), group in grouped.items()
    ]
    return new, attach


def _new_case(
    customer: str,
    need: str,
    group: list[LowMoment],
    touchpoints: Mapping[str, Touchpoint],
    rules: CaseRules,
    now: datetime,
) -> NewCase:
    worst = min(group, key=lambda m: (m.level, m.at))
    return NewCase(
        customer_id=customer,
        need=need,
        touchpoint=worst.touchpoint,
        level=worst.level,
        owner=rules.owner_of(touchpoints.get(worst.touchpoint)),
        opened_at=now,
        due_at=now + rules.sla[worst.level],
        experience_ids=tuple(m.experience_id for m in group),
    )


_TRANSITIONS: Mapping[CaseStatus, frozenset[CaseStatus]] = MappingProxyType(
    {
        CaseStatus.OPEN: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.RESOLVED}),
        CaseStatus.IN_PROGRESS: frozenset({CaseStatus.RESOLVED}),
        CaseStatus.RESOLVED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
        CaseStatus.CLOSED: frozenset(),
    }
)


def check_transition(case: Case, target: CaseStatus) -> None:
    """Raise InvalidInput naming the allowed next steps when a move is not in the workflow."""
    if target == CaseStatus.CLOSED and case.status != CaseStatus.CLOSED:
        return  # closing is allowed from any live state; close() insists on a resolution
    if target not in _TRANSITIONS[case.status]:
        allowed = ", ".join(sorted(s.value for s in _TRANSITIONS[case.status])) or "none"
        raise InvalidInput(
            f"case {case.id} is {case.status.value}; it cannot become {target.value} "
            f"(allowed next: {allowed})"
        )


_QUESTIONS = {
    "nl": "Wij hebben uw ervaring bij {where} opgepakt: {resolution}. Hoe kijkt u er nu op "
    "terug, van 1 (nooit meer) tot 6 (onvergetelijk)?",
    "en": "We followed up on your experience at {where}: {resolution}. How do you look back "
    "on it now, from 1 (never again) to 6 (unforgettable)?",
}


def follow_up_question(where: str, resolution: str, language: str) -> str:
    template = _QUESTIONS.get(language, _QUESTIONS["en"])
    return template.format(where=where, resolution=resolution.rstrip("."))


@dataclass(frozen=True, slots=True)
class Recovery:
    """How well cases put things right, and whether the customers came back."""

    opened: int
    closed: int
    breached: int
    answered: int
    recovered: int
    mean_level_before: float | None
    mean_level_after: float | None
    came_back: int
    mean_level_on_return: float | None

    @property
    def recovery_rate(self) -> float | None:
        """Share of answered follow-ups at Expected or better."""
        return self.recovered / self.answered if self.answered else None

    @property
    def return_rate(self) -> float | None:
        return self.came_back / self.closed if self.closed else None

    @property
    def sla_met_rate(self) -> float | None:
        return 1 - self.breached / self.opened if self.opened else None


def recovery(cases: Sequence[Case], visits: pd.DataFrame, now: datetime) -> Recovery:
    """Recovery measures over cases; `visits` has customer_id, at, level (see repo.visits)."""
    closed = [c for c in cases if c.status == CaseStatus.CLOSED and c.closed_at is not None]
    answered = [c for c in closed if c.level_after is not None]
    returns = _levels_on_return(closed, visits)
    return Recovery(
        opened=len(cases),
        closed=len(closed),
        breached=sum(c.breached(now) for c in cases),
        answered=len(answered),
        recovered=sum(1 for c in answered if (c.level_after or 0) >= ServiceLevel.EXPECTED),
        mean_level_before=_mean([int(c.level) for c in answered]),
        mean_level_after=_mean([int(c.level_after or 0) for c in answered]),
        came_back=len(returns),
        mean_level_on_return=_mean(returns),
    )


def _levels_on_return(closed: Sequence[Case], visits: pd.DataFrame) -> list[int]:
    moments = [(c.customer_id, c.closed_at or c.opened_at) for c in closed]
    return [level for level in next_visit_levels(moments, visits) if level is not None]


def next_visit_levels(
    moments: Sequence[tuple[str, datetime]],
    visits: pd.DataFrame,
    *,
    window: timedelta | None = None,
) -> list[int | None]:
    """For each (customer, time), the level of that customer's first visit after it (within
    the window), or None. One as-of join, however many moments there are."""
    if not moments or visits.empty:
        return [None] * len(moments)
    left = pd.DataFrame(moments, columns=["customer_id", "at"])
    left["at"] = pd.to_datetime(left["at"]).astype("datetime64[us]")
    left["order"] = range(len(left))
    right = visits[["customer_id", "at", "level"]].copy()
    right["at"] = pd.to_datetime(right["at"]).astype("datetime64[us]")
    joined = pd.merge_asof(
        left.sort_values("at"),
        right.sort_values("at"),
        on="at",
        by="customer_id",
        direction="forward",
        allow_exact_matches=False,
        tolerance=pd.Timedelta(window) if window is not None else None,
    ).sort_values("order")
    return [None if pd.isna(v) else int(v) for v in joined["level"]]


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None
