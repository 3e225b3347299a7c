"""Level shares, targets, trend, moments and headline scores on small frames built by hand."""

from __future__ import annotations

from types import MappingProxyType

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxladder.errors import InvalidInput
from cxladder.ladder.shares import (
    COUNT_COLUMNS,
    SHARE_COLUMNS,
    best_moments,
    choose_period,
    headline,
    level_shares,
    level_trend,
    net_promoter_score,
    target_attainment,
    target_levels,
    worst_moments,
)
from cxladder.model import BrandPromise, Channel, ServiceLevel, Touchpoint

TOUCHPOINTS = {
    "queue": Touchpoint(
        "queue", "Queue at opening", Channel.STORE, target_level=ServiceLevel.EXPECTED
    ),
    "greeting": Touchpoint("greeting", "Greeter at the door", Channel.STORE),
    "chat": Touchpoint("chat", "Web chat", Channel.WEB, target_level=ServiceLevel.SURPRISING),
}


def experiences() -> pd.DataFrame:
    """Ten experiences, one not assessed; levels and scores chosen so every figure is exact."""
    return pd.DataFrame(
        {
            "customer_id": ["c1", "c2", "c3", "c1", "c4", "c5", "c6", "c2", "c7", "c8"],
            "touchpoint": ["queue"] * 4 + ["greeting"] * 3 + ["chat"] * 2 + ["unknown"],
            "channel": ["store"] * 4 + ["store", "store", None] + ["web"] * 3,
            "level": [1, 1, 2, 3, 4, 5, 6, 3, np.nan, 4],
            "at": pd.to_datetime(
                [
                    "2026-03-02 09:00",  # a Monday
                    "2026-03-08 23:30",  # the Sunday of the same week
                    "2026-03-09 08:00",
                    "2026-03-10 10:00",
                    "2026-03-11 11:00",
                    "2026-04-01 12:00",
                    "2026-04-02 12:00",
                    "2026-04-03 12:00",
                    "2026-04-04 12:00",
                    "2026-04-05 12:00",
                ]
            ),
            "text": ["", "Twenty minutes in the rain", None, "ok", "nice", "knew my name", "", "",
                     "x", "good"],
            "confidence": [0.5, 0.9, 0.8, 0.7, 0.6, 0.9, 0.4, 0.3, 0.2, 0.5],
            "nps": [0, 6, 7, 8, 9, 10, 10, np.nan, np.nan, np.nan],
            "csat": [1, 2, 3, 4, 5, 5, np.nan, np.nan, np.nan, np.nan],
            "ces": [7, 5, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 1],
        }
    )


def test_overall_counts_shares_and_mean_are_exact() -> None:
    row = level_shares(experiences()).iloc[0]
    assert row["n"] == 9  # the row without a level is left out
    assert [row[c] for c in COUNT_COLUMNS] == [2, 1, 2, 2, 1, 1]
    expected = [2 / 9, 1 / 9, 2 / 9, 2 / 9, 1 / 9, 1 / 9]
    assert [row[c] for c in SHARE_COLUMNS] == pytest.approx(expected)
    assert row["mean_level"] == pytest.approx((1 + 1 + 2 + 3 + 4 + 5 + 6 + 3 + 4) / 9)


def test_grouped_shares_sum_to_one_and_keep_a_missing_channel() -> None:
    table = level_shares(experiences(), ("touchpoint", "channel"))
    assert table[list(SHARE_COLUMNS)].sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert (table[list(COUNT_COLUMNS)].sum(axis=1) == table["n"]).all()
    assert table["n"].sum() == 9
    missing = table[table["channel"].isna()]
    assert missing["touchpoint"].tolist() == ["greeting"] and missing["count_6"].tolist() == [1]
    queue = table.set_index("touchpoint").loc["queue"]
    assert (queue["n"], queue["count_1"], queue["mean_level"]) == (4, 2, pytest.approx(7 / 4))


