"""The same journey map on every engine: DuckDB (Ibis and the NumPy kernel), PostgreSQL, Spark."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from cxladder.errors import ConfigurationError, UnreadableFile
from cxladder.journeys import JourneyLog, JourneyMap, Journeys, measures
from cxladder.journeys.engines import DuckDBEngine
from cxladder.journeys.synthetic import store_log, synthetic_log
from cxladder.store.repo import Store

ORG = "shop"
EVENTS = 3_000


def _store(url: str) -> Store:
    store = Store(url)
    store.upgrade()
    store_log(store, synthetic_log(EVENTS, seed=11), organization=ORG)
    return store


@pytest.fixture(scope="module")
def sqlite_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = _store(f"sqlite:///{tmp_path_factory.mktemp('engines') / 'cx.db'}")
    yield store
    store.dispose()


def _same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    keys = [c for c in ("touchpoint", "source", "target", "path", "step") if c in left.columns]
    left = left.sort_values(keys).reset_index(drop=True)
    right = right.sort_values(keys).reset_index(drop=True)[list(left.columns)]
    pd.testing.assert_frame_equal(left, right, check_dtype=False, rtol=1e-9, atol=1e-9)


def _same_map(left: JourneyMap, right: JourneyMap) -> None:
    for part in ("nodes", "edges", "entries", "exits"):
        _same(getattr(left, part), getattr(right, part))


def test_kernel_and_ibis_give_the_same_journey_map_on_duckdb(sqlite_store: Store) -> None:
    kernel = Journeys(sqlite_store, use_kernel=True)
    ibis_only = Journeys(sqlite_store, use_kernel=False)
    _same_map(kernel.journey_map(ORG), ibis_only.journey_map(ORG))
    _same(kernel.variants(ORG), ibis_only.variants(ORG))
    _same_map(kernel.journey_map(ORG, channel="web"), ibis_only.journey_map(ORG, channel="web"))


def test_journey_map_is_not_empty_and_shares_add_up(sqlite_store: Store) -> None:
    journey_map = Journeys(sqlite_store).journey_map(ORG)
    assert len(journey_map.nodes) == 20
    shares = journey_map.nodes[[f"share_{k}" for k in range(1, 7)]].sum(axis=1)
    assert shares.round(9).eq(1.0).all()
    assert journey_map.entries["share"].sum() == pytest.approx(1.0)
    assert journey_map.exits["journeys"].sum() == journey_map.entries["journeys"].sum()
    assert journey_map.edges["count"].sum() == EVENTS - journey_map.entries["journeys"].sum()


@pytest.mark.postgres
def test_postgres_runs_give_the_same_answers_as_duckdb(
    sqlite_store: Store, postgres_url: str
) -> None:
    store = _store(postgres_url)
    try:
        server = Journeys(store, engine="postgres")
        embedded = Journeys(sqlite_store, use_kernel=False)
        _same_map(server.journey_map(ORG), embedded.journey_map(ORG))
        _same_map(
            server.journey_map(ORG, channel="store"), embedded.journey_map(ORG, channel="store")
        )
        _same(server.variants(ORG), embedded.variants(ORG))
        steps = ["product-page", "web-shop-basket", "web-payment"]
        _same(server.funnel(ORG, steps), embedded.funnel(ORG, steps))
        _same(server.rework(ORG), embedded.rework(ORG))
        _same(server.outcomes(ORG), embedded.outcomes(ORG))
        _same(server.pain_moments(ORG), embedded.pain_moments(ORG))
        server.close()
    finally:
        store.dispose()


def test_postgres_engine_on_an_embedded_store_says_what_to_do(sqlite_store: Store) -> None:
    with pytest.raises(ConfigurationError, match="--engine duckdb"):
        Journeys(sqlite_store, engine="postgres").journey_map(ORG)


def test_unknown_engine_is_refused(sqlite_store: Store) -> None:
    with pytest.raises(ConfigurationError, match="duckdb, postgres, spark"):
        Journeys(sqlite_store, engine="polars")


def test_arrow_cache_is_written_and_reused(sqlite_store: Store, tmp_path: Path) -> None:
    first = Journeys(sqlite_store, cache_dir=tmp_path)
    expected = first.journey_map(ORG)
    cached = list(tmp_path.glob("journeys-shop-*.arrow"))
    assert len(cached) == 1
    second = Journeys(sqlite_store, cache_dir=tmp_path)
    assert second.log(ORG).events == EVENTS
    _same_map(second.journey_map(ORG), expected)


def test_parquet_log_round_trips_sorted_and_encoded(sqlite_store: Store, tmp_path: Path) -> None:
    log = Journeys(sqlite_store).log(ORG)
    path = log.write_parquet(tmp_path / "log.parquet")
    again = JourneyLog.from_parquet(path)
    assert again.table.equals(log.table.cast(again.table.schema))
    encoded = JourneyLog.encoded_from_parquet(path)
    assert (encoded.journey == log.encoded.journey).all()
    assert encoded.touchpoints == log.encoded.touchpoints


def test_a_file_that_is_no_cache_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.arrow").write_text("not arrow", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not a cxladder journey-log cache"):
        JourneyLog.from_arrow(tmp_path / "x.arrow")


def test_duckdb_reads_a_parquet_log_in_place(sqlite_store: Store, tmp_path: Path) -> None:
    log = Journeys(sqlite_store).log(ORG)
    engine = DuckDBEngine()
    on_file = engine.parquet_table(log.write_parquet(tmp_path / "log.parquet"))
    _same(
        engine.execute(measures.variants(on_file)),
        Journeys(sqlite_store, use_kernel=False).variants(ORG),
    )
    engine.close()
