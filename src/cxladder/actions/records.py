"""The action side of the domain: cases, gestures, deviations, profiles, audit entries.

Frozen dataclasses like those in cxladder.model, so the store, the desk, the CLI and the
report share one value without anybody changing it under the others' feet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from cxladder.model import ServiceLevel

__all__ = [
    "AuditEntry",
    "Case",
    "CaseNote",
    "CaseStatus",
    "Deviation",
    "Gesture",
    "GestureBudget",
    "GestureGrant",
    "GrantStatus",
    "Mitigation",
    "Profile",
]


class CaseStatus(StrEnum):
    """A case moves open -> in_progress -> resolved -> closed; resolved may be reopened."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"


class GrantStatus(StrEnum):
    GIVEN = "given"
    PENDING = "pending"
    REJECTED = "rejected"
    WITHHELD = "withheld"  # the customer drew the random hold-out: nothing given, outcome kept


@dataclass(frozen=True, slots=True)
class CaseNote:
    at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class Case:
    """A Criminal or Basic moment that somebody owns until it is put right."""

    id: int
    organization: str
    customer_id: str
    need: str
    touchpoint: str
    level: ServiceLevel
    status: CaseStatus
    owner: str
    opened_at: datetime
    due_at: datetime
    closed_at: datetime | None = None
    resolution: str = ""
    follow_up_question: str = ""
    follow_up_sent_at: datetime | None = None
    level_after: ServiceLevel | None = None
    followed_up_at: datetime | None = None
    experience_ids: tuple[int, ...] = ()
    notes: tuple[CaseNote, ...] = ()

    def breached(self, now: datetime) -> bool:
        """Past its SLA: still open after the due time, or closed after it."""
        end = self.closed_at if self.closed_at is not None else now
        return end > self.due_at


@dataclass(frozen=True, slots=True)
class Gesture:
    """One item of the catalogue: a free dessert, an upgrade, a personal call."""

    key: str
    name: str
    cost: float
    personal: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class GestureBudget:
    """What one role may spend per calendar month, and the single gesture above which a
    manager approves first."""

    role: str
    monthly_budget: float
    approval_limit: float


@dataclass(frozen=True, slots=True)
class GestureGrant:
    id: int
    organization: str
    customer_id: str
    gesture: str
    staff: str
    role: str
    cost: float
    at: datetime
    status: GrantStatus
    touchpoint: str = ""
    case_id: int | None = None
    reason: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Deviation:
    """A member of staff left the standard path on purpose, and said why."""

    id: int
    organization: str
    staff: str
    role: str
    customer_id: str
    touchpoint: str
    at: datetime
    standard_path: str
    action: str
    reason: str


@dataclass(frozen=True, slots=True)
class Profile:
    """What the organisation may use to make a visit personal (only with consent)."""

    customer_id: str
    preferences: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Mitigation:
    """A change made at a pain moment (entertainment in the queue), from a start date on."""

    id: int
    organization: str
    touchpoint: str
    pain: str
    action: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    organization: str
    subject: str
    detail: str = ""