def test_share_at_or_above_target_from_touchpoints_and_brand() -> None:
    brand = BrandPromise(targets=MappingProxyType({"greeting": ServiceLevel.SURPRISING}))
    table = level_shares(experiences(), ("touchpoint",), touchpoints=TOUCHPOINTS, brand=brand)
    reached = table.set_index("touchpoint")["share_at_or_above_target"]
    assert reached["queue"] == pytest.approx(1 / 4)  # target Expected: only the 3
    assert reached["greeting"] == pytest.approx(2 / 3)  # brand says Surprising: 5 and 6
    assert reached["chat"] == 0.0  # target Surprising, got a 3
    assert reached["unknown"] == 1.0  # brand default Desired, got a 4
    overall = level_shares(experiences(), touchpoints=TOUCHPOINTS, brand=brand).iloc[0]
    assert overall["count_at_or_above_target"] == 4


def test_share_at_or_above_a_target_column() -> None:
    frame = experiences().assign(goal=["Desired", 2, 2, 3, 4, 4, 6, "6", 1, 4])
    row = level_shares(frame, target="goal").iloc[0]
    # level >= goal: 3>=3, 4>=4, 5>=4, 6>=6, 4>=4 and the 2>=2; the unassessed row is out
    assert row["count_at_or_above_target"] == 6
    with pytest.raises(InvalidInput, match=r"row 0, column `goal`: 'soon'"):
        level_shares(frame.assign(goal="soon"), target="goal")


def test_brand_promise_overrides_the_touchpoint_target() -> None:
    brand = BrandPromise(
        targets=MappingProxyType({"queue": ServiceLevel.DESIRED, "desk": ServiceLevel.BASIC})
    )
    targets = target_levels(TOUCHPOINTS, brand)
    assert targets == {"queue": 4, "greeting": 4, "chat": 5, "desk": 2}


def test_target_attainment_puts_the_largest_gap_first() -> None:
    table = target_attainment(experiences(), TOUCHPOINTS)
    # greeting and unknown both keep the promise every time: the lower mean level comes first
    assert table["touchpoint"].tolist() == ["chat", "queue", "unknown", "greeting"]
    chat = table.iloc[0]
    assert (chat["name"], chat["channel"], chat["target_level"]) == ("Web chat", "web", 5)
    unknown = table.iloc[2]
    assert (unknown["name"], unknown["target_level"]) == ("unknown", 4)
    assert pd.isna(unknown["channel"])


def test_empty_and_unassessed_frames() -> None:
    empty = experiences().iloc[0:0]
    row = level_shares(empty).iloc[0]
    assert row["n"] == 0 and row["share_1"] == 0.0 and np.isnan(row["mean_level"])
    assert level_shares(empty, ("touchpoint",)).empty
    unassessed = experiences().assign(level=np.nan)
    assert level_shares(unassessed).iloc[0]["n"] == 0
    assert worst_moments(unassessed).empty


def test_bad_levels_and_missing_columns_name_the_fault() -> None:
    with pytest.raises(InvalidInput, match=r"row 3, column `level`: 7\b"):
        level_shares(experiences().assign(level=[1, 1, 2, 7, 4, 5, 6, 3, 1, 4]))
    with pytest.raises(InvalidInput, match="lack column.*channel"):
        level_shares(experiences().drop(columns="channel"), ("channel",))


def test_weekly_trend_starts_on_monday() -> None:
    trend = level_trend(experiences(), period="week")
    first = trend.iloc[0]
    assert first["period"] == pd.Timestamp("2026-03-02")
    assert (first["n"], first["count_1"]) == (2, 2)  # Monday morning and Sunday night
    assert trend["period"].dt.day_of_week.eq(0).all()
    assert trend["n"].sum() == 9


def test_monthly_trend_and_the_automatic_period() -> None:
    trend = level_trend(experiences(), period="month")
    assert trend["period"].tolist() == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-04-01")]
    assert trend["n"].tolist() == [5, 4]
    assert trend["mean_level"].tolist() == pytest.approx([11 / 5, 18 / 4])
    assert choose_period(experiences()["at"]) == "week"
    long = pd.Series(pd.to_datetime(["2025-01-01", "2026-01-01"]))
    assert choose_period(long) == "month"


def test_trend_takes_time_zones_in_utc() -> None:
    frame = experiences()
    frame["at"] = frame["at"].dt.tz_localize("Europe/Amsterdam")
    trend = level_trend(frame, period="week")
    # Monday 09:00 in Amsterdam is still Monday in UTC; the result is naive
    assert trend.iloc[0]["period"] == pd.Timestamp("2026-03-02")
    assert trend["period"].dt.tz is None


