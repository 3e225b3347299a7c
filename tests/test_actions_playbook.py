"""Next best gesture, pain-moment mitigations with measured effect, brand promise shortfall."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cxladder.actions.gestures import DEFAULT_CATALOGUE, GestureEffect
from cxladder.actions.playbook import next_best_gestures
from cxladder.actions.uplift import Uplift
from cxladder.errors import InvalidInput
from cxladder.model import Occasion, ServiceLevel
from cxladder.store.repo import Store
from test_actions_support import START, Clock, Visit, add_customers, add_visits, desk, fresh_store
from test_actions_support import setup_org as _setup_org

CATALOGUE = {g.key: g for g in DEFAULT_CATALOGUE}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = fresh_store(f"sqlite:///{tmp_path / 'play.db'}")
    _setup_org(store)
    return store


def test_known_anniversary_leads_to_prosecco_and_unbelievable() -> None:
    suggestions = next_best_gestures(
        current=ServiceLevel.DESIRED,
        occasions=[Occasion("anniversary", None, "25: 25 jaar getrouwd")],
        personalised=True,
        catalogue=CATALOGUE,
    )
    first = suggestions[0]
    assert first.play.key == "anniversary-prosecco" and first.gesture is not None
    assert first.play.lifts_to == ServiceLevel.UNBELIEVABLE
    assert first.evidence == "playbook; not measured yet"
    assert all(s.play.lifts_to > ServiceLevel.DESIRED for s in suggestions)


def test_measured_uplift_ranks_a_play_up_and_shows_its_evidence() -> None:
    proven = Uplift(0.9, 0.4, 1.4, 120, 60, 4.6, 3.7, 0.95)
    unproven = Uplift(0.2, -0.3, 0.7, 120, 60, 4.0, 3.8, 0.95)
    suggestions = next_best_gestures(
        current=ServiceLevel.EXPECTED,
        occasions=[],
        personalised=False,
        catalogue=CATALOGUE,
        effects=[
            GestureEffect("upgrade", proven, None),
            GestureEffect("replacement", unproven, None),
        ],
    )
    assert suggestions[0].play.gesture == "upgrade"
    assert "measured" in suggestions[0].evidence and "+0.90" in suggestions[0].evidence
    assert not any(s.play.personal for s in suggestions)


def test_pain_moments_offer_mitigations_and_measure_them(store: Store) -> None:
    add_customers(store, *[f"q{i}" for i in range(80)])
    before = [
        Visit(f"b{i}", f"q{i}", "queue", START + timedelta(hours=i), 1 + i % 3) for i in range(40)
    ]
    after = [
        Visit(f"a{i}", f"q{i + 40}", "queue", START + timedelta(days=10, hours=i), 3 + i % 3)
        for i in range(40)
    ]
    add_visits(store, before)
    clock = Clock(START + timedelta(days=5))
    actions = desk(store, clock)
    (pain,) = actions.pain_moments()
    assert pain.touchpoint == "queue" and pain.kind == "queue"
    assert any("Entertainment" in m for m in pain.mitigations)
    mitigation = actions.try_mitigation(
        "queue", "Street performer at opening", started_at=START + timedelta(days=9)
    )
    add_visits(store, after)
    (pain,) = actions.pain_moments(threshold=0.1)
    ((tried, effect),) = pain.tried
    assert tried == mitigation and effect is not None
    assert effect.low <= 2.0 <= effect.high and effect.significant


def test_brand_promise_shortfall_per_touchpoint(store: Store) -> None:
    add_customers(store, "a", "b")
    add_visits(
        store,
        [
            Visit("g1", "a", "greeting", START, 3),
            Visit("g2", "b", "greeting", START, 4),
            Visit("d1", "a", "dinner", START, 4),
            Visit("d2", "b", "dinner", START, 5),
            Visit("q1", "a", "queue", START, 2),
        ],
    )
    actions = desk(store)
    with pytest.raises(InvalidInput, match="do not exist: lobby"):
        actions.set_promise(statement="x", targets={"lobby": ServiceLevel.SURPRISING})
    org = actions.set_promise(
        statement="Every guest leaves happier than they came",
        values=("warm", "personal"),
        targets={"greeting": ServiceLevel.UNBELIEVABLE, "queue": ServiceLevel.EXPECTED},
    )
    assert org.brand.target_for("greeting") == ServiceLevel.UNBELIEVABLE
    gaps = {g.touchpoint: g for g in actions.promise_shortfall()}
    order = [g.touchpoint for g in actions.promise_shortfall()]
    assert order[0] == "greeting" and gaps["greeting"].gap == pytest.approx(2.5)
    assert gaps["queue"].gap == 1 and gaps["queue"].share_at_target == 0
    assert gaps["dinner"].kept and gaps["dinner"].share_at_target == 1.0
