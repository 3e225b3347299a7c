"""The Customer pages: find a customer, their journey on a timeline, profile and consent, and
the admin-only GDPR export and erasure — in process for roles, tenants and CSRF, and in a real
headless Chromium for the whole walk."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page

from browser import HOSTILE, chromium, not_pwned, screenshot, serious_violations, sign_in
from customer_site import ADMIN, AGENT, OUTSIDER, PASSWORD, TestClient, fill
from cxladder.api import create_app
from cxladder.api.deps import SESSION_COOKIE
from cxladder.app import Cxladder
from cxladder.model import ServiceLevel
from cxladder.settings import Settings
from cxladder.store.customer_queries import (
    RECENT_INDEX,
    CustomerQueries,
    InboxFilter,
    StatusChoice,
)
from cxladder.web.customer_pages import decimal, remembered_level, when
from live_server import serving

L = ServiceLevel


# -- in process ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bistro(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cxladder]:
    url = f"sqlite:///{tmp_path_factory.mktemp('customers') / 'cx.db'}"
    fill(url)
    with Cxladder(Settings(database_url=url)) as cx:
        yield cx


def _client(cx: Cxladder, email: str) -> tuple[TestClient, str]:
    token, csrf = cx.sign_in(email, PASSWORD)
    client = TestClient(create_app(cx), follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, token)
    return client, csrf


def test_remembered_level_is_peak_and_end() -> None:
    assert remembered_level([]) is None
    assert remembered_level([L.EXPECTED]) == 3
    # The Criminal moment is the peak, the Desired last one the end: (1 + 4) / 2.
    assert remembered_level([L.DESIRED, L.CRIMINAL, L.EXPECTED, L.DESIRED]) == 2.5
    # Equally intense: the later one is the peak.
    assert remembered_level([L.CRIMINAL, L.UNBELIEVABLE, L.EXPECTED]) == 4.5


def test_dates_and_numbers_follow_the_language() -> None:
    moment = datetime(2026, 11, 23, 14, 5)
    assert when(moment, "nl") == "23-11-2026 14:05"
    assert when(moment, "en") == "23 Nov 2026 14:05"
    assert decimal(2.5, 1, "nl") == "2,5" and decimal(None, 1, "en") == "–"


def test_pages_need_a_sign_in(bistro: Cxladder) -> None:
    client = TestClient(create_app(bistro), follow_redirects=False)
    answer = client.get("/customers/c-anna")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/customers/c-anna"


def test_list_shows_recent_customers_and_search_finds_by_id_or_email(bistro: Cxladder) -> None:
    client, _ = _client(bistro, AGENT)
    listing = client.get("/customers?lang=en").text
    assert "c-late" in listing and "c-anna" in listing and "c-secret" not in listing
    # The newest moment first: c-late was seen an hour ago, everyone else weeks ago.
    assert listing.index("c-late") < listing.index("c-anna")
    found = client.get("/customers", params={"q": "ANNA@exa"}).text
    assert "c-anna" in found and "c-late" not in found
    assert "c-anna" in client.get("/customers", params={"q": "c-an"}).text
    for nobody in ("c-secret", "secret@other", "%", "_-anna"):
        answer = client.get("/customers", params={"q": nobody}).text
        assert "nor one that begins with it" in answer, nobody


def test_customer_page_shows_the_journey_profile_and_consent(bistro: Cxladder) -> None:
    client, _ = _client(bistro, AGENT)
    html = client.get("/customers/c-anna?lang=nl").text
    # Every moment in order, each linking to its experience, levels in words.
    assert html.index("/experiences/anna-1") < html.index("/experiences/anna-2")
    assert html.index("/experiences/anna-2") < html.index("/experiences/anna-3")
    assert "Crimineel" in html and "Anna de Vries" in html and "regular" in html
    assert "25 jaar getrouwd" in html  # the occasion, kept with consent
    assert "20-10-2026 19:00" in html  # Dutch dates
    assert 'data-figure="moments">3<' in html
    assert "Open zaken" in html and "/cases/" in html
    assert "prosecco · bram@bistro.test" in html  # the gesture given


def test_reading_a_profile_is_audited(bistro: Cxladder) -> None:
    client, _ = _client(bistro, AGENT)
    before = len(bistro.actions.audit_trail("c-07", organization="bistro"))
    assert client.get("/customers/c-07").status_code == 200
    trail = bistro.actions.audit_trail("c-07", organization="bistro")
    assert len(trail) == before + 1
    assert (trail[-1].actor, trail[-1].action) == (AGENT, "viewed")


def test_hostile_names_and_comments_are_text(bistro: Cxladder) -> None:
    client, _ = _client(bistro, AGENT)
    for path in ("/customers/c-hostile", "/customers?q=c-hostile", "/customers/c-anna"):
        html = client.get(path).text
        assert "<script>window.__pwned" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;window.__pwned" in client.get("/customers/c-hostile").text


def test_other_organisations_customers_are_not_found(bistro: Cxladder) -> None:
    client, csrf = _client(bistro, ADMIN)
    assert client.get("/customers/c-secret").status_code == 404
    assert client.get("/customers/c-secret/erase").status_code == 404
    form = {"csrf": csrf, "confirm": "c-secret"}
    assert client.post("/customers/c-secret/export", data=form).status_code == 404
    assert client.post("/customers/c-secret/erase", data=form).status_code == 404
    assert bistro.store.customer("other", "c-secret").name == "Secret"
    outsider, _ = _client(bistro, OUTSIDER)
    assert outsider.get("/customers/c-anna").status_code == 404


def test_only_admins_see_and_use_the_gdpr_buttons(bistro: Cxladder) -> None:
    agent, csrf = _client(bistro, AGENT)
    html = agent.get("/customers/c-anna?lang=en").text
    assert "Export (GDPR)" not in html and "Erase (GDPR)" not in html
    assert agent.get("/customers/c-anna/erase").status_code == 403
    form = {"csrf": csrf, "confirm": "c-anna"}
    assert agent.post("/customers/c-anna/export", data=form).status_code == 403
    assert agent.post("/customers/c-anna/erase", data=form).status_code == 403
    admin, _ = _client(bistro, ADMIN)
    html = admin.get("/customers/c-anna?lang=en").text
    assert "Export (GDPR)" in html and "Erase (GDPR)" in html


def test_export_is_a_json_download_and_needs_the_csrf_token(bistro: Cxladder) -> None:
    admin, csrf = _client(bistro, ADMIN)
    assert admin.post("/customers/c-anna/export", data={}).status_code == 403
    assert admin.post("/customers/c-anna/export", data={"csrf": "wrong"}).status_code == 403
    answer = admin.post("/customers/c-anna/export", data={"csrf": csrf})
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="customer-c-anna.json"'
    exported = answer.json()
    assert exported["customer_id"] == "c-anna"
    assert len(exported["tables"]["experiences"]) == 3
    hostile = admin.post("/customers/c-hostile/export", data={"csrf": csrf})
    assert (
        hostile.headers["content-disposition"] == 'attachment; filename="customer-c-hostile.json"'
    )


def test_erasure_asks_for_the_customer_id_first(bistro: Cxladder) -> None:
    admin, csrf = _client(bistro, ADMIN)
    assert admin.get("/customers/c-erase/erase").status_code == 200
    wrong = admin.post("/customers/c-erase/erase", data={"csrf": csrf, "confirm": "c-eras"})
    assert wrong.status_code == 422 and "nothing was erased" in wrong.text
    assert admin.post("/customers/c-erase/erase", data={"confirm": "c-erase"}).status_code == 403
    assert bistro.store.customer("bistro", "c-erase").name == "Eva Wissen"
    done = admin.post("/customers/c-erase/erase", data={"csrf": csrf, "confirm": "c-erase"})
    assert done.status_code == 303 and done.headers["location"].startswith("/customers?erased=")
    assert "erased everywhere" in admin.get(done.headers["location"] + "&lang=en").text
    assert admin.get("/customers/c-erase").status_code == 404
    assert "c-erase" not in admin.get("/customers").text
    assert bistro.actions.audit_trail("c-erase", organization="bistro")[-1].action == "erased"


# -- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("customer-site")
    db = f"sqlite:///{folder / 'cx.db'}"
    fill(db)
    with serving(db, cwd=folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name=name).click()


def _find(page: Page, text: str) -> None:
    _menu(page, "Customers")
    page.get_by_label("Customer id or e-mail address").fill(text)
    page.get_by_role("button", name="Search").click()


def test_admin_finds_a_customer_exports_and_erases(
    site: str, browser: Browser, tmp_path: Path
) -> None:
    page = sign_in(browser, site, ADMIN, PASSWORD)
    _find(page, "anna@")
    page.get_by_role("link", name="c-anna").click()
    page.get_by_role("heading", name="The journey, moment by moment").wait_for()
    page.locator("#journey-chart svg").wait_for(timeout=15_000)
    assert page.locator("ol.timeline li").count() == 3
    assert page.locator("#journey-chart svg .mark-symbol.role-mark path").count() == 3
    assert page.locator("ol.timeline li").first.get_by_text("Criminal").count() == 0
    assert page.locator("ol.timeline li").nth(1).get_by_text("Criminal").count() == 1
    assert serious_violations(page) == []
    screenshot(page, "customer-en")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export (GDPR)").click()
    saved = tmp_path / "export.json"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "customer-c-anna.json"
    assert json.loads(saved.read_text())["customer_id"] == "c-anna"

    _find(page, "c-erase")
    page.get_by_role("link", name="c-erase").click()
    page.get_by_role("link", name="Erase (GDPR)").click()
    page.get_by_label("Type the customer id to confirm").fill("c-eras")
    page.get_by_role("button", name="Erase for good").click()
    assert "nothing was erased" in page.get_by_role("alert").inner_text()
    assert serious_violations(page) == []
    page.get_by_label("Type the customer id to confirm").fill("c-erase")
    page.get_by_role("button", name="Erase for good").click()
    assert "erased everywhere" in page.get_by_role("status").inner_text()
    screenshot(page, "customers-erased-en")
    _find(page, "c-erase")
    page.get_by_text("No customer has this id").wait_for()
    page.close()


def test_agent_reads_a_hostile_customer_in_dutch_without_gdpr_buttons(
    site: str, browser: Browser
) -> None:
    page = sign_in(browser, site, AGENT, PASSWORD)
    _menu(page, "Customers")
    assert page.get_by_role("row", name="c-hostile").count() == 1
    assert serious_violations(page) == []
    screenshot(page, "customers-en")
    page.get_by_role("link", name="c-hostile").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith(HOSTILE)
    assert page.locator("blockquote", has_text="window.__pwned").count() == 1
    assert page.get_by_role("button", name="Export (GDPR)").count() == 0
    assert page.get_by_role("link", name="Erase (GDPR)").count() == 0
    page.get_by_role("link", name="Nederlands").click()
    page.get_by_role("heading", name="De klantreis, moment voor moment").wait_for()
    assert page.get_by_text("Crimineel").count() >= 1
    assert not_pwned(page)
    assert serious_violations(page) == []
    screenshot(page, "customer-hostile-nl")
    page.close()


# -- the queries behind the pages, on SQLite and PostgreSQL -----------------------------------


def test_queries_read_the_same_on_both_stores(any_cx: Cxladder, database_url: str) -> None:
    fill(database_url)
    queries = CustomerQueries(any_cx.store)
    recent = queries.recent_customers("bistro", limit=3)
    assert [c.id for c in recent][0] == "c-late"
    assert recent[0].moments == 1 and recent[0].latest_level == ServiceLevel.CRIMINAL
    anna = queries.find_customers("bistro", "ANNA@example")
    assert [(c.id, c.moments, c.latest_level) for c in anna] == [
        ("c-anna", 3, ServiceLevel.UNBELIEVABLE)
    ]
    assert queries.find_customers("bistro", "c-0%") == []  # a wildcard is a character
    assert [c.id for c in queries.find_customers("bistro", "c-0")][:2] == ["c-00", "c-01"]
    timeline = queries.timeline("bistro", "c-anna")
    assert [m.event_id for m in timeline] == ["anna-1", "anna-2", "anna-3"]
    assert queries.timeline("other", "c-anna") == []
    lines, total, more = queries.inbox("bistro", InboxFilter(), limit=3)
    assert total == 8 and more and [c.customer_id for c in lines] == ["c-01", "c-03", "c-05"]
    late = InboxFilter(breached_at=any_cx.clock())
    assert queries.inbox("bistro", late)[1] == 7
    assert (
        queries.inbox("bistro", InboxFilter(status=StatusChoice.ALL, breached_at=any_cx.clock()))[1]
        == 7
    )
    mine = InboxFilter(owner=AGENT.upper())
    assert queries.inbox("bistro", mine)[1] == 7


def test_recently_active_reads_alike_with_and_without_the_recent_index(
    any_cx: Cxladder, database_url: str
) -> None:
    fill(database_url)
    with any_cx.store.engine.begin() as connection:  # two moments of one customer at one time
        connection.execute(
            sa.text(
                "INSERT INTO experiences (organization, event_id, customer_id, touchpoint, "
                "journey_id, at, text, language, staff) SELECT organization, 'anna-4', "
                "customer_id, touchpoint, journey_id, at, text, language, staff "
                "FROM experiences WHERE event_id = 'anna-3'"
            )
        )
    with any_cx.store.engine.begin() as connection:  # the schema has it: read without it first
        connection.execute(sa.text(f"DROP INDEX IF EXISTS {RECENT_INDEX}"))
    grouped = [
        CustomerQueries(any_cx.store).recent_customers("bistro", limit=5, offset=n)
        for n in (0, 5, 10)
    ]
    with any_cx.store.engine.begin() as connection:
        connection.execute(
            sa.text(f"CREATE INDEX {RECENT_INDEX} ON experiences (organization, at)")
        )
    queries = CustomerQueries(any_cx.store)
    walked = [queries.recent_customers("bistro", limit=5, offset=n) for n in (0, 5, 10)]
    assert walked == grouped
    assert sum(len(page) for page in walked) == 12
    assert [c.moments for page in walked for c in page if c.id == "c-anna"] == [4]
