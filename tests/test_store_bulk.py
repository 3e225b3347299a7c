"""The embedded store's first load: a batch that at least doubles the store is written in bulk
(its secondary indexes built after it, under a rollback journal when nobody else has the file
open), and the store is exactly as any other batch would leave it."""

from __future__ import annotations

import gc
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pyarrow as pa
import pytest

from cxladder.errors import StoreError
from cxladder.large_batches import large_batch
from cxladder.model import BrandPromise, Organization
from cxladder.store import bulk
from cxladder.store.repo import EXPERIENCE_COLUMNS, Store

ROWS = 120
SECONDARY = {"ix_experiences_journey", "ix_experiences_touchpoint"}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setattr(bulk, "FIRST_LOAD_ROWS", 50)  # a first load from 50 rows on, not 100k
    path = tmp_path / "cxladder.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    store.save_organization(Organization(key="bistro", name="Bistro", brand=BrandPromise()))
    store.dispose()
    yield path


def _table(n: int, *, first: int = 0) -> pa.Table:
    start = datetime(2026, 11, 23, 18, 0)
    columns: dict[str, pa.Array] = {name: pa.nulls(n, pa.string()) for name in EXPERIENCE_COLUMNS}
    columns["event_id"] = pa.array([f"e{first + i}" for i in range(n)])
    columns["customer_id"] = pa.array([f"c{(first + i) % 17}" for i in range(n)])
    columns["touchpoint"] = pa.array(["seating", "bill"][i % 2] for i in range(n))
    columns["at"] = pa.array([start + timedelta(minutes=i) for i in range(n)], pa.timestamp("us"))
    for name in ("journey_id", "staff"):
        columns[name] = pa.array([""] * n)
    columns["text"] = pa.array([f"tafel {i}" for i in range(n)])
    columns["language"] = pa.array(["nl"] * n)
    for name in ("csat", "nps", "ces", "stars", "grade", "wait_minutes", "delay_minutes"):
        columns[name] = pa.array([float(i % 10 + 1) for i in range(n)], pa.float64())
    return pa.table([columns[name] for name in EXPERIENCE_COLUMNS], names=list(EXPERIENCE_COLUMNS))


def _load(path: Path, table: pa.Table, seen: list[set[str]]) -> int:
    """Import `table` in chunks of 7 rows; after each chunk, note which journal files exist."""
    store = Store(f"sqlite:///{path}")
    try:
        return store.add_batch(
            organization="bistro",
            source="test.parquet",
            fingerprint="f",
            rows_read=table.num_rows,
            accepted=table,
            rejections=[],
            chunk_rows=7,
            progress=lambda _rows: seen.append(_journals(path)),
        ).accepted
    finally:
        store.dispose()


def _journals(path: Path) -> set[str]:
    return {suffix for suffix in ("-wal", "-journal") if Path(f"{path}{suffix}").exists()}


def _raw(path: Path) -> sqlite3.Connection:
    """A plain connection, without the store's own settings, to read what is on disk."""
    return sqlite3.connect(path)


def _state(path: Path) -> tuple[str, set[str], list[str]]:
    with _raw(path) as connection:
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        indexes = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'experiences'"
            )
        }
        ids = [row[0] for row in connection.execute("SELECT event_id FROM experiences ORDER BY id")]
    return mode, indexes, ids


def test_a_new_store_has_16_kib_pages(db: Path) -> None:
    with _raw(db) as connection:
        assert connection.execute("PRAGMA page_size").fetchone()[0] == 16_384


def test_a_first_load_writes_under_a_rollback_journal_and_puts_wal_back(db: Path) -> None:
    seen: list[set[str]] = []
    assert _load(db, _table(ROWS), seen) == ROWS
    assert seen and all(journals == {"-journal"} for journals in seen)
    mode, indexes, ids = _state(db)
    assert mode == "wal"
    assert SECONDARY <= indexes
    assert ids == [f"e{i}" for i in range(ROWS)]  # file order, chunk after chunk


def test_a_first_load_stays_in_wal_while_another_connection_has_the_file(db: Path) -> None:
    reader = Store(f"sqlite:///{db}")
    try:
        assert reader.count("experiences") == 0  # its pooled connection stays open
        seen: list[set[str]] = []
        assert _load(db, _table(ROWS), seen) == ROWS
        assert all("-journal" not in journals for journals in seen)
        assert reader.count("experiences") == ROWS
    finally:
        reader.dispose()
    mode, indexes, ids = _state(db)
    assert (mode, len(ids)) == ("wal", ROWS)
    assert SECONDARY <= indexes


def test_a_batch_smaller_than_the_store_is_written_row_by_row_under_wal(db: Path) -> None:
    _load(db, _table(ROWS), [])
    seen: list[set[str]] = []
    assert _load(db, _table(60, first=ROWS), seen) == 60
    assert all("-journal" not in journals for journals in seen)
    mode, indexes, ids = _state(db)
    assert (mode, len(ids)) == ("wal", ROWS + 60)
    assert SECONDARY <= indexes


