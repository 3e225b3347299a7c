"""The page benchmark runs end to end on a small store: every page answers, figures in JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_page_benchmark_times_every_page(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "pages.py"), "--experiences", "3000",
         "--db", str(tmp_path / "pages.db"), "--repeat", "2", "--json"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    assert figures["experiences"] >= 2970
    pages = figures["pages"]
    for path in ("/", "/touchpoints", "/journeys", "/moments", "/customers", "/cases", "/settings"):
        assert pages[path]["status"] == 200 and pages[path]["median_ms"] > 0, path
    assert any(path.startswith("/experiences?from=") for path in pages)
    assert figures["slowest_median_ms"] == max(p["median_ms"] for p in pages.values())
