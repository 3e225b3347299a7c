"""The dashboard's ladder snapshot gives the very figures the pandas functions give."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxladder.app import Cxladder
from cxladder.ladder.shares import headline, level_shares, level_trend
from cxladder.ladder.snapshot import LadderSnapshot
from cxladder.model import BrandPromise, Channel, Experience, Organization, Touchpoint

TOUCHPOINTS = {
    "door": Touchpoint("door", "Door", Channel.ON_SITE, target_level=4),
    "web": Touchpoint("web", "Web", Channel.WEB, target_level=3),
}
BRAND = BrandPromise(targets={"web": 5})


def experiences(seed: int, rows: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    level = rng.integers(0, 7, rows).astype(float)
    level[level == 0] = np.nan  # not assessed yet
    scores = rng.integers(0, 11, rows).astype(float)
    scores[rng.random(rows) < 0.5] = np.nan
    csat = rng.integers(1, 6, rows).astype(float)
    csat[rng.random(rows) < 0.6] = np.nan
    return pd.DataFrame(
        {
            "id": np.arange(1, rows + 1),
            "at": pd.Timestamp("2026-01-01")
            + pd.to_timedelta(rng.integers(0, 400 * 24, rows), unit="h"),
            "touchpoint": rng.choice(["door", "web", "phone"], rows),
            "channel": rng.choice(np.array(["web", "on-site", None], dtype=object), rows),
            "customer_id": rng.choice([f"c{i}" for i in range(max(rows // 4, 1))], rows),
            "level": level,
            "nps": scores,
            "csat": csat,
            "ces": np.where(rng.random(rows) < 0.3, rng.integers(1, 8, rows), np.nan),
        }
    )


def filtered(frame: pd.DataFrame, since: datetime | None, channel: str | None) -> pd.DataFrame:
    if since is not None:
        frame = frame[frame["at"] >= since]
    if channel:
        frame = frame[frame["channel"] == channel]
    return frame


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    rows=st.integers(1, 400),
    split=st.integers(0, 400),
    since=st.sampled_from([None, datetime(2026, 6, 1)]),
    channel=st.sampled_from([None, "web", "on-site", "nowhere"]),
)
def test_snapshot_figures_equal_the_pandas_figures(
    seed: int, rows: int, split: int, since: datetime | None, channel: str | None
) -> None:
    frame = experiences(seed, rows)
    # Built in two steps, as a live server extends it: the result must not depend on that.
    split = min(split, rows)
    snapshot = LadderSnapshot.from_frame(frame.iloc[:split]).extended(frame.iloc[split:])
    view = snapshot.view(
        snapshot.select(since=since, channel=channel), touchpoints=TOUCHPOINTS, brand=BRAND
    )
    chosen = filtered(frame, since, channel)
    rated = chosen.dropna(subset=["level"])
    assert view.headline == headline(chosen, touchpoints=TOUCHPOINTS, brand=BRAND)
    if rated.empty:
        assert view.per_touchpoint.empty and view.trend.empty and view.daily_delta is None
        return
    expected = level_shares(rated, ["touchpoint"], touchpoints=TOUCHPOINTS, brand=BRAND)
    pd.testing.assert_frame_equal(view.per_touchpoint, expected, check_dtype=False)
    trend = level_trend(rated)
    pd.testing.assert_frame_equal(view.trend, trend, check_dtype=False)
    daily = rated.groupby(rated["at"].dt.normalize())["level"].mean().sort_index()
    if len(daily) < 2:
        assert view.daily_delta is None
    else:
        assert view.daily_delta == pytest.approx(daily.iloc[-1] - daily.iloc[-2])


def test_the_overview_follows_new_experiences_and_imports(cx: Cxladder) -> None:
    door = Touchpoint("door", "Door", Channel.ON_SITE, organization="shop")
    cx.add_organization(Organization("shop", "Shop"), [door])
    at = datetime(2026, 3, 1, 10)

    def moment(key: str, customer: str, text: str) -> Experience:
        return Experience(
            id=key, customer_id=customer, organization="shop", touchpoint="door", at=at, text=text
        )

    cx.record(moment("a", "c1", "Never again, they lost our booking"))
    first = cx.overview("shop")
    assert (first.headline.experiences, first.headline.assessed) == (1, 1)
    cx.record(moment("b", "c2", "Exactly as expected"))
    assert cx.overview("shop").headline.customers == 2
    frame = pd.DataFrame(
        {"event_id": ["c"], "customer_id": ["c3"], "touchpoint": ["door"], "at": [at]}
    )
    cx.import_frame(frame, organization="shop")
    imported = cx.overview("shop").headline
    assert (imported.experiences, imported.assessed) == (3, 2)
    cx.assess("shop")
    assert cx.overview("shop").headline.assessed == 3
