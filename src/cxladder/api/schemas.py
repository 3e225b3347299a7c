"""The API's request and response shapes (pydantic lives here, at the edge, and nowhere else).

XCreate is what a caller sends, XPublic what it gets back; conversions from the domain's frozen
dataclasses are the `from_domain` class methods.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from cxladder.model import (
    Assessment,
    Channel,
    Expectation,
    Experience,
    Organization,
    Reason,
    ServiceLevel,
    Touchpoint,
)

T = TypeVar("T")


def _iso_only(value: object) -> object:
    # pydantic would read "0.5" as a Unix time; an API that means ISO 8601 should say no.
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError("use an ISO 8601 date or date-time, e.g. 2026-11-23T14:05:00")
    return value


_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")

IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]
"""An ISO 8601 date-time as input; a Unix number is refused."""

LocalDateTime = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "description": "Local date-time of the touchpoint, ISO 8601 without offset",
            "example": "2026-11-23T14:05:00",
        }
    ),
]
"""Times are stored as the touchpoint's local time, so they are served without an offset."""

Csat = Annotated[float | None, Field(None, ge=1, le=5, strict=True, description="CSAT 1-5")]
Nps = Annotated[float | None, Field(None, ge=0, le=10, strict=True, description="NPS 0-10")]
Ces = Annotated[
    float | None, Field(None, ge=1, le=7, strict=True, description="CES 1 (easy) - 7 (hard)")
]
Stars = Annotated[float | None, Field(None, ge=1, le=5, strict=True, description="Star rating 1-5")]
Grade = Annotated[
    float | None, Field(None, ge=1, le=10, strict=True, description="Dutch school grade 1-10")
]
Key = Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[^\s/][^/]*$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class ReasonPublic(BaseModel):
    source: str
    level: int
    weight: float
    message: str
    evidence: str

    @classmethod
    def from_domain(cls, reason: Reason) -> ReasonPublic:
        return cls(
            source=reason.source,
            level=int(reason.level),
            weight=reason.weight,
            message=reason.message,
            evidence=reason.evidence,
        )


class AssessmentPublic(BaseModel):
    level: int = Field(ge=1, le=6)
    level_name: str
    confidence: float
    judge: str
    reasons: list[ReasonPublic]

    @classmethod
    def from_domain(cls, assessment: Assessment) -> AssessmentPublic:
        return cls(
            level=int(assessment.level),
            level_name=assessment.level.name_en,
            confidence=assessment.confidence,
            judge=assessment.judge,
            reasons=[ReasonPublic.from_domain(r) for r in assessment.reasons],
        )


class ExperienceCreate(Strict):
    """One moment of one customer at one touchpoint. Assessed on arrival."""

    event_id: Key | None = Field(
        None, description="Your own id; sending the same id twice stores it once."
    )
    customer_id: Key
    touchpoint: Key
    at: IsoDateTime | None = Field(None, description="When it happened; default: now.")
    channel: Channel | None = None
    journey_id: str = Field("", max_length=128)
    csat: Csat = None
    nps: Nps = None
    ces: Ces = None
    stars: Stars = None
    grade: Grade = None
    text: str = Field("", max_length=10_000)
    language: str = Field("", max_length=8)
    staff: str = Field("", max_length=200)
    facts: dict[str, Annotated[float, Field(strict=True)]] = Field(
        default_factory=dict, max_length=50
    )


class ExperiencePublic(BaseModel):
    event_id: str
    customer_id: str
    touchpoint: str
    journey_id: str
    at: LocalDateTime
    channel: Channel | None
    csat: float | None
    nps: float | None
    ces: float | None
    stars: float | None
    grade: float | None
    text: str
    language: str
    staff: str
    facts: dict[str, float]
    assessment: AssessmentPublic | None

    @classmethod
    def from_domain(cls, experience: Experience, assessment: Assessment | None) -> ExperiencePublic:
        return cls(
            event_id=experience.id,
            customer_id=experience.customer_id,
            touchpoint=experience.touchpoint,
            journey_id=experience.journey_id,
            at=experience.at,
            channel=experience.channel,
            csat=experience.csat,
            nps=experience.nps,
            ces=experience.ces,
            stars=experience.stars,
            grade=experience.grade,
            text=experience.text,
            language=experience.language,
            staff=experience.staff,
            facts=dict(experience.facts),
            assessment=None if assessment is None else AssessmentPublic.from_domain(assessment),
        )


