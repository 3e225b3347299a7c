"""Typed reads and writes of model objects. The only module that holds database connections.

Bulk paths (import, assessment) bypass the ORM-ish row dicts and hand the DB-API driver plain
tuples (SQLite) or COPY (PostgreSQL), because a million rows per import is the normal case.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
import pyarrow as pa
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.dialects import postgresql, sqlite

from cxladder.errors import ConfigurationError, NotFound, StoreError
from cxladder.model import (
    Assessment,
    Customer,
    Experience,
    Organization,
    Touchpoint,
)
from cxladder.store import bulk
from cxladder.store import rows as convert
from cxladder.store import tables as t
from cxladder.store.access import outbox_rows
from cxladder.store.bulk import EXPERIENCE_COLUMNS

__all__ = [
    "EXPERIENCE_COLUMNS",
    "BatchOutcome",
    "PendingExperience",
    "Rejection",
    "Store",
    "StoredExperience",
]

MIGRATIONS = Path(__file__).with_name("migrations")

# A big import writes index pages all over the file; the default 2 MB cache thrashes.
_CACHE_KIB = bulk.CACHE_KIB
# 16 KiB pages (SQLite's default is 4 KiB) take effect on a new store only. An import of 1M
# rows makes a quarter of the page writes and B-tree splits: measured 5.65 -> 4.53 s CPU for
# SQLite's share of it.
_PAGE_BYTES = 16_384


@dataclass(frozen=True, slots=True)
class Rejection:
    """A row that did not land, with the field at fault and why. Nothing is dropped silently."""

    row_number: int
    field: str
    value: str
    reason: str
    raw: dict[str, Any]


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    batch_id: int
    rows_read: int
    accepted: int
    duplicates: int
    rejected: int


@dataclass(frozen=True, slots=True)
class PendingExperience:
    """One experience on its way in through the server, with what goes in the same transaction."""

    experience: Experience
    assessment: Assessment | None = None
    outbox: tuple[tuple[int, str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class _SingleStatements:
    insert_experience: Any
    find_experience: Any
    insert_customer: Any
    insert_assessment: Any


@dataclass(frozen=True, slots=True)
class StoredExperience:
    """An experience with the store's row id, which assessments point at."""

    row_id: int
    experience: Experience


