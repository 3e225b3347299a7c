from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxladder.model import Channel, Expectation, Experience, ServiceLevel


def test_six_levels_in_order_with_both_languages() -> None:
    assert [level.value for level in ServiceLevel] == [1, 2, 3, 4, 5, 6]
    assert ServiceLevel.CRIMINAL.name_en == "Criminal"
    assert ServiceLevel.UNBELIEVABLE.name_nl == "Ongelooflijk"
    for level in ServiceLevel:
        assert level.definition("en") and level.definition("nl")
        assert level.definition("en") != level.definition("nl")
    assert "prosecco" in ServiceLevel.UNBELIEVABLE.definition_en


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, ServiceLevel.CRIMINAL),
        ("5", ServiceLevel.SURPRISING),
        ("gewenst", ServiceLevel.DESIRED),
        ("Expected", ServiceLevel.EXPECTED),
        (6.0, ServiceLevel.UNBELIEVABLE),
    ],
)
def test_level_parse_accepts_numbers_and_names(value: object, level: ServiceLevel) -> None:
    assert ServiceLevel.parse(value) is level


@pytest.mark.parametrize("value", [0, 7, 2.5, "superb", True])
def test_level_parse_rejects_with_the_options(value: object) -> None:
    with pytest.raises(ValueError, match="not a service level"):
        ServiceLevel.parse(value)


def test_channel_parse_knows_dutch_and_common_names() -> None:
    assert Channel.parse("Winkel") is Channel.STORE
    assert Channel.parse("Internet") is Channel.WEB
    assert Channel.parse("on_site") is Channel.ON_SITE
    with pytest.raises(ValueError, match="use one of store, web"):
        Channel.parse("pigeon")


def test_expectation_shortfall_both_directions() -> None:
    wait = Expectation("wait_minutes", expected=5, unacceptable=20)
    assert wait.shortfall(3) == 0
    assert wait.shortfall(20) == 1
    assert wait.shortfall(12.5) == 0.5
    speed = Expectation("download_mbps", expected=100, unacceptable=20, higher_is_better=True)
    assert speed.shortfall(20) == 1
    with pytest.raises(ValueError, match="must be above expected"):
        Expectation("wait_minutes", expected=20, unacceptable=5)


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_shortfall_is_never_negative(value: float) -> None:
    assert Expectation("wait_minutes", 5, 20).shortfall(value) >= 0


def test_experience_rejects_scores_out_of_range() -> None:
    at = datetime(2026, 11, 23, 14, 5)
    with pytest.raises(ValueError, match="grade 11 is out of range 1..10"):
        Experience("e1", "c1", "food", at, grade=11)
    assert Experience("e1", "c1", "food", at, nps=0, csat=5).scores() == {"csat": 5, "nps": 0}
