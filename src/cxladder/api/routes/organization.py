from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from cxladder.api.deps import CxDep, Reader
from cxladder.api.schemas import LadderRow, OrganizationPublic
from cxladder.model import ServiceLevel

router = APIRouter(tags=["organization"])


@router.get("/organization", response_model=OrganizationPublic)
def my_organization(cx: CxDep, caller: Reader) -> OrganizationPublic:
    """The caller's own organisation: a key never sees another one."""
    return OrganizationPublic.from_domain(cx.organization(caller.organization))


@router.get("/ladder", response_model=list[LadderRow])
def ladder(
    cx: CxDep,
    caller: Reader,
    by: Annotated[
        list[Literal["touchpoint", "channel"]] | None,
        Query(description="Group by touchpoint and/or channel"),
    ] = None,
) -> list[LadderRow]:
    """Share of experiences per level, grouped by touchpoint and/or channel."""
    groups = tuple(dict.fromkeys(by or ["touchpoint"]))
    frame = cx.ladder(caller.organization, by=groups)
    rows = []
    for record in frame.to_dict("records"):
        rows.append(
            LadderRow(
                group={g: str(record[g]) for g in groups},
                n=int(record["n"]),
                mean_level=None
                if record["mean_level"] != record["mean_level"]
                else float(record["mean_level"]),
                shares={
                    level.name_en: float(record.get(f"share_{level.value}", 0.0) or 0.0)
                    for level in ServiceLevel
                },
            )
        )
    return rows
