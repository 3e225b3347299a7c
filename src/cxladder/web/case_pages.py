"""The Cases inbox for front-line staff, and one case: the moments behind it, its history, and
forms to take it on, note what was done, resolve and close it (each a POST with CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from cxladder.actions.cases import UNASSIGNED
from cxladder.actions.records import Case, CaseStatus
from cxladder.api.deps import CxDep
from cxladder.app import Cxladder
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Role
from cxladder.store.customer_queries import (
    COUNT_CAP,
    CustomerQueries,
    InboxFilter,
    StatusChoice,
)
from cxladder.web import customer_pages
from cxladder.web.customer_pages import READERS, customer_link, when
from cxladder.web.rendering import PageUser, SignedIn, form_of, render

__all__ = ["WORKERS", "WORDS", "router"]

router = APIRouter(include_in_schema=False)

WORKERS = (Role.ADMIN, Role.AGENT)
PAGE_SIZE = 25
CaseId = Annotated[int, Path(ge=1, le=2**63 - 1)]

WORDS: dict[str, tuple[str, str]] = {
    **customer_pages.WORDS,
    "inbox": ("Cases inbox", "Zaken-inbox"),
    "owner": ("Owner", "Eigenaar"),
    "anyone": ("Anyone", "Iedereen"),
    "mine": ("Mine", "Van mij"),
    "breached_only": ("Only past their SLA", "Alleen over de SLA heen"),
    "need": ("Need", "Behoefte"),
    "opened": ("Opened", "Geopend"),
    "closed_at": ("Closed", "Gesloten"),
    "status_live": ("To finish (not closed)", "Nog af te ronden (niet gesloten)"),
    "status_open": ("Open", "Open"),
    "status_in_progress": ("In progress", "In behandeling"),
    "status_resolved": ("Resolved", "Opgelost"),
    "status_closed": ("Closed", "Gesloten"),
    "status_all": ("All", "Alle"),
    "no_cases": ("No case matches these filters.", "Geen zaak past bij deze filters."),
    "cases_found": ("{n} cases", "{n} zaken"),
    "cases_capped": ("More than {n} cases", "Meer dan {n} zaken"),
    "behind": ("The moments behind this case", "De momenten achter deze zaak"),
    "history": ("History and notes", "Geschiedenis en notities"),
    "no_history": ("Nothing written on this case yet.", "Nog niets vastgelegd bij deze zaak."),
    "resolution": ("Resolution", "Oplossing"),
    "follow_up": ("Follow-up question", "Vervolgvraag"),
    "level_after": ("Level after recovery", "Niveau na herstel"),
    "take_on": ("Take it on", "Oppakken"),
    "assign_to_me": ("Assign to me", "Aan mij toewijzen"),
    "assign_to": ("Assign to (name, e-mail or team)", "Toewijzen aan (naam, e-mail of team)"),
    "assign": ("Assign", "Toewijzen"),
    "start": ("Start work", "Beginnen"),
    "add_note": ("Add a note", "Notitie toevoegen"),
    "note": ("Note", "Notitie"),
    "save_note": ("Save the note", "Notitie opslaan"),
    "resolve": ("Resolve", "Oplossen"),
    "resolve_label": (
        "What was done for the customer",
        "Wat er voor de klant is gedaan",
    ),
    "close": ("Close", "Sluiten"),
    "close_help": (
        "Closing sends the customer the follow-up question when they agreed to be contacted.",
        "Bij het sluiten krijgt de klant de vervolgvraag, als die toestemming gaf voor contact.",
    ),
    "read_only": (
        "Your role may read cases; an agent or admin works them.",
        "Met jouw rol kun je zaken lezen; een medewerker of beheerder werkt ze af.",
    ),
    "error": ("This did not work:", "Dit lukte niet:"),
    "back_to_inbox": ("Back to the inbox", "Terug naar de inbox"),
}

_CHANGES: dict[str, Callable[[Cxladder, Case, SignedIn, dict[str, str]], Case]] = {}


def _change(name: str) -> Callable[[Callable[..., Case]], Callable[..., Case]]:
    def register(work: Callable[..., Case]) -> Callable[..., Case]:
        _CHANGES[name] = work
        return work

    return register


@_change("assign")
def _assign(cx: Cxladder, case: Case, user: SignedIn, form: dict[str, str]) -> Case:
    owner = user.principal.name if form.get("to") == "me" else form.get("owner", "")
    return cx.actions.assign(case.id, owner.strip(), actor=user.principal.name)


@_change("start")
def _start(cx: Cxladder, case: Case, user: SignedIn, form: dict[str, str]) -> Case:
    return cx.actions.start(case.id, actor=user.principal.name)


@_change("note")
def _note(cx: Cxladder, case: Case, user: SignedIn, form: dict[str, str]) -> Case:
    return cx.actions.note(case.id, form.get("text", ""), author=user.principal.name)


@_change("resolve")
def _resolve(cx: Cxladder, case: Case, user: SignedIn, form: dict[str, str]) -> Case:
    return cx.actions.resolve(
        case.id, form.get("resolution", "").strip(), actor=user.principal.name
    )


@_change("close")
def _close(cx: Cxladder, case: Case, user: SignedIn, form: dict[str, str]) -> Case:
    return cx.actions.close(
        case.id, resolution=form.get("resolution", ""), actor=user.principal.name
    )


def _status_choice(text: str) -> StatusChoice:
    try:
        return StatusChoice(text)
    except ValueError:
        return StatusChoice.LIVE


def _owners(cx: Cxladder, organization: str, chosen: str) -> list[str]:
    """Who cases usually belong to: the team, each touchpoint's owner, and the chosen one."""
    known = {UNASSIGNED}
    known.update(tp.owner for tp in cx.store.touchpoints(organization).values() if tp.owner)
    if chosen and chosen != "me":
        known.add(chosen)
    return sorted(known, key=str.lower)


