"""The one place where errors become HTTP statuses. Services never pick a status themselves."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from cxladder.errors import (
    CxladderError,
    InvalidInput,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    StoreError,
    TooManyRequests,
)


class Conflict(InvalidInput):
    """The request is well formed, but what it names is not in a state that allows it
    (closing a closed case). The actions layer says so with InvalidInput; the routes that
    know the workflow raise this instead, so the client can tell "fix your input" (422) from
    "look at the current state first" (409)."""


STATUS_OF: tuple[tuple[type[CxladderError], int], ...] = (
    (NotAuthenticated, 401),
    (NotAllowed, 403),
    (NotFound, 404),
    (TooManyRequests, 429),
    (Conflict, 409),
    (InvalidInput, 422),
    (StoreError, 503),
)


class Problem(BaseModel):
    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "The body could not be parsed"},
    401: {"model": Problem, "description": "No API key, or an unknown or revoked one"},
    403: {"model": Problem, "description": "The key's role may not do this"},
    404: {"model": Problem, "description": "Not found in the caller's organisation"},
    429: {"model": Problem, "description": "Rate limit reached; see Retry-After"},
    503: {"model": Problem, "description": "The store is not reachable"},
}
"""Documented on every route, so the OpenAPI says what a client may get back."""


def status_of(error: CxladderError) -> int:
    for kind, status in STATUS_OF:
        if isinstance(error, kind):
            return status
    return 400


async def _cxladder_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CxladderError)
    status = status_of(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(max(1, round(error.retry_after)))
    if status == 422:
        # The same shape as FastAPI's own validation errors: a client handles one kind of 422.
        body: object = [{"loc": ["body"], "msg": str(error), "type": "invalid_input"}]
    else:
        body = str(error)
    return JSONResponse({"detail": body}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CxladderError, _cxladder_error)
