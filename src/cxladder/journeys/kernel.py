"""The embedded engine's hot path: directly-follows graph, variants and ladder in one NumPy pass.

It reads the journey log's encoded columns (journeys contiguous and in time order, touchpoints
as small integer codes), so no string is compared and nothing is sorted by journey again.
It computes exactly what `measures.directly_follows`, `measures.variants` and
`measures.touchpoint_ladder` define, and tests hold it equal to them; the Ibis definitions
stay the reference and the only version on PostgreSQL and Spark.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxladder.journeys.events import PATH_SEPARATOR, EncodedLog

__all__ = ["directly_follows", "entries", "exits", "touchpoint_ladder", "variants"]

_LEVELS = range(1, 7)
_PRIME_A = np.uint64(0x9E3779B97F4A7C15)
_PRIME_B = np.uint64(0xC2B2AE3D27D4EB4F)


def _targets(log: EncodedLog, targets: Mapping[str, int], default_target: int) -> np.ndarray:
    return np.array([targets.get(tp, default_target) for tp in log.touchpoints], dtype=np.int8)


def _blocks(log: EncodedLog, events: int = 1 << 20) -> list[tuple[int, int]]:
    """Journey ranges [first, last) of about `events` events each, so temporaries stay small."""
    journeys = log.starts.size - 1
    cuts = np.searchsorted(log.starts, np.arange(0, log.events, events), side="right") - 1
    edges = np.unique(np.concatenate((cuts, [journeys])))
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True)]


def _journeys_per_touchpoint(log: EncodedLog) -> np.ndarray:
    """Distinct journeys at each touchpoint: per journey, one bit per touchpoint OR-ed together."""
    size = len(log.touchpoints)
    result = np.zeros(size, dtype=np.int64)
    for first, last in _blocks(log):
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
    cells = log.touchpoint * np.int32(7) + log.level
    counts = np.bincount(cells, minlength=size * 7).reshape(size, 7)
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


def _pair_quantiles(
    gap: np.ndarray, bounds: np.ndarray, keys: np.ndarray, quantiles: tuple[float, ...]
) -> np.ndarray:
    """Linear-interpolated quantiles (percentile_cont) of each run gap[bounds[k]:bounds[k+1]].

    One partial sort per touchpoint pair: linear in the events, not n log n.
    """
    result = np.full((keys.size, len(quantiles)), np.nan)
    for group, key in enumerate(keys):
        run = gap[bounds[key] : bounds[key + 1]]
        positions = [q * (run.size - 1) for q in quantiles]
        lows = [int(np.floor(p)) for p in positions]
        kth = sorted({k for low in lows for k in (low, min(low + 1, run.size - 1))})
        part = np.partition(run, kth)
        for column, (position, low) in enumerate(zip(positions, lows, strict=True)):
            high = min(low + 1, run.size - 1)
            below, above = float(part[low]), float(part[high])
            result[group, column] = below + (above - below) * (position - low)
    return result


def _steps(log: EncodedLog) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pair code, gap in seconds and arriving level of every step within a journey, block-wise."""
    size = len(log.touchpoints)
    pair_type = np.int16 if size * size <= np.iinfo(np.int16).max else np.int32
    pairs, gaps, levels = [], [], []
    for first, last in _blocks(log):
        events = slice(log.starts[first], log.starts[last])
        journey, codes, t = log.journey[events], log.touchpoint[events], log.t[events]
        same = journey[1:] == journey[:-1]
        pairs.append((codes[:-1] * size + codes[1:])[same].astype(pair_type))
        gaps.append((t[1:] - t[:-1])[same])
        levels.append(log.level[events][1:][same])
    if not pairs:
        return np.zeros(0, pair_type), np.zeros(0, np.int64), np.zeros(0, np.int8)
    gap = np.concatenate(gaps)
    if gap.size and gap.max() < np.iinfo(np.int32).max and gap.min() >= 0:
        gap = gap.astype(np.int32)  # half the memory for the sort below; exact all the same
    return np.concatenate(pairs), gap, np.concatenate(levels)


