"""`cxladder journeys ...`: each command opens the store, asks `Journeys` one question, prints.

Mounted by the main CLI as `cxladder journeys`; errors a user can fix (an unknown organisation,
touchpoint or engine) end in one line and exit code 2, like every other command.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from cxladder.app import Cxladder
from cxladder.commandline import CommandGroup, DbOption, OrgOption
from cxladder.journeys.analysis import Journeys
from cxladder.journeys.drawing import draw_journey_map
from cxladder.settings import Settings

__all__ = ["journeys_app"]

console = Console(width=160)


journeys_app = typer.Typer(
    cls=CommandGroup,
    help="Journey maps, variants, pain and wow moments, funnels, outcomes, segments, drift.",
    no_args_is_help=True,
)

EngineOption = Annotated[
    str, typer.Option("--engine", help="Where the measures run: duckdb, postgres or spark.")
]
SparkOption = Annotated[
    str | None,
    typer.Option("--spark-master", help="Spark master URL (local[4], spark://host:7077, yarn)."),
]
SegmentOption = Annotated[
    int | None, typer.Option("--segment", help="Only the journeys of this segment number.")
]
ChannelOption = Annotated[
    str | None, typer.Option("--channel", help="Only the experiences in this channel.")
]
TopOption = Annotated[int, typer.Option("--top", min=1, help="Rows to show.")]


@contextmanager
def _journeys(
    db: str | None, org: str | None, engine: str, spark_master: str | None
) -> Iterator[tuple[Journeys, str]]:
    settings = Settings(database_url=db) if db else Settings()
    with Cxladder(settings) as cx:
        key = cx.organization(org).key
        journeys = Journeys(cx.store, engine=engine, spark_master=spark_master)
        try:
            yield journeys, key
        finally:
            journeys.close()


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return "–" if pd.isna(value) else f"{value:,.2f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    return "–" if value is None or value is pd.NA else f"{value}"


def _print(frame: pd.DataFrame, title: str, columns: Sequence[str] | None = None) -> None:
    shown = frame[list(columns)] if columns else frame
    table = Table(title=title, title_justify="left")
    for name in shown.columns:
        numeric = pd.api.types.is_numeric_dtype(shown[name]) and shown[name].dtype != bool
        table.add_column(str(name), justify="right" if numeric else "left")
    for row in shown.itertuples(index=False):
        table.add_row(*(_cell(value) for value in row))
    console.print(table)


@journeys_app.command("map")
def map_(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    segment: SegmentOption = None,
    channel: ChannelOption = None,
    svg: Annotated[Path | None, typer.Option(help="Also draw the map to this SVG file.")] = None,
    top: TopOption = 15,
) -> None:
    """Touchpoints with their ladder, the busiest steps, where journeys start and end."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.journey_map(key, segment=segment, channel=channel)
    _print(found.nodes, f"{key}: touchpoints")
    busiest = found.edges.sort_values("count", ascending=False).head(top)
    _print(busiest, f"{key}: busiest steps")
    _print(found.entries.head(top), f"{key}: where journeys start")
    _print(found.exits.head(top), f"{key}: where journeys end")
    if svg is not None:
        picture = draw_journey_map(
            found.nodes, found.edges, entries=found.entries, exits=found.exits
        )
        svg.write_text(picture, encoding="utf-8")
        console.print(f"Journey map drawn to [bold]{svg}[/]")


@journeys_app.command()
def variants(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    segment: SegmentOption = None,
    channel: ChannelOption = None,
    top: TopOption = 15,
) -> None:
    """The paths customers take, most taken first, with their share and mean level."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.variants(key, segment=segment, channel=channel, top=top)
    _print(found, f"{key}: paths")


@journeys_app.command()
def pain(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    segment: SegmentOption = None,
    top: TopOption = 15,
) -> None:
    """Touchpoints and steps ranked by how much they hurt, worst first."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.pain_moments(key, segment=segment)
    _print(found.head(top), f"{key}: pain moments")


@journeys_app.command()
def wow(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    segment: SegmentOption = None,
    top: TopOption = 15,
) -> None:
    """Where Surprising and Unbelievable concentrate, and how much higher those journeys end."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.wow_moments(key, segment=segment)
    _print(found.head(top), f"{key}: wow moments")


@journeys_app.command()
def funnel(
    steps: Annotated[list[str], typer.Argument(help="Touchpoints in order, e.g. queue checkout.")],
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    segment: SegmentOption = None,
) -> None:
    """How many journeys reach each step in order: conversion, drop-off, time per step."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.funnel(key, steps, segment=segment)
    _print(found, f"{key}: funnel")


@journeys_app.command()
def outcomes(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    segment: SegmentOption = None,
    resamples: Annotated[int, typer.Option(min=10, help="Bootstrap resamples.")] = 200,
    top: TopOption = 15,
) -> None:
    """How journeys end (remembered, final level, NPS, return) and the moments of truth."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.outcomes(key, segment=segment)
        truth = journeys.moments_of_truth(key, segment=segment, resamples=resamples)
    summary = pd.DataFrame(
        {
            "journeys": [len(found)],
            "remembered_level": [found["remembered_level"].mean()],
            "final_level": [found["final_level"].mean()],
            "nps_known": [int(found["nps"].notna().sum())],
            "came_back": [found["came_back"].mean()],
        }
    )
    _print(summary, f"{key}: journey outcomes")
    _print(truth.head(top), f"{key}: moments of truth (effect on the remembered level)")


@journeys_app.command()
def segments(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    groups: Annotated[int, typer.Option(min=1, help="How many segments.")] = 4,
) -> None:
    """Journeys grouped by their shape; see one with `journeys map --segment N`."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.segments(key, groups=groups)
    _print(found, f"{key}: segments")


@journeys_app.command()
def drift(
    db: DbOption = None,
    org: OrgOption = None,
    engine: EngineOption = "duckdb",
    spark_master: SparkOption = None,
    period: Annotated[str, typer.Option(help="week, month, quarter or year.")] = "month",
) -> None:
    """Touchpoints whose Surprising share wears off while what they do stays the same."""
    with _journeys(db, org, engine, spark_master) as (journeys, key):
        found = journeys.drift(key, period=period)
    verdict = found.groupby("touchpoint", as_index=False).first()
    columns = ["touchpoint", "surprising_before", "surprising_after", "facts_change", "drifting"]
    _print(verdict.sort_values("surprising_change")[columns], f"{key}: expectation drift")
