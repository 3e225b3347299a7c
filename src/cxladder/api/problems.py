"""The one place where errors become HTTP statuses. Services never pick a status themselves."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from cxladder.errors import (
    CxladderError,
    InvalidInput,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    StoreError,
    TooManyRequests,
)

STATUS_OF: tuple[tuple[type[CxladderError], int], ...] = (
    (NotAuthenticated, 401),
    (NotAllowed, 403),
    (NotFound, 404),
    (TooManyRequests, 429),
    (InvalidInput, 422),
    (StoreError, 503),
)


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
    return JSONResponse({"detail": str(error)}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CxladderError, _cxladder_error)
