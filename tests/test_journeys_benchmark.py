"""The journeys benchmark runs end to end on a small log, and every tool finds the same answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "journeys.py"


def test_benchmark_prints_a_table_and_one_json_line() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--events", "20000", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = done.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["events"] == 20_000
    assert set(summary["tools"]) == {"pm4py", "pandas", "duckdb", "cxladder"}
    assert summary["speedup_vs_pm4py"] > 0 and summary["memory_ratio_vs_pm4py"] > 0
    assert summary["cpu_speedup_vs_pm4py"] > 0
    assert all(tool["cpu_seconds"] > 0 for tool in summary["tools"].values())
    rows = [
        line.split()
        for line in lines
        if line.split()[:1] in (["pm4py"], ["cxladder"], ["pandas"], ["duckdb"])
    ]
    answers = {tuple(row[4:]) for row in rows}  # tool, seconds, cpu s, peak MB, then answers
    assert len(rows) == 4 and len(answers) == 1, rows  # same edges, variants and ladder cells
