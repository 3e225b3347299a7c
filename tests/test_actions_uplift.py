"""Uplift against a random hold-out: recovers a known effect, does not invent one."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from cxladder.actions.records import GestureBudget, GrantStatus
from cxladder.actions.uplift import draw_holdout, estimate_uplift
from cxladder.errors import InvalidInput
from test_actions_support import START, Clock, Visit, add_customers, add_visits, desk, fresh_store
from test_actions_support import setup_org as _setup_org


def test_interval_covers_the_true_effect_about_95_percent_of_the_time() -> None:
    rng = random.Random(2026)
    covered = 0
    for _ in range(400):
        treated = [rng.gauss(3.6, 1.0) for _ in range(60)]
        held = [rng.gauss(3.0, 1.4) for _ in range(40)]
        uplift = estimate_uplift(treated, held)
        covered += uplift.low <= 0.6 <= uplift.high
    assert 0.92 <= covered / 400 <= 0.98


def test_zero_effect_is_rarely_declared_significant() -> None:
    rng = random.Random(7)
    significant = sum(
        estimate_uplift(
            [rng.gauss(3, 1) for _ in range(80)], [rng.gauss(3, 1) for _ in range(80)]
        ).significant
        for _ in range(400)
    )
    assert significant / 400 <= 0.08


def test_too_few_outcomes_and_bad_shares_are_clear_errors() -> None:
    with pytest.raises(InvalidInput, match="at least two"):
        estimate_uplift([4.0], [3.0, 2.0])
    with pytest.raises(InvalidInput, match="hold-out share"):
        draw_holdout(random.Random(1), 1.0)


def _trial(tmp_path: Path, effect: int, seed: int) -> list:  # type: ignore[type-arg]
    """200 customers, half held out at random; the gesture adds `effect` levels next visit."""
    store = fresh_store(f"sqlite:///{tmp_path / f'trial-{effect}.db'}")
    _setup_org(store)
    ids = [f"c{i:03d}" for i in range(200)]
    add_customers(store, *ids)
    clock = Clock(START)
    actions = desk(store, clock, seed=seed)
    actions.set_budget(GestureBudget("host", monthly_budget=1e6, approval_limit=100))
    base = random.Random(seed + 1)
    visits = []
    for cid in ids:
        grant = actions.offer_gesture(cid, "upgrade", staff="Sanne", role="host", holdout=0.5)
        level = base.choice((2, 3, 4)) + (effect if grant.status == GrantStatus.GIVEN else 0)
        visits.append(Visit(f"{cid}-next", cid, "dinner", START + timedelta(days=10), level))
        clock.advance(minutes=1)
    add_visits(store, visits)
    effects = actions.gesture_effects()
    store.dispose()
    return effects


def test_the_desk_recovers_a_known_effect_from_generated_visits(tmp_path: Path) -> None:
    (effect,) = _trial(tmp_path, effect=1, seed=11)
    assert effect.gesture == "upgrade" and effect.level is not None
    assert effect.level.treated_n + effect.level.holdout_n == 200
    assert 70 < effect.level.holdout_n < 130  # about half held out, at random
    assert effect.level.low <= 1.0 <= effect.level.high
    assert effect.level.significant
    assert effect.came_back is not None and effect.came_back.effect == 0  # all came back


def test_the_desk_does_not_declare_a_zero_effect(tmp_path: Path) -> None:
    (effect,) = _trial(tmp_path, effect=0, seed=11)
    assert effect.level is not None
    assert effect.level.low <= 0.0 <= effect.level.high
    assert not effect.level.significant
