"""The report's journey sections: a drawn map, ranked pain and wow moments, common paths."""

from __future__ import annotations

from pathlib import Path

from cxladder.journeys.sections import journey_sections
from cxladder.journeys.synthetic import store_log, synthetic_log
from cxladder.report.html import ReportInput
from cxladder.store.repo import Store


def _input(tmp_path: Path, events: int) -> ReportInput:
    store = Store(f"sqlite:///{tmp_path / 'cx.db'}")
    store.upgrade()
    if events:
        store_log(store, synthetic_log(events, seed=4), organization="shop")
    else:
        store_log(store, synthetic_log(10, seed=4).head(0), organization="shop")
    report_input = ReportInput(
        organization=store.organization("shop"),
        touchpoints=store.touchpoints("shop"),
        experiences=store.assessed_frame("shop"),
    )
    store.dispose()
    return report_input


def test_sections_hold_a_drawn_map_and_ranked_moments(tmp_path: Path) -> None:
    sections = journey_sections(_input(tmp_path, 1_500), language="nl")
    titles = [s.title for s in sections]
    assert titles == ["Klantreiskaart", "Pijnpunten", "Wow-momenten", "Routes die klanten nemen"]
    assert "<svg" in sections[0].html and "queue" in sections[0].html
    assert sections[1].html.count("<tr>") == 6  # header and the five worst
    assert "anniversary-surprise" in sections[2].html


def test_no_experiences_means_no_sections(tmp_path: Path) -> None:
    assert journey_sections(_input(tmp_path, 0)) == []
