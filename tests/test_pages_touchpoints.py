"""The Touchpoints pages: the ladder per touchpoint against target, trend, drift, one touchpoint's
own page; in process (tenancy, 404s, sorting, freshness) and in a real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page

import touchpoint_site as site_data
from browser import chromium, not_pwned, screenshot, serious_violations, sign_in
from cxladder.api import create_app
from cxladder.app import Cxladder
from cxladder.journeys.events import JourneyLog
from cxladder.journeys.kept import KeptAnswers
from cxladder.journeys.standing import LadderColumns, LadderFilter, monthly_levels, standing
from cxladder.model import Channel, Experience
from cxladder.settings import Settings
from cxladder.store.page_queries import (
    LevelBand,
    frequent_reasons,
    latest_quotes,
    telling_quotes,
)
from live_server import serving
from touchpoint_site import TestClient


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('touchpoints') / 'cx.db'}"
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


# -- the figures, without a page -----------------------------------------------------------------


def test_standing_counts_levels_targets_and_filters() -> None:
    frame = pd.DataFrame(
        {
            "customer": ["a", "a", "b", "b", "c"],
            "touchpoint": ["deur", "kassa", "deur", "kassa", "deur"],
            "channel": ["on-site", "store", "on-site", "store", "web"],
            "at": pd.to_datetime(
                ["2026-01-05", "2026-01-05", "2026-02-03", "2026-02-03", "2026-02-10"]
            ),
            "level": [5, 1, 3, 2, 4],
        }
    )
    columns = LadderColumns.of(JourneyLog.from_frame(frame))
    ladder = standing(columns, {"deur": 4}, 3).set_index("touchpoint")
    assert ladder.loc["deur", "assessed"] == 3
    assert ladder.loc["deur", "mean_level"] == pytest.approx(4.0)
    assert ladder.loc["deur", "at_target_share"] == pytest.approx(2 / 3)
    assert ladder.loc["kassa", "target_level"] == 3
    assert ladder.loc["kassa", "gap"] == pytest.approx(1.5)
    february = standing(columns, {}, 4, LadderFilter(since=datetime(2026, 2, 1), channel="store"))
    assert february["touchpoint"].tolist() == ["kassa"]
    assert february["share_2"].tolist() == [1.0]
    months = monthly_levels(columns, touchpoint="deur")
    assert months["assessed"].tolist() == [1, 2]
    assert months["mean_level"].tolist() == pytest.approx([5.0, 3.5])


def test_reasons_are_grouped_and_quotes_are_newest_in_the_band(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx:
        engine = cx.store.engine
        low = frequent_reasons(engine, "bistro", "kassa", LevelBand(1, 2))
        quotes = latest_quotes(engine, "bistro", "kassa", LevelBand(1, 2), limit=3)
        nothing = latest_quotes(engine, "other", "kassa", LevelBand(1, 6))
    assert low.sampled > 0
    assert low.reasons[0].count <= low.sampled
    assert all(r.level <= 2 for r in low.reasons)
    # 25 minutes is cited by every slow visit: one reason about waiting, not one per value.
    assert sum(1 for r in low.reasons if r.evidence.startswith("wait_minutes")) == 1
    assert [q.text for q in quotes] == [site_data.PAIN] * 3
    assert quotes[0].at >= quotes[1].at >= quotes[2].at
    assert nothing == []


def test_quotes_and_reasons_on_sqlite_and_postgresql(any_cx: Cxladder) -> None:
    any_cx.add_organization(site_data.Organization("bistro", "Bistro"), site_data.touchpoints())
    any_cx.store.save_customers([site_data.Customer("c1", organization="bistro", name="Gast")])
    for i, (nps, text) in enumerate(
        [(1, site_data.PAIN), (9, site_data.WOW), (2, ""), (1, "Koud")]
    ):
        any_cx.record(
            Experience(
                f"e{i}",
                "c1",
                "kassa",
                datetime(2026, 3, 1 + i, 12),
                organization="bistro",
                channel=Channel.STORE,
                nps=nps,
                text=text,
            )
        )
    engine = any_cx.store.engine
    quotes = latest_quotes(engine, "bistro", "kassa", LevelBand(1, 2))
    assert [q.text for q in quotes] == ["Koud", site_data.PAIN]
    assert quotes[0].customer_name == "Gast"
    assert latest_quotes(engine, "bistro", "kassa", LevelBand(1, 2), channel="web") == []
    worst_first = telling_quotes(engine, "bistro", "kassa", LevelBand(1, 6), LevelBand(6, 6))
    assert len(worst_first) == 3
    reasons = frequent_reasons(engine, "bistro", "kassa", LevelBand(1, 2))
    assert reasons.sampled == 3
    assert reasons.reasons[0].count == 3  # the low NPS behind each of them


def test_kept_answers_follow_the_store_and_expire(cx: Cxladder) -> None:
    cx.add_organization(site_data.Organization("bistro", "Bistro"), site_data.touchpoints())
    now = [0.0]
    kept = KeptAnswers(cx.store, max_age=60, clock=lambda: now[0])
    visit = Experience(
        "v1", "c1", "kassa", datetime(2026, 3, 1), organization="bistro", channel=Channel.STORE
    )
    cx.record(visit)
    first = kept.columns("bistro")
    assert kept.columns("bistro") is first
    cx.record(Experience("v2", "c2", "deur", datetime(2026, 3, 2), organization="bistro"))
    second = kept.columns("bistro")
    assert second is not first and second.events == 2
    now[0] = 61.0
    third = kept.columns("bistro")
    assert third is not second
    cx.actions.erase_customer("c1", organization="bistro")  # not the newest experience
    assert kept.columns("bistro").events == 2  # an erasure moves no mark...
    kept.forget("bistro")
    assert kept.columns("bistro").events == 1  # ...so the page that erases says so


# -- in process ----------------------------------------------------------------------------------


def test_list_sorts_by_gap_and_marks_below_target_and_drift(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        html = client.get("/touchpoints?lang=en").text
        assert html.index('data-touchpoint="kassa"') < html.index('data-touchpoint="tafel"')
        kassa = html[html.index('data-touchpoint="kassa"') :]
        assert "Below target" in kassa[: kassa.index("</tr>")]
        deur = html[html.index('data-touchpoint="deur"') :]
        assert "The wow is wearing off" in deur[: deur.index("</tr>")]
        assert "Geheime ingang" not in html
        by_name = client.get("/touchpoints?sort=name").text
        assert by_name.index("Aan tafel") < by_name.index("Afrekenen")


def test_channel_filter_keeps_only_that_channel(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        html = client.get("/touchpoints?channel=store&lang=en").text
    row = html[html.index('data-touchpoint="kassa"') :]
    assert "Not assessed yet" not in row[: row.index("</tr>")]
    other = html[html.index('data-touchpoint="deur"') :]
    assert "Not assessed yet" in other[: other.index("</tr>")]


def test_another_organisations_touchpoint_is_not_found(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        assert client.get("/touchpoints/geheim").status_code == 404
        assert client.get("/touchpoints/deur").status_code == 200
    with Cxladder(Settings(database_url=db)) as cx, _client(cx, site_data.OTHER) as client:
        assert client.get("/touchpoints/deur").status_code == 404
        assert "geheime klacht" in client.get("/touchpoints/geheim").text


def test_pages_need_a_sign_in(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, TestClient(create_app(cx)) as client:
        answer = client.get("/touchpoints/deur", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/touchpoints/deur"


def test_a_new_experience_shows_at_once(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        before = client.get("/touchpoints/tafel").text
        assert "Een nieuwe gast met een verhaal" not in before
        cx.record(
            Experience(
                "late-1",
                "c2",
                "tafel",
                datetime(2026, 11, 2, 19, 0),
                organization="bistro",
                channel=Channel.ON_SITE,
                nps=1,
                text="Een nieuwe gast met een verhaal: koud eten",
            )
        )
        assert "Een nieuwe gast met een verhaal" in client.get("/touchpoints/tafel").text


def test_dutch_numbers_and_dates(db: str) -> None:
    with Cxladder(Settings(database_url=db)) as cx, _client(cx) as client:
        html = client.get("/touchpoints/kassa?lang=nl").text
    assert "Waarom klanten onder het doel uitkomen" in html
    assert "-2026 " in html  # dd-mm-yyyy
    assert any(f"{n},{d}" in html for n in range(1, 7) for d in range(10))


# -- in a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(db: str) -> Iterator[str]:
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _signed_in(browser: Browser, site: str) -> Page:
    page = sign_in(browser, site, site_data.ANALYST, site_data.PASSWORD)
    page.goto(f"{site}/touchpoints?lang=en")
    return page


def test_browser_filters_clicks_through_and_switches_language(site: str, browser: Browser) -> None:
    page = _signed_in(browser, site)
    page.get_by_role("heading", name="Touchpoints", exact=True).wait_for()
    assert page.get_by_role("row", name="window.__pwned").count() == 1
    screenshot(page, "touchpoints-en")
    page.get_by_label("Channel").select_option("store")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**channel=store**")
    page.get_by_role("link", name="Afrekenen").click()
    page.wait_for_url("**/touchpoints/kassa**")
    page.locator("#mean-chart svg").wait_for(timeout=15_000)
    page.locator("#shares-chart svg").wait_for(timeout=15_000)
    assert page.get_by_text(site_data.PAIN).count() >= 1
    assert page.get_by_role("link", name="All experiences at this touchpoint").get_attribute(
        "href"
    ) == ("/experiences?touchpoint=kassa")
    screenshot(page, "touchpoint-en")
    page.get_by_role("link", name="Nederlands").click()
    page.get_by_role("heading", name="Waarom klanten onder het doel uitkomen").wait_for()
    screenshot(page, "touchpoint-nl")
    assert not_pwned(page)
    page.close()


def test_browser_hostile_names_and_comments_stay_text(site: str, browser: Browser) -> None:
    page = _signed_in(browser, site)
    page.get_by_role("link", name="window.__pwned").click()
    page.wait_for_url("**/touchpoints/web**")
    page.get_by_role("heading", name="window.__pwned").wait_for()
    assert page.locator("blockquote", has_text="window.__pwned").count() >= 1
    assert page.get_by_role("link", name="window.__pwned").count() >= 1  # the customer's name
    assert not_pwned(page)
    page.close()


def test_browser_no_serious_accessibility_violations(site: str, browser: Browser) -> None:
    page = _signed_in(browser, site)
    assert serious_violations(page) == []
    page.goto(f"{site}/touchpoints/deur?lang=nl")
    page.locator("#mean-chart svg").wait_for(timeout=15_000)
    assert serious_violations(page) == []
    page.close()
