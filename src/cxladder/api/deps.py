"""Dependencies as Annotated aliases, so handlers read like prose:

def list_experiences(cx: CxDep, caller: Reader, touchpoint: str | None = None): ...
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from cxladder.app import Cxladder
from cxladder.errors import NotAllowed, NotAuthenticated
from cxladder.model import Principal, Role

__all__ = ["SESSION_COOKIE", "Admin", "Collector", "CxDep", "Reader", "Writer"]


async def get_cx(request: Request) -> Cxladder:
    cx: Cxladder = request.app.state.cx
    return cx


CxDep = Annotated[Cxladder, Depends(get_cx)]


SESSION_COOKIE = "cxladder_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_principal(
    cx: CxDep,
    request: Request,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    key = x_api_key
    if key is None and authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    if not key:
        session = request.cookies.get(SESSION_COOKIE)
        if session:
            return _session_principal(cx, request, session)
        raise NotAuthenticated("send an API key: 'Authorization: Bearer <key>' or 'X-API-Key'")
    principal = cx.principal(key)
    if principal is None:
        raise NotAuthenticated("this API key is unknown or revoked")
    return principal


def _session_principal(cx: Cxladder, request: Request, token: str) -> Principal:
    """A browser session: a cookie alone never authorises a change, the CSRF token must match."""
    found = cx.session(token)
    if found is None:
        raise NotAuthenticated("your session has ended; sign in again")
    principal, csrf = found
    if request.method not in SAFE_METHODS:
        sent = request.headers.get("x-csrf-token", "")
        if not secrets.compare_digest(sent, csrf):
            raise NotAllowed("missing or wrong CSRF token; reload the page and try again")
    return principal


def _role_in(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    allowed = ", ".join(role.value for role in roles)

    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in roles:
            raise NotAllowed(f"a {principal.role.value} key may not do this; it needs: {allowed}")
        return principal

    return check


Reader = Annotated[Principal, Depends(_role_in(Role.ADMIN, Role.ANALYST, Role.AGENT))]
Writer = Annotated[Principal, Depends(_role_in(Role.ADMIN, Role.ANALYST))]
Admin = Annotated[Principal, Depends(_role_in(Role.ADMIN))]
Collector = Annotated[Principal, Depends(_role_in(Role.ADMIN, Role.COLLECTOR))]
