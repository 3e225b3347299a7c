"""The API's request and response shapes (pydantic lives here, at the edge, and nowhere else).

XCreate is what a caller sends, XPublic what it gets back; conversions from the domain's frozen
dataclasses are the `from_domain` class methods.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from cxladder.actions.records import Case, CaseStatus
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
    level: int = Field(ge=1, le=6)
    level_name: str
    status: CaseStatus
    owner: str
    opened_at: LocalDateTime
    due_at: LocalDateTime
    breached: bool = Field(description="Past its SLA: open after the due time, or closed after it")
    closed_at: LocalDateTime | None
    resolution: str = Field(description="What was done for the customer")
    follow_up_question: str = Field(description="Sent on close, with contact consent")
    level_after: int | None = Field(ge=1, le=6, description="The customer's level after recovery")

    @classmethod
    def from_domain(cls, case: Case, now: datetime) -> CasePublic:
        return cls(**_case_fields(case, now))


class CaseNotePublic(BaseModel):
    at: LocalDateTime
    author: str
    text: str


class CaseDetail(CasePublic):
    """One case with its history: every assignment, status change and note, oldest first."""

    experience_ids: list[int] = Field(description="The stored experiences the case is about")
    follow_up_sent_at: LocalDateTime | None
    followed_up_at: LocalDateTime | None
    notes: list[CaseNotePublic]

    @classmethod
    def from_domain(cls, case: Case, now: datetime) -> CaseDetail:
        return cls(
            **_case_fields(case, now),
            experience_ids=list(case.experience_ids),
            follow_up_sent_at=case.follow_up_sent_at,
            followed_up_at=case.followed_up_at,
            notes=[CaseNotePublic(at=n.at, author=n.author, text=n.text) for n in case.notes],
        )


def _case_fields(case: Case, now: datetime) -> dict[str, object]:
    return {
        "id": case.id,
        "customer_id": case.customer_id,
        "touchpoint": case.touchpoint,
        "need": case.need,
        "level": int(case.level),
        "level_name": case.level.name_en,
        "status": case.status,
        "owner": case.owner,
        "opened_at": case.opened_at,
        "due_at": case.due_at,
        "breached": case.breached(now),
        "closed_at": case.closed_at,
        "resolution": case.resolution,
        "follow_up_question": case.follow_up_question,
        "level_after": None if case.level_after is None else int(case.level_after),
    }


Said = Annotated[str, Field(min_length=1, pattern=r"\S")]
"""Free text that must say something: blank or whitespace only is refused."""


class CaseAssign(Strict):
    owner: Annotated[Said, Field(max_length=200, description="A person or a team")]


class CaseNoteCreate(Strict):
    text: Annotated[Said, Field(max_length=5_000, description="What was done or learned")]


class CaseResolve(Strict):
    resolution: Annotated[
        Said, Field(max_length=2_000, description="How it was put right: what the customer got")
    ]


class CaseClose(Strict):
    resolution: str = Field(
        "", max_length=2_000, description="Needed unless the case was resolved with one already"
    )


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


# -- journey analytics ------------------------------------------------------------------------
# One model per table of `cxladder.journeys.Journeys`; a measure that cannot be computed (no
# assessed experience, one journey only) is null, never NaN.

Share = Annotated[float, Field(ge=0, le=1)]
Level = Annotated[float | None, Field(ge=1, le=6, description="Mean level, 1..6")]


class MapNode(BaseModel):
    touchpoint: str
    experiences: int
    journeys: int
    mean_level: Level
    share_1: Share | None
    share_2: Share | None
    share_3: Share | None
    share_4: Share | None
    share_5: Share | None
    share_6: Share | None
    target_level: int
    below_target_share: Share | None
    is_pain: bool
    is_wow: bool


class MapEdge(BaseModel):
    source: str
    target: str
    count: int
    median_seconds: float | None
    p90_seconds: float | None
    is_pain: bool


class MapTerminal(BaseModel):
    touchpoint: str
    journeys: int
    share: Share


class JourneyMapPublic(BaseModel):
    nodes: list[MapNode]
    edges: list[MapEdge] = Field(description="Steps from one touchpoint to the next")
    entries: list[MapTerminal] = Field(description="Where journeys start, most first")
    exits: list[MapTerminal] = Field(description="Where journeys end, most first")


class VariantPublic(BaseModel):
    path: str = Field(description="The touchpoints in order, joined by ' > '")
    journeys: int
    events: int
    share: Share
    mean_level: Level


class FunnelStep(BaseModel):
    step: int = Field(description="1 for the first step")
    touchpoint: str
    journeys: int = Field(description="Journeys that reached this step after the ones before")
    conversion: Share = Field(description="Of the journeys at the step before")
    conversion_from_start: Share
    drop_off: int
    median_seconds: float | None = Field(description="From the step before; null on step 1")
    p90_seconds: float | None


class ReworkRow(BaseModel):
    touchpoint: str
    journeys: int
    rework_journeys: int = Field(description="Journeys with more than one contact here")
    extra_contacts: int
    most_visits: int
    rework_share: Share


class PainMoment(BaseModel):
    kind: Literal["touchpoint", "transition"]
    moment: str = Field(description="A touchpoint, or a step 'source → target'")
    journeys_below: int = Field(description="Journeys that landed below the promised level")
    mean_gap: float | None = Field(description="Levels below target, on average")
    wait_minutes: float | None
    ces: float | None
    extra_contacts: int
    dropoff_after: Share | None = Field(description="Share of those journeys that ended here")
    complaint_after: Share | None
    final_level_drop: float | None
    impact: float = Field(description="journeys × gap × (1 + drop-off + complaint + drop / 5)")


class WowMoment(BaseModel):
    touchpoint: str
    wow_journeys: int
    wow_share: Share = Field(description="Share at Surprising or Unbelievable")
    unbelievable_share: Share
    final_level_with_wow: Level
    final_level_without: Level
    uplift: float | None = Field(description="Final level with the wow minus without")


class JourneyOutcome(BaseModel):
    journey: str
    customer: str
    started: LocalDateTime
    ended: LocalDateTime
    events: int
    assessed: int
    peak_level: Level
    lowest_level: Level
    final_level: Level
    remembered_level: Level = Field(description="Peak-end: (most intense + final level) / 2")
    mean_level: Level
    nps: float | None = Field(description="The last NPS given in the journey")
    wait_minutes: float | None
    ces: float | None
    came_back: bool


class MomentOfTruth(BaseModel):
    touchpoint: str
    journeys: int
    effect: float = Field(description="Outcome levels gained per level better here")
    ci_low: float = Field(description="5th percentile of the bootstrap (90% interval)")
    ci_high: float = Field(description="95th percentile of the bootstrap")
    weight: float = Field(description="Effect × spread of levels here: how much it matters")
    significant: bool = Field(description="The interval excludes zero")


class SegmentPublic(BaseModel):
    segment: int = Field(description="1 is the biggest; pass it as `segment=` elsewhere")
    name: str = Field(description="What sets the group apart, e.g. 'web-led, late, quick'")
    journeys: int
    share: Share
    events: float | None = Field(description="Mean events per journey")
    span_hours: float | None
    wait_minutes: float | None
    start_days: float | None = Field(description="Days after the first journey it started")
    channels: dict[str, float] = Field(description="Mean share of events per channel")


class DriftPeriod(BaseModel):
    period: LocalDateTime = Field(description="Start of the period")
    experiences: int
    assessed: int
    wait_minutes: float | None
    ces: float | None
    level_1: int
    level_2: int
    level_3: int
    level_4: int
    level_5: int
    level_6: int
    share_1: Share | None
    share_2: Share | None
    share_3: Share | None
    share_4: Share | None
    share_5: Share | None
    share_6: Share | None
    surprising_share: Share | None = Field(description="Share at Surprising or Unbelievable")


class TouchpointDrift(BaseModel):
    touchpoint: str
    drifting: bool = Field(description="The wow wears off while the service stays the same")
    surprising_before: float | None = Field(description="In the first third of the periods")
    surprising_after: float | None = Field(description="In the last third")
    surprising_change: float | None
    slope_per_period: float | None
    facts_change: float | None = Field(description="Largest relative change in wait and effort")
    periods: list[DriftPeriod]
