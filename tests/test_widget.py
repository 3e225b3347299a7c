"""The feedback widget in a real headless Chromium, embedded in a page from another origin."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from cxladder.app import Cxladder
from cxladder.model import Channel, Organization, Role, Touchpoint
from cxladder.settings import Settings
from live_server import serving

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Webshop</title></head>
<body><h1>Webshop</h1><div id="cxladder-feedback"></div>
<script src="{server}/widget.js" defer data-server="{server}" data-organization="shop"
  data-touchpoint="checkout" data-key="{key}" data-question="{question}"></script>
</body></html>"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    folder = tmp_path_factory.mktemp("widget")
    db = f"sqlite:///{folder / 'cx.db'}"
    with Cxladder(Settings(database_url=db)) as cx:
        cx.add_organization(
            Organization("shop", "Webshop"),
            [Touchpoint("checkout", "Checkout", Channel.WEB, organization="shop")],
        )
        key = cx.create_key("shop", role=Role.COLLECTOR, name="website widget")
    site = _static_site(folder)
    site_origin = f"http://127.0.0.1:{site.server_address[1]}"
    with Cxladder(Settings(database_url=db)) as cx:
        cx.allow_origins("shop", [site_origin])
    with serving(db) as server:
        for lang in ("nl", "en"):
            (folder / f"{lang}.html").write_text(
                HOST_PAGE.format(lang=lang, server=server, key=key, question="nps"),
                encoding="utf-8",
            )
        (folder / "ces.html").write_text(
            HOST_PAGE.format(lang="en", server=server, key=key, question="ces"), encoding="utf-8"
        )
        try:
            yield {"db": db, "site": site_origin, "server": server, "folder": folder}
        finally:
            site.shutdown()


def _static_site(folder: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(folder))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _comments(db: str) -> list[str]:
    with Cxladder(Settings(database_url=db)) as cx:
        frame = cx.store.assessed_frame("shop")
    return list(frame["text"])


def test_widget_submits_from_another_origin_in_dutch(
    stack: dict[str, object], browser: Browser
) -> None:
    page = browser.new_page()
    page.goto(f"{stack['site']}/nl.html")
    assert page.get_by_text("Hoe waarschijnlijk is het").is_visible()
    page.get_by_label("9", exact=True).check()
    page.get_by_label("Wil je ons nog iets vertellen").fill("Snelle levering, top!")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_role("status").filter(has_text="Dank je wel").wait_for(timeout=10_000)
    assert "Snelle levering, top!" in _comments(str(stack["db"]))
    assert page.context.cookies() == []
    page.screenshot(path=str(Path(str(stack["folder"])) / "widget-nl.png"))
    page.close()


def test_widget_is_keyboard_usable_in_english(stack: dict[str, object], browser: Browser) -> None:
    page = browser.new_page()
    page.goto(f"{stack['site']}/ces.html")
    assert page.get_by_role("group", name="How easy was it").is_visible()
    page.get_by_label("1", exact=True).focus()
    page.keyboard.press("ArrowRight")  # radio group: arrows move the choice to 2
    page.keyboard.press("Tab")
    page.keyboard.type("Found it quickly via the keyboard")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Thank you").wait_for(timeout=10_000)
    assert "Found it quickly via the keyboard" in _comments(str(stack["db"]))
    page.close()


def test_offline_response_is_queued_and_sent_when_back_online(
    stack: dict[str, object], browser: Browser
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{stack['site']}/en.html")
    context.set_offline(True)
    page.get_by_label("3", exact=True).check()
    page.get_by_label("Anything you would like").fill("Sent while the train was in a tunnel")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("status").filter(has_text="offline").wait_for(timeout=10_000)
    assert "Sent while the train was in a tunnel" not in _comments(str(stack["db"]))
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    deadline = time.monotonic() + 15
    while "Sent while the train was in a tunnel" not in _comments(str(stack["db"])):
        assert time.monotonic() < deadline, "queued response never arrived"
        time.sleep(0.2)
    context.close()


def test_a_site_not_on_the_allow_list_cannot_submit(
    stack: dict[str, object], browser: Browser
) -> None:
    other = _static_site(Path(str(stack["folder"])))
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/en.html")
        page.get_by_label("10", exact=True).check()
        page.get_by_label("Anything you would like").fill("From a site that is not allowed")
        page.get_by_role("button", name="Send").click()
        page.get_by_role("status").filter(has_text="offline").wait_for(timeout=10_000)
        assert "From a site that is not allowed" not in _comments(str(stack["db"]))
        page.close()
    finally:
        other.shutdown()
