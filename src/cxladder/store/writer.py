"""Group commit for the server: many responses, one transaction, each acknowledged after it.

Under load most of a response's cost is the commit. One writer thread takes every response that
is waiting, writes them in one transaction and only then releases each caller, so a 2xx still
means "in the database" while the commit cost is shared.

A batch is written table by table with one executemany each, not response by response: the
per-statement work of the driver and of SQLAlchemy is then paid once per batch. On SQLite the
rows go straight to the sqlite3 cursor (SQLAlchemy's per-row parameter handling was most of the
writer's CPU), converted by SQLAlchemy's own column processors; on PostgreSQL through Core's
executemany. The rules stay
those of `Store.add_experiences`: an event id seen before (in the store or earlier in the same
batch) is acknowledged with its row id and adds nothing, so a retry raises no second webhook.
"""

from __future__ import annotations

import asyncio
import logging
import operator
import queue
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from cxladder.errors import StoreError
from cxladder.store import rows as convert
from cxladder.store import tables as t
from cxladder.store.access import outbox_rows
from cxladder.store.repo import PendingExperience, Store

__all__ = ["GroupCommitter", "write_batch"]

log = logging.getLogger(__name__)

_STOP = object()
_DIALECT_INSERT: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}

EventKey = tuple[str, str]  # (organization, event id)
Processor = Callable[[Any], Any]


@dataclass(slots=True)
class _Waiting:
    """One response in the queue and whoever waits for its row id."""

    item: PendingExperience
    future: Future[int] | None = None
    loop: asyncio.AbstractEventLoop | None = None
    awaited: asyncio.Future[int] | None = None


