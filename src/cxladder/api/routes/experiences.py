from __future__ import annotations

import json
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, status

from cxladder.api.deps import CxDep, Reader, Writer
from cxladder.api.schemas import (
    ExperienceCreate,
    ExperiencePublic,
    ImportResult,
    IsoDateTime,
    Page,
    RejectionPublic,
)
from cxladder.errors import InvalidInput
from cxladder.model import Experience

router = APIRouter(tags=["experiences"])

NDJSON_MAX_LINES = 1_000_000


@router.get("/experiences", response_model=Page[ExperiencePublic])
def list_experiences(
    cx: CxDep,
    caller: Reader,
    touchpoint: str | None = None,
    channel: str | None = None,
    customer_id: str | None = None,
    level: Annotated[int | None, Query(ge=1, le=6)] = None,
    since: IsoDateTime | None = None,
    until: IsoDateTime | None = None,
    sort: Literal["at", "-at", "level", "-level"] = "-at",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[ExperiencePublic]:
    """Experiences with their assessments; filter, sort and page through them."""
    page, total = cx.experience_page(
        caller.organization,
        touchpoint=touchpoint,
        channel=channel,
        customer_id=customer_id,
        level=level,
        since=since,
        until=until,
        sort=sort,
        limit=limit,
        offset=offset,
    )
    items = [ExperiencePublic.from_domain(s.experience, a) for s, a in page]
    return Page[ExperiencePublic](items=items, total=total, limit=limit, offset=offset)


@router.get("/experiences/{event_id}", response_model=ExperiencePublic)
def get_experience(cx: CxDep, caller: Reader, event_id: str) -> ExperiencePublic:
    stored, assessment = cx.experience(caller.organization, event_id)
    return ExperiencePublic.from_domain(stored.experience, assessment)


@router.post("/experiences", response_model=ExperiencePublic, status_code=status.HTTP_201_CREATED)
def create_experience(cx: CxDep, caller: Writer, body: ExperienceCreate) -> ExperiencePublic:
    """Store one experience and place it on the ladder at once."""
    experience = Experience(
        id=body.event_id or uuid.uuid4().hex,
        customer_id=body.customer_id,
        touchpoint=body.touchpoint,
        at=body.at.replace(tzinfo=None) if body.at else cx.clock(),
        organization=caller.organization,
        channel=body.channel,
        journey_id=body.journey_id,
        csat=body.csat,
        nps=body.nps,
        ces=body.ces,
        stars=body.stars,
        grade=body.grade,
        text=body.text,
        language=body.language,
        staff=body.staff,
        facts=body.facts,
    )
    stored, assessment = cx.record(experience)
    return ExperiencePublic.from_domain(stored, assessment)


@router.post(
    "/experiences/bulk",
    response_model=ImportResult,
    openapi_extra={
        "requestBody": {
            "required": True,
            # NDJSON is text: documented as text/plain so every OpenAPI tool can send it;
            # application/x-ndjson is accepted all the same.
            "content": {
                "text/plain": {
                    "schema": {"type": "string", "description": "One JSON object a line"}
                }
            },
        }
    },
)
async def bulk_import(cx: CxDep, caller: Writer, request: Request) -> ImportResult:
    """Import experiences streamed as NDJSON (one JSON object a line), one atomic batch.

    Lines are read as they arrive; bad lines are rejected with their line number and reason,
    good ones land and are assessed.
    """
    records: list[dict[str, object]] = []
    lines_of_records: list[int] = []
    broken: list[RejectionPublic] = []
    buffer = b""
    line_number = 0
    async for chunk in request.stream():
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        for line in lines:
            line_number += 1
            _take(line, line_number, records, lines_of_records, broken)
    if buffer.strip():
        line_number += 1
        _take(buffer, line_number, records, lines_of_records, broken)
    if line_number > NDJSON_MAX_LINES:
        raise InvalidInput(f"at most {NDJSON_MAX_LINES:,} lines per request; split the file")
    summary, rejections = cx.import_records(caller.organization, records, source="api:ndjson")
    return ImportResult(
        rows_read=summary.rows_read + len(broken),
        accepted=summary.accepted,
        duplicates=summary.duplicates,
        rejected=summary.rejected + len(broken),
        rejections=broken
        + [
            RejectionPublic(
                row=lines_of_records[r.row_number - 1],
                field=r.field,
                value=r.value,
                reason=r.reason,
            )
            for r in rejections
        ],
    )


def _take(
    line: bytes,
    number: int,
    records: list[dict[str, object]],
    lines_of_records: list[int],
    broken: list[RejectionPublic],
) -> None:
    if not line.strip():
        return
    try:
        value = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        broken.append(RejectionPublic(row=number, field="", value="", reason=f"not JSON: {exc}"))
        return
    if not isinstance(value, dict):
        broken.append(
            RejectionPublic(row=number, field="", value="", reason="each line must be an object")
        )
        return
    records.append(value)
    lines_of_records.append(number)
