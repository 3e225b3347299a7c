"""Dependencies as Annotated aliases, so handlers read like prose:

def list_experiences(cx: CxDep, caller: Reader, touchpoint: str | None = None): ...
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Request

from cxladder.app import Cxladder
from cxladder.errors import NotAllowed, NotAuthenticated
from cxladder.model import Principal, Role

__all__ = ["Admin", "Collector", "CxDep", "Reader", "Writer"]


def get_cx(request: Request) -> Cxladder:
    cx: Cxladder = request.app.state.cx
    return cx


CxDep = Annotated[Cxladder, Depends(get_cx)]


def get_principal(
    cx: CxDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_api_key: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    key = x_api_key
    if key is None and authorization and authorization.lower().startswith("bearer "):
        key = authorization[7:].strip()
    if not key:
        raise NotAuthenticated("send an API key: 'Authorization: Bearer <key>' or 'X-API-Key'")
    principal = cx.principal(key)
    if principal is None:
        raise NotAuthenticated("this API key is unknown or revoked")
    return principal


def _role_in(*roles: Role) -> Callable[[Principal], Principal]:
    allowed = ", ".join(role.value for role in roles)

    def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in roles:
            raise NotAllowed(f"a {principal.role.value} key may not do this; it needs: {allowed}")
        return principal

    return check


Reader = Annotated[Principal, Depends(_role_in(Role.ADMIN, Role.ANALYST, Role.AGENT))]
Writer = Annotated[Principal, Depends(_role_in(Role.ADMIN, Role.ANALYST))]
Admin = Annotated[Principal, Depends(_role_in(Role.ADMIN))]
Collector = Annotated[Principal, Depends(_role_in(Role.ADMIN, Role.COLLECTOR))]
