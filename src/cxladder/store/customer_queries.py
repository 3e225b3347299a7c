"""The reads behind the Customer pages and the Cases inbox: short, indexed, paged.

Each query touches one customer's rows through the (organization, customer_id, at) index, or
one page of cases, so a page costs about the same on a thousand experiences as on a million,
given the indexes named in `recent_customers` and `inbox`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from cxladder.actions.records import CaseStatus
from cxladder.model import ServiceLevel
from cxladder.store import tables as t
from cxladder.store.repo import Store

__all__ = [
    "COUNT_CAP",
    "CaseLine",
    "CustomerLine",
    "CustomerQueries",
    "InboxFilter",
    "Moment",
    "StatusChoice",
]

MAX_PAGE = 200
COUNT_CAP = 10_000
RECENT_INDEX = "ix_experiences_recent"
"""An index on experiences (organization, at) that makes "recently active" a short walk. The
schema leaves it out (it costs imports about a fifth of their speed and the page answers in
time without it); a deployment that wants it creates it with this name and is used at once."""


@dataclass(frozen=True, slots=True)
class CustomerLine:
    """One customer in a list: who, when last seen, how many moments, the latest level."""

    id: str
    name: str
    email: str
    segment: str
    last_at: datetime | None
    moments: int
    latest_level: ServiceLevel | None


@dataclass(frozen=True, slots=True)
class Moment:
    """One experience on a timeline, with its level when it has been assessed."""

    event_id: str
    at: datetime
    touchpoint: str
    channel: str
    level: ServiceLevel | None
    text: str


class StatusChoice(StrEnum):
    """What the inbox shows: every case still to finish (the default), one status, or all."""

    LIVE = "live"
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class InboxFilter:
    status: StatusChoice = StatusChoice.LIVE
    owner: str = ""
    breached_at: datetime | None = None  # set: only cases past their SLA at this time


@dataclass(frozen=True, slots=True)
class CaseLine:
    """A case as one row of the inbox (no notes, no linked experiences)."""

    id: int
    customer_id: str
    customer_name: str
    touchpoint: str
    need: str
    level: ServiceLevel
    status: CaseStatus
    owner: str
    opened_at: datetime
    due_at: datetime
    closed_at: datetime | None

    def breached(self, now: datetime) -> bool:
        end = self.closed_at if self.closed_at is not None else now
        return end > self.due_at


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, MAX_PAGE)), max(0, offset)


class CustomerQueries:
    """Read-only queries for the pages, on the store's engine."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    # -- customers -----------------------------------------------------------------------------

    def recent_customers(
        self, organization: str, *, limit: int = 25, offset: int = 0
    ) -> list[CustomerLine]:
        """Customers by their latest moment, newest first.

        With an index on experiences (organization, at) this walks the newest moments back
        in time and keeps each customer's last one, a few index reads per customer shown.
        Without that index it groups the (organization, customer_id, at) index instead, which
        reads one index entry per experience: correct, but its cost grows with the store.
        """
        limit, offset = _page(limit, offset)
        with self.engine.connect() as connection:
            if RECENT_INDEX in _index_names(connection):
                query = _latest_moments(organization)
            else:
                query = _grouped_moments(organization)
            found = connection.execute(query.limit(limit).offset(offset)).all()
            ids = [r.customer_id for r in found]
            stats = self._stats(connection, organization, ids)
            return self._lines(connection, organization, ids, stats)

    def find_customers(
        self, organization: str, text: str, *, limit: int = 25
    ) -> list[CustomerLine]:
        """Customers whose id or e-mail address is `text` or starts with it (e-mail in any
        case); an exact id first."""
        text = text.strip()
        if not text:
            return []
        c = t.customers
        matches = sa.or_(
            c.c.id.startswith(text, autoescape=True),
            sa.func.lower(c.c.email).startswith(text.lower(), autoescape=True),
        )
        exact_first = sa.case((c.c.id == text, 0), else_=1)
        query = (
            sa.select(c.c.id)
            .where(c.c.organization == organization, matches)
            .order_by(exact_first, c.c.id)
            .limit(_page(limit, 0)[0])
        )
        with self.engine.connect() as connection:
            ids = [r.id for r in connection.execute(query)]
            return self._lines(
                connection, organization, ids, self._stats(connection, organization, ids)
            )

    def _stats(
        self, connection: sa.Connection, organization: str, ids: Sequence[str]
    ) -> dict[str, tuple[datetime | None, int]]:
        if not ids:
            return {}
        e = t.experiences
        query = (
            sa.select(e.c.customer_id, sa.func.max(e.c.at).label("last_at"), sa.func.count())
            .where(e.c.organization == organization, e.c.customer_id.in_(list(ids)))
            .group_by(e.c.customer_id)
        )
        return {r[0]: (r[1], int(r[2])) for r in connection.execute(query)}

    def _lines(
        self,
        connection: sa.Connection,
        organization: str,
        ids: Sequence[str],
        stats: dict[str, tuple[datetime | None, int]],
    ) -> list[CustomerLine]:
        if not ids:
            return []
        c = t.customers
        query = sa.select(c.c.id, c.c.name, c.c.email, c.c.segment).where(
            c.c.organization == organization, c.c.id.in_(list(ids))
        )
        people = {r.id: r for r in connection.execute(query)}
        latest = _latest_levels(connection, organization, ids)
        lines = []
        for customer_id in ids:
            person = people.get(customer_id)
            last_at, moments = stats.get(customer_id, (None, 0))
            lines.append(
                CustomerLine(
                    id=customer_id,
                    name=person.name if person else "",
                    email=person.email if person else "",
                    segment=person.segment if person else "",
                    last_at=last_at,
                    moments=moments,
                    latest_level=latest.get(customer_id),
                )
            )
        return lines

    def timeline(
        self, organization: str, customer_id: str, *, limit: int = 100, offset: int = 0
    ) -> list[Moment]:
        """One customer's moments, oldest first, one page of them."""
        limit, offset = _page(limit, offset)
        e = t.experiences
        query = (
            _moments()
            .where(e.c.organization == organization, e.c.customer_id == customer_id)
            .order_by(e.c.at, e.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as connection:
            return [_moment(r) for r in connection.execute(query)]

    def levels(self, organization: str, customer_id: str) -> list[ServiceLevel]:
        """The customer's assessed levels in the order they lived them."""
        e, a = t.experiences, t.assessments
        query = (
            sa.select(a.c.level)
            .select_from(e.join(a, a.c.experience_id == e.c.id))
            .where(e.c.organization == organization, e.c.customer_id == customer_id)
            .order_by(e.c.at, e.c.id)
        )
        with self.engine.connect() as connection:
            return [ServiceLevel(r.level) for r in connection.execute(query)]

    # -- cases ---------------------------------------------------------------------------------

    def inbox(
        self, organization: str, choice: InboxFilter, *, limit: int = 25, offset: int = 0
    ) -> tuple[list[CaseLine], int, bool]:
        """One page of cases, the soonest due first; how many match, counted up to
        COUNT_CAP (a bigger number reads as "COUNT_CAP or more"); and whether more follow.

        An index on cases (organization, due_at) lets this read the page in due order and
        stop; without it the matching cases are sorted first."""
        limit, offset = _page(limit, offset)
        c, p = t.cases, t.customers
        conditions = _inbox_conditions(organization, choice)
        joined = c.outerjoin(
            p, sa.and_(p.c.organization == c.c.organization, p.c.id == c.c.customer_id)
        )
        query = (
            sa.select(c, p.c.name.label("customer_name"))
            .select_from(joined)
            .where(*conditions)
            .order_by(c.c.due_at, c.c.id)
            .limit(limit + 1)
            .offset(offset)
        )
        capped = sa.select(c.c.id).where(*conditions).limit(COUNT_CAP + 1).subquery()
        counting = sa.select(sa.func.count()).select_from(capped)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
            total = int(connection.execute(counting).scalar_one())
        return [_case_line(r) for r in rows[:limit]], total, len(rows) > limit

    def case_moments(self, organization: str, experience_ids: Sequence[int]) -> list[Moment]:
        """The experiences behind a case (by the store's row ids), oldest first."""
        if not experience_ids:
            return []
        e = t.experiences
        query = (
            _moments()
            .where(e.c.organization == organization, e.c.id.in_(list(experience_ids)))
            .order_by(e.c.at, e.c.id)
            .limit(MAX_PAGE)
        )
        with self.engine.connect() as connection:
            return [_moment(r) for r in connection.execute(query)]


def _index_names(connection: sa.Connection) -> set[str]:
    return {str(ix["name"]) for ix in sa.inspect(connection).get_indexes(t.experiences.name)}


def _latest_moments(organization: str) -> sa.Select[Any]:
    """Each customer's last moment, newest first: a moment with no later one of the same
    customer (looked up in the journey index)."""
    e = t.experiences
    later = t.experiences.alias("later")
    has_later = (
        sa.exists()
        .where(later.c.organization == e.c.organization)
        .where(later.c.customer_id == e.c.customer_id, later.c.at > e.c.at)
    )
    return (
        sa.select(e.c.customer_id, e.c.at)
        .where(e.c.organization == organization, ~has_later)
        .order_by(e.c.at.desc(), e.c.customer_id)
        .distinct()
    )


def _grouped_moments(organization: str) -> sa.Select[Any]:
    e = t.experiences
    last = sa.func.max(e.c.at).label("last_at")
    return (
        sa.select(e.c.customer_id, last)
        .where(e.c.organization == organization)
        .group_by(e.c.customer_id)
        .order_by(last.desc(), e.c.customer_id)
    )


def _latest_levels(
    connection: sa.Connection, organization: str, ids: Sequence[str]
) -> dict[str, ServiceLevel]:
    """Each customer's most recent assessed level: one indexed read per customer."""
    e, a = t.experiences, t.assessments
    found: dict[str, ServiceLevel] = {}
    for customer_id in ids:
        query = (
            sa.select(a.c.level)
            .select_from(e.join(a, a.c.experience_id == e.c.id))
            .where(e.c.organization == organization, e.c.customer_id == customer_id)
            .order_by(e.c.at.desc(), e.c.id.desc())
            .limit(1)
        )
        level = connection.execute(query).scalar()
        if level is not None:
            found[customer_id] = ServiceLevel(level)
    return found


def _moments() -> sa.Select[Any]:
    e, a = t.experiences, t.assessments
    return sa.select(
        e.c.event_id, e.c.at, e.c.touchpoint, e.c.channel, e.c.text, a.c.level
    ).select_from(e.outerjoin(a, a.c.experience_id == e.c.id))


def _moment(row: Any) -> Moment:
    return Moment(
        event_id=row.event_id,
        at=row.at,
        touchpoint=row.touchpoint,
        channel=row.channel or "",
        level=ServiceLevel(row.level) if row.level is not None else None,
        text=row.text,
    )


def _inbox_conditions(organization: str, choice: InboxFilter) -> list[sa.ColumnElement[bool]]:
    c = t.cases
    conditions: list[sa.ColumnElement[bool]] = [c.c.organization == organization]
    if choice.status is StatusChoice.LIVE:
        conditions.append(c.c.status != CaseStatus.CLOSED.value)
    elif choice.status is not StatusChoice.ALL:
        conditions.append(c.c.status == choice.status.value)
    if choice.owner:
        conditions.append(sa.func.lower(c.c.owner) == choice.owner.strip().lower())
    if choice.breached_at is not None and choice.status in _NOT_CLOSED:
        # Only closing sets closed_at, so a live case is late exactly when due before now: a
        # plain range on due_at, which the due index answers without reading the rest.
        conditions.append(c.c.due_at < choice.breached_at)
    elif choice.breached_at is not None:
        conditions.append(
            sa.or_(
                sa.and_(c.c.closed_at.is_(None), c.c.due_at < choice.breached_at),
                c.c.closed_at > c.c.due_at,
            )
        )
    return conditions


_NOT_CLOSED = frozenset(
    {StatusChoice.LIVE, StatusChoice.OPEN, StatusChoice.IN_PROGRESS, StatusChoice.RESOLVED}
)


def _case_line(row: Any) -> CaseLine:
    return CaseLine(
        id=row["id"],
        customer_id=row["customer_id"],
        customer_name=row["customer_name"] or "",
        touchpoint=row["touchpoint"],
        need=row["need"],
        level=ServiceLevel(row["level"]),
        status=CaseStatus(row["status"]),
        owner=row["owner"],
        opened_at=row["opened_at"],
        due_at=row["due_at"],
        closed_at=row["closed_at"],
    )
