"""Know the customer: occasions in Dutch and English, milestones, history, audited profiles."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cxladder.actions.profiles import detect_occasions, merge_occasions, visit_milestones
from cxladder.model import Occasion
from test_actions_support import START, Clock, Visit, add_customers, add_visits, desk, fresh_store
from test_actions_support import setup_org as _setup_org


@pytest.mark.parametrize(
    ("text", "kind", "count"),
    [
        ("We zijn vandaag 25 jaar getrouwd en niemand wist het", "anniversary", 25),
        ("Voor ons 40-jarig huwelijksjubileum geboekt", "anniversary", 40),
        ("Het was onze trouwdag, de ober feliciteerde ons", "anniversary", None),
        ("It was our anniversary and they brought prosecco", "anniversary", None),
        ("Celebrating our 10th wedding anniversary", "anniversary", 10),
        ("married for 25 years today!", "anniversary", 25),
        ("Mijn moeder werd 70 jaar, de taart was perfect", "birthday", 70),
        ("Ik ben jarig en kreeg een toetje", "birthday", None),
        ("Booked for my 40th birthday", "birthday", 40),
        ("My daughter turns 18 tomorrow", "birthday", 18),
        ("Dit was ons 25ste bezoek", "visit", 25),
        ("our 100th visit, still great", "visit", 100),
        ("De eerste keer hier, meteen raak", "first-visit", None),
        ("First time at this place", "first-visit", None),
        ("Hij deed hier zijn aanzoek", "engagement", None),
        ("Dinner after my graduation", "graduation", None),
    ],
)
def test_occasions_found_in_dutch_and_english(text: str, kind: str, count: int | None) -> None:
    found = {f.kind: f for f in detect_occasions(text)}
    assert kind in found, text
    assert found[kind].count == count


@pytest.mark.parametrize(
    "text",
    [
        "Het eten was vet en de ober chagrijnig",
        "Not our anniversary, just a quick bite",
        "Geen verjaardag, gewoon zin in pizza",
        "The food turned up 20 minutes late",
        "Twee jaar geleden was het beter",
        "Het 12,5 jaar oude pand is mooi",
    ],
)
def test_no_occasion_where_there_is_none(text: str) -> None:
    assert detect_occasions(text) == []


def test_found_occasions_become_dated_yearly_occasions() -> None:
    (found,) = detect_occasions("25 jaar getrouwd vandaag")
    occasion = found.occasion(date(2026, 3, 2))
    assert occasion == Occasion("anniversary", date(2026, 3, 2), "25: 25 jaar getrouwd")
    (visit,) = detect_occasions("our 25th visit")
    assert visit.occasion(date(2026, 3, 2)).on is None
    merged = merge_occasions([occasion], [occasion, Occasion("birthday")])
    assert [o.kind for o in merged] == ["anniversary", "birthday"]


def test_visit_milestones() -> None:
    assert visit_milestones(0) == Occasion("first-visit", None, "first visit")
    assert visit_milestones(24) is not None and visit_milestones(24).kind == "visit"  # type: ignore[union-attr]
    assert visit_milestones(5) is None


def test_profile_history_and_audit(tmp_path: Path) -> None:
    store = fresh_store(f"sqlite:///{tmp_path / 'p.db'}")
    _setup_org(store)
    add_customers(store, "anna")
    add_visits(
        store,
        [
            Visit(
                f"a{i}",
                "anna",
                "queue" if i % 3 == 0 else "dinner",
                START + timedelta(days=7 * i),
                1 if i % 3 == 0 else 5,
            )
            for i in range(24)
        ],
    )
    clock = Clock(START + timedelta(days=200))
    actions = desk(store, clock)
    actions.set_preferences("anna", {"table": "by the window"}, actor="Sanne")
    profile = actions.profile("anna", actor="Sanne")
    assert profile.history.visits == 24 and profile.history.worst_touchpoint == "queue"
    assert profile.history.first_visit == START
    assert "24 experiences" in profile.history.describe()
    assert profile.preferences["table"] == "by the window"
    assert profile.next_milestone is not None and profile.next_milestone.note.startswith("25")
    trail = actions.audit_trail("anna")
    assert [(e.actor, e.action) for e in trail] == [("Sanne", "preferences"), ("Sanne", "viewed")]
    store.dispose()
