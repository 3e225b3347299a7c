"""Demo actions: after the demo's experiences are assessed, work them like a CX team would.

Cases are opened week by week for Criminal and Basic moments, most are closed with a
follow-up; occasions are read from the comments; gestures are spent with a random hold-out;
and return visits are simulated with a known true effect per gesture (GESTURE_EFFECTS), so the
report can show the effect recovered from the data, interval and all.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

import pandas as pd
import pyarrow as pa

from cxladder.actions.desk import ActionDesk
from cxladder.actions.records import Case, GestureBudget, GestureGrant, GrantStatus
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Assessment, Occasion, Reason, ServiceLevel
from cxladder.store.repo import EXPERIENCE_COLUMNS, Store

__all__ = ["GESTURE_EFFECTS", "HOLDOUT_SHARE", "seed_demo_actions"]

GESTURE_EFFECTS: dict[str, float] = {
    "personal-call": 0.6,
    "handwritten-card": 0.3,
    "free-dessert": 0.4,
    "prosecco": 1.0,
    "upgrade": 0.8,
    "replacement": 0.9,
}
"""The true lift in levels on the next visit that the demo builds in; the report measures it."""

HOLDOUT_SHARE = 0.3
CLOSED_SHARE = 0.7
MAX_CLOSED = 900  # per organisation: enough for tight intervals, quick enough for `make demo`

_BUDGETS = (
    GestureBudget("host", monthly_budget=600.0, approval_limit=10.0),
    GestureBudget("agent", monthly_budget=1_500.0, approval_limit=30.0),
    GestureBudget("manager", monthly_budget=20_000.0, approval_limit=250.0),
)


class _Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def seed_demo_actions(store: Store, organization: str, *, seed: int) -> None:
    """Cases, follow-ups, occasions, gestures (with hold-out) and return visits for one org."""
    rng = random.Random(seed)
    clock = _Clock(datetime(2000, 1, 1))
    desk = ActionDesk(store, clock=clock, rng=random.Random(seed + 1), actor="demo")
    visits = desk.repo.visits(organization)
    if visits.empty:
        return
    clock.now = pd.Timestamp(visits["at"].max()).to_pydatetime()
    for budget in _BUDGETS:
        desk.set_budget(budget, organization=organization)
    _record_occasions(desk, organization, visits, rng)
    closed = _work_cases(desk, organization, visits, clock, rng)
    grants = _spend_gestures(desk, organization, closed, clock, rng)
    _return_visits(store, desk, organization, grants, visits, rng)


def _record_occasions(desk: ActionDesk, org: str, visits: pd.DataFrame, rng: random.Random) -> None:
    desk.detect_occasions(organization=org, actor="demo")
    customers = sorted(set(visits["customer_id"]))
    for customer_id in rng.sample(customers, k=max(1, len(customers) // 20)):
        kind = rng.choice(("birthday", "anniversary"))
        on = date(2026, rng.randint(1, 12), rng.randint(1, 28))
        note = f"{rng.choice((10, 12, 25, 40))} years" if kind == "anniversary" else ""
        try:
            desk.record_occasion(
                customer_id, Occasion(kind, on, note), organization=org, actor="demo"
            )
        except (InvalidInput, NotFound):
            continue  # no consent to personalisation: nothing is recorded, as it should be


def _work_cases(
    desk: ActionDesk, org: str, visits: pd.DataFrame, clock: _Clock, rng: random.Random
) -> list[Case]:
    low = visits[visits["level"] <= int(ServiceLevel.BASIC)]
    weeks = sorted({pd.Timestamp(at).to_period("W").end_time.floor("s") for at in low["at"]})
    closed: list[Case] = []
    for week_end in weeks:
        clock.now = week_end.to_pydatetime()
        for case in desk.open_cases(organization=org):
            if len(closed) < MAX_CLOSED and rng.random() < CLOSED_SHARE:
                closed.append(_close(desk, case, clock, rng))
    return closed


def _close(desk: ActionDesk, case: Case, clock: _Clock, rng: random.Random) -> Case:
    opened = clock.now
    # Criminal moments are usually picked up within hours, Basic ones within a day or two.
    mean_hours = 3.0 if case.level == ServiceLevel.CRIMINAL else 30.0
    clock.now = opened + timedelta(hours=rng.expovariate(1 / mean_hours))
    done = desk.close(case.id, resolution=rng.choice(_RESOLUTIONS), actor=case.owner or "demo")
    if done.follow_up_sent_at is not None and rng.random() < 0.75:
        answer = rng.choices((2, 3, 4, 5), weights=(15, 35, 35, 15))[0]
        done = desk.record_follow_up(case.id, answer)
    clock.now = opened
    return done


_RESOLUTIONS = (
    "Apologised in person and explained what changes",
    "Called the customer and offered a new visit",
    "Replaced the item on the spot",
    "Refunded the difference and thanked them for telling us",
)


def _spend_gestures(
    desk: ActionDesk, org: str, closed: Sequence[Case], clock: _Clock, rng: random.Random
) -> list[GestureGrant]:
    grants = []
    for case in closed:
        clock.now = (case.closed_at or case.opened_at) + timedelta(minutes=5)
        gesture = _gesture_for(desk, org, case, rng)
        role = "manager" if gesture in ("replacement", "upgrade") else "host"
        grant = desk.offer_gesture(
            case.customer_id,
            gesture,
            staff=case.owner or "demo",
            role=role,
            organization=org,
            touchpoint=case.touchpoint,
            case_id=case.id,
            holdout=HOLDOUT_SHARE,
        )
        if grant.status == GrantStatus.PENDING:
            grant = desk.approve(
                grant.id, approver="Mira (manager)", role="manager", organization=org
            )
        grants.append(grant)
    return grants


def _gesture_for(desk: ActionDesk, org: str, case: Case, rng: random.Random) -> str:
    customer = desk.store.customer(org, case.customer_id)
    if customer.consent.personalisation:
        if any(o.kind == "anniversary" for o in customer.occasions):
            return "prosecco"
        if rng.random() < 0.4:
            return rng.choice(("personal-call", "handwritten-card"))
    if case.level == ServiceLevel.CRIMINAL and rng.random() < 0.3:
        return rng.choice(("replacement", "upgrade"))
    return "free-dessert"


def _return_visits(
    store: Store,
    desk: ActionDesk,
    org: str,
    grants: Sequence[GestureGrant],
    visits: pd.DataFrame,
    rng: random.Random,
) -> None:
    """Simulated next visits: base level plus the gesture's true effect when it was given."""
    usual = visits.groupby("customer_id")["touchpoint"].agg(lambda s: s.mode().iloc[0])
    rows, levels = [], {}
    for grant in grants:
        if grant.status not in (GrantStatus.GIVEN, GrantStatus.WITHHELD):
            continue
        if rng.random() > (0.7 if grant.status == GrantStatus.GIVEN else 0.6):
            continue  # did not come back (yet)
        effect = GESTURE_EFFECTS.get(grant.gesture, 0.0)
        lift = grant.status == GrantStatus.GIVEN and rng.random() < effect
        event_id = f"demo-return-{grant.id}"
        levels[event_id] = rng.choice((2, 3, 3, 4)) + int(lift)
        at = grant.at + timedelta(days=rng.uniform(7, 40))
        rows.append((event_id, grant.customer_id, str(usual.get(grant.customer_id, "")), at))
    if rows:
        _write_returns(store, desk, org, rows, levels)


