"""The journey analytics of the caller's organisation: one route per question `Journeys` answers.

Every table comes out as typed rows (NaN and infinity as null). The analytics run on the
caller's organisation only: the organisation is the principal's, never a parameter.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, Literal, TypeVar

import numpy as np
import pandas as pd
from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator

from cxladder.api.deps import CxDep, Reader
from cxladder.api.kept_journeys import KeptJourneys
from cxladder.api.schemas import (
    DriftPeriod,
    FunnelStep,
    JourneyMapPublic,
    JourneyOutcome,
    MapEdge,
    MapNode,
    MapTerminal,
    MomentOfTruth,
    Page,
    PainMoment,
    ReworkRow,
    SegmentPublic,
    TouchpointDrift,
    VariantPublic,
    WowMoment,
)
from cxladder.errors import InvalidInput, NotFound
from cxladder.journeys import Journeys
from cxladder.model import Channel

router = APIRouter(prefix="/journeys", tags=["journeys"])

M = TypeVar("M", bound=BaseModel)

MAX_FUNNEL_STEPS = 20
MAX_SEGMENTS = 12


def _kept(request: Request) -> KeptJourneys:
    state = request.app.state
    kept: KeptJourneys | None = getattr(state, "kept_journeys", None)
    if kept is None:  # two first requests at once may each make one: harmless, one stays
        kept = state.kept_journeys = KeptJourneys(request.app.state.cx)
    return kept


def _journeys(cx: CxDep, request: Request, caller: Reader) -> Iterator[Journeys]:
    org = caller.organization
    if cx.store.count("experiences", org) == 0:  # a count is cheaper than building no log
        raise NotFound(
            f"organisation {org!r} has no experiences yet; send them to POST /api/v1/experiences "
            "or import a journey log (`cxladder import`)"
        )
    with _kept(request).using(org) as journeys:
        yield journeys


JourneysDep = Annotated[Journeys, Depends(_journeys)]


def _channel_alias(value: object) -> object:
    # 'winkel', 'website', 'call-centre' mean what the import understands them to mean.
    if isinstance(value, str):
        try:
            return Channel.parse(value)
        except ValueError:
            return value  # left to the enum's own validation, which lists the channels
    return value


ChannelQuery = Annotated[
    Channel | None,
    BeforeValidator(_channel_alias),
    Query(description="Only events in this channel"),
]
SegmentQuery = Annotated[
    int | None,
    Query(
        ge=1,
        le=MAX_SEGMENTS,
        description="Only journeys of this segment (numbered as GET /journeys/segments with "
        "its defaults: 4 groups, seed 0)",
    ),
]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many rows")]


def invalid_query(field: str, message: str) -> RequestValidationError:
    """A 422 shaped like FastAPI's own, naming the query field at fault."""
    return RequestValidationError(
        [{"loc": ("query", field), "msg": message, "type": "value_error"}]
    )


def _plain(value: object) -> object:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN is not JSON, and an infinite measure is no measure
    return value


def _record(row: dict[object, object]) -> dict[str, object]:
    return {str(k): _plain(v) for k, v in row.items()}


def rows_of(frame: pd.DataFrame, model: type[M]) -> list[M]:
    return [model.model_validate(_record(row)) for row in frame.to_dict("records")]


def _check_segment(journeys: Journeys, organization: str, segment: int | None) -> None:
    if segment is None:
        return
    try:
        known = set(journeys.segment_of_journeys(organization).tolist())
    except InvalidInput as error:  # too few journeys to segment at all
        raise invalid_query("segment", str(error)) from None
    if segment not in known:
        listed = ", ".join(str(s) for s in sorted(known))
        raise invalid_query("segment", f"no segment {segment}; the segments are {listed}")


def _channel(channel: Channel | None) -> str | None:
    return None if channel is None else channel.value


# -- the map and the paths ------------------------------------------------------------------


