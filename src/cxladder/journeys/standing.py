"""Where each touchpoint stands on the ladder, overall and month by month, from the journey log.

The pages ask this on every request with a different period or channel, so the log's columns
are encoded once (`LadderColumns`) and every answer is a few NumPy counts over them: no query
and no DataFrame of experiences per request, whatever the store's size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxladder.journeys.events import JourneyLog

__all__ = [
    "MONTHLY_COLUMNS",
    "STANDING_COLUMNS",
    "LadderColumns",
    "LadderFilter",
    "monthly_levels",
    "standing",
]

LEVELS = range(1, 7)
STANDING_COLUMNS = (
    "touchpoint",
    "experiences",
    "assessed",
    "mean_level",
    *(f"share_{k}" for k in LEVELS),
    "target_level",
    "at_target_share",
    "gap",
)


@dataclass(frozen=True, slots=True)
class LadderFilter:
    """Which experiences count: from `since` (inclusive) until `until` (exclusive), one channel."""

    since: datetime | None = None
    until: datetime | None = None
    channel: str | None = None


@dataclass(frozen=True)
class LadderColumns:
    """The log's columns as NumPy arrays; level 0 is an experience not yet assessed."""

    touchpoint: np.ndarray
    touchpoints: tuple[str, ...]
    channel: np.ndarray
    channels: tuple[str, ...]
    t: np.ndarray
    month: np.ndarray
    level: np.ndarray
    wait_minutes: np.ndarray
    ces: np.ndarray

    @classmethod
    def of(cls, log: JourneyLog) -> LadderColumns:
        table = log.table.unify_dictionaries()
        touchpoint = _dictionary(table.column("touchpoint"))
        channel = _dictionary(table.column("channel"))
        t = table.column("t").to_numpy()
        return cls(
            touchpoint=touchpoint.indices.to_numpy(zero_copy_only=False).astype(np.int64),
            touchpoints=tuple(touchpoint.dictionary.to_pylist()),
            channel=channel.indices.to_numpy(zero_copy_only=False).astype(np.int64),
            channels=tuple(channel.dictionary.to_pylist()),
            t=t,
            month=t.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64),
            level=table.column("level").fill_null(0).to_numpy().astype(np.int64),
            wait_minutes=table.column("wait_minutes").to_numpy(zero_copy_only=False),
            ces=table.column("ces").to_numpy(zero_copy_only=False),
        )

    @property
    def events(self) -> int:
        return int(self.t.shape[0])

    def known_channels(self) -> list[str]:
        return sorted(c for c in self.channels if c)

    def mask(self, chosen: LadderFilter) -> np.ndarray:
        keep = np.ones(self.events, dtype=bool)
        if chosen.since is not None:
            keep &= self.t >= _seconds(chosen.since)
        if chosen.until is not None:
            keep &= self.t < _seconds(chosen.until)
        if chosen.channel:
            code = self.channels.index(chosen.channel) if chosen.channel in self.channels else -1
            keep &= self.channel == code
        return keep


def _dictionary(column: pa.ChunkedArray) -> pa.DictionaryArray:
    array = column.combine_chunks()
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    assert isinstance(array, pa.DictionaryArray)
    return array


def _seconds(moment: datetime) -> int:
    return int(pd.Timestamp(moment).tz_localize(None).timestamp())


def _level_counts(columns: LadderColumns, keep: np.ndarray) -> np.ndarray:
    """Rows: touchpoints; columns: not assessed, then levels 1..6."""
    size = len(columns.touchpoints)
    cells = columns.touchpoint[keep] * 7 + columns.level[keep]
    return np.bincount(cells, minlength=size * 7).reshape(size, 7)


def standing(
    columns: LadderColumns,
    targets: Mapping[str, int],
    default_target: int,
    chosen: LadderFilter | None = None,
) -> pd.DataFrame:
    """One row per touchpoint with experiences: its ladder, mean level and share at target.

    `gap` is the target level minus the mean level: positive means below target.
    """
    counts = _level_counts(columns, columns.mask(chosen or LadderFilter()))
    rows = []
    for index, name in enumerate(columns.touchpoints):
        row = counts[index]
        if row.sum() == 0:
            continue
        rows.append(_standing_row(name, row, targets.get(name, default_target)))
    return pd.DataFrame(rows, columns=list(STANDING_COLUMNS))


def _standing_row(name: str, row: np.ndarray, target: int) -> dict[str, object]:
    assessed = int(row[1:].sum())
    shares = row[1:] / assessed if assessed else np.full(6, np.nan)
    mean = float(np.dot(np.arange(1, 7), row[1:]) / assessed) if assessed else np.nan
    return {
        "touchpoint": name,
        "experiences": int(row.sum()),
        "assessed": assessed,
        "mean_level": mean,
        **{f"share_{k}": float(shares[k - 1]) for k in LEVELS},
        "target_level": int(target),
        "at_target_share": float(row[target:].sum() / assessed) if assessed else np.nan,
        "gap": target - mean,
    }


MONTHLY_COLUMNS = (
    "touchpoint",
    "month",
    "assessed",
    "mean_level",
    *(f"share_{k}" for k in LEVELS),
    "wait_minutes",
    "ces",
)


def monthly_levels(
    columns: LadderColumns,
    chosen: LadderFilter | None = None,
    *,
    touchpoint: str | None = None,
) -> pd.DataFrame:
    """Per touchpoint and month with assessed experiences: shares, mean level, mean wait, CES."""
    keep = columns.mask(chosen or LadderFilter())
    if touchpoint is not None:
        code = columns.touchpoints.index(touchpoint) if touchpoint in columns.touchpoints else -1
        keep &= columns.touchpoint == code
    keep &= columns.level > 0
    if not keep.any():
        return pd.DataFrame(columns=list(MONTHLY_COLUMNS))
    first = int(columns.month[keep].min())
    months = int(columns.month[keep].max()) - first + 1
    cell = columns.touchpoint[keep] * months + (columns.month[keep] - first)
    size = len(columns.touchpoints) * months
    levels = np.bincount(cell * 7 + columns.level[keep], minlength=size * 7).reshape(size, 7)
    return _monthly_frame(columns, keep, cell, levels, first, months)


def _fact_means(values: np.ndarray, cell: np.ndarray, size: int) -> np.ndarray:
    measured = ~np.isnan(values)
    totals = np.bincount(cell[measured], weights=values[measured], minlength=size)
    counts = np.bincount(cell[measured], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)


def _monthly_frame(
    columns: LadderColumns,
    keep: np.ndarray,
    cell: np.ndarray,
    levels: np.ndarray,
    first: int,
    months: int,
) -> pd.DataFrame:
    size = levels.shape[0]
    wait = _fact_means(columns.wait_minutes[keep].astype(np.float64), cell, size)
    ces = _fact_means(columns.ces[keep].astype(np.float64), cell, size)
    assessed = levels[:, 1:].sum(axis=1)
    present = np.flatnonzero(assessed > 0)
    shares = levels[present, 1:] / assessed[present, None]
    frame = pd.DataFrame(
        {
            "touchpoint": [columns.touchpoints[i // months] for i in present],
            "month": (present % months + first).astype("datetime64[M]").astype("datetime64[ns]"),
            "assessed": assessed[present].astype(np.int64),
            "mean_level": shares @ np.arange(1, 7),
            **{f"share_{k}": shares[:, k - 1] for k in LEVELS},
            "wait_minutes": wait[present],
            "ces": ces[present],
        }
    )
    return frame.sort_values(["touchpoint", "month"]).reset_index(drop=True)