def _write_returns(
    store: Store,
    desk: ActionDesk,
    org: str,
    rows: list[tuple[str, str, str, datetime]],
    levels: dict[str, int],
) -> None:
    store.add_batch(
        organization=org,
        source=f"demo:{org}:return-visits",
        fingerprint=f"returns-{org}",
        rows_read=len(rows),
        accepted=_experience_table(rows),
        rejections=[],
    )
    ids = desk.repo.experience_ids(org, [r[0] for r in rows])
    reason = Reason("model", ServiceLevel.EXPECTED, 1.0, "simulated return visit (demo)")
    store.save_assessments(
        [
            (
                ids[event_id],
                Assessment(
                    event_id,
                    ServiceLevel(level),
                    1.0,
                    (_with_level(reason, level),),
                    "demo-return",
                ),
            )
            for event_id, level in levels.items()
            if event_id in ids
        ]
    )


def _with_level(reason: Reason, level: int) -> Reason:
    return Reason(reason.source, ServiceLevel(level), reason.weight, reason.message)


def _experience_table(rows: list[tuple[str, str, str, datetime]]) -> pa.Table:
    n = len(rows)
    values: dict[str, list[object]] = {name: [None] * n for name in EXPERIENCE_COLUMNS}
    values.update(
        event_id=[r[0] for r in rows],
        customer_id=[r[1] for r in rows],
        touchpoint=[r[2] for r in rows],
        at=[r[3] for r in rows],
        journey_id=[""] * n,
        text=[""] * n,
        language=[""] * n,
        staff=[""] * n,
    )
    floats = {"csat", "nps", "ces", "stars", "grade", "wait_minutes", "delay_minutes"}
    fields = [
        (
            name,
            pa.timestamp("us")
            if name == "at"
            else pa.float64()
            if name in floats
            else pa.map_(pa.string(), pa.float64())
            if name == "facts"
            else pa.string(),
        )
        for name in EXPERIENCE_COLUMNS
    ]
    return pa.table(values, schema=pa.schema(fields))
