"""The demo's actions and the report sections that show recovery, gesture effects, promise."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from cxladder.actions.demo import seed_demo_actions
from cxladder.actions.records import CaseStatus, GrantStatus
from cxladder.actions.sections import action_sections
from cxladder.report.html import ReportInput
from cxladder.store.repo import Store
from test_actions_support import START, Visit, add_customers, add_visits, desk, fresh_store
from test_actions_support import setup_org as _setup_org


def _restaurant(tmp_path: Path) -> Store:
    store = fresh_store(f"sqlite:///{tmp_path / 'demo.db'}")
    _setup_org(store)
    rng = random.Random(3)
    ids = [f"g{i:03d}" for i in range(120)]
    add_customers(store, *ids)
    texts = ("", "", "Lang gewacht", "We waren 25 jaar getrouwd", "<script>alert(1)</script>")
    add_visits(
        store,
        [
            Visit(
                f"v{i}-{k}",
                cid,
                rng.choice(("queue", "greeting", "dinner")),
                START + timedelta(days=rng.randint(0, 60), hours=rng.randint(9, 21)),
                rng.choices((1, 2, 3, 4, 5), weights=(2, 3, 3, 2, 1))[0],
                rng.choice(texts),
            )
            for i, cid in enumerate(ids)
            for k in range(3)
        ],
    )
    return store


def test_demo_actions_fill_cases_gestures_occasions_and_returns(tmp_path: Path) -> None:
    store = _restaurant(tmp_path)
    before = store.count("experiences")
    seed_demo_actions(store, "bistro", seed=5)
    actions = desk(store)
    cases = actions.cases()
    assert cases and any(c.status == CaseStatus.CLOSED for c in cases)
    assert any(c.level_after is not None for c in cases)
    grants = actions.gestures()
    statuses = {g.status for g in grants}
    assert {GrantStatus.GIVEN, GrantStatus.WITHHELD} <= statuses
    assert store.count("experiences") > before  # simulated return visits
    assert any(
        store.customer("bistro", c).occasions for c in {g.customer_id for g in grants} | {"g003"}
    )
    recovery = actions.recovery()
    assert recovery.closed > 0 and recovery.came_back > 0

    report_input = ReportInput(
        organization=store.organization("bistro"),
        touchpoints=store.touchpoints("bistro"),
        experiences=store.assessed_frame("bistro"),
    )
    sections = action_sections(report_input, desk=actions)
    titles = [s.title for s in sections]
    assert titles == [
        "Brand promise: where delivery falls short",
        "Recovery: closed-loop cases",
        "Gestures: spend and measured effect",
    ]
    assert "Greeting at the door" in sections[0].html and "Surprising" in sections[0].html
    assert "free-dessert" in sections[2].html and "<script>" not in "".join(
        s.html for s in sections
    )
    assert [s.title for s in action_sections(report_input)] == titles[:1]
    store.dispose()
