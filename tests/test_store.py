"""The store suite: the same tests on the embedded SQLite file and on a real PostgreSQL server."""

from __future__ import annotations

from datetime import date, datetime
from types import MappingProxyType

import pyarrow as pa
import pytest

from cxladder.errors import NotFound, StoreError
from cxladder.model import (
    Assessment,
    BrandPromise,
    Channel,
    Consent,
    Customer,
    Expectation,
    Occasion,
    Organization,
    Reason,
    ServiceLevel,
    Touchpoint,
)
from cxladder.store.repo import EXPERIENCE_COLUMNS, Rejection, Store


@pytest.fixture
def store(database_url: str) -> Store:
    store = Store(database_url)
    store.upgrade()
    store.save_organization(ORG)
    yield store
    store.dispose()


ORG = Organization(
    key="bistro",
    name="Bistro De Ladder",
    sector="restaurant",
    brand=BrandPromise(
        statement="Every guest leaves happier than they came",
        values=("warm", "personal"),
        targets=MappingProxyType({"greeting": ServiceLevel.SURPRISING}),
    ),
)


def _rows(*specs: tuple[str, str, str, str]) -> pa.Table:
    """Experience rows from (event_id, customer, touchpoint, iso time)."""
    n = len(specs)
    columns: dict[str, list[object]] = {name: [None] * n for name in EXPERIENCE_COLUMNS}
    columns["event_id"] = [s[0] for s in specs]
    columns["customer_id"] = [s[1] for s in specs]
    columns["touchpoint"] = [s[2] for s in specs]
    columns["at"] = [datetime.fromisoformat(s[3]) for s in specs]
    columns["journey_id"] = [""] * n
    columns["text"] = ["lekker gegeten"] * n
    columns["language"] = ["nl"] * n
    columns["staff"] = [""] * n
    columns["grade"] = [8.0] * n
    columns["wait_minutes"] = [12.5] * n
    columns["channel"] = ["on-site"] * n
    columns["facts"] = [{"queue_length": 4.0}] + [None] * (n - 1)
    schema = pa.schema(
        [
            (
                name,
                pa.timestamp("us")
                if name == "at"
                else pa.float64()
                if name in ("csat", "nps", "ces", "stars", "grade", "wait_minutes", "delay_minutes")
                else pa.map_(pa.string(), pa.float64())
                if name == "facts"
                else pa.string(),
            )
            for name in EXPERIENCE_COLUMNS
        ]
    )
    columns["facts"] = [None if f is None else list(f.items()) for f in columns["facts"]]
    return pa.table(columns, schema=schema)


def _batch(store: Store, table: pa.Table, rejections: list[Rejection] | None = None) -> int:
    return store.add_batch(
        organization="bistro",
        source="test.csv",
        fingerprint="abc",
        rows_read=table.num_rows + len(rejections or []),
        accepted=table,
        rejections=rejections or [],
    ).accepted


def test_schema_is_current_after_upgrade(store: Store) -> None:
    assert store.is_current()
    assert store.revision() == store.head()


def test_organization_round_trip_with_brand_promise(store: Store) -> None:
    assert store.organization("bistro") == ORG
    with pytest.raises(NotFound, match="no organisation 'nope'"):
        store.organization("nope")


def test_touchpoints_keep_order_expectations_and_targets(store: Store) -> None:
    touchpoints = [
        Touchpoint("reservation", "Reservering", Channel.PHONE, stage="before"),
        Touchpoint(
            "seating",
            "Plaatsen",
            Channel.ON_SITE,
            stage="arrival",
            target_level=ServiceLevel.SURPRISING,
            expectations=(Expectation("wait_minutes", 5, 20),),
            owner="host",
            organization="bistro",
        ),
    ]
    store.save_touchpoints("bistro", touchpoints)
    stored = store.touchpoints("bistro")
    assert list(stored) == ["reservation", "seating"]
    assert stored["seating"] == touchpoints[1]
    # saving again updates, never duplicates
    store.save_touchpoints("bistro", [touchpoints[1]])
    assert len(store.touchpoints("bistro")) == 2


