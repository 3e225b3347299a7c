"""Webhooks: signed events for low levels, retried until a real receiver takes them."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from cxladder.app import Cxladder, SurveyAnswer
from cxladder.model import Channel, Organization, ServiceLevel, Touchpoint
from cxladder.webhooks import MAX_ATTEMPTS, WebhookCourier, verify


class Receiver:
    """A real HTTP receiver on loopback that can be switched down (answers 503) and up."""

    def __init__(self) -> None:
        self.up = False
        self.received: list[tuple[bytes, str]] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.up:
                    receiver.received.append((body, self.headers["X-Cxladder-Signature"]))
                self.send_response(200 if receiver.up else 503)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 12, 0)

    def __call__(self) -> datetime:
        return self.now


def _setup(cx: Cxladder, url: str) -> str:
    cx.add_organization(
        Organization("bistro", "Bistro"),
        [Touchpoint("table", "Table", Channel.ON_SITE, organization="bistro")],
    )
    _, secret = cx.add_webhook("bistro", url, levels=[ServiceLevel.CRIMINAL, ServiceLevel.BASIC])
    return secret


def test_low_levels_are_delivered_signed_after_the_receiver_comes_back(
    any_cx: Cxladder, receiver: Receiver
) -> None:
    clock = Clock()
    any_cx.clock = clock
    secret = _setup(any_cx, receiver.url)
    bad = SurveyAnswer(nps=0, text="Reservering kwijt, 25 minuten gewacht. Nooit meer!")
    any_cx.collect("bistro", "table", bad, customer_id="c1", response_id="r1")
    good = SurveyAnswer(nps=10, text="Ze hadden een bordje met onze naam en champagne!")
    any_cx.collect("bistro", "table", good, customer_id="c2", response_id="r2")
    courier = WebhookCourier(any_cx.access, clock=clock)
    try:
        assert courier.deliver_due() == 0  # the receiver is down: 503
        log = any_cx.webhook_deliveries("bistro")
        assert len(log) == 1, "only the low-level experience raises an event"
        assert (log[0]["status"], log[0]["attempts"], log[0]["last_status_code"]) == (
            "pending",
            1,
            503,
        )
        receiver.up = True
        assert courier.deliver_due() == 0  # not due yet: back-off
        clock.now += timedelta(seconds=2)
        assert courier.deliver_due() == 1
    finally:
        courier.stop()
    body, signature = receiver.received[0]
    assert verify(secret, body, signature, now=int(clock.now.timestamp()))
    assert not verify("wrong-secret", body, signature, now=int(clock.now.timestamp()))
    event = json.loads(body)
    assert event["event_id"] == "r1" and event["level"] in (1, 2)
    assert "Nooit meer" in event["text"]  # Slack-compatible text field with the quote
    assert any_cx.webhook_deliveries("bistro")[0]["status"] == "delivered"


def test_a_receiver_that_never_answers_is_given_up_after_the_last_attempt(
    cx: Cxladder,
) -> None:
    clock = Clock()
    cx.clock = clock
    _setup(cx, "http://127.0.0.1:9/nothing-listens-here")
    cx.collect("bistro", "table", SurveyAnswer(nps=0, text="Nooit meer."), response_id="r1")
    courier = WebhookCourier(cx.access, clock=clock, timeout=1)
    try:
        for _ in range(MAX_ATTEMPTS + 2):
            courier.deliver_due()
            clock.now += timedelta(hours=7)
    finally:
        courier.stop()
    (delivery,) = cx.webhook_deliveries("bistro")
    assert delivery["status"] == "failed"
    assert delivery["attempts"] == MAX_ATTEMPTS
    assert "Error" in str(delivery["last_error"])


def test_the_same_response_twice_raises_one_event(cx: Cxladder) -> None:
    _setup(cx, "http://127.0.0.1:9/x")
    for _ in range(2):
        cx.collect("bistro", "table", SurveyAnswer(nps=1), response_id="same")
    assert len(cx.webhook_deliveries("bistro")) == 1


def test_webhook_urls_are_checked(cx: Cxladder) -> None:
    cx.add_organization(Organization("bistro", "Bistro"))
    with pytest.raises(ValueError, match="must start with http"):
        cx.add_webhook("bistro", "ftp://example.org")


def test_courier_thread_delivers_in_the_background(cx: Cxladder, receiver: Receiver) -> None:
    receiver.up = True
    _setup(cx, receiver.url)
    courier = WebhookCourier(cx.access)
    courier.start(interval=0.05)
    try:
        cx.collect("bistro", "table", SurveyAnswer(nps=0, text="Nooit meer."), response_id="bg")
        deadline = time.monotonic() + 10
        while not receiver.received:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        courier.stop()


def test_personal_data_is_redacted_before_it_is_stored_or_sent(cx: Cxladder) -> None:
    _setup(cx, "http://127.0.0.1:9/x")
    text = "Nooit meer! Bel me op 06-12345678 of mail anna.devries@example.nl"
    experience, _ = cx.collect("bistro", "table", SurveyAnswer(nps=0, text=text))
    stored = cx.store.experience("bistro", experience.id).experience.text
    assert "06-12345678" not in stored and "anna.devries@example.nl" not in stored
    (delivery,) = cx.webhook_deliveries("bistro")
    assert "anna.devries" not in str(delivery["payload"])
