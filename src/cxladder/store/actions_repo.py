"""Typed reads and writes of the action tables: cases, gestures, profiles, audit, retention.

Lives in store/ because it is SQL; the rules (SLA, budgets, consent) live in cxladder.actions.
Erasure is here too, because only the store knows every table and file that can hold a
customer's data.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

import pandas as pd
import sqlalchemy as sa

from cxladder.actions.records import (
    AuditEntry,
    Case,
    CaseNote,
    CaseStatus,
    Deviation,
    Gesture,
    GestureBudget,
    GestureGrant,
    GrantStatus,
    Mitigation,
    Profile,
)
from cxladder.errors import NotFound
from cxladder.model import ServiceLevel
from cxladder.store import tables as t
from cxladder.store.repo import Store

__all__ = ["ActionsRepo", "ErasureOutcome", "LowMoment", "NewCase"]

PERSONAL_COLUMN = "customer_id"
"""Any table with this column holds personal data: erasure and export find it by this name."""

PAYLOAD_COLUMN = "payload"
"""A table with this column (JSON text, e.g. the webhook outbox) may carry a customer inside."""


@dataclass(frozen=True, slots=True)
class LowMoment:
    """An assessed experience at a level that calls for a case, not yet part of one."""

    experience_id: int
    customer_id: str
    touchpoint: str
    at: datetime
    level: ServiceLevel


@dataclass(frozen=True, slots=True)
class NewCase:
    customer_id: str
    need: str
    touchpoint: str
    level: ServiceLevel
    owner: str
    opened_at: datetime
    due_at: datetime
    experience_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ErasureOutcome:
    rows: dict[str, int]
    batch_ids: tuple[int, ...]


class ActionsRepo:
    """The action tables of one Store (same engine, same transactions)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # -- cases ---------------------------------------------------------------------------------

    def low_moments(
        self, organization: str, levels: Iterable[ServiceLevel], *, until: datetime
    ) -> list[LowMoment]:
        e, a = t.experiences, t.assessments
        query = (
            sa.select(e.c.id, e.c.customer_id, e.c.touchpoint, e.c.at, a.c.level)
            .join(a, a.c.experience_id == e.c.id)
            .where(e.c.organization == organization, a.c.level.in_([int(v) for v in levels]))
            .where(e.c.at <= until)
            .where(~sa.exists().where(t.case_experiences.c.experience_id == e.c.id))
            .order_by(e.c.at, e.c.id)
        )
        with self.engine.connect() as connection:
            return [
                LowMoment(r.id, r.customer_id, r.touchpoint, r.at, ServiceLevel(r.level))
                for r in connection.execute(query)
            ]

    def open_cases_by_need(self, organization: str) -> dict[tuple[str, str], int]:
        c = t.cases
        query = sa.select(c.c.id, c.c.customer_id, c.c.need).where(
            c.c.organization == organization, c.c.status != CaseStatus.CLOSED.value
        )
        with self.engine.connect() as connection:
            return {(r.customer_id, r.need): r.id for r in connection.execute(query)}

    def add_cases(
        self, organization: str, new: Sequence[NewCase], attach: Sequence[tuple[int, int]]
    ) -> list[int]:
        """Insert new cases and attach further experiences to open ones, in one transaction."""
        ids: list[int] = []
        with self.engine.begin() as connection:
            for case in new:
                case_id = connection.execute(
                    t.cases.insert().returning(t.cases.c.id), [_new_case_row(organization, case)]
                ).scalar_one()
                ids.append(case_id)
                links = [{"experience_id": x, "case_id": case_id} for x in case.experience_ids]
                connection.execute(t.case_experiences.insert(), links)
            if attach:
                rows = [{"case_id": c, "experience_id": x} for c, x in attach]
                connection.execute(t.case_experiences.insert(), rows)
        return ids

    def case(self, case_id: int) -> Case:
        cases = self.cases(case_ids=[case_id])
        if not cases:
            raise NotFound(f"no case {case_id}; list them with `cxladder cases list`")
        return cases[0]

    def cases(
        self,
        organization: str | None = None,
        *,
        case_ids: Sequence[int] | None = None,
        status: CaseStatus | None = None,
        owner: str | None = None,
        customer_id: str | None = None,
    ) -> list[Case]:
        c = t.cases
        query = sa.select(c).order_by(c.c.id)
        for column, value in (
            (c.c.organization, organization),
            (c.c.status, status.value if status else None),
            (c.c.owner, owner),
            (c.c.customer_id, customer_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if case_ids is not None:
            query = query.where(c.c.id.in_(list(case_ids)))
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            ids = [r["id"] for r in rows]
            notes = _notes_by_case(connection, ids)
            links = _experiences_by_case(connection, ids)
        return [_case(r, notes.get(r["id"], ()), links.get(r["id"], ())) for r in rows]

    def save_case(self, case: Case) -> None:
        values = {
            "status": case.status.value,
            "owner": case.owner,
            "closed_at": case.closed_at,
            "resolution": case.resolution,
            "follow_up_question": case.follow_up_question,
            "follow_up_sent_at": case.follow_up_sent_at,
            "level_after": int(case.level_after) if case.level_after else None,
            "followed_up_at": case.followed_up_at,
        }
        with self.engine.begin() as connection:
            connection.execute(t.cases.update().where(t.cases.c.id == case.id).values(**values))

    def add_note(self, case_id: int, note: CaseNote) -> None:
        row = {"case_id": case_id, "at": note.at, "author": note.author, "text": note.text}
        with self.engine.begin() as connection:
            connection.execute(t.case_notes.insert(), [row])

    def visits(self, organization: str) -> pd.DataFrame:
        """Every assessed experience as (customer_id, touchpoint, at, level), oldest first."""
        frame = self.store.assessed_frame(organization, columns=["customer_id", "touchpoint", "at"])
        frame = frame.dropna(subset=["level"])
        frame["level"] = frame["level"].astype(int)
        return frame.sort_values("at", kind="stable").reset_index(drop=True)

    def visits_of(self, organization: str, customer_id: str) -> pd.DataFrame:
        """One customer's experiences as (touchpoint, at, level), oldest first."""
        e, a = t.experiences, t.assessments
        query = (
            sa.select(e.c.touchpoint, e.c.at, a.c.level)
            .select_from(e.outerjoin(a, a.c.experience_id == e.c.id))
            .where(e.c.organization == organization, e.c.customer_id == customer_id)
            .order_by(e.c.at, e.c.id)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        frame = pd.DataFrame(rows, columns=["touchpoint", "at", "level"])
        frame["at"] = pd.to_datetime(frame["at"])
        return frame

    def experience_ids(self, organization: str, event_ids: Sequence[str]) -> dict[str, int]:
        e = t.experiences
        found: dict[str, int] = {}
        with self.engine.connect() as connection:
            for start in range(0, len(event_ids), 500):
                query = sa.select(e.c.event_id, e.c.id).where(
                    e.c.organization == organization,
                    e.c.event_id.in_(list(event_ids[start : start + 500])),
                )
                found.update({r.event_id: r.id for r in connection.execute(query)})
        return found

    # -- gestures ------------------------------------------------------------------------------

    def save_catalogue(self, organization: str, gestures: Iterable[Gesture]) -> None:
        rows = [
            {
                "organization": organization,
                "key": g.key,
                "name": g.name,
                "cost": g.cost,
                "personal": g.personal,
                "description": g.description,
            }
            for g in gestures
        ]
        self._replace(t.gesture_catalogue, rows, ("organization", "key"))

    def catalogue(self, organization: str) -> dict[str, Gesture]:
        g = t.gesture_catalogue
        query = sa.select(g).where(g.c.organization == organization).order_by(g.c.cost, g.c.key)
        with self.engine.connect() as connection:
            return {
                r.key: Gesture(r.key, r.name, r.cost, bool(r.personal), r.description)
                for r in connection.execute(query)
            }

    def save_budgets(self, organization: str, budgets: Iterable[GestureBudget]) -> None:
        rows = [
            {
                "organization": organization,
                "role": b.role,
                "monthly_budget": b.monthly_budget,
                "approval_limit": b.approval_limit,
            }
            for b in budgets
        ]
        self._replace(t.gesture_budgets, rows, ("organization", "role"))

    def budgets(self, organization: str) -> dict[str, GestureBudget]:
        b = t.gesture_budgets
        query = sa.select(b).where(b.c.organization == organization).order_by(b.c.role)
        with self.engine.connect() as connection:
            return {
                r.role: GestureBudget(r.role, r.monthly_budget, r.approval_limit)
                for r in connection.execute(query)
            }

    def spent(self, organization: str, role: str, start: datetime, end: datetime) -> float:
        """Money given or waiting for approval by one role in [start, end)."""
        g = t.gestures
        query = sa.select(sa.func.coalesce(sa.func.sum(g.c.cost), 0.0)).where(
            g.c.organization == organization,
            g.c.role == role,
            g.c.at >= start,
            g.c.at < end,
            g.c.status.in_([GrantStatus.GIVEN.value, GrantStatus.PENDING.value]),
        )
        with self.engine.connect() as connection:
            return float(connection.execute(query).scalar_one())

    def add_grants(self, grants: Sequence[GestureGrant]) -> list[int]:
        with self.engine.begin() as connection:
            return [
                connection.execute(
                    t.gestures.insert().returning(t.gestures.c.id), [_grant_row(g)]
                ).scalar_one()
                for g in grants
            ]

    def save_grant(self, grant: GestureGrant) -> None:
        values = {
            "status": grant.status.value,
            "decided_by": grant.decided_by,
            "decided_at": grant.decided_at,
        }
        g = t.gestures
        with self.engine.begin() as connection:
            connection.execute(g.update().where(g.c.id == grant.id).values(**values))

    def grants(
        self,
        organization: str,
        *,
        grant_id: int | None = None,
        status: GrantStatus | None = None,
        customer_id: str | None = None,
    ) -> list[GestureGrant]:
        g = t.gestures
        query = sa.select(g).where(g.c.organization == organization).order_by(g.c.at, g.c.id)
        if grant_id is not None:
            query = query.where(g.c.id == grant_id)
        if status is not None:
            query = query.where(g.c.status == status.value)
        if customer_id is not None:
            query = query.where(g.c.customer_id == customer_id)
        with self.engine.connect() as connection:
            return [_grant(r) for r in connection.execute(query).mappings()]

    def add_deviation(self, deviation: Deviation) -> int:
        row = {
            k: getattr(deviation, k)
            for k in (
                "organization",
                "staff",
                "role",
                "customer_id",
                "touchpoint",
                "at",
                "standard_path",
                "action",
                "reason",
            )
        }
        with self.engine.begin() as connection:
            return int(
                connection.execute(
                    t.deviations.insert().returning(t.deviations.c.id), [row]
                ).scalar_one()
            )

    def deviations(self, organization: str) -> list[Deviation]:
        d = t.deviations
        query = sa.select(d).where(d.c.organization == organization).order_by(d.c.at, d.c.id)
        with self.engine.connect() as connection:
            return [Deviation(**dict(r)) for r in connection.execute(query).mappings()]

    # -- profiles and mitigations --------------------------------------------------------------

    def save_profile(self, organization: str, profile: Profile) -> None:
        row = {
            "organization": organization,
            "customer_id": profile.customer_id,
            "preferences": dict(profile.preferences),
            "updated_at": profile.updated_at,
        }
        self._replace(t.customer_profiles, [row], ("organization", "customer_id"))

    def profile(self, organization: str, customer_id: str) -> Profile | None:
        p = t.customer_profiles
        query = sa.select(p).where(p.c.organization == organization, p.c.customer_id == customer_id)
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return Profile(row.customer_id, MappingProxyType(dict(row.preferences)), row.updated_at)

    def add_mitigation(self, mitigation: Mitigation) -> int:
        row = {
            "organization": mitigation.organization,
            "touchpoint": mitigation.touchpoint,
            "pain": mitigation.pain,
            "action": mitigation.action,
            "started_at": mitigation.started_at,
        }
        m = t.mitigations
        with self.engine.begin() as connection:
            return int(connection.execute(m.insert().returning(m.c.id), [row]).scalar_one())

    def mitigations(self, organization: str) -> list[Mitigation]:
        m = t.mitigations
        query = sa.select(m).where(m.c.organization == organization).order_by(m.c.started_at)
        with self.engine.connect() as connection:
            return [Mitigation(**dict(r)) for r in connection.execute(query).mappings()]

    # -- audit and retention -------------------------------------------------------------------

    def audit_salt(self, organization: str) -> str:
        """The organisation's secret salt for audit subjects, made on first use."""
        s = t.audit_salts
        with self.engine.begin() as connection:
            salt = connection.execute(
                sa.select(s.c.salt).where(s.c.organization == organization)
            ).scalar_one_or_none()
            if salt is None:
                salt = secrets.token_hex(16)
                connection.execute(s.insert(), [{"organization": organization, "salt": salt}])
        return str(salt)

    def add_audit(self, entries: Sequence[AuditEntry]) -> None:
        rows = [
            {
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "organization": e.organization,
                "subject": e.subject,
                "detail": e.detail,
            }
            for e in entries
        ]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(t.audit_log.insert(), rows)

    def audit_entries(self, organization: str, *, subject: str | None = None) -> list[AuditEntry]:
        a = t.audit_log
        query = sa.select(a).where(a.c.organization == organization).order_by(a.c.at, a.c.id)
        if subject is not None:
            query = query.where(a.c.subject == subject)
        with self.engine.connect() as connection:
            return [
                AuditEntry(r.at, r.actor, r.action, r.organization, r.subject, r.detail)
                for r in connection.execute(query)
            ]

    def save_retention(self, organization: str, kind: str, days: int) -> None:
        row = {"organization": organization, "kind": kind, "days": days}
        self._replace(t.retention_rules, [row], ("organization", "kind"))

    def retention(self, organization: str) -> dict[str, int]:
        r = t.retention_rules
        query = sa.select(r.c.kind, r.c.days).where(r.c.organization == organization)
        with self.engine.connect() as connection:
            return {row.kind: row.days for row in connection.execute(query)}

    def customers_last_seen(self, organization: str) -> dict[str, datetime | None]:
        """Each customer's last experience (None for a customer without any)."""
        c, e = t.customers, t.experiences
        last = (
            sa.select(e.c.customer_id, sa.func.max(e.c.at).label("last"))
            .where(e.c.organization == organization)
            .group_by(e.c.customer_id)
            .subquery()
        )
        query = (
            sa.select(c.c.id, last.c.last)
            .select_from(c.outerjoin(last, last.c.customer_id == c.c.id))
            .where(c.c.organization == organization)
        )
        with self.engine.connect() as connection:
            return {row.id: row.last for row in connection.execute(query)}

    def clear_texts_before(self, organization: str, before: datetime) -> int:
        e = t.experiences
        query = (
            e.update()
            .where(e.c.organization == organization, e.c.at < before, e.c.text != "")
            .values(text="")
        )
        with self.engine.begin() as connection:
            return int(connection.execute(query).rowcount)

    def delete_notes_before(self, organization: str, before: datetime) -> int:
        n = t.case_notes
        ids = sa.select(t.cases.c.id).where(t.cases.c.organization == organization)
        with self.engine.begin() as connection:
            query = n.delete().where(n.c.case_id.in_(ids), n.c.at < before)
            return int(connection.execute(query).rowcount)

    # -- erasure -------------------------------------------------------------------------------

    def personal_tables(self, connection: sa.Connection) -> list[sa.Table]:
        """Every table in the database with organization and customer_id columns, including
        tables other modules add later (reflected when this code does not know them)."""
        return [
            table
            for table in _database_tables(connection)
            if PERSONAL_COLUMN in table.c and "organization" in table.c
        ]

    def payload_tables(self, connection: sa.Connection) -> list[sa.Table]:
        """Tables that carry whole records as JSON text, such as the webhook outbox."""
        return [
            table
            for table in _database_tables(connection)
            if PAYLOAD_COLUMN in table.c and len(table.primary_key.columns) == 1
        ]

    def erase(self, organization: str, customer_id: str, email: str) -> ErasureOutcome:
        """Delete every row about one customer, in one transaction; returns counts per table."""
        counts: dict[str, int] = {}
        with self.engine.begin() as connection:
            if self.store.dialect == "sqlite":
                connection.exec_driver_sql("PRAGMA secure_delete=ON")
            counts.update(
                _erase_rows(connection, self.personal_tables(connection), organization, customer_id)
            )
            counts["customers"] = _erase_customer_row(connection, organization, customer_id)
            counts["quarantine"], batch_ids = _erase_quarantine(
                connection, organization, customer_id, email
            )
            counts["experiences.text"] = _scrub_email(connection, organization, email)
            for table in self.payload_tables(connection):
                hits = _payload_hits(connection, table, organization, customer_id, email)
                counts[table.name] = _delete_by_key(connection, table, hits)
        return ErasureOutcome(counts, batch_ids)

    def personal_rows(
        self, organization: str, customer_id: str, email: str
    ) -> dict[str, list[dict[str, Any]]]:
        """Every stored row about one customer, table by table (what an export hands over)."""
        e, c = t.experiences, t.cases
        own_experiences = sa.select(e.c.id).where(
            e.c.organization == organization, e.c.customer_id == customer_id
        )
        own_cases = sa.select(c.c.id).where(
            c.c.organization == organization, c.c.customer_id == customer_id
        )
        queries: dict[str, sa.Select[Any]] = {
            "customers": sa.select(t.customers).where(
                t.customers.c.organization == organization, t.customers.c.id == customer_id
            ),
            "assessments": sa.select(t.assessments).where(
                t.assessments.c.experience_id.in_(own_experiences)
            ),
            "case_notes": sa.select(t.case_notes).where(t.case_notes.c.case_id.in_(own_cases)),
        }
        with self.engine.connect() as connection:
            for table in self.personal_tables(connection):
                queries[table.name] = sa.select(table).where(
                    table.c.organization == organization, table.c[PERSONAL_COLUMN] == customer_id
                )
            for table in self.payload_tables(connection):
                hits = _payload_hits(connection, table, organization, customer_id, email)
                key = next(iter(table.primary_key.columns))
                queries[table.name] = sa.select(table).where(key.in_(hits))
            rows = {
                name: [dict(r) for r in connection.execute(q).mappings()]
                for name, q in queries.items()
            }
            rows["quarantine"] = _quarantine_rows(connection, organization, customer_id, email)
        return rows

    def rejects_paths(self, batch_ids: Sequence[int]) -> list[str]:
        b = t.import_batches
        query = sa.select(b.c.rejects_path).where(b.c.id.in_(list(batch_ids)))
        with self.engine.connect() as connection:
            return [p for (p,) in connection.execute(query) if p]

    def all_rejects_paths(self, organization: str) -> list[str]:
        b = t.import_batches
        query = sa.select(b.c.rejects_path).where(b.c.organization == organization)
        with self.engine.connect() as connection:
            return [p for (p,) in connection.execute(query) if p]

    def compact(self) -> None:
        """Leave no erased bytes in free pages or the write-ahead log of an embedded store."""
        if self.store.dialect != "sqlite":
            return  # PostgreSQL: VACUUM is the operator's schedule; see docs/actions.md
        with self.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("PRAGMA secure_delete=ON")
            autocommit.exec_driver_sql("VACUUM")
            autocommit.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            autocommit.exec_driver_sql("PRAGMA secure_delete=OFF")

    def _replace(self, table: sa.Table, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
        if not rows:
            return
        with self.engine.begin() as connection:
            for row in rows:
                connection.execute(table.delete().where(*(table.c[k] == row[k] for k in keys)))
            connection.execute(table.insert(), rows)


# -- helpers: rows <-> records ---------------------------------------------------------------


def _new_case_row(organization: str, case: NewCase) -> dict[str, Any]:
    return {
        "organization": organization,
        "customer_id": case.customer_id,
        "need": case.need,
        "touchpoint": case.touchpoint,
        "level": int(case.level),
        "status": CaseStatus.OPEN.value,
        "owner": case.owner,
        "opened_at": case.opened_at,
        "due_at": case.due_at,
    }


def _notes_by_case(connection: sa.Connection, ids: list[int]) -> dict[int, tuple[CaseNote, ...]]:
    n = t.case_notes
    query = sa.select(n).where(n.c.case_id.in_(ids)).order_by(n.c.at, n.c.id)
    notes: dict[int, list[CaseNote]] = {}
    for r in connection.execute(query):
        notes.setdefault(r.case_id, []).append(CaseNote(r.at, r.author, r.text))
    return {k: tuple(v) for k, v in notes.items()}


def _experiences_by_case(connection: sa.Connection, ids: list[int]) -> dict[int, tuple[int, ...]]:
    x = t.case_experiences
    query = sa.select(x).where(x.c.case_id.in_(ids)).order_by(x.c.experience_id)
    links: dict[int, list[int]] = {}
    for r in connection.execute(query):
        links.setdefault(r.case_id, []).append(r.experience_id)
    return {k: tuple(v) for k, v in links.items()}


def _case(row: Any, notes: tuple[CaseNote, ...], links: tuple[int, ...]) -> Case:
    return Case(
        id=row["id"],
        organization=row["organization"],
        customer_id=row["customer_id"],
        need=row["need"],
        touchpoint=row["touchpoint"],
        level=ServiceLevel(row["level"]),
        status=CaseStatus(row["status"]),
        owner=row["owner"],
        opened_at=row["opened_at"],
        due_at=row["due_at"],
        closed_at=row["closed_at"],
        resolution=row["resolution"],
        follow_up_question=row["follow_up_question"],
        follow_up_sent_at=row["follow_up_sent_at"],
        level_after=ServiceLevel(row["level_after"]) if row["level_after"] else None,
        followed_up_at=row["followed_up_at"],
        experience_ids=links,
        notes=notes,
    )


def _grant_row(g: GestureGrant) -> dict[str, Any]:
    return {
        "organization": g.organization,
        "customer_id": g.customer_id,
        "gesture": g.gesture,
        "staff": g.staff,
        "role": g.role,
        "cost": g.cost,
        "at": g.at,
        "status": g.status.value,
        "touchpoint": g.touchpoint,
        "case_id": g.case_id,
        "reason": g.reason,
        "decided_by": g.decided_by,
        "decided_at": g.decided_at,
    }


def _grant(row: Any) -> GestureGrant:
    values = dict(row)
    values["status"] = GrantStatus(values["status"])
    return GestureGrant(**values)


def _erase_rows(
    connection: sa.Connection, tables: list[sa.Table], organization: str, customer_id: str
) -> dict[str, int]:
    counts: dict[str, int] = {}
    e = t.experiences
    own = sa.select(e.c.id).where(e.c.organization == organization, e.c.customer_id == customer_id)
    # Assessments hang off experiences; delete them explicitly rather than trust FK pragmas.
    counts["assessments"] = connection.execute(
        t.assessments.delete().where(t.assessments.c.experience_id.in_(own))
    ).rowcount
    c = t.cases
    cases = sa.select(c.c.id).where(
        c.c.organization == organization, c.c.customer_id == customer_id
    )
    for child in (t.case_notes, t.case_experiences):
        counts[child.name] = connection.execute(
            child.delete().where(child.c.case_id.in_(cases))
        ).rowcount
    for table in tables:
        statement = table.delete().where(
            table.c.organization == organization, table.c[PERSONAL_COLUMN] == customer_id
        )
        counts[table.name] = connection.execute(statement).rowcount
    return counts


def _database_tables(connection: sa.Connection) -> list[sa.Table]:
    """The database's tables: ours from the metadata, any other reflected from the database."""
    reflected = sa.MetaData()
    return [
        t.metadata.tables[name]
        if name in t.metadata.tables
        else sa.Table(name, reflected, autoload_with=connection)
        for name in sa.inspect(connection).get_table_names()
    ]


def _erase_customer_row(connection: sa.Connection, organization: str, customer_id: str) -> int:
    c = t.customers
    statement = c.delete().where(c.c.organization == organization, c.c.id == customer_id)
    return int(connection.execute(statement).rowcount)


def mentions(value: Any, customer_id: str, email: str) -> bool:
    """Whether a raw value (a rejected row's cell, a file line) is about this customer."""
    if isinstance(value, dict):
        return any(mentions(v, customer_id, email) for v in value.values())
    if isinstance(value, list | tuple):
        return any(mentions(v, customer_id, email) for v in value)
    text = "" if value is None else str(value)
    return text.strip() == customer_id or bool(email) and email.lower() in text.lower()


def _erase_quarantine(
    connection: sa.Connection, organization: str, customer_id: str, email: str
) -> tuple[int, tuple[int, ...]]:
    q, b = t.quarantine, t.import_batches
    query = (
        sa.select(q.c.id, q.c.batch_id, q.c.raw, q.c.value)
        .join(b, b.c.id == q.c.batch_id)
        .where(b.c.organization == organization)
    )
    hits = [
        (r.id, r.batch_id)
        for r in connection.execute(query)
        if mentions(r.raw, customer_id, email) or mentions(r.value, customer_id, email)
    ]
    ids = [h[0] for h in hits]
    for start in range(0, len(ids), 500):
        connection.execute(q.delete().where(q.c.id.in_(ids[start : start + 500])))
    return len(ids), tuple(sorted({h[1] for h in hits}))


def _quarantine_rows(
    connection: sa.Connection, organization: str, customer_id: str, email: str
) -> list[dict[str, Any]]:
    q, b = t.quarantine, t.import_batches
    query = sa.select(q).join(b, b.c.id == q.c.batch_id).where(b.c.organization == organization)
    return [
        dict(r)
        for r in connection.execute(query).mappings()
        if mentions(r["raw"], customer_id, email) or mentions(r["value"], customer_id, email)
    ]


def _payload_hits(
    connection: sa.Connection, table: sa.Table, organization: str, customer_id: str, email: str
) -> list[Any]:
    """Primary keys of rows whose payload is about this customer of this organisation."""
    key = next(iter(table.primary_key.columns))
    query = sa.select(key, table.c[PAYLOAD_COLUMN])
    if "organization" in table.c:
        query = query.where(table.c.organization == organization)
    hits = []
    for row_key, payload in connection.execute(query):
        value = _parsed(payload)
        if isinstance(value, dict) and value.get("organization", organization) != organization:
            continue
        if mentions(value, customer_id, email):
            hits.append(row_key)
    return hits


def _parsed(payload: Any) -> Any:
    if not isinstance(payload, str):
        return payload
    try:
        return json.loads(payload)
    except ValueError:
        return payload


def _delete_by_key(connection: sa.Connection, table: sa.Table, keys: list[Any]) -> int:
    column = next(iter(table.primary_key.columns))
    for start in range(0, len(keys), 500):
        connection.execute(table.delete().where(column.in_(keys[start : start + 500])))
    return len(keys)


def _scrub_email(connection: sa.Connection, organization: str, email: str) -> int:
    """Other customers' comments may quote this customer's address; blank it out there too."""
    if not email:
        return 0
    e = t.experiences
    query = sa.select(e.c.id, e.c.text).where(
        e.c.organization == organization, sa.func.lower(e.c.text).contains(email.lower())
    )
    rows = connection.execute(query).all()
    for row in rows:
        cleaned = _replace_casefold(row.text, email, "[erased]")
        connection.execute(e.update().where(e.c.id == row.id).values(text=cleaned))
    return len(rows)


def _replace_casefold(text: str, old: str, new: str) -> str:
    lowered, target = text.lower(), old.lower()
    out, start = [], 0
    while (found := lowered.find(target, start)) >= 0:
        out.append(text[start:found] + new)
        start = found + len(old)
    out.append(text[start:])
    return "".join(out)
