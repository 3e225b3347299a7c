"""The bulk write path of an import: a million experiences per batch is the normal case.

SQLite gets multi-row INSERT statements over flat lists of values, made a few chunks ahead on a
helper thread (which also takes the import's checks of the next part), leaving out columns that
are null (or '' where '' is the column's default) in a whole chunk. A first load (a batch that
at least doubles the store) also runs under a rollback journal and builds its indexes at the
end. PostgreSQL gets COPY into a temporary table and one INSERT ... ON CONFLICT. The repository
decides when; this module only knows how.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from queue import Full, Queue
from typing import Any, TypeVar, cast

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa

from cxladder.store import tables as t

__all__ = [
    "CACHE_KIB",
    "Deferred",
    "EXPERIENCE_COLUMNS",
    "FIRST_LOAD_ROWS",
    "copy_postgres",
    "experience_rows",
    "indexes_deferred",
    "insert_customers_sqlite",
    "insert_portable",
    "insert_sqlite_chunks",
    "joined",
    "new_customer_rows",
    "rollback_journal",
    "sqlite_cursor",
]

_T = TypeVar("_T")

# Microseconds since 1970 of the first and last moment whose year has four digits.
_YEAR_1000_US = int(np.datetime64("1000-01-01", "us").astype(np.int64))
_YEAR_9999_END_US = int(np.datetime64("9999-12-31T23:59:59.999999", "us").astype(np.int64))

# The columns an import hands to add_batch, in this order; `at` as timestamp, scores as float.
EXPERIENCE_COLUMNS: tuple[str, ...] = (
    "event_id",
    "customer_id",
    "touchpoint",
    "journey_id",
    "at",
    "channel",
    "csat",
    "nps",
    "ces",
    "stars",
    "grade",
    "text",
    "language",
    "staff",
    "wait_minutes",
    "delay_minutes",
    "facts",
)


def experience_rows(
    chunk: pa.Table, organization: str, batch_id: int, *, timestamp_as_text: bool
) -> list[tuple[Any, ...]]:
    columns: list[list[Any]] = []
    for name in EXPERIENCE_COLUMNS:
        column = chunk.column(name)
        if name == "at" and timestamp_as_text:
            columns.append(_sqlite_timestamps(column))
        elif name == "facts":
            columns.append([_facts_json(v) for v in column.to_pylist()])
        else:
            columns.append(column.to_pylist())
    n = chunk.num_rows
    return list(zip([organization] * n, *columns, [batch_id] * n, strict=True))


# Nullable columns without a default: leaving one out of the INSERT stores the same NULL.
_OMITTABLE = frozenset(c.name for c in t.experiences.c if c.nullable and c.server_default is None)
# Text columns whose default is '': leaving one out when a whole chunk is '' stores the same ''.
_EMPTY_BY_DEFAULT = frozenset(
    c.name
    for c in t.experiences.c
    if isinstance(c.server_default, sa.DefaultClause) and c.server_default.arg == ""
)
# Rows per INSERT statement: a VALUES list of many rows is one statement execution instead of
# one per row. 16 to 64 rows measured alike on 1M rows, ~15 % less CPU than one row each.
_ROWS_PER_STATEMENT = 64
# A text column with fewer distinct values than rows / this ratio is built from shared strings.
_SHARED_TEXT_RATIO = 2


# SQLite's page cache for every connection of the embedded store, in KiB.
CACHE_KIB = 262_144
# A batch of at least this many rows that at least doubles the store is loaded as a first
# load: secondary indexes built after it, under a rollback journal when the file allows it.
FIRST_LOAD_ROWS = 100_000
# The secondary indexes of experiences that a first load builds at its end, each in one sort,
# instead of row by row; the unique one only when no event id of the batch can be stored yet.
_DEFERRED_INDEXES = ("ix_experiences_journey", "ix_experiences_touchpoint")
_UNIQUE_INDEX = "uq_experiences_event"
# SQLite sorts a new index in memory up to cache_size; with a small sort area it sorts
# cache-sized runs and merges them: measured 3.1 s -> 2.0 s CPU for both indexes on 1M rows.
_SORT_CACHE_KIB = 2_000


@contextmanager
def rollback_journal(engine: sa.Engine) -> Iterator[None]:
    """Run a first load under a rollback journal instead of WAL when nobody else has the file.

    WAL writes every page twice, once to the log and once more at the checkpoint; a rollback
    journal keeps no copy of pages appended past the old end of the file, which is nearly all
    of a first load. Measured on 1M rows: SQLite's commit 0.68 -> 0.05 s CPU, the import as a
    whole 6.4-6.7 -> 5.7-5.8 s wall. SQLite refuses to leave WAL while another connection has
    the file open; the load then runs under WAL as any other batch. While it runs, a
    connection opened elsewhere reads what was there before it, and waits (up to SQLite's busy
    timeout, 5 s) while the load writes its pages, as every reader does under a rollback
    journal. WAL comes back as soon as the load is done, or with the next connection opened.
    """
    with engine.connect() as connection:
        patience = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        connection.exec_driver_sql("PRAGMA busy_timeout=0")  # refused at once, not in 5 s
        try:
            mode = connection.exec_driver_sql("PRAGMA journal_mode=DELETE").scalar()
        except sa.exc.OperationalError:
            mode = "wal"  # another connection has the file open
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={int(patience or 0)}")
        connection.commit()
    try:
        yield
    finally:
        if mode == "delete":
            _back_to_wal(engine)


def _back_to_wal(engine: sa.Engine) -> None:
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            connection.commit()
    except sa.exc.OperationalError:
        pass  # a reader holds the file this instant; the next connection opened sets WAL


@dataclass(slots=True)
class Deferred:
    """What building the set-aside indexes at the end of a first load found: rows of the batch
    whose event id an earlier row of the same batch had, removed as INSERT OR IGNORE would."""

    duplicates_removed: int = 0


@contextmanager
def indexes_deferred(
    connection: sa.Connection, organization: str, batch_id: int
) -> Iterator[Deferred]:
    """Drop the secondary indexes for the length of a first load, then build each in one sort.

    The unique index on (organization, event_id) is set aside as well when the organization
    has no experiences yet and the store keeps it as a named index (migration 0005): no event
    id can then be stored already, and the batch's own repeats are removed before it is built,
    keeping each id's first row. With content hashes as ids, which land at random places in
    the index, that took a 1M-row import from 6.4 to 6.1 s wall from CSV and from 6.2 to 5.3 s
    from Parquet (single runs); with the file's own ids it measured the same as before.

    SQLite's DDL is transactional: a batch that fails gets the indexes back with its rollback.
    The sorts may use the other cores (SQLite's own helper threads): 1.6 -> 1.3 s wall for the
    two secondary indexes on 1M rows with two cores.
    """
    unique = None if _has_experiences(connection, organization) else _unique_index(connection)
    indexes = [i for i in t.experiences.indexes if i.name in _DEFERRED_INDEXES]
    for index in [*indexes, *([unique] if unique is not None else [])]:
        index.drop(connection)
    found = Deferred()
    yield found
    helpers = min(len(os.sched_getaffinity(0)) - 1, 4)
    connection.exec_driver_sql(f"PRAGMA cache_size=-{_SORT_CACHE_KIB}")
    connection.exec_driver_sql(f"PRAGMA threads={max(helpers, 0)}")
    try:
        if unique is not None:
            found.duplicates_removed = _unique_built(connection, unique, batch_id)
        for index in indexes:
            index.create(connection)
    finally:
        connection.exec_driver_sql("PRAGMA threads=0")
        connection.exec_driver_sql(f"PRAGMA cache_size=-{CACHE_KIB}")


def _unique_index(connection: sa.Connection) -> sa.Index | None:
    """The unique event-id index when the store keeps it as one it can drop (not a constraint)."""
    named = connection.execute(
        sa.text("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = :name"),
        {"name": _UNIQUE_INDEX},
    ).first()
    if named is None:
        return None
    return next(i for i in t.experiences.indexes if i.name == _UNIQUE_INDEX)


def _has_experiences(connection: sa.Connection, organization: str) -> bool:
    e = t.experiences
    return connection.execute(
        sa.select(sa.literal(1)).where(e.c.organization == organization).limit(1)
    ).first() is not None


def _unique_built(connection: sa.Connection, unique: sa.Index, batch_id: int) -> int:
    """Build the unique index; when the batch repeats an event id, first delete each later row
    of it (the one INSERT OR IGNORE would have skipped). Returns how many were deleted."""
    try:
        with connection.begin_nested():
            unique.create(connection)
        return 0
    except sa.exc.IntegrityError:
        pass
    e = t.experiences
    firsts = (
        sa.select(sa.func.min(e.c.id))
        .where(e.c.batch_id == batch_id)
        .group_by(e.c.organization, e.c.event_id)
    )
    removed = connection.execute(
        sa.delete(e).where(e.c.batch_id == batch_id, e.c.id.not_in(firsts))
    ).rowcount
    unique.create(connection)
    return int(removed)


def sqlite_cursor(connection: sa.Connection) -> sqlite3.Cursor:
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver.cursor()


@dataclass(frozen=True, slots=True)
class _SqliteRows:
    """One chunk as SQLite takes it: the column names bound, and the values row after row."""

    names: tuple[str, ...]
    values: list[Any]
    # Columns with one value for every row (organization, batch), written into the statement
    # as SQL literals: two fewer values per row to make and bind (1M rows: 4.97 -> 4.63 s wall
    # from Parquet, 5.11 -> 4.87 s from CSV).
    fixed: tuple[tuple[str, str], ...] = ()

    @property
    def count(self) -> int:
        return len(self.values) // len(self.names)


def insert_sqlite_chunks(
    cursor: sqlite3.Cursor,
    organization: str,
    batch_id: int,
    parts: Iterable[pa.Table],
    *,
    chunk_rows: int,
    progress: Any,
) -> tuple[int, pa.Table, _SqliteRows]:
    """INSERT OR IGNORE chunk after chunk, in file order; how many rows were new, every row
    offered, and the customers they name (for insert_customers_sqlite).

    A helper thread takes the parts (an import checks each part as it is taken) and turns
    them into Python values, a few chunks ahead, while SQLite writes, which it does without
    holding Python's lock: for 1M rows 2.5 -> 2.3 s wall for the values alone, and the checks
    of all but the first part are hidden as well.
    """
    offered: list[pa.Table] = []
    customers: list[_SqliteRows] = []

    def chunks() -> Iterator[_SqliteRows]:
        for part in parts:
            offered.append(part)
            for start in range(0, part.num_rows, chunk_rows):
                yield _sqlite_rows(part.slice(start, chunk_rows), organization, batch_id)
        # While SQLite writes the last chunks: which customers the batch names.
        customers.append(new_customer_rows(organization, joined(offered)))

    inserted = 0
    for rows in _made_ahead(chunks(), depth=_CHUNKS_AHEAD):
        inserted += _insert_sqlite(cursor, rows)
        if progress is not None:
            progress(rows.count)
    return inserted, joined(offered), customers[0]


def joined(parts: Sequence[pa.Table]) -> pa.Table:
    """The parts as one table (no copy); without parts, an empty one with the store's columns."""
    if not parts:
        return pa.table({name: pa.array([], pa.string()) for name in EXPERIENCE_COLUMNS})
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


# Chunks of Python values made ahead of SQLite: enough to cover checking the next part, few
# enough that memory holds only a handful of chunks as Python objects.
_CHUNKS_AHEAD = 4


@dataclass(frozen=True, slots=True)
class _Failed:
    error: BaseException


_END = object()


def _made_ahead(items: Iterator[_T], *, depth: int) -> Iterator[_T]:
    """The items, made on a helper thread up to `depth` ahead of their use.

    An error in the helper is raised here, at the item it stopped at; when the reader stops
    early (SQLite refused a row), the helper stops at its next item and is waited for.
    """
    queue: Queue[object] = Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.05)
                return True
            except Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not offer(item):
                    return
            offer(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, raised there
            offer(_Failed(exc))

    helper = threading.Thread(target=make, name="cxladder-import", daemon=True)
    helper.start()
    try:
        while True:
            item = queue.get()
            if item is _END:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield cast(_T, item)
    finally:
        stop.set()
        helper.join()


# How each bulk INSERT begins and ends: experiences skip a stored event id (and, as before, a
# row the table refuses); customers skip only an id already stored, so a missing id fails.
_EXPERIENCES_INSERT = ("INSERT OR IGNORE INTO experiences", "")
_CUSTOMERS_INSERT = ("INSERT INTO customers", " ON CONFLICT (organization, id) DO NOTHING")


def _insert_sqlite(
    cursor: sqlite3.Cursor, rows: _SqliteRows, statement: tuple[str, str] = _EXPERIENCES_INSERT
) -> int:
    """INSERT the rows, many per statement; returns how many rows were new."""
    width = len(rows.names)
    limit = cursor.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    step = max(1, min(_ROWS_PER_STATEMENT, limit // width)) * width
    whole = len(rows.values) - len(rows.values) % step
    inserted = 0
    if whole:
        groups = (rows.values[start : start + step] for start in range(0, whole, step))
        cursor.executemany(_insert_statement(statement, rows, step // width), groups)
        inserted += cursor.rowcount
    if len(rows.values) > whole:
        rest = rows.values[whole:]
        cursor.execute(_insert_statement(statement, rows, len(rest) // width), rest)
        inserted += cursor.rowcount
    return inserted


def _insert_statement(statement: tuple[str, str], rows: _SqliteRows, count: int) -> str:
    head, tail = statement
    names = [name for name, _ in rows.fixed] + list(rows.names)
    row = "(" + ", ".join([literal for _, literal in rows.fixed] + ["?"] * len(rows.names)) + ")"
    return f"{head} ({', '.join(names)}) VALUES " + ", ".join([row] * count) + tail


def _sql_literal(value: str | int) -> str | None:
    """`value` as an SQLite literal; None for text SQLite cannot take in a statement (NUL)."""
    if isinstance(value, int):
        return str(value)
    if "\x00" in value:
        return None
    return "'" + value.replace("'", "''") + "'"


def _sqlite_rows(chunk: pa.Table, organization: str, batch_id: int) -> _SqliteRows:
    n = chunk.num_rows
    fixed: list[tuple[str, str]] = []
    names: list[str] = []
    columns: list[list[Any]] = []
    for name, value in (("organization", organization), ("batch_id", batch_id)):
        literal = _sql_literal(value)
        if literal is None:
            names.append(name)
            columns.append([value] * n)
        else:
            fixed.append((name, literal))
    for name, values in _sqlite_columns(chunk):
        names.append(name)
        columns.append(values)
    # Row after row in one flat list, filled by strided slice assignment, which runs in C.
    flat: list[Any] = [None] * (n * len(columns))
    for position, column in enumerate(columns):
        flat[position :: len(columns)] = column
    return _SqliteRows(tuple(names), flat, tuple(fixed))


def _sqlite_columns(chunk: pa.Table) -> Iterator[tuple[str, list[Any]]]:
    """The chunk's values column by column, without the columns that are NULL in every row:
    most imports fill about half of the columns, and each bound NULL costs as much as a value."""
    for name in EXPERIENCE_COLUMNS:
        column = chunk.column(name)
        if not _left_to_default(name, column, chunk.num_rows):
            yield name, _sqlite_values(name, column)


def _left_to_default(name: str, column: pa.ChunkedArray, n: int) -> bool:
    nulls: int = column.null_count
    if name in _OMITTABLE:
        return nulls == n
    if name in _EMPTY_BY_DEFAULT and nulls == 0 and n > 0:
        return bool(pc.max(pc.utf8_length(column)).as_py() == 0)
    return False


def _sqlite_values(name: str, column: pa.ChunkedArray) -> list[Any]:
    if name == "at":
        return _sqlite_timestamps(column)
    if name == "facts" and not pa.types.is_string(column.type):
        return [_facts_json(v) for v in column.to_pylist()]
    if pa.types.is_floating(column.type):
        return _sqlite_floats(column)
    if pa.types.is_string(column.type):
        return _sqlite_texts(column)
    values: list[Any] = column.to_pylist()
    return values


def _sqlite_floats(column: pa.ChunkedArray) -> list[Any]:
    # NumPy's tolist makes the Python floats in C, several times faster than Arrow's to_pylist.
    values = column.to_numpy()
    if column.null_count == 0:
        result: list[Any] = values.tolist()
        return result
    boxed = values.astype(object)
    boxed[~pc.is_valid(column).to_numpy(zero_copy_only=False)] = None
    nullable: list[Any] = boxed.tolist()
    return nullable


def _sqlite_texts(column: pa.ChunkedArray) -> list[Any]:
    """Strings of a column that repeats itself (touchpoint, channel, staff, customer) are made
    once per distinct value and shared, instead of once per row."""
    encoded = pc.dictionary_encode(column.combine_chunks(), null_encoding="encode")
    if len(encoded.dictionary) * _SHARED_TEXT_RATIO > len(encoded):
        values: list[Any] = column.to_pylist()
        return values
    distinct = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
    shared: list[Any] = distinct[encoded.indices.to_numpy(zero_copy_only=False)].tolist()
    return shared


def new_customer_rows(organization: str, accepted: pa.Table) -> _SqliteRows:
    """The customers `accepted` names, once each, with the language of their first row."""
    firsts = _first_sightings(accepted.select(["customer_id", "language"]))
    # In id order the primary key index grows at its end instead of splitting pages all over:
    # measured 1.2 s -> 0.45 s CPU for 200,000 new customers.
    firsts = firsts.take(pc.sort_indices(firsts.column("customer_id")))
    n = firsts.num_rows
    columns = (
        [organization] * n,
        firsts.column("customer_id").to_pylist(),
        [language or "" for language in firsts.column("language").to_pylist()],
    )
    values: list[Any] = [None] * (3 * n)
    for position, column in enumerate(columns):
        values[position::3] = column
    return _SqliteRows(("organization", "id", "language"), values)


def insert_customers_sqlite(cursor: sqlite3.Cursor, rows: _SqliteRows) -> None:
    """Create the customers not stored yet; those stored already are left as they are."""
    if rows.values:
        _insert_sqlite(cursor, rows, _CUSTOMERS_INSERT)


def _first_sightings(customers: pa.Table) -> pa.Table:
    # Dictionary codes count up in order of first appearance, so the first position of each
    # code, in code order, is each customer's first row in file order. A missing id is kept:
    # the store refuses it, and the whole batch with it.
    if customers.num_rows == 0:
        return customers
    ids = customers.column("customer_id").combine_chunks()
    codes = pc.dictionary_encode(ids, null_encoding="encode").indices
    _, first = np.unique(codes.to_numpy(), return_index=True)
    return customers.take(pa.array(first))


def _facts_json(value: Any) -> str | None:
    # Facts arrive as JSON text, a dict, or an Arrow map (a list of pairs); stored as JSON text.
    if value is None or isinstance(value, str):
        return value
    return json.dumps(dict(value), sort_keys=True)


def _sqlite_timestamps(column: pa.ChunkedArray) -> list[str]:
    # SQLAlchemy's SQLite DateTime reads back exactly this text form, 'YYYY-MM-DD HH:MM:SS.ffffff'.
    moments = column.cast(pa.timestamp("us"))
    if _four_digit_years(moments):
        # Arrow writes that form itself, in C: measured 0.48 s -> 0.08 s for 1M values.
        text: list[str] = pc.cast(moments, pa.string()).to_pylist()
        return text
    # A null, or a year that is not four digits: NumPy's ISO text with the 'T' made a space.
    values = np.datetime_as_string(moments.to_numpy(), unit="us")
    return [s.replace("T", " ") for s in values.tolist()]


def _four_digit_years(moments: pa.ChunkedArray) -> bool:
    if len(moments) == 0 or moments.null_count:
        return False
    bounds = pc.min_max(moments.cast(pa.int64()))
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    return bool(low >= _YEAR_1000_US and high <= _YEAR_9999_END_US)


def insert_portable(
    connection: sa.Connection, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> int:  # pragma: no cover - neither SQLite nor PostgreSQL
    inserted = 0
    for row in rows:
        try:
            with connection.begin_nested():
                connection.execute(t.experiences.insert(), [dict(zip(columns, row, strict=True))])
            inserted += 1
        except sa.exc.IntegrityError:
            pass
    return inserted


def copy_postgres(
    connection: sa.Connection,
    columns: tuple[str, ...],
    organization: str,
    batch_id: int,
    chunk: pa.Table,
) -> int:
    rows = experience_rows(chunk, organization, batch_id, timestamp_as_text=False)
    raw = connection.connection.driver_connection
    assert raw is not None
    names = ", ".join(columns)
    with raw.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS incoming_experiences "
            "(LIKE experiences INCLUDING DEFAULTS) ON COMMIT DROP"
        )
        cursor.execute("TRUNCATE incoming_experiences")
        with cursor.copy(f"COPY incoming_experiences ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO experiences ({names}) SELECT {names} FROM incoming_experiences "
            "ON CONFLICT (organization, event_id) DO NOTHING"
        )
        return int(cursor.rowcount)
