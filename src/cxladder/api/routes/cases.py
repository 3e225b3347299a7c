"""Cases: the Criminal and Basic moments someone owns until they are put right."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path

from cxladder.actions.records import Case, CaseStatus
from cxladder.api.deps import CxDep, Reader
from cxladder.api.schemas import CasePublic
from cxladder.errors import NotFound

router = APIRouter(tags=["cases"])


def _public(case: Case, now: datetime) -> CasePublic:
    return CasePublic(
        id=case.id,
        customer_id=case.customer_id,
        touchpoint=case.touchpoint,
        need=case.need,
        level=int(case.level),
        status=case.status.value,
        owner=case.owner,
        opened_at=case.opened_at,
        due_at=case.due_at,
        breached=case.breached(now),
    )


@router.get("/cases", response_model=list[CasePublic])
def list_cases(
    cx: CxDep,
    caller: Reader,
    status: CaseStatus | None = None,
    owner: str | None = None,
    breached: bool = False,
) -> list[CasePublic]:
    found = cx.actions.cases(
        organization=caller.organization, status=status, owner=owner, breached_only=breached
    )
    now = cx.clock()
    return [_public(case, now) for case in found]


@router.get("/cases/{case_id}", response_model=CasePublic)
def get_case(
    cx: CxDep, caller: Reader, case_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
) -> CasePublic:
    case = cx.actions.case(case_id)
    if case.organization != caller.organization:  # case ids are global: never reveal others'
        raise NotFound(f"no case {case_id}")
    return _public(case, cx.clock())
