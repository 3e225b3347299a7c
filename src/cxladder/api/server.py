"""Running the API under uvicorn, in this process."""

from __future__ import annotations

import socket
import sys

import uvicorn
from fastapi import FastAPI
from starlette.types import Scope

from cxladder.api import create_app
from cxladder.api.express import ExpressLane
from cxladder.app import Cxladder

__all__ = ["build_server", "server_url", "warm_routes"]


def build_server(cx: Cxladder, *, host: str = "127.0.0.1", port: int = 8000) -> uvicorn.Server:
    if port == 0:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = int(probe.getsockname()[1])
    # A response crosses two threads (event loop, group-commit writer); with Python's default
    # 5 ms switch interval each hand-over can wait that long for the GIL, while at 0.2 ms the
    # threads spend their CPU handing it to and fro. 1 ms measured best under load (server CPU
    # per response about 420 us against 510 us at 0.2 ms and 520 us at 5 ms; benchmarks/load.py).
    sys.setswitchinterval(0.001)
    app = create_app(cx)
    warm_routes(app)
    config = uvicorn.Config(
        ExpressLane(app),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,  # no need to tell the world which server runs here
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


def warm_routes(app: FastAPI) -> None:
    """Let the router build its per-route state now rather than on the first request.

    FastAPI prepares an included router's routes (their validators) lazily, when a request
    first walks past them: about 0.1 s of CPU that would otherwise land on the first customers.
    A path that matches nothing walks past every route.
    """
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": "/\x00warm-up",
        "root_path": "",
        "query_string": b"",
        "headers": [],
    }
    for route in app.routes:
        route.matches(dict(scope))


def server_url(server: uvicorn.Server) -> str:
    return f"http://{server.config.host}:{server.config.port}"
