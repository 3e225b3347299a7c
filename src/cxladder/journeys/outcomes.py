"""What a journey leaves behind, and which moments decide it.

The remembered level follows the peak-end rule: people remember a journey by its most
intense moment and by how it ended, not by the average. The most intense moment is the level
furthest from Expected (3), so a Criminal queue outweighs three Desired greetings.

Moments of truth are found with a model a manager can check: a ridge-stabilised linear
regression of the journey's remembered level on the levels met at each touchpoint (centred,
so a touchpoint the journey did not visit counts as average). Its coefficients read as "one
level better here, this much better remembered", with bootstrap intervals for how sure that is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["journey_outcomes", "moments_of_truth"]

_NEUTRAL = 3.0


def journey_outcomes(per_journey: pd.DataFrame) -> pd.DataFrame:
    """The measure's per-journey table, with the remembered level and readable times."""
    frame = per_journey.copy()
    peak_distance = (frame["peak_level"] - _NEUTRAL).abs()
    low_distance = (frame["lowest_level"] - _NEUTRAL).abs()
    intense = frame["peak_level"].where(peak_distance > low_distance, frame["lowest_level"])
    frame["remembered_level"] = (intense + frame["last_level"]) / 2.0
    frame["started"] = pd.to_datetime(frame["start_t"], unit="s")
    frame["ended"] = pd.to_datetime(frame["end_t"], unit="s")
    columns = [
        "journey",
        "customer",
        "started",
        "ended",
        "events",
        "assessed",
        "peak_level",
        "lowest_level",
        "last_level",
        "remembered_level",
        "mean_level",
        "last_nps",
        "wait_minutes",
        "ces",
        "came_back",
    ]
    renamed = frame[columns].rename(columns={"last_level": "final_level", "last_nps": "nps"})
    return renamed.sort_values(["started", "journey"]).reset_index(drop=True)


def _design(
    levels: pd.DataFrame, outcomes: pd.DataFrame, outcome: str, min_journeys: int
) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    wide = levels.pivot_table(index="journey", columns="touchpoint", values="level")
    known = outcomes.dropna(subset=[outcome]).set_index("journey")[outcome]
    wide = wide.reindex(known.index)
    visits = wide.notna().sum()
    kept = sorted(visits[visits >= min_journeys].index)
    wide = wide[kept]
    centred = (wide - wide.mean()).fillna(0.0)
    return centred.to_numpy(), known.to_numpy(dtype=float), kept, visits[kept].to_numpy()


def _ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> np.ndarray:
    xc = x - x.mean(axis=0)
    yc = y - y.mean()
    gram = xc.T @ xc + alpha * np.eye(x.shape[1])
    return np.linalg.solve(gram, xc.T @ yc)


def moments_of_truth(
    levels: pd.DataFrame,
    outcomes: pd.DataFrame,
    *,
    outcome: str = "remembered_level",
    min_journeys: int = 20,
    resamples: int = 200,
    confidence: float = 0.9,
    alpha: float = 1.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Touchpoints ranked by how much their level moves the journey's outcome.

    effect: outcome levels per level at the touchpoint; ci_low/ci_high: bootstrap percentile
    interval; weight: effect × the touchpoint's spread of levels (which moments matter most
    in practice); journeys: how many journeys met an assessed experience there.
    """
    x, y, touchpoints, journeys = _design(levels, outcomes, outcome, min_journeys)
    columns = ["touchpoint", "journeys", "effect", "ci_low", "ci_high", "weight", "significant"]
    if not touchpoints or y.size < 3:
        return pd.DataFrame(columns=columns)
    effect = _ridge(x, y, alpha)
    rng = np.random.default_rng(seed)
    draws = np.empty((resamples, len(touchpoints)))
    for i in range(resamples):
        rows = rng.integers(0, y.size, size=y.size)
        draws[i] = _ridge(x[rows], y[rows], alpha)
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(draws, [tail, 100 - tail], axis=0)
    weight = effect * x.std(axis=0)
    frame = pd.DataFrame(
        {
            "touchpoint": touchpoints,
            "journeys": journeys.astype("int64"),
            "effect": effect,
            "ci_low": low,
            "ci_high": high,
            "weight": weight,
            "significant": (low > 0) | (high < 0),
        }
    )
    order = frame["weight"].abs().sort_values(ascending=False).index
    return frame.loc[order].reset_index(drop=True)
