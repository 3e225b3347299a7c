"""The journey log: every experience as one event of one journey, in the order it happened.

A journey is the experience's `journey_id` when it has one, else its customer. The log is
kept as one Arrow table sorted by journey, time and store row, with touchpoints
dictionary-encoded, so that every measure is one pass over contiguous journeys instead of a
fresh sort. The same table is the Parquet cache (`write_parquet` / `JourneyLog.from_parquet`)
and what the engines load; the NumPy kernel reads its encoded columns directly.

Times are whole seconds since the epoch (`t`): every engine truncates the same way, so the
DuckDB, PostgreSQL and Spark runs agree to the second.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc
import pyarrow.parquet as pq

from cxladder.errors import InvalidInput, NotFound, UnreadableFile

if TYPE_CHECKING:  # the kernel path reads Parquet only and never needs the store's libraries
    from cxladder.store.repo import Store

__all__ = [
    "BLOCK_EVENTS",
    "LOG_COLUMNS",
    "PATH_SEPARATOR",
    "STORE_COLUMNS",
    "EncodedLog",
    "JourneyLog",
]

PATH_SEPARATOR = " > "
# Events per block in the kernel's passes: temporaries of a few MB, not of the whole log.
BLOCK_EVENTS = 1 << 20

# Columns of the journey log every measure may read, in this order.
LOG_COLUMNS: tuple[str, ...] = (
    "journey",
    "customer",
    "touchpoint",
    "channel",
    "seq",
    "at",
    "t",
    "level",
    "nps",
    "ces",
    "wait_minutes",
)
STORE_COLUMNS: tuple[str, ...] = (
    "id",
    "customer_id",
    "journey_id",
    "touchpoint",
    "at",
    "channel",
    "nps",
    "ces",
    "wait_minutes",
)
_REQUIRED = ("customer", "touchpoint", "at")

SCHEMA = pa.schema(
    [
        ("journey", pa.string()),
        ("customer", pa.string()),
        ("touchpoint", pa.dictionary(pa.int32(), pa.string())),
        ("channel", pa.string()),
        ("seq", pa.int64()),
        ("at", pa.timestamp("us")),
        ("t", pa.int64()),
        ("level", pa.int8()),
        ("nps", pa.float64()),
        ("ces", pa.float64()),
        ("wait_minutes", pa.float64()),
        # 0, 1, 2... per journey in sorted order: the kernel reads this, never the names.
        ("journey_index", pa.int32()),
    ]
)
_KERNEL_COLUMNS = ["journey_index", "touchpoint", "t", "level"]


@dataclass(frozen=True)
class EncodedLog:
    """The log as plain NumPy columns, journeys contiguous and in time order.

    `journey` holds 0..journeys-1 in ascending runs, `touchpoint` indexes `touchpoints`,
    `level` is 0 where the experience is not assessed.
    """

    journey: np.ndarray
    touchpoint: np.ndarray
    t: np.ndarray
    level: np.ndarray
    touchpoints: tuple[str, ...]

    @property
    def events(self) -> int:
        return int(self.journey.shape[0])

    @cached_property
    def starts(self) -> np.ndarray:
        """Each journey's first event, then the end: journey j is starts[j]:starts[j + 1]."""
        if self.events == 0:
            return np.zeros(1, dtype=np.int64)
        breaks = np.flatnonzero(self.journey[1:] != self.journey[:-1]) + 1
        return np.concatenate(([0], breaks, [self.events])).astype(np.int64)

    def blocks(self, events: int | None = None) -> list[tuple[int, int]]:
        """Journey ranges [first, last) of about `events` (BLOCK_EVENTS) events each, more
        when one journey is longer, so a pass over the log keeps its temporaries a few MB."""
        if self.events == 0:
            return []
        size = events or BLOCK_EVENTS
        cuts = np.searchsorted(self.starts, np.arange(0, self.events, size), side="right")
        cuts -= 1
        edges = np.unique(np.concatenate((cuts, [self.starts.size - 1])))
        return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)]


