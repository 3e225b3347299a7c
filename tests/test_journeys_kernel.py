"""The NumPy kernel equals the Ibis definitions it stands in for, on any log and its edge cases."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxladder.journeys import JourneyLog, kernel, measures
from cxladder.journeys.engines import DuckDBEngine
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


events = st.lists(
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
@given(events)
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
