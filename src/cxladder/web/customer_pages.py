"""The Customer pages: find a customer, their journey moment by moment, profile and consent,
and for admins the GDPR export and erasure (each a POST with the CSRF token)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from cxladder.api.deps import CxDep
from cxladder.errors import NotAllowed
from cxladder.model import Role, ServiceLevel, Touchpoint
from cxladder.store.customer_queries import CustomerQueries, Moment
from cxladder.web.rendering import (
    LEVEL_COLOURS,
    PageUser,
    SignedIn,
    form_of,
    language_of,
    render,
)

__all__ = [
    "READERS",
    "WORDS",
    "customer_link",
    "decimal",
    "journey_chart",
    "remembered_level",
    "router",
    "when",
    "when_day",
]

router = APIRouter(include_in_schema=False)

READERS = (Role.ADMIN, Role.ANALYST, Role.AGENT)
PAGE_SIZE = 25
TIMELINE_PAGE = 100

WORDS: dict[str, tuple[str, str]] = {
    "find_customer": ("Find a customer", "Klant zoeken"),
    "search_label": (
        "Customer id or e-mail address, or how it begins",
        "Klantnummer of e-mailadres, of het begin ervan",
    ),
    "search": ("Search", "Zoeken"),
    "recent": ("Recently active customers", "Recent actieve klanten"),
    "found": ("Customers found", "Gevonden klanten"),
    "none_found": (
        "No customer has this id or e-mail address, nor one that begins with it.",
        "Geen klant heeft dit klantnummer of e-mailadres, of een dat ermee begint.",
    ),
    "no_customers": ("No customer has a moment yet.", "Nog geen klant heeft een moment."),
    "customer": ("Customer", "Klant"),
    "name": ("Name", "Naam"),
    "last_moment": ("Last moment", "Laatste moment"),
    "first_moment": ("First moment", "Eerste moment"),
    "latest_level": ("Latest level", "Laatste niveau"),
    "segment": ("Segment", "Segment"),
    "previous": ("Previous page", "Vorige pagina"),
    "next": ("Next page", "Volgende pagina"),
    "pages": ("Pages", "Pagina's"),
    "erased": (
        "The customer was erased everywhere: {rows} rows removed.",
        "De klant is overal gewist: {rows} rijen verwijderd.",
    ),
    "timeline": ("The journey, moment by moment", "De klantreis, moment voor moment"),
    "time": ("Time", "Tijd"),
    "quote": ("What the customer said", "Wat de klant zei"),
    "not_assessed": ("not assessed", "niet beoordeeld"),
    "no_moments": ("This customer has no moments yet.", "Deze klant heeft nog geen momenten."),
    "remembered": ("Remembered level (peak-end)", "Herinnerd niveau (piek-eind)"),
    "remembered_help": (
        "The mean of the most intense moment and the last one: what the customer will likely "
        "remember.",
        "Het gemiddelde van het heftigste en het laatste moment: wat de klant waarschijnlijk "
        "onthoudt.",
    ),
    "profile": ("Profile", "Profiel"),
    "customer_language": ("Language", "Taal"),
    "preferences": ("Preferences", "Voorkeuren"),
    "no_preferences": (
        "No preferences known (or no consent to keep them).",
        "Geen voorkeuren bekend (of geen toestemming om ze te bewaren).",
    ),
    "occasions": ("Occasions", "Gelegenheden"),
    "no_occasions": (
        "No occasions known (or no consent to keep them).",
        "Geen gelegenheden bekend (of geen toestemming om ze te bewaren).",
    ),
    "next_milestone": ("The next visit marks", "Het volgende bezoek markeert"),
    "consent": ("Consent", "Toestemming"),
    "consent_contact": ("Contact", "Contact"),
    "consent_personalisation": ("Personalisation", "Personalisatie"),
    "consent_analytics": ("Analytics", "Analyse"),
    "yes": ("yes", "ja"),
    "no": ("no", "nee"),
    "open_cases": ("Open cases", "Open zaken"),
    "no_open_cases": ("No open cases.", "Geen open zaken."),
    "case": ("Case", "Zaak"),
    "due": ("Due", "Uiterlijk"),
    "status": ("Status", "Status"),
    "gdpr": ("Personal data (GDPR)", "Persoonsgegevens (AVG)"),
    "export": ("Export (GDPR)", "Exporteren (AVG)"),
    "erase": ("Erase (GDPR)", "Wissen (AVG)"),
    "audited": (
        "Opening this page is written to the audit log.",
        "Het openen van deze pagina wordt vastgelegd in het auditlog.",
    ),
    "erase_title": ("Erase this customer everywhere", "Deze klant overal wissen"),
    "erase_warning": (
        "This removes the customer from every table and rejects file, for good: moments, "
        "cases, gestures and profile. The audit log keeps only a salted hash.",
        "Dit verwijdert de klant definitief uit elke tabel en elk afkeurbestand: momenten, "
        "zaken, gebaren en profiel. Het auditlog bewaart alleen een gezouten hash.",
    ),
    "erase_confirm": (
        "Type the customer id to confirm",
        "Typ het klantnummer ter bevestiging",
    ),
    "erase_mismatch": (
        "That is not this customer's id; nothing was erased. Type it exactly as shown.",
        "Dat is niet het klantnummer van deze klant; er is niets gewist. Typ het precies zoals "
        "het er staat.",
    ),
    "erase_now": ("Erase for good", "Definitief wissen"),
    "cancel": ("Cancel", "Annuleren"),
    "sla_breached": ("SLA breached", "SLA overschreden"),
    "gestures": ("Gestures (the latest ten)", "Gebaren (de laatste tien)"),
    "no_gestures": ("No gestures given yet.", "Nog geen gebaren gegeven."),
    "chart_label": (
        "The level of each moment over time; the list below says the same in words",
        "Het niveau van elk moment door de tijd; de lijst hieronder zegt hetzelfde in woorden",
    ),
}


def when(moment: datetime | None, language: str) -> str:
    """A date and time as people write it in the page's language (nl: 23-11-2026 14:05)."""
    if moment is None:
        return "–"
    if language == "nl":
        return moment.strftime("%d-%m-%Y %H:%M")
    return moment.strftime("%d %b %Y %H:%M")


