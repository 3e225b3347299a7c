"""The Cases inbox and one case: filters, SLA breaches in words, the moments behind a case, and
the work on it (assign, note, resolve, close) — in process for roles, tenants and CSRF, and in
a real headless Chromium for an agent's whole round."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from browser import chromium, not_pwned, screenshot, serious_violations, sign_in
from customer_site import AGENT, ANALYST, OUTSIDER, PASSWORD, TestClient, fill
from cxladder.actions.records import CaseStatus
from cxladder.api import create_app
from cxladder.api.deps import SESSION_COOKIE
from cxladder.app import Cxladder
from cxladder.settings import Settings
from live_server import serving

# -- in process ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bistro(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cxladder]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cases') / 'cx.db'}"
    fill(url)
    with Cxladder(Settings(database_url=url)) as cx:
        yield cx


def _client(cx: Cxladder, email: str) -> tuple[TestClient, str]:
    token, csrf = cx.sign_in(email, PASSWORD)
    client = TestClient(create_app(cx), follow_redirects=False)
    client.cookies.set(SESSION_COOKIE, token)
    return client, csrf


def _case_of(cx: Cxladder, customer: str) -> int:
    return next(c.id for c in cx.actions.cases(organization="bistro", customer_id=customer))


def test_inbox_is_sorted_by_due_time_and_says_when_the_sla_is_breached(bistro: Cxladder) -> None:
    client, _ = _client(bistro, AGENT)
    html = client.get("/cases?lang=en").text
    assert "c-secret" not in html
    assert html.count("SLA breached") == 7  # all but c-late's case, still in time
    assert html.index("c-01") < html.index("c-late")  # the soonest due first
    breached = client.get("/cases", params={"breached": "1"}).text
    assert "c-late" not in breached and "c-01" in breached


def test_inbox_filters_by_owner_and_status(bistro: Cxladder) -> None:
    client, _ = _client(bistro, AGENT)
    mine = client.get("/cases", params={"owner": "me"}).text
    assert "c-01" in mine and "c-anna" not in mine  # c-anna's case is the team's
    team = client.get("/cases", params={"owner": "cx-team"}).text
    assert "c-anna" in team and "c-01" not in team
    assert "No case matches" in client.get("/cases?status=closed&lang=en").text
    assert "c-01" in client.get("/cases?status=open").text
    assert "c-01" in client.get("/cases?status=nonsense").text  # unknown: the default


def test_case_page_shows_the_moments_behind_it(bistro: Cxladder) -> None:
    client, _ = _client(bistro, ANALYST)
    case_id = _case_of(bistro, "c-hostile")
    html = client.get(f"/cases/{case_id}?lang=nl").text
    assert "/experiences/hostile-1" in html and "Crimineel" in html
    assert "&lt;script&gt;window.__pwned" in html and "<script>window.__pwned" not in html
    assert "SLA overschreden" in html
    assert "kun je zaken lezen" in html and 'action="/cases/' not in html  # read only


def test_other_organisations_cases_are_not_found(bistro: Cxladder) -> None:
    client, csrf = _client(bistro, AGENT)
    secret = next(c.id for c in bistro.actions.cases(organization="other"))
    assert client.get(f"/cases/{secret}").status_code == 404
    note = {"csrf": csrf, "text": "peek"}
    assert client.post(f"/cases/{secret}/note", data=note).status_code == 404
    assert bistro.actions.case(secret).notes == ()
    assert client.get("/cases/999999").status_code == 404
    assert client.get("/cases/0").status_code == 422
    outsider, _ = _client(bistro, OUTSIDER)
    assert outsider.get(f"/cases/{_case_of(bistro, 'c-01')}").status_code == 404


def test_changes_need_a_worker_and_the_csrf_token(bistro: Cxladder) -> None:
    case_id = _case_of(bistro, "c-03")
    analyst, csrf = _client(bistro, ANALYST)
    assert (
        analyst.post(f"/cases/{case_id}/note", data={"csrf": csrf, "text": "x"}).status_code == 403
    )
    agent, csrf = _client(bistro, AGENT)
    assert agent.post(f"/cases/{case_id}/note", data={"text": "x"}).status_code == 403
    assert agent.post(f"/cases/{case_id}/explode", data={"csrf": csrf}).status_code == 404
    assert bistro.actions.case(case_id).notes == ()


def test_an_agent_works_a_case_to_the_end(bistro: Cxladder) -> None:
    case_id = _case_of(bistro, "c-05")
    agent, csrf = _client(bistro, AGENT)

    def post(action: str, **form: str) -> int:
        return agent.post(f"/cases/{case_id}/{action}", data={"csrf": csrf, **form}).status_code

    assert post("assign", owner="  ") == 422  # said on the page, nothing changed
    assert post("assign", owner="dana@bistro.test") == 303
    assert bistro.actions.case(case_id).owner == "dana@bistro.test"
    assert post("assign", to="me") == 303
    assert bistro.actions.case(case_id).owner == AGENT
    assert post("start") == 303
    assert post("note", text="Called the guest, offered a table on Friday") == 303
    assert post("resolve", resolution="") == 422
    assert post("resolve", resolution="Dinner for two on the house") == 303
    assert post("close") == 303
    case = bistro.actions.case(case_id)
    assert case.status is CaseStatus.CLOSED and case.resolution == "Dinner for two on the house"
    texts = [n.text for n in case.notes]
    assert "Called the guest, offered a table on Friday" in texts
    assert all(n.author == AGENT for n in case.notes)
    page = agent.get(f"/cases/{case_id}?lang=en").text
    assert "Dinner for two on the house" in page and 'action="/cases/' not in page


# -- in a real browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("case-site")
    db = f"sqlite:///{folder / 'cx.db'}"
    fill(db)
    with serving(db, cwd=folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _inbox(page: Page) -> None:
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Cases").click()


def test_agent_filters_opens_notes_and_resolves_a_case(site: str, browser: Browser) -> None:
    page = sign_in(browser, site, AGENT, PASSWORD)
    _inbox(page)
    page.get_by_label("Only past their SLA").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**breached=1**")
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == 7
    assert rows.filter(has_text="SLA breached").count() == 7
    assert not_pwned(page)
    assert serious_violations(page) == []
    screenshot(page, "cases-breached-en")
    rows.filter(has_text="c-hostile").get_by_role("link", name="Case").click()
    page.get_by_role("heading", name="The moments behind this case").wait_for()
    page.get_by_role("textbox", name="Note").fill("Rang the guest; they want a call back tomorrow")
    page.get_by_role("button", name="Save the note").click()
    page.get_by_text("Rang the guest; they want a call back tomorrow").wait_for()
    page.get_by_label("What was done for the customer").fill("Apologised and sent a voucher")
    page.get_by_role("button", name="Resolve").click()
    assert page.locator("[data-field=status]").inner_text() == "Resolved"
    assert not_pwned(page)
    assert serious_violations(page) == []
    screenshot(page, "case-resolved-en")
    _inbox(page)
    page.get_by_label("Status").select_option("resolved")
    page.get_by_role("button", name="Show").click()
    row = page.locator("table.cases tbody tr")
    assert row.count() == 1
    assert "c-hostile" in row.inner_text() and "Resolved" in row.inner_text()
    page.close()


def test_inbox_in_dutch_shows_mine(site: str, browser: Browser) -> None:
    page = sign_in(browser, site, AGENT, PASSWORD, language="nl")
    _inbox_nl = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zaken")
    _inbox_nl.click()
    page.get_by_label("Eigenaar").select_option("me")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**owner=me**")
    assert page.get_by_role("heading", name="Zaken-inbox").is_visible()
    assert page.get_by_text("SLA overschreden").count() >= 1
    assert page.locator("table.cases tbody tr", has_text="c-anna").count() == 0
    assert serious_violations(page) == []
    screenshot(page, "cases-mine-nl")
    page.close()