def test_trend_reads_iso_text_and_refuses_nonsense() -> None:
    frame = experiences().assign(at=lambda f: f["at"].dt.strftime("%Y-%m-%dT%H:%M:%S+01:00"))
    trend = level_trend(frame, period="week")
    assert trend.iloc[0]["period"] == pd.Timestamp("2026-03-02") and trend["n"].sum() == 9
    with pytest.raises(InvalidInput, match="row 0, column `at`: 'yesterday' is not a moment"):
        level_trend(frame.assign(at="yesterday"), period="week")


def test_trend_per_touchpoint() -> None:
    trend = level_trend(experiences(), period="month", by=("touchpoint",))
    queue = trend[trend["touchpoint"] == "queue"]
    assert queue["n"].tolist() == [4]


def test_worst_moments_prefer_words_then_confidence() -> None:
    worst = worst_moments(experiences(), limit=3)
    assert worst["level"].tolist() == [1, 1, 2]
    # both level 1: the one with a comment first, even though it is less recent
    assert worst.iloc[0]["text"] == "Twenty minutes in the rain"


def test_best_moments_fill_up_from_lower_levels() -> None:
    best = best_moments(experiences(), limit=4)
    assert best["level"].tolist() == [6, 5, 4, 4]
    assert best.iloc[0]["customer_id"] == "c6"
    assert best.iloc[2]["text"] in ("nice", "good")
    assert best_moments(experiences(), limit=0).empty


def test_headline_scores() -> None:
    numbers = headline(experiences(), touchpoints=TOUCHPOINTS)
    assert (numbers.experiences, numbers.customers, numbers.assessed) == (10, 8, 9)
    assert numbers.mean_level == pytest.approx(29 / 9)
    # NPS: promoters 9,10,10 = 3 of 7; detractors 0,6 = 2 of 7
    assert numbers.nps == pytest.approx(100 * (3 - 2) / 7)
    assert numbers.nps_responses == 7
    assert numbers.csat == pytest.approx(3 / 6)
    assert numbers.ces == pytest.approx((7 + 5 + 1) / 3)
    blank = headline(experiences().drop(columns=["nps", "csat", "ces"]))
    assert (blank.nps, blank.csat, blank.ces, blank.at_or_above_target) == (None,) * 4


def test_net_promoter_score_bounds() -> None:
    assert net_promoter_score(pd.Series([10, 9])) == 100.0
    assert net_promoter_score(pd.Series([0, 6, np.nan])) == -100.0
    assert net_promoter_score(pd.Series([], dtype="float64")) is None


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(1, 6)),
            st.sampled_from(["queue", "greeting", "chat"]),
            st.sampled_from(["store", "web", None]),
        ),
        max_size=60,
    )
)
def test_counts_are_exact_and_shares_sum_to_one(
    rows: list[tuple[int | None, str, str | None]],
) -> None:
    frame = pd.DataFrame(
        {
            "level": pd.Series([r[0] for r in rows], dtype="float64"),
            "touchpoint": [r[1] for r in rows],
            "channel": [r[2] for r in rows],
        }
    )
    table = level_shares(frame, ("touchpoint", "channel"))
    rated = [r for r in rows if r[0] is not None]
    assert table["n"].sum() == len(rated)
    for level in range(1, 7):
        assert table[f"count_{level}"].sum() == sum(1 for r in rated if r[0] == level)
    if len(table):
        assert table[list(SHARE_COLUMNS)].sum(axis=1).to_numpy() == pytest.approx(1.0)


def test_moments_never_cross_the_middle_of_the_ladder() -> None:
    high = experiences().assign(level=[4, 5, 6, 4, 5, 6, 4, 5, 6, 4])
    assert worst_moments(high).empty
    assert best_moments(experiences().assign(level=[1, 2, 3] * 3 + [1])).empty
    worst = worst_moments(experiences(), limit=10)
    assert worst["level"].max() <= 3 and len(worst) == 5
    strict = worst_moments(experiences(), limit=10, at_most=ServiceLevel.CRIMINAL)
    assert strict["level"].tolist() == [1, 1]
    assert len(best_moments(experiences(), limit=10, at_least=ServiceLevel.SURPRISING)) == 2


def test_moments_with_a_repeated_index() -> None:
    frame = experiences()
    frame.index = [0] * len(frame)
    worst = worst_moments(frame, limit=2)
    assert worst["level"].tolist() == [1, 1] and len(worst) == 2