class JourneyLog:
    """An organisation's experiences as journeys, sorted and encoded once."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    # -- where a log comes from ----------------------------------------------------------------

    @classmethod
    def from_store(cls, store: Store, organization: str) -> JourneyLog:
        """Read the organisation's experiences and their levels through the store."""
        frame = store.assessed_frame(organization, columns=list(STORE_COLUMNS), reasons=False)
        if frame.empty and store.count("experiences", organization) == 0:
            store.organization(organization)  # raises NotFound with the known organisations
        return cls.from_assessed_frame(frame)

    @classmethod
    def from_assessed_frame(cls, frame: pd.DataFrame) -> JourneyLog:
        """A log from `Store.assessed_frame()` as it is (what the report receives)."""
        frame = frame.rename(columns={"customer_id": "customer", "id": "seq"})
        journey_ids = frame.get("journey_id", pd.Series("", index=frame.index))
        journey_ids = journey_ids.fillna("").astype(str)
        frame["journey"] = journey_ids.where(journey_ids != "", frame["customer"])
        keep = [c for c in frame.columns if c in LOG_COLUMNS]
        return cls.from_frame(frame[keep])

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> JourneyLog:
        """A log from any frame with customer, touchpoint and at (journey, level, ... optional)."""
        missing = [name for name in _REQUIRED if name not in frame.columns]
        if missing:
            raise InvalidInput(
                f"a journey log needs the columns {', '.join(_REQUIRED)}; missing: "
                f"{', '.join(missing)}. Rename your columns or import them with a mapping."
            )
        return cls(_sorted(_normalised(frame)))

    @classmethod
    def from_parquet(cls, path: Path) -> JourneyLog:
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowInvalid) as exc:
            raise UnreadableFile(f"{path}: not a readable Parquet journey log ({exc})") from exc
        if table.schema.names == SCHEMA.names:
            return cls(table.cast(SCHEMA))  # our own cache: already sorted and encoded
        return cls.from_frame(table.to_pandas())

    def write_arrow(self, path: Path) -> Path:
        """The cache `Journeys` keeps: Arrow IPC, uncompressed, so a later run maps it in place."""
        path.parent.mkdir(parents=True, exist_ok=True)
        table = self.table.combine_chunks()
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        return path

    @classmethod
    def from_arrow(cls, path: Path) -> JourneyLog:
        return cls(_mapped(path))

    @staticmethod
    def encoded_from_arrow(path: Path) -> EncodedLog:
        """The kernel's columns of a cache `write_arrow` wrote, memory-mapped: nothing is parsed."""
        return _encode(_mapped(path).select(_KERNEL_COLUMNS))

    @staticmethod
    def encoded_from_parquet(path: Path) -> EncodedLog:
        """Only the columns the kernel reads, straight from a cache `write_parquet` wrote."""
        try:
            table = pq.read_table(path, columns=_KERNEL_COLUMNS)
        except (OSError, pa.ArrowInvalid, KeyError) as exc:
            raise UnreadableFile(f"{path}: not a cxladder journey-log cache ({exc})") from exc
        return _encode(table)

    def write_parquet(self, path: Path) -> Path:
        """Keep the sorted, encoded log for the next run (row groups stay in journey order)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(self.table, path, row_group_size=1_000_000)
        return path

    # -- what the engines and the kernel read --------------------------------------------------

    @property
    def events(self) -> int:
        return int(self.table.num_rows)

    def require_events(self, organization: str) -> None:
        if self.events == 0:
            raise NotFound(
                f"organisation {organization!r} has no experiences yet; import a journey log "
                "first (`cxladder import` or `cxladder demo`)"
            )

    def plain(self) -> pa.Table:
        """The log with touchpoints as plain strings, for engines without dictionary types."""
        return self.table.set_column(
            2, "touchpoint", self.table.column("touchpoint").cast(pa.string())
        )

    def where_journeys(self, journeys: pa.Array) -> JourneyLog:
        """Only the given journeys (a segment), still sorted."""
        keep = pc.is_in(self.table.column("journey"), value_set=journeys)
        return _renumbered(self.table.filter(keep))

    def where_channel(self, channel: str) -> JourneyLog:
        return _renumbered(self.table.filter(pc.equal(self.table.column("channel"), channel)))

    @cached_property
    def encoded(self) -> EncodedLog:
        return _encode(self.table.select(_KERNEL_COLUMNS))


def _mapped(path: Path) -> pa.Table:
    try:
        table = pa.ipc.open_file(pa.memory_map(str(path), "r")).read_all()
    except (OSError, pa.ArrowInvalid) as exc:
        raise UnreadableFile(f"{path}: not a cxladder journey-log cache ({exc})") from exc
    if table.schema.names != SCHEMA.names:
        raise UnreadableFile(f"{path}: not a cxladder journey-log cache (columns differ)")
    return table


def _encode(table: pa.Table) -> EncodedLog:
    # A Parquet cache comes back with one dictionary per row group: make them one. An Arrow
    # cache is one chunk already, and combining would copy it out of the memory map.
    column = table.unify_dictionaries().column("touchpoint")
    touchpoint = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return EncodedLog(
        journey=table.column("journey_index").to_numpy(),
        touchpoint=touchpoint.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False),
        t=table.column("t").to_numpy(),
        level=table.column("level").fill_null(0).to_numpy().astype(np.int8),
        touchpoints=tuple(touchpoint.dictionary.to_pylist()),
    )


def _renumbered(table: pa.Table) -> JourneyLog:
    """Journey indexes 0, 1, 2... again after a filter dropped some journeys."""
    index = table.column("journey_index").to_numpy()
    changes = np.concatenate(([0], (index[1:] != index[:-1]).astype(np.int32)))
    runs = np.cumsum(changes[: len(index)], dtype=np.int64).astype(np.int32)
    return JourneyLog(table.set_column(len(LOG_COLUMNS), "journey_index", pa.array(runs)))


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    out["customer"] = frame["customer"].astype(str)
    journey = frame["journey"] if "journey" in frame else pd.Series("", index=frame.index)
    journey = journey.fillna("").astype(str)
    out["journey"] = journey.where(journey != "", out["customer"])
    out["touchpoint"] = frame["touchpoint"].astype(str)
    out["channel"] = frame.get("channel", pd.Series("", index=frame.index)).fillna("").astype(str)
    out["seq"] = frame["seq"] if "seq" in frame else np.arange(len(frame), dtype=np.int64)
    out["at"] = _timestamps(frame["at"])
    out["t"] = out["at"].astype("int64") // 1_000_000
    out["level"] = _levels(frame)
    for name in ("nps", "ces", "wait_minutes"):
        values = frame[name] if name in frame else pd.Series(np.nan, index=frame.index)
        out[name] = pd.to_numeric(values, errors="coerce").astype("float64")
    return out


def _timestamps(values: pd.Series) -> pd.Series:
    try:
        stamps = pd.to_datetime(values)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"column `at`: {exc}; use ISO timestamps (2026-03-01 09:30)") from exc
    if stamps.isna().any():
        row = int(np.flatnonzero(stamps.isna().to_numpy())[0])
        raise InvalidInput(f"row {row}, column `at`: no time given; every event needs one")
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    # Whole seconds: the unit every engine agrees on.
    return stamps.dt.floor("s").astype("datetime64[us]")


def _levels(frame: pd.DataFrame) -> pd.Series:
    if "level" not in frame:
        return pd.Series(pd.array([pd.NA] * len(frame), dtype="Int8"), index=frame.index)
    levels = pd.to_numeric(frame["level"], errors="coerce")
    bad = levels.notna() & ~levels.isin(range(1, 7))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise InvalidInput(
            f"row {row}, column `level`: {frame['level'].iloc[row]!r} is not a level 1..6"
        )
    return levels.astype("Int8")


def _sorted(frame: pd.DataFrame) -> pa.Table:
    ordered = frame.sort_values(["journey", "at", "seq"], kind="stable")
    journey = ordered["journey"].to_numpy()
    changes: np.ndarray = np.zeros(len(journey), dtype=np.int64)
    changes[1:] = journey[1:] != journey[:-1]
    ordered = ordered.assign(journey_index=np.cumsum(changes).astype(np.int32))
    table = pa.Table.from_pandas(ordered[SCHEMA.names], preserve_index=False)
    table = table.cast(SCHEMA.set(2, pa.field("touchpoint", pa.string()))).combine_chunks()
    encoded = pc.dictionary_encode(table.column("touchpoint"))
    return table.set_column(2, "touchpoint", encoded).cast(SCHEMA)