def test_customer_round_trip_with_consent_and_occasions(store: Store) -> None:
    customer = Customer(
        id="c1",
        organization="bistro",
        name="Anna de Vries",
        email="anna@example.org",
        language="nl",
        segment="regular",
        consent=Consent(contact=True, personalisation=True, analytics=True),
        occasions=(Occasion("anniversary", date(2001, 6, 2), "25 jaar getrouwd"),),
    )
    store.save_customers([customer])
    assert store.customer("bistro", "c1") == customer


def test_batch_writes_rows_and_is_idempotent_on_event_id(store: Store) -> None:
    table = _rows(
        ("e1", "c1", "seating", "2026-11-23T19:05:00"),
        ("e2", "c2", "seating", "2026-11-23T19:15:30.250000"),
    )
    assert _batch(store, table) == 2
    assert _batch(store, table) == 0  # the same file again adds nothing
    assert store.count("experiences", "bistro") == 2
    outcome = store.batches("bistro")[-1]
    assert (outcome["accepted"], outcome["duplicates"]) == (0, 2)
    # customers seen for the first time exist now
    assert store.customer("bistro", "c2").language == "nl"


def test_experience_values_land_unaltered(store: Store) -> None:
    _batch(store, _rows(("e1", "c1", "seating", "2026-11-23T19:05:07.123456")))
    stored = store.experience("bistro", "e1")
    e = stored.experience
    assert e.at == datetime(2026, 11, 23, 19, 5, 7, 123456)
    assert (e.grade, e.text, e.channel) == (8.0, "lekker gegeten", Channel.ON_SITE)
    assert dict(e.facts) == {"queue_length": 4.0, "wait_minutes": 12.5}


def test_rejections_are_kept_with_their_reason(store: Store) -> None:
    rejection = Rejection(3, "grade", "11", "grade 11 is out of range 1..10", {"cijfer": "11"})
    _batch(store, _rows(("e1", "c1", "seating", "2026-11-23T19:05:00")), [rejection])
    batch_id = store.batches("bistro")[-1]["id"]
    assert store.rejections(batch_id) == [rejection]


def test_failed_batch_leaves_nothing_behind(store: Store) -> None:
    good = _rows(("e1", "c1", "seating", "2026-11-23T19:05:00"))
    broken = good.set_column(1, "customer_id", pa.array([None], pa.string()))  # NOT NULL
    with pytest.raises(StoreError, match="rolled back, nothing of it was stored"):
        store.add_batch(
            organization="bistro",
            source="x",
            fingerprint="x",
            rows_read=2,
            accepted=pa.concat_tables([good, broken]),
            rejections=[],
            chunk_rows=1,
        )
    assert store.count("experiences") == 0
    assert store.count("import_batches") == 0


def test_assessments_are_saved_replaced_and_read_back(store: Store) -> None:
    _batch(store, _rows(("e1", "c1", "seating", "2026-11-23T19:05:00")))
    row_id = store.experience("bistro", "e1").row_id
    reason = Reason("fact", ServiceLevel.CRIMINAL, 1.0, "Waited 25 min", "wait_minutes=25")
    first = Assessment("e1", ServiceLevel.CRIMINAL, 0.9, (reason,), "ladder-1")
    store.save_assessments([(row_id, first)])
    second = Assessment("e1", ServiceLevel.BASIC, 0.6, (reason,), "ladder-1")
    store.save_assessments([(row_id, second)])
    assert store.assessment(row_id) == second
    assert store.count("assessments") == 1


def test_unassessed_chunks_and_assessed_frame(store: Store) -> None:
    _batch(
        store,
        _rows(*[(f"e{i}", f"c{i % 3}", "seating", f"2026-11-23T19:{i:02d}:00") for i in range(7)]),
    )
    chunks = list(store.experiences("bistro", unassessed_only=True, chunk_rows=3))
    assert [len(c) for c in chunks] == [3, 3, 1]
    first = chunks[0][0]
    store.save_assessments(
        [(first.row_id, Assessment(first.experience.id, ServiceLevel.DESIRED, 0.7, (), "t"))]
    )
    remaining = sum(len(c) for c in store.experiences("bistro", unassessed_only=True))
    assert remaining == 6
    frame = store.assessed_frame("bistro")
    assert len(frame) == 7
    assert frame["level"].notna().sum() == 1
    assert str(frame["at"].dtype).startswith("datetime64")


