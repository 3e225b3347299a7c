"""Every journey measure, defined once as an Ibis expression over the journey log.

Each function takes the log as an Ibis table with the columns of `events.LOG_COLUMNS`
(touchpoint as text) and returns an expression; `engines.py` runs it on DuckDB, PostgreSQL
or Spark, unchanged. Event order within a journey is (t, seq): time in whole seconds, then
the store's row, so ties break the same way on every engine.

Quantiles are exact and interpolated (percentile_cont on DuckDB and PostgreSQL, percentile on
Spark) over float seconds, which is what makes the engines agree to the last digit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import ibis
import ibis.expr.types as ir

from cxladder.journeys.events import PATH_SEPARATOR

__all__ = [
    "PATH_SEPARATOR",
    "directly_follows",
    "entries",
    "exits",
    "funnel",
    "journey_outcomes",
    "journey_profile",
    "level_by_period",
    "ordered",
    "rework",
    "target_level",
    "touchpoint_consequences",
    "touchpoint_ladder",
    "touchpoint_levels_per_journey",
    "variants",
]

LEVELS = range(1, 7)


def _order(log: ir.Table) -> list[ir.Column]:
    return [log.t, log.seq]


def ordered(log: ir.Table) -> ir.Table:
    """The log with each event's position, and its neighbours, within its journey."""
    w = ibis.window(group_by=log.journey, order_by=_order(log))
    return log.mutate(
        pos=ibis.row_number().over(w),
        prev_touchpoint=log.touchpoint.lag().over(w),
        prev_t=log.t.lag().over(w),
        next_touchpoint=log.touchpoint.lead().over(w),
    )


def target_level(log: ir.Table, targets: Mapping[str, int], default_target: int) -> ir.IntegerValue:
    """Each event's target level: the touchpoint's own, else the brand's default."""
    cases = [(log.touchpoint == key, level) for key, level in sorted(targets.items())]
    if not cases:
        return ibis.literal(default_target)
    return ibis.cases(*cases, else_=default_target)


def touchpoint_ladder(log: ir.Table, targets: Mapping[str, int], default_target: int) -> ir.Table:
    """Per touchpoint: experiences, journeys, mean level, share per level, below-target share."""
    level = log.level.cast("float64")
    target = target_level(log, targets, default_target)
    counts = {f"level_{k}": log.level.count(where=log.level == k) for k in LEVELS}
    grouped = log.group_by("touchpoint").agg(
        experiences=log.count(),
        journeys=log.journey.nunique(),
        assessed=log.level.count(),
        mean_level=level.mean(),
        target_level=target.max(),
        below_target=log.level.count(where=log.level < target),
        **counts,
    )
    assessed = grouped.assessed.nullif(0).cast("float64")
    shares = {f"share_{k}": grouped[f"level_{k}"].cast("float64") / assessed for k in LEVELS}
    return grouped.mutate(below_target_share=grouped.below_target / assessed, **shares)


def directly_follows(log: ir.Table, targets: Mapping[str, int], default_target: int) -> ir.Table:
    """Each step from one touchpoint to the next: how often, how long, how it lands."""
    steps = ordered(log)
    steps = steps.filter(steps.prev_touchpoint.notnull())
    gap = (steps.t - steps.prev_t).cast("float64")
    target = target_level(steps, targets, default_target)
    grouped = steps.group_by(source=steps.prev_touchpoint, target=steps.touchpoint).agg(
        count=steps.count(),
        median_seconds=gap.quantile(0.5),
        p90_seconds=gap.quantile(0.9),
        assessed=steps.level.count(),
        below_target=steps.level.count(where=steps.level < target),
    )
    return grouped.mutate(
        below_target_share=grouped.below_target / grouped.assessed.nullif(0).cast("float64")
    )


def _terminals(steps: ir.Table) -> ir.Table:
    grouped = steps.group_by("touchpoint").agg(journeys=steps.count())
    return grouped.mutate(
        share=grouped.journeys.cast("float64") / grouped.journeys.sum().over(ibis.window())
    )


def entries(log: ir.Table) -> ir.Table:
    """Where journeys start (anywhere: the store, the web, a partner), with their share."""
    steps = ordered(log)
    return _terminals(steps.filter(steps.pos == 0))


