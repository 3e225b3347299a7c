"""Migration 0004 on stores that hold data, and the SQLite bulk path landing values exactly."""

from __future__ import annotations

from datetime import datetime

import pyarrow as pa
import sqlalchemy as sa
from alembic import command

from cxladder.model import Organization
from cxladder.store import tables as t
from cxladder.store.repo import EXPERIENCE_COLUMNS, Store

_BEFORE = "0003"


def _index_names(store: Store, table: str) -> set[str]:
    with store.engine.connect() as connection:
        return {str(i["name"]) for i in sa.inspect(connection).get_indexes(table)}


def _seed(store: Store) -> None:
    at = datetime(2026, 3, 14, 9, 30)
    with store.engine.begin() as connection:
        connection.execute(t.organizations.insert().values(key="bistro", name="Bistro", brand={}))
        connection.execute(
            t.experiences.insert(),
            [
                {
                    "organization": "bistro",
                    "event_id": f"e{i}",
                    "customer_id": "k1",
                    "touchpoint": "ontvangst",
                    "at": at.replace(minute=i),
                }
                for i in range(3)
            ],
        )
        connection.execute(
            t.cases.insert().values(
                organization="bistro",
                customer_id="k1",
                need="wachtrij",
                touchpoint="ontvangst",
                level=1,
                status="open",
                opened_at=at,
                due_at=at.replace(day=15),
            )
        )


def test_0004_upgrades_a_store_with_data_and_indexes_cases_by_due_time(database_url: str) -> None:
    store = Store(database_url)
    try:
        with store.engine.begin() as connection:
            command.upgrade(store._alembic(connection), _BEFORE)
        _seed(store)

        assert store.upgrade() == store.head()

        assert "ix_cases_due" in _index_names(store, "cases")
        assert store.count("experiences", "bistro") == 3
        assert store.count("cases", "bistro") == 1
        with store.engine.begin() as connection:
            command.downgrade(store._alembic(connection), _BEFORE)
        assert "ix_cases_due" not in _index_names(store, "cases")
        assert store.count("experiences", "bistro") == 3
    finally:
        store.dispose()


def test_shared_strings_and_null_scores_land_exactly_as_given(database_url: str) -> None:
    """Repeated texts are bound as shared strings and scores via NumPy: nothing may shift."""
    n = 12
    columns: dict[str, list[object]] = {name: [None] * n for name in EXPERIENCE_COLUMNS}
    columns.update(
        event_id=[f"e{i}" for i in range(n)],
        customer_id=[f"k{i % 3}" for i in range(n)],
        touchpoint=["kassa"] * n,
        journey_id=[""] * n,
        at=[datetime(2026, 5, 1, 12, i) for i in range(n)],
        channel=["store", None, "web"] * 4,
        csat=[4.5, None, 1.0] * 4,
        nps=[float(i % 11) for i in range(n)],
        text=["snel geholpen", "", "weer een fout"] * 4,
        language=["nl"] * n,
        staff=["Anouk", "Bram"] * 6,
    )
    schema = pa.schema(
        [
            (
                name,
                pa.timestamp("us")
                if name == "at"
                else pa.float64()
                if name in ("csat", "nps", "ces", "stars", "grade", "wait_minutes", "delay_minutes")
                else pa.string(),
            )
            for name in EXPERIENCE_COLUMNS
        ]
    )
    store = Store(database_url)
    try:
        store.upgrade()
        store.save_organization(Organization(key="bistro", name="Bistro"))
        outcome = store.add_batch(
            organization="bistro",
            source="t.csv",
            fingerprint="f",
            rows_read=n,
            accepted=pa.table(columns, schema=schema),
            rejections=[],
        )
        assert outcome.accepted == n
        stored = [s.experience for chunk in store.experiences("bistro") for s in chunk]
    finally:
        store.dispose()
    assert [e.id for e in stored] == columns["event_id"]
    assert [e.channel.value if e.channel else None for e in stored] == columns["channel"]
    assert [e.csat for e in stored] == columns["csat"]
    assert [e.nps for e in stored] == columns["nps"]
    assert [e.text for e in stored] == columns["text"]
    assert [e.staff for e in stored] == columns["staff"]
    assert [e.customer_id for e in stored] == columns["customer_id"]
    assert [e.at for e in stored] == columns["at"]
