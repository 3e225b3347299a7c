"""Scores and operational facts -> levels, by the documented rules (docs/ladder-rules.md)."""

from __future__ import annotations

from datetime import datetime

import pytest

from cxladder.errors import InvalidInput
from cxladder.ladder.facts import DEFAULT_EXPECTATIONS, expectation_for, fact_level, fact_reasons
from cxladder.ladder.scores import SCORE_CEILING, SCORE_RULES, score_level, score_reason
from cxladder.model import (
    SCORE_RANGES,
    Channel,
    Expectation,
    Experience,
    ServiceLevel,
    Touchpoint,
)

C, B, E, D, S, U = (
    ServiceLevel.CRIMINAL,
    ServiceLevel.BASIC,
    ServiceLevel.EXPECTED,
    ServiceLevel.DESIRED,
    ServiceLevel.SURPRISING,
    ServiceLevel.UNBELIEVABLE,
)


@pytest.mark.parametrize(
    ("scale", "table"),
    [
        ("csat", {1: C, 1.49: C, 1.5: B, 2: B, 3: E, 3.5: D, 4: D, 4.49: D, 4.5: S, 5: S}),
        ("stars", {1: C, 2: B, 2.5: E, 3: E, 4: D, 5: S}),
        ("nps", {0: C, 3: C, 4: B, 6: B, 7: E, 8: E, 9: D, 10: S}),
        ("ces", {1: D, 1.5: E, 2: E, 4: E, 4.5: B, 5: B, 6: B, 6.5: C, 7: C}),
        (
            "grade",
            {
                1: C,
                3: C,
                3.5: B,
                4: B,
                5: B,
                5.49: B,
                5.5: E,
                6: E,
                7: E,
                7.5: D,
                8: D,
                9: S,
                9.5: U,
                10: U,
            },
        ),
    ],
)
def test_each_scale_maps_onto_the_ladder_at_its_boundaries(
    scale: str, table: dict[float, ServiceLevel]
) -> None:
    for value, level in table.items():
        assert score_level(scale, value) == level, f"{scale} {value}"


def test_a_dutch_five_is_basic_as_in_the_seed() -> None:
    assert score_level("grade", 5) == B


def test_every_scale_in_the_model_has_a_rule_covering_its_whole_range() -> None:
    assert set(SCORE_RULES) == set(SCORE_RANGES)
    for scale, (low, high) in SCORE_RANGES.items():
        levels = [score_level(scale, low + (high - low) * i / 20) for i in range(21)]
        assert levels == sorted(levels, reverse=scale == "ces"), scale


@pytest.mark.parametrize(("scale", "value"), [("csat", 0), ("nps", 11), ("grade", float("nan"))])
def test_out_of_range_scores_are_refused_with_the_range(scale: str, value: float) -> None:
    with pytest.raises(InvalidInput, match="out of range"):
        score_level(scale, value)


def test_an_unknown_scale_names_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="csat, stars, nps, ces, grade"):
        score_level("smiley", 3)


def test_a_score_reason_cites_the_score_and_warns_about_the_ceiling() -> None:
    reason = score_reason("nps", 10)
    assert reason.source == "score"
    assert reason.level == S > SCORE_CEILING
    assert reason.evidence == "nps=10"
    assert reason.message == (
        "NPS 10 on 0..10 points to Surprising (a score alone proves Desired at most)"
    )
    assert "at most" not in score_reason("csat", 4).message
    assert score_reason("grade", 5, "nl").message == "Grade 5 op 1..10 wijst op Basaal"


# -- facts ----------------------------------------------------------------------------------


def _experience(**facts: float) -> Experience:
    return Experience("e1", "c1", "table", datetime(2026, 3, 1, 19, 0), facts=facts)


TABLE = Touchpoint(
    "table",
    "At the table",
    Channel.STORE,
    expectations=(
        Expectation("wait_minutes", expected=5, unacceptable=20),
        Expectation("menu_choice", expected=12, unacceptable=4, higher_is_better=True),
    ),
)


@pytest.mark.parametrize(
    ("shortfall", "level"),
    [(0.0, E), (0.2, E), (0.49, E), (0.5, B), (0.99, B), (1.0, C), (3.0, C)],
)
def test_fact_levels_follow_the_shortfall(shortfall: float, level: ServiceLevel) -> None:
    assert fact_level(shortfall) == level


def test_a_long_wait_fails_the_minimum_expectation_with_a_readable_reason() -> None:
    (reason,) = fact_reasons(_experience(wait_minutes=22), TABLE)
    assert reason.level == C
    assert reason.source == "fact"
    assert reason.evidence == "wait_minutes=22"
    assert reason.message == (
        "Waited 22 min where 5 is expected (unacceptable at 20): minimum expectation failed"
    )


@pytest.mark.parametrize(
    ("minutes", "level"), [(0, E), (5, E), (10, E), (12.5, B), (19, B), (20, C), (60, C)]
)
def test_waits_against_the_touchpoint_expectation(minutes: float, level: ServiceLevel) -> None:
    (reason,) = fact_reasons(_experience(wait_minutes=minutes), TABLE)
    assert reason.level == level


def test_a_higher_is_better_fact_fails_when_low() -> None:
    (low,) = fact_reasons(_experience(menu_choice=3), TABLE)
    (high,) = fact_reasons(_experience(menu_choice=15), TABLE)
    assert (low.level, high.level) == (C, E)
    assert "at least 12" in low.message


def test_the_touchpoint_expectation_wins_over_the_default() -> None:
    strict = Touchpoint(
        "desk", "Desk", Channel.ON_SITE, expectations=(Expectation("wait_minutes", 1, 4),)
    )
    assert expectation_for("wait_minutes", strict) == Expectation("wait_minutes", 1, 4)
    assert expectation_for("wait_minutes", None) == DEFAULT_EXPECTATIONS["wait_minutes"]
    (reason,) = fact_reasons(_experience(wait_minutes=6), strict)
    assert reason.level == C


def test_defaults_apply_when_the_touchpoint_is_silent() -> None:
    reasons = fact_reasons(_experience(hold_minutes=12, transfers=1), None)
    assert [r.level for r in reasons] == [C, E]
    assert reasons[0].message.startswith("On hold 12 min where 2 is expected")


def test_facts_without_any_expectation_are_left_out() -> None:
    assert fact_reasons(_experience(napkins=3), TABLE) == []


def test_a_fact_that_is_not_a_number_is_refused_naming_the_experience() -> None:
    with pytest.raises(InvalidInput, match="experience e1: fact 'wait_minutes' is nan"):
        fact_reasons(_experience(wait_minutes=float("nan")), TABLE)


def test_fact_reasons_speak_dutch() -> None:
    (reason,) = fact_reasons(_experience(wait_minutes=22), TABLE, "nl")
    assert reason.message == (
        "22 min gewacht waar 5 verwacht wordt (onacceptabel bij 20): minimale verwachting "
        "niet gehaald"
    )
