"""The directly-follows graph, its times, the start and end points and the variants equal pm4py's.

pm4py (AGPL) is a test and benchmark dependency only; the package never imports it.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from cxladder.journeys import JourneyLog, kernel, measures
from cxladder.journeys.engines import DuckDBEngine
from cxladder.journeys.measures import PATH_SEPARATOR
from cxladder.journeys.synthetic import synthetic_log

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    pm4py = pytest.importorskip("pm4py")

KEYS = {"case_id_key": "journey_id", "activity_key": "touchpoint", "timestamp_key": "at"}


@pytest.fixture(scope="module")
def generated() -> tuple[pd.DataFrame, JourneyLog]:
    frame = synthetic_log(4_000, seed=23)
    log = JourneyLog.from_frame(
        frame.rename(columns={"customer_id": "customer", "journey_id": "journey"})
    )
    return frame, log


def _pm4py(call: str, frame: pd.DataFrame, **options: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return getattr(pm4py, call)(frame, **KEYS, **options)


def test_directly_follows_counts_equal_pm4py(generated: tuple[pd.DataFrame, JourneyLog]) -> None:
    frame, log = generated
    dfg, starts, ends = _pm4py("discover_dfg", frame)  # type: ignore[misc]
    edges = kernel.directly_follows(log.encoded, {}, 4)
    ours = {
        (s, t): int(c) for s, t, c in zip(edges.source, edges.target, edges["count"], strict=True)
    }
    assert ours == {key: int(value) for key, value in dfg.items()}
    entries = kernel.entries(log.encoded)
    exits = kernel.exits(log.encoded)
    assert dict(zip(entries.touchpoint, entries.journeys, strict=True)) == dict(starts)
    assert dict(zip(exits.touchpoint, exits.journeys, strict=True)) == dict(ends)


def test_directly_follows_on_duckdb_equals_pm4py_with_median_times(
    generated: tuple[pd.DataFrame, JourneyLog],
) -> None:
    frame, log = generated
    engine = DuckDBEngine()
    edges = engine.execute(measures.directly_follows(engine.log_table(log, "x"), {}, 4))
    performance, _, _ = _pm4py(  # type: ignore[misc]
        "discover_performance_dfg", frame, perf_aggregation_key="all"
    )
    dfg, _, _ = _pm4py("discover_dfg", frame)  # type: ignore[misc]
    assert len(edges) == len(dfg)
    for row in edges.itertuples():
        assert row.count == dfg[(row.source, row.target)]
        assert row.median_seconds == pytest.approx(performance[(row.source, row.target)]["median"])


def test_variants_equal_pm4py(generated: tuple[pd.DataFrame, JourneyLog]) -> None:
    frame, log = generated
    theirs = _pm4py("get_variants", frame)
    expected = {PATH_SEPARATOR.join(path): int(count) for path, count in theirs.items()}  # type: ignore[attr-defined]
    ours = kernel.variants(log.encoded)
    assert dict(zip(ours.path, ours.journeys.astype(int), strict=True)) == expected
    engine = DuckDBEngine()
    on_duckdb = engine.execute(measures.variants(engine.log_table(log, "x")))
    assert dict(zip(on_duckdb.path, on_duckdb.journeys.astype(int), strict=True)) == expected
