"""Settings: how feedback reaches cxladder. The widget snippet for a touchpoint (with a collector
key made for it on request), the web sites allowed to embed it, a survey link for a QR code,
and the webhooks with their recent deliveries.

Queries: the organisation's touchpoints, allowed origins and active webhooks, and the newest
twenty deliveries (a LIMIT on the delivery log, however long it grows).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cxladder.api.deps import CxDep
from cxladder.model import Role, ServiceLevel, Touchpoint
from cxladder.store.settings_queries import recent_deliveries, webhook_rows
from cxladder.web.rendering import PageUser, SignedIn, form_of, language_of
from cxladder.web.settings_common import memory, notice_redirect, readable, settings_page
from cxladder.web.settings_forms import (
    Problems,
    localized,
    parse_levels,
    parse_origins,
    widget_snippet,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
COLLECTION = "/settings/collection"
QUESTIONS = ("nps", "csat", "ces")
DEFAULT_HOOK_LEVELS = (ServiceLevel.CRIMINAL, ServiceLevel.BASIC)


def _server(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _chosen(
    touchpoints: dict[str, Touchpoint], asked: str, question: str
) -> tuple[Touchpoint | None, str]:
    touchpoint = touchpoints.get(asked) or next(iter(touchpoints.values()), None)
    return touchpoint, question if question in QUESTIONS else "nps"


@router.get(COLLECTION)
def collection_page(cx: CxDep, user: PageUser, request: Request) -> Response:
    readable(user)
    shown = request.query_params.get("shown", "")
    kept = memory(request).secrets.take(shown, user.principal.name) if shown else None
    return _collection_page(cx, request, user, kept=kept)


def _collection_page(
    cx: CxDep,
    request: Request,
    user: SignedIn,
    *,
    kept: dict[str, str] | None = None,
    problems: Problems | None = None,
    origins_text: str | None = None,
    hook_form: dict[str, str] | None = None,
) -> Response:
    org = user.organization
    touchpoints = cx.touchpoints(org)
    touchpoint, question = _chosen(
        touchpoints,
        request.query_params.get("touchpoint", (kept or {}).get("touchpoint", "")),
        request.query_params.get("question", (kept or {}).get("question", "")),
    )
    origins = sorted(cx.allowed_origins(org))
    snippet_key = (kept or {}).get("key") if (kept or {}).get("kind") == "collector" else None
    return settings_page(
        request,
        "settings_collection.html.j2",
        user=user,
        tab="collection",
        status=422 if problems else 200,
        touchpoints=list(touchpoints.values()),
        touchpoint=touchpoint,
        question=question,
        questions=QUESTIONS,
        snippet=_snippet(request, org, touchpoint, question, snippet_key),
        snippet_has_key=snippet_key is not None,
        survey=_survey_url(cx, request, org, touchpoint),
        origins=origins,
        origins_text="\n".join(origins) if origins_text is None else origins_text,
        webhooks=webhook_rows(cx.store.engine, org),
        deliveries=recent_deliveries(cx.store.engine, org, limit=20),
        hook_form=hook_form or {f"level-{int(v)}": "on" for v in DEFAULT_HOOK_LEVELS},
        hook_secret=(kept or {}).get("secret") if (kept or {}).get("kind") == "webhook" else None,
        errors=localized(problems or {}, language_of(request)),
    )


def _snippet(
    request: Request, org: str, touchpoint: Touchpoint | None, question: str, key: str | None
) -> str:
    if touchpoint is None:
        return ""
    return widget_snippet(
        server=_server(request),
        organization=org,
        touchpoint=touchpoint.key,
        question=question,
        key=key,
    )


def _survey_url(cx: CxDep, request: Request, org: str, touchpoint: Touchpoint | None) -> str:
    if touchpoint is None:
        return ""
    return f"{_server(request)}/s/{cx.survey_link(org, touchpoint.key)}"


@router.post(COLLECTION + "/key")
async def snippet_key(cx: CxDep, user: PageUser, request: Request) -> Response:
    """A collector key made for one snippet; it comes back inside the snippet, once."""
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    touchpoint, question = _chosen(
        cx.touchpoints(user.organization), form.get("touchpoint", ""), form.get("question", "")
    )
    if touchpoint is None:
        return notice_redirect(COLLECTION, "")
    key = cx.create_key(
        user.organization, role=Role.COLLECTOR, name=f"widget: {touchpoint.name}"[:200]
    )
    kept = {"kind": "collector", "key": key, "touchpoint": touchpoint.key, "question": question}
    token = memory(request).secrets.put(user.principal.name, kept)
    return notice_redirect(
        COLLECTION + "#widget",
        "key_created",
        touchpoint=touchpoint.key,
        question=question,
        shown=token,
    )


@router.post(COLLECTION + "/origins")
async def save_origins(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    problems: Problems = {}
    origins = parse_origins(form.get("origins", ""), problems)
    if problems:
        return _collection_page(
            cx, request, user, problems=problems, origins_text=form.get("origins", "")
        )
    cx.allow_origins(user.organization, origins)
    return notice_redirect(COLLECTION + "#origins", "origins_saved")


@router.post(COLLECTION + "/webhooks")
async def add_webhook(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    problems: Problems = {}
    url = form.get("url", "").strip()
    if not url.startswith(("http://", "https://")) or len(url) > 2000 or " " in url:
        problems["url"] = ("err_url", {})
    chosen = [name.removeprefix("level-") for name in form if name.startswith("level-")]
    levels = parse_levels(chosen, problems)
    if problems:
        return _collection_page(cx, request, user, problems=problems, hook_form=form)
    _, secret = cx.add_webhook(user.organization, url, levels=levels)
    token = memory(request).secrets.put(user.principal.name, {"kind": "webhook", "secret": secret})
    return notice_redirect(COLLECTION + "#webhooks", "webhook_added", shown=token)


@router.post(COLLECTION + "/webhooks/{webhook_id}/remove")
async def drop_webhook(cx: CxDep, user: PageUser, request: Request, webhook_id: int) -> Response:
    user.require(Role.ADMIN)
    await form_of(request, user)
    cx.remove_webhook(user.organization, webhook_id)
    return notice_redirect(COLLECTION + "#webhooks", "webhook_removed")
