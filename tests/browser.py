"""What every browser test shares: a real headless Chromium, signing in, axe-core, screenshots.

Screenshots go to test-artifacts/ (kept by CI as artefacts, ignored by git).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).parents[1]
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Feedback and names as an attacker would write them: pages must show this as text.
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def sign_in(
    browser: Browser, site: str, email: str, password: str, *, language: str = "en"
) -> Page:
    locale = "nl-NL" if language == "nl" else "en-GB"
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale=locale)
    page.goto(f"{site}/login?lang={language}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(f"{site}/")
    return page


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, first: {v['nodes'][0]['target']})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def not_pwned(page: Page) -> bool:
    return page.evaluate("window.__pwned") is None