def when_day(day: date | None, language: str) -> str:
    if day is None:
        return "–"
    return day.strftime("%d-%m-%Y") if language == "nl" else day.strftime("%d %b %Y")


def decimal(value: float | None, digits: int, language: str) -> str:
    """A number with a decimal comma in Dutch; a dash when there is none."""
    if value is None:
        return "–"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "nl" else text


def customer_link(customer_id: str) -> str:
    return "/customers/" + quote(customer_id, safe="")


def remembered_level(levels: Sequence[ServiceLevel]) -> float | None:
    """Peak-end: people remember the most intense moment and the last one, not the average.

    The peak is the level farthest from the middle of the ladder (the latest one on a tie)."""
    if not levels:
        return None
    peak = max(enumerate(levels), key=lambda pair: (abs(pair[1] - 3.5), pair[0]))[1]
    return (int(peak) + int(levels[-1])) / 2


def journey_chart(
    moments: Sequence[Moment], touchpoints: Mapping[str, Touchpoint], language: str
) -> dict[str, Any]:
    """The assessed moments as points on the ladder over time, joined by a line."""
    data = [
        {
            "at": m.at.isoformat(),
            "level": int(m.level),
            "name": m.level.label(language),
            "touchpoint": touchpoints[m.touchpoint].name
            if m.touchpoint in touchpoints
            else m.touchpoint,
        }
        for m in moments
        if m.level is not None
    ]
    levels = {"field": "level", "type": "quantitative", "scale": {"domain": [1, 6]}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 180,
        "data": {"values": data},
        "encoding": {
            "x": {"field": "at", "type": "temporal", "title": None},
            "y": {**levels, "axis": {"tickCount": 6, "title": None}},
        },
        "layer": [
            {"mark": {"type": "line", "color": "#c9ced6"}},
            {
                "mark": {"type": "point", "filled": True, "size": 120, "tooltip": True},
                "encoding": {
                    "color": {
                        "field": "name",
                        "type": "nominal",
                        "scale": {
                            "domain": [level.label(language) for level in ServiceLevel],
                            "range": list(LEVEL_COLOURS),
                        },
                        "legend": {"orient": "bottom", "title": None},
                    },
                    "tooltip": [
                        {"field": "at", "type": "temporal", "format": "%d-%m-%Y %H:%M"},
                        {"field": "touchpoint", "type": "nominal"},
                        {"field": "name", "type": "nominal"},
                    ],
                },
            },
        ],
    }


