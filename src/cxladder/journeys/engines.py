"""Where the measures run: connections and the journey log's table on each engine, nothing else.

- DuckDB (the default): embedded, reads the journey log's Arrow table (or its Parquet cache)
  in place.
- PostgreSQL: the server's own store; the log is a view over `experiences` and `assessments`,
  so nothing leaves the server but the answers.
- Spark: for logs beyond one machine. `spark_master` is any Spark master URL (`local[4]`,
  `spark://host:7077`, `yarn`); the log is handed to the session as a DataFrame.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import ibis
import ibis.expr.types as ir
import pandas as pd

from cxladder.errors import ConfigurationError
from cxladder.journeys.events import JourneyLog
from cxladder.store.repo import Store

__all__ = ["ENGINES", "DuckDBEngine", "Engine", "PostgresEngine", "SparkEngine", "open_engine"]

ENGINES = ("duckdb", "postgres", "spark")
LOG_TABLE = "cx_journey_log"


@contextmanager
def _quiet_ibis() -> Iterator[None]:
    """Silence what ibis 12 triggers inside its own dependencies, and only that.

    It calls DuckDB methods DuckDB has since deprecated, and reads a pandas option pandas 3
    deprecated; neither is ours to fix, and under `-W error` both would stop every query.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r".*is deprecated, use .* instead", category=DeprecationWarning
        )
        warnings.filterwarnings("ignore", message=r".*'future\.infer_string' option")
        yield


def _execute(expression: ir.Table) -> pd.DataFrame:
    with _quiet_ibis():
        frame: pd.DataFrame = expression.to_pandas()
    return frame


class Engine(Protocol):
    name: str
    ordered_aggregates: bool

    def log_table(self, log: JourneyLog | None, organization: str) -> ir.Table: ...

    def execute(self, expression: ir.Table) -> pd.DataFrame: ...

    def close(self) -> None: ...


class DuckDBEngine:
    """Embedded DuckDB over the journey log's Arrow table or a Parquet cache."""

    name = "duckdb"
    ordered_aggregates = True

    def __init__(self, *, threads: int | None = None) -> None:
        self.connection = ibis.duckdb.connect(threads=threads) if threads else ibis.duckdb.connect()

    def log_table(self, log: JourneyLog | None, organization: str) -> ir.Table:
        assert log is not None
        # A registered Arrow table is scanned in place: no copy into DuckDB's storage.
        with _quiet_ibis():
            self.connection.con.register(LOG_TABLE, log.plain())
            return self.connection.table(LOG_TABLE)

    def parquet_table(self, path: Path) -> ir.Table:
        with _quiet_ibis():
            table = self.connection.read_parquet(path, table_name=LOG_TABLE)
        return table.mutate(touchpoint=table.touchpoint.cast("string"))

    def execute(self, expression: ir.Table) -> pd.DataFrame:
        return _execute(expression)

    def close(self) -> None:
        self.connection.disconnect()


class PostgresEngine:
    """The measures pushed down into the PostgreSQL server that holds the store."""

    name = "postgres"
    ordered_aggregates = True

    def __init__(self, store: Store) -> None:
        if store.dialect != "postgresql":
            raise ConfigurationError(
                "the postgres engine runs inside the store's PostgreSQL server, but this store "
                f"is {store.dialect}; use --engine duckdb, or --db postgresql://..."
            )
        url = store.engine.url
        self.connection = ibis.postgres.connect(
            host=url.host or "localhost",
            port=url.port or 5432,
            user=url.username,
            password=url.password,
            database=url.database,
        )

    def log_table(self, log: JourneyLog | None, organization: str) -> ir.Table:
        with _quiet_ibis():
            e = self.connection.table("experiences")
            a = self.connection.table("assessments")
        rows = e.filter(e.organization == organization).left_join(a, e.id == a.experience_id)
        seconds = rows.at.epoch_seconds().cast("float64").floor().cast("int64")
        return rows.select(
            journey=ibis.ifelse(rows.journey_id == "", rows.customer_id, rows.journey_id),
            customer=rows.customer_id,
            touchpoint=rows.touchpoint,
            channel=rows.channel.fill_null(""),
            seq=rows.id.cast("int64"),
            at=rows.at.truncate("s"),
            t=seconds,
            level=rows.level.cast("int8"),
            nps=rows.nps.cast("float64"),
            ces=rows.ces.cast("float64"),
            wait_minutes=rows.wait_minutes.cast("float64"),
        )

    def execute(self, expression: ir.Table) -> pd.DataFrame:
        return _execute(expression)

    def close(self) -> None:
        self.connection.disconnect()


class SparkEngine:
    """Spark through Ibis; `local[1]` by default, any master URL for a cluster."""

    name = "spark"
    ordered_aggregates = False  # no ORDER BY inside Spark SQL aggregates

    def __init__(self, *, master: str | None = None, app_name: str = "cxladder-journeys") -> None:
        try:
            from pyspark.sql import SparkSession  # optional extra: cxladder[spark]
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ConfigurationError(
                "the spark engine needs PySpark: pip install 'cxladder[spark]'"
            ) from exc
        self.session: Any = (
            SparkSession.builder.master(master or "local[1]")
            .appName(app_name)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
        self.connection = ibis.pyspark.connect(self.session)

    def log_table(self, log: JourneyLog | None, organization: str) -> ir.Table:
        assert log is not None
        # From Arrow, so that a missing level stays NULL instead of becoming NaN.
        spark_frame = self.session.createDataFrame(log.plain())
        spark_frame.createOrReplaceTempView(LOG_TABLE)
        with _quiet_ibis():
            table = self.connection.table(LOG_TABLE)
        return table

    def execute(self, expression: ir.Table) -> pd.DataFrame:
        return _execute(expression)

    def close(self) -> None:
        # The session is shared by the process (Spark allows one); stopping is the caller's call.
        pass


def open_engine(name: str, store: Store, *, spark_master: str | None = None) -> Engine:
    if name == "duckdb":
        return DuckDBEngine()
    if name == "postgres":
        return PostgresEngine(store)
    if name == "spark":
        return SparkEngine(master=spark_master)
    raise ConfigurationError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
