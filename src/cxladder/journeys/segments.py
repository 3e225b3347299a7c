"""Customers grouped by the shape of their journey.

The shape is what the measure `journey_profile` gives: how many events, how long from first
to last, how much waiting, how soon after the first journey it started, and the channel mix.
K-means on the standardised shape groups the one who queued all night for the launch (early,
short, in store, long wait) apart from the one who ordered online weeks later (late, web).
Each group gets a name from what sets it apart, so the table reads without the centroids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.preprocessing import StandardScaler

from cxladder.errors import InvalidInput

__all__ = ["assign_segments", "describe_segments"]

_SHAPE = ("events", "span_hours", "wait_minutes", "start_days")


def _features(profile: pd.DataFrame) -> pd.DataFrame:
    channels = [c for c in profile.columns if c.startswith("channel_")]
    frame = profile[list(_SHAPE) + channels].astype("float64").fillna(0.0)
    # Spans and waits are heavy-tailed: a log keeps one month-long journey from making a group.
    for name in ("span_hours", "wait_minutes", "events"):
        frame[name] = np.log1p(frame[name].clip(lower=0))
    return frame


def assign_segments(profile: pd.DataFrame, *, groups: int = 4, seed: int = 0) -> pd.Series:
    """Segment number (1..groups) per journey, indexed by journey."""
    if groups < 1:
        raise InvalidInput(f"groups must be at least 1, not {groups}")
    if len(profile) < groups:
        raise InvalidInput(
            f"only {len(profile)} journeys, fewer than the {groups} segments asked for; "
            "ask for fewer segments"
        )
    ordered = profile.sort_values("journey").reset_index(drop=True)
    scaled = StandardScaler().fit_transform(_features(ordered))
    model = KMeans(n_clusters=groups, n_init=4, random_state=seed).fit(scaled)
    # Number groups by size, biggest first, so segment 1 is always the main stream.
    sizes = np.bincount(model.labels_, minlength=groups)
    rank = np.empty(groups, dtype=np.int64)
    rank[np.argsort(-sizes, kind="stable")] = np.arange(1, groups + 1)
    return pd.Series(rank[model.labels_], index=ordered["journey"], name="segment")


def _name(row: pd.Series, overall: pd.Series, channels: list[str]) -> str:
    channel = max(channels, key=lambda c: row[c] - overall[c]) if channels else ""
    # Only a channel the group uses more than the others do sets it apart.
    leads = bool(channel) and row[channel] > 0 and row[channel] > overall[channel]
    words = [channel.removeprefix("channel_").replace("_", "-") + "-led"] if leads else []
    words.append("early" if row["start_days"] < overall["start_days"] else "late")
    words.append("long" if row["span_hours"] > overall["span_hours"] else "quick")
    if row["wait_minutes"] > 1.5 * max(overall["wait_minutes"], 1e-9):
        words.append("long waits")
    return ", ".join(words)


def describe_segments(profile: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """One row per segment: its size, its typical shape and a name that says what sets it apart."""
    frame = profile.set_index("journey").join(segments)
    channels = [c for c in profile.columns if c.startswith("channel_")]
    means = frame.groupby("segment")[list(_SHAPE) + channels].mean()
    medians = frame[list(_SHAPE) + channels].median()
    overall = medians.combine(frame[list(_SHAPE) + channels].mean(), max)
    out = means.copy()
    out.insert(0, "journeys", frame.groupby("segment").size())
    out.insert(1, "share", out["journeys"] / len(frame))
    out.insert(0, "name", [_name(row, overall, channels) for _, row in means.iterrows()])
    return out.reset_index()