def test_a_failed_first_load_leaves_nothing_and_the_store_as_it_was(db: Path) -> None:
    table = _table(ROWS)
    customers = table.column("customer_id").to_pylist()
    customers[ROWS - 3] = None  # NOT NULL: the store refuses the row, and the whole batch
    broken = table.set_column(1, "customer_id", pa.array(customers, pa.string()))
    with pytest.raises(StoreError, match="rolled back, nothing of it was stored"):
        _load(db, broken, [])
    mode, indexes, ids = _state(db)
    assert (mode, ids) == ("wal", [])
    assert SECONDARY <= indexes  # dropped for the load, back with the rollback
    assert _load(db, table, []) == ROWS  # and the file is usable as before


def test_a_large_batch_puts_the_collector_and_arrow_pool_back_even_when_it_fails() -> None:
    before = pa.default_memory_pool().backend_name
    with pytest.raises(RuntimeError), large_batch():
        assert not gc.isenabled()
        assert pa.default_memory_pool().backend_name == "system"
        raise RuntimeError("the import failed")
    assert gc.isenabled()
    assert pa.default_memory_pool().backend_name == before


@pytest.mark.parametrize("key", ["d'n hoek", "o''brien; DROP TABLE experiences; --"])
def test_an_organization_written_into_the_statement_is_quoted(db: Path, key: str) -> None:
    store = Store(f"sqlite:///{db}")
    try:
        store.save_organization(Organization(key=key, name="Eetcafé"))
        outcome = store.add_batch(
            organization=key,
            source="test.csv",
            fingerprint="q",
            rows_read=ROWS,
            accepted=_table(ROWS),
            rejections=[],
            chunk_rows=50,
        )
        assert outcome.accepted == ROWS
        assert store.count("experiences", key) == ROWS
        assert store.count("experiences", "bistro") == 0
    finally:
        store.dispose()
    with _raw(db) as connection:
        [(batch,)] = connection.execute("SELECT DISTINCT batch_id FROM experiences").fetchall()
        assert batch == outcome.batch_id


def test_overlapping_batches_on_two_threads_leave_the_process_as_it_was() -> None:
    """First in changes the settings, last out puts them back, whatever the order of exits."""
    before = pa.default_memory_pool().backend_name
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, tuple[bool, str]] = {}

    def first() -> None:
        with large_batch():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with large_batch():
            second_in.set()
            first_out.wait(5)  # the first batch ended while this one still runs
            seen["second"] = (gc.isenabled(), pa.default_memory_pool().backend_name)

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen["second"] == (False, "system")
    assert gc.isenabled()
    assert pa.default_memory_pool().backend_name == before


def _unique_kind(path: Path) -> str:
    with _raw(path) as connection:
        names = {
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'experiences'"
            )
        }
    if "uq_experiences_event" in names:
        return "index"
    return "constraint" if any(n.startswith("sqlite_autoindex_experiences") for n in names) else ""


def test_a_new_store_keeps_event_ids_unique_in_a_named_index(db: Path) -> None:
    assert _unique_kind(db) == "index"


def test_a_first_load_that_repeats_an_event_id_keeps_its_first_row(db: Path) -> None:
    table = _table(ROWS)
    ids = table.column("event_id").to_pylist()
    ids[30], ids[90] = "e3", "e3"  # two later rows repeat the id of row 3
    table = table.set_column(0, "event_id", pa.array(ids))
    store = Store(f"sqlite:///{db}")
    try:
        outcome = store.add_batch(
            organization="bistro", source="t.csv", fingerprint="r", rows_read=ROWS,
            accepted=table, rejections=[], chunk_rows=7,
        )
        assert (outcome.accepted, outcome.duplicates) == (ROWS - 2, 2)
        assert store.experience("bistro", "e3").experience.text == "tafel 3"
        assert store.count("experiences", "bistro") == ROWS - 2
    finally:
        store.dispose()
    assert _unique_kind(db) == "index"
    assert _load(db, _table(ROWS), []) == 2  # only e30 and e90 are new: the rest stay unique


def test_a_first_load_beside_stored_experiences_skips_the_ids_stored(db: Path) -> None:
    assert _load(db, _table(10), []) == 10  # e0..e9 of bistro stored
    seen: list[set[str]] = []
    assert _load(db, _table(ROWS), seen) == ROWS - 10  # e0..e119: a first load, 10 known
    mode, indexes, ids = _state(db)
    assert ids == [f"e{i}" for i in range(ROWS)]
    assert {"uq_experiences_event", *SECONDARY} <= indexes


def test_a_store_made_before_the_named_index_keeps_its_constraint_and_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    monkeypatch.setattr(bulk, "FIRST_LOAD_ROWS", 50)
    path = tmp_path / "old.db"
    store = Store(f"sqlite:///{path}")
    try:
        with store.engine.begin() as connection:
            command.upgrade(store._alembic(connection), "0004")
        store.save_organization(Organization(key="bistro", name="Bistro", brand=BrandPromise()))
        assert _load(path, _table(5), []) == 5  # experiences stored before the upgrade
        assert store.upgrade() == store.head()
    finally:
        store.dispose()
    assert _unique_kind(path) == "constraint"  # a table with experiences is not remade
    assert _load(path, _table(ROWS), []) == ROWS - 5
    mode, indexes, ids = _state(path)
    assert ids == [f"e{i}" for i in range(ROWS)]
    assert SECONDARY <= indexes
