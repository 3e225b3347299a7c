"""Helpers for the actions tests: a settable clock and experiences written with their level.

Lives beside the tests (no tests inside); imported as `test_actions_support`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyarrow as pa

from cxladder.actions.desk import ActionDesk
from cxladder.model import (
    Assessment,
    Channel,
    Consent,
    Customer,
    Organization,
    ServiceLevel,
    Touchpoint,
)
from cxladder.store.repo import EXPERIENCE_COLUMNS, Store

START = datetime(2026, 3, 2, 9, 0)
ORG = "bistro"
TOUCHPOINTS = (
    Touchpoint("reservation", "Reservation", Channel.WEB, stage="before", owner="host-desk"),
    Touchpoint("queue", "Queue at opening", Channel.ON_SITE, stage="arrival", owner="floor"),
    Touchpoint(
        "greeting",
        "Greeting at the door",
        Channel.ON_SITE,
        stage="arrival",
        owner="floor",
        target_level=ServiceLevel.SURPRISING,
    ),
    Touchpoint("dinner", "Dinner", Channel.ON_SITE, stage="visit", owner="kitchen"),
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass(frozen=True)
class Visit:
    event_id: str
    customer_id: str
    touchpoint: str
    at: datetime
    level: int
    text: str = ""


def setup_org(store: Store, key: str = ORG) -> None:
    store.save_organization(Organization(key=key, name="Bistro De Ladder", sector="restaurant"))
    store.save_touchpoints(key, TOUCHPOINTS)


def desk(store: Store, clock: Clock | None = None, seed: int = 1) -> ActionDesk:
    return ActionDesk(store, clock=clock or Clock(), rng=random.Random(seed), actor="tester")


def add_customers(
    store: Store, *ids: str, consent: Consent | None = None, org: str = ORG, email: str = ""
) -> None:
    store.save_customers(
        Customer(
            id=i,
            organization=org,
            name=f"Guest {i}",
            email=email or f"{i}@example.nl",
            language="nl",
            consent=consent or Consent(contact=True, personalisation=True),
        )
        for i in ids
    )


def add_visits(store: Store, visits: Sequence[Visit], org: str = ORG) -> None:
    """Write experiences through the store's import path, then their levels."""
    _write_experiences(store, visits, org)
    row_ids = {
        stored.experience.id: stored.row_id for chunk in store.experiences(org) for stored in chunk
    }
    store.save_assessments(
        [
            (row_ids[v.event_id], Assessment(v.event_id, ServiceLevel(v.level), 0.9, judge="test"))
            for v in visits
        ]
    )


def _write_experiences(store: Store, visits: Sequence[Visit], org: str) -> None:
    store.add_batch(
        organization=org,
        source="test",
        fingerprint=f"test-{visits[0].event_id}",
        rows_read=len(visits),
        accepted=experience_table(visits),
        rejections=[],
    )


def experience_table(visits: Sequence[Visit]) -> pa.Table:
    """Visits as the Arrow table Store.add_batch takes (empty when there are none)."""
    n = len(visits)
    columns: dict[str, list[object]] = {name: [None] * n for name in EXPERIENCE_COLUMNS}
    columns.update(
        event_id=[v.event_id for v in visits],
        customer_id=[v.customer_id for v in visits],
        touchpoint=[v.touchpoint for v in visits],
        journey_id=[""] * n,
        at=[v.at for v in visits],
        text=[v.text for v in visits],
        language=["nl"] * n,
        staff=[""] * n,
        channel=["on-site"] * n,
    )
    floats = ("csat", "nps", "ces", "stars", "grade", "wait_minutes", "delay_minutes")
    schema = pa.schema(
        [
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
    )
    return pa.table(columns, schema=schema)


def fresh_store(database_url: str) -> Store:
    """A store at the newest schema on the given database (SQLite file or PostgreSQL)."""
    store = Store(database_url)
    store.upgrade()
    return store
