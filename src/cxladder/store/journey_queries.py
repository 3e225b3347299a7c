"""The reads the journey pages need beyond `Store`: experiences by row id, and a customer's
moments on either side of one experience.

Both are index lookups (primary key; organization, customer_id, at), so their cost does not
grow with the size of the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from cxladder.model import Assessment
from cxladder.store import rows as convert
from cxladder.store import tables as t
from cxladder.store.repo import Store, StoredExperience

__all__ = ["Neighbours", "customer_neighbours", "experiences_by_row"]

# SQLite allows 999 bound parameters per statement on old builds; pages ask for 50.
_MOST_ROWS = 500


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The customer's moment just before and just after one experience (None at either end)."""

    previous: tuple[StoredExperience, Assessment | None] | None
    next: tuple[StoredExperience, Assessment | None] | None


def _assessed(e: sa.Table, a: sa.Table) -> sa.Select[tuple[object, ...]]:
    return sa.select(e, a.c.level, a.c.confidence, a.c.reasons, a.c.judge).select_from(
        e.outerjoin(a, a.c.experience_id == e.c.id)
    )


def _pair(row: sa.RowMapping) -> tuple[StoredExperience, Assessment | None]:
    stored = StoredExperience(row["id"], convert.experience(row))
    return stored, None if row["level"] is None else convert.assessment(row)


def experiences_by_row(
    store: Store, organization: str, row_ids: Sequence[int]
) -> list[tuple[StoredExperience, Assessment | None]]:
    """The organisation's experiences with these row ids, in the order asked; rows that are
    gone (erased since) or belong to another organisation are left out."""
    if len(row_ids) > _MOST_ROWS:
        raise ValueError(f"ask for at most {_MOST_ROWS} experiences at a time")
    if not row_ids:
        return []
    e, a = t.experiences, t.assessments
    # By primary key alone: with the organisation in the WHERE clause too, SQLite walks the
    # (organization, touchpoint) index over every experience of the organisation instead.
    query = _assessed(e, a).where(e.c.id.in_(list(row_ids)))
    with store.engine.connect() as connection:
        found = {
            row["id"]: _pair(row)
            for row in connection.execute(query).mappings()
            if row["organization"] == organization
        }
    return [found[row_id] for row_id in row_ids if row_id in found]


def customer_neighbours(
    store: Store, organization: str, customer_id: str, at: datetime, row_id: int
) -> Neighbours:
    """The same customer's moments just before and after (time, then row id breaks ties)."""
    e, a = t.experiences, t.assessments
    mine = sa.and_(e.c.organization == organization, e.c.customer_id == customer_id)
    earlier = sa.or_(e.c.at < at, sa.and_(e.c.at == at, e.c.id < row_id))
    later = sa.or_(e.c.at > at, sa.and_(e.c.at == at, e.c.id > row_id))
    before = _assessed(e, a).where(mine, earlier).order_by(e.c.at.desc(), e.c.id.desc()).limit(1)
    after = _assessed(e, a).where(mine, later).order_by(e.c.at.asc(), e.c.id.asc()).limit(1)
    with store.engine.connect() as connection:
        previous = connection.execute(before).mappings().first()
        following = connection.execute(after).mappings().first()
    return Neighbours(
        previous=None if previous is None else _pair(previous),
        next=None if following is None else _pair(following),
    )
