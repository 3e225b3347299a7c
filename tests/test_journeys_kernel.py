"""The NumPy kernel equals the Ibis definitions it stands in for, on any log and its edge cases."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxladder.journeys import JourneyLog, events, kernel, measures, paths, quantiles
from cxladder.journeys.engines import DuckDBEngine
from cxladder.journeys.events import EncodedLog
from cxladder.journeys.synthetic import synthetic_log

ENGINE = DuckDBEngine()
TARGETS = {"b": 5, "c": 2}


def _same(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> None:
    left = left.sort_values(keys).reset_index(drop=True)
    right = right.sort_values(keys).reset_index(drop=True)[list(left.columns)]
    pd.testing.assert_frame_equal(left, right, check_dtype=False, rtol=1e-12, atol=1e-12)


def _check(log: JourneyLog) -> None:
    table = ENGINE.log_table(log, "x")
    encoded = log.encoded
    _same(
        ENGINE.execute(measures.touchpoint_ladder(table, TARGETS, 4)),
        kernel.touchpoint_ladder(encoded, TARGETS, 4),
        ["touchpoint"],
    )
    _same(
        ENGINE.execute(measures.directly_follows(table, TARGETS, 4)),
        kernel.directly_follows(encoded, TARGETS, 4),
        ["source", "target"],
    )
    _same(ENGINE.execute(measures.variants(table)), kernel.variants(encoded), ["path"])
    _same(ENGINE.execute(measures.entries(table)), kernel.entries(encoded), ["touchpoint"])
    _same(ENGINE.execute(measures.exits(table)), kernel.exits(encoded), ["touchpoint"])


def test_kernel_equals_ibis_on_a_generated_log() -> None:
    frame = synthetic_log(5_000, seed=2)
    _check(JourneyLog.from_frame(frame.rename(columns={"customer_id": "customer"})))


small_logs = st.lists(
    st.tuples(
        st.integers(0, 5),  # journey
        st.sampled_from(["a", "b", "c", "d"]),  # touchpoint
        st.integers(0, 50),  # minute: ties within a journey happen
        st.one_of(st.none(), st.integers(1, 6)),  # level
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_logs)
def test_kernel_equals_ibis_on_any_small_log(rows: list[tuple[int, str, int, int | None]]) -> None:
    start = datetime(2026, 5, 1)
    frame = pd.DataFrame(
        {
            "journey": [f"j{j}" for j, *_ in rows],
            "customer": [f"c{j}" for j, *_ in rows],
            "touchpoint": [tp for _, tp, *_ in rows],
            "at": [start + timedelta(minutes=m) for _, _, m, _ in rows],
            "level": [level for *_, level in rows],
        }
    )
    _check(JourneyLog.from_frame(frame))


def _encoded(paths: list[list[int]], touchpoints: tuple[str, ...]) -> EncodedLog:
    """A log built straight from codes, for shapes too big to go through a frame quickly."""
    lengths = [len(path) for path in paths]
    events = sum(lengths)
    return EncodedLog(
        journey=np.repeat(np.arange(len(paths), dtype=np.int32), lengths),
        touchpoint=np.concatenate([np.asarray(p, dtype=np.int32) for p in paths]),
        t=np.arange(events, dtype=np.int64) * 60,
        level=np.zeros(events, dtype=np.int8),
        touchpoints=touchpoints,
    )


def test_paths_longer_than_a_block_group_wherever_they_sit() -> None:
    rng = np.random.default_rng(5)
    long = rng.integers(0, 3, size=700_000).tolist()
    changed = [*long[:-1], (long[-1] + 1) % 3]
    log = _encoded([[0, 1], long, [2], long, changed, [0, 1]], ("a", "b", "c"))
    found = kernel.variants(log)
    assert found["journeys"].tolist() == [2, 2, 1, 1]
    assert found["events"].tolist() == [2, 700_000, 1, 700_000]
    assert found["path"][1] == " > ".join("abc"[code] for code in long)


def test_a_shared_key_never_merges_two_paths() -> None:
    frame = synthetic_log(3_000, seed=4)
    log = JourneyLog.from_frame(frame.rename(columns={"customer_id": "customer"})).encoded
    # With base 1 the key is the sum of the codes: every reordering of a path shares it.
    weak_keys = np.unique(paths.path_keys(log, base=1)).size
    exact = paths.group_paths(log)
    assert weak_keys < exact.representative.size
    weak = paths.group_paths(log, base=1)
    for field in ("variant", "representative", "journeys"):
        np.testing.assert_array_equal(getattr(weak, field), getattr(exact, field))


def test_path_text_of_some_journeys() -> None:
    log = _encoded([[0, 1, 0], [2], [1, 2]], ("web shop", "queue", "greeter"))
    text = paths.path_text(log, np.array([0, 2]))
    assert text.to_pylist() == ["web shop > queue > web shop", "queue > greeter"]
    assert paths.path_text(log, np.array([1])).to_pylist() == ["greeter"]


def test_step_times_across_decades_stay_exact() -> None:
    frame = pd.DataFrame(
        {
            "journey": ["j1", "j1", "j1", "j2", "j2"],
            "customer": ["c1", "c1", "c1", "c2", "c2"],
            "touchpoint": ["a", "b", "a", "a", "b"],
            "at": pd.to_datetime(
                [
                    "1950-01-01 00:00",
                    "2030-06-01 10:00",
                    "2030-06-01 10:05",
                    "2031-01-01 00:00",
                    "2031-01-02 09:00",
                ]
            ),
            "level": [1, 5, None, 3, 2],
        }
    )
    _check(JourneyLog.from_frame(frame))


def _percentiles(group: np.ndarray, value: np.ndarray, groups: int) -> np.ndarray:
    expected = np.full((groups, 2), np.nan)
    for g in range(groups):
        mine = value[group == g]
        if mine.size:
            expected[g] = np.percentile(mine.astype(np.float64), [50, 90], method="linear")
    return expected


@pytest.mark.parametrize(
    ("groups", "low", "high"),
    [
        (30, 0, 50_000),  # step times as they come
        (3, 60, 61),  # one value nearly everywhere: a single range holds it all
        (4, -(1 << 40), 1 << 40),  # wider than 32 bits, negative too
        (6_000, 0, 1 << 30),  # so many groups that the ranges grow coarser
    ],
)
def test_group_quantiles_equal_numpy_percentiles(groups: int, low: int, high: int) -> None:
    rng = np.random.default_rng(groups)
    group = rng.integers(0, groups + 1, size=60_000)  # `groups` itself: left out
    group[group == 1] = 2  # group 1 stays empty
    value = rng.integers(low, high, size=group.size)
    found = quantiles.group_quantiles(group, value, groups, (0.5, 0.9))
    np.testing.assert_allclose(found, _percentiles(group, value, groups), rtol=1e-12)


def test_kernel_equals_ibis_when_blocks_cut_through_journeys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for module in (events, kernel, quantiles):
        monkeypatch.setattr(module, "BLOCK_EVENTS", 7)
    monkeypatch.setattr(paths, "_HASH_BLOCK", 5)
    frame = synthetic_log(2_000, seed=8)
    _check(JourneyLog.from_frame(frame.rename(columns={"customer_id": "customer"})))


def test_kernel_equals_ibis_with_hundreds_of_touchpoints() -> None:
    rng = np.random.default_rng(12)
    size = 3_000
    frame = pd.DataFrame(
        {
            "journey": [f"j{j}" for j in rng.integers(0, 300, size)],
            "customer": "c",
            "touchpoint": [f"tp{k}" for k in rng.integers(0, 250, size)],  # 250 x 250 pairs
            "at": datetime(2026, 5, 1) + pd.to_timedelta(rng.integers(0, 10**6, size), unit="s"),
            "level": rng.choice([np.nan, 1, 4, 6], size),
        }
    )
    _check(JourneyLog.from_frame(frame))
