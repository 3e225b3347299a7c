"""How fast does an import land? Rows per second, read + validate + write, CSV and Parquet.

Generates a seeded, realistic file of experiences (Dutch headers, Dutch dates, decimal commas,
free text, a few bad rows), imports it into a fresh embedded store, and prints rows/s beside
the peer a data team would reach for first: `pandas.read_csv` + `DataFrame.to_sql` into SQLite,
which neither validates nor quarantines nor dedupes.

An import uses the cores it is given: the file is fingerprinted while it is read, checked in
parts on a helper thread while SQLite writes the parts before, and a first load (a batch that at
least doubles the store) builds its secondary indexes with SQLite's sort threads under a
rollback journal. Rows/s is by the wall clock, as a user waits for it; rows per CPU-second
(rows / process CPU time) is what one core would do. With --repeat the medians of that many
imports per format are shown:

    python benchmarks/import_throughput.py [--rows N] [--repeat K] [--json]
    taskset -c 0 python benchmarks/import_throughput.py ...   # one core

--without-ids leaves the id column out, so every event id is a content hash: those arrive in
random order and the unique index on (organization, event_id) takes them at random places.

Measured 2026-11-25 on the 2-core build machine (a shared VM: the same import varies by up to a
quarter between runs, and the peer with it), 1M rows, medians of 3-5 imports in three separate
runs of the final code: CSV 199,230-225,282 rows/s and Parquet 213,116-229,375 rows/s on both
cores (6.98-7.85 and 6.57-7.16 s CPU), the peer 241,831-332,775 rows/s in the same runs; pinned
to one core CSV 153,648 and Parquet 168,453 rows/s (6.38 and 5.82 s CPU). Where the wall clock
goes for 1M CSV rows on two cores (one quiet run of 4.44 s): reading 0.39 s, the id check 0.12
s, INSERTs 1.86 s (the checks, the values and the customers hidden behind them on the helper
thread), the three index builds 1.55 s (unique 0.31, journey 0.73, touchpoint 0.51), new
customers 0.17 s. With --without-ids (random content hashes) CSV 164,542 and Parquet 189,128
rows/s (one run). What each step bought is measured in the comments of store/bulk.py,
store/repo.py and large_batches.py; before this round the import took 8.2-9.9 s of CPU and wall
for 1M rows (CSV 100,945 and Parquet 118,439 rows/s, one core).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from cxladder.app import Cxladder
from cxladder.settings import Settings

TOUCHPOINTS = (
    "reservering",
    "ontvangst",
    "wachtrij",
    "bediening",
    "kassa",
    "bezorging",
    "website",
    "app-bestelling",
    "klantenservice",
    "retour",
    "garantie",
    "nazorg",
)
CHANNELS = (
    "on-site",
    "on-site",
    "on-site",
    "on-site",
    "store",
    "partner",
    "web",
    "app",
    "telefoon",
    "winkel",
    "store",
    "email",
)
PHRASES = (
    "vriendelijk ontvangen",
    "lang moeten wachten",
    "onze jassen werden aangenomen",
    "gratis brood op tafel",
    "niemand groette ons",
    "precies zoals verwacht",
    "horloge zonder bon vervangen",
    "ze vroegen naar ons jubileum",
    "het eten was vet",
    "snelle bezorging",
    "de medewerker dacht mee",
    "weer een fout in de factuur",
)
STAFF = ("Anouk", "Bram", "Chayenne", "Daan", "Eva", "Finn", "Gijs", "Hanna")


def experiences(rows: int, *, seed: int = 2026) -> pd.DataFrame:
    """A seeded file as a Dutch CX team exports it; about 0.1 % of rows are broken on purpose."""
    rng = np.random.default_rng(seed)
    start = np.datetime64("2026-01-01T08:00", "m")
    moments = start + rng.integers(0, 330 * 24 * 60, rows).astype("timedelta64[m]")
    touchpoint = rng.integers(0, len(TOUCHPOINTS), rows)
    first, second = rng.integers(0, len(PHRASES), (2, rows))
    frame = pd.DataFrame(
        {
            "id": np.char.add("r", np.arange(rows).astype(str)),
            "klant": np.char.add("k", rng.integers(0, max(rows // 5, 1), rows).astype(str)),
            "datum": moments,
            "contactmoment": np.asarray(TOUCHPOINTS)[touchpoint],
            "kanaal": np.asarray(CHANNELS)[touchpoint],
            "cijfer": np.round(rng.normal(7.2, 1.4, rows).clip(1, 10), 1),
            "nps": rng.integers(0, 11, rows).astype(float),
            "opmerking": np.char.add(
                np.char.add(np.asarray(PHRASES)[first], ", "), np.asarray(PHRASES)[second]
            ),
            "wachttijd": np.round(rng.gamma(2.0, 4.0, rows), 1),
            "medewerker": np.asarray(STAFF)[rng.integers(0, len(STAFF), rows)],
            "tafelgrootte": rng.integers(1, 9, rows).astype(float),
        }
    )
    broken = rng.choice(rows, size=max(rows // 1000, 1), replace=False)
    frame.loc[broken, "cijfer"] = 11.0  # out of range: must land in quarantine
    return frame


def write_files(frame: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    csv_frame = frame.assign(
        datum=frame["datum"].dt.strftime("%d-%m-%Y %H:%M"),
        cijfer=frame["cijfer"].map("{:.1f}".format).str.replace(".", ",", regex=False),
    )
    csv_path, parquet_path = folder / "ervaringen.csv", folder / "ervaringen.parquet"
    pa_csv.write_csv(
        pa.Table.from_pandas(csv_frame, preserve_index=False),
        csv_path,
        write_options=pa_csv.WriteOptions(delimiter=";"),
    )
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), parquet_path)
    return csv_path, parquet_path


def cxladder_rate(path: Path, folder: Path) -> tuple[float, float, int, int]:
    """Rows/s by the wall clock, CPU seconds of this process, rows landed and quarantined.

    CPU seconds are reported beside the rate because on a shared machine the wall clock also
    counts other people's work; the CPU figure is what the import itself costs.
    """
    db = folder / f"{path.suffix[1:]}.db"
    db.unlink(missing_ok=True)
    with Cxladder(Settings(database_url=str(db), rejects_dir=folder)) as cx:
        cpu, started = time.process_time(), time.perf_counter()
        summary = cx.import_file(path, organization="bench")
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return summary.rows_read / seconds, cpu, summary.accepted, summary.rejected


def pandas_rate(path: Path, folder: Path) -> float:
    connection = sqlite3.connect(folder / "pandas.db")
    try:
        started = time.perf_counter()
        frame = pd.read_csv(path, sep=";", decimal=",")
        frame.to_sql("experiences", connection, index=False, chunksize=50_000)
        connection.commit()
        return len(frame) / (time.perf_counter() - started)
    finally:
        connection.close()


def _median_rate(path: Path, folder: Path, repeat: int) -> tuple[float, float, int, int]:
    """Median wall rate and median CPU seconds over `repeat` imports into fresh stores."""
    runs = [cxladder_rate(path, folder) for _ in range(repeat)]
    rate = statistics.median(run[0] for run in runs)
    cpu = statistics.median(run[1] for run in runs)
    return rate, cpu, runs[-1][2], runs[-1][3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="imports per format; medians")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    parser.add_argument(
        "--without-ids",
        action="store_true",
        help="leave out the id column: every event id is then a content hash",
    )
    args = parser.parse_args()
    repeat = max(args.repeat, 1)
    cores = len(os.sched_getaffinity(0))
    print(f"1 import at a time, on {cores} core{'s' if cores > 1 else ''}, {args.rows:,} rows")
    with tempfile.TemporaryDirectory(prefix="cxladder-bench-") as tmp:
        folder = Path(tmp)
        frame = experiences(args.rows)
        if args.without_ids:
            frame = frame.drop(columns="id")
        csv_path, parquet_path = write_files(frame, folder)
        csv_rate, csv_cpu, accepted, rejected = _median_rate(csv_path, folder, repeat)
        print(
            f"cxladder CSV      {csv_rate:>12,.0f} rows/s  {csv_cpu:5.2f} s CPU  "
            f"{args.rows / csv_cpu:>10,.0f} rows/CPU-s  "
            f"({accepted:,} landed, {rejected:,} quarantined)"
        )
        parquet_rate, parquet_cpu, accepted, rejected = _median_rate(parquet_path, folder, repeat)
        print(
            f"cxladder Parquet  {parquet_rate:>12,.0f} rows/s  {parquet_cpu:5.2f} s CPU  "
            f"{args.rows / parquet_cpu:>10,.0f} rows/CPU-s  "
            f"({accepted:,} landed, {rejected:,} quarantined)"
        )
        peer = pandas_rate(csv_path, folder)
        print(
            f"pandas read_csv + to_sql (no validation) {peer:>12,.0f} rows/s; "
            f"cxladder CSV is {csv_rate / peer:.2f}x, Parquet {parquet_rate / peer:.2f}x"
        )
    if args.json:
        print(
            json.dumps(
                {
                    "csv_rows_per_second": round(csv_rate),
                    "parquet_rows_per_second": round(parquet_rate),
                    "csv_cpu_seconds": round(csv_cpu, 2),
                    "parquet_cpu_seconds": round(parquet_cpu, 2),
                    "csv_rows_per_cpu_second": round(args.rows / csv_cpu),
                    "parquet_rows_per_cpu_second": round(args.rows / parquet_cpu),
                    "pandas_to_sql_rows_per_second": round(peer),
                    "rows": args.rows,
                    "repeat": repeat,
                    "cores": cores,
                    "without_ids": args.without_ids,
                }
            )
        )


if __name__ == "__main__":
    main()
