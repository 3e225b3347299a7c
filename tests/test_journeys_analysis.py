"""What the journey analytics say about small logs whose answers are known by construction.

The launch: thirty customers queue all night (Criminal), meet a greeter who knows them
(Unbelievable), pay (Expected); half of them then complain. Thirty others order online six
weeks later. Ten of the night queuers come back for a second journey.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxladder.errors import InvalidInput, NotFound
from cxladder.journeys import DriftRules, Journeys
from cxladder.journeys.synthetic import store_log
from cxladder.model import Channel, ServiceLevel, Touchpoint
from cxladder.store.repo import Store

ORG = "launch"
START = datetime(2026, 3, 1, 6, 0)


def _touchpoints() -> list[Touchpoint]:
    def tp(key: str, channel: Channel, target: ServiceLevel = ServiceLevel.DESIRED) -> Touchpoint:
        return Touchpoint(key=key, name=key, channel=channel, target_level=target)

    return [
        tp("queue", Channel.STORE),
        tp("greeter", Channel.STORE, ServiceLevel.SURPRISING),
        tp("checkout", Channel.STORE, ServiceLevel.EXPECTED),
        tp("complaint", Channel.PHONE),
        tp("web-shop", Channel.WEB),
        tp("delivery", Channel.PARTNER),
        tp("helpdesk", Channel.PHONE),
    ]


class _Log:
    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def journey(
        self,
        journey: str,
        customer: str,
        start: datetime,
        steps: list[tuple[str, float | None, float | None]],
        *,
        gap: timedelta = timedelta(minutes=30),
    ) -> None:
        channel = {tp.key: tp.channel.value for tp in _touchpoints()}
        for i, (touchpoint, level, wait) in enumerate(steps):
            self.rows.append(
                {
                    "event_id": f"{journey}-{i}",
                    "customer_id": customer,
                    "journey_id": journey,
                    "touchpoint": touchpoint,
                    "channel": channel[touchpoint],
                    "at": start + i * gap,
                    "level": level,
                    "wait_minutes": wait,
                }
            )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)


def _launch() -> pd.DataFrame:
    log = _Log()
    for n in range(30):
        steps: list[tuple[str, float | None, float | None]] = [
            ("queue", 1, 240.0),
            ("greeter", 6, None),
            ("checkout", 3, 5.0),
        ]
        if n % 2 == 0:
            steps.append(("complaint", 2, 20.0))
        log.journey(f"night-{n}", f"c{n}", START + timedelta(minutes=n), steps)
    for n in range(30):
        steps = [("web-shop", 4, None), ("helpdesk", 3, None), ("helpdesk", 3, None)]
        steps = steps if n % 3 == 0 else [("web-shop", 4, None)]
        steps.append(("delivery", 4, None))
        start = START + timedelta(days=42, hours=n)
        customer = f"c{n}" if n < 10 else f"w{n}"
        log.journey(f"web-{n}", customer, start, steps, gap=timedelta(days=2))
    return log.frame()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('analysis') / 'cx.db'}")
    store.upgrade()
    store_log(store, _launch(), organization=ORG, touchpoints=_touchpoints())
    yield store
    store.dispose()


@pytest.fixture(scope="module")
def journeys(store: Store) -> Journeys:
    return Journeys(store)


def test_journey_map_marks_the_queue_as_pain_and_the_greeter_as_wow(journeys: Journeys) -> None:
    nodes = journeys.journey_map(ORG).nodes.set_index("touchpoint")
    assert nodes.loc["queue", "is_pain"] and not nodes.loc["queue", "is_wow"]
    assert nodes.loc["greeter", "is_wow"] and not nodes.loc["greeter", "is_pain"]
    assert nodes.loc["greeter", "target_level"] == 5
    assert nodes.loc["queue", "share_1"] == 1.0
    assert nodes.loc["checkout", "below_target_share"] == 0.0


def test_edges_entries_and_exits_count_the_journeys(journeys: Journeys) -> None:
    journey_map = journeys.journey_map(ORG)
    edges = journey_map.edges.set_index(["source", "target"])
    assert edges.loc[("queue", "greeter"), "count"] == 30
    assert edges.loc[("queue", "greeter"), "median_seconds"] == 1800.0
    assert edges.loc[("helpdesk", "helpdesk"), "count"] == 10
    assert edges.loc[("checkout", "complaint"), "is_pain"]
    entries = journey_map.entries.set_index("touchpoint")
    assert entries.loc["queue", "journeys"] == 30 and entries.loc["queue", "share"] == 0.5
    exits = journey_map.exits.set_index("touchpoint")["journeys"].to_dict()
    assert exits == {"delivery": 30, "complaint": 15, "checkout": 15}


def test_variants_have_shares_and_levels(journeys: Journeys) -> None:
    variants = journeys.variants(ORG).set_index("path")
    assert variants.loc["web-shop > delivery", "journeys"] == 20
    assert variants.loc["queue > greeter > checkout > complaint", "mean_level"] == 3.0
    assert variants["share"].sum() == pytest.approx(1.0)
    assert len(journeys.variants(ORG, top=2)) == 2


def test_funnel_counts_conversion_drop_off_and_time(journeys: Journeys) -> None:
    funnel = journeys.funnel(ORG, ["queue", "checkout", "complaint"])
    assert funnel["journeys"].tolist() == [30, 30, 15]
    assert funnel["conversion"].tolist() == [1.0, 1.0, 0.5]
    assert funnel["drop_off"].tolist() == [0, 0, 15]
    assert funnel["median_seconds"].tolist()[1:] == [3600.0, 1800.0]


def test_funnel_with_an_unknown_touchpoint_names_the_known_ones(journeys: Journeys) -> None:
    with pytest.raises(NotFound, match="no touchpoint 'kassa'.*known: checkout"):
        journeys.funnel(ORG, ["queue", "kassa"])


def test_rework_counts_repeated_contacts(journeys: Journeys) -> None:
    rework = journeys.rework(ORG).set_index("touchpoint")
    assert rework.loc["helpdesk", "rework_journeys"] == 10
    assert rework.loc["helpdesk", "extra_contacts"] == 10
    assert rework.loc["queue", "extra_contacts"] == 0


def test_pain_moments_rank_the_queue_first_with_its_wait(journeys: Journeys) -> None:
    pain = journeys.pain_moments(ORG)
    worst = pain.iloc[0]
    assert (worst["kind"], worst["moment"]) == ("touchpoint", "queue")
    assert worst["journeys_below"] == 30
    assert worst["mean_gap"] == 3.0
    assert worst["wait_minutes"] == 240.0
    complaint = pain[pain["moment"] == "complaint"].iloc[0]
    assert complaint["dropoff_after"] == 1.0
    assert "checkout → complaint" in set(pain["moment"])


def test_wow_moments_put_the_greeter_first(journeys: Journeys) -> None:
    wow = journeys.wow_moments(ORG)
    assert wow.iloc[0]["touchpoint"] == "greeter"
    assert wow.iloc[0]["wow_share"] == 1.0
    assert wow.iloc[0]["wow_journeys"] == 30


def test_outcomes_follow_the_peak_end_rule_and_see_who_came_back(journeys: Journeys) -> None:
    outcomes = journeys.outcomes(ORG).set_index("journey")
    # Peak Unbelievable (6), ended at the complaint (2): remembered as 4.
    assert outcomes.loc["night-0", "remembered_level"] == 4.0
    assert outcomes.loc["night-1", "final_level"] == 3.0
    assert outcomes.loc["night-1", "remembered_level"] == 4.5
    assert outcomes.loc["night-3", "came_back"]
    assert not outcomes.loc["night-12", "came_back"]
    assert not outcomes.loc["web-3", "came_back"]


def test_segments_tell_the_night_queue_from_the_web_order(journeys: Journeys) -> None:
    segments = journeys.segments(ORG, groups=2)
    assert segments["journeys"].sum() == 60
    assigned = journeys.segment_of_journeys(ORG, groups=2)
    night = {assigned[f"night-{n}"] for n in range(30)}
    web = {assigned[f"web-{n}"] for n in range(30)}
    assert len(night) == 1 and len(web) == 1 and night != web
    names = segments.set_index("segment")["name"]
    assert "early" in names[night.pop()] and "late" in names[web.pop()]


def test_journey_map_of_one_segment(journeys: Journeys) -> None:
    assigned = journeys.segment_of_journeys(ORG)
    segment = int(assigned["night-0"])
    nodes = journeys.journey_map(ORG, segment=segment).nodes
    assert "queue" in set(nodes["touchpoint"])
    with pytest.raises(NotFound, match="no segment 9"):
        journeys.journey_map(ORG, segment=9)


def test_journey_map_of_one_channel(journeys: Journeys) -> None:
    nodes = journeys.journey_map(ORG, channel="winkel").nodes
    assert set(nodes["touchpoint"]) == {"queue", "greeter", "checkout"}
    with pytest.raises(InvalidInput, match="not a channel"):
        journeys.journey_map(ORG, channel="fax")


def test_unknown_organisation_says_what_exists(journeys: Journeys) -> None:
    with pytest.raises(NotFound, match="known: launch"):
        journeys.journey_map("elsewhere")


def _planted_truth(seed: int) -> pd.DataFrame:
    """The final level always repeats the level at `advice`; `parking` does not matter."""
    rng = np.random.default_rng(seed)
    log = _Log()
    for n in range(150):
        advice, parking = (float(x) for x in rng.integers(1, 7, size=2))
        steps = [
            ("web-shop", parking, None),
            ("helpdesk", advice, None),
            ("delivery", advice, None),
        ]
        log.journey(f"j{n}", f"c{n}", START + timedelta(hours=n), steps)
    return log.frame()


def test_moments_of_truth_find_the_planted_effect(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'truth.db'}")
    store.upgrade()
    store_log(store, _planted_truth(3), organization=ORG, touchpoints=_touchpoints())
    truth = Journeys(store).moments_of_truth(ORG, outcome="final_level", resamples=100)
    store.dispose()
    by_touchpoint = truth.set_index("touchpoint")
    helpdesk, web_shop = by_touchpoint.loc["helpdesk"], by_touchpoint.loc["web-shop"]
    assert helpdesk["ci_low"] > 0.3 and helpdesk["significant"]
    assert web_shop["ci_low"] < 0 < web_shop["ci_high"]
    assert truth.iloc[0]["touchpoint"] in ("helpdesk", "delivery")


def _drifting(seed: int) -> pd.DataFrame:
    """The greeter's wow wears off month by month, same wait; the checkout stays as it was."""
    rng = np.random.default_rng(seed)
    log = _Log()
    for month in range(6):
        surprising = 0.8 - 0.12 * month
        for n in range(40):
            greeter = 5.0 if rng.random() < surprising else 4.0
            checkout = 5.0 if rng.random() < 0.5 else 3.0
            start = datetime(2026, 1 + month, 2) + timedelta(hours=n)
            steps = [("greeter", greeter, 2.0), ("checkout", checkout, 5.0)]
            log.journey(f"m{month}-{n}", f"c{month}-{n}", start, steps)
    return log.frame()


def test_drift_flags_a_surprise_that_wears_off(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'drift.db'}")
    store.upgrade()
    store_log(store, _drifting(5), organization=ORG, touchpoints=_touchpoints())
    drift = Journeys(store).drift(ORG, rules=DriftRules(decay=0.2))
    store.dispose()
    flagged = drift.groupby("touchpoint")["drifting"].first()
    assert flagged["greeter"] and not flagged["checkout"]
    greeter = drift[drift["touchpoint"] == "greeter"]
    assert len(greeter) == 6 and greeter["surprising_change"].iloc[0] < -0.3
    with pytest.raises(InvalidInput, match="unknown period 'fortnight'"):
        Journeys(Store(f"sqlite:///{tmp_path / 'drift.db'}")).drift(ORG, period="fortnight")
