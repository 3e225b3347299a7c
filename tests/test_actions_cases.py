"""Closed-loop cases on SQLite and PostgreSQL: open, dedupe, SLA, workflow, follow-up, recovery."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from cxladder.actions.cases import CaseRules, NeedBy
from cxladder.actions.records import CaseStatus
from cxladder.errors import InvalidInput
from cxladder.model import Consent, ServiceLevel
from cxladder.store.repo import Store
from test_actions_support import (
    START,
    Clock,
    Visit,
    add_customers,
    add_visits,
    desk,
    fresh_store,
    setup_org,
)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = fresh_store(database_url)
    yield store
    store.dispose()


def _bad_evening(store: Store) -> None:
    setup_org(store)
    add_customers(store, "anna", "bram")
    add_customers(store, "cees", consent=Consent(contact=False))
    add_visits(
        store,
        [
            Visit("e1", "anna", "queue", START, 1),
            Visit("e2", "anna", "queue", START + timedelta(days=3), 2),  # same need: no new case
            Visit("e3", "anna", "dinner", START, 2),  # another need: its own case
            Visit("e4", "bram", "queue", START, 3),  # Expected: no case
            Visit("e5", "cees", "reservation", START, 1),
            Visit("e6", "bram", "greeting", START, 5),
        ],
    )


def test_cases_open_once_per_customer_need_with_owner_and_sla(store: Store) -> None:
    _bad_evening(store)
    clock = Clock(START + timedelta(days=4))
    actions = desk(store, clock)
    opened = actions.open_cases()
    by_need = {(c.customer_id, c.need): c for c in opened}
    assert set(by_need) == {("anna", "queue"), ("anna", "dinner"), ("cees", "reservation")}
    queue = by_need[("anna", "queue")]
    assert queue.level == ServiceLevel.CRIMINAL and len(queue.experience_ids) == 2
    assert queue.owner == "floor" and by_need[("cees", "reservation")].owner == "host-desk"
    assert queue.due_at - queue.opened_at == timedelta(hours=4)
    assert by_need[("anna", "dinner")].due_at - clock.now == timedelta(hours=48)
    assert actions.open_cases() == []  # idempotent: every moment is already in a case

    add_visits(store, [Visit("e7", "anna", "queue", clock.now, 1)])
    assert actions.open_cases() == []  # joins the open queue case
    assert len(actions.case(queue.id).experience_ids) == 3


def test_sla_breach_shows_after_due_time(store: Store) -> None:
    _bad_evening(store)
    clock = Clock(START + timedelta(days=4))
    actions = desk(store, clock)
    actions.open_cases()
    assert actions.cases(breached_only=True) == []
    clock.advance(hours=5)
    breached = actions.cases(breached_only=True)
    assert {(c.customer_id, c.need) for c in breached} == {
        ("anna", "queue"),
        ("cees", "reservation"),
    }
    clock.advance(hours=48)
    assert len(actions.cases(breached_only=True)) == 3


def test_workflow_notes_close_follow_up_and_recovery(store: Store) -> None:
    _bad_evening(store)
    clock = Clock(START + timedelta(days=4))
    actions = desk(store, clock)
    cases = {c.customer_id + "/" + c.need: c for c in actions.open_cases()}
    queue, reservation = cases["anna/queue"], cases["cees/reservation"]

    actions.assign(queue.id, "Sanne")
    actions.start(queue.id)
    actions.note(queue.id, "Called Anna, offered a table by the window", author="Sanne")
    with pytest.raises(InvalidInput, match="cannot become open|allowed next"):
        actions._move(queue.id, CaseStatus.OPEN, "", None)
    with pytest.raises(InvalidInput, match="no resolution"):
        actions.close(queue.id)
    clock.advance(hours=2)
    closed = actions.close(queue.id, resolution="Greeter at the gate from now on")
    assert closed.status == CaseStatus.CLOSED and closed.owner == "Sanne"
    assert "Hoe kijkt u er nu op terug" in closed.follow_up_question
    assert [n.author for n in closed.notes].count("Sanne") == 1
    assert not closed.breached(clock.now + timedelta(days=30))  # closed within its 4 hours

    no_contact = actions.close(reservation.id, resolution="Apology and a new booking")
    assert no_contact.follow_up_question == "" and no_contact.follow_up_sent_at is None
    with pytest.raises(InvalidInput, match="no follow-up question"):
        actions.record_follow_up(reservation.id, 4)
    with pytest.raises(InvalidInput, match="cannot become"):
        actions.start(queue.id)

    actions.record_follow_up(queue.id, "Surprising")
    add_visits(store, [Visit("e8", "anna", "dinner", clock.now + timedelta(days=9), 5)])
    recovery = actions.recovery()
    assert (recovery.opened, recovery.closed, recovery.answered, recovery.recovered) == (3, 2, 1, 1)
    assert recovery.recovery_rate == 1.0
    assert recovery.mean_level_before == 1 and recovery.mean_level_after == 5
    assert recovery.came_back == 1 and recovery.mean_level_on_return == 5
    assert recovery.return_rate == 0.5


def test_rules_choose_levels_sla_and_need_by_stage(store: Store) -> None:
    _bad_evening(store)
    rules = CaseRules(
        levels=frozenset({ServiceLevel.CRIMINAL}),
        sla={ServiceLevel.CRIMINAL: timedelta(hours=1)},
        need_by=NeedBy.STAGE,
    )
    opened = desk(store).open_cases(rules=rules)
    assert {(c.customer_id, c.need) for c in opened} == {("anna", "arrival"), ("cees", "before")}
    assert all(c.due_at - c.opened_at == timedelta(hours=1) for c in opened)
    with pytest.raises(InvalidInput, match="no SLA"):
        CaseRules(levels=frozenset({ServiceLevel.EXPECTED}), sla={})