def directly_follows(
    log: EncodedLog, targets: Mapping[str, int], default_target: int
) -> pd.DataFrame:
    """Same columns and values as measures.directly_follows."""
    size = len(log.touchpoints)
    pair, gap, arriving = _steps(log)
    counts = np.bincount(pair, minlength=size * size)
    target = np.tile(_targets(log, targets, default_target), size)  # pair -> its target's
    assessed = np.bincount(pair[arriving > 0], minlength=size * size)
    below = np.bincount(pair[(arriving > 0) & (arriving < target[pair])], minlength=size * size)
    # A stable sort of 16-bit codes is a radix sort in NumPy: linear, no comparisons.
    order = np.argsort(pair, kind="stable")
    del pair, arriving
    gap = gap[order]
    del order
    bounds = np.concatenate(([0], np.cumsum(counts)))
    keys = np.flatnonzero(counts)
    quantiles = _pair_quantiles(gap, bounds, keys, (0.5, 0.9))
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


def _path_hashes(log: EncodedLog) -> tuple[np.ndarray, np.ndarray]:
    """Two independent 64-bit polynomial hashes of each journey's touchpoint sequence."""
    lengths = np.diff(log.starts)
    longest = int(lengths.max())
    first_hash = np.empty(lengths.size, dtype=np.uint64)
    second_hash = np.empty(lengths.size, dtype=np.uint64)
    powers = []
    with np.errstate(over="ignore"):
        for prime in (_PRIME_A, _PRIME_B):
            power = np.ones(longest, dtype=np.uint64)
            power[1:] = np.cumprod(np.full(longest - 1, prime, dtype=np.uint64))
            powers.append(power)
        for first, last in _blocks(log):
            offsets = log.starts[first:last] - log.starts[first]
            sizes = lengths[first:last]
            position = np.arange(int(sizes.sum()), dtype=np.int32) - np.repeat(
                offsets.astype(np.int32), sizes
            )
            codes = log.touchpoint[log.starts[first] : log.starts[last]].astype(np.uint64) + 1
            first_hash[first:last] = np.add.reduceat(codes * powers[0][position], offsets)
            second_hash[first:last] = np.add.reduceat(codes * powers[1][position], offsets)
    return first_hash, second_hash


def _variant_ids(log: EncodedLog) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Representative journey, journey -> variant, and journeys per variant.

    Journeys are grouped by one hash mixed with their length; a second, independent hash then
    proves every group holds one path, and an exact comparison takes over if it ever does not.
    """
    first, second = _path_hashes(log)
    lengths = np.diff(log.starts).astype(np.uint64)
    with np.errstate(over="ignore"):
        key = first ^ (lengths * _PRIME_B)
    _, representative, inverse, journeys = np.unique(
        key, return_index=True, return_inverse=True, return_counts=True
    )
    if np.array_equal(second, second[representative][inverse]):
        return representative, inverse, journeys
    exact = np.rec.fromarrays([first, second, lengths])  # pragma: no cover - a 2^-64 event
    _, representative, inverse, journeys = np.unique(  # pragma: no cover
        exact, return_index=True, return_inverse=True, return_counts=True
    )
    return representative, inverse, journeys  # pragma: no cover


def _paths(log: EncodedLog, journeys: np.ndarray, chunk: int = 100_000) -> pa.ChunkedArray:
    """The touchpoint path of each given journey as text, joined in Arrow, not in Python."""
    return pa.chunked_array(
        [_path_chunk(log, journeys[i : i + chunk]) for i in range(0, journeys.size, chunk)],
        type=pa.large_string(),
    )


def _path_chunk(log: EncodedLog, journeys: np.ndarray) -> pa.Array:
    lengths = np.diff(log.starts)[journeys]
    offsets = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    within = np.arange(offsets[-1]) - np.repeat(offsets[:-1], lengths)
    events = np.repeat(log.starts[journeys], lengths) + within
    names = pa.array(log.touchpoints, type=pa.string()).take(pa.array(log.touchpoint[events]))
    steps = pa.LargeListArray.from_arrays(pa.array(offsets), names)
    return pc.binary_join(steps, PATH_SEPARATOR).cast(pa.large_string())


def variants(log: EncodedLog) -> pd.DataFrame:
    """Same columns and values as measures.variants."""
    if log.events == 0:
        return pd.DataFrame(columns=["path", "journeys", "events", "share", "mean_level"])
    representative, inverse, journeys = _variant_ids(log)
    firsts = log.starts[:-1]
    level_sum = np.add.reduceat(log.level, firsts, dtype=np.int64)
    level_n = np.add.reduceat(log.level > 0, firsts, dtype=np.int64)
    sums = np.bincount(inverse, weights=level_sum)
    ns = np.bincount(inverse, weights=level_n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ns > 0, sums / ns, np.nan)
    return pd.DataFrame(
        {
            "path": _paths(log, representative).to_pandas(),
            "journeys": journeys,
            "events": np.diff(log.starts)[representative],
            "share": journeys / firsts.size,
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
