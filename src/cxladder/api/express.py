"""The express lane: collection requests answered without the full framework in between.

A response posted to /api/v1/collect/<touchpoint> or /c/<organisation>/<touchpoint> is the one
request a busy server sees thousands of times a second. Through FastAPI it walks every router,
solves its dependencies and serialises through its response model: about three quarters of its
CPU. The lane in front of the app does the same checks with the same schemas and the same facade
call, and nothing else.

It only ever answers the clean case. Whatever it is not sure of (no key or a wrong one, a body
that does not validate, another content type, a mounted root path, a large body) goes on to the
full app untouched, with the body replayed, so every error a client can get is the one the
full app gives. Errors that arise while storing go through the app's own exception handlers.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from fastapi import FastAPI
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from cxladder.api.guards import RateLimiter, check_origin
from cxladder.api.routes.public import cors_headers, record_feedback
from cxladder.api.schemas import FeedbackAccepted, FeedbackCreate, WidgetFeedback
from cxladder.app import Cxladder
from cxladder.errors import CxladderError
from cxladder.model import Principal, Role

__all__ = ["ExpressLane"]

API_COLLECT = "/api/v1/collect/"
WIDGET_COLLECT = "/c/"
MAX_EXPRESS_BODY = 64 * 1024
"""Larger bodies are not a widget's; the full app reads them under its own body limit."""

COLLECTING_ROLES = (Role.COLLECTOR, Role.ADMIN)

Handler = Callable[[Request, Any], Response | Awaitable[Response]]
M = TypeVar("M", bound=BaseModel)


class _NotExpress(Exception):
    """This request leaves the lane for the full app, which gives the proper answer."""


class ExpressLane:
    """ASGI app in front of `app`: collection posts fast, every other request passed on."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.cx: Cxladder = app.state.cx
        self.limiter: RateLimiter = app.state.rate_limiter  # shared: one budget per client
        limit = app.max_body_size
        self.max_body = MAX_EXPRESS_BODY if limit is None else min(limit, MAX_EXPRESS_BODY)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._candidate(scope):
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive, self.max_body)
        if body is not None:
            try:
                await self._collect(scope, body, send)
                return
            except _NotExpress:
                pass
        await self.app(scope, _replay(messages, receive), send)

    @staticmethod
    def _candidate(scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
            return False
        path: str = scope["path"]
        return path.startswith((API_COLLECT, WIDGET_COLLECT)) and _is_json(scope)

    async def _collect(self, scope: Scope, body: bytes, send: Send) -> None:
        path: str = scope["path"]
        if path.startswith(API_COLLECT):
            await self._api_collect(scope, path[len(API_COLLECT) :], body, send)
        else:
            await self._widget_collect(scope, path[len(WIDGET_COLLECT) :], body, send)

    async def _api_collect(self, scope: Scope, touchpoint: str, body: bytes, send: Send) -> None:
        # The same rules as the route's Path(min_length=1, max_length=128) and `Collector`.
        if "/" in touchpoint or not 1 <= len(touchpoint) <= 128:
            raise _NotExpress
        principal = self._principal(_bearer_key(scope))
        feedback = _validated(FeedbackCreate, body)
        await self._record(scope, principal.organization, touchpoint, feedback, send, {})

    async def _widget_collect(self, scope: Scope, rest: str, body: bytes, send: Send) -> None:
        organization, _, touchpoint = rest.partition("/")
        if not organization or not touchpoint or "/" in touchpoint:
            raise _NotExpress
        feedback = _validated(WidgetFeedback, body)
        origin = _header(scope, b"origin")
        try:
            check_origin(origin, self.cx.allowed_origins(organization))
        except CxladderError:
            raise _NotExpress from None
        if self._principal(feedback.key).organization != organization:
            raise _NotExpress
        client = scope.get("client")
        # Checked last, so a request that leaves the lane is not counted twice.
        check = f"{client[0] if client else 'unknown'}|{organization}"
        await self._record(
            scope, organization, touchpoint, feedback, send, cors_headers(origin), check=check
        )

    def _principal(self, key: str | None) -> Principal:
        principal = self.cx.principal(key) if key else None
        if principal is None or principal.role not in COLLECTING_ROLES:
            raise _NotExpress
        return principal

    async def _record(
        self,
        scope: Scope,
        organization: str,
        touchpoint: str,
        feedback: FeedbackCreate,
        send: Send,
        headers: dict[str, str],
        *,
        check: str | None = None,
    ) -> None:
        try:
            if check is not None:
                self.limiter.check(check)
            accepted = await record_feedback(self.cx, organization, touchpoint, feedback)
        except CxladderError as error:
            await self._problem(scope, error, send)
            return
        await _send_json(send, 201, _accepted_json(accepted), headers)

    async def _problem(self, scope: Scope, error: CxladderError, send: Send) -> None:
        """The app's own answer to this error, so both lanes give clients the same problems."""
        handler = _handler_for(self.app, error)
        if handler is None:
            raise error
        response = handler(Request(scope), error)
        if inspect.isawaitable(response):
            response = await response
        await response(scope, _no_more_body, send)


def _is_json(scope: Scope) -> bool:
    content_type = _header(scope, b"content-type")
    if content_type is None:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _bearer_key(scope: Scope) -> str | None:
    # The dependency `get_principal` prefers X-API-Key, then a Bearer token.
    key = _header(scope, b"x-api-key")
    if key is not None:
        return key
    authorization = _header(scope, b"authorization")
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


def _validated(model: type[M], body: bytes) -> M:
    """The route's own schema, fed as FastAPI feeds it: the JSON decoded, then validated."""
    try:
        return model.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError too
        raise _NotExpress from None


def _accepted_json(accepted: FeedbackAccepted) -> bytes:
    return json.dumps(accepted.model_dump(), ensure_ascii=False, separators=(",", ":")).encode()


async def _send_json(send: Send, status: int, body: bytes, headers: dict[str, str]) -> None:
    raw = [
        (b"content-length", str(len(body)).encode()),
        (b"content-type", b"application/json"),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _read_body(receive: Receive, limit: int) -> tuple[list[Message], bytes | None]:
    """The request's messages as received, and its body when whole and small (else None)."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None  # the client went away: the full app notices it too
        size += len(message.get("body", b""))
        if size > limit:
            return messages, None
        if not message.get("more_body", False):
            break
    body = b"".join(m.get("body", b"") for m in messages)
    return messages, body or None


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed


async def _no_more_body() -> Message:
    return {"type": "http.disconnect"}


def _handler_for(app: FastAPI, error: Exception) -> Handler | None:
    for kind in type(error).__mro__:
        if kind in app.exception_handlers:
            return app.exception_handlers[kind]
    return None
