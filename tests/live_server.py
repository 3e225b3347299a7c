"""A real `cxladder serve` process for the tests that talk HTTP to it (no in-process shortcuts)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CXLADDER = str(Path(sys.executable).with_name("cxladder"))


@contextmanager
def serving(
    database_url: str, *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Iterator[str]:
    """Start the server on a free port, wait until /health answers, yield its URL, stop it."""
    process = subprocess.Popen(
        [CXLADDER, "serve", "--db", database_url, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=cwd,  # bulk imports write their rejects files here
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "listening on http://" in line, line
        url = line.rsplit(" ", 1)[-1].strip()
        _wait_healthy(url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:  # a request still busy (an erasure's VACUUM, say)
            process.kill()
            process.wait(timeout=10)


def _wait_healthy(url: str, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not become healthy"
        time.sleep(0.1)
