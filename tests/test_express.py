"""The collection fast path: the express lane answers exactly as the full app does, and the group
commit writes a batch table by table with the rules of one by one (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from customer_site import TestClient
from cxladder.api import create_app
from cxladder.api.express import ExpressLane
from cxladder.app import Cxladder, SurveyAnswer
from cxladder.errors import StoreError
from cxladder.model import Channel, Experience, Organization, Role, ServiceLevel, Touchpoint
from cxladder.settings import Settings
from cxladder.store.repo import PendingExperience
from cxladder.store.writer import GroupCommitter, write_batch
from live_server import CXLADDER, _wait_healthy

SHOP = "https://www.winkel.example"
NOW = datetime(2026, 11, 25, 16, 0)


class Tally:
    """ASGI middleware counting the requests that reach the full app."""

    def __init__(self, app: ASGIApp, *, seen: list[str]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.seen.append(scope["path"])
        await self.app(scope, receive, send)


@dataclass
class Lane:
    client: TestClient
    cx: Cxladder
    keys: dict[Role, str]
    reached_full_app: list[str] = field(default_factory=list)


def _seed(cx: Cxladder) -> dict[Role, str]:
    cx.add_organization(
        Organization("shop", "Webshop"),
        [Touchpoint("checkout", "Checkout", Channel.WEB, organization="shop")],
    )
    cx.add_organization(Organization("other", "Elders"))
    cx.allow_origins("shop", [SHOP])
    return {
        role: cx.create_key("shop", role=role, name=role.value)
        for role in (Role.COLLECTOR, Role.AGENT, Role.ADMIN)
    }


@contextmanager
def _lane(tmp_path: Path, name: str, *, express: bool, **settings: Any) -> Iterator[Lane]:
    """A served app on its own store: the full app alone, or behind the express lane."""
    url = f"sqlite:///{tmp_path / name}.db"
    with Cxladder(Settings(database_url=url, deliver_webhooks=False, **settings)) as cx:
        keys = _seed(cx)
        app = create_app(cx)
        reached: list[str] = []
        app.add_middleware(Tally, seen=reached)
        with TestClient(ExpressLane(app) if express else app) as client:
            yield Lane(client, cx, keys, reached)


@pytest.fixture
def lanes(tmp_path: Path) -> Iterator[tuple[Lane, Lane]]:
    with (
        _lane(tmp_path, "full", express=False) as full,
        _lane(tmp_path, "fast", express=True) as fast,
    ):
        yield full, fast


COLLECT = "/api/v1/collect/checkout"
WIDGET = "/c/shop/checkout"

# (what, path, credentials, body, answered in the lane)
CASES: list[tuple[str, str, str, Any, bool]] = [
    (
        "score and comment",
        COLLECT,
        "bearer",
        {"nps": 9, "comment": "Snel", "response_id": "a"},
        True,
    ),
    ("same response again", COLLECT, "bearer", {"nps": 2, "response_id": "a"}, True),
    ("key in X-API-Key", COLLECT, "x-api-key", {"csat": 2, "response_id": "b"}, True),
    ("admin key", COLLECT, "admin", {"ces": 6, "response_id": "c"}, True),
    ("unknown touchpoint", "/api/v1/collect/kassa", "bearer", {"nps": 9}, True),
    ("no score, no comment", COLLECT, "bearer", {"response_id": "d"}, True),
    ("not JSON", COLLECT, "bearer", b"{nps: 9", False),
    ("a field too many", COLLECT, "bearer", {"nps": 9, "kleur": "rood"}, False),
    ("a score as text", COLLECT, "bearer", {"nps": "9"}, False),
    ("a score out of range", COLLECT, "bearer", {"nps": 11}, False),
    ("a JSON list", COLLECT, "bearer", [1, 2], False),
    ("no key", COLLECT, "none", {"nps": 9}, False),
    ("unknown key", COLLECT, "wrong", {"nps": 9}, False),
    ("a reader's key", COLLECT, "agent", {"nps": 9}, False),
    ("not JSON content", COLLECT, "text", {"nps": 9}, False),
    ("trailing slash", COLLECT + "/", "bearer", {"nps": 9, "response_id": "e"}, False),
    ("touchpoint too long", "/api/v1/collect/" + "k" * 129, "bearer", {"nps": 9}, False),
    ("widget from its site", WIDGET, "origin", {"nps": 3, "response_id": "w1"}, True),
    ("widget, no origin", WIDGET, "widget", {"nps": 10, "response_id": "w2"}, True),
    ("widget from a stranger", WIDGET, "stranger", {"nps": 3}, False),
    ("widget, reader's key", WIDGET, "widget-agent", {"nps": 3}, False),
    ("widget, other shop", "/c/other/checkout", "widget", {"nps": 3}, False),
    ("widget, unknown touchpoint", "/c/shop/kassa", "widget", {"nps": 3}, True),
    ("widget, short key", WIDGET, "short", {"nps": 3}, False),
    ("widget, no key", WIDGET, "none", {"nps": 3}, False),
]


def _send(lane: Lane, path: str, credentials: str, body: Any) -> Any:
    keys = lane.keys
    headers = {"Content-Type": "application/json"}
    payload = body if isinstance(body, bytes) else None
    json_body = None if isinstance(body, bytes) else dict(body) if isinstance(body, dict) else body
    if credentials == "bearer":
        headers["Authorization"] = f"Bearer {keys[Role.COLLECTOR]}"
    elif credentials == "x-api-key":
        headers["X-API-Key"] = keys[Role.COLLECTOR]
    elif credentials in ("admin", "agent", "wrong"):
        key = {"admin": keys[Role.ADMIN], "agent": keys[Role.AGENT], "wrong": "cx_" + "0" * 40}
        headers["Authorization"] = f"Bearer {key[credentials]}"
    elif credentials == "text":
        headers = {"Authorization": f"Bearer {keys[Role.COLLECTOR]}", "Content-Type": "text/plain"}
    if path.startswith("/c/") and isinstance(json_body, dict) and credentials != "none":
        widget_key = {"widget-agent": keys[Role.AGENT], "short": "kort"}
        json_body["key"] = widget_key.get(credentials, keys[Role.COLLECTOR])
        if credentials in ("origin", "stranger"):
            headers["Origin"] = SHOP if credentials == "origin" else "https://evil.example"
    if payload is None:
        return lane.client.post(path, json=json_body, headers=headers)
    return lane.client.post(path, content=payload, headers=headers)


ANSWER_HEADERS = (
    "content-type",
    "access-control-allow-origin",
    "access-control-allow-methods",
    "vary",
    "www-authenticate",
    "retry-after",
)


def test_the_lane_answers_byte_for_byte_as_the_full_app(lanes: tuple[Lane, Lane]) -> None:
    full, fast = lanes
    for what, path, credentials, body, in_lane in CASES:
        expected = _send(full, path, credentials, body)
        passed = len(fast.reached_full_app)
        got = _send(fast, path, credentials, body)
        assert (got.status_code, got.content) == (expected.status_code, expected.content), what
        for name in ANSWER_HEADERS:
            assert got.headers.get(name) == expected.headers.get(name), (what, name)
        assert (len(fast.reached_full_app) == passed) is in_lane, what


def test_what_the_lane_accepts_is_stored_assessed_and_deduplicated(
    lanes: tuple[Lane, Lane],
) -> None:
    _, fast = lanes
    for _what, path, credentials, body, _ in CASES:
        _send(fast, path, credentials, body)
    stored = fast.cx.store.assessed_frame("shop", columns=["event_id", "nps"])
    assert sorted(stored["event_id"]) == ["a", "b", "c", "e", "w1", "w2"]
    assert stored.set_index("event_id").loc["a", "nps"] == 9  # the retry changed nothing
    assert stored["level"].notna().all()


def test_the_lane_shares_the_widget_rate_limit(tmp_path: Path) -> None:
    settings = {"public_burst": 2, "public_rate_per_second": 0.01}
    with _lane(tmp_path, "limited", express=True, **settings) as lane:
        answers = [_send(lane, WIDGET, "widget", {"nps": 8}) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2].json()["detail"].startswith("too many responses from this address")
    assert int(answers[2].headers["retry-after"]) >= 90


def _shop(cx: Cxladder) -> None:
    cx.add_organization(
        Organization("shop", "Webshop"),
        [Touchpoint("checkout", "Checkout", Channel.WEB, organization="shop")],
    )
    cx.add_webhook("shop", "http://127.0.0.1:9/hook", levels=[ServiceLevel.CRIMINAL])


def _pending(cx: Cxladder, event_id: str, nps: float, customer: str) -> PendingExperience:
    experience = Experience(
        id=event_id,
        customer_id=customer,
        touchpoint="checkout",
        at=NOW,
        organization="shop",
        nps=nps,
        text="Nooit meer, pakket kwijt." if nps < 3 else "Prima.",
        language="nl",
    )
    assessment = cx.judge.assess(experience, cx.touchpoints("shop")["checkout"])
    hooks = cx.access.webhooks("shop")
    outbox = tuple(
        (hook.id, event_id, "{}") for hook in hooks if int(assessment.level) in hook.levels
    )
    return PendingExperience(experience, assessment, outbox)


def test_a_batch_stores_each_event_once_with_one_webhook_event(any_cx: Cxladder) -> None:
    _shop(any_cx)
    any_cx.store.add_experiences([_pending(any_cx, "old", 0, "c0")], now=NOW)
    batch = [
        _pending(any_cx, "new-1", 0, "c1"),
        _pending(any_cx, "old", 0, "c0"),  # stored before: acknowledged, nothing added
        _pending(any_cx, "new-2", 9, "c1"),
        _pending(any_cx, "new-1", 0, "c1"),  # twice in one batch: the first one counts
    ]
    with any_cx.store.engine.begin() as connection:
        ids = write_batch(connection, any_cx.store.dialect, batch, now=NOW)
    assert ids[0] == ids[3] and len(set(ids)) == 3
    with any_cx.store.engine.begin() as connection:
        again = write_batch(connection, any_cx.store.dialect, batch[:1], now=NOW)
    assert again == ids[:1]
    stored = any_cx.store.assessed_frame("shop", columns=["event_id"])
    assert sorted(stored["event_id"]) == ["new-1", "new-2", "old"]
    assert stored["level"].notna().all()
    events = [d["event_id"] for d in any_cx.webhook_deliveries("shop")]
    assert sorted(events) == ["new-1", "old"]
    assert any_cx.store.customer("shop", "c1").language == "nl"


def test_concurrent_responses_share_commits_and_each_gets_its_row(any_cx: Cxladder) -> None:
    _shop(any_cx)
    any_cx.start_group_commit()

    async def burst() -> list[tuple[str, str]]:
        answers = await asyncio.gather(
            *(
                any_cx.collect_async(
                    "shop",
                    "checkout",
                    SurveyAnswer(nps=float(i % 11)),
                    response_id=f"r{i % 150}",  # 50 retries among 200 posts
                )
                for i in range(200)
            )
        )
        return [(experience.id, assessment.level.name) for experience, assessment in answers]

    try:
        answered = asyncio.run(burst())
    finally:
        any_cx.stop_group_commit()
    assert len(answered) == 200
    stored = any_cx.store.assessed_frame("shop", columns=["event_id"])
    assert sorted(stored["event_id"]) == sorted(f"r{i}" for i in range(150))
    events = [d["event_id"] for d in any_cx.webhook_deliveries("shop")]
    assert len(events) == len(set(events))  # a retry raises no second webhook event


def _raw_rows(cx: Cxladder) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "experiences": "SELECT * FROM experiences ORDER BY event_id",
        "customers": "SELECT * FROM customers ORDER BY id",
        "assessments": "SELECT level, confidence, reasons, judge FROM assessments ORDER BY 1",
    }
    with cx.store.engine.connect() as connection:
        return {
            table: [tuple(r) for r in connection.exec_driver_sql(sql)]
            for table, sql in queries.items()
        }


def test_the_sqlite_batch_writes_what_sqlalchemy_writes(tmp_path: Path) -> None:
    one_by_one = Cxladder(Settings(database_url=f"sqlite:///{tmp_path / 'one.db'}"))
    batched = Cxladder(Settings(database_url=f"sqlite:///{tmp_path / 'batch.db'}"))
    for cx in (one_by_one, batched):
        _shop(cx)
    items = [_pending(one_by_one, f"e{i}", float(i), f"c{i % 2}") for i in range(4)]
    one_by_one.store.add_experiences(items, now=NOW)
    with batched.store.engine.begin() as connection:
        write_batch(connection, "sqlite", items, now=NOW)
    expected, got = _raw_rows(one_by_one), _raw_rows(batched)
    for cx in (one_by_one, batched):
        cx.close()
    assert got == expected
    assert len(got["experiences"]) == 4 and len(got["customers"]) == 2


def test_no_acknowledged_response_is_lost_when_the_server_is_killed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    with Cxladder(Settings(database_url=url)) as cx:
        key = _seed(cx)[Role.COLLECTOR]
    server = subprocess.Popen(
        [CXLADDER, "serve", "--db", url, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "COLUMNS": "200", "CXLADDER_DELIVER_WEBHOOKS": "false"},
    )
    try:
        assert server.stdout is not None
        base = server.stdout.readline().rsplit(" ", 1)[-1].strip()
        _wait_healthy(base)
        acknowledged: list[str] = []
        senders = [
            threading.Thread(target=_post_until_refused, args=(base, key, n, acknowledged))
            for n in range(4)
        ]
        for sender in senders:
            sender.start()
        time.sleep(1.5)
        server.send_signal(signal.SIGKILL)  # mid-burst: no shutdown, no flush
        server.wait(timeout=10)
        for sender in senders:
            sender.join(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
    with Cxladder(Settings(database_url=url)) as cx:
        stored = set(cx.store.assessed_frame("shop", columns=["event_id"])["event_id"])
    assert len(acknowledged) > 20
    assert set(acknowledged) <= stored


def _post_until_refused(base: str, key: str, sender: int, acknowledged: list[str]) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    with httpx.Client(base_url=base, headers=headers, timeout=5) as client:
        for i in range(5_000):  # bounded; the kill ends it long before
            response_id = f"k{sender}-{i}"
            try:
                answer = client.post(COLLECT, json={"nps": i % 11, "response_id": response_id})
            except httpx.TransportError:
                return
            if answer.status_code == 201:
                acknowledged.append(response_id)


def test_a_bad_response_fails_alone_and_the_writer_carries_on(any_cx: Cxladder) -> None:
    _shop(any_cx)
    good = _pending(any_cx, "good", 9, "c1")
    stranger = replace(good.experience, id="bad", organization="nobody")  # no such organisation
    bad = PendingExperience(stranger, good.assessment)
    committer = GroupCommitter(any_cx.store, clock=lambda: NOW)
    try:
        waiting = [committer.submit_later(item) for item in (good, bad)]
        with pytest.raises(StoreError, match="not stored"):
            waiting[1].result(timeout=30)
        first = waiting[0].result(timeout=30)
        later = committer.submit(_pending(any_cx, "later", 8, "c2"))
    finally:
        committer.close()
    assert later != first
    stored = any_cx.store.assessed_frame("shop", columns=["event_id"])
    assert sorted(stored["event_id"]) == ["good", "later"]
