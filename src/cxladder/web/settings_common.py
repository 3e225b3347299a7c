"""What the Settings pages share: who may read and change them, the page frame with its notice,
and the values kept between requests (secrets shown once, level counts for a minute)."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from cxladder.app import Cxladder
from cxladder.model import Role
from cxladder.store.settings_queries import level_counts
from cxladder.web.rendering import SignedIn, language_of, render
from cxladder.web.settings_forms import KeptValues, number, percent, when
from cxladder.web.settings_words import WORDS, say_in

__all__ = ["SettingsMemory", "memory", "notice_redirect", "readable", "settings_page"]

COUNTS_SECONDS = 60.0
FIRST_COUNT_WAIT = 0.25
log = logging.getLogger(__name__)
READERS = (Role.ADMIN, Role.ANALYST, Role.AGENT)
DELIVERY_STATES = frozenset(name for name in WORDS if name.startswith("delivery_"))


class SettingsMemory:
    """Kept per app (on app.state), never per module, so two apps in a test share nothing."""

    def __init__(self, *, first_wait: float = FIRST_COUNT_WAIT) -> None:
        self.first_wait = first_wait
        self.secrets = KeptValues()
        self._counts: dict[str, tuple[float, dict[str, list[int]]]] = {}
        self._counting: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def level_counts(self, cx: Cxladder, organization: str) -> dict[str, list[int]] | None:
        """Counts per touchpoint and level, or None while the first count is still running.

        On a large store the GROUP BY visits every assessed experience (about a second for a
        million), so it runs in a thread: a page shows the last counts, at most a minute old
        plus the time a recount takes, and never waits more than `first_wait` seconds for them.
        """
        with self._lock:
            kept = self._counts.get(organization)
            stale = kept is None or kept[0] <= time.monotonic()
            counting = self._counting.get(organization)
            if stale and counting is None:
                counting = threading.Thread(
                    target=self._count,
                    args=(cx, organization),
                    name=f"settings-level-counts-{organization}",
                    daemon=True,
                )
                self._counting[organization] = counting
                counting.start()
        if kept is None and counting is not None:
            counting.join(self.first_wait)
            with self._lock:
                kept = self._counts.get(organization)
        return kept[1] if kept is not None else None

    def _count(self, cx: Cxladder, organization: str) -> None:
        try:
            counts = level_counts(cx.store.engine, organization)
        except Exception:  # a thread's error would vanish: log it, retry on the next page
            log.exception("counting levels per touchpoint for %r failed", organization)
        else:
            with self._lock:
                self._counts[organization] = (time.monotonic() + COUNTS_SECONDS, counts)
        finally:
            with self._lock:
                self._counting.pop(organization, None)


def memory(request: Request) -> SettingsMemory:
    state = request.app.state
    kept = getattr(state, "settings_memory", None)
    if kept is None:
        kept = SettingsMemory()
        state.settings_memory = kept
    return kept


def readable(user: SignedIn) -> None:
    """Admins, analysts and agents read the settings; a collector account reads nothing."""
    user.require(*READERS)


def notice_redirect(path: str, notice: str, **query: str) -> RedirectResponse:
    """After a change: back to the page (POST/redirect/GET) with a notice it knows by name."""
    parameters = urlencode({"notice": notice, **query})
    anchor = ""
    if "#" in path:
        path, anchor = path.split("#", 1)
        anchor = "#" + anchor
    return RedirectResponse(f"{path}?{parameters}{anchor}", status_code=303)


def _notice(request: Request) -> str:
    name = "notice_" + request.query_params.get("notice", "")
    return say_in(language_of(request), name) if name in WORDS else ""


def _word_or(language: str, word: str, fallback: str) -> str:
    return say_in(language, word) if word in WORDS else fallback


def settings_page(
    request: Request,
    template: str,
    *,
    user: SignedIn,
    tab: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    language = language_of(request)
    response = render(
        request,
        template,
        status=status,
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        admin=user.is_admin,
        tab=tab,
        notice=_notice(request),
        when=lambda moment: when(moment, language),
        number=lambda value: number(value, language),
        decimal=lambda value, places: number(value, language, places),
        percent=lambda share: percent(share, language),
        role_name=lambda role: say_in(language, f"role_{role}"),
        channel_name=lambda channel: _word_or(language, f"channel_{channel}", channel),
        delivery_states=DELIVERY_STATES,
        **context,
    )
    # Pages that may show a secret once must not be kept by the browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    return response
