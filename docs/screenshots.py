"""Take the README's screenshots: the demo's theme park in a real headless Chromium.

    .venv/bin/python docs/screenshots.py [--customers N]

Fills a throwaway store with the demo, starts `cxladder serve` on it, signs in and saves the
main pages to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from cxladder.app import Cxladder
from cxladder.model import Role
from cxladder.settings import Settings

OUT = Path(__file__).parent / "screenshots"
PAGES = {
    "overview": "/",
    "journey-map": "/journeys",
    "moments": "/moments",
    "touchpoints": "/touchpoints",
    "cases": "/cases",
}
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.db"
        with Cxladder(Settings(database_url=f"sqlite:///{db}")) as cx:
            cx.demo(customers=args.customers)
            cx.add_user(
                "themepark",
                email="cx@park.example",
                role=Role.ADMIN,
                password="a screenshot password",
                name="CX team",
            )
        cli = Path(sys.executable).with_name("cxladder")
        server = subprocess.Popen(
            [str(cli), "serve", "--db", str(db), "--port", "0"], stdout=subprocess.PIPE, text=True
        )
        try:
            assert server.stdout is not None
            url = re.search(r"https?://\S+", server.stdout.readline())
            assert url, "the server did not say where it listens"
            shoot(url.group(0))
        finally:
            server.terminate()
            server.wait(timeout=30)


def shoot(site: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"{site}/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.goto(f"{site}/login?lang=en")
        page.locator("#email").fill("cx@park.example")
        page.locator("#password").fill("a screenshot password")
        page.locator("form[action='/login'] button[type=submit]").click()
        page.wait_for_url(f"{site}/")
        for name, path in PAGES.items():
            page.goto(site + path, timeout=120_000)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"))
        browser.close()


if __name__ == "__main__":
    main()