class ExpectationModel(Strict):
    fact: str = Field(min_length=1, max_length=64)
    expected: float
    unacceptable: float
    higher_is_better: bool = False

    @model_validator(mode="after")
    def _worse_is_worse(self) -> ExpectationModel:
        self.to_domain()  # raises ValueError, reported as a 422 naming the fact
        return self

    def to_domain(self) -> Expectation:
        return Expectation(self.fact, self.expected, self.unacceptable, self.higher_is_better)


class TouchpointCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    channel: Channel
    stage: str = Field("", max_length=100)
    target_level: int = Field(int(ServiceLevel.DESIRED), ge=1, le=6)
    expectations: list[ExpectationModel] = Field(default_factory=list, max_length=20)
    owner: str = Field("", max_length=200)


class TouchpointPublic(BaseModel):
    key: str
    name: str
    channel: Channel
    stage: str
    target_level: int
    expectations: list[ExpectationModel]
    owner: str

    @classmethod
    def from_domain(cls, tp: Touchpoint) -> TouchpointPublic:
        return cls(
            key=tp.key,
            name=tp.name,
            channel=tp.channel,
            stage=tp.stage,
            target_level=int(tp.target_level),
            expectations=[
                ExpectationModel(
                    fact=e.fact,
                    expected=e.expected,
                    unacceptable=e.unacceptable,
                    higher_is_better=e.higher_is_better,
                )
                for e in tp.expectations
            ],
            owner=tp.owner,
        )


class OrganizationPublic(BaseModel):
    key: str
    name: str
    sector: str
    language: str
    brand_statement: str
    brand_values: list[str]

    @classmethod
    def from_domain(cls, org: Organization) -> OrganizationPublic:
        return cls(
            key=org.key,
            name=org.name,
            sector=org.sector,
            language=org.language,
            brand_statement=org.brand.statement,
            brand_values=list(org.brand.values),
        )


class CustomerPublic(BaseModel):
    id: str
    language: str
    segment: str


class ErasurePublic(BaseModel):
    rows: dict[str, int] = Field(description="Rows removed or blanked, per table")
    files_rewritten: int


class CasePublic(BaseModel):
    id: int
    customer_id: str
    touchpoint: str
    need: str
    level: int
    status: str
    owner: str
    opened_at: LocalDateTime
    due_at: LocalDateTime
    breached: bool


class LadderRow(BaseModel):
    group: dict[str, str]
    n: int
    mean_level: float | None
    shares: dict[str, float] = Field(description="Share per level name, 0..1")


class ImportResult(BaseModel):
    rows_read: int
    accepted: int
    duplicates: int
    rejected: int
    rejections: list[RejectionPublic]


class RejectionPublic(BaseModel):
    row: int
    field: str
    value: str
    reason: str


class FeedbackCreate(Strict):
    """What a widget, a QR page or an e-mail link sends: a score and, if given, a comment."""

    nps: Nps = None
    csat: Csat = None
    ces: Ces = None
    comment: str = Field("", max_length=5_000)
    language: str = Field("", max_length=8)
    customer_id: Key | None = Field(
        None, description="Known customer; anonymous respondents get a one-off id."
    )
    response_id: Key | None = Field(
        None, description="Client-made id, so a retried submission is stored once."
    )


class WidgetFeedback(FeedbackCreate):
    """The widget sends its collector key in the body, so the browser needs no auth header."""

    key: str = Field(min_length=8, max_length=200)


class FeedbackAccepted(BaseModel):
    id: str
    level: int
    level_name: str


class Health(BaseModel):
    status: str
    schema_revision: str


ImportResult.model_rebuild()