def _page_links(path: str, params: dict[str, str], page: int, more: bool) -> dict[str, str]:
    def at(number: int) -> str:
        return f"{path}?{urlencode({**params, 'page': str(number)})}"

    links = {}
    if page > 1:
        links["previous"] = at(page - 1)
    if more:
        links["next"] = at(page + 1)
    return links


@router.get("/customers")
def customers_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    erased: Annotated[int | None, Query(ge=0)] = None,
) -> Response:
    user.require(*READERS)
    queries = CustomerQueries(cx.store)
    if q.strip():
        lines = queries.find_customers(user.organization, q, limit=PAGE_SIZE)
        links: dict[str, str] = {}
    else:
        lines = queries.recent_customers(
            user.organization, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
        )
        links = _page_links("/customers", {}, page, len(lines) > PAGE_SIZE)
        lines = lines[:PAGE_SIZE]
    return render(
        request,
        "customers.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        q=q,
        lines=lines,
        links=links,
        erased=erased,
        when=when,
        customer_link=customer_link,
    )


@router.get("/customers/{customer_id}")
def customer_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    customer_id: str,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    user.require(*READERS)
    profile = cx.actions.profile(
        customer_id, organization=user.organization, actor=user.principal.name
    )
    queries = CustomerQueries(cx.store)
    moments = queries.timeline(
        user.organization, customer_id, limit=TIMELINE_PAGE, offset=(page - 1) * TIMELINE_PAGE
    )
    more = profile.history.visits > page * TIMELINE_PAGE
    touchpoints = cx.store.touchpoints(user.organization)
    return render(
        request,
        "customer.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        profile=profile,
        moments=moments,
        links=_page_links(customer_link(customer_id), {}, page, more),
        remembered=remembered_level(queries.levels(user.organization, customer_id)),
        touchpoints=touchpoints,
        chart=journey_chart(moments, touchpoints, language_of(request)),
        now=cx.clock(),
        is_admin=user.is_admin,
        when=when,
        when_day=when_day,
        decimal=decimal,
        customer_link=customer_link,
    )


def _require_admin(user: SignedIn) -> None:
    if not user.is_admin:
        raise NotAllowed("only an admin may export or erase a customer's personal data")


def _download_name(customer_id: str) -> str:
    return "customer-" + (re.sub(r"[^A-Za-z0-9._-]+", "_", customer_id)[:80] or "export") + ".json"


@router.post("/customers/{customer_id}/export")
async def export_customer(
    cx: CxDep, user: PageUser, request: Request, customer_id: str
) -> Response:
    _require_admin(user)
    await form_of(request, user)
    cx.store.customer(user.organization, customer_id)  # 404 outside the user's organisation
    data = cx.actions.export_customer(
        customer_id, organization=user.organization, actor=user.principal.name
    )
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(
        body,
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{_download_name(customer_id)}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/customers/{customer_id}/erase")
def erase_page(cx: CxDep, user: PageUser, request: Request, customer_id: str) -> Response:
    _require_admin(user)
    customer = cx.store.customer(user.organization, customer_id)
    return _erase_form(request, user, customer.id, error=False)


def _erase_form(request: Request, user: SignedIn, customer_id: str, *, error: bool) -> Response:
    return render(
        request,
        "customer_erase.html.j2",
        status=422 if error else 200,
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        customer_id=customer_id,
        error=error,
        customer_link=customer_link,
    )


@router.post("/customers/{customer_id}/erase")
async def erase_customer(cx: CxDep, user: PageUser, request: Request, customer_id: str) -> Response:
    _require_admin(user)
    form = await form_of(request, user)
    customer = cx.store.customer(user.organization, customer_id)
    if form.get("confirm", "").strip() != customer.id:
        return _erase_form(request, user, customer.id, error=True)
    report = cx.erase_customer(
        customer.id, organization=user.organization, actor=user.principal.name
    )
    return RedirectResponse(f"/customers?erased={sum(report.rows.values())}", status_code=303)
