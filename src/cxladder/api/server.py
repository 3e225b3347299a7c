"""Running the API under uvicorn, in this process."""

from __future__ import annotations

import socket
import sys

import uvicorn

from cxladder.api import create_app
from cxladder.app import Cxladder

__all__ = ["build_server", "server_url"]


def build_server(cx: Cxladder, *, host: str = "127.0.0.1", port: int = 8000) -> uvicorn.Server:
    if port == 0:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = int(probe.getsockname()[1])
    # A response crosses three threads (event loop, request worker, group-commit writer); with
    # Python's default 5 ms switch interval each hand-over can wait that long for the GIL.
    sys.setswitchinterval(0.0002)
    config = uvicorn.Config(
        create_app(cx),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,
    )
    return uvicorn.Server(config)


def server_url(server: uvicorn.Server) -> str:
    return f"http://{server.config.host}:{server.config.port}"
