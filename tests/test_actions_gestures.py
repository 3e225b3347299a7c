"""Empowered staff: budgets per role, approvals above a limit, deviations, spend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from cxladder.actions.records import Gesture, GestureBudget, GrantStatus
from cxladder.errors import InvalidInput, NotFound
from cxladder.store.repo import Store
from test_actions_support import START, Clock, add_customers, desk, fresh_store, setup_org


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = fresh_store(database_url)
    setup_org(store)
    add_customers(store, "anna", "bram")
    yield store
    store.dispose()


def test_budget_limit_and_approval(store: Store) -> None:
    clock = Clock(START)
    actions = desk(store, clock)
    actions.set_budget(GestureBudget("host", monthly_budget=50, approval_limit=10))
    dessert = actions.offer_gesture("anna", "free-dessert", staff="Sanne", role="host")
    assert dessert.status == GrantStatus.GIVEN and dessert.cost == 7.5
    upgrade = actions.offer_gesture(
        "anna", "upgrade", staff="Sanne", role="host", reason="table next to the kitchen door"
    )
    assert upgrade.status == GrantStatus.PENDING and "above the host limit" in upgrade.reason

    with pytest.raises(InvalidInput, match="person who asked"):
        actions.approve(upgrade.id, approver="Sanne", role="manager")
    with pytest.raises(InvalidInput, match="cannot approve"):
        actions.approve(upgrade.id, approver="Tom", role="host")
    approved = actions.approve(upgrade.id, approver="Mira", role="manager")
    assert approved.status == GrantStatus.GIVEN and approved.decided_by == "Mira"
    with pytest.raises(InvalidInput, match="not pending"):
        actions.reject(upgrade.id, approver="Mira")

    # 7.5 + 25 spent: two more desserts fit in 50, the third would exceed the month's budget
    for _ in range(2):
        assert actions.offer_gesture("bram", "free-dessert", staff="Tom", role="host").status == (
            GrantStatus.GIVEN
        )
    over = actions.offer_gesture("bram", "free-dessert", staff="Tom", role="host")
    assert over.status == GrantStatus.PENDING and "budget of 50.00" in over.reason
    rejected = actions.reject(over.id, approver="Mira")
    assert rejected.status == GrantStatus.REJECTED

    clock.now = START.replace(month=START.month + 1, day=1)  # a new month, a fresh budget
    assert actions.offer_gesture("bram", "free-dessert", staff="Tom", role="host").status == (
        GrantStatus.GIVEN
    )


def test_spend_report_per_gesture_and_role(store: Store) -> None:
    clock = Clock(START)
    actions = desk(store, clock)
    actions.set_catalogue(
        [Gesture("coffee", "Coffee on the house", 3.0), Gesture("upgrade", "Upgrade", 40.0)]
    )
    actions.set_budget(GestureBudget("host", 100, 20))
    actions.set_budget(GestureBudget("manager", 1000, 500))
    actions.offer_gesture("anna", "coffee", staff="Sanne", role="host")
    actions.offer_gesture("bram", "coffee", staff="Sanne", role="host")
    actions.offer_gesture("bram", "upgrade", staff="Sanne", role="host")
    actions.offer_gesture("anna", "upgrade", staff="Mira", role="manager")
    clock.advance(minutes=5)
    report = actions.spend()
    by_gesture = {g.gesture: g for g in report.by_gesture}
    assert by_gesture["coffee"].given == 2 and by_gesture["coffee"].spent == 6.0
    assert by_gesture["upgrade"].given == 1 and by_gesture["upgrade"].pending == 1
    assert report.total == 46.0
    roles = {r.role: r for r in report.by_role}
    assert roles["host"].spent_this_month == 46.0  # pending money is reserved
    assert roles["host"].remaining == 54.0 and roles["manager"].spent_this_month == 40.0
    assert [g.customer_id for g in report.pending] == ["bram"]


def test_unknown_gesture_role_and_negative_amounts_are_refused(store: Store) -> None:
    actions = desk(store)
    with pytest.raises(NotFound, match="known: personal-call"):
        actions.offer_gesture("anna", "helicopter", staff="Sanne", role="host")
    with pytest.raises(InvalidInput, match="no gesture budget"):
        actions.offer_gesture("anna", "free-dessert", staff="Sanne", role="intern")
    with pytest.raises(InvalidInput, match="negative"):
        actions.set_budget(GestureBudget("host", -1, 10))
    with pytest.raises(InvalidInput, match="negative"):
        actions.set_catalogue([Gesture("refund", "Refund", -5)])


def test_deviation_from_the_standard_path_needs_a_reason(store: Store) -> None:
    clock = Clock(START)
    actions = desk(store, clock)
    with pytest.raises(InvalidInput, match="reason"):
        actions.log_deviation(
            staff="Sanne",
            role="host",
            standard_path="receipt required",
            action="replaced the watch",
            reason="  ",
        )
    clock.advance(hours=1)
    logged = actions.log_deviation(
        staff="Sanne",
        role="host",
        customer_id="anna",
        touchpoint="dinner",
        standard_path="replacement only with a receipt",
        action="replaced the watch",
        reason="regular customer, the strap broke at our table",
    )
    assert logged.id > 0 and logged.at == START + timedelta(hours=1)
    assert actions.deviations() == [logged]
    assert actions.spend().deviations == 1
