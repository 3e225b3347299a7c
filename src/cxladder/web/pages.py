"""Sign-in and the Overview page; the other pages live in their own modules beside this one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import parse_qs

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cxladder.api.deps import SESSION_COOKIE, CxDep
from cxladder.app import Overview
from cxladder.errors import NotAuthenticated
from cxladder.model import ServiceLevel
from cxladder.web.rendering import (
    PageUser,
    language_of,
    level_scale,
    local_path,
    render,
    signed_in,
)
from cxladder.web.words import say

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return render(request, "login.html.j2", error="", next=_next_of(request))


def _next_of(request: Request) -> str:
    return local_path(request.query_params.get("next", "/"))


@router.post("/login")
async def login(cx: CxDep, request: Request) -> Response:
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    try:
        token, _ = cx.sign_in(form.get("email", ""), form.get("password", ""))
    except NotAuthenticated:
        return render(
            request,
            "login.html.j2",
            status=401,
            error=say("wrong_login", language_of(request)),
            next=local_path(form.get("next", "/")),
        )
    response = RedirectResponse(local_path(form.get("next", "/")), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
    )
    return response


@router.post("/logout")
def logout(cx: CxDep, request: Request) -> Response:
    found = signed_in(cx, request)
    sent = request.headers.get("x-csrf-token") or request.query_params.get("csrf", "")
    if found is not None and sent == found.csrf:
        cx.sign_out(request.cookies[SESSION_COOKIE])
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/")
def overview_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    since: Annotated[str, Query()] = "",
    until: Annotated[str, Query()] = "",
    channel: Annotated[str, Query()] = "",
    touchpoint: Annotated[str, Query()] = "",
) -> Response:
    view = cx.overview(
        user.organization,
        since=_date(since),
        until=_date(until),
        channel=channel or None,
        touchpoint=touchpoint or None,
    )
    language = language_of(request)
    return render(
        request,
        "overview.html.j2",
        user=user.principal,
        csrf=user.csrf,
        view=view,
        filters={"since": since, "until": until, "channel": channel, "touchpoint": touchpoint},
        ladder_chart=_ladder_chart(view, language),
        trend_chart=_trend_chart(view, language),
        rows=_touchpoint_rows(view),
    )


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _ladder_chart(view: Overview, language: str) -> dict[str, Any]:
    h = view.headline
    total = h.assessed or 1
    rows = view.per_touchpoint
    counts = [0] * 6
    if not rows.empty:
        counts = [int(rows[f"count_{level}"].sum()) for level in range(1, 7)]
    data = [
        {"level": level.label(language), "order": level.value, "share": counts[i] / total}
        for i, level in enumerate(ServiceLevel)
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 60,
        "data": {"values": data},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "share",
                "type": "quantitative",
                "stack": "normalize",
                "axis": {"format": "%", "title": None},
            },
            "color": {
                "field": "level",
                "type": "nominal",
                "scale": level_scale(language),
                "legend": {"orient": "bottom", "title": None},
            },
            "order": {"field": "order"},
        },
    }


def _trend_chart(view: Overview, language: str) -> dict[str, Any]:
    data: list[dict[str, Any]] = []
    if not view.trend.empty:
        for record in view.trend.to_dict("records"):
            for level in ServiceLevel:
                data.append(
                    {
                        "period": pd.Timestamp(record["period"]).date().isoformat(),
                        "level": level.label(language),
                        "order": level.value,
                        "share": float(record[f"share_{level.value}"]),
                    }
                )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": 220,
        "data": {"values": data},
        "mark": {"type": "area", "tooltip": True},
        "encoding": {
            "x": {"field": "period", "type": "temporal", "title": None},
            "y": {
                "field": "share",
                "type": "quantitative",
                "stack": "normalize",
                "axis": {"format": "%", "title": None},
            },
            "color": {
                "field": "level",
                "type": "nominal",
                "scale": level_scale(language),
                "legend": {"orient": "bottom", "title": None},
            },
            "order": {"field": "order"},
        },
    }


def _touchpoint_rows(view: Overview) -> list[dict[str, Any]]:
    if view.per_touchpoint.empty:
        return []
    rows = []
    for record in view.per_touchpoint.to_dict("records"):
        tp = view.touchpoints.get(str(record["touchpoint"]))
        rows.append(
            {
                "key": record["touchpoint"],
                "name": tp.name if tp else record["touchpoint"],
                "n": int(record["n"]),
                "mean": float(record["mean_level"]),
                "shares": [float(record[f"share_{v}"]) for v in range(1, 7)],
                "target": tp.target_level if tp else None,
                "at_target": record.get("share_at_or_above_target"),
            }
        )
    return rows
