"""Empowered staff: a catalogue of gestures, a budget per role, approvals above a limit.

A host may give a free dessert on the spot; a replacement watch above the role's limit waits
for a manager. Every gesture is logged with its cost, so spend per role and month is known,
and with the customer's next visit, so its effect can be measured against the hold-out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd

from cxladder.actions.cases import next_visit_levels
from cxladder.actions.records import Gesture, GestureBudget, GestureGrant, GrantStatus
from cxladder.actions.uplift import Uplift, estimate_uplift
from cxladder.errors import InvalidInput

__all__ = [
    "DEFAULT_BUDGETS",
    "DEFAULT_CATALOGUE",
    "GestureEffect",
    "GestureSpend",
    "decide",
    "gesture_effects",
    "month_of",
    "spend_by_gesture",
]

DEFAULT_CATALOGUE: tuple[Gesture, ...] = (
    Gesture(
        "personal-call",
        "Personal call from the manager",
        0.0,
        True,
        "The manager calls the customer by name, listens, and says what changes.",
    ),
    Gesture(
        "handwritten-card",
        "Handwritten card",
        2.5,
        True,
        "A card signed by the team, naming what happened.",
    ),
    Gesture("free-dessert", "Free dessert", 7.5, False, "Dessert on the house, brought unasked."),
    Gesture(
        "prosecco",
        "Glass of prosecco for the occasion",
        9.0,
        True,
        "For an anniversary or a birthday the guest mentioned.",
    ),
    Gesture("upgrade", "Upgrade", 25.0, False, "A better table, room, seat or service level."),
    Gesture(
        "replacement",
        "Replacement without receipt",
        80.0,
        False,
        "Replace the broken item on the spot; trust the customer's word.",
    ),
)

DEFAULT_BUDGETS: tuple[GestureBudget, ...] = (
    GestureBudget("host", monthly_budget=150.0, approval_limit=10.0),
    GestureBudget("agent", monthly_budget=300.0, approval_limit=30.0),
    GestureBudget("manager", monthly_budget=2_000.0, approval_limit=250.0),
)


def month_of(at: datetime) -> tuple[datetime, datetime]:
    """The calendar month holding `at`, as [start, end)."""
    start = datetime(at.year, at.month, 1)
    end = datetime(at.year + at.month // 12, at.month % 12 + 1, 1)
    return start, end


def decide(
    gesture: Gesture, budget: GestureBudget | None, role: str, spent_this_month: float
) -> tuple[GrantStatus, str]:
    """Given at once within limit and budget; otherwise it waits for an approver."""
    if budget is None:
        raise InvalidInput(
            f"role {role!r} has no gesture budget; set one with "
            "`cxladder gestures budget ROLE --monthly N --limit N`"
        )
    if gesture.cost > budget.approval_limit:
        return GrantStatus.PENDING, (
            f"{gesture.cost:.2f} is above the {role} limit of {budget.approval_limit:.2f}"
        )
    if spent_this_month + gesture.cost > budget.monthly_budget:
        return GrantStatus.PENDING, (
            f"the {role} budget of {budget.monthly_budget:.2f} this month would be exceeded "
            f"({spent_this_month:.2f} already spent)"
        )
    return GrantStatus.GIVEN, ""


@dataclass(frozen=True, slots=True)
class GestureSpend:
    gesture: str
    given: int
    pending: int
    withheld: int
    spent: float


def spend_by_gesture(
    grants: Sequence[GestureGrant], catalogue: Mapping[str, Gesture]
) -> list[GestureSpend]:
    keys = list(catalogue) + sorted({g.gesture for g in grants} - set(catalogue))
    rows = []
    for key in keys:
        mine = [g for g in grants if g.gesture == key]
        rows.append(
            GestureSpend(
                gesture=key,
                given=sum(g.status == GrantStatus.GIVEN for g in mine),
                pending=sum(g.status == GrantStatus.PENDING for g in mine),
                withheld=sum(g.status == GrantStatus.WITHHELD for g in mine),
                spent=sum(g.cost for g in mine if g.status == GrantStatus.GIVEN),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class GestureEffect:
    """A gesture's effect on the level of the customer's next visit, and on coming back."""

    gesture: str
    level: Uplift | None
    came_back: Uplift | None
    note: str = ""


def gesture_effects(
    grants: Sequence[GestureGrant],
    visits: pd.DataFrame,
    *,
    window: timedelta = timedelta(days=180),
) -> list[GestureEffect]:
    """Per gesture: given vs withheld, on the next visit's level and on returning at all."""
    outcomes = _next_visits(grants, visits, window)
    effects = []
    for key in sorted({g.gesture for g in grants}):
        rows = [o for o in outcomes if o[0].gesture == key]
        effects.append(_effect(key, rows))
    return effects


def _effect(key: str, rows: list[tuple[GestureGrant, int | None]]) -> GestureEffect:
    given = [level for g, level in rows if g.status == GrantStatus.GIVEN]
    held = [level for g, level in rows if g.status == GrantStatus.WITHHELD]
    try:
        came_back = estimate_uplift(
            [float(v is not None) for v in given], [float(v is not None) for v in held]
        )
        level = estimate_uplift(
            [float(v) for v in given if v is not None], [float(v) for v in held if v is not None]
        )
    except InvalidInput as exc:
        return GestureEffect(key, None, None, f"not measurable yet: {exc}")
    return GestureEffect(key, level, came_back)


def _next_visits(
    grants: Sequence[GestureGrant], visits: pd.DataFrame, window: timedelta
) -> list[tuple[GestureGrant, int | None]]:
    wanted = [g for g in grants if g.status in (GrantStatus.GIVEN, GrantStatus.WITHHELD)]
    levels = next_visit_levels([(g.customer_id, g.at) for g in wanted], visits, window=window)
    return list(zip(wanted, levels, strict=True))
