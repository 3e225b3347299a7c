"""The REST API: `create_app(cx)` builds a FastAPI app around one Cxladder.

Nothing here is global: a test builds as many apps on as many stores as it likes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from cxladder.api.guards import RateLimiter
from cxladder.api.problems import install_error_handlers
from cxladder.api.routes import collect, experiences, health, organization, public, touchpoints
from cxladder.app import Cxladder
from cxladder.webhooks import WebhookCourier

__all__ = ["create_app"]

API_PREFIX = "/api/v1"


def create_app(cx: Cxladder, *, webhook_transport: httpx.BaseTransport | None = None) -> FastAPI:
    courier = WebhookCourier(cx.access, transport=webhook_transport, clock=cx.clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        cx.start_group_commit()
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
    app.include_router(health.router)
    app.include_router(public.router)
    for module in (organization, touchpoints, experiences, collect):
        app.include_router(module.router, prefix=API_PREFIX)
    install_error_handlers(app)
    return app