def exits(log: ir.Table) -> ir.Table:
    """Where journeys end, with their share."""
    steps = ordered(log)
    return _terminals(steps.filter(steps.next_touchpoint.isnull()))


def _path(log: ir.Table, ordered_aggregates: bool) -> ir.StringValue:
    """Each journey's touchpoints in order, joined by PATH_SEPARATOR.

    Spark's SQL has no ordered string aggregation (and ibis's struct arrays do not survive
    PostgreSQL), so Spark sorts (t, seq, touchpoint) structs instead: the same order, spelled
    the way that engine can run it.
    """
    if ordered_aggregates:
        return log.touchpoint.group_concat(PATH_SEPARATOR, order_by=_order(log))
    events = ibis.struct({"t": log.t, "seq": log.seq, "touchpoint": log.touchpoint})
    return events.collect().sort().map(lambda event: event.touchpoint).join(PATH_SEPARATOR)


def variants(log: ir.Table, *, ordered_aggregates: bool = True) -> ir.Table:
    """Distinct paths, with how many journeys took each, their share and mean level."""
    per_journey = log.group_by("journey").agg(
        path=_path(log, ordered_aggregates),
        events=log.count(),
        level_sum=log.level.cast("int64").sum(),
        level_n=log.level.count(),
    )
    grouped = per_journey.group_by("path").agg(
        journeys=per_journey.count(),
        events=per_journey.events.max(),
        level_sum=per_journey.level_sum.sum(),
        level_n=per_journey.level_n.sum(),
    )
    return grouped.mutate(
        share=grouped.journeys.cast("float64") / grouped.journeys.sum().over(ibis.window()),
        mean_level=grouped.level_sum.cast("float64") / grouped.level_n.nullif(0),
    ).drop("level_sum", "level_n")


def rework(log: ir.Table) -> ir.Table:
    """Repeated contacts at the same touchpoint within one journey: effort the customer spends."""
    visits = log.group_by("journey", "touchpoint").agg(visits=log.count())
    grouped = visits.group_by("touchpoint").agg(
        journeys=visits.count(),
        rework_journeys=visits.count(where=visits.visits > 1),
        extra_contacts=(visits.visits - 1).sum(),
        most_visits=visits.visits.max(),
    )
    return grouped.mutate(rework_share=grouped.rework_journeys.cast("float64") / grouped.journeys)


def funnel(log: ir.Table, steps: Sequence[str]) -> ir.Table:
    """Journeys that reach each step in order (any events in between), and when."""
    reached = log.filter(log.touchpoint == steps[0])
    current = reached.group_by("journey").agg(t=reached.t.min())
    tables = [current.mutate(step=0, gap=ibis.null("float64"))]
    for number, touchpoint in enumerate(steps[1:], start=1):
        later = log.filter(log.touchpoint == touchpoint)
        joined = later.join(current, later.journey == current.journey).filter(later.t >= current.t)
        nxt = joined.group_by(journey=later.journey).agg(t=later.t.min(), prev=current.t.max())
        current = nxt.select("journey", "t")
        tables.append(
            nxt.select(
                "journey", "t", step=ibis.literal(number), gap=(nxt.t - nxt.prev).cast("float64")
            )
        )
    union = ibis.union(*tables)
    return union.group_by("step").agg(
        journeys=union.count(),
        median_seconds=union.gap.quantile(0.5),
        p90_seconds=union.gap.quantile(0.9),
    )


def _last_known(log: ir.Table, column: str) -> ir.Table:
    known = log.filter(log[column].notnull())
    w = ibis.window(group_by=known.journey, order_by=[known.t.desc(), known.seq.desc()])
    ranked = known.mutate(rank=ibis.row_number().over(w))
    return ranked.filter(ranked.rank == 0).select("journey", **{f"last_{column}": column})


def journey_outcomes(log: ir.Table) -> ir.Table:
    """Per journey: start, end, peak and lowest level, end level, last NPS, whether they came back.

    'End level' is the last assessed experience; 'came back' is a later journey of the same
    customer.
    """
    per_journey = log.group_by("journey").agg(
        customer=log.customer.max(),
        start_t=log.t.min(),
        end_t=log.t.max(),
        events=log.count(),
        assessed=log.level.count(),
        peak_level=log.level.max(),
        lowest_level=log.level.min(),
        mean_level=log.level.cast("float64").mean(),
        wait_minutes=log.wait_minutes.sum(),
        ces=log.ces.mean(),
    )
    w = ibis.window(
        group_by=per_journey.customer, order_by=[per_journey.start_t, per_journey.journey]
    )
    per_journey = per_journey.mutate(came_back=per_journey.start_t.lead().over(w).notnull())
    ends = _last_known(log, "level")
    nps = _last_known(log, "nps")
    joined = per_journey.left_join(ends, "journey").drop("journey_right")
    return joined.left_join(nps, "journey").drop("journey_right")


