"""Expectation drift: yesterday's surprise is today's expected ("keep innovating").

Per touchpoint and period the measure gives the level shares and the operational facts. A
touchpoint drifts when its Surprising-or-better share falls from the first periods to the last
while what it does stays the same (waits and effort within a tolerance): the service did not
get worse, the customer got used to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxladder.errors import InvalidInput

__all__ = ["PERIODS", "DriftRules", "flag_drift", "period_unit"]

# What the user says -> the unit Ibis truncates timestamps to.
PERIODS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


@dataclass(frozen=True, slots=True)
class DriftRules:
    """decay: drop in the Surprising share (in share points) that counts as drift;
    stable: the largest relative change in the facts that still counts as 'the same';
    min_assessed: periods with fewer assessed experiences are left out."""

    decay: float = 0.10
    stable: float = 0.15
    min_assessed: int = 10


def period_unit(period: str) -> str:
    try:
        return PERIODS[period]
    except KeyError:
        raise InvalidInput(f"unknown period {period!r}; use one of {', '.join(PERIODS)}") from None


def _relative_change(first: float, last: float) -> float:
    if np.isnan(first) or np.isnan(last):
        return 0.0  # a fact not measured cannot have changed
    return abs(last - first) / max(abs(first), 1e-9)


def _touchpoint_drift(rows: pd.DataFrame, rules: DriftRules) -> dict[str, object]:
    rows = rows.sort_values("period")
    head = rows.head(max(1, len(rows) // 3))
    tail = rows.tail(max(1, len(rows) // 3))
    before = float(np.average(head["surprising_share"], weights=head["assessed"]))
    after = float(np.average(tail["surprising_share"], weights=tail["assessed"]))
    facts = max(
        _relative_change(head[name].mean(), tail[name].mean()) for name in ("wait_minutes", "ces")
    )
    slope = np.polyfit(np.arange(len(rows)), rows["surprising_share"].to_numpy(), 1)[0]
    return {
        "surprising_before": before,
        "surprising_after": after,
        "surprising_change": after - before,
        "slope_per_period": float(slope),
        "facts_change": facts,
        "drifting": bool(before - after >= rules.decay and facts <= rules.stable),
    }


def flag_drift(by_period: pd.DataFrame, rules: DriftRules) -> pd.DataFrame:
    """The per-period table with each touchpoint's drift verdict on all its rows."""
    kept = by_period[by_period["assessed"] >= rules.min_assessed]
    verdicts = [
        {"touchpoint": touchpoint, **_touchpoint_drift(rows, rules)}
        for touchpoint, rows in kept.groupby("touchpoint")
        if rows["period"].nunique() >= 2
    ]
    verdict = pd.DataFrame(
        verdicts,
        columns=[
            "touchpoint",
            "surprising_before",
            "surprising_after",
            "surprising_change",
            "slope_per_period",
            "facts_change",
            "drifting",
        ],
    )
    merged = kept.merge(verdict, on="touchpoint", how="left")
    merged["drifting"] = merged["drifting"].astype("boolean").fillna(False).astype(bool)
    return merged.sort_values(["touchpoint", "period"]).reset_index(drop=True)
