"""Load and durability of the public collection endpoint, on loopback.

Starts `cxladder serve` on a fresh embedded store, drives POST /api/v1/collect/<touchpoint>
from separate client processes for a bounded time, then runs a second burst during which the
server is killed with SIGKILL, restarts it on the same store and counts: every response that was
acknowledged with a 2xx must be in the store ("lost" must be 0, before and after the kill).

    python benchmarks/load.py [--seconds S] [--clients N] [--json]

Traffic goes to 127.0.0.1 only; every loop is bounded in time and count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from cxladder.app import Cxladder
from cxladder.model import Channel, Organization, Role, Touchpoint
from cxladder.settings import Settings

MAX_REQUESTS_PER_CLIENT = 200_000


def _serve(db: str) -> tuple[subprocess.Popen[str], str]:
    exe = str(Path(sys.executable).with_name("cxladder"))
    env = {
        **os.environ,
        "CXLADDER_PUBLIC_RATE_PER_SECOND": "1000000",
        "CXLADDER_PUBLIC_BURST": "1000000",
        "CXLADDER_DELIVER_WEBHOOKS": "false",
        "COLUMNS": "200",
    }
    process = subprocess.Popen(
        [exe, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    url = process.stdout.readline().rsplit(" ", 1)[-1].strip()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.05)
    raise SystemExit("the server did not become healthy")


def _client(url: str, key: str, seconds: float, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """One client process with `CONNECTIONS` keep-alive connections, each sending in turn."""
    results = asyncio.run(_connections(url, key, seconds))
    out.put(([rid for acks, _ in results for rid in acks], [x for _, ls in results for x in ls]))


CONNECTIONS = 8


async def _connections(url: str, key: str, seconds: float) -> list[tuple[list[str], list[float]]]:
    stop_at = time.monotonic() + seconds
    return list(await asyncio.gather(*(_connection(url, key, stop_at) for _ in range(CONNECTIONS))))


async def _connection(url: str, key: str, stop_at: float) -> tuple[list[str], list[float]]:
    # Plain HTTP/1.1 over asyncio streams: a load generator must cost less than the server.
    host, port = url.removeprefix("http://").split(":")
    acknowledged: list[str] = []
    latencies: list[float] = []
    try:
        reader, writer = await asyncio.open_connection(host, int(port))
    except OSError:
        return acknowledged, latencies
    for i in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= stop_at:
            break
        response_id = uuid.uuid4().hex
        body = json.dumps(
            {"nps": i % 11, "comment": "vlot geholpen" if i % 3 else "", "response_id": response_id}
        ).encode()
        request = (
            f"POST /api/v1/collect/checkout HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {key}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode() + body
        started = time.perf_counter()
        try:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            break  # the server is gone (killed): this connection is done
        if head.startswith(b"HTTP/1.1 201"):
            latencies.append(time.perf_counter() - started)
            acknowledged.append(response_id)
    writer.close()
    return acknowledged, latencies


def _burst(
    url: str, key: str, *, clients: int, seconds: float, kill: subprocess.Popen[str] | None
) -> tuple[list[str], list[float], float]:
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    workers = [mp.Process(target=_client, args=(url, key, seconds, queue)) for _ in range(clients)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    if kill is not None:
        time.sleep(seconds / 2)
        kill.send_signal(signal.SIGKILL)
        kill.wait()
    results = [queue.get(timeout=seconds + 60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    elapsed = time.perf_counter() - started
    acknowledged = [rid for acks, _ in results for rid in acks]
    latencies = [lat for _, lats in results for lat in lats]
    return acknowledged, latencies, elapsed


def _stored_ids(db: str) -> set[str]:
    with Cxladder(Settings(database_url=db)) as cx:
        frame = cx.store.assessed_frame("shop", columns=["event_id"])
    return set(frame["event_id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each burst")
    parser.add_argument("--clients", type=int, default=3, help="client processes")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="cxladder-load-"))
    db = f"sqlite:///{folder / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        cx.add_organization(
            Organization("shop", "Webshop"),
            [Touchpoint("checkout", "Checkout", Channel.WEB, organization="shop")],
        )
        key = cx.create_key("shop", role=Role.COLLECTOR, name="load test")

    server, url = _serve(db)
    first, latencies, elapsed = _burst(
        url, key, clients=options.clients, seconds=options.seconds, kill=None
    )
    second, _, _ = _burst(url, key, clients=options.clients, seconds=options.seconds, kill=server)
    server, url = _serve(db)  # restart on the same store, as an operator would
    stored = _stored_ids(db)
    server.terminate()
    server.wait(timeout=10)

    latencies.sort()
    figures = {
        "responses_per_second": round(len(first) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2) if latencies else None,
        "lost": len(set(first) - stored),
        "lost_after_kill": len(set(second) - stored),
        "acknowledged_before_kill": len(second),
    }
    print(f"clients: {options.clients} processes, {options.seconds:g} s per burst, loopback")
    print(
        f"first burst: {len(first):,} acknowledged in {elapsed:.1f} s "
        f"= {figures['responses_per_second']:,} responses/s, "
        f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, lost {figures['lost']}"
    )
    print(
        f"second burst, server killed with SIGKILL half-way: {len(second):,} acknowledged, "
        f"lost after restart: {figures['lost_after_kill']}"
    )
    print("targets: >= 2,000 responses/s, p99 < 100 ms, 0 lost, 0 lost after kill")
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