class GroupCommitter:
    def __init__(
        self,
        store: Store,
        *,
        max_batch: int = 500,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.store = store
        self.max_batch = max_batch
        self.clock = clock
        self._queue: queue.SimpleQueue[_Waiting | object] = queue.SimpleQueue()
        self._held: sa.Connection | None = None  # the writer's own, used by its thread only
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()

    def submit(self, item: PendingExperience, *, timeout: float = 30.0) -> int:
        """Write one experience; returns its row id once committed."""
        return self.submit_later(item).result(timeout=timeout)

    def submit_later(self, item: PendingExperience) -> Future[int]:
        """Queue one experience; the future holds its row id once committed."""
        future: Future[int] = Future()
        self._queue.put(_Waiting(item, future=future))
        return future

    def submit_async(self, item: PendingExperience) -> asyncio.Future[int]:
        """Queue one experience from the event loop; await the result for its committed row id.

        Cheaper than wrapping `submit_later`: no lock per response, and one wake-up of the
        loop per batch rather than one per response.
        """
        loop = asyncio.get_running_loop()
        awaited: asyncio.Future[int] = loop.create_future()
        self._queue.put(_Waiting(item, loop=loop, awaited=awaited))
        return awaited

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        try:
            while True:
                first = self._queue.get()
                if first is _STOP:
                    return
                batch = [first]
                while len(batch) < self.max_batch:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                stop = _STOP in batch
                self._write([w for w in batch if isinstance(w, _Waiting)])
                if stop:
                    return
        finally:
            self._release()

    def _write(self, batch: list[_Waiting]) -> None:
        try:
            connection = self._connection()
            with connection.begin():
                ids = write_batch(
                    connection, self.store.dialect, [w.item for w in batch], now=self.clock()
                )
        except Exception:
            self._release()  # never keep a connection that failed: the next batch opens anew
            log.warning("group commit of %d responses failed; writing them one by one", len(batch))
            self._write_each(batch)
            return
        _settle(batch, [(row_id, None) for row_id in ids])

    def _connection(self) -> sa.Connection:
        # Held across batches: taking one from the pool and giving it back (with its reset)
        # for every batch cost about a third of a small batch's CPU.
        if self._held is None:
            self._held = self.store.engine.connect()
        return self._held

    def _release(self) -> None:
        if self._held is not None:
            try:
                self._held.close()
            except Exception:  # already broken; the pool discards it
                log.debug("closing the group-commit connection failed", exc_info=True)
            self._held = None

    def _write_each(self, batch: list[_Waiting]) -> None:
        # One bad response must not cost the others their place: each is tried on its own.
        outcomes: list[tuple[int, BaseException | None]] = []
        for waiting in batch:
            try:
                outcomes.append(
                    (self.store.add_experiences([waiting.item], now=self.clock())[0], None)
                )
            except Exception as exc:  # handed to the waiting caller, who reports it
                error = exc if isinstance(exc, StoreError) else StoreError(f"not stored: {exc}")
                outcomes.append((0, error))
        _settle(batch, outcomes)


def _settle(batch: list[_Waiting], outcomes: list[tuple[int, BaseException | None]]) -> None:
    """Release every caller of a written batch: thread futures at once, each event loop once."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Waiting, int, BaseException | None]]] = {}
    for waiting, (row_id, error) in zip(batch, outcomes, strict=True):
        if waiting.future is not None:
            if waiting.future.cancelled():
                continue
            if error is None:
                waiting.future.set_result(row_id)
            else:
                waiting.future.set_exception(error)
        elif waiting.loop is not None:
            by_loop.setdefault(waiting.loop, []).append((waiting, row_id, error))
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle_in_loop, settled)
        except RuntimeError:  # that loop is closed: nobody is waiting any more
            log.debug("event loop closed before %d responses were acknowledged", len(settled))


def _settle_in_loop(settled: list[tuple[_Waiting, int, BaseException | None]]) -> None:
    for waiting, row_id, error in settled:
        awaited = waiting.awaited
        if awaited is None or awaited.done():  # the caller gave up (its request was cancelled)
            continue
        if error is None:
            awaited.set_result(row_id)
        else:
            awaited.set_exception(error)


def write_batch(
    connection: sa.Connection,
    dialect: str,
    items: Sequence[PendingExperience],
    *,
    now: datetime,
) -> list[int]:
    """Write experiences with their assessments and webhook events in the caller's transaction.

    Returns each item's row id, in order. An event id already stored, or repeated within the
    batch, gets the row id of the first and writes nothing else.
    """
    tables: _Tables = _SqliteTables(connection) if dialect == "sqlite" else _CoreTables(connection)
    keys = [(i.experience.organization, i.experience.id) for i in items]
    known = _row_ids(tables, set(keys))
    fresh: dict[EventKey, PendingExperience] = {}
    for key, item in zip(keys, items, strict=True):
        if key not in known and key not in fresh:
            fresh[key] = item
    if fresh:
        known.update(_insert_fresh(connection, tables, fresh, now))
    missing = [key for key in keys if key not in known]
    if missing:
        raise StoreError(f"experience {missing[0][1]!r} was not stored; try again")
    return [known[key] for key in keys]


def _insert_fresh(
    connection: sa.Connection,
    tables: _Tables,
    fresh: dict[EventKey, PendingExperience],
    now: datetime,
) -> dict[EventKey, int]:
    """Insert the new experiences and what comes with them; returns their row ids."""
    experiences = [item.experience for item in fresh.values()]
    tables.insert(t.experiences, [convert.experience_row(e) for e in experiences])
    customers = {
        (e.organization, e.customer_id): {
            "organization": e.organization,
            "id": e.customer_id,
            "language": e.language,
        }
        for e in reversed(experiences)  # the first response's language wins, as one by one
    }
    tables.insert(t.customers, list(customers.values()))
    row_ids = _row_ids(tables, set(fresh))
    assessed = [
        convert.assessment_row(row_ids[key], item.assessment)
        for key, item in fresh.items()
        if item.assessment is not None
    ]
    if assessed:
        tables.insert(t.assessments, assessed)
    outbox_rows(connection, [row for item in fresh.values() for row in item.outbox], now)
    return row_ids


def _row_ids(tables: _Tables, keys: set[EventKey]) -> dict[EventKey, int]:
    found: dict[EventKey, int] = {}
    for organization in {org for org, _ in keys}:
        event_ids = [event_id for org, event_id in keys if org == organization]
        for event_id, row_id in tables.row_ids(organization, event_ids):
            found[(organization, event_id)] = int(row_id)
    return found


class _Tables(Protocol):
    def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Insert rows; a row whose unique key is taken is skipped (experiences, customers)."""

    def row_ids(self, organization: str, event_ids: list[str]) -> Iterable[tuple[str, int]]:
        """(event id, row id) of those stored."""


_CONFLICT_KEYS = {"experiences": ("organization", "event_id"), "customers": ("organization", "id")}


class _CoreTables:
    """Through SQLAlchemy Core, one executemany per table: any dialect."""

    _statements: ClassVar[dict[tuple[str, str], Any]] = {}  # built once: compiled once

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect.name

    def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        statement = self._statement(table.name, lambda: _core_insert(table, self.dialect))
        self.connection.execute(statement, rows)

    def row_ids(self, organization: str, event_ids: list[str]) -> Iterable[tuple[str, int]]:
        query = self._statement("row_ids", _core_row_ids)
        found = self.connection.execute(query, {"organization": organization, "ids": event_ids})
        return [(event_id, int(row_id)) for event_id, row_id in found]

    def _statement(self, name: str, build: Callable[[], Any]) -> Any:
        key = (self.dialect, name)
        if key not in self._statements:
            self._statements[key] = build()
        return self._statements[key]


def _core_insert(table: sa.Table, dialect: str) -> Any:
    conflict = _CONFLICT_KEYS.get(table.name)
    if conflict is None:
        return table.insert()
    insert = _DIALECT_INSERT.get(dialect)
    if insert is None:
        raise StoreError(f"database {dialect!r} is not supported; use SQLite or PostgreSQL")
    return insert(table).on_conflict_do_nothing(index_elements=list(conflict))


def _core_row_ids() -> Any:
    e = t.experiences
    return sa.select(e.c.event_id, e.c.id).where(
        e.c.organization == sa.bindparam("organization"),
        e.c.event_id.in_(sa.bindparam("ids", expanding=True)),
    )


class _SqliteTables:
    """Straight to the sqlite3 cursor inside SQLAlchemy's transaction, one executemany per
    table. Each value goes through its column's own SQLAlchemy bind processor (dates as text,
    JSON as text), so a row reads back exactly as one written through SQLAlchemy."""

    def __init__(self, connection: sa.Connection) -> None:
        self.dialect = connection.dialect
        self.cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]

    def insert(self, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        shape = _sqlite_insert(table, tuple(rows[0]), self.dialect)
        self.cursor.executemany(shape.sql, [shape.values(row) for row in rows])

    def row_ids(self, organization: str, event_ids: list[str]) -> Iterable[tuple[str, int]]:
        marks = ",".join("?" * len(event_ids))
        self.cursor.execute(
            "SELECT event_id, id FROM experiences "
            f"WHERE organization = ? AND event_id IN ({marks})",
            [organization, *event_ids],
        )
        return [(event_id, int(row_id)) for event_id, row_id in self.cursor.fetchall()]


@dataclass(frozen=True, slots=True)
class _RowShape:
    """An INSERT for one set of columns, and how a row dict becomes its parameters."""

    sql: str
    take: Callable[[dict[str, Any]], tuple[Any, ...]]
    convert: tuple[tuple[int, Processor], ...]  # only the columns that need it (dates, JSON)

    def values(self, row: dict[str, Any]) -> tuple[Any, ...] | list[Any]:
        if not self.convert:
            return self.take(row)
        values = list(self.take(row))
        for index, process in self.convert:
            values[index] = process(values[index])
        return values


_SQLITE_INSERTS: dict[tuple[str, tuple[str, ...]], _RowShape] = {}


def _sqlite_insert(table: sa.Table, names: tuple[str, ...], dialect: sa.Dialect) -> _RowShape:
    key = (table.name, names)
    if key not in _SQLITE_INSERTS:
        conflict = _CONFLICT_KEYS.get(table.name)
        on_conflict = f" ON CONFLICT ({', '.join(conflict)}) DO NOTHING" if conflict else ""
        processors = [
            table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
        ]
        _SQLITE_INSERTS[key] = _RowShape(
            sql=(
                f"INSERT INTO {table.name} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))}){on_conflict}"
            ),
            take=_taker(names),
            convert=tuple((i, p) for i, p in enumerate(processors) if p is not None),
        )
    return _SQLITE_INSERTS[key]


def _taker(names: tuple[str, ...]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    if len(names) == 1:  # itemgetter of one name gives the value, not a 1-tuple
        return lambda row: (row[names[0]],)
    return operator.itemgetter(*names)
