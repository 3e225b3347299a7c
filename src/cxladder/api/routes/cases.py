"""Cases: the Criminal and Basic moments someone owns until they are put right.

Agents, analysts and admins work cases; a collector key never sees one. Case ids are global
in the store, so a case of another organisation answers 404, exactly like one that does not
exist. A move the workflow does not allow (closing a closed case) is a 409 that names the
moves that are allowed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Response

from cxladder.actions.cases import check_transition
from cxladder.actions.records import Case, CaseStatus
from cxladder.api.deps import CxDep, Reader
from cxladder.api.problems import Conflict, Problem
from cxladder.api.schemas import (
    CaseAssign,
    CaseClose,
    CaseDetail,
    CaseNoteCreate,
    CasePublic,
    CaseResolve,
)
from cxladder.app import Cxladder
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Principal

router = APIRouter(tags=["cases"])

CaseId = Annotated[int, Path(ge=1, le=2**63 - 1)]
CaseSort = Literal["opened_at", "-opened_at", "due_at", "-due_at", "level", "-level", "id", "-id"]
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "The case's status does not allow this move"}
}


def _own_case(cx: Cxladder, caller: Principal, case_id: int) -> Case:
    try:
        case = cx.actions.case(case_id)
    except NotFound:
        case = None
    if case is None or case.organization != caller.organization:
        raise NotFound(f"no case {case_id} in your organisation; list them with GET /cases")
    return case


def _allowed(case: Case, target: CaseStatus) -> None:
    try:
        check_transition(case, target)
    except InvalidInput as error:
        raise Conflict(str(error)) from None


def _detail(cx: Cxladder, case: Case) -> CaseDetail:
    return CaseDetail.from_domain(case, cx.clock())


def _sort_key(sort: CaseSort) -> Any:
    column = sort.removeprefix("-")
    if column == "level":
        return lambda case: (int(case.level), case.id)
    return lambda case: (getattr(case, column), case.id)


@router.get(
    "/cases",
    response_model=list[CasePublic],
    responses={200: {"headers": {"X-Total-Count": {"schema": {"type": "integer"}}}}},
)
def list_cases(
    cx: CxDep,
    caller: Reader,
    response: Response,
    status: CaseStatus | None = None,
    owner: Annotated[str | None, Query(max_length=200)] = None,
    customer_id: Annotated[str | None, Query(max_length=128)] = None,
    breached: Annotated[bool, Query(description="Only cases past their SLA")] = False,
    sort: Annotated[
        CaseSort, Query(description="'-' first for descending; 'level' puts Criminal first")
    ] = "opened_at",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[CasePublic]:
    """Cases, filtered, sorted and paged; the X-Total-Count header holds the number matching."""
    found = cx.actions.cases(
        organization=caller.organization,
        status=status,
        owner=owner,
        customer_id=customer_id,
        breached_only=breached,
    )
    found.sort(key=_sort_key(sort), reverse=sort.startswith("-"))
    response.headers["X-Total-Count"] = str(len(found))
    now = cx.clock()
    return [CasePublic.from_domain(case, now) for case in found[offset : offset + limit]]


@router.get("/cases/{case_id}", response_model=CaseDetail)
def get_case(cx: CxDep, caller: Reader, case_id: CaseId) -> CaseDetail:
    """One case with its notes: who assigned, started, resolved and closed it, and when."""
    return _detail(cx, _own_case(cx, caller, case_id))


@router.post("/cases/{case_id}/assign", response_model=CaseDetail, responses=CONFLICT)
def assign_case(cx: CxDep, caller: Reader, case_id: CaseId, body: CaseAssign) -> CaseDetail:
    """Give the case to a person or a team (not once it is closed)."""
    case = _own_case(cx, caller, case_id)
    if case.status == CaseStatus.CLOSED:
        raise Conflict(f"case {case_id} is closed; it cannot be reassigned")
    return _detail(cx, cx.actions.assign(case.id, body.owner.strip(), actor=caller.name))


@router.post("/cases/{case_id}/start", response_model=CaseDetail, responses=CONFLICT)
def start_case(cx: CxDep, caller: Reader, case_id: CaseId) -> CaseDetail:
    """Mark the case as being worked on."""
    case = _own_case(cx, caller, case_id)
    _allowed(case, CaseStatus.IN_PROGRESS)
    return _detail(cx, cx.actions.start(case.id, actor=caller.name))


@router.post("/cases/{case_id}/note", response_model=CaseDetail)
def note_case(cx: CxDep, caller: Reader, case_id: CaseId, body: CaseNoteCreate) -> CaseDetail:
    """Add a note: what was done or learned. A closed case still takes notes."""
    case = _own_case(cx, caller, case_id)
    return _detail(cx, cx.actions.note(case.id, body.text, author=caller.name))


@router.post("/cases/{case_id}/resolve", response_model=CaseDetail, responses=CONFLICT)
def resolve_case(cx: CxDep, caller: Reader, case_id: CaseId, body: CaseResolve) -> CaseDetail:
    """Record how the case was put right."""
    case = _own_case(cx, caller, case_id)
    _allowed(case, CaseStatus.RESOLVED)
    return _detail(cx, cx.actions.resolve(case.id, body.resolution.strip(), actor=caller.name))


@router.post("/cases/{case_id}/close", response_model=CaseDetail, responses=CONFLICT)
def close_case(
    cx: CxDep, caller: Reader, case_id: CaseId, body: CaseClose | None = None
) -> CaseDetail:
    """Close the case; with the customer's contact consent the follow-up question goes out.

    Send a resolution unless the case was resolved with one.
    """
    case = _own_case(cx, caller, case_id)
    _allowed(case, CaseStatus.CLOSED)
    resolution = body.resolution if body is not None else ""
    return _detail(cx, cx.actions.close(case.id, resolution=resolution, actor=caller.name))
