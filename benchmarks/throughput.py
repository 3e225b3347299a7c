"""Foundation throughput: import (CSV and Parquet, 1M rows) and assessment, one command.

Runs benchmarks/import_throughput.py and benchmarks/assess_throughput.py, each in its own
process, and prints their figures side by side with the targets of the foundation issue (import
>= 200,000 rows/s, assessment >= 50,000/s on one core). The import runs on the cores the machine
gives it, as a user's import does (it reads, checks and writes in a pipeline); its rows per
CPU-second are printed beside, the figure for one core. The assessment is pinned to one core.
Assessment is measured twice: as installed (compiled with mypyc when the build could) and as
plain Python (CXLADDER_PURE=1), the figure a checkout without a C compiler gets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
TARGETS = {
    "csv_rows_per_second": 200_000,
    "parquet_rows_per_second": 200_000,
    "experiences_per_second": 50_000,
}


def _run(script: str, *args: str, pure: bool = False, one_core: bool = True) -> dict[str, float]:
    command = [sys.executable, str(HERE / script), *args, "--json"]
    if one_core and shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        command = ["taskset", "-c", "0", *command]
    env = {**os.environ, "CXLADDER_PURE": "1" if pure else ""}
    completed = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    sys.stdout.write(completed.stdout)
    last = completed.stdout.strip().splitlines()[-1]
    result: dict[str, float] = json.loads(last)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows per import file")
    parser.add_argument("--experiences", type=int, default=200_000, help="experiences to assess")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    options = parser.parse_args()
    figures = _run("import_throughput.py", "--rows", str(options.rows), one_core=False)
    figures |= _run("assess_throughput.py", "--n", str(options.experiences))
    plain = _run("assess_throughput.py", "--n", str(options.experiences), pure=True)
    cores = int(figures.get("cores", 1))
    print(f"\nfoundation throughput (import on {cores} cores, assessment on one core):")
    for name, target in TARGETS.items():
        value = figures.get(name, float("nan"))
        verdict = "meets" if value >= target else "BELOW"
        print(f"  {name:<26} {value:>12,.0f}  target {target:>9,}  {verdict}")
    print(
        f"  (import per CPU-second: CSV {figures['csv_rows_per_cpu_second']:,.0f}, "
        f"Parquet {figures['parquet_rows_per_cpu_second']:,.0f})"
    )
    mode = "compiled with mypyc" if figures.get("compiled") else "plain Python"
    print(f"  (assessment above: {mode}; plain Python: {plain['experiences_per_second']:,.0f})")
    if options.json:
        chosen = {name: figures.get(name) for name in TARGETS} | {"import_cores": cores}
        print(
            json.dumps(chosen | {"plain_experiences_per_second": plain["experiences_per_second"]})
        )


if __name__ == "__main__":
    main()
