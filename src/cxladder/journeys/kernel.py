"""The embedded engine's hot path: directly-follows graph, variants and ladder in one NumPy pass.

It reads the journey log's encoded columns (journeys contiguous and in time order, touchpoints
as small integer codes), so no string is compared and nothing is sorted by journey again.
It computes exactly what `measures.directly_follows`, `measures.variants` and
`measures.touchpoint_ladder` define, and tests hold it equal to them; the Ibis definitions
stay the reference and the only version on PostgreSQL and Spark.

Nothing is sorted: steps are counted by pair code, step times take their quantiles from a
histogram (`quantiles`), journeys are grouped into variants by a hash that is then checked
event by event (`paths`). Work goes block by block, a million events at a time, so the
temporaries stay a few MB while the log is memory-mapped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxladder.journeys.events import BLOCK_EVENTS, EncodedLog
from cxladder.journeys.paths import group_paths, path_text
from cxladder.journeys.quantiles import group_quantiles

__all__ = ["directly_follows", "entries", "exits", "touchpoint_ladder", "variants"]

_LEVELS = range(1, 7)


def _targets(log: EncodedLog, targets: Mapping[str, int], default_target: int) -> np.ndarray:
    return np.array([targets.get(tp, default_target) for tp in log.touchpoints], dtype=np.int8)


def _journeys_per_touchpoint(log: EncodedLog) -> np.ndarray:
    """Distinct journeys at each touchpoint: per journey, one bit per touchpoint OR-ed together."""
    size = len(log.touchpoints)
    result = np.zeros(size, dtype=np.int64)
    for first, last in log.blocks():
        events = slice(log.starts[first], log.starts[last])
        codes = log.touchpoint[events]
        offsets = log.starts[first:last] - log.starts[first]
        for block in range(0, size, 64):
            inside = (codes >= block) & (codes < block + 64)
            shift = np.where(inside, codes - block, 0).astype(np.uint64)
            bits = np.where(inside, np.left_shift(np.uint64(1), shift), np.uint64(0))
            masks = np.bitwise_or.reduceat(bits, offsets)
            for k in range(min(64, size - block)):
                result[block + k] += np.count_nonzero(masks & np.uint64(1 << k))
    return result


def touchpoint_ladder(
    log: EncodedLog, targets: Mapping[str, int], default_target: int
) -> pd.DataFrame:
    """Same columns and values as measures.touchpoint_ladder."""
    size = len(log.touchpoints)
    counts = _touchpoint_levels(log)
    assessed = counts[:, 1:].sum(axis=1)
    target = _targets(log, targets, default_target)
    below = np.array([counts[i, 1 : target[i]].sum() for i in range(size)])
    with np.errstate(invalid="ignore", divide="ignore"):
        share = counts[:, 1:] / assessed[:, None]
        mean = (counts[:, 1:] * np.arange(1, 7)).sum(axis=1) / assessed
        frame = pd.DataFrame(
            {
                "touchpoint": log.touchpoints,
                "experiences": counts.sum(axis=1),
                "journeys": _journeys_per_touchpoint(log),
                "assessed": assessed,
                "mean_level": np.where(assessed > 0, mean, np.nan),
                "target_level": target.astype(np.int64),
                "below_target": below,
                **{f"level_{k}": counts[:, k] for k in _LEVELS},
                "below_target_share": np.where(assessed > 0, below / assessed, np.nan),
                **{f"share_{k}": np.where(assessed > 0, share[:, k - 1], np.nan) for k in _LEVELS},
            }
        )
    return frame[frame["experiences"] > 0].reset_index(drop=True)


def _event_blocks(events: int) -> list[tuple[int, int]]:
    return [(a, min(a + BLOCK_EVENTS, events)) for a in range(0, events, BLOCK_EVENTS)]


def _touchpoint_levels(log: EncodedLog) -> np.ndarray:
    """Events per touchpoint (rows) and level (columns, 0 = not assessed)."""
    size = len(log.touchpoints)
    counts = np.zeros(size * 7, dtype=np.int64)
    for begin, end in _event_blocks(log.events):
        cells = log.touchpoint[begin:end] * np.int32(7) + log.level[begin:end]
        counts += np.bincount(cells, minlength=size * 7)
    return counts.reshape(size, 7)


@dataclass(frozen=True)
class _Steps:
    """Every step i (event i to event i + 1) of the log.

    `pair` is from * size + to, or size * size where event i ends its journey, so no step is
    dropped and nothing is compacted; `gap` the seconds between (32 bits when the log's span
    allows); `by_class` the steps per pair arriving unassessed, at or above target, below.
    """

    pair: np.ndarray
    gap: np.ndarray
    by_class: np.ndarray


def _steps(log: EncodedLog, target: np.ndarray) -> _Steps:
    size = len(log.touchpoints)
    pair_type = np.int16 if size * size < np.iinfo(np.int16).max else np.int32
    wide = log.events > 0 and int(log.t.max()) - int(log.t.min()) > np.iinfo(np.int32).max
    steps = max(log.events - 1, 0)
    pair = np.empty(steps, dtype=pair_type)
    gap = np.empty(steps, dtype=np.int64 if wide else np.int32)
    by_class = np.zeros(3 * (size * size + 1), dtype=np.int64)
    # Arriving event's class: 0 not assessed, 1 at or above its touchpoint's target, 2 below.
    classes = np.zeros((size, 7), dtype=np.int32)
    classes[:, 1:] = 1 + (np.arange(1, 7)[None, :] < target[:, None])
    journey_ends = log.starts[1:-1] - 1
    for begin, end in _event_blocks(steps):
        codes = log.touchpoint[begin : end + 1]
        block = codes[:-1] * np.int32(size) + codes[1:]
        ends = journey_ends[
            np.searchsorted(journey_ends, begin) : np.searchsorted(journey_ends, end)
        ]
        block[ends - begin] = size * size
        pair[begin:end] = block
        np.subtract(
            log.t[begin + 1 : end + 1], log.t[begin:end], out=gap[begin:end], casting="unsafe"
        )
        block *= 3
        block += classes.ravel()[codes[1:] * np.int32(7) + log.level[begin + 1 : end + 1]]
        by_class += np.bincount(block, minlength=by_class.size)
    return _Steps(pair, gap, by_class[: 3 * size * size].reshape(size * size, 3))


def directly_follows(
    log: EncodedLog, targets: Mapping[str, int], default_target: int
) -> pd.DataFrame:
    """Same columns and values as measures.directly_follows."""
    size = len(log.touchpoints)
    steps = _steps(log, _targets(log, targets, default_target))
    counts = steps.by_class.sum(axis=1)
    assessed, below = steps.by_class[:, 1] + steps.by_class[:, 2], steps.by_class[:, 2]
    keys = np.flatnonzero(counts)
    quantiles = group_quantiles(steps.pair, steps.gap, size * size, (0.5, 0.9))[keys]
    names = np.asarray(log.touchpoints, dtype=object)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame(
            {
                "source": names[keys // size],
                "target": names[keys % size],
                "count": counts[keys],
                "median_seconds": quantiles[:, 0],
                "p90_seconds": quantiles[:, 1],
                "assessed": assessed[keys],
                "below_target": below[keys],
                "below_target_share": np.where(
                    assessed[keys] > 0, below[keys] / assessed[keys], np.nan
                ),
            }
        )


def _journey_levels(log: EncodedLog) -> tuple[np.ndarray, np.ndarray]:
    """Per journey: the sum of its levels and how many of its events have one."""
    sums = np.empty(log.starts.size - 1, dtype=np.int64)
    assessed = np.empty_like(sums)
    for first, last in log.blocks():
        levels = log.level[log.starts[first] : log.starts[last]]
        offsets = log.starts[first:last] - log.starts[first]
        sums[first:last] = np.add.reduceat(levels, offsets, dtype=np.int64)
        assessed[first:last] = np.add.reduceat(levels > 0, offsets, dtype=np.int64)
    return sums, assessed


def variants(log: EncodedLog) -> pd.DataFrame:
    """Same columns and values as measures.variants, in order of first appearance."""
    if log.events == 0:
        return pd.DataFrame(columns=["path", "journeys", "events", "share", "mean_level"])
    groups = group_paths(log)
    level_sum, level_n = _journey_levels(log)
    sums = np.bincount(groups.variant, weights=level_sum)
    ns = np.bincount(groups.variant, weights=level_n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ns > 0, sums / ns, np.nan)
    return pd.DataFrame(
        {
            "path": path_text(log, groups.representative).to_pandas(),
            "journeys": groups.journeys,
            "events": np.diff(log.starts)[groups.representative],
            "share": groups.journeys / (log.starts.size - 1),
            "mean_level": mean,
        }
    )


def _terminals(log: EncodedLog, events: np.ndarray) -> pd.DataFrame:
    size = len(log.touchpoints)
    counts = np.bincount(log.touchpoint[events], minlength=size)
    keys = np.flatnonzero(counts)
    return pd.DataFrame(
        {
            "touchpoint": np.asarray(log.touchpoints, dtype=object)[keys],
            "journeys": counts[keys],
            "share": counts[keys] / max(events.size, 1),
        }
    )


def entries(log: EncodedLog) -> pd.DataFrame:
    """Same columns and values as measures.entries."""
    return _terminals(log, log.starts[:-1])


def exits(log: EncodedLog) -> pd.DataFrame:
    """Same columns and values as measures.exits."""
    return _terminals(log, log.starts[1:] - 1)
