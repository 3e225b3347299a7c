"""Spark (local mode) gives the same journey map and variants as DuckDB, on one small log."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from cxladder.journeys import Journeys
from cxladder.journeys.synthetic import store_log, synthetic_log
from cxladder.store.repo import Store

ORG = "shop"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('spark') / 'cx.db'}")
    store.upgrade()
    store_log(store, synthetic_log(1_500, seed=5), organization=ORG)
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def spark(store: Store) -> Iterator[Journeys]:
    journeys = Journeys(store, engine="spark", spark_master="local[1]")
    yield journeys
    journeys.engine.session.stop()  # type: ignore[attr-defined]


def _same(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    left = left.sort_values(keys).reset_index(drop=True)
    right = right.sort_values(keys).reset_index(drop=True)[list(left.columns)]
    pd.testing.assert_frame_equal(left, right, check_dtype=False, rtol=1e-9, atol=1e-9)


@pytest.mark.slow
def test_spark_gives_the_same_journey_map_and_variants(store: Store, spark: Journeys) -> None:
    embedded = Journeys(store, use_kernel=False)
    on_spark, expected = spark.journey_map(ORG), embedded.journey_map(ORG)
    _same(on_spark.nodes, expected.nodes, ["touchpoint"])
    _same(on_spark.edges, expected.edges, ["source", "target"])
    _same(on_spark.entries, expected.entries, ["touchpoint"])
    _same(on_spark.exits, expected.exits, ["touchpoint"])
    _same(spark.variants(ORG), embedded.variants(ORG), ["path"])
