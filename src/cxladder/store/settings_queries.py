"""The reads and writes the Settings pages need beyond the facade: people, webhooks, the recent
delivery log and the level counts per touchpoint behind the promise shortfall.

Every query is bound to one organisation and bounded in its output (a limit, or one row per
touchpoint and level), so a page's cost does not grow with the number of experiences it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Role
from cxladder.store import tables as t
from cxladder.store.access import users, webhook_deliveries, webhooks

__all__ = [
    "DeliveryRow",
    "PersonRow",
    "WebhookRow",
    "level_counts",
    "people",
    "recent_deliveries",
    "remove_webhook",
    "set_person_disabled",
    "webhook_rows",
]


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person who signs in to the pages; never their password hash."""

    id: int
    email: str
    name: str
    role: Role
    created_at: datetime
    disabled_at: datetime | None


@dataclass(frozen=True, slots=True)
class WebhookRow:
    """An active webhook target; its signing secret stays in the store."""

    id: int
    url: str
    levels: tuple[int, ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DeliveryRow:
    id: int
    webhook_url: str
    event_id: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    created_at: datetime
    delivered_at: datetime | None


def people(engine: sa.Engine, organization: str) -> list[PersonRow]:
    query = (
        sa.select(
            users.c.id,
            users.c.email,
            users.c.name,
            users.c.role,
            users.c.created_at,
            users.c.disabled_at,
        )
        .where(users.c.organization == organization)
        .order_by(users.c.email)
    )
    with engine.connect() as connection:
        return [
            PersonRow(r.id, r.email, r.name, Role(r.role), r.created_at, r.disabled_at)
            for r in connection.execute(query)
        ]


def set_person_disabled(
    engine: sa.Engine, organization: str, person_id: int, *, at: datetime | None
) -> None:
    """Disable a person (their sessions stop at once) or, with `at=None`, enable them again."""
    statement = (
        users.update()
        .where(users.c.organization == organization, users.c.id == person_id)
        .values(disabled_at=at)
    )
    with engine.begin() as connection:
        if connection.execute(statement).rowcount == 0:
            raise NotFound(f"no user {person_id} in organisation {organization!r}")


def webhook_rows(engine: sa.Engine, organization: str) -> list[WebhookRow]:
    query = (
        sa.select(webhooks.c.id, webhooks.c.url, webhooks.c.levels, webhooks.c.created_at)
        .where(webhooks.c.organization == organization, webhooks.c.active.is_(True))
        .order_by(webhooks.c.id)
    )
    with engine.connect() as connection:
        return [
            WebhookRow(r.id, r.url, tuple(int(v) for v in r.levels), r.created_at)
            for r in connection.execute(query)
        ]


def remove_webhook(engine: sa.Engine, organization: str, webhook_id: int) -> None:
    """Stop sending to a webhook. The row stays (inactive) so its delivery log keeps its URL."""
    statement = (
        webhooks.update()
        .where(
            webhooks.c.organization == organization,
            webhooks.c.id == webhook_id,
            webhooks.c.active.is_(True),
        )
        .values(active=False)
    )
    with engine.begin() as connection:
        if connection.execute(statement).rowcount == 0:
            raise NotFound(f"no active webhook {webhook_id} in organisation {organization!r}")


def recent_deliveries(
    engine: sa.Engine, organization: str, *, limit: int = 20
) -> list[DeliveryRow]:
    """The newest deliveries first, at most `limit` of them."""
    if not 1 <= limit <= 500:
        raise InvalidInput(f"limit {limit} must be between 1 and 500")
    d, w = webhook_deliveries, webhooks
    query = (
        sa.select(
            d.c.id,
            w.c.url,
            d.c.event_id,
            d.c.status,
            d.c.attempts,
            d.c.last_status_code,
            d.c.last_error,
            d.c.created_at,
            d.c.delivered_at,
        )
        .join(w, w.c.id == d.c.webhook_id)
        .where(w.c.organization == organization)
        .order_by(d.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as connection:
        return [DeliveryRow(*row) for row in connection.execute(query)]


def level_counts(engine: sa.Engine, organization: str) -> dict[str, list[int]]:
    """Assessed experiences per touchpoint and level: {touchpoint: [count at level 1..6]}.

    One GROUP BY in the database; the answer has one row per touchpoint and level however many
    experiences there are.
    """
    e, a = t.experiences, t.assessments
    query = (
        sa.select(e.c.touchpoint, a.c.level, sa.func.count())
        .select_from(e.join(a, a.c.experience_id == e.c.id))
        .where(e.c.organization == organization)
        .group_by(e.c.touchpoint, a.c.level)
    )
    counts: dict[str, list[int]] = {}
    with engine.connect() as connection:
        for touchpoint, level, n in connection.execute(query):
            if 1 <= int(level) <= 6:
                counts.setdefault(str(touchpoint), [0] * 6)[int(level) - 1] += int(n)
    return counts
