"""Exact quantiles per group (the median and p90 time of each step) without sorting the log.

The obvious way groups the values by sorting them, which at ten million steps was about half
of the directly-follows graph's time. Here one histogram pass finds, per group, the narrow range
that holds each wanted rank; only the values in those ranges (a few percent) are sorted,
and the rank is read off exactly. The ranges are the leading bits of each value as a
float32: their order is the values' order, and each spans a fixed fraction of its
magnitude (under 1% when the histogram has room).

Quantiles are linear-interpolated between the two nearest ranks, like percentile_cont.
"""

from __future__ import annotations

import numpy as np

from cxladder.journeys.events import BLOCK_EVENTS

__all__ = ["group_quantiles"]

# Histogram cells (groups x value ranges) to aim for: 32 MB of counts at most.
_CELL_BUDGET = 1 << 22
_FLOAT32_ONE = 127 << 23  # the bit pattern of 1.0


def _range_of(value: np.ndarray | int, shift: int) -> np.ndarray:
    """Which value range each value falls in: 0 for zero (and below), 1 for one, rising."""
    bits: np.ndarray = np.asarray(value).astype(np.float32).view(np.int32)
    bits >>= shift
    bits -= (_FLOAT32_ONE >> shift) - 1
    np.maximum(bits, 0, out=bits)
    return bits


def _blocks(size: int) -> list[slice]:
    """Pieces of about a million entries: NumPy's counting and indexing copy their index
    array to 64 bits first, which on the whole log would double its size in memory."""
    return [slice(begin, begin + BLOCK_EVENTS) for begin in range(0, size, BLOCK_EVENTS)]


def _counts(codes: np.ndarray, size: int) -> np.ndarray:
    counts = np.zeros(size, dtype=np.int64)
    for block in _blocks(codes.size):
        counts += np.bincount(codes[block], minlength=size)
    return counts


def _cells(
    group: np.ndarray, value: np.ndarray, row: np.ndarray, width: int, shift: int
) -> np.ndarray:
    """Each value's histogram cell: its group's row, then its value range."""
    cell = np.empty(group.size, dtype=row.dtype)
    for block in _blocks(group.size):
        cells = cell[block]
        np.take(row, group[block], out=cells)
        cells *= width
        cells += _range_of(value[block], shift)
    return cell


def _ranges(largest: int, groups: int, values: int) -> tuple[int, int]:
    """The finest split of values into ranges whose histogram fits the budget: (shift, width).

    The histogram is kept under a quarter of the values too: on a small log, counting into
    more cells than there are values costs more than sorting the few extra values it saves.
    """
    budget = min(_CELL_BUDGET, max(values // 4, 1 << 12))
    for shift in range(16, 23):
        width = int(_range_of(largest, shift)) + 1
        if groups * width <= budget:
            return shift, width
    return 23, int(_range_of(largest, 23)) + 1


def _values_at(
    cell: np.ndarray, value: np.ndarray, histogram: np.ndarray, ranks: np.ndarray, cells: int
) -> np.ndarray:
    """The value at each global rank, counting through the cells in order (`cells` is one
    past the largest cell number, left-out entries' cells included)."""
    cumulative = np.cumsum(histogram)
    holding = np.searchsorted(cumulative, ranks, side="right")
    within = ranks - np.concatenate(([0], cumulative))[holding]
    needed = np.unique(holding)
    wanted = np.zeros(cells, dtype=bool)
    wanted[needed] = True
    chosen = np.empty(cell.size, dtype=bool)
    for block in _blocks(cell.size):
        np.take(wanted, cell[block], out=chosen[block])
    chosen_cell, chosen_value = cell[chosen], value[chosen]
    span = int(chosen_value.max()) - int(chosen_value.min()) if chosen_value.size else 0
    if span < 1 << 31:
        # One sort of (cell, value) packed in 64 bits, instead of an argsort and a gather.
        low = int(chosen_value.min()) if chosen_value.size else 0
        packed = (chosen_cell.astype(np.int64) << 32) | (chosen_value.astype(np.int64) - low)
        packed.sort()
        ordered = (packed & 0xFFFFFFFF) + low
    else:
        ordered = chosen_value[np.lexsort((chosen_value, chosen_cell))]
    first = np.concatenate(([0], np.cumsum(histogram[needed])[:-1]))
    result: np.ndarray = ordered[first[np.searchsorted(needed, holding)] + within]
    return result


def group_quantiles(
    group: np.ndarray, value: np.ndarray, groups: int, quantiles: tuple[float, ...]
) -> np.ndarray:
    """Quantiles of the integer `value`s in each group 0..groups-1, shape (groups, quantiles).

    Entries whose group is `groups` are left out (a place for the caller's non-members);
    a group with no values gets NaN.
    """
    counts = _counts(group, groups + 1)[:groups]
    present = np.flatnonzero(counts)
    result = np.full((groups, len(quantiles)), np.nan)
    if present.size == 0:
        return result
    shift, width = _ranges(int(value.max()), present.size + 1, value.size)
    cell_type = np.int32 if (present.size + 1) * width < np.iinfo(np.int32).max else np.int64
    row = np.full(groups + 1, present.size, dtype=cell_type)
    row[present] = np.arange(present.size)
    cell = _cells(group, value, row, width, shift)
    cells = (present.size + 1) * width
    histogram = _counts(cell, cells)[: present.size * width]
    sizes = counts[present]
    n = sizes[:, None]
    position = np.asarray(quantiles)[None, :] * (n - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, n - 1)
    start = (np.cumsum(sizes) - sizes)[:, None]
    ranks = np.concatenate(((start + low).ravel(), (start + high).ravel()))
    found = _values_at(cell, value, histogram, ranks, cells)
    below, above = found[: low.size].reshape(low.shape), found[low.size :].reshape(low.shape)
    below, above = below.astype(np.float64), above.astype(np.float64)
    result[present] = below + (above - below) * (position - low)
    return result