def touchpoint_levels_per_journey(log: ir.Table) -> ir.Table:
    """The mean level each journey met at each touchpoint (the inputs of moments of truth)."""
    assessed = log.filter(log.level.notnull())
    return assessed.group_by("journey", "touchpoint").agg(
        level=assessed.level.cast("float64").mean()
    )


def journey_profile(log: ir.Table, channels: Sequence[str]) -> ir.Table:
    """The shape of each journey: length, span, waiting, start time and channel mix."""
    shares = {
        f"channel_{name.replace('-', '_')}": log.count(where=log.channel == name).cast("float64")
        / log.count()
        for name in channels
    }
    profile = log.group_by("journey").agg(
        events=log.count(),
        touchpoints=log.touchpoint.nunique(),
        span_hours=(log.t.max() - log.t.min()).cast("float64") / 3600.0,
        wait_minutes=log.wait_minutes.sum(),
        start_t=log.t.min(),
        **shares,
    )
    # Days after the first journey began: the launch-night queuer versus the latecomer.
    first = profile.start_t.min().over(ibis.window())
    return profile.mutate(start_days=(profile.start_t - first).cast("float64") / 86400.0).drop(
        "start_t"
    )


def _share(condition: ir.BooleanValue) -> ir.FloatingValue:
    # PostgreSQL will not cast a boolean to a float; a CASE works on every engine.
    return ibis.ifelse(condition, 1.0, 0.0)


def touchpoint_consequences(
    log: ir.Table,
    targets: Mapping[str, int],
    default_target: int,
    complaint_touchpoints: Sequence[str],
) -> ir.Table:
    """What follows an experience below target: the customer leaves, complains, ends lower."""
    steps = ordered(log)
    target = target_level(steps, targets, default_target)
    ends = _last_known(log, "level")
    steps = steps.mutate(
        below=steps.level < target, gap=(target - steps.level).cast("float64")
    ).left_join(ends, "journey")
    below = steps.below.fill_null(False)
    complained = steps.next_touchpoint.isin(list(complaint_touchpoints) or [""])
    final = steps.last_level.cast("float64")
    return steps.group_by("touchpoint").agg(
        journeys=steps.journey.nunique(),
        journeys_below=steps.journey.nunique(where=below),
        mean_gap=steps.gap.mean(where=below),
        wait_below=steps.wait_minutes.mean(where=below),
        wait_all=steps.wait_minutes.mean(),
        ces_below=steps.ces.mean(where=below),
        dropoff_below=_share(steps.next_touchpoint.isnull()).mean(where=below),
        complaint_below=_share(complained.fill_null(False)).mean(where=below),
        final_below=final.mean(where=below),
        final_other=final.mean(where=~below),
        wow=steps.journey.nunique(where=steps.level >= 5),
        final_wow=final.mean(where=steps.level >= 5),
        final_not_wow=final.mean(where=steps.level < 5),
    )


def level_by_period(log: ir.Table, unit: str) -> ir.Table:
    """Per touchpoint and period (month, week, quarter...): level shares and operational facts."""
    periods = log.mutate(period=log.at.truncate(unit))
    counts = {f"level_{k}": periods.level.count(where=periods.level == k) for k in LEVELS}
    grouped = periods.group_by("touchpoint", "period").agg(
        experiences=periods.count(),
        assessed=periods.level.count(),
        wait_minutes=periods.wait_minutes.mean(),
        ces=periods.ces.mean(),
        **counts,
    )
    assessed = grouped.assessed.nullif(0).cast("float64")
    return grouped.mutate(
        surprising_share=(grouped.level_5 + grouped.level_6).cast("float64") / assessed,
        **{f"share_{k}": grouped[f"level_{k}"].cast("float64") / assessed for k in LEVELS},
    )
