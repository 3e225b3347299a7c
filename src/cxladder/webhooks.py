"""Webhooks: a Criminal or Basic moment reaches the people who can act, while it still matters.

Events are queued in the store's outbox in the same transaction as the experience, then
delivered by `WebhookCourier` with retries and exponential back-off; every attempt is logged on
the delivery row. A receiver that is down loses nothing: the event waits in the outbox.

Each request carries `X-Cxladder-Signature: t=<unix time>,v1=<hex>`, the HMAC-SHA256 of
`"<t>.<body>"` under the webhook's secret, so a receiver can check origin and freshness.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx

from cxladder.model import Assessment, Experience
from cxladder.store.access import AccessRepo, Delivery

__all__ = ["MAX_ATTEMPTS", "WebhookCourier", "event_payload", "sign", "verify"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12  # about 34 hours of back-off in total before a delivery is given up


def event_payload(experience: Experience, assessment: Assessment) -> str:
    level = assessment.level
    why = assessment.reasons[0].message if assessment.reasons else ""
    quote = f' "{experience.text[:280]}"' if experience.text else ""
    return json.dumps(
        {
            # `text` makes the body a valid Slack incoming-webhook message as it is.
            "text": f"{level.name_en} moment at {experience.touchpoint} "
            f"(customer {experience.customer_id}): {why}.{quote}",
            "event": "experience.assessed",
            "organization": experience.organization,
            "event_id": experience.id,
            "customer_id": experience.customer_id,
            "touchpoint": experience.touchpoint,
            "at": experience.at.isoformat(),
            "level": int(level),
            "level_name": level.name_en,
            "confidence": assessment.confidence,
            "reasons": [r.message for r in assessment.reasons],
            "comment": experience.text,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver runs: the signature matches and is no older than `tolerance` seconds."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = sign(secret, body, timestamp)
    return hmac.compare_digest(expected, header) and abs(now - timestamp) <= tolerance


class WebhookCourier:
    """Delivers due outbox events; run `deliver_due()` from a loop or call `start()`."""

    def __init__(
        self,
        access: AccessRepo,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = datetime.now,
        timeout: float = 5.0,
    ) -> None:
        self.access = access
        self.clock = clock
        self.client = httpx.Client(transport=transport, timeout=timeout)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def deliver_due(self) -> int:
        """Try every due delivery once; returns how many were delivered."""
        delivered = 0
        for delivery in self.access.due_deliveries(self.clock()):
            delivered += self._attempt(delivery)
        return delivered

    def _attempt(self, delivery: Delivery) -> int:
        body = delivery.payload.encode("utf-8")
        now = self.clock()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "cxladder-webhook/1",
            "X-Cxladder-Signature": sign(delivery.secret, body, int(now.timestamp())),
        }
        status: int | None = None
        try:
            response = self.client.post(delivery.url, content=body, headers=headers)
            status = response.status_code
            ok, error = response.is_success, "" if response.is_success else response.text[:500]
        except httpx.HTTPError as exc:
            ok, error = False, f"{type(exc).__name__}: {exc}"
        attempts = delivery.attempts + 1
        retry_at = None
        if not ok and attempts < MAX_ATTEMPTS:
            retry_at = now + timedelta(seconds=min(2 ** (attempts - 1), 3600 * 6))
        self.access.record_attempt(
            delivery.id,
            delivered=ok,
            status_code=status,
            error=error,
            next_attempt_at=retry_at,
            now=now,
        )
        return int(ok)

    def start(self, *, interval: float = 0.5) -> None:
        def loop() -> None:
            while not self._stop.wait(interval):
                try:
                    self.deliver_due()
                except Exception:  # keep delivering: one bad round must not stop the courier
                    log.exception("webhook delivery round failed; retrying")

        self._thread = threading.Thread(target=loop, name="webhook-courier", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.client.close()