@router.get("/cases")
def inbox_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    status: Annotated[str, Query(max_length=20)] = "live",
    owner: Annotated[str, Query(max_length=200)] = "",
    breached: Annotated[str, Query(max_length=5)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    user.require(*READERS)
    now = cx.clock()
    choice = InboxFilter(
        status=_status_choice(status),
        owner=user.principal.name if owner == "me" else owner,
        breached_at=now if breached else None,
    )
    lines, total, more = CustomerQueries(cx.store).inbox(
        user.organization, choice, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    params = {"status": choice.status.value, "owner": owner, "breached": "1" if breached else ""}
    return render(
        request,
        "cases.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        lines=lines,
        total=total,
        capped=total > COUNT_CAP,
        cap=COUNT_CAP,
        filters=params,
        statuses=list(StatusChoice),
        owners=_owners(cx, user.organization, owner),
        links=_page_links(params, page, more),
        touchpoints=cx.store.touchpoints(user.organization),
        now=now,
        when=when,
        customer_link=customer_link,
    )


def _page_links(params: dict[str, str], page: int, more: bool) -> dict[str, str]:
    kept = {k: v for k, v in params.items() if v}
    links = {}
    if page > 1:
        links["previous"] = "/cases?" + urlencode({**kept, "page": page - 1})
    if more:
        links["next"] = "/cases?" + urlencode({**kept, "page": page + 1})
    return links


def _case_of(cx: Cxladder, user: SignedIn, case_id: int) -> Case:
    case = cx.actions.case(case_id)
    if case.organization != user.organization:  # case ids are global: never reveal others'
        raise NotFound(f"no case {case_id}")
    return case


@router.get("/cases/{case_id}")
def case_page(cx: CxDep, user: PageUser, request: Request, case_id: CaseId) -> Response:
    user.require(*READERS)
    return _case_view(cx, user, request, _case_of(cx, user, case_id))


def _case_view(
    cx: Cxladder, user: SignedIn, request: Request, case: Case, *, error: str = ""
) -> Response:
    queries = CustomerQueries(cx.store)
    try:
        customer_name = cx.store.customer(user.organization, case.customer_id).name
    except NotFound:
        customer_name = ""
    return render(
        request,
        "case.html.j2",
        status=422 if error else 200,
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        case=case,
        customer_name=customer_name,
        moments=queries.case_moments(user.organization, case.experience_ids),
        touchpoints=cx.store.touchpoints(user.organization),
        owners=_owners(cx, user.organization, ""),
        may_work=user.principal.role in WORKERS,
        error=error,
        now=cx.clock(),
        when=when,
        customer_link=customer_link,
        statuses=CaseStatus,
    )


@router.post("/cases/{case_id}/{action}")
async def change_case(
    cx: CxDep, user: PageUser, request: Request, case_id: CaseId, action: str
) -> Response:
    work = _CHANGES.get(action)
    if work is None:
        raise NotFound(f"no action {action!r} on a case; use one of {', '.join(_CHANGES)}")
    user.require(*WORKERS)
    form = await form_of(request, user)
    case = _case_of(cx, user, case_id)
    try:
        work(cx, case, user, form)
    except InvalidInput as problem:
        return _case_view(cx, user, request, _case_of(cx, user, case_id), error=str(problem))
    return RedirectResponse(f"/cases/{case_id}", status_code=303)
