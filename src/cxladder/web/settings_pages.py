"""Settings: touchpoints and their expectations, the brand promise and its shortfall; users and
keys (settings_people) and collection (settings_collection) are routed from here too.

Everyone who may read the pages sees the settings; only an admin gets the forms, and every
change is a CSRF-checked POST answered with a redirect and a notice.

Queries per page: /settings four small ones (touchpoints, users, keys, webhooks of the
organisation); /settings/touchpoints one; /settings/promise the organisation, its touchpoints
and the level counts per touchpoint (one GROUP BY over the assessed experiences, run in a
background thread and kept for a minute; see settings_common.SettingsMemory).
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cxladder.actions.promise import PromiseGap, target_level
from cxladder.api.deps import CxDep
from cxladder.errors import NotFound
from cxladder.model import Channel, Organization, Role, ServiceLevel, Touchpoint
from cxladder.store.settings_queries import people, webhook_rows
from cxladder.web import settings_collection, settings_people
from cxladder.web.rendering import PageUser, SignedIn, form_of, language_of
from cxladder.web.settings_common import memory, notice_redirect, readable, settings_page
from cxladder.web.settings_forms import (
    MAX_EXPECTATIONS,
    Problems,
    localized,
    read_promise,
    read_touchpoint,
)
from cxladder.web.settings_words import WORDS

__all__ = ["WORDS", "router"]

router = APIRouter(include_in_schema=False)
router.include_router(settings_people.router)
router.include_router(settings_collection.router)

BLANK_ROWS = 2
EXPECTATION_PARTS = ("fact", "expected", "unacceptable")


@router.get("/settings")
def settings_index(cx: CxDep, user: PageUser, request: Request) -> Response:
    readable(user)
    org = user.organization
    return settings_page(
        request,
        "settings.html.j2",
        user=user,
        tab="",
        organization=cx.organization(org),
        touchpoints=len(cx.touchpoints(org)),
        users=len(people(cx.store.engine, org)),
        keys=sum(1 for key in cx.keys(org) if key["revoked_at"] is None),
        webhooks=len(webhook_rows(cx.store.engine, org)),
    )


# -- touchpoints -------------------------------------------------------------------------------


@router.get("/settings/touchpoints")
def touchpoints_page(cx: CxDep, user: PageUser, request: Request) -> Response:
    readable(user)
    return settings_page(
        request,
        "settings_touchpoints.html.j2",
        user=user,
        tab="touchpoints",
        touchpoints=list(cx.touchpoints(user.organization).values()),
    )


@router.get("/settings/touchpoints/new")
def new_touchpoint_page(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    values = {"channel": Channel.STORE.value, "target_level": str(int(ServiceLevel.DESIRED))}
    known = cx.touchpoints(user.organization)
    return _touchpoint_form(request, user, known, key=None, values=values, problems={})


@router.post("/settings/touchpoints/new")
async def add_touchpoint(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    known = cx.touchpoints(user.organization)
    read = read_touchpoint(form, organization=user.organization, key=None, taken=frozenset(known))
    if read.touchpoint is None:
        return _touchpoint_form(
            request, user, known, key=None, values=read.values, problems=read.problems
        )
    cx.save_touchpoint(read.touchpoint)
    return notice_redirect("/settings/touchpoints", "touchpoint_saved")


@router.get("/settings/touchpoints/{key}/edit")
def edit_touchpoint_page(cx: CxDep, user: PageUser, request: Request, key: str) -> Response:
    user.require(Role.ADMIN)
    known = cx.touchpoints(user.organization)
    values = _touchpoint_values(_touchpoint(known, key))
    return _touchpoint_form(request, user, known, key=key, values=values, problems={})


@router.post("/settings/touchpoints/{key}/edit")
async def save_touchpoint(cx: CxDep, user: PageUser, request: Request, key: str) -> Response:
    user.require(Role.ADMIN)
    known = cx.touchpoints(user.organization)
    _touchpoint(known, key)
    form = await form_of(request, user)
    read = read_touchpoint(form, organization=user.organization, key=key)
    if read.touchpoint is None:
        return _touchpoint_form(
            request, user, known, key=key, values=read.values, problems=read.problems
        )
    cx.save_touchpoint(read.touchpoint)
    return notice_redirect("/settings/touchpoints", "touchpoint_saved")


def _touchpoint(known: Mapping[str, Touchpoint], key: str) -> Touchpoint:
    if key not in known:
        raise NotFound(f"no touchpoint {key!r} in this organisation")
    return known[key]


def _touchpoint_values(touchpoint: Touchpoint) -> dict[str, str]:
    values = {
        "name": touchpoint.name,
        "stage": touchpoint.stage,
        "owner": touchpoint.owner,
        "channel": touchpoint.channel.value,
        "target_level": str(int(touchpoint.target_level)),
    }
    for row, expectation in enumerate(touchpoint.expectations):
        values[f"exp-{row}-fact"] = expectation.fact
        values[f"exp-{row}-expected"] = _plain(expectation.expected)
        values[f"exp-{row}-unacceptable"] = _plain(expectation.unacceptable)
        values[f"exp-{row}-higher"] = "on" if expectation.higher_is_better else ""
    return values


def _plain(value: float) -> str:
    """5.0 as 5 and 7.25 as 7.25, never rounded as %g would (1234567 -> 1.23457e+06)."""
    number = float(value)  # the store gives back an int for a whole number
    return str(int(number)) if number.is_integer() else repr(number)


def _expectation_rows(values: Mapping[str, str]) -> int:
    used = [
        row
        for row in range(MAX_EXPECTATIONS)
        if any(values.get(f"exp-{row}-{part}", "").strip() for part in EXPECTATION_PARTS)
    ]
    filled = max(used) + 1 if used else 0
    return min(MAX_EXPECTATIONS, filled + BLANK_ROWS)


def _touchpoint_form(
    request: Request,
    user: SignedIn,
    known: Mapping[str, Touchpoint],
    *,
    key: str | None,
    values: dict[str, str],
    problems: Problems,
) -> Response:
    return settings_page(
        request,
        "settings_touchpoint.html.j2",
        user=user,
        tab="touchpoints",
        status=422 if problems else 200,
        key=key,
        values=values,
        errors=localized(problems, language_of(request)),
        rows=_expectation_rows(values),
        channels=list(Channel),
        stages=sorted({tp.stage for tp in known.values() if tp.stage}),
    )


# -- brand promise -----------------------------------------------------------------------------


@router.get("/settings/promise")
def promise_page(cx: CxDep, user: PageUser, request: Request) -> Response:
    readable(user)
    organization = cx.organization(user.organization)
    touchpoints = cx.touchpoints(user.organization)
    return _promise_page(
        cx, request, user, organization, touchpoints, _promise_values(organization, touchpoints)
    )


@router.post("/settings/promise")
async def save_promise(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    organization = cx.organization(user.organization)
    touchpoints = cx.touchpoints(user.organization)
    read = read_promise(form, touchpoints)
    if read.problems:
        return _promise_page(
            cx, request, user, organization, touchpoints, read.values, read.problems, status=422
        )
    cx.actions.set_promise(
        statement=read.statement,
        values=read.brand_values,
        targets=read.targets,
        default_target=read.default_target,
        organization=user.organization,
    )
    return notice_redirect("/settings/promise", "promise_saved")


def _promise_values(
    organization: Organization, touchpoints: Mapping[str, Touchpoint]
) -> dict[str, str]:
    brand = organization.brand
    values = {
        "statement": brand.statement,
        "values": "\n".join(brand.values),
        "default_target": str(int(brand.default_target)),
    }
    for key in touchpoints:
        level = brand.targets.get(key)
        values[f"target-{key}"] = str(int(level)) if level is not None else ""
    return values


def _promise_page(
    cx: CxDep,
    request: Request,
    user: SignedIn,
    organization: Organization,
    touchpoints: Mapping[str, Touchpoint],
    values: dict[str, str],
    problems: Problems | None = None,
    *,
    status: int = 200,
) -> Response:
    return settings_page(
        request,
        "settings_promise.html.j2",
        user=user,
        tab="promise",
        status=status,
        organization=organization,
        touchpoints=list(touchpoints.values()),
        values=values,
        errors=localized(problems or {}, language_of(request)),
        gaps=_gaps(cx, request, organization, touchpoints),
    )


@router.get("/settings/promise/shortfall")
def shortfall_part(cx: CxDep, user: PageUser, request: Request) -> Response:
    """The shortfall alone, which the promise page fetches when its counts were not ready."""
    readable(user)
    organization = cx.organization(user.organization)
    return settings_page(
        request,
        "settings_shortfall.html.j2",
        user=user,
        tab="promise",
        gaps=_gaps(cx, request, organization, cx.touchpoints(user.organization)),
    )


def _gaps(
    cx: CxDep,
    request: Request,
    organization: Organization,
    touchpoints: Mapping[str, Touchpoint],
) -> list[PromiseGap] | None:
    counts = memory(request).level_counts(cx, organization.key)
    return None if counts is None else promise_gaps(organization, touchpoints, counts)


def promise_gaps(
    organization: Organization,
    touchpoints: Mapping[str, Touchpoint],
    counts: Mapping[str, list[int]],
) -> list[PromiseGap]:
    """`actions.promise.promise_shortfall` from the level counts instead of every experience:
    the same rows, furthest from the promise first."""
    gaps = []
    for key, per_level in counts.items():
        total = sum(per_level)
        if not total:
            continue
        tp = touchpoints.get(key)
        target = target_level(organization.brand, tp, key)
        gaps.append(
            PromiseGap(
                touchpoint=key,
                name=tp.name if tp else key,
                target=target,
                experiences=total,
                mean_level=sum(n * level for level, n in enumerate(per_level, 1)) / total,
                share_at_target=sum(per_level[int(target) - 1 :]) / total,
            )
        )
    return sorted(gaps, key=lambda g: (-g.gap, g.share_at_target, g.touchpoint))
