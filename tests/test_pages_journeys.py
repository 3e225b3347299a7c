"""The journey map page and the experiences behind it: over HTTP to a real server for the rules
(counts that agree with the map, tenants, bad input, paging), in process for the caching, and
in a real headless Chromium for what a person does (filter, click a node and a step through
to one experience, keyboard, Dutch, axe-core, hostile names and comments). Screenshots go to
test-artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from playwright.sync_api import Browser, Page

from browser import HOSTILE, chromium, not_pwned, screenshot, serious_violations, sign_in
from cxladder.app import Cxladder
from cxladder.errors import InvalidInput
from cxladder.model import Channel, Experience, Organization, Role, Touchpoint
from cxladder.settings import Settings
from cxladder.store.journey_queries import customer_neighbours, experiences_by_row
from cxladder.web import journey_graph
from cxladder.web.journey_views import ExperienceQuery, JourneyViews, journey_views
from live_server import serving

PASSWORD = "correct horse battery"
START = datetime(2026, 11, 2, 17, 0)
HOSTILE_CUSTOMER = 'c"<b>bold</b>'
# Each customer's evening, in order; "web" is the touchpoint with the hostile name.
ROUTES = [
    ["reservation", "greeting", "table", "bill"],
    ["greeting", "table", "bill"],
    ["reservation", "greeting", "table", "table", "bill"],
    ["web", "reservation", "greeting", "table", "bill"],
    ["greeting", "table"],
]
CUSTOMERS = 40


def _comment(customer: int, step: int) -> str:
    if customer == 3 and step == 1:
        return HOSTILE
    if (customer + step) % 4 == 0:
        return "Niemand begroette ons en we wachtten twintig minuten, nooit meer"
    if (customer + step) % 4 == 1:
        return "Ze wisten nog dat we ons jubileum vierden, met een glas bubbels van het huis"
    return "Prima, zoals verwacht"


def _nps(customer: int, touchpoint: str) -> float:
    # The greeting delights, the bill disappoints, the rest varies: a map with both marks.
    base = {"greeting": 9, "bill": 2, "table": 4 + customer % 6, "reservation": 7}
    return float(min(10, base.get(touchpoint, 5) + customer % 2))


def _customer_id(customer: int) -> str:
    return HOSTILE_CUSTOMER if customer == 3 else f"c{customer:02d}"


def _fill(cx: Cxladder) -> None:
    cx.add_organization(
        Organization("bistro", "Bistro De Ladder"),
        [
            Touchpoint("reservation", "Reserveren", Channel.WEB, organization="bistro"),
            Touchpoint("greeting", "Ontvangst", Channel.ON_SITE, organization="bistro"),
            Touchpoint("table", "Aan tafel", Channel.ON_SITE, organization="bistro"),
            Touchpoint("bill", "De rekening", Channel.ON_SITE, organization="bistro"),
            Touchpoint("web", HOSTILE, Channel.WEB, organization="bistro"),
        ],
    )
    cx.add_organization(Organization("rival", "Rivaal"), [])
    cx.add_user(
        "bistro", email="anna@bistro.test", role=Role.ANALYST, password=PASSWORD, name="Anna"
    )
    records: list[dict[str, object]] = [
        {
            "event_id": f"b{customer:02d}-{step}",
            "customer_id": _customer_id(customer),
            "touchpoint": touchpoint,
            "at": (START + timedelta(days=customer % 20, minutes=25 * step + customer)),
            "channel": "web" if touchpoint in ("reservation", "web") else "on-site",
            "nps": _nps(customer, touchpoint),
            "text": _comment(customer, step),
        }
        for customer in range(CUSTOMERS)
        for step, touchpoint in enumerate(ROUTES[customer % len(ROUTES)])
    ]
    summary, rejected = cx.import_records("bistro", records, source="journey-pages-test")
    assert rejected == [], rejected
    cx.record(
        Experience(
            id="r1",
            customer_id="rc1",
            organization="rival",
            touchpoint="counter",
            at=START,
            channel=Channel.STORE,
            nps=9.0,
            text="Geheim van de rivaal",
        )
    )


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('journey-pages') / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        _fill(cx)
    return db


@pytest.fixture(scope="module")
def cx(database: str) -> Iterator[Cxladder]:
    with Cxladder(Settings(database_url=database)) as opened:
        yield opened


@pytest.fixture(scope="module")
def site(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(database, cwd=Path(tmp_path_factory.mktemp("serve"))) as url:
        yield url


def _client(site: str, email: str) -> httpx.Client:
    signed = httpx.Client(base_url=site, timeout=30)
    answer = signed.post("/login", data={"email": email, "password": PASSWORD})
    assert answer.status_code == 303
    return signed


@pytest.fixture(scope="module")
def client(site: str) -> Iterator[httpx.Client]:
    signed = _client(site, "anna@bistro.test")
    yield signed
    signed.close()


def _total(client: httpx.Client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, page.text[:500]
    found = re.search(r'data-total="([0-9.,]+)"', page.text)
    assert found is not None
    return int(found.group(1).replace(",", "").replace(".", ""))


def _dutch(client: httpx.Client, path: str) -> str:
    """The page in Dutch, without leaving the language cookie for the tests after."""
    text = client.get(path + ("&" if "?" in path else "?") + "lang=nl").text
    client.cookies.delete("cxladder_lang")
    return text


# -- in process --------------------------------------------------------------------------------


def test_pages_need_a_sign_in(site: str) -> None:
    for path in ("/journeys", "/experiences", "/experiences/b00-0"):
        answer = httpx.get(f"{site}{path}")
        assert answer.status_code == 303
        assert answer.headers["location"] == f"/login?next={quote(path)}"


def test_every_count_on_the_map_is_the_number_of_experiences_behind_it(
    cx: Cxladder, client: httpx.Client
) -> None:
    for channel in (None, "on-site"):
        found = cx.journeys().journey_map("bistro", channel=channel)
        suffix = f"&channel={channel}" if channel else ""
        for edge in found.edges.to_dict("records"):
            url = f"/experiences?from={edge['source']}&to={edge['target']}{suffix}"
            assert _total(client, url) == edge["count"], url
        for node in found.nodes.to_dict("records"):
            url = f"/experiences?touchpoint={node['touchpoint']}{suffix}"
            assert _total(client, url) == node["experiences"], url
        for entry in found.entries.to_dict("records"):
            url = f"/experiences?touchpoint={entry['touchpoint']}&position=first{suffix}"
            assert _total(client, url) == entry["journeys"], url
        for end in found.exits.to_dict("records"):
            url = f"/experiences?touchpoint={end['touchpoint']}&position=last{suffix}"
            assert _total(client, url) == end["journeys"], url


def test_a_step_lists_exactly_the_moments_that_followed_it(cx: Cxladder) -> None:
    views = journey_views(cx)
    found = views.experiences("bistro", ExperienceQuery(previous="table", touchpoint="table"))
    # Route 2 sits at the table twice; the second visit is the step table -> table.
    expected = sorted(f"b{c:02d}-3" for c in range(CUSTOMERS) if c % len(ROUTES) == 2)
    assert sorted(stored.experience.id for stored, _ in found.rows) == expected
    assert found.total == len(expected)
    firsts = views.experiences("bistro", ExperienceQuery(touchpoint="web", position="first"))
    assert firsts.total == CUSTOMERS // len(ROUTES)


def test_segment_filter_matches_the_segment_map(cx: Cxladder, client: httpx.Client) -> None:
    views = journey_views(cx)
    segments = views.segments("bistro")
    assert len(segments) >= 2
    segment = int(segments["segment"].iloc[0])
    found = views.journeys.journey_map("bistro", segment=segment)
    edge = found.edges.sort_values("count").iloc[-1]
    url = f"/experiences?from={edge['source']}&to={edge['target']}&segment={segment}"
    assert _total(client, url) == edge["count"]
    page = client.get(f"/journeys?segment={segment}")
    assert page.status_code == 200
    assert f'<option value="{segment}" selected>' in page.text


def test_experiences_are_paged_newest_first(client: httpx.Client) -> None:
    first = client.get("/experiences")
    total = _total(client, "/experiences")
    assert total == sum(len(ROUTES[c % len(ROUTES)]) for c in range(CUSTOMERS))
    times = re.findall(r'<time datetime="([^"]+)"', first.text)
    assert len(times) == 50
    assert times == sorted(times, reverse=True)
    assert 'rel="next" href="/experiences?page=2"' in first.text
    second = client.get("/experiences?page=2")
    later = re.findall(r'<time datetime="([^"]+)"', second.text)
    assert len(later) == 50 and later[0] <= times[-1]
    assert 'rel="prev" href="/experiences"' in second.text
    pages = -(-total // 50)
    last = client.get(f"/experiences?page={pages}")
    assert len(re.findall(r"<time datetime=", last.text)) == total - 50 * (pages - 1)
    assert 'rel="prev"' in last.text and 'rel="next"' not in last.text
    assert "<h2" in last.text and f"{50 * (pages - 1) + 1}–{total} of {total}" in last.text


def test_filters_by_level_customer_channel_and_period(client: httpx.Client, cx: Cxladder) -> None:
    levels = {level: cx.experience_page("bistro", level=level, limit=1)[1] for level in range(1, 7)}
    assert sum(1 for n in levels.values() if n) >= 3
    for level, total in levels.items():
        assert _total(client, f"/experiences?level={level}") == total
    assert _total(client, "/experiences?customer=c01") == 3
    assert (
        _total(client, "/experiences?channel=web")
        == cx.experience_page("bistro", channel="web", limit=1)[1]
    )
    # Until is inclusive: the whole of 2 November.
    day = cx.experience_page(
        "bistro",
        since=START.replace(hour=0),
        until=START.replace(hour=0) + timedelta(days=1),
        limit=1,
    )[1]
    assert _total(client, "/experiences?since=2026-11-02&until=2026-11-02") == day > 0


def test_bad_input_names_the_field_and_the_fix(client: httpx.Client) -> None:
    answer = client.get("/experiences?level=9&since=yesterday&position=middle&page=two")
    assert answer.status_code == 422
    text = answer.text
    assert "Level: &#39;9&#39; is not a level; choose 1 (Criminal) to 6" in text
    assert "From: &#39;yesterday&#39; is not a date; use the date picker or YYYY-MM-DD" in text
    assert "Place in the journey: &#39;middle&#39; is unknown" in text
    assert "&#39;two&#39; is not a whole number" in text
    wrong = client.get("/experiences?channel=fax&segment=99").text
    assert "Channel: &#39;fax&#39; is not a channel here; choose one of: on-site, web." in wrong
    assert "Segment: &#39;99&#39; is not a segment" in wrong
    assert client.get("/journeys?min=lots").status_code == 422
    assert (
        "Channel: &#39;fax&#39; is not a channel here" in client.get("/journeys?channel=fax").text
    )
    assert "Niveau: &#39;0&#39; is geen niveau" in _dutch(client, "/experiences?level=0")


def test_another_organisations_experiences_stay_hidden(client: httpx.Client) -> None:
    assert client.get("/experiences/r1").status_code == 404
    assert _total(client, "/experiences?customer=rc1") == 0
    assert _total(client, "/experiences?touchpoint=counter") == 0
    assert "Geheim van de rivaal" not in client.get("/experiences").text


def test_one_experience_shows_its_level_reasons_and_neighbours(client: httpx.Client) -> None:
    page = client.get("/experiences/b00-1")
    assert page.status_code == 200
    text = page.text
    assert "Why this level" in text and 'class="reasons"' in text
    assert 'href="/experiences/b00-0"' in text  # the moment before
    assert 'href="/experiences/b00-2"' in text  # the moment after
    assert 'href="/customers/c00"' in text
    assert client.get("/experiences/b00-0").text.count("This was the customer&#39;s first") == 1
    assert client.get("/experiences/no-such-event").status_code == 404


def test_hostile_names_and_comments_stay_text(client: httpx.Client) -> None:
    pages = [
        client.get("/journeys").text,
        client.get("/experiences?touchpoint=web").text,
        client.get("/experiences/b03-1").text,
        client.get(f"/experiences?customer={quote(HOSTILE_CUSTOMER)}").text,
    ]
    for text in pages:
        assert "<script>window" not in text
        assert "<img src=x" not in text
        assert "<b>bold</b>" not in text
    assert "&lt;img src=x onerror=" in pages[0]  # the node's name in the SVG, as text
    assert "/customers/c%22%3Cb%3Ebold%3C%2Fb%3E" in pages[3]


def test_the_drawn_map_is_checked_before_it_is_shown() -> None:
    planted = '<svg width="1pt" height="1pt"><g id="x"><script>alert(1)</script></g></svg>'
    with pytest.raises(InvalidInput, match="unexpected markup"):
        journey_graph._checked(planted)
    with pytest.raises(InvalidInput):
        journey_graph._checked('<svg><a href="javascript:alert(1)"><text>x</text></a></svg>')
    with pytest.raises(InvalidInput):
        journey_graph._checked('<svg><g onload="x()"></g></svg>')


def test_every_node_and_step_of_the_map_is_a_named_link(client: httpx.Client) -> None:
    text = client.get("/journeys").text
    svg = text[text.index("<svg") : text.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" xlink:href="[^"]+" aria-label="([^"]+)">', svg)
    hrefs = {href for href, _ in links}
    assert "/experiences?touchpoint=table" in hrefs
    assert "/experiences?from=greeting&amp;to=table" in hrefs
    assert "/experiences?touchpoint=reservation&amp;position=first" in hrefs
    assert all(label for _, label in links)
    assert svg.count("<a ") == len(links)


def test_store_queries_on_sqlite_and_postgresql(any_cx: Cxladder) -> None:
    any_cx.add_organization(Organization("bistro", "Bistro"), [])
    any_cx.add_organization(Organization("rival", "Rivaal"), [])
    same_time = START + timedelta(hours=1)
    for event, customer, at, org in (
        ("a", "c1", START, "bistro"),
        ("b", "c1", same_time, "bistro"),
        ("c", "c1", same_time, "bistro"),  # the same minute as b: the row id orders them
        ("d", "c1", START + timedelta(hours=2), "bistro"),
        ("x", "c1", START + timedelta(minutes=90), "rival"),
    ):
        any_cx.record(
            Experience(
                id=event, customer_id=customer, organization=org, touchpoint="table", at=at, nps=7.0
            )
        )
    row = {
        e: any_cx.experience(o, e)[0].row_id
        for e, o in (
            ("a", "bistro"),
            ("b", "bistro"),
            ("c", "bistro"),
            ("d", "bistro"),
            ("x", "rival"),
        )
    }
    found = experiences_by_row(any_cx.store, "bistro", [row["d"], row["x"], 10**9, row["a"]])
    assert [stored.experience.id for stored, _ in found] == ["d", "a"]
    assert all(assessment is not None for _, assessment in found)
    stored, _ = any_cx.experience("bistro", "b")
    around = customer_neighbours(any_cx.store, "bistro", "c1", stored.experience.at, stored.row_id)
    assert around.previous is not None and around.previous[0].experience.id == "a"
    assert around.next is not None and around.next[0].experience.id == "c"
    last, _ = any_cx.experience("bistro", "d")
    assert (
        customer_neighbours(any_cx.store, "bistro", "c1", last.experience.at, last.row_id).next
        is None
    )
    views = JourneyViews(any_cx, background=False)
    newest = views.experiences("bistro", ExperienceQuery(previous="table", touchpoint="table"))
    assert [s.experience.id for s, _ in newest.rows] == ["d", "c", "b"]


def _bill_count(views: JourneyViews) -> int:
    found = views.selection("bistro", segment=None, channel=None)
    assert found is not None
    return int(found.found.nodes.set_index("touchpoint").loc["bill", "experiences"])


def test_the_map_is_drawn_once_until_the_store_changes(tmp_path: Path) -> None:
    now = [0.0]
    with Cxladder(Settings(database_url=f"sqlite:///{tmp_path / 'cx.db'}")) as cx:
        _fill(cx)
        views = JourneyViews(cx, clock=lambda: now[0], background=False)
        drawn: list[int] = []

        def draw() -> str:
            drawn.append(1)
            return "picture"

        first = views.selection("bistro", segment=None, channel=None)
        assert views.selection("bistro", segment=None, channel=None) is first
        views.picture("bistro", ("all", "en"), draw)
        views.picture("bistro", ("all", "en"), draw)
        assert len(drawn) == 1
        bills = _bill_count(views)
        cx.record(
            Experience(
                id="late",
                customer_id="c00",
                organization="bistro",
                touchpoint="bill",
                at=START + timedelta(days=30),
            )
        )
        assert views.selection("bistro", segment=None, channel=None) is first  # within 2 s
        now[0] += 5
        assert views.selection("bistro", segment=None, channel=None) is not first
        assert _bill_count(views) == bills + 1
        views.picture("bistro", ("all", "en"), draw)
        assert len(drawn) == 2


def test_a_changed_store_is_read_in_the_background(tmp_path: Path) -> None:
    now = [0.0]
    with Cxladder(Settings(database_url=f"sqlite:///{tmp_path / 'cx.db'}")) as cx:
        _fill(cx)
        views = JourneyViews(cx, clock=lambda: now[0])
        views.warm_up(["bistro", "rival"])
        assert len(views.segments("bistro")) >= 2
        bills = _bill_count(views)
        cx.record(
            Experience(
                id="late",
                customer_id="c00",
                organization="bistro",
                touchpoint="bill",
                at=START + timedelta(days=30),
            )
        )
        now[0] += 5
        assert _bill_count(views) == bills  # the page answers from the log it has...
        views.wait(30)
        assert _bill_count(views) == bills + 1  # ...while the new one is read beside it
        found = views.experiences("bistro", ExperienceQuery(touchpoint="bill"))
        assert found.rows[0][0].experience.id == "late"


def test_smaller_steps_can_be_left_out(client: httpx.Client) -> None:
    every = client.get("/journeys").text
    fewer = client.get("/journeys?min=9").text
    assert every.count('class="edge') > fewer.count('class="edge')
    assert "/experiences?from=table&amp;to=table" in every  # 8 times
    assert "/experiences?from=table&amp;to=table" not in fewer.split("</svg>")[0]
    assert "smaller steps are not drawn; the tables below list them all." in fewer
    svg = fewer[fewer.index("<svg") : fewer.index("</svg>")]
    assert svg in client.get("/journeys?min=10").text  # the same drawing, kept once


def test_dutch_numbers_and_dates(client: httpx.Client) -> None:
    text = _dutch(client, "/experiences?customer=c01")
    assert re.search(r">\d\d-\d\d-2026 \d\d:\d\d</time>", text)
    assert "1–3 van 3" in text
    page = _dutch(client, "/journeys")
    assert "De klantreiskaart" in page and "klantreizen" in page


def test_an_organisation_without_experiences_gets_an_empty_map(cx: Cxladder, site: str) -> None:
    cx.add_organization(Organization("empty", "Leeg"), [])
    cx.add_user("empty", email="e@empty.test", role=Role.AGENT, password=PASSWORD)
    fresh = _client(site, "e@empty.test")
    assert "No experiences match these filters yet." in fresh.get("/journeys").text
    assert 'data-total="0"' in fresh.get("/experiences").text
    fresh.close()


# -- in a real browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _signed_in(browser: Browser, site: str, language: str = "en") -> Page:
    return sign_in(browser, site, "anna@bistro.test", PASSWORD, language=language)


def test_filter_the_map_and_click_a_node_through_to_one_experience(
    site: str, browser: Browser
) -> None:
    page = _signed_in(browser, site)
    page.get_by_role("link", name="Journey map").click()
    page.locator("#journey-map svg").wait_for()
    screenshot(page, "journeys-en")
    page.get_by_role("button", name="Full size").click()
    assert page.locator("#journey-map.fit").count() == 0
    assert page.get_by_role("button", name="Full size").get_attribute("aria-pressed") == "true"
    page.get_by_label("Channel").select_option("on-site")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**channel=on-site**")
    assert page.locator('#journey-map a[href*="touchpoint=reservation"]').count() == 0
    page.locator('#journey-map g.node a[href*="touchpoint=table"]').click()
    page.wait_for_url("**/experiences?touchpoint=table&channel=on-site")
    assert page.get_by_role("heading", name="Experiences: Aan tafel").is_visible()
    screenshot(page, "experiences-node")
    page.locator("table.experiences tbody tr th a").first.click()
    page.wait_for_url(re.compile(r".*/experiences/b\d\d-\d$"))
    assert page.get_by_role("heading", name="Why this level").is_visible()
    assert page.get_by_role("heading", name="The customer's moments around it").is_visible()
    screenshot(page, "experience-en")
    assert serious_violations(page) == []
    page.close()


def test_click_a_step_through_to_its_experiences(site: str, browser: Browser) -> None:
    page = _signed_in(browser, site)
    page.goto(f"{site}/journeys")
    page.locator('#journey-map g.edge a[href="/experiences?from=greeting&to=table"]').click()
    page.wait_for_url("**/experiences?from=greeting&to=table")
    assert page.get_by_role("heading", name="Step Ontvangst → Aan tafel").is_visible()
    rows = page.locator("table.experiences tbody tr")
    assert rows.count() == CUSTOMERS  # every route goes from the greeting to the table
    assert page.get_by_label("Came from").input_value() == "greeting"
    screenshot(page, "experiences-step")
    page.close()


def test_keyboard_reaches_a_node_and_enter_follows_it(site: str, browser: Browser) -> None:
    page = _signed_in(browser, site)
    page.goto(f"{site}/journeys")
    page.locator("#journey-map svg").wait_for()
    for _ in range(60):
        page.keyboard.press("Tab")
        inside = page.evaluate(
            "() => { const a = document.activeElement;"
            " return a && a.closest('#journey-map g.node') ? a.getAttribute('href') : null; }"
        )
        if inside:
            break
    assert inside and inside.startswith("/experiences?touchpoint=")
    assert page.locator("#journey-map.focusing").count() == 1  # its steps lit, the rest faded
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{inside}")
    assert page.locator("table.experiences").is_visible()
    page.close()


def test_dutch_accessible_and_hostile_text_stays_text(site: str, browser: Browser) -> None:
    page = _signed_in(browser, site, language="nl")
    for path, name in (
        ("/journeys", "journeys-nl"),
        ("/experiences?touchpoint=web", "experiences-nl"),
        ("/experiences/b03-1", "experience-nl"),
    ):
        page.goto(f"{site}{path}")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert serious_violations(page) == [], path
        assert not_pwned(page), path
        screenshot(page, name)
    page.goto(f"{site}/journeys")
    assert page.get_by_role("heading", name="De klantreiskaart").is_visible()
    assert page.locator("#journey-map text", has_text="onerror=").count() >= 1
    assert page.get_by_role("link", name=HOSTILE).count() >= 1  # the tables' full name
    page.get_by_role("link", name="English").click()
    page.get_by_role("heading", name="The journey map").wait_for()
    assert serious_violations(page) == []
    assert not_pwned(page)
    page.close()
