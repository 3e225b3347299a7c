"""Guards for the public endpoints: a rate limit per client, and the origin allow-list."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from cxladder.errors import NotAllowed, TooManyRequests

__all__ = ["RateLimiter", "check_origin"]


class RateLimiter:
    """A token bucket per key (client address and organisation): `rate` per second, `burst` deep.

    In memory, per process: enough for one server; behind a load balancer each instance limits
    on its own, which only makes the effective limit larger by the number of instances.
    """

    def __init__(
        self, *, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        now = self.clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                retry = (1 - tokens) / self.rate
                raise TooManyRequests(
                    f"too many responses from this address; try again in {retry:.1f} s",
                    retry_after=retry,
                )
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 100_000:  # forget idle clients rather than grow for ever
                self._buckets.clear()


def check_origin(origin: str | None, allowed: set[str]) -> None:
    """A browser's Origin must be on the allow-list; non-browser callers send none."""
    if origin is not None and origin not in allowed:
        raise NotAllowed(
            f"origin {origin} may not send feedback for this organisation; an admin can add it "
            "to the allowed origins"
        )
