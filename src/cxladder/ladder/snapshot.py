"""The dashboard's view of an organisation: every experience as a few small encoded columns.

The Overview answers any filter (period, channel, touchpoint) in milliseconds on a million
experiences because it never goes back to the store per request: the store is read once into
integer-coded NumPy columns (about 20 bytes an experience) and every figure is a mask and a
`bincount`. The same figures as the pandas functions in `ladder.shares` (a test holds them equal).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

import numpy as np
import pandas as pd

from cxladder.ladder.shares import (
    COUNT_COLUMNS,
    LEVELS,
    SHARE_COLUMNS,
    Headline,
    choose_period,
)
from cxladder.model import BrandPromise, Touchpoint

__all__ = ["LadderSnapshot", "LadderSnapshots", "SnapshotView"]

_EPOCH = np.datetime64("1970-01-01", "D")
_NO_DAY = np.iinfo(np.int32).min


@dataclass(frozen=True)
class SnapshotView:
    """What the Overview shows for one choice of filters."""

    headline: Headline
    per_touchpoint: pd.DataFrame
    trend: pd.DataFrame
    daily_delta: float | None


@dataclass(frozen=True, eq=False)
class LadderSnapshot:
    """Integer-coded columns of one organisation's experiences (level 0 = not assessed yet).

    Codes index `touchpoints`, `channels` and `customers` in order of first appearance, so new
    experiences extend a snapshot without recoding the old ones.
    """

    day: np.ndarray  # int32 days since 1970-01-01, _NO_DAY when unknown
    touchpoint: np.ndarray  # int32 code into `touchpoints`
    channel: np.ndarray  # int32 code into `channels`, -1 for none
    customer: np.ndarray  # int32 code into `customers`
    level: np.ndarray  # int8, 0..6
    nps: np.ndarray  # float32, NaN when not given
    csat: np.ndarray
    ces: np.ndarray
    touchpoints: tuple[str, ...]
    channels: tuple[str, ...]
    customers: tuple[str, ...]
    last_id: int = 0
    """The store id of the newest experience in the snapshot."""

    @classmethod
    def empty(cls) -> LadderSnapshot:
        none = np.zeros(0, dtype=np.int32)
        nothing = np.zeros(0, dtype=np.float32)
        return cls(
            none, none, none, none, np.zeros(0, np.int8), nothing, nothing, nothing, (), (), ()
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> LadderSnapshot:
        """From columns at, touchpoint, channel, customer_id, level, nps, csat, ces (and id)."""
        return cls.empty().extended(frame)

    def extended(self, frame: pd.DataFrame) -> LadderSnapshot:
        """This snapshot with the experiences of `frame` added after the ones it holds."""
        at = pd.to_datetime(frame["at"]).to_numpy(dtype="datetime64[D]")
        known = ~np.isnat(at)
        day = np.full(len(frame), _NO_DAY, dtype=np.int32)
        day[known] = (at[known] - _EPOCH).astype(np.int32)
        touchpoint, touchpoints = _encode(frame["touchpoint"], self.touchpoints)
        channel, channels = _encode(frame["channel"], self.channels)
        customer, customers = _encode(frame["customer_id"], self.customers)
        level = pd.to_numeric(frame["level"], errors="coerce").fillna(0).to_numpy(np.int8)
        ids = frame["id"] if "id" in frame and len(frame) else pd.Series([self.last_id])
        return LadderSnapshot(
            day=np.concatenate([self.day, day]),
            touchpoint=np.concatenate([self.touchpoint, touchpoint]),
            channel=np.concatenate([self.channel, channel]),
            customer=np.concatenate([self.customer, customer]),
            level=np.concatenate([self.level, level]),
            nps=np.concatenate([self.nps, _scores(frame, "nps")]),
            csat=np.concatenate([self.csat, _scores(frame, "csat")]),
            ces=np.concatenate([self.ces, _scores(frame, "ces")]),
            touchpoints=touchpoints,
            channels=channels,
            customers=customers,
            last_id=max(self.last_id, int(ids.max())),
        )

    def __len__(self) -> int:
        return len(self.level)

    def select(
        self,
        *,
        since: datetime | date | None = None,
        until: datetime | date | None = None,
        channel: str | None = None,
        touchpoint: str | None = None,
    ) -> np.ndarray:
        """A boolean mask; `until` is exclusive, on whole days as the dashboard filters them."""
        mask = np.ones(len(self), dtype=bool)
        if since is not None:
            mask &= self.day >= _day_number(since)
        if until is not None:
            mask &= (self.day < _day_number(until)) & (self.day != _NO_DAY)
        if channel:
            mask &= self.channel == _code(self.channels, channel)
        if touchpoint:
            mask &= self.touchpoint == _code(self.touchpoints, touchpoint)
        return mask

    def view(
        self,
        mask: np.ndarray,
        *,
        touchpoints: dict[str, Touchpoint],
        brand: BrandPromise,
    ) -> SnapshotView:
        targets = self._targets(touchpoints, brand)
        rated = mask & (self.level > 0)
        per_touchpoint = self._per_touchpoint(rated, targets)
        return SnapshotView(
            headline=self._headline(mask, rated, targets),
            per_touchpoint=per_touchpoint,
            trend=self._trend(rated),
            daily_delta=self._daily_delta(rated),
        )

    # -- the figures ---------------------------------------------------------------------------

    def _targets(self, touchpoints: dict[str, Touchpoint], brand: BrandPromise) -> np.ndarray:
        promised = dict(brand.targets)
        default = int(brand.default_target)
        return np.array(
            [
                int(promised.get(key, touchpoints[key].target_level))
                if key in touchpoints
                else int(promised.get(key, default))
                for key in self.touchpoints
            ],
            dtype=np.int8,
        )

    def _counts(self, rated: np.ndarray, groups: np.ndarray, size: int) -> np.ndarray:
        """Rows per (group, level 1..6) as a size x 6 matrix."""
        keys = groups[rated].astype(np.int64) * 7 + self.level[rated]
        return np.bincount(keys, minlength=size * 7).reshape(size, 7)[:, 1:]

    def _per_touchpoint(self, rated: np.ndarray, targets: np.ndarray) -> pd.DataFrame:
        counts = self._counts(rated, self.touchpoint, len(self.touchpoints))
        names = np.array(self.touchpoints, dtype=object)
        # Sorted by key, as the pandas groupby sorts them.
        present = np.array([i for i in np.argsort(names) if counts[i].sum() > 0], dtype=np.int64)
        if not len(present):
            return pd.DataFrame()
        table = _shares_table(counts[present])
        reached = _reached(counts, targets)[present]
        table.insert(0, "touchpoint", names[present])
        table["count_at_or_above_target"] = reached
        table["share_at_or_above_target"] = reached / table["n"].to_numpy()
        return table

    def _headline(self, mask: np.ndarray, rated: np.ndarray, targets: np.ndarray) -> Headline:
        counts = self._counts(rated, self.touchpoint, len(self.touchpoints))
        n = int(counts.sum())
        seen = np.zeros(len(self.customers), dtype=bool)
        seen[self.customer[mask]] = True
        nps, csat, ces = self.nps[mask], self.csat[mask], self.ces[mask]
        nps, csat, ces = nps[~np.isnan(nps)], csat[~np.isnan(csat)], ces[~np.isnan(ces)]
        levels = counts.sum(axis=0)
        return Headline(
            experiences=int(mask.sum()),
            customers=int(seen.sum()),
            assessed=n,
            mean_level=float(levels @ np.array(LEVELS)) / n if n else None,
            at_or_above_target=float(_reached(counts, targets).sum()) / n if n else None,
            nps=100.0 * (float((nps >= 9).mean()) - float((nps <= 6).mean())) if len(nps) else None,
            nps_responses=len(nps),
            csat=float((csat >= 4).mean()) if len(csat) else None,
            csat_responses=len(csat),
            ces=float(ces.astype(np.float64).mean()) if len(ces) else None,
            ces_responses=len(ces),
        )

    def _trend(self, rated: np.ndarray) -> pd.DataFrame:
        days = self.day[rated & (self.day != _NO_DAY)]
        if not len(days):
            return pd.DataFrame()
        first, last = int(days.min()), int(days.max())
        stamps = _EPOCH + np.arange(first, last + 1).astype("timedelta64[D]")
        period = choose_period(pd.Series([stamps[0], stamps[-1]]).astype("datetime64[ns]"))
        starts = pd.DatetimeIndex(stamps.astype("datetime64[ns]"))
        starts = (
            starts - pd.to_timedelta(starts.day_of_week, unit="D")
            if period == "week"
            else starts - pd.to_timedelta(starts.day - 1, unit="D")
        )
        codes, periods = pd.factorize(starts, sort=True)
        groups = np.zeros(len(self), dtype=np.int64)
        keep = rated & (self.day != _NO_DAY)
        groups[keep] = codes[self.day[keep] - first]
        counts = self._counts(keep, groups, len(periods))
        present = counts.sum(axis=1) > 0
        table = _shares_table(counts[present])
        table.insert(0, "period", pd.DatetimeIndex(periods)[present])
        return table

    def _daily_delta(self, rated: np.ndarray) -> float | None:
        keep = rated & (self.day != _NO_DAY)
        days = self.day[keep]
        if not len(days):
            return None
        first = int(days.min())
        n = np.bincount(days - first)
        total = np.bincount(days - first, weights=self.level[keep].astype(np.float64))
        with_data = np.flatnonzero(n)
        if len(with_data) < 2:
            return None
        last, before = with_data[-1], with_data[-2]
        return float(total[last] / n[last] - total[before] / n[before])


class SnapshotSource(Protocol):
    """What a snapshot is read from (the Store)."""

    def change_marks(self, organization: str) -> tuple[int, int, int]: ...

    def level_frame(self, organization: str, *, after_id: int = 0) -> pd.DataFrame: ...


@dataclass(frozen=True)
class _Kept:
    snapshot: LadderSnapshot
    marks: tuple[int, int, int]
    expires: float

    @property
    def newest(self) -> int:
        return self.marks[0]

    @property
    def batch(self) -> int:
        return self.marks[2]


class LadderSnapshots:
    """One snapshot per organisation, kept in step with the store through its change marks
    (index lookups, the same cost at any size).

    New experiences are appended at once; a new import batch or newly assessed older
    experiences mean a fresh read. Changes that move no mark (a reassessment, an erasure by
    another process) show when the snapshot ages out after `seconds`, or at once through
    `forget()` in this process.
    """

    def __init__(self, source: SnapshotSource, *, seconds: float = 60.0) -> None:
        self.source = source
        self.seconds = seconds
        self._kept: dict[str, _Kept] = {}
        self._lock = threading.Lock()

    def get(self, organization: str) -> LadderSnapshot:
        newest, assessed, batch = self.source.change_marks(organization)
        with self._lock:  # one reader fills the snapshot; the others wait for it, not repeat it
            kept = self._kept.get(organization)
            marks = (newest, assessed, batch)
            # Only new experiences (assessed as they arrived) can be appended; anything else
            # (a new batch, an assessment of older experiences) means reading afresh.
            appended = kept is not None and kept.batch == batch and newest > kept.newest
            if appended and kept is not None and kept.expires > time.monotonic():
                added = self.source.level_frame(organization, after_id=kept.newest)
                kept = _Kept(kept.snapshot.extended(added), marks, kept.expires)
            elif kept is None or kept.marks != marks or kept.expires < time.monotonic():
                snapshot = LadderSnapshot.from_frame(self.source.level_frame(organization))
                kept = _Kept(snapshot, marks, time.monotonic() + self.seconds)
            self._kept[organization] = kept
            return kept.snapshot

    def forget(self) -> None:
        with self._lock:
            self._kept.clear()


def _shares_table(counts: np.ndarray) -> pd.DataFrame:
    n = counts.sum(axis=1)
    table = pd.DataFrame({"n": n})
    for position, column in enumerate(COUNT_COLUMNS):
        table[column] = counts[:, position].astype(np.int64)
    safe = np.maximum(n, 1)[:, None]
    for position, column in enumerate(SHARE_COLUMNS):
        table[column] = np.where(n > 0, counts[:, position] / safe[:, 0], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["mean_level"] = np.where(n > 0, counts @ np.array(LEVELS) / np.maximum(n, 1), np.nan)
    return table


def _reached(counts: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per group (a touchpoint) the experiences at or above its target level."""
    at_or_above = np.array(LEVELS)[None, :] >= targets[:, None]
    reached: np.ndarray = (counts * at_or_above).sum(axis=1).astype(np.int64)
    return reached


def _scores(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame:
        return np.full(len(frame), np.nan, dtype=np.float32)
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=np.float32, na_value=np.nan)


def _day_number(moment: datetime | date) -> int:
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return int((stamp.to_datetime64().astype("datetime64[D]") - _EPOCH).astype(np.int64))


def _code(values: tuple[str, ...], wanted: str) -> int:
    # A value that never occurs matches nothing: -2 is neither a code nor the "none" code.
    try:
        return values.index(wanted)
    except ValueError:
        return -2


def _encode(values: pd.Series, known: tuple[str, ...]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Codes into `known`, extended by the values it lacks; a missing value is -1."""
    codes, uniques = pd.factorize(values.astype(object).where(values.notna(), None))
    names = [str(u) for u in uniques]
    positions = pd.Index(known, dtype=object).get_indexer(pd.Index(names, dtype=object))
    new = [name for name, at in zip(names, positions, strict=True) if at < 0]
    positions[positions < 0] = np.arange(len(known), len(known) + len(new))
    mapped = np.where(codes >= 0, positions[np.maximum(codes, 0)] if len(names) else -1, -1)
    return mapped.astype(np.int32), (*known, *new)
