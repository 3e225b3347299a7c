"""The report's journey sections: the drawn journey map, pain and wow moments, common paths.

They work from what the report already holds (the organisation, its touchpoints, the assessed
experiences), so the report needs no second trip to the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

import pandas as pd

from cxladder.journeys.analysis import JourneyMap, complaint_touchpoints, journey_map_of_log
from cxladder.journeys.drawing import draw_journey_map
from cxladder.journeys.engines import DuckDBEngine
from cxladder.journeys.events import JourneyLog
from cxladder.journeys.kernel import directly_follows, touchpoint_ladder, variants
from cxladder.journeys.measures import rework, touchpoint_consequences
from cxladder.journeys.pain import pain_moments, wow_moments
from cxladder.report.html import ReportInput, ReportSection

__all__ = ["journey_sections"]

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "map": "Journey map",
        "map_note": "Touchpoints coloured by their mean level; {journeys} journeys, "
        "{events} experiences.",
        "pain": "Pain moments",
        "pain_note": "Where customers land below the level promised, weighed by how many, how "
        "far below, and what follows.",
        "wow": "Wow moments",
        "wow_note": "Where Surprising and Unbelievable concentrate, and how much higher those "
        "journeys end.",
        "paths": "Paths customers take",
        "moment": "Moment",
        "journeys_below": "Journeys below target",
        "gap": "Levels below",
        "wait": "Wait (min)",
        "impact": "Impact",
        "touchpoint": "Touchpoint",
        "wow_share": "Surprising or better",
        "uplift": "Uplift on final level",
        "path": "Path",
        "journeys": "Journeys",
        "share": "Share",
        "level": "Mean level",
        "none": "None found.",
    },
    "nl": {
        "map": "Klantreiskaart",
        "map_note": "Contactmomenten gekleurd naar hun gemiddelde niveau; {journeys} "
        "klantreizen, {events} ervaringen.",
        "pain": "Pijnpunten",
        "pain_note": "Waar klanten onder het beloofde niveau uitkomen, gewogen naar hoeveel, "
        "hoe ver eronder en wat er daarna gebeurt.",
        "wow": "Wow-momenten",
        "wow_note": "Waar Verrassend en Ongelooflijk samenkomen, en hoeveel hoger die reizen "
        "eindigen.",
        "paths": "Routes die klanten nemen",
        "moment": "Moment",
        "journeys_below": "Reizen onder doel",
        "gap": "Niveaus eronder",
        "wait": "Wachten (min)",
        "impact": "Impact",
        "touchpoint": "Contactmoment",
        "wow_share": "Verrassend of beter",
        "uplift": "Effect op eindniveau",
        "path": "Route",
        "journeys": "Reizen",
        "share": "Aandeel",
        "level": "Gem. niveau",
        "none": "Niets gevonden.",
    },
}

_Format = Callable[[object], str]


def _number(decimals: int) -> _Format:
    def format_number(value: object) -> str:
        if value is None or pd.isna(value):  # type: ignore[call-overload]
            return "–"
        return f"{float(value):,.{decimals}f}"  # type: ignore[arg-type]

    return format_number


def _percent(value: object) -> str:
    return "–" if value is None or pd.isna(value) else f"{float(value):.0%}"  # type: ignore


def _table(frame: pd.DataFrame, columns: Mapping[str, tuple[str, _Format]], empty: str) -> str:
    if frame.empty:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f"<th>{escape(label)}</th>" for label, _ in columns.values())
    rows = [
        "<tr>"
        + "".join(f"<td>{escape(fmt(row[name]))}</td>" for name, (_, fmt) in columns.items())
        + "</tr>"
        for _, row in frame.iterrows()
    ]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _targets(report_input: ReportInput) -> tuple[dict[str, int], int]:
    brand = report_input.organization.brand
    levels = {key: int(tp.target_level) for key, tp in report_input.touchpoints.items()}
    levels.update({key: int(level) for key, level in brand.targets.items()})
    return levels, int(brand.default_target)


def _map_section(
    journey_map: JourneyMap, log: JourneyLog, words: Mapping[str, str], language: str
) -> ReportSection:
    svg = draw_journey_map(
        journey_map.nodes,
        journey_map.edges,
        entries=journey_map.entries,
        exits=journey_map.exits,
        language=language,
    )
    journeys = int(journey_map.entries["journeys"].sum())
    note = words["map_note"].format(journeys=f"{journeys:,}", events=f"{log.events:,}")
    return ReportSection(words["map"], f"<p>{escape(note)}</p>{svg}")


def _moments(
    log: JourneyLog, targets: dict[str, int], default: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    engine = DuckDBEngine()
    try:
        table = engine.log_table(log, "")
        complaints = complaint_touchpoints(log.encoded.touchpoints)
        consequences = engine.execute(touchpoint_consequences(table, targets, default, complaints))
        repeated = engine.execute(rework(table))
    finally:
        engine.close()
    steps = directly_follows(log.encoded, targets, default)
    ladder = touchpoint_ladder(log.encoded, targets, default)
    return pain_moments(consequences, repeated, steps), wow_moments(consequences, ladder)


def journey_sections(
    report_input: ReportInput, *, language: str = "en", top: int = 5
) -> list[ReportSection]:
    """The journey sections of one organisation's report; none when it has no experiences."""
    if report_input.experiences.empty:
        return []
    words = _WORDS.get(language, _WORDS["en"])
    log = JourneyLog.from_assessed_frame(report_input.experiences)
    targets, default = _targets(report_input)
    journey_map = journey_map_of_log(log, targets, default)
    pain, wow = _moments(log, targets, default)
    pain_columns: dict[str, tuple[str, _Format]] = {
        "moment": (words["moment"], str),
        "journeys_below": (words["journeys_below"], _number(0)),
        "mean_gap": (words["gap"], _number(1)),
        "wait_minutes": (words["wait"], _number(0)),
        "impact": (words["impact"], _number(0)),
    }
    wow_columns: dict[str, tuple[str, _Format]] = {
        "touchpoint": (words["touchpoint"], str),
        "wow_share": (words["wow_share"], _percent),
        "uplift": (words["uplift"], _number(2)),
    }
    path_columns: dict[str, tuple[str, _Format]] = {
        "path": (words["path"], str),
        "journeys": (words["journeys"], _number(0)),
        "share": (words["share"], _percent),
        "mean_level": (words["level"], _number(1)),
    }
    paths = variants(log.encoded).sort_values(["journeys", "path"], ascending=[False, True])
    return [
        _map_section(journey_map, log, words, language),
        ReportSection(
            words["pain"],
            f"<p>{escape(words['pain_note'])}</p>"
            + _table(pain.head(top), pain_columns, words["none"]),
        ),
        ReportSection(
            words["wow"],
            f"<p>{escape(words['wow_note'])}</p>"
            + _table(wow.head(top), wow_columns, words["none"]),
        ),
        ReportSection(words["paths"], _table(paths.head(top), path_columns, words["none"])),
    ]
