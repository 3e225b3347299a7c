"""Settings: the people who sign in and the API keys, with a new key's secret shown once.

Queries: the organisation's users and keys (two small selects, no experiences touched).
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cxladder.api.deps import CxDep
from cxladder.errors import InvalidInput
from cxladder.model import Role
from cxladder.store.settings_queries import people, set_person_disabled
from cxladder.web.rendering import PageUser, SignedIn, form_of, language_of
from cxladder.web.settings_common import memory, notice_redirect, readable, settings_page
from cxladder.web.settings_forms import Problems, localized, read_user

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
PEOPLE = "/settings/people"
KEY_ROLES = (Role.COLLECTOR, Role.AGENT, Role.ANALYST, Role.ADMIN)


@router.get(PEOPLE)
def people_page(cx: CxDep, user: PageUser, request: Request) -> Response:
    readable(user)
    shown = request.query_params.get("shown", "")
    new_key = memory(request).secrets.take(shown, user.principal.name) if shown else None
    return _people_page(cx, request, user, new_key=new_key)


def _people_page(
    cx: CxDep,
    request: Request,
    user: SignedIn,
    *,
    new_key: dict[str, str] | None = None,
    user_form: dict[str, str] | None = None,
    user_problems: Problems | None = None,
    key_form: dict[str, str] | None = None,
    key_problems: Problems | None = None,
) -> Response:
    language = language_of(request)
    failed = bool(user_problems or key_problems)
    return settings_page(
        request,
        "settings_people.html.j2",
        user=user,
        tab="people",
        status=422 if failed else 200,
        people=people(cx.store.engine, user.organization),
        keys=cx.keys(user.organization),
        roles=list(Role),
        key_roles=KEY_ROLES,
        new_key=new_key,
        user_form=user_form or {"role": Role.ANALYST.value},
        user_errors=localized(user_problems or {}, language),
        key_form=key_form or {"role": Role.COLLECTOR.value},
        key_errors=localized(key_problems or {}, language),
    )


@router.post(PEOPLE + "/users")
async def add_person(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    values, problems, role = read_user(form)
    if not problems and role is not None:
        try:
            cx.add_user(
                user.organization,
                email=values["email"].strip(),
                name=values.get("name", "").strip(),
                role=role,
                password=form["password"],
            )
        except InvalidInput:
            # The only refusal left after the form's own checks: the address is in use.
            problems["email"] = ("err_email_taken", {})
    if problems:
        return _people_page(cx, request, user, user_form=values, user_problems=problems)
    return notice_redirect(PEOPLE, "user_added")


@router.post(PEOPLE + "/users/{person_id}/{change}")
async def switch_person(
    cx: CxDep, user: PageUser, request: Request, person_id: int, change: str
) -> Response:
    user.require(Role.ADMIN)
    await form_of(request, user)
    if change not in ("disable", "enable"):
        return Response(status_code=404)
    if change == "disable" and _is_self(cx, user, person_id):
        problems: Problems = {"people": ("err_self", {})}
        return _people_page(cx, request, user, user_problems=problems)
    at: datetime | None = cx.clock() if change == "disable" else None
    set_person_disabled(cx.store.engine, user.organization, person_id, at=at)
    return notice_redirect(PEOPLE, f"user_{change}d")


def _is_self(cx: CxDep, user: SignedIn, person_id: int) -> bool:
    # A signed-in user's principal is named by their e-mail address.
    return any(
        p.id == person_id and p.email == user.principal.name
        for p in people(cx.store.engine, user.organization)
    )


@router.post(PEOPLE + "/keys")
async def create_key(cx: CxDep, user: PageUser, request: Request) -> Response:
    user.require(Role.ADMIN)
    form = await form_of(request, user)
    values = {"name": form.get("name", "").strip(), "role": form.get("role", "")}
    problems: Problems = {}
    if not values["name"]:
        problems["key_name"] = ("err_required", {})
    elif len(values["name"]) > 200:
        problems["key_name"] = ("err_too_long", {"n": 200})
    role = next((r for r in KEY_ROLES if r.value == values["role"]), None)
    if role is None:
        problems["key_role"] = ("err_role", {})
    if problems or role is None:
        return _people_page(cx, request, user, key_form=values, key_problems=problems)
    secret = cx.create_key(user.organization, role=role, name=values["name"])
    kept = {"key": secret, "name": values["name"], "role": role.value}
    token = memory(request).secrets.put(user.principal.name, kept)
    return notice_redirect(PEOPLE + "#new-key", "key_created", shown=token)


@router.post(PEOPLE + "/keys/{key_id}/revoke")
async def revoke_key(cx: CxDep, user: PageUser, request: Request, key_id: int) -> Response:
    user.require(Role.ADMIN)
    await form_of(request, user)
    cx.revoke_key(user.organization, key_id)
    return notice_redirect(PEOPLE, "key_revoked")
