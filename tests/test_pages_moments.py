"""The Moments page: pain and wow moments ranked side by side with their reasons and quotes;
in process (ranking, filters, tenancy, bad input) and in a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime

import pytest
from playwright.sync_api import Browser

import touchpoint_site as site_data
from browser import chromium, not_pwned, screenshot, serious_violations, sign_in
from cxladder.api import create_app
from cxladder.app import Cxladder
from cxladder.model import Channel, Experience, Organization, Role, ServiceLevel
from cxladder.settings import Settings
from live_server import serving
from touchpoint_site import TestClient


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('moments') / 'cx.db'}"
    with Cxladder(Settings(database_url=url)) as cx:
        site_data.fill(cx)
    return url


def _client(cx: Cxladder, email: str = site_data.ANALYST) -> TestClient:
    client = TestClient(create_app(cx))
    answer = client.post(
        "/login", data={"email": email, "password": site_data.PASSWORD}, follow_redirects=False
    )
    assert answer.status_code == 303
    return client


def _section(html: str, heading: str) -> str:
    start = html.index(f'id="{heading}"')
    return html[start : html.index("</section>", start)]


def test_pain_and_wow_are_ranked_with_reasons_and_quotes(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        html = client.get("/moments?lang=en").text
    pain = _section(html, "pain-heading")
    wow = _section(html, "wow-heading")
    first = pain[pain.index('<li class="moment"') :]
    first = first[: first.index("</li>\n  \n")] if "</li>\n  \n" in first else first
    assert 'data-touchpoint="kassa"' in first  # the slow till hurts most
    assert site_data.PAIN in first
    assert "Wait (min)" in first and "times" in first
    assert 'href="/touchpoints/kassa"' in first
    assert 'data-touchpoint="deur"' in wow
    assert "kaartje met onze naam" in wow
    assert "Geheime ingang" not in html and "geheime klacht" not in html


def test_channel_and_segment_filters(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        web = client.get("/moments?channel=web").text
        assert 'data-touchpoint="kassa"' not in web
        assert 'data-touchpoint="web"' in _section(web, "pain-heading")
        segmented = client.get("/moments?segment=1&lang=en")
        assert segmented.status_code == 200
        assert "not only the segment" in segmented.text
        assert '<option value="1" selected>' in segmented.text
        assert client.get("/moments?segment=99").status_code == 200  # no such segment: empty
        wrong = client.get("/moments?channel=fax")
        assert wrong.status_code == 422
        assert "not a channel" in wrong.text
        assert client.get("/moments?top=0").status_code == 422


def test_top_limits_each_side(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        html = client.get("/moments?top=1").text
    assert html.count('data-moment="pain"') == 1
    assert html.count('data-moment="wow"') == 1


def test_a_new_target_reranks_at_once(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        till = cx.touchpoints("bistro")["kassa"]
        assert 'data-moment="pain" data-touchpoint="kassa"' in client.get("/moments").text
        cx.save_touchpoint(replace(till, target_level=ServiceLevel.CRIMINAL))
        try:
            html = client.get("/moments").text
            assert 'data-moment="pain" data-touchpoint="kassa"' not in html
        finally:
            cx.save_touchpoint(till)


def test_too_few_journeys_for_segments_still_ranks_moments(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx:
        cx.add_organization(Organization("tiny", "Klein"), site_data.touchpoints())
        cx.add_user("tiny", email="tim@tiny.test", role=Role.ANALYST, password=site_data.PASSWORD)
        cx.record(
            Experience(
                "t1",
                "c1",
                "kassa",
                datetime(2026, 3, 1),
                organization="tiny",
                channel=Channel.STORE,
                nps=0,
                text="Veel te lang gewacht",
            )
        )
        with _client(cx, "tim@tiny.test") as client:
            answer = client.get("/moments?lang=en")
    assert answer.status_code == 200
    assert 'id="segment"' in answer.text
    assert "Veel te lang gewacht" in answer.text


def test_an_organisation_without_experiences_gets_a_hint(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx:
        cx.add_organization(Organization("empty", "Leeg"))
        cx.add_user(
            "empty",
            email="eva@empty.test",
            role=Role.ANALYST,
            password=site_data.PASSWORD,
        )
        with _client(cx, "eva@empty.test") as client:
            html = client.get("/moments?lang=en").text
            assert "No experiences yet" in html
            assert "No experiences at this touchpoint" not in client.get("/touchpoints").text


@pytest.fixture(scope="module")
def site(db: str) -> Iterator[str]:
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def test_browser_moments_filter_click_through_language_and_axe(site: str, browser: Browser) -> None:
    page = sign_in(browser, site, site_data.ANALYST, site_data.PASSWORD)
    page.goto(f"{site}/moments?lang=en")
    page.get_by_role("heading", name="Pain moments").wait_for()
    assert serious_violations(page) == []
    screenshot(page, "moments-en")
    page.get_by_label("Channel").select_option("web")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**channel=web**")
    assert page.locator("blockquote", has_text="window.__pwned").count() >= 1
    assert page.get_by_role("link", name="window.__pwned").count() >= 1
    assert not_pwned(page)
    page.get_by_role("link", name="Nederlands").click()
    page.get_by_role("heading", name="Pijnmomenten").wait_for()
    assert serious_violations(page) == []
    screenshot(page, "moments-nl")
    first = page.locator("[data-moment=pain] h3 a").first
    target = first.get_attribute("href")
    assert target is not None and target.startswith("/touchpoints/")
    first.click()
    page.wait_for_url(f"{site}{target}")
    assert not_pwned(page)
    page.close()
