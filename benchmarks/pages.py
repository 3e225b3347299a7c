"""How long does each dashboard page take on a store of 1M experiences?

Builds (once, then reuses) an embedded store whose one organisation holds N experiences: the
demo's theme park, its customers and journeys, generated at scale with the demo's own seeded
generator, imported, assessed, with cases opened for its Criminal and Basic moments. Starts
`cxladder serve` on it, signs in as an admin, and times every page over loopback HTTP
(keep-alive, full body read): the first request (which fills caches such as the journey log) is
shown apart, the median and p90 of the following ones are the figures. Beside them, the peer a
dashboard built without care would be: reading the organisation's experiences into pandas and
grouping them per touchpoint, per request.

    python benchmarks/pages.py [--experiences N] [--db PATH] [--repeat R] [--json]

Target (issue #6): every page < 300 ms median at 1M experiences.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pandas as pd
import sqlalchemy as sa

from cxladder.app import Cxladder
from cxladder.demo.generate import generate
from cxladder.model import Role
from cxladder.settings import Settings

ORGANIZATION = "themepark"
EMAIL, PASSWORD = "bench@themepark.test", "a long benchmark password"
TARGET_MS = 300.0
# Theme-park experiences per generated customer, measured on the demo generator (47,014 per 10,000).
PER_CUSTOMER = 4.7


def build_store(db: Path, experiences: int, *, seed: int = 11) -> None:
    data = generate(customers=int(experiences / PER_CUSTOMER) + 1, seed=seed)
    rows = data.experiences[data.experiences["organization"] == ORGANIZATION]
    rows = rows.iloc[:experiences].drop(columns=["organization"])
    wanted = set(rows["customer_id"])
    customers = [c for c in data.customers if c.organization == ORGANIZATION and c.id in wanted]
    with Cxladder(Settings(database_url=f"sqlite:///{db}", rejects_dir=db.parent)) as cx:
        for organization, touchpoints in data.organizations:
            if organization.key == ORGANIZATION:
                cx.add_organization(organization, touchpoints)
        cx.store.save_customers(customers)
        step("import", lambda: cx.import_frame(rows, organization=ORGANIZATION, strict=True))
        step("assess", lambda: cx.assess(ORGANIZATION))
        step("cases", lambda: cx.actions.open_cases(organization=ORGANIZATION))
        cx.add_user(ORGANIZATION, email=EMAIL, role=Role.ADMIN, password=PASSWORD, name="Bench")


def step(name: str, work: object) -> None:
    started = time.perf_counter()
    assert callable(work)
    work()
    print(f"  {name:<8} {time.perf_counter() - started:7.1f} s", flush=True)


def stored_experiences(db: Path) -> int:
    if not db.exists():
        return 0
    engine = sa.create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT count(*) FROM experiences")).scalar_one())
    except sa.exc.OperationalError:
        return 0
    finally:
        engine.dispose()


@contextmanager
def server(db: Path) -> Iterator[str]:
    cli = Path(sys.executable).with_name("cxladder")
    process = subprocess.Popen(
        [str(cli), "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"https?://\S+", line)
        if not found:
            raise SystemExit(f"the server did not say where it listens: {line!r}")
        url = found.group(0)
        for _ in range(600):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def page_paths(client: httpx.Client, db: Path) -> list[str]:
    """Every page, with real ids from the store for the pages about one thing."""
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        one = connection.execute(
            sa.text(
                "SELECT event_id, customer_id, touchpoint FROM experiences "
                "WHERE organization = :org ORDER BY at DESC LIMIT 1"
            ),
            {"org": ORGANIZATION},
        ).one()
        case = connection.execute(
            sa.text("SELECT id FROM cases WHERE organization = :org ORDER BY id LIMIT 1"),
            {"org": ORGANIZATION},
        ).scalar()
        step_pair = connection.execute(
            sa.text(
                "SELECT a.touchpoint, b.touchpoint FROM experiences a JOIN experiences b "
                "ON a.customer_id = b.customer_id AND a.organization = b.organization "
                "AND b.at > a.at AND b.touchpoint <> a.touchpoint "
                "WHERE a.organization = :org AND a.customer_id = :customer LIMIT 1"
            ),
            {"org": ORGANIZATION, "customer": one.customer_id},
        ).first()
    engine.dispose()
    paths = [
        "/",
        "/?channel=app",
        "/touchpoints",
        f"/touchpoints/{one.touchpoint}",
        "/journeys",
        "/journeys?channel=app",
        f"/experiences?touchpoint={one.touchpoint}",
        f"/experiences/{one.event_id}",
        "/moments",
        "/customers",
        f"/customers/{one.customer_id}",
        "/cases",
        "/settings",
    ]
    if step_pair is not None:
        paths.insert(7, f"/experiences?from={step_pair[0]}&to={step_pair[1]}")
    if case is not None:
        paths.insert(-1, f"/cases/{case}")
    return paths


def time_page(client: httpx.Client, path: str, repeat: int) -> dict[str, float | int | None]:
    timings: list[float] = []
    status = 0
    for _ in range(repeat + 1):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
        if status != 200:
            return {"status": status, "first_ms": None, "median_ms": None, "p90_ms": None}
    rest = sorted(timings[1:])
    return {
        "status": status,
        "first_ms": round(timings[0], 1),
        "median_ms": round(statistics.median(rest), 1),
        "p90_ms": round(rest[int(0.9 * (len(rest) - 1))], 1),
    }


def naive_peer_ms(db: Path, repeat: int) -> float:
    """Per request: every experience of the organisation into pandas, grouped per touchpoint."""
    engine = sa.create_engine(f"sqlite:///{db}")
    timings = []
    query = sa.text(
        "SELECT e.touchpoint, a.level FROM experiences e JOIN assessments a "
        "ON a.experience_id = e.id WHERE e.organization = :org"
    )
    for _ in range(max(repeat // 3, 2)):
        started = time.perf_counter()
        with engine.connect() as connection:
            frame = pd.read_sql(query, connection, params={"org": ORGANIZATION})
        frame.groupby("touchpoint")["level"].agg(["count", "mean"])
        timings.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experiences", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("bench-pages.db"))
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    args = parser.parse_args()
    have = stored_experiences(args.db)
    if have < args.experiences * 0.99:
        print(f"building a store of {args.experiences:,} experiences in {args.db}", flush=True)
        for leftover in args.db.parent.glob(args.db.name + "*"):
            leftover.unlink()
        build_store(args.db, args.experiences)
        have = stored_experiences(args.db)
    print(f"store: {have:,} experiences; server time per page over loopback HTTP")
    results: dict[str, dict[str, float | int | None]] = {}
    with server(args.db) as url, httpx.Client(base_url=url, timeout=900) as client:
        signed = client.post("/login", data={"email": EMAIL, "password": PASSWORD})
        if signed.status_code not in (200, 303) or "cxladder_session" not in client.cookies:
            raise SystemExit(f"could not sign in: HTTP {signed.status_code}")
        for path in page_paths(client, args.db):
            results[path] = found = time_page(client, path, args.repeat)
            if found["median_ms"] is None:
                print(f"{path:<48} HTTP {found['status']}")
                continue
            verdict = "ok" if float(found["median_ms"]) < TARGET_MS else "OVER TARGET"
            print(
                f"{path:<48} median {found['median_ms']:>7.1f} ms  p90 {found['p90_ms']:>7.1f} ms"
                f"  first {found['first_ms']:>8.1f} ms  {verdict}"
            )
    peer = naive_peer_ms(args.db, args.repeat)
    medians = [float(r["median_ms"]) for r in results.values() if r["median_ms"] is not None]
    slowest = max(medians) if medians else None
    print(f"naive peer (all experiences into pandas per request): median {peer:,.0f} ms")
    if slowest is not None:
        print(
            f"slowest page median {slowest:.1f} ms = {slowest / TARGET_MS:.2f} of the target;"
            f" the naive peer is {peer / slowest:.1f}x slower than the slowest page"
        )
    broken = [path for path, found in results.items() if found["status"] != 200]
    if broken:
        print(f"pages that did not answer 200: {', '.join(broken)}")
    if args.json:
        print(
            json.dumps(
                {
                    "experiences": have,
                    "pages": results,
                    "slowest_median_ms": slowest,
                    "naive_peer_ms": round(peer, 1),
                }
            )
        )
    if broken:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