class Store:
    """The cxladder database: an embedded SQLite file or a PostgreSQL server."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self._single: _SingleStatements | None = None
        try:
            self.engine = sa.create_engine(url, echo=echo, future=True)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise ConfigurationError(
                f"cannot use database URL {url!r}: {exc}. Use a file path for the embedded "
                "store or postgresql://user@host/db for a server."
            ) from exc
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _tune_sqlite)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()

    # -- schema --------------------------------------------------------------------------------

    def _alembic(self, connection: sa.Connection) -> Config:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        return config

    def upgrade(self) -> str:
        """Bring the schema to the newest migration; returns the revision now in force."""
        try:
            with self.engine.begin() as connection:
                command.upgrade(self._alembic(connection), "head")
        except sa.exc.OperationalError as exc:
            raise StoreError(
                f"cannot reach the database at {self._safe_url()}: {exc.orig}"
            ) from exc
        return self.revision() or ""

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head(self) -> str:
        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        assert head is not None
        return head

    def is_current(self) -> bool:
        return self.revision() == self.head()

    def _safe_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as connection:
            yield connection

    # -- organisations and touchpoints ---------------------------------------------------------

    def save_organization(self, org: Organization) -> None:
        row = {
            "key": org.key,
            "name": org.name,
            "sector": org.sector,
            "language": org.language,
            "brand": convert.brand_json(org.brand),
        }
        with self.engine.begin() as connection:
            _upsert(connection, t.organizations, [row], ("key",))

    def organizations(self) -> list[Organization]:
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(t.organizations).order_by("key")).mappings()
            return [convert.organization(row) for row in rows]

    def organization(self, key: str) -> Organization:
        with self.engine.connect() as connection:
            row = (
                connection.execute(sa.select(t.organizations).where(t.organizations.c.key == key))
                .mappings()
                .first()
            )
        if row is None:
            known = ", ".join(o.key for o in self.organizations()) or "none yet"
            raise NotFound(
                f"no organisation {key!r} (known: {known}); create it or run `cxladder demo`"
            )
        return convert.organization(row)

    def save_touchpoints(self, organization: str, touchpoints: Iterable[Touchpoint]) -> None:
        rows = [
            {
                "organization": organization,
                "key": tp.key,
                "name": tp.name,
                "stage": tp.stage,
                "channel": tp.channel.value,
                "target_level": int(tp.target_level),
                "expectations": [convert.expectation_json(e) for e in tp.expectations],
                "owner": tp.owner,
                "position": position,
            }
            for position, tp in enumerate(touchpoints)
        ]
        with self.engine.begin() as connection:
            _upsert(connection, t.touchpoints, rows, ("organization", "key"))

    def touchpoints(self, organization: str) -> dict[str, Touchpoint]:
        query = (
            sa.select(t.touchpoints)
            .where(t.touchpoints.c.organization == organization)
            .order_by(t.touchpoints.c.position, t.touchpoints.c.key)
        )
        with self.engine.connect() as connection:
            return {
                row["key"]: convert.touchpoint(row) for row in connection.execute(query).mappings()
            }

    # -- customers -----------------------------------------------------------------------------

    def save_customers(self, customers: Iterable[Customer]) -> int:
        rows = [convert.customer_row(c) for c in customers]
        if rows:
            with self.engine.begin() as connection:
                _upsert(connection, t.customers, rows, ("organization", "id"))
        return len(rows)

    def customer(self, organization: str, customer_id: str) -> Customer:
        query = sa.select(t.customers).where(
            t.customers.c.organization == organization, t.customers.c.id == customer_id
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no customer {customer_id!r} in organisation {organization!r}")
        return convert.customer(row)

    def count(self, table: str, organization: str | None = None) -> int:
        tbl = t.metadata.tables[table]
        query = sa.select(sa.func.count()).select_from(tbl)
        if organization is not None and "organization" in tbl.c:
            query = query.where(tbl.c.organization == organization)
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    # -- import batches ------------------------------------------------------------------------

    def add_batch(
        self,
        *,
        organization: str,
        source: str,
        fingerprint: str,
        rows_read: int,
        accepted: pa.Table | Iterable[pa.Table],
        rejections: Sequence[Rejection] | Callable[[], Sequence[Rejection]],
        rejects_path: str = "",
        chunk_rows: int = 50_000,
        progress: Any = None,
    ) -> BatchOutcome:
        """Write one import atomically: the batch record, its new experiences, its rejects.

        `accepted` has EXPERIENCE_COLUMNS: one table, or its parts one after another (an
        import hands over each part as soon as it is checked). `rejections` may be a function,
        asked once every part was written; `rejects_path` is then kept only if it found any.
        Rows whose event id is already stored are counted as duplicates and left untouched, so
        re-importing a file adds nothing. Customers seen for the first time are created with
        what the file says of them (nothing more).
        """
        try:
            return self._add_batch(
                organization=organization,
                source=source,
                fingerprint=fingerprint,
                rows_read=rows_read,
                accepted=accepted,
                rejections=rejections,
                rejects_path=rejects_path,
                chunk_rows=chunk_rows,
                progress=progress,
            )
        except (sa.exc.DBAPIError, sqlite3.Error, psycopg.Error) as exc:
            raise StoreError(
                f"the import of {source} was rolled back, nothing of it was stored: {exc}"
            ) from exc

    def _add_batch(
        self,
        *,
        organization: str,
        source: str,
        fingerprint: str,
        rows_read: int,
        accepted: pa.Table | Iterable[pa.Table],
        rejections: Sequence[Rejection] | Callable[[], Sequence[Rejection]],
        rejects_path: str,
        chunk_rows: int,
        progress: Any,
    ) -> BatchOutcome:
        started = datetime.now()
        parts = [accepted] if isinstance(accepted, pa.Table) else accepted
        incoming = accepted.num_rows if isinstance(accepted, pa.Table) else rows_read
        first_load = self.dialect == "sqlite" and self._first_load(incoming)
        with bulk.rollback_journal(self.engine) if first_load else nullcontext(), \
                self.engine.begin() as connection:
            batch_key = connection.execute(
                t.import_batches.insert().values(
                    organization=organization,
                    source=source,
                    fingerprint=fingerprint,
                    started_at=started,
                    rows_read=rows_read,
                    rejects_path=rejects_path,
                )
            ).inserted_primary_key
            assert batch_key is not None
            batch_id = int(batch_key[0])
            deferring = (
                bulk.indexes_deferred(connection, organization, batch_id)
                if first_load
                else nullcontext(bulk.Deferred())
            )
            with deferring as deferred:
                if self.dialect == "sqlite":
                    cursor = bulk.sqlite_cursor(connection)
                    inserted, landed, customers = bulk.insert_sqlite_chunks(
                        cursor, organization, batch_id, parts, chunk_rows=chunk_rows,
                        progress=progress,
                    )
                    bulk.insert_customers_sqlite(cursor, customers)
                else:
                    inserted, landed = self._insert_chunks(
                        connection, organization, batch_id, parts, chunk_rows=chunk_rows,
                        progress=progress,
                    )
                    self._ensure_customers(connection, organization, landed)
            inserted -= deferred.duplicates_removed
            if callable(rejections):
                rejections = rejections()
                # Known only now: a batch that rejected nothing names no rejects file.
                rejects_path = rejects_path if rejections else ""
            if rejections:
                connection.execute(
                    t.quarantine.insert(),
                    [
                        {
                            "batch_id": batch_id,
                            "row_number": r.row_number,
                            "field": r.field,
                            "value": r.value,
                            "reason": r.reason,
                            "raw": r.raw,
                        }
                        for r in rejections
                    ],
                )
            duplicates = landed.num_rows - inserted
            connection.execute(
                t.import_batches.update()
                .where(t.import_batches.c.id == batch_id)
                .values(
                    accepted=inserted,
                    duplicates=duplicates,
                    rejected=len(rejections),
                    rejects_path=rejects_path,
                )
            )
        return BatchOutcome(batch_id, rows_read, inserted, duplicates, len(rejections))

    def _insert_chunks(
        self,
        connection: sa.Connection,
        organization: str,
        batch_id: int,
        parts: Iterable[pa.Table],
        *,
        chunk_rows: int,
        progress: Any,
    ) -> tuple[int, pa.Table]:
        """Write the parts chunk after chunk (not SQLite's bulk path); how many rows were new,
        and every row offered."""
        inserted, offered = 0, []
        for part in parts:
            offered.append(part)
            for start in range(0, part.num_rows, chunk_rows):
                chunk = part.slice(start, chunk_rows)
                inserted += self._insert_experiences(connection, organization, batch_id, chunk)
                if progress is not None:
                    progress(chunk.num_rows)
        return inserted, bulk.joined(offered)

    def _first_load(self, incoming: int) -> bool:
        """A batch that at least doubles the store: worth loading in bulk rather than row by
        row (its secondary indexes built after it, under a rollback journal if possible)."""
        if incoming < bulk.FIRST_LOAD_ROWS:
            return False
        with self.engine.connect() as connection:
            stored = connection.execute(sa.select(sa.func.max(t.experiences.c.id))).scalar()
        return incoming >= (stored or 0)

    def _insert_experiences(
        self, connection: sa.Connection, organization: str, batch_id: int, chunk: pa.Table
    ) -> int:
        columns = ("organization", *EXPERIENCE_COLUMNS, "batch_id")
        if self.dialect == "postgresql":
            return bulk.copy_postgres(connection, columns, organization, batch_id, chunk)
        rows = bulk.experience_rows(chunk, organization, batch_id, timestamp_as_text=False)
        return bulk.insert_portable(connection, columns, rows)  # any other dialect: slower

    def _ensure_customers(
        self, connection: sa.Connection, organization: str, accepted: pa.Table
    ) -> None:
        if accepted.num_rows == 0:
            return
        frame = accepted.select(["customer_id", "language"]).to_pandas()
        firsts = frame.drop_duplicates("customer_id")
        rows = [
            {"organization": organization, "id": cid, "language": lang or ""}
            for cid, lang in zip(firsts["customer_id"], firsts["language"], strict=True)
        ]
        _insert_missing(connection, t.customers, rows, ("organization", "id"))

    def rejections(self, batch_id: int) -> list[Rejection]:
        query = (
            sa.select(t.quarantine)
            .where(t.quarantine.c.batch_id == batch_id)
            .order_by(t.quarantine.c.row_number)
        )
        with self.engine.connect() as connection:
            return [
                Rejection(r["row_number"], r["field"], r["value"], r["reason"], r["raw"])
                for r in connection.execute(query).mappings()
            ]

    def batches(self, organization: str | None = None) -> list[dict[str, Any]]:
        query = sa.select(t.import_batches).order_by(t.import_batches.c.id)
        if organization is not None:
            query = query.where(t.import_batches.c.organization == organization)
        with self.engine.connect() as connection:
            return [dict(row) for row in connection.execute(query).mappings()]

    # -- experiences and assessments -----------------------------------------------------------

    def experiences(
        self,
        organization: str,
        *,
        unassessed_only: bool = False,
        chunk_rows: int = 20_000,
    ) -> Iterator[list[StoredExperience]]:
        """Experiences in chunks, oldest first; with unassessed_only, those without a level."""
        e = t.experiences
        query = sa.select(e).where(e.c.organization == organization).order_by(e.c.id)
        if unassessed_only:
            query = query.where(~sa.exists().where(t.assessments.c.experience_id == e.c.id))
        last = 0
        while True:
            with self.engine.connect() as connection:
                rows = (
                    connection.execute(query.where(e.c.id > last).limit(chunk_rows))
                    .mappings()
                    .all()
                )
            if not rows:
                return
            last = rows[-1]["id"]
            yield [StoredExperience(row["id"], convert.experience(row)) for row in rows]

    def experience(self, organization: str, event_id: str) -> StoredExperience:
        e = t.experiences
        query = sa.select(e).where(e.c.organization == organization, e.c.event_id == event_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            raise NotFound(f"no experience {event_id!r} in organisation {organization!r}")
        return StoredExperience(row["id"], convert.experience(row))

    def add_experience(
        self,
        experience: Experience,
        assessment: Assessment | None = None,
        *,
        outbox: Sequence[tuple[int, str, str]] = (),
        now: datetime | None = None,
    ) -> int:
        """Store one experience (and its assessment) at once; the same event id twice is one row."""
        item = PendingExperience(experience, assessment, tuple(outbox))
        return self.add_experiences([item], now=now)[0]

    def add_experiences(
        self, items: Sequence[PendingExperience], *, now: datetime | None = None
    ) -> list[int]:
        """Store several single experiences in one transaction (the server's group commit).

        An event id sent before is acknowledged again with its row id and changes nothing: a
        retried response is stored once, and raises its webhook events once.
        """
        statements = self._statements()
        stamp = now or datetime.now()
        ids: list[int] = []
        with self.engine.begin() as connection:
            for item in items:
                ids.append(self._add_one(connection, statements, item, stamp))
        return ids

    def _add_one(
        self,
        connection: sa.Connection,
        statements: _SingleStatements,
        item: PendingExperience,
        now: datetime,
    ) -> int:
        experience = item.experience
        new_id = connection.execute(
            statements.insert_experience, convert.experience_row(experience)
        ).scalar_one_or_none()
        if new_id is None:  # sent before: acknowledge again, change nothing
            return int(
                connection.execute(
                    statements.find_experience,
                    {"o": experience.organization, "i": experience.id},
                ).scalar_one()
            )
        connection.execute(
            statements.insert_customer,
            {
                "organization": experience.organization,
                "id": experience.customer_id,
                "language": experience.language,
            },
        )
        if item.assessment is not None:
            connection.execute(
                statements.insert_assessment, convert.assessment_row(int(new_id), item.assessment)
            )
        outbox_rows(connection, item.outbox, now)
        return int(new_id)

    def _statements(self) -> _SingleStatements:
        # Built once, so SQLAlchemy compiles each statement once and reuses it per response.
        if self._single is None:
            insert = _DIALECT_INSERT[self.dialect]
            e = t.experiences
            self._single = _SingleStatements(
                insert_experience=insert(e)
                .on_conflict_do_nothing(index_elements=["organization", "event_id"])
                .returning(e.c.id),
                find_experience=sa.select(e.c.id).where(
                    e.c.organization == sa.bindparam("o"), e.c.event_id == sa.bindparam("i")
                ),
                insert_customer=insert(t.customers).on_conflict_do_nothing(
                    index_elements=["organization", "id"]
                ),
                insert_assessment=t.assessments.insert(),
            )
        return self._single

    def experience_page(
        self,
        organization: str,
        *,
        touchpoint: str | None = None,
        channel: str | None = None,
        customer_id: str | None = None,
        level: int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        sort: str = "-at",
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[tuple[StoredExperience, Assessment | None]], int]:
        """One page of experiences with their assessments, filtered and sorted, and the total."""
        e, a = t.experiences, t.assessments
        conditions = [e.c.organization == organization]
        for column, value in (
            (e.c.touchpoint, touchpoint),
            (e.c.channel, channel),
            (e.c.customer_id, customer_id),
            (a.c.level, level),
        ):
            if value is not None:
                conditions.append(column == value)
        if since is not None:
            conditions.append(e.c.at >= since)
        if until is not None:
            conditions.append(e.c.at < until)
        joined = e.outerjoin(a, a.c.experience_id == e.c.id)
        column = {"at": e.c.at, "level": a.c.level, "id": e.c.id}[sort.lstrip("-")]
        order = column.desc() if sort.startswith("-") else column.asc()
        query = (
            sa.select(e, a.c.level, a.c.confidence, a.c.reasons, a.c.judge)
            .select_from(joined)
            .where(*conditions)
            .order_by(order, e.c.id)
            .limit(limit)
            .offset(offset)
        )
        counting = sa.select(sa.func.count()).select_from(joined).where(*conditions)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            total = int(connection.execute(counting).scalar_one())
        page = [
            (
                StoredExperience(row["id"], convert.experience(row)),
                None if row["level"] is None else convert.assessment(row),
            )
            for row in rows
        ]
        return page, total

    def save_assessments(self, pairs: Sequence[tuple[int, Assessment]]) -> int:
        """Store (or replace) the assessment of each experience row."""
        if not pairs:
            return 0
        rows = [convert.assessment_row(row_id, a) for row_id, a in pairs]
        with self.engine.begin() as connection:
            _upsert(connection, t.assessments, rows, ("experience_id",))
        return len(rows)

    def assessment(self, row_id: int) -> Assessment | None:
        a, e = t.assessments, t.experiences
        query = (
            sa.select(a, e.c.event_id)
            .join(e, e.c.id == a.c.experience_id)
            .where(a.c.experience_id == row_id)
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        return None if row is None else convert.assessment(row)

    def clear_assessments(self, organization: str) -> None:
        e = t.experiences
        ids = sa.select(e.c.id).where(e.c.organization == organization)
        with self.engine.begin() as connection:
            connection.execute(t.assessments.delete().where(t.assessments.c.experience_id.in_(ids)))

    def change_marks(self, organization: str) -> tuple[int, int, int]:
        """The newest experience, the newest assessment and the organisation's newest import
        batch: the tops of primary keys, the same cost at any size of the store.

        They move when experiences arrive, are assessed, or a batch lands; not when levels are
        reassessed in place or a customer is erased, so caches built on them also age out.
        """
        e, a, b = t.experiences, t.assessments, t.import_batches
        query = sa.select(
            sa.select(sa.func.max(e.c.id)).scalar_subquery(),
            sa.select(sa.func.max(a.c.experience_id)).scalar_subquery(),
            sa.select(sa.func.max(b.c.id))
            .where(b.c.organization == organization)
            .scalar_subquery(),
        )
        with self.engine.connect() as connection:
            experience, assessment, batch = connection.execute(query).one()
        return int(experience or 0), int(assessment or 0), int(batch or 0)

    def level_frame(self, organization: str, *, after_id: int = 0) -> pd.DataFrame:
        """What the dashboard counts, per experience (id order): no text, no reasons."""
        e, a = t.experiences, t.assessments
        query = (
            sa.select(
                # As stored: pandas parses a million timestamps at once far faster than
                # SQLAlchemy converts them one row at a time.
                e.c.id, sa.type_coerce(e.c.at, sa.String).label("at"), e.c.touchpoint,
                e.c.channel, e.c.customer_id, a.c.level, e.c.nps, e.c.csat, e.c.ces,
            )
            .select_from(e.outerjoin(a, a.c.experience_id == e.c.id))
            .where(e.c.organization == organization, e.c.id > after_id)
            .order_by(e.c.id)
        )  # fmt: skip
        with self.engine.connect() as connection:
            result = connection.execute(query)
            # Plain tuples: pandas builds a frame from a million of them ~4x faster than from
            # SQLAlchemy rows.
            rows = [tuple(row) for row in result]
            frame = pd.DataFrame.from_records(rows, columns=list(result.keys()))
        frame["at"] = pd.to_datetime(frame["at"], format="ISO8601")
        return frame

    def assessed_frame(
        self, organization: str, *, columns: Sequence[str] | None = None, reasons: bool = True
    ) -> pd.DataFrame:
        """Experiences joined with their level, as a DataFrame for the ladder, report, journeys.

        `reasons=False` leaves out the confidence and reasons: reading a million reasons' JSON
        costs more than all the other columns together.
        """
        e, a = t.experiences, t.assessments
        wanted = columns or [c.name for c in e.c if c.name not in ("facts", "batch_id")]
        judged = (a.c.level, a.c.confidence, a.c.reasons) if reasons else (a.c.level,)
        query = (
            sa.select(*(e.c[name] for name in wanted), *judged)
            .select_from(e.outerjoin(a, a.c.experience_id == e.c.id))
            .where(e.c.organization == organization)
            .order_by(e.c.id)
        )
        with self.engine.connect() as connection:
            result = connection.execute(query)
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
        if "at" in frame:
            frame["at"] = pd.to_datetime(frame["at"])
        return frame


# -- row <-> model conversions ---------------------------------------------------------------


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the report read while an import writes; NORMAL sync is safe with WAL.
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA page_size={_PAGE_BYTES}")  # before WAL, which fixes it
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        # A first load holds the file under a rollback journal (bulk.rollback_journal); this
        # connection reads after its commit, and the load puts WAL back when done.
        pass
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
    cursor.close()


_DIALECT_INSERT: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def _upsert(
    connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], keys: tuple[str, ...]
) -> None:
    if not rows:
        return
    dialect = connection.dialect.name
    insert: Any = _DIALECT_INSERT.get(dialect)
    if insert is None:  # pragma: no cover - other dialects: delete then insert
        for row in rows:
            connection.execute(table.delete().where(*(table.c[k] == row[k] for k in keys)))
        connection.execute(table.insert(), rows)
        return
    statement = insert(table)
    updates = {c.name: statement.excluded[c.name] for c in table.c if c.name not in keys}
    connection.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates), rows)


def _insert_missing(
    connection: sa.Connection, table: sa.Table, rows: list[dict[str, Any]], keys: tuple[str, ...]
) -> None:
    if not rows:
        return
    dialect = connection.dialect.name
    insert: Any = _DIALECT_INSERT.get(dialect)
    if insert is None:  # pragma: no cover
        raise StoreError(f"database {dialect!r} is not supported; use SQLite or PostgreSQL")
    for start in range(0, len(rows), 5_000):
        connection.execute(
            insert(table).on_conflict_do_nothing(index_elements=keys), rows[start : start + 5_000]
        )