@router.get("/map", response_model=JourneyMapPublic)
def journey_map(
    journeys: JourneysDep,
    caller: Reader,
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> JourneyMapPublic:
    """Touchpoints with their ladder, the steps between them, where journeys start and end."""
    _check_segment(journeys, caller.organization, segment)
    found = journeys.journey_map(caller.organization, channel=_channel(channel), segment=segment)
    return JourneyMapPublic(
        nodes=rows_of(found.nodes, MapNode),
        edges=rows_of(found.edges, MapEdge),
        entries=rows_of(found.entries, MapTerminal),
        exits=rows_of(found.exits, MapTerminal),
    )


@router.get("/variants", response_model=list[VariantPublic])
def variants(
    journeys: JourneysDep,
    caller: Reader,
    limit: Limit = 50,
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> list[VariantPublic]:
    """The distinct paths customers take, most taken first."""
    _check_segment(journeys, caller.organization, segment)
    found = journeys.variants(
        caller.organization, channel=_channel(channel), segment=segment, top=limit
    )
    return rows_of(found, VariantPublic)


def _funnel_steps(raw: list[str], known: set[str]) -> list[str]:
    steps = [part.strip() for value in raw for part in value.split(",") if part.strip()]
    if not steps:
        raise invalid_query("steps", "name at least one touchpoint, e.g. steps=queue,checkout")
    if len(steps) > MAX_FUNNEL_STEPS:
        raise invalid_query(
            "steps", f"{len(steps)} steps; a funnel takes {MAX_FUNNEL_STEPS} at most"
        )
    unknown = [s for s in steps if s not in known]
    if unknown:
        raise invalid_query(
            "steps",
            f"no experiences at touchpoint {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(known))}",
        )
    return steps


@router.get("/funnel", response_model=list[FunnelStep])
def funnel(
    journeys: JourneysDep,
    caller: Reader,
    steps: Annotated[
        list[str],
        Query(
            min_length=1,
            max_length=MAX_FUNNEL_STEPS,
            description="Touchpoints in order: repeat the parameter or give a comma list",
        ),
    ],
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> list[FunnelStep]:
    """How many journeys reach each step in order, the drop-off and the time between steps."""
    org = caller.organization
    chosen = _funnel_steps(steps, set(journeys.touchpoint_names(org)))
    _check_segment(journeys, org, segment)
    found = journeys.funnel(org, chosen, channel=_channel(channel), segment=segment)
    return rows_of(found, FunnelStep)


@router.get("/rework", response_model=list[ReworkRow])
def rework(
    journeys: JourneysDep,
    caller: Reader,
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> list[ReworkRow]:
    """Repeated contacts at one touchpoint within a journey, most repeated first."""
    _check_segment(journeys, caller.organization, segment)
    found = journeys.rework(caller.organization, channel=_channel(channel), segment=segment)
    return rows_of(found, ReworkRow)


# -- pain and wow ---------------------------------------------------------------------------


@router.get("/pain", response_model=list[PainMoment])
def pain(
    journeys: JourneysDep,
    caller: Reader,
    limit: Limit = 20,
    kind: Literal["touchpoint", "transition"] | None = None,
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> list[PainMoment]:
    """Pain moments, worst first: where customers land below the promised level, and what
    follows (they leave, complain, end lower)."""
    _check_segment(journeys, caller.organization, segment)
    found = journeys.pain_moments(caller.organization, channel=_channel(channel), segment=segment)
    if kind is not None:
        found = found[found["kind"] == kind]
    return rows_of(found.head(limit), PainMoment)


@router.get("/wow", response_model=list[WowMoment])
def wow(
    journeys: JourneysDep,
    caller: Reader,
    limit: Limit = 20,
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> list[WowMoment]:
    """Where Surprising and Unbelievable concentrate, with the uplift on the final level."""
    _check_segment(journeys, caller.organization, segment)
    found = journeys.wow_moments(caller.organization, channel=_channel(channel), segment=segment)
    return rows_of(found.head(limit), WowMoment)


# -- outcomes -------------------------------------------------------------------------------

OutcomeSort = Literal[
    "started", "-started", "remembered_level", "-remembered_level", "final_level", "-final_level"
]


@router.get("/outcomes", response_model=Page[JourneyOutcome])
def outcomes(
    journeys: JourneysDep,
    caller: Reader,
    customer_id: Annotated[
        str | None, Query(max_length=128, description="Only this customer's journeys")
    ] = None,
    sort: OutcomeSort = "started",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    channel: ChannelQuery = None,
    segment: SegmentQuery = None,
) -> Page[JourneyOutcome]:
    """Per journey: peak, lowest, final and remembered level, NPS, whether they came back."""
    _check_segment(journeys, caller.organization, segment)
    found = journeys.outcomes(caller.organization, channel=_channel(channel), segment=segment)
    if customer_id is not None:
        found = found[found["customer"] == customer_id]
    column = sort.removeprefix("-")
    found = found.sort_values(
        [column, "journey"], ascending=[not sort.startswith("-"), True], na_position="last"
    )
    items = rows_of(found.iloc[offset : offset + limit], JourneyOutcome)
    return Page[JourneyOutcome](items=items, total=len(found), limit=limit, offset=offset)


@router.get("/moments-of-truth", response_model=list[MomentOfTruth])
def moments_of_truth(
    journeys: JourneysDep,
    caller: Reader,
    outcome: Literal["remembered_level", "final_level", "nps", "mean_level"] = "remembered_level",
    resamples: Annotated[int, Query(ge=10, le=2_000, description="Bootstrap resamples")] = 200,
    min_journeys: Annotated[
        int, Query(ge=2, le=1_000_000, description="Leave out touchpoints met by fewer journeys")
    ] = 20,
    seed: Annotated[
        int, Query(ge=0, le=2**32 - 1, description="The same seed gives the same intervals")
    ] = 0,
    segment: SegmentQuery = None,
) -> list[MomentOfTruth]:
    """Touchpoints whose level moves the journey's outcome most, with 90% bootstrap intervals.

    Empty when no touchpoint was met by `min_journeys` journeys with a known outcome.
    """
    _check_segment(journeys, caller.organization, segment)
    found = journeys.moments_of_truth(
        caller.organization,
        segment=segment,
        outcome=outcome,
        resamples=resamples,
        min_journeys=min_journeys,
        seed=seed,
    )
    return rows_of(found, MomentOfTruth)


# -- segments and drift ---------------------------------------------------------------------


@router.get("/segments", response_model=list[SegmentPublic])
def segments(
    journeys: JourneysDep,
    caller: Reader,
    groups: Annotated[int, Query(ge=1, le=MAX_SEGMENTS, description="How many segments")] = 4,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 0,
) -> list[SegmentPublic]:
    """Journeys grouped by shape (length, span, waiting, timing, channel mix), biggest first."""
    try:
        found = journeys.segments(caller.organization, groups=groups, seed=seed)
    except InvalidInput as error:  # fewer journeys than groups
        raise invalid_query("groups", str(error)) from None
    channels = [c for c in found.columns if str(c).startswith("channel_")]
    return [
        SegmentPublic.model_validate(
            {
                **_record(row),
                "channels": {
                    str(c).removeprefix("channel_"): _plain(row[c]) or 0.0 for c in channels
                },
            }
        )
        for row in found.to_dict("records")
    ]


@router.get("/drift", response_model=list[TouchpointDrift])
def drift(
    journeys: JourneysDep,
    caller: Reader,
    period: Literal["week", "month", "quarter", "year"] = "month",
    drifting: Annotated[bool, Query(description="Only touchpoints whose wow wears off")] = False,
) -> list[TouchpointDrift]:
    """Per touchpoint and period: level shares and facts, and whether the wow is wearing off
    (the Surprising share falls while waits and effort stay the same)."""
    found = journeys.drift(caller.organization, period=period)
    if drifting:
        found = found[found["drifting"]]
    return [_touchpoint_drift(str(name), rows) for name, rows in found.groupby("touchpoint")]


def _touchpoint_drift(touchpoint: str, rows: pd.DataFrame) -> TouchpointDrift:
    first = _record(rows.iloc[0].to_dict())
    return TouchpointDrift(
        touchpoint=touchpoint,
        drifting=bool(first["drifting"]),
        surprising_before=_float(first["surprising_before"]),
        surprising_after=_float(first["surprising_after"]),
        surprising_change=_float(first["surprising_change"]),
        slope_per_period=_float(first["slope_per_period"]),
        facts_change=_float(first["facts_change"]),
        periods=rows_of(rows.sort_values("period"), DriftPeriod),
    )


def _float(value: object) -> float | None:
    # The verdict columns come back as objects when no touchpoint has two periods.
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None