def test_unreachable_database_is_a_clear_error(tmp_path: object) -> None:
    store = Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="cannot reach the database"):
        store.upgrade()


def test_many_rows_with_null_columns_land_exactly(store: Store) -> None:
    """More than one full multi-row statement and a remainder; a partly and a wholly null column."""
    n = 64 * 3 + 17
    table = _rows(
        *[(f"e{i}", f"c{i % 7}", "seating", f"2026-11-23T19:{i % 60:02d}:00") for i in range(n)]
    )
    grades = pa.array([float(i % 10 + 1) if i % 3 else None for i in range(n)], pa.float64())
    table = table.set_column(table.schema.get_field_index("grade"), "grade", grades)
    assert _batch(store, table) == n
    frame = store.assessed_frame("bistro").sort_values("id")
    assert len(frame) == n
    assert frame["delay_minutes"].isna().all()  # null in every row
    expected = [float(i % 10 + 1) if i % 3 else None for i in range(n)]
    stored = [None if g != g else g for g in frame["grade"].tolist()]
    assert stored == expected
    assert frame["event_id"].tolist() == [f"e{i}" for i in range(n)]


def _with(table: pa.Table, name: str, values: list[object]) -> pa.Table:
    position = table.schema.get_field_index(name)
    return table.set_column(position, name, pa.array(values, table.schema.field(name).type))


def test_text_columns_empty_in_a_whole_chunk_land_as_empty_text(store: Store) -> None:
    """A chunk where staff and journey are '' in every row stores '', as a chunk that has them."""
    table = _rows(*[(f"e{i}", f"c{i}", "seating", f"2026-11-23T19:0{i}:00") for i in range(4)])
    table = _with(table, "staff", ["", "", "Anouk", ""])
    table = _with(table, "journey_id", ["", "", "", "j4"])
    outcome = store.add_batch(
        organization="bistro",
        source="test.csv",
        fingerprint="abc",
        rows_read=4,
        accepted=table,
        rejections=[],
        chunk_rows=2,
    )
    assert outcome.accepted == 4
    stored = [store.experience("bistro", f"e{i}").experience for i in range(4)]
    assert [e.staff for e in stored] == ["", "", "Anouk", ""]
    assert [e.journey_id for e in stored] == ["", "", "", "j4"]


def test_new_customers_in_any_order_get_the_language_of_their_first_row(store: Store) -> None:
    table = _rows(
        ("e1", "c9", "seating", "2026-11-23T19:01:00"),
        ("e2", "c10", "seating", "2026-11-23T19:02:00"),
        ("e3", "c1", "seating", "2026-11-23T19:03:00"),
        ("e4", "c9", "seating", "2026-11-23T19:04:00"),
    )
    table = _with(table, "language", ["en", "de", "fr", "nl"])
    store.save_customers([Customer(id="c10", organization="bistro", language="nl")])
    assert _batch(store, table) == 4
    languages = {c: store.customer("bistro", c).language for c in ("c9", "c10", "c1")}
    assert languages == {"c9": "en", "c10": "nl", "c1": "fr"}  # c10 was known: left as it was


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 23, 19, 5, 7, 123456),
        datetime(999, 12, 31, 23, 59, 59, 999999),
        datetime(9999, 12, 31, 23, 59, 59, 999999),
    ],
)
def test_moments_land_to_the_microsecond_in_any_year(store: Store, moment: datetime) -> None:
    table = _with(_rows(("e1", "c1", "seating", "2026-11-23T19:05:00")), "at", [moment])
    assert _batch(store, table) == 1
    assert store.experience("bistro", "e1").experience.at == moment
