"""The few rows the touchpoint and moment pages show beside their aggregates: quotes and reasons.

Each query reads one touchpoint's newest experiences through the (organization, touchpoint)
index, newest first, and stops at its LIMIT, so its cost does not grow with the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from cxladder.model import ServiceLevel
from cxladder.store import tables as t

__all__ = [
    "LevelBand",
    "Quote",
    "ReasonCount",
    "ReasonSample",
    "frequent_reasons",
    "latest_quotes",
    "telling_quotes",
]


@dataclass(frozen=True, slots=True)
class LevelBand:
    """The levels asked about, inclusive: (1, 3) for below a Desired target, (5, 6) for wow."""

    lowest: int
    highest: int

    def __post_init__(self) -> None:
        if not 1 <= self.lowest <= self.highest <= 6:
            raise ValueError(f"levels {self.lowest}..{self.highest} must lie within 1..6")


@dataclass(frozen=True, slots=True)
class Quote:
    """One customer's own words at a touchpoint, as stored (redacted on arrival)."""

    event_id: str
    customer_id: str
    customer_name: str
    at: datetime
    channel: str
    level: ServiceLevel
    text: str


@dataclass(frozen=True, slots=True)
class ReasonCount:
    """A reason the ladder gave, how often among the sampled experiences, and one example."""

    source: str
    level: ServiceLevel
    message: str
    evidence: str
    count: int


@dataclass(frozen=True, slots=True)
class ReasonSample:
    reasons: list[ReasonCount]
    sampled: int


def _newest(
    organization: str, touchpoint: str, band: LevelBand, channel: str | None
) -> sa.Select[Any]:
    e, a = t.experiences, t.assessments
    query = (
        sa.select(e.c.id)
        .select_from(e.join(a, a.c.experience_id == e.c.id))
        .where(
            e.c.organization == organization,
            e.c.touchpoint == touchpoint,
            a.c.level.between(band.lowest, band.highest),
        )
        .order_by(e.c.id.desc())
    )
    return query.where(e.c.channel == channel) if channel else query


def latest_quotes(
    engine: sa.Engine,
    organization: str,
    touchpoint: str,
    band: LevelBand,
    *,
    channel: str | None = None,
    limit: int = 3,
) -> list[Quote]:
    """The newest experiences with a comment at the touchpoint whose level lies in `band`."""
    e, a, c = t.experiences, t.assessments, t.customers
    ids = _newest(organization, touchpoint, band, channel).where(e.c.text != "").limit(limit)
    query = (
        sa.select(e.c.event_id, e.c.customer_id, c.c.name, e.c.at, e.c.channel, a.c.level, e.c.text)
        .select_from(
            e.join(a, a.c.experience_id == e.c.id).outerjoin(
                c, sa.and_(c.c.organization == e.c.organization, c.c.id == e.c.customer_id)
            )
        )
        .where(e.c.id.in_(ids.scalar_subquery()))
        .order_by(e.c.id.desc())
    )
    with engine.connect() as connection:
        return [
            Quote(
                event_id=row.event_id,
                customer_id=row.customer_id,
                customer_name=row.name or "",
                at=row.at,
                channel=row.channel or "",
                level=ServiceLevel(row.level),
                text=row.text,
            )
            for row in connection.execute(query)
        ]


def frequent_reasons(
    engine: sa.Engine,
    organization: str,
    touchpoint: str,
    band: LevelBand,
    *,
    channel: str | None = None,
    sample: int = 300,
    top: int = 5,
) -> ReasonSample:
    """The reasons given most often for the newest `sample` experiences in `band`.

    Only reasons that themselves point into the band count (a low NPS behind a low level, not
    the friendly greeting that came with it). Reasons are grouped by what they cite, so "waited
    25 minutes" and "waited 40 minutes" are one reason about waiting.
    """
    a = t.assessments
    ids = _newest(organization, touchpoint, band, channel).limit(sample)
    query = sa.select(a.c.reasons).where(a.c.experience_id.in_(ids.scalar_subquery()))
    with engine.connect() as connection:
        stored = [row.reasons for row in connection.execute(query)]
    return ReasonSample(_count_reasons(stored, band, top), len(stored))


def _count_reasons(
    stored: Iterable[Iterable[Mapping[str, Any]]], band: LevelBand, top: int
) -> list[ReasonCount]:
    counts: Counter[tuple[str, ...]] = Counter()
    examples: dict[tuple[str, ...], Mapping[str, Any]] = {}
    for reasons in stored:
        seen: set[tuple[str, ...]] = set()
        for reason in reasons or ():
            level = int(reason.get("level", 0))
            if not band.lowest <= level <= band.highest:
                continue
            key = _reason_key(reason)
            if key not in seen:  # one experience counts once per reason
                seen.add(key)
                counts[key] += 1
                examples.setdefault(key, reason)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [_reason_count(examples[key], n) for key, n in ranked]


def _reason_key(reason: Mapping[str, Any]) -> tuple[str, ...]:
    source = str(reason.get("source", ""))
    evidence = str(reason.get("evidence", ""))
    level = str(reason.get("level", ""))
    if source in ("fact", "score"):
        return (source, evidence.split("=", 1)[0], level)
    if source == "text":
        return (source, " ".join(evidence.lower().split()))
    return (source, str(reason.get("message", "")))


def _reason_count(example: Mapping[str, Any], count: int) -> ReasonCount:
    return ReasonCount(
        source=str(example.get("source", "")),
        level=ServiceLevel(int(example["level"])),
        message=str(example.get("message", "")),
        evidence=str(example.get("evidence", "")),
        count=count,
    )


def telling_quotes(
    engine: sa.Engine,
    organization: str,
    touchpoint: str,
    band: LevelBand,
    prefer: LevelBand,
    *,
    channel: str | None = None,
    limit: int = 3,
) -> list[Quote]:
    """The newest quotes in `prefer` (the worst or the best of the band) first, then the
    newest of the rest of `band`: a pain moment is told by its Criminal and Basic moments."""
    first = latest_quotes(engine, organization, touchpoint, prefer, channel=channel, limit=limit)
    if len(first) >= limit:
        return first
    shown = {quote.event_id for quote in first}
    rest = latest_quotes(engine, organization, touchpoint, band, channel=channel, limit=limit * 2)
    return first + [quote for quote in rest if quote.event_id not in shown][: limit - len(first)]
