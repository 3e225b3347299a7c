"""Load and durability of the public collection endpoint, on loopback.

Starts `cxladder serve` on a fresh embedded store, drives POST /api/v1/collect/<touchpoint> (or
the widget's POST /c/<organisation>/<touchpoint>) from separate client processes for a bounded
time, then runs a second burst during which the server is killed with SIGKILL, restarts it on
the same store and counts: every response that was acknowledged with a 2xx must be in the store
("lost" must be 0, before and after the kill).

    python benchmarks/load.py [--seconds S] [--clients N] [--endpoint api|widget] [--json]

Traffic goes to 127.0.0.1 only; every loop is bounded in time and count.

On a shared machine the wall-clock rate says as much about the neighbours as about the server,
so the CPU time the server and the clients spent per acknowledged response is printed too
(server from /proc/<pid>/stat, clients from their own process_time), with the load average.
"responses per server CPU-second" is 1 / server CPU per response: what a core of its own would
sustain if the server used one (its writer thread can overlap a little, on a second core).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

from cxladder.app import Cxladder
from cxladder.model import Channel, Organization, Role, Touchpoint
from cxladder.settings import Settings

MAX_REQUESTS_PER_CLIENT = 200_000
SITE = "https://www.webshop.example"


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


def _client(url: str, key: str, seconds: float, widget: bool, out: mp.Queue) -> None:  # type: ignore[type-arg]
    """One client process with `CONNECTIONS` keep-alive connections, each sending in turn."""
    started = time.process_time()
    results = asyncio.run(_connections(url, key, seconds, widget))
    acknowledged = [rid for acks, _ in results for rid in acks]
    out.put((acknowledged, [x for _, ls in results for x in ls], time.process_time() - started))


CONNECTIONS = 8


async def _connections(
    url: str, key: str, seconds: float, widget: bool
) -> list[tuple[list[str], list[float]]]:
    stop_at = time.monotonic() + seconds
    return list(
        await asyncio.gather(*(_connection(url, key, stop_at, widget) for _ in range(CONNECTIONS)))
    )


def _request(host: str, key: str, i: int, response_id: str, widget: bool) -> bytes:
    answer: dict[str, object] = {
        "nps": i % 11,
        "comment": "vlot geholpen" if i % 3 else "",
        "response_id": response_id,
    }
    if widget:  # the widget's key travels in the body; a browser adds its Origin
        body = json.dumps({**answer, "key": key}).encode()
        head = f"POST /c/shop/checkout HTTP/1.1\r\nHost: {host}\r\nOrigin: {SITE}\r\n"
    else:
        body = json.dumps(answer).encode()
        head = f"POST /api/v1/collect/checkout HTTP/1.1\r\nHost: {host}\r\n"
        head += f"Authorization: Bearer {key}\r\n"
    head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


async def _connection(
    url: str, key: str, stop_at: float, widget: bool
) -> tuple[list[str], list[float]]:
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
        request = _request(host, key, i, response_id, widget)
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


@dataclass
class Burst:
    acknowledged: list[str]
    latencies: list[float]
    seconds: float
    client_cpu: float
    server_cpu: float | None


def _burst(
    url: str,
    key: str,
    server: subprocess.Popen[str],
    *,
    clients: int,
    seconds: float,
    widget: bool,
    kill: bool,
) -> Burst:
    queue: mp.Queue = mp.Queue()  # type: ignore[type-arg]
    workers = [
        mp.Process(target=_client, args=(url, key, seconds, widget, queue)) for _ in range(clients)
    ]
    cpu_before = _cpu_seconds(server.pid)
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    if kill:
        time.sleep(seconds / 2)
        server.send_signal(signal.SIGKILL)
        server.wait()
    results = [queue.get(timeout=seconds + 60) for _ in workers]
    cpu_after = None if kill else _cpu_seconds(server.pid)
    for worker in workers:
        worker.join(timeout=30)
    return Burst(
        acknowledged=[rid for acks, _, _ in results for rid in acks],
        latencies=sorted(lat for _, lats, _ in results for lat in lats),
        seconds=time.perf_counter() - started,
        client_cpu=sum(cpu for _, _, cpu in results),
        server_cpu=None if cpu_before is None or cpu_after is None else cpu_after - cpu_before,
    )


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a live process, from /proc (Linux); None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stored_ids(db: str) -> set[str]:
    with Cxladder(Settings(database_url=db)) as cx:
        frame = cx.store.assessed_frame("shop", columns=["event_id"])
    return set(frame["event_id"])


def _store(folder: Path) -> tuple[str, str]:
    db = f"sqlite:///{folder / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        cx.add_organization(
            Organization("shop", "Webshop"),
            [Touchpoint("checkout", "Checkout", Channel.WEB, organization="shop")],
        )
        cx.allow_origins("shop", [SITE])
        key = cx.create_key("shop", role=Role.COLLECTOR, name="load test")
    return db, key


def _percentile(ordered: list[float], share: float) -> float | None:
    if not ordered:
        return None
    return round(ordered[max(0, math.ceil(len(ordered) * share) - 1)] * 1000, 2)


def _figures(first: Burst, second: Burst, stored: set[str]) -> dict[str, object]:
    n = len(first.acknowledged)
    server_us = first.server_cpu * 1e6 / n if n and first.server_cpu is not None else None
    return {
        "responses_per_second": round(n / first.seconds, 1),
        "p50_ms": _percentile(first.latencies, 0.50),
        "p99_ms": _percentile(first.latencies, 0.99),
        "lost": len(set(first.acknowledged) - stored),
        "lost_after_kill": len(set(second.acknowledged) - stored),
        "acknowledged_before_kill": len(second.acknowledged),
        "server_cpu_us_per_response": round(server_us) if server_us else None,
        "client_cpu_us_per_response": round(first.client_cpu * 1e6 / n) if n else None,
        "responses_per_server_cpu_second": round(1e6 / server_us) if server_us else None,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def _run(folder: Path, options: argparse.Namespace) -> tuple[Burst, Burst, set[str], float]:
    """Both bursts on a fresh store in `folder`; no server is left running when it returns."""
    db, key = _store(folder)
    load_before = os.getloadavg()[0]
    burst = {"clients": options.clients, "seconds": options.seconds}
    widget = options.endpoint == "widget"
    server, url = _serve(db)
    try:
        first = _burst(url, key, server, **burst, widget=widget, kill=False)
        second = _burst(url, key, server, **burst, widget=widget, kill=True)
        server, url = _serve(db)  # restart on the same store, as an operator would
        stored = _stored_ids(db)
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return first, second, stored, load_before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each burst")
    parser.add_argument("--clients", type=int, default=3, help="client processes")
    parser.add_argument(
        "--endpoint", choices=["api", "widget"], default="api", help="which collection path"
    )
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cxladder-load-") as folder:
        first, second, stored, load_before = _run(Path(folder), options)

    figures = _figures(first, second, stored)
    print(
        f"clients: {options.clients} processes x {CONNECTIONS} connections, {options.seconds:g} s "
        f"per burst, loopback, {options.endpoint} endpoint; load average {load_before:.2f} before, "
        f"{figures['load_average_1m']} after"
    )
    print(
        f"first burst: {len(first.acknowledged):,} acknowledged in {first.seconds:.1f} s "
        f"= {figures['responses_per_second']:,} responses/s, "
        f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, lost {figures['lost']}"
    )
    print(
        f"CPU per acknowledged response: server {figures['server_cpu_us_per_response']} us, "
        f"clients {figures['client_cpu_us_per_response']} us; "
        f"{figures['responses_per_server_cpu_second']} responses per server CPU-second"
    )
    print(
        f"second burst, server killed with SIGKILL half-way: {len(second.acknowledged):,} "
        f"acknowledged, lost after restart: {figures['lost_after_kill']}"
    )
    print("targets: >= 2,000 responses/s, p99 < 100 ms, 0 lost, 0 lost after kill")
    if options.json:
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
