"""The REST API: `create_app(cx)` builds a FastAPI app around one Cxladder.

Nothing here is global: a test builds as many apps on as many stores as it likes.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from cxladder.api.guards import RateLimiter
from cxladder.api.problems import ERROR_RESPONSES, install_error_handlers
from cxladder.api.routes import (
    cases,
    collect,
    customers,
    experiences,
    health,
    journeys,
    organization,
    public,
    touchpoints,
)
from cxladder.app import Cxladder
from cxladder.web import (
    case_pages,
    customer_pages,
    journey_pages,
    moment_pages,
    pages,
    settings_pages,
    touchpoint_pages,
)
from cxladder.web.rendering import SignInFirst, redirect_to_sign_in
from cxladder.webhooks import WebhookCourier

__all__ = ["create_app"]

API_PREFIX = "/api/v1"


def create_app(cx: Cxladder, *, webhook_transport: httpx.BaseTransport | None = None) -> FastAPI:
    courier = WebhookCourier(cx.access, transport=webhook_transport, clock=cx.clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        cx.start_group_commit()
        # On a big store the first dashboard read takes seconds: take it now, not in a request.
        threading.Thread(target=_warm_up, args=(cx,), name="cxladder-warm-up", daemon=True).start()
        if cx.settings.deliver_webhooks:
            courier.start()
        try:
            yield
        finally:
            courier.stop()
            cx.stop_group_commit()

    app = FastAPI(
        title="cxladder",
        summary="Every customer experience on the service ladder, across every journey.",
        version="1",
        docs_url="/docs",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.cx = cx
    app.state.courier = courier
    app.state.rate_limiter = RateLimiter(
        rate=cx.settings.public_rate_per_second, burst=cx.settings.public_burst
    )
    app.mount("/static", StaticFiles(packages=[("cxladder.web", "static")]), name="static")
    for page_module in (
        pages,
        touchpoint_pages,
        journey_pages,
        moment_pages,
        customer_pages,
        case_pages,
        settings_pages,
    ):
        app.include_router(page_module.router)
    app.include_router(health.router)
    app.include_router(public.router, responses=ERROR_RESPONSES)
    for module in (organization, touchpoints, experiences, customers, cases, journeys, collect):
        app.include_router(module.router, prefix=API_PREFIX, responses=ERROR_RESPONSES)
    install_error_handlers(app)
    app.add_exception_handler(SignInFirst, _sign_in_first)
    app.add_middleware(_OptionsAnswer, openapi=app.openapi)
    return app


def _warm_up(cx: Cxladder) -> None:
    try:
        cx.warm_up()
    except Exception:  # a failed warm-up only means the first request reads for itself
        logging.getLogger("cxladder").exception("warming up the dashboard failed")


async def _sign_in_first(_request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInFirst)
    return redirect_to_sign_in(error.next_path)


class _OptionsAnswer:
    """OPTIONS lists the methods the OpenAPI documents for the path (a literal path wins over a
    templated one, as in routing); Starlette alone names only the first matching route's.

    Plain ASGI, not BaseHTTPMiddleware, so the collection hot path pays nothing for it. The
    public collection path answers its own OPTIONS (a CORS preflight) and is left alone.
    """

    def __init__(self, app: ASGIApp, *, openapi: Callable[[], dict[str, Any]]) -> None:
        self.app = app
        self.openapi = openapi
        self._paths: list[tuple[re.Pattern[str], bool, set[str]]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope["method"] != "OPTIONS" or path.startswith("/c/"):
            await self.app(scope, receive, send)
            return
        methods = self._methods(path)
        if not methods:
            await self.app(scope, receive, send)
            return
        allow = ", ".join(sorted(methods | {"OPTIONS"}))
        await Response(status_code=204, headers={"Allow": allow})(scope, receive, send)

    def _methods(self, path: str) -> set[str]:
        if self._paths is None:
            self._paths = [
                (
                    re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"),
                    "{" not in template,
                    {m.upper() for m in operations},
                )
                for template, operations in self.openapi()["paths"].items()
            ]
        matches = [(literal, m) for pattern, literal, m in self._paths if pattern.match(path)]
        literal = [m for is_literal, m in matches if is_literal]
        chosen = literal or [m for _, m in matches]
        return set().union(*chosen) if chosen else set()
