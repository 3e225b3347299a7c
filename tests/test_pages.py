"""The pages in a real headless Chromium: sign in, filter, switch language, check accessibility.

Screenshots go to test-artifacts/ (kept by CI as artefacts, ignored by git).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page

from browser import HOSTILE, chromium, screenshot, serious_violations, sign_in
from cxladder.app import Cxladder
from cxladder.model import Channel, Experience, Organization, Role, Touchpoint
from cxladder.settings import Settings
from live_server import serving

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        cx.add_organization(
            Organization("bistro", "Bistro De Ladder"),
            [
                Touchpoint("table", "Aan tafel", Channel.ON_SITE, organization="bistro"),
                Touchpoint("web", HOSTILE, Channel.WEB, organization="bistro"),
            ],
        )
        cx.add_user(
            "bistro", email="anna@bistro.test", role=Role.ANALYST, password=PASSWORD, name="Anna"
        )
        start = datetime(2026, 11, 1, 19, 0)
        for i in range(60):
            cx.record(
                Experience(
                    id=f"e{i}",
                    customer_id=f"c{i % 20}",
                    organization="bistro",
                    touchpoint="table" if i % 3 else "web",
                    at=start + timedelta(days=i % 20),
                    channel=Channel.ON_SITE if i % 3 else Channel.WEB,
                    nps=float(i % 11),
                    text=HOSTILE
                    if i == 7
                    else (
                        "Gratis brood en ze namen onze jassen aan"
                        if i % 2
                        else "Niemand begroette ons, mwoah"
                    ),
                )
            )
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _sign_in(browser: Browser, site: str) -> Page:
    return sign_in(browser, site, "anna@bistro.test", PASSWORD)


def test_pages_need_a_sign_in(site: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{site}/?lang=en")
    assert page.url.endswith("/login")
    page.get_by_label("E-mail address").fill("anna@bistro.test")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text() == "Wrong e-mail address or password."
    page.close()


def test_overview_shows_the_ladder_and_filters(site: str, browser: Browser) -> None:
    page = _sign_in(browser, site)
    assert page.locator("[data-figure=experiences]").inner_text() == "60"
    page.locator("#ladder-chart svg").wait_for(timeout=15_000)
    page.locator("#trend-chart svg").wait_for(timeout=15_000)
    assert page.get_by_role("row", name="Aan tafel").is_visible()
    screenshot(page, "overview-en")
    page.get_by_label("Channel").select_option("web")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**channel=web**")
    assert page.locator("[data-figure=experiences]").inner_text() == "20"
    page.close()


def test_hostile_text_is_shown_as_text(site: str, browser: Browser) -> None:
    page = _sign_in(browser, site)
    assert page.get_by_role("row", name="window.__pwned").count() >= 1
    assert page.evaluate("window.__pwned") is None
    page.close()


def test_language_switches_to_dutch(site: str, browser: Browser) -> None:
    page = _sign_in(browser, site)
    page.get_by_role("link", name="Nederlands").click()
    page.get_by_role("heading", name="Waar de service staat op de ladder").wait_for()
    assert page.get_by_role("columnheader", name="Verrassend").is_visible()
    screenshot(page, "overview-nl")
    page.close()


def test_no_serious_accessibility_violations(site: str, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{site}/login?lang=en")
    assert serious_violations(page) == []
    page.close()
    page = _sign_in(browser, site)
    page.locator("#ladder-chart svg").wait_for(timeout=15_000)
    assert serious_violations(page) == []
    page.close()
