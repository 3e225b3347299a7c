"""`Journeys`: the journey analytics the CLI, the report and the API call, one method a question.

Every method takes an organisation key and returns pandas DataFrames. The measures are the
Ibis definitions in `measures.py`, run on the chosen engine; on the embedded DuckDB engine the
journey map and variants take the NumPy kernel over the encoded log instead (tested equal).

The journey log is read from the store once and kept (in memory, and as an Arrow file under
`cache_dir` when given) until the store's experiences or assessments change. The facade hands
every `Journeys` it makes one `JourneyLogs`, so pages, API routes and reports share one read.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa

from cxladder.errors import ConfigurationError, InvalidInput, NotFound
from cxladder.journeys import kernel, measures
from cxladder.journeys.drift import DriftRules, flag_drift, period_unit
from cxladder.journeys.engines import ENGINES, Engine, open_engine
from cxladder.journeys.events import JourneyLog
from cxladder.journeys.outcomes import journey_outcomes, moments_of_truth
from cxladder.journeys.pain import PainRules, pain_moments, wow_moments
from cxladder.journeys.segments import assign_segments, describe_segments
from cxladder.model import Channel
from cxladder.store.repo import Store

__all__ = [
    "EDGE_COLUMNS",
    "NODE_COLUMNS",
    "TERMINAL_COLUMNS",
    "JourneyLogs",
    "JourneyMap",
    "Journeys",
    "complaint_touchpoints",
    "journey_map_of_log",
]

NODE_COLUMNS = (
    "touchpoint",
    "experiences",
    "journeys",
    "mean_level",
    *(f"share_{k}" for k in range(1, 7)),
    "target_level",
    "below_target_share",
    "is_pain",
    "is_wow",
)
EDGE_COLUMNS = ("source", "target", "count", "median_seconds", "p90_seconds", "is_pain")
TERMINAL_COLUMNS = ("touchpoint", "journeys", "share")
COMPLAINT_WORDS = ("complaint", "klacht", "complain")


@dataclass(frozen=True)
class JourneyMap:
    """The tables `journeys.drawing.draw_journey_map` draws."""

    nodes: pd.DataFrame
    edges: pd.DataFrame
    entries: pd.DataFrame
    exits: pd.DataFrame


@dataclass(frozen=True)
class _Targets:
    levels: dict[str, int]
    default: int


@dataclass(frozen=True)
class _KeptLog:
    marks: tuple[int, ...]
    log: JourneyLog
    expires: float


class JourneyLogs:
    """Each organisation's journey log, read once per change of the store and shared.

    A change is seen through the store's change marks (the newest experience, assessment and
    batch: index lookups, the same cost at any size). Changes that move no mark (levels
    reassessed in place, an erasure) show when a log ages out after `max_age` seconds, or at
    once through `forget()`.
    """

    def __init__(
        self,
        store: Store,
        *,
        max_age: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.max_age = max_age
        self.clock = clock
        self._kept: dict[str, _KeptLog] = {}
        self._forgotten: dict[str, int] = {}
        self._lock = threading.Lock()

    def marks(self, organization: str) -> tuple[int, ...]:
        """The store's change marks and how often the organisation's log was forgotten: what
        is kept on top of a log (answers, drawings) is kept under these."""
        return (*self.store.change_marks(organization), self._forgotten.get(organization, 0))

    def get(self, organization: str, *, cache_dir: Path | None = None) -> JourneyLog:
        marks = self.marks(organization)
        with self._lock:  # one reader builds a log; the others wait for it rather than repeat it
            kept = self._kept.get(organization)
            if kept is not None and kept.marks == marks and kept.expires > self.clock():
                return kept.log
            log = _read_log(self.store, organization, _cache_file(cache_dir, organization, marks))
            self._kept[organization] = _KeptLog(marks, log, self.clock() + self.max_age)
            return log

    def forget(self, organization: str | None = None) -> None:
        with self._lock:
            for key in [organization] if organization is not None else list(self._kept):
                self._kept.pop(key, None)
                self._forgotten[key] = self._forgotten.get(key, 0) + 1


def _cache_file(cache_dir: Path | None, organization: str, marks: tuple[int, ...]) -> Path | None:
    if cache_dir is None:
        return None
    stamp = "-".join(str(n) for n in marks)
    return cache_dir / f"journeys-{organization}-{stamp}.arrow"


def _read_log(store: Store, organization: str, cached: Path | None) -> JourneyLog:
    if cached is not None and cached.exists():
        log = JourneyLog.from_arrow(cached)
    else:
        log = JourneyLog.from_store(store, organization)
        if cached is not None:
            log.write_arrow(cached)
    log.require_events(organization)
    return log


class Journeys:
    """Journey maps, pain and wow moments, outcomes, segments and drift for one store."""

    def __init__(
        self,
        store: Store,
        *,
        engine: str = "duckdb",
        spark_master: str | None = None,
        cache_dir: Path | None = None,
        rules: PainRules | None = None,
        use_kernel: bool = True,
        logs: JourneyLogs | None = None,
    ) -> None:
        if engine not in ENGINES:
            raise ConfigurationError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
        self.store = store
        self.engine_name = engine
        self.spark_master = spark_master
        self.cache_dir = cache_dir
        self.rules = rules or PainRules()
        self.use_kernel = use_kernel and engine == "duckdb"
        self._engine: Engine | None = None
        self.logs = logs if logs is not None else JourneyLogs(store)
        self._segments: dict[tuple[object, ...], pd.Series] = {}

    # -- plumbing ------------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_engine(self.engine_name, self.store, spark_master=self.spark_master)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def log(self, organization: str) -> JourneyLog:
        """The organisation's journey log, sorted and encoded; re-read when the store changed."""
        return self.logs.get(organization, cache_dir=self.cache_dir)

    def _targets(self, organization: str) -> _Targets:
        org = self.store.organization(organization)
        touchpoints = self.store.touchpoints(organization)
        levels = {key: int(tp.target_level) for key, tp in touchpoints.items()}
        levels.update({key: int(level) for key, level in org.brand.targets.items()})
        return _Targets(levels, int(org.brand.default_target))

    def _selected(self, organization: str, segment: int | None, channel: str | None) -> JourneyLog:
        log = self.log(organization)
        if segment is not None:
            log = log.where_journeys(self._segment_journeys(organization, segment))
        if channel is not None:
            log = log.where_channel(_channel(channel))
        log.require_events(organization)
        return log

    def _segment_journeys(self, organization: str, segment: int) -> pa.Array:
        assigned = self.segment_of_journeys(organization)
        if segment not in set(assigned):
            known = ", ".join(str(s) for s in sorted(set(assigned)))
            raise NotFound(f"no segment {segment}; the segments are {known}")
        return pa.array(assigned[assigned == segment].index.astype(str))

    def _table(self, organization: str, segment: int | None, channel: str | None) -> ir.Table:
        """The (selected) log as a table on the engine; on PostgreSQL, filtered in the server."""
        if self.engine_name != "postgres":
            selected = self._selected(organization, segment, channel)
            return self.engine.log_table(selected, organization)
        table = self.engine.log_table(None, organization)
        if segment is not None:
            journeys = self._segment_journeys(organization, segment).to_pylist()
            table = table.filter(table.journey.isin(journeys))
        if channel is not None:
            table = table.filter(table.channel == _channel(channel))
        return table

    def _run(self, expression: ir.Table) -> pd.DataFrame:
        return self.engine.execute(expression)

    def touchpoint_names(self, organization: str) -> tuple[str, ...]:
        """Every touchpoint the organisation's experiences name (asked of the server on
        PostgreSQL, so the log itself never leaves it)."""
        if self.engine_name != "postgres":
            return self.log(organization).encoded.touchpoints
        table = self._table(organization, None, None)
        names = self._run(table.select("touchpoint").distinct())["touchpoint"]
        if names.empty:
            self.log(organization).require_events(organization)
        return tuple(sorted(names))

    # -- the journey map -----------------------------------------------------------------------

    def journey_map(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> JourneyMap:
        """Touchpoints with their ladder, the steps between them, where journeys start and end."""
        targets = self._targets(organization)
        if self.use_kernel:
            log = self._selected(organization, segment, channel)
            return journey_map_of_log(log, targets.levels, targets.default, rules=self.rules)
        else:
            table = self._table(organization, segment, channel)
            ladder = self._run(measures.touchpoint_ladder(table, targets.levels, targets.default))
            steps = self._run(measures.directly_follows(table, targets.levels, targets.default))
            starts = self._run(measures.entries(table))
            ends = self._run(measures.exits(table))
        return _journey_map(ladder, steps, starts, ends, self.rules)

    def variants(
        self,
        organization: str,
        *,
        segment: int | None = None,
        channel: str | None = None,
        top: int | None = None,
    ) -> pd.DataFrame:
        """Distinct paths, most taken first: path, journeys, events, share, mean_level."""
        if self.use_kernel:
            frame = kernel.variants(self._selected(organization, segment, channel).encoded)
        else:
            table = self._table(organization, segment, channel)
            ordered = self.engine.ordered_aggregates
            frame = self._run(measures.variants(table, ordered_aggregates=ordered))
        frame = frame.astype({"journeys": "int64", "events": "int64"})
        ranked = frame.sort_values(["journeys", "path"], ascending=[False, True])
        ranked = ranked.reset_index(drop=True)
        return ranked.head(top) if top is not None else ranked

    def funnel(
        self,
        organization: str,
        steps: Sequence[str],
        *,
        segment: int | None = None,
        channel: str | None = None,
    ) -> pd.DataFrame:
        """Journeys reaching each step in order: conversion, drop-off and time per step."""
        steps = list(steps)
        if not steps:
            raise InvalidInput("a funnel needs at least one step; name touchpoints in order")
        known = set(self.touchpoint_names(organization))
        unknown = [s for s in steps if s not in known]
        if unknown:
            raise NotFound(
                f"no touchpoint {', '.join(map(repr, unknown))} in {organization!r}; "
                f"known: {', '.join(sorted(known))}"
            )
        table = self._table(organization, segment, channel)
        reached = self._run(measures.funnel(table, steps)).set_index("step")
        return _funnel_table(steps, reached)

    def rework(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> pd.DataFrame:
        """Repeated contacts at one touchpoint within a journey, most repeated first."""
        frame = self._run(measures.rework(self._table(organization, segment, channel)))
        ranked = frame.sort_values(["extra_contacts", "touchpoint"], ascending=[False, True])
        return ranked.reset_index(drop=True)

    # -- pain and wow --------------------------------------------------------------------------

    def _consequences(
        self, organization: str, segment: int | None, channel: str | None
    ) -> pd.DataFrame:
        targets = self._targets(organization)
        complaints = complaint_touchpoints(self.touchpoint_names(organization))
        table = self._table(organization, segment, channel)
        expression = measures.touchpoint_consequences(
            table, targets.levels, targets.default, complaints
        )
        return self._run(expression)

    def pain_moments(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> pd.DataFrame:
        """Touchpoints and steps ranked by impact (see `pain.pain_moments`), worst first."""
        targets = self._targets(organization)
        table = self._table(organization, segment, channel)
        steps = self._run(measures.directly_follows(table, targets.levels, targets.default))
        return pain_moments(
            self._consequences(organization, segment, channel),
            self._run(measures.rework(table)),
            steps,
        )

    def wow_moments(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> pd.DataFrame:
        """Where Surprising and Unbelievable concentrate, with the uplift on the final level."""
        targets = self._targets(organization)
        table = self._table(organization, segment, channel)
        ladder = self._run(measures.touchpoint_ladder(table, targets.levels, targets.default))
        return wow_moments(self._consequences(organization, segment, channel), ladder)

    # -- outcomes ------------------------------------------------------------------------------

    def outcomes(
        self, organization: str, *, segment: int | None = None, channel: str | None = None
    ) -> pd.DataFrame:
        """Per journey: peak, lowest, final and remembered level, NPS, whether they came back."""
        table = self._table(organization, segment, channel)
        return journey_outcomes(self._run(measures.journey_outcomes(table)))

    def moments_of_truth(
        self,
        organization: str,
        *,
        segment: int | None = None,
        outcome: str = "remembered_level",
        resamples: int = 200,
        min_journeys: int = 20,
        seed: int = 0,
    ) -> pd.DataFrame:
        """Touchpoints whose level moves the outcome most, with bootstrap intervals."""
        if outcome not in ("remembered_level", "final_level", "nps", "mean_level"):
            raise InvalidInput(
                f"unknown outcome {outcome!r}; use remembered_level, final_level, nps or mean_level"
            )
        table = self._table(organization, segment, None)
        levels = self._run(measures.touchpoint_levels_per_journey(table))
        return moments_of_truth(
            levels,
            self.outcomes(organization, segment=segment),
            outcome=outcome,
            resamples=resamples,
            min_journeys=min_journeys,
            seed=seed,
        )

    # -- segments and drift --------------------------------------------------------------------

    def _profile(self, organization: str) -> pd.DataFrame:
        table = self._table(organization, None, None)
        return self._run(measures.journey_profile(table, [c.value for c in Channel]))

    def segment_of_journeys(
        self, organization: str, *, groups: int = 4, seed: int = 0
    ) -> pd.Series:
        """Segment number per journey (indexed by journey), biggest segment first."""
        key = (organization, groups, seed, *self.logs.marks(organization))
        if key not in self._segments:
            self._segments[key] = assign_segments(
                self._profile(organization), groups=groups, seed=seed
            )
        return self._segments[key]

    def segments(self, organization: str, *, groups: int = 4, seed: int = 0) -> pd.DataFrame:
        """Journeys grouped by shape: one row per segment with its name, size and typical shape.

        Pass a segment number to `journey_map(segment=...)` for that group's own map.
        """
        assigned = self.segment_of_journeys(organization, groups=groups, seed=seed)
        return describe_segments(self._profile(organization), assigned)

    def drift(
        self,
        organization: str,
        *,
        period: str = "month",
        rules: DriftRules | None = None,
    ) -> pd.DataFrame:
        """Per touchpoint and period: level shares, facts, and whether the wow is wearing off."""
        table = self._table(organization, None, None)
        by_period = self._run(measures.level_by_period(table, period_unit(period)))
        by_period["period"] = pd.to_datetime(by_period["period"])
        return flag_drift(by_period, rules or DriftRules())


def complaint_touchpoints(names: Sequence[str]) -> tuple[str, ...]:
    """Touchpoints named like a complaint: where a customer goes after it went wrong."""
    return tuple(n for n in names if any(word in n.lower() for word in COMPLAINT_WORDS))


def journey_map_of_log(
    log: JourneyLog,
    targets: Mapping[str, int],
    default_target: int,
    *,
    rules: PainRules | None = None,
) -> JourneyMap:
    """The journey map of a log in hand (no store), by the NumPy kernel."""
    encoded = log.encoded
    return _journey_map(
        kernel.touchpoint_ladder(encoded, targets, default_target),
        kernel.directly_follows(encoded, targets, default_target),
        kernel.entries(encoded),
        kernel.exits(encoded),
        rules or PainRules(),
    )


def _journey_map(
    ladder: pd.DataFrame,
    steps: pd.DataFrame,
    starts: pd.DataFrame,
    ends: pd.DataFrame,
    rules: PainRules,
) -> JourneyMap:
    return JourneyMap(
        nodes=_nodes(ladder, rules),
        edges=_edges(steps, rules),
        entries=_terminal_table(starts),
        exits=_terminal_table(ends),
    )


def _nodes(ladder: pd.DataFrame, rules: PainRules) -> pd.DataFrame:
    enough = ladder["assessed"] >= rules.min_assessed
    wow = ladder["share_5"].fillna(0) + ladder["share_6"].fillna(0)
    frame = ladder.assign(
        is_pain=enough & (ladder["below_target_share"].fillna(0) >= rules.pain_share),
        is_wow=enough & (wow >= rules.wow_share),
    )
    frame = frame.astype({"experiences": "int64", "journeys": "int64", "target_level": "int64"})
    return _tidy(frame[list(NODE_COLUMNS)], ["touchpoint"])


def _edges(steps: pd.DataFrame, rules: PainRules) -> pd.DataFrame:
    enough = steps["assessed"] >= rules.min_assessed
    frame = steps.assign(
        is_pain=enough & (steps["below_target_share"].fillna(0) >= rules.pain_share)
    ).astype({"count": "int64"})
    return _tidy(frame[list(EDGE_COLUMNS)], ["source", "target"])


def _channel(value: str) -> str:
    try:
        return Channel.parse(value).value
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


def _tidy(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def _terminal_table(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype({"journeys": "int64"})[list(TERMINAL_COLUMNS)]
    ranked = frame.sort_values(["journeys", "touchpoint"], ascending=[False, True])
    return ranked.reset_index(drop=True)


def _funnel_table(steps: list[str], reached: pd.DataFrame) -> pd.DataFrame:
    journeys = [int(reached["journeys"].get(i, 0)) for i in range(len(steps))]
    first = journeys[0] or 1
    rows = []
    for i, touchpoint in enumerate(steps):
        before = journeys[i - 1] if i else journeys[0]
        rows.append(
            {
                "step": i + 1,
                "touchpoint": touchpoint,
                "journeys": journeys[i],
                "conversion": journeys[i] / before if before else 0.0,
                "conversion_from_start": journeys[i] / first,
                "drop_off": before - journeys[i],
                "median_seconds": reached["median_seconds"].get(i, float("nan")),
                "p90_seconds": reached["p90_seconds"].get(i, float("nan")),
            }
        )
    return pd.DataFrame(rows)
