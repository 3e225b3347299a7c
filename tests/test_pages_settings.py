"""The Settings pages: touchpoints, brand promise, users and keys, collection.

In-process (TestClient) for roles, CSRF, tenants, validation and the shortfall arithmetic; a
real server and headless Chromium for what a person does: edit, be told no, copy, switch
language, with axe-core and hostile names.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from browser import HOSTILE, chromium, not_pwned, screenshot, serious_violations, sign_in
from cxladder.api import create_app
from cxladder.api.deps import SESSION_COOKIE
from cxladder.app import Cxladder
from cxladder.errors import NotFound
from cxladder.model import (
    Channel,
    Expectation,
    Experience,
    Organization,
    Role,
    ServiceLevel,
    Touchpoint,
)
from cxladder.settings import Settings
from cxladder.store.access import hash_key
from cxladder.store.settings_queries import (
    level_counts,
    people,
    recent_deliveries,
    remove_webhook,
    set_person_disabled,
    webhook_rows,
)
from cxladder.web import settings_common
from cxladder.web.settings_common import SettingsMemory
from cxladder.web.settings_forms import KeptValues, read_touchpoint, widget_snippet
from cxladder.web.settings_pages import promise_gaps
from in_process import TestClient
from live_server import serving

PASSWORD = "correct horse battery"
ADMIN = "anna@bistro.test"
ANALYST = "bob@bistro.test"
OUTSIDER = "olga@other.test"


def _fill(cx: Cxladder) -> None:
    cx.add_organization(
        Organization("bistro", "Bistro De Ladder"),
        [
            Touchpoint(
                "table",
                "Aan tafel",
                Channel.ON_SITE,
                stage="visit",
                organization="bistro",
                expectations=(Expectation("wait_minutes", 5, 20),),
            ),
            Touchpoint("web", HOSTILE, Channel.WEB, organization="bistro"),
        ],
    )
    cx.add_organization(
        Organization("other", "Other Co"),
        [Touchpoint("desk", "Desk", Channel.ON_SITE, organization="other")],
    )
    cx.add_user("bistro", email=ADMIN, role=Role.ADMIN, password=PASSWORD, name="Anna")
    cx.add_user("bistro", email=ANALYST, role=Role.ANALYST, password=PASSWORD, name=HOSTILE)
    cx.add_user("other", email=OUTSIDER, role=Role.ADMIN, password=PASSWORD, name="Olga")
    cx.create_key("bistro", role=Role.COLLECTOR, name=HOSTILE)
    cx.create_key("other", role=Role.COLLECTOR, name="other's kiosk")
    cx.add_webhook("bistro", "https://hooks.example.test/cx")
    start = datetime(2026, 11, 1, 19, 0)
    for i in range(30):
        cx.record(
            Experience(
                id=f"e{i}",
                customer_id=f"c{i % 10}",
                organization="bistro",
                touchpoint="table" if i % 3 else "web",
                at=start + timedelta(days=i % 10),
                channel=Channel.ON_SITE if i % 3 else Channel.WEB,
                nps=float(i % 11),
                text=HOSTILE if i == 4 else "",
            )
        )


def _client(cx: Cxladder, email: str) -> tuple[TestClient, str]:
    app = create_app(cx)
    # Tests wait for the level counts; the server shows a placeholder after a quarter second.
    app.state.settings_memory = SettingsMemory(first_wait=30)
    client = TestClient(app, follow_redirects=False)
    token, csrf = cx.sign_in(email, PASSWORD)
    client.cookies.set(SESSION_COOKIE, token)
    return client, csrf


@pytest.fixture
def filled(cx: Cxladder) -> Cxladder:
    """A store of its own, for a test that changes settings."""
    _fill(cx)
    return cx


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cxladder]:
    """One store for the tests that only read, or whose changes must be refused."""
    db = f"sqlite:///{tmp_path_factory.mktemp('settings-shared') / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        _fill(cx)
        yield cx


# -- in process --------------------------------------------------------------------------------


def test_every_settings_page_answers_for_every_reader(shared: Cxladder) -> None:
    for email in (ADMIN, ANALYST):
        client, _ = _client(shared, email)
        for path in ("", "/touchpoints", "/promise", "/people", "/collection"):
            response = client.get(f"/settings{path}?lang=nl")
            assert response.status_code == 200, (email, path, response.text[:300])
            assert "<img src=x" not in response.text
            assert response.headers["cache-control"] == "no-store"


def test_a_reader_sees_no_forms_and_cannot_post(shared: Cxladder) -> None:
    client, csrf = _client(shared, ANALYST)
    for path in ("/touchpoints", "/promise", "/people", "/collection"):
        page = client.get(f"/settings{path}").text
        assert 'method="post" action="/settings' not in page, path
        assert "only an admin can change them" in page
    assert client.get("/settings/touchpoints/table/edit").status_code == 403
    refused = client.post(
        "/settings/people/keys", data={"csrf": csrf, "name": "x", "role": "admin"}
    )
    assert refused.status_code == 403
    assert [k["name"] for k in shared.keys("bistro")] == [HOSTILE]


def test_a_change_without_the_csrf_token_is_refused(shared: Cxladder) -> None:
    client, _ = _client(shared, ADMIN)
    response = client.post("/settings/people/keys", data={"name": "till", "role": "collector"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert len(shared.keys("bistro")) == 1


def test_signed_out_visitors_are_sent_to_the_sign_in(shared: Cxladder) -> None:
    client = TestClient(create_app(shared), follow_redirects=False)
    response = client.get("/settings/people")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/settings/people"


def test_another_organisations_things_are_not_found(shared: Cxladder) -> None:
    client, csrf = _client(shared, OUTSIDER)
    assert client.get("/settings/touchpoints/table/edit").status_code == 404
    other_key = shared.keys("bistro")[0]["id"]
    assert (
        client.post(f"/settings/people/keys/{other_key}/revoke", data={"csrf": csrf}).status_code
        == 404
    )
    assert shared.keys("bistro")[0]["revoked_at"] is None
    bistro_user = client.post("/settings/people/users/1/disable", data={"csrf": csrf})
    assert bistro_user.status_code == 404
    hook = client.post("/settings/collection/webhooks/1/remove", data={"csrf": csrf})
    assert hook.status_code == 404
    people = client.get("/settings/people").text
    assert ADMIN not in people and OUTSIDER in people


def test_editing_a_touchpoint_saves_it_and_keeps_its_place(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    form = client.get("/settings/touchpoints/table/edit").text
    assert 'value="wait_minutes"' in form
    response = client.post(
        "/settings/touchpoints/table/edit",
        data={
            "csrf": csrf,
            "name": "Aan tafel",
            "stage": "visit",
            "channel": "on-site",
            "target_level": "5",
            "owner": "Floor manager",
            "exp-0-fact": "wait_minutes",
            "exp-0-expected": "4,5",
            "exp-0-unacceptable": "15",
            "exp-1-fact": "stars",
            "exp-1-expected": "4",
            "exp-1-unacceptable": "2",
            "exp-1-higher": "on",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/settings/touchpoints?notice=touchpoint_saved"
    saved = filled.touchpoints("bistro")
    assert list(saved) == ["table", "web"]
    table = saved["table"]
    assert table.target_level is ServiceLevel.SURPRISING
    assert table.owner == "Floor manager"
    assert table.expectations == (
        Expectation("wait_minutes", 4.5, 15),
        Expectation("stars", 4, 2, higher_is_better=True),
    )
    shown = client.get(response.headers["location"]).text
    assert "Touchpoint saved." in shown
    form = client.get("/settings/touchpoints/table/edit").text
    assert 'value="4.5"' in form and 'value="15"' in form and 'value="Floor manager"' in form


def test_a_collector_account_reads_no_settings(filled: Cxladder) -> None:
    filled.add_user("bistro", email="till@bistro.test", role=Role.COLLECTOR, password=PASSWORD)
    client, _ = _client(filled, "till@bistro.test")
    for path in ("", "/touchpoints", "/promise", "/people", "/collection"):
        assert client.get(f"/settings{path}").status_code == 403, path


BAD_TOUCHPOINT_VALUES = [
    ("target_level", "9", "&#39;9&#39; is not a level; choose 1 (Criminal) to 6"),
    ("name", "", "Fill this in."),
    ("channel", "pigeon", "Choose one of the channels"),
    ("exp-0-unacceptable", "2", "Unacceptable must be worse than expected"),
    ("exp-0-expected", "soon", "&#39;soon&#39; is not a number"),
    ("exp-0-fact", "Wait Minutes", "Name the fact in lower case"),
]


def test_a_bad_touchpoint_value_is_shown_beside_its_field(shared: Cxladder) -> None:
    client, csrf = _client(shared, ADMIN)
    for field, value, message in BAD_TOUCHPOINT_VALUES:
        data = {
            "csrf": csrf,
            "name": "Aan tafel",
            "channel": "on-site",
            "target_level": "4",
            "exp-0-fact": "wait_minutes",
            "exp-0-expected": "5",
            "exp-0-unacceptable": "20",
            field: value,
        }
        response = client.post("/settings/touchpoints/table/edit", data=data)
        assert response.status_code == 422, field
        assert message in response.text, field
        assert f'<p class="error" id="e-{field}">' in response.text, field
        assert re.search(f'aria-describedby="[^"]*e-{field}"', response.text), field
    assert shared.touchpoints("bistro")["table"].target_level is ServiceLevel.DESIRED


def test_validation_speaks_dutch(shared: Cxladder) -> None:
    client, csrf = _client(shared, ADMIN)
    client.get("/settings?lang=nl")
    response = client.post(
        "/settings/touchpoints/new",
        data={"csrf": csrf, "key": "table", "name": "", "channel": "web", "target_level": "4"},
    )
    assert response.status_code == 422
    assert "Er is al een contactmoment met sleutel &#39;table&#39;" in response.text
    assert "Vul dit in." in response.text


def test_a_new_touchpoint_is_added_at_the_end(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    response = client.post(
        "/settings/touchpoints/new",
        data={
            "csrf": csrf,
            "key": "bar",
            "name": "De bar",
            "channel": "store",
            "target_level": "3",
        },
    )
    assert response.status_code == 303
    assert list(filled.touchpoints("bistro")) == ["table", "web", "bar"]
    assert filled.touchpoints("bistro")["bar"].target_level is ServiceLevel.EXPECTED


def test_the_promise_is_saved_and_its_shortfall_matches_the_desk(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    response = client.post(
        "/settings/promise",
        data={
            "csrf": csrf,
            "statement": "Every guest feels expected",
            "values": "warm\npersonal\nwarm",
            "default_target": "4",
            "target-table": "5",
            "target-web": "",
        },
    )
    assert response.status_code == 303
    brand = filled.organization("bistro").brand
    assert brand.statement == "Every guest feels expected"
    assert brand.values == ("warm", "personal")
    assert dict(brand.targets) == {"table": ServiceLevel.SURPRISING}
    organization = filled.organization("bistro")
    expected = filled.actions.promise_shortfall(organization="bistro")
    counted = promise_gaps(
        organization, filled.touchpoints("bistro"), level_counts(filled.store.engine, "bistro")
    )
    assert counted == pytest.approx(expected) or counted == expected
    page = client.get("/settings/promise").text
    assert 'data-gap="table"' in page and "Every guest feels expected" in page


def test_the_shortfall_fills_in_when_the_counts_are_slow(
    shared: Cxladder, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()

    def slow_counts(engine: sa.Engine, organization: str) -> dict[str, list[int]]:
        release.wait(30)
        return level_counts(engine, organization)

    monkeypatch.setattr(settings_common, "level_counts", slow_counts)
    client, _ = _client(shared, ANALYST)
    client.app.state.settings_memory = SettingsMemory(first_wait=0.01)  # type: ignore[attr-defined]
    page = client.get("/settings/promise").text
    assert 'hx-get="/settings/promise/shortfall"' in page
    assert "Counting the levels per touchpoint" in page and "data-gap" not in page
    release.set()
    for _ in range(100):
        part = client.get("/settings/promise/shortfall").text
        if "data-gap" in part:
            break
        time.sleep(0.05)
    assert 'data-gap="table"' in part and "<html" not in part
    assert "hx-get" not in part


def test_a_bad_promise_level_is_refused(shared: Cxladder) -> None:
    client, csrf = _client(shared, ADMIN)
    response = client.post(
        "/settings/promise", data={"csrf": csrf, "statement": "x", "default_target": "7"}
    )
    assert response.status_code == 422
    assert 'id="e-default_target"' in response.text


def test_a_new_key_is_shown_once_and_only_its_hash_is_kept(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    response = client.post(
        "/settings/people/keys", data={"csrf": csrf, "name": "till 2", "role": "collector"}
    )
    assert response.status_code == 303
    first = client.get(response.headers["location"]).text
    secret = re.search(r'value="(cxl_[^"]+)"', first)
    assert secret is not None
    principal = filled.principal(secret.group(1))
    assert principal is not None and principal.role is Role.COLLECTOR
    again = client.get(response.headers["location"]).text
    assert secret.group(1) not in again
    with filled.store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT key_hash FROM api_keys").scalars().all()
    assert hash_key(secret.group(1)) in stored and secret.group(1) not in stored


def test_a_key_is_revoked(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    key_id = filled.keys("bistro")[0]["id"]
    response = client.post(f"/settings/people/keys/{key_id}/revoke", data={"csrf": csrf})
    assert response.status_code == 303
    assert filled.keys("bistro")[0]["revoked_at"] is not None


def test_users_are_added_disabled_and_never_yourself(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    bad = client.post(
        "/settings/people/users",
        data={"csrf": csrf, "email": "nope", "password": "short", "role": "agent"},
    )
    assert bad.status_code == 422
    assert "&#39;nope&#39; is not an e-mail address." in bad.text
    assert "Use at least 12 characters." in bad.text
    assert "short" not in bad.text.split('id="f-password"')[1][:200]
    added = client.post(
        "/settings/people/users",
        data={"csrf": csrf, "email": "cas@bistro.test", "password": PASSWORD, "role": "agent"},
    )
    assert added.status_code == 303
    taken = client.post(
        "/settings/people/users",
        data={"csrf": csrf, "email": "cas@bistro.test", "password": PASSWORD, "role": "agent"},
    )
    assert "exists already" in taken.text
    filled.sign_in("cas@bistro.test", PASSWORD)
    people = client.get("/settings/people").text
    cas_id = int(re.findall(r"/settings/people/users/(\d+)/disable", people)[-1])
    assert client.post(f"/settings/people/users/{cas_id}/disable", data={"csrf": csrf}).is_redirect
    with pytest.raises(Exception, match="wrong e-mail"):
        filled.sign_in("cas@bistro.test", PASSWORD)
    anna = next(p for p in re.findall(r'data-person="([^"]+)"', people) if p == ADMIN)
    assert anna == ADMIN
    assert client.post("/settings/people/users/1/disable", data={"csrf": csrf}).status_code == 422
    filled.sign_in(ADMIN, PASSWORD)


def test_the_snippet_names_the_organisation_touchpoint_and_a_fresh_key(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    page = client.get("/settings/collection?touchpoint=table&question=csat").text
    assert "data-organization=&#34;bistro&#34;" in page
    assert "data-touchpoint=&#34;table&#34;" in page and "cxl_PASTE_A_COLLECTOR_KEY" in page
    made = client.post(
        "/settings/collection/key", data={"csrf": csrf, "touchpoint": "table", "question": "csat"}
    )
    assert made.status_code == 303
    shown = client.get(made.headers["location"]).text
    key = re.search(r"data-key=&#34;(cxl_[A-Za-z0-9_-]+)&#34;", shown)
    assert key is not None and "PASTE" not in key.group(1)
    principal = filled.principal(key.group(1))
    assert principal is not None and principal.organization == "bistro"
    assert principal.role is Role.COLLECTOR
    assert "data-question=&#34;csat&#34;" in shown
    assert "/s/" in shown


def test_origins_and_webhooks_are_checked_and_saved(filled: Cxladder) -> None:
    client, csrf = _client(filled, ADMIN)
    bad = client.post(
        "/settings/collection/origins", data={"csrf": csrf, "origins": "www.example.nl/path"}
    )
    assert bad.status_code == 422 and "is not an origin" in bad.text
    good = client.post(
        "/settings/collection/origins",
        data={"csrf": csrf, "origins": "https://www.bistro.test\nhttps://shop.bistro.test/"},
    )
    assert good.status_code == 303
    assert filled.allowed_origins("bistro") == {
        "https://www.bistro.test",
        "https://shop.bistro.test",
    }
    no_levels = client.post(
        "/settings/collection/webhooks", data={"csrf": csrf, "url": "https://x.test/h"}
    )
    assert no_levels.status_code == 422 and "Choose at least one level." in no_levels.text
    added = client.post(
        "/settings/collection/webhooks",
        data={"csrf": csrf, "url": "https://x.test/h", "level-6": "on"},
    )
    assert added.status_code == 303
    page = client.get(added.headers["location"]).text
    assert re.search(r'id="hook-secret"[^>]*value="[0-9a-f]{64}"', page)
    hooks = filled.access.webhooks("bistro")
    assert [(h.url, h.levels) for h in hooks][-1] == ("https://x.test/h", (6,))
    removed = client.post(
        f"/settings/collection/webhooks/{hooks[-1].id}/remove", data={"csrf": csrf}
    )
    assert removed.status_code == 303
    assert [h.url for h in filled.access.webhooks("bistro")] == ["https://hooks.example.test/cx"]


def test_the_delivery_log_shows_the_newest_first_and_is_bounded(filled: Cxladder) -> None:
    deliveries = recent_deliveries(filled.store.engine, "bistro", limit=3)
    assert len(deliveries) == 3
    assert [d.id for d in deliveries] == sorted((d.id for d in deliveries), reverse=True)
    assert recent_deliveries(filled.store.engine, "other") == []


def test_the_settings_queries_on_both_stores(any_cx: Cxladder) -> None:
    _fill(any_cx)
    engine = any_cx.store.engine
    counts = level_counts(engine, "bistro")
    assert sum(map(sum, counts.values())) == 30 and set(counts) == {"table", "web"}
    assert level_counts(engine, "other") == {}
    listed = people(engine, "bistro")
    assert [p.email for p in listed] == [ADMIN, ANALYST]
    set_person_disabled(engine, "bistro", listed[1].id, at=datetime(2026, 11, 2))
    assert people(engine, "bistro")[1].disabled_at == datetime(2026, 11, 2)
    with pytest.raises(NotFound):
        set_person_disabled(engine, "other", listed[1].id, at=None)
    hook = webhook_rows(engine, "bistro")[0]
    assert hook.levels == (1, 2)
    assert recent_deliveries(engine, "bistro", limit=2)[0].webhook_url == hook.url
    with pytest.raises(NotFound):
        remove_webhook(engine, "other", hook.id)
    remove_webhook(engine, "bistro", hook.id)
    assert webhook_rows(engine, "bistro") == []
    assert len(recent_deliveries(engine, "bistro", limit=500)) == len(
        any_cx.webhook_deliveries("bistro")
    )


def test_a_kept_secret_is_for_its_owner_and_only_once() -> None:
    kept = KeptValues()
    token = kept.put("anna", {"key": "cxl_x"})
    assert kept.take(token, "bob") is None
    assert kept.take(token, "anna") == {"key": "cxl_x"}
    assert kept.take(token, "anna") is None
    stale = KeptValues(seconds=-1)
    assert stale.take(stale.put("anna", {}), "anna") is None


def test_forms_read_values_as_people_write_them() -> None:
    read = read_touchpoint(
        {"name": " Bar ", "channel": "Winkel", "target_level": "Verrassend", "key": "bar"},
        organization="o",
        key=None,
    )
    assert read.touchpoint is not None
    assert read.touchpoint.channel is Channel.STORE
    assert read.touchpoint.target_level is ServiceLevel.SURPRISING
    assert read.touchpoint.name == "Bar"
    snippet = widget_snippet(
        server="https://cx.test", organization='a"b', touchpoint="t", question="nps", key=None
    )
    assert 'data-organization="a&#34;b"' in snippet


# -- in a real browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = f"sqlite:///{tmp_path_factory.mktemp('settings') / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        _fill(cx)
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


def _admin(browser: Browser, site: str, language: str = "en") -> Page:
    return sign_in(browser, site, ADMIN, PASSWORD, language=language)


def test_browser_edit_a_target_level_and_be_told_no(site: str, browser: Browser) -> None:
    page = _admin(browser, site)
    page.goto(f"{site}/settings/touchpoints")
    assert not_pwned(page)
    page.get_by_role("link", name="Edit Aan tafel").click()
    page.get_by_label("Target level").select_option("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_have_text("Touchpoint saved.")
    expect(page.locator('tr[data-touchpoint="table"] td[data-target]')).to_have_attribute(
        "data-target", "6"
    )
    page.get_by_role("link", name="Edit Aan tafel").click()
    row = page.get_by_role("group", name="Expectation 1")
    row.get_by_label("Unacceptable").fill("3")
    page.get_by_role("button", name="Save").click()
    problem = page.locator("#e-exp-0-unacceptable")
    expect(problem).to_have_text(re.compile("Unacceptable must be worse than expected"))
    expect(row.get_by_label("Unacceptable")).to_have_attribute("aria-invalid", "true")
    assert serious_violations(page) == []
    screenshot(page, "settings-touchpoint-problem")
    page.close()


def test_browser_create_a_key_shown_once(site: str, browser: Browser) -> None:
    page = _admin(browser, site)
    page.goto(f"{site}/settings/people")
    page.locator("#f-key_name").fill("kassa Utrecht")
    page.get_by_label("Role").last.select_option("collector")
    page.get_by_role("button", name="Create a key").click()
    secret = page.locator("#new-key-value")
    value = secret.input_value()
    assert value.startswith("cxl_") and len(value) > 30
    assert serious_violations(page) == []
    screenshot(page, "settings-people-new-key")
    page.reload()
    assert page.locator("#new-key-value").count() == 0
    assert value not in page.content()
    assert page.get_by_role("row", name=re.compile("kassa Utrecht")).is_visible()
    assert not_pwned(page)
    page.close()


def test_browser_copy_the_widget_snippet(site: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(f"{site}/login?lang=en")
    page.locator("#email").fill(ADMIN)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(f"{site}/")
    page.goto(f"{site}/settings/collection")
    page.get_by_label("Touchpoint").select_option("table")
    page.get_by_role("button", name="Show the snippet").click()
    page.get_by_role("button", name="Create a collector key for this snippet").click()
    expect(page.locator(".notice").last).to_contain_text("shown this once")
    page.locator("button[data-copy=snippet]").click()
    expect(page.locator('[data-status-for="snippet"]')).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert 'data-organization="bistro"' in copied
    assert 'data-touchpoint="table"' in copied
    assert re.search(r'data-key="cxl_[A-Za-z0-9_-]{20,}"', copied)
    assert f'src="{site}/widget.js"' in copied
    qr = page.locator("#survey-qr")
    expect(qr).to_have_attribute("data-modules", re.compile(r"^\d+$"))
    assert int(qr.get_attribute("data-modules") or 0) >= 21
    expect(page.get_by_role("link", name="Download the QR code (PNG)")).to_be_visible()
    survey = page.locator("#survey-url").input_value()
    assert survey.startswith(f"{site}/s/")
    answered = page.context.new_page()
    answered.goto(survey)
    expect(answered).to_have_title(re.compile("Bistro De Ladder"))
    answered.close()
    assert serious_violations(page) == []
    screenshot(page, "settings-collection")
    context.close()


def test_browser_dutch_and_a_reader_without_forms(site: str, browser: Browser) -> None:
    page = sign_in(browser, site, ANALYST, PASSWORD)
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Instellingen", exact=True)).to_be_visible()
    for tab in ("Contactmomenten", "Merkbelofte", "Gebruikers en API-sleutels", "Verzamelen"):
        page.get_by_role("navigation", name="Onderdelen van de instellingen").get_by_role(
            "link", name=tab
        ).click()
        assert page.locator("main form[method=post]").count() == 0, tab
        expect(page.locator(".read-only")).to_contain_text("alleen een beheerder")
        assert not_pwned(page)
    assert serious_violations(page) == []
    screenshot(page, "settings-collection-reader-nl")
    page.goto(f"{site}/settings/promise")
    expect(page.get_by_role("heading", name="Waar de uitvoering tekortschiet")).to_be_visible()
    # The counts may come a moment later, fetched by htmx; either way they arrive.
    page.locator("tr[data-gap]").first.wait_for(timeout=15_000)
    assert page.get_by_role("row", name=re.compile("window.__pwned")).count() >= 1
    assert serious_violations(page) == []
    page.goto(f"{site}/settings/people")
    assert page.get_by_role("row", name=re.compile("window.__pwned")).count() >= 2
    assert not_pwned(page)
    page.close()


def test_browser_admin_pages_in_dutch_pass_axe(site: str, browser: Browser) -> None:
    page = _admin(browser, site, language="nl")
    for path in ("", "/touchpoints", "/touchpoints/new", "/promise"):
        page.goto(f"{site}/settings{path}")
        assert serious_violations(page) == [], path
        assert not_pwned(page)
    page.goto(f"{site}/settings/promise")
    screenshot(page, "settings-promise-nl")
    page.close()
