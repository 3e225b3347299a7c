"""How experiences spread over the ladder: counts and shares per level, targets, trend, moments.

Every function takes the frame `Store.assessed_frame()` returns (or any frame with at least a
`level` column) and works with pandas groupbys over the whole frame; only the handful of rows
picked as worst or best moments are ever looked at one by one. Rows without a level (not
assessed yet) are left out of every share, never counted as a level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cxladder.errors import InvalidInput
from cxladder.model import BrandPromise, ServiceLevel, Touchpoint

__all__ = [
    "COUNT_COLUMNS",
    "LEVELS",
    "SHARE_COLUMNS",
    "Headline",
    "Period",
    "assessed",
    "best_moments",
    "choose_period",
    "customer_effort",
    "headline",
    "level_shares",
    "level_trend",
    "net_promoter_score",
    "require_columns",
    "satisfied_share",
    "target_attainment",
    "target_levels",
    "worst_moments",
]

LEVELS: tuple[int, ...] = tuple(level.value for level in ServiceLevel)
COUNT_COLUMNS: tuple[str, ...] = tuple(f"count_{level}" for level in LEVELS)
SHARE_COLUMNS: tuple[str, ...] = tuple(f"share_{level}" for level in LEVELS)

Period = Literal["week", "month"]

# A trend over more than half a year in weeks has too many bars to read in a meeting.
_WEEKS_BEFORE_MONTHS = pd.Timedelta(weeks=26)


def level_shares(
    frame: pd.DataFrame,
    by: Sequence[str] = (),
    *,
    target: str | None = None,
    touchpoints: Mapping[str, Touchpoint] | None = None,
    brand: BrandPromise | None = None,
) -> pd.DataFrame:
    """Counts and shares of experiences per level 1..6, per group of `by`.

    Columns: the `by` columns, `n` (assessed experiences), `count_1`..`count_6`,
    `share_1`..`share_6` (summing to 1 in every group with n > 0) and `mean_level`. When a
    `target` column (a level per row) or the `touchpoints` (and `brand`) are given, also
    `count_at_or_above_target` and `share_at_or_above_target`. Without `by` the result is one
    row, even for an empty frame (n = 0, shares 0, mean NaN); groups are sorted by their keys and
    a missing key (no channel, say) is a group of its own.
    """
    keys = list(by)
    require_columns(frame, ["level", *keys])
    rated = assessed(frame)
    table = _with_shares(_level_counts(rated, keys))
    targets = _row_targets(rated, target=target, touchpoints=touchpoints, brand=brand)
    if targets is not None:
        reached = (rated["level"] >= targets).astype("int64")
        hits = _group_sum(reached, rated, keys).reindex(table.index, fill_value=0)
        table["count_at_or_above_target"] = hits.astype("int64")
        table["share_at_or_above_target"] = _ratio(hits, table["n"])
    return table.reset_index(drop=not keys)


def assessed(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that carry a level, with `level` as int8; a level outside 1..6 is an error."""
    if frame["level"].dtype == "int8" and frame["level"].between(1, 6).all():
        return frame  # already assessed() once: the report calls this on a million rows
    rated = frame.loc[frame["level"].notna()]
    levels = pd.to_numeric(rated["level"], errors="coerce")
    bad = ~levels.isin(LEVELS)
    if bad.any():
        row, value = bad[bad].index[0], _plain(rated["level"][bad].iloc[0])
        raise InvalidInput(
            f"row {row}, column `level`: {value!r} is not a service level; "
            "levels are whole numbers 1..6 (reassess with `cxladder assess --reassess`)"
        )
    return rated.assign(level=levels.astype("int8"))


def target_levels(
    touchpoints: Mapping[str, Touchpoint], brand: BrandPromise | None = None
) -> dict[str, int]:
    """The level promised at each touchpoint.

    The touchpoint's own `target_level` counts, unless the brand promise names that touchpoint
    explicitly: the promise is what the brand signed up to in front of its customers.
    """
    promised = dict(brand.targets) if brand is not None else {}
    return {
        key: int(promised.get(key, touchpoint.target_level))
        for key, touchpoint in touchpoints.items()
    } | {key: int(level) for key, level in promised.items() if key not in touchpoints}


def target_attainment(
    frame: pd.DataFrame,
    touchpoints: Mapping[str, Touchpoint],
    *,
    brand: BrandPromise | None = None,
) -> pd.DataFrame:
    """Per touchpoint: its name, channel, target level and the share at or above that target.

    Sorted with the touchpoint furthest below its target first (lowest share, then lowest mean
    level), so the table opens with where the promise is broken most often. Touchpoints that
    appear in the experiences but are not configured get the brand's default target.
    """
    table = level_shares(frame, ("touchpoint",), touchpoints=touchpoints, brand=brand)
    default = (brand or BrandPromise()).default_target
    targets = target_levels(touchpoints, brand)
    # One row per touchpoint: a plain loop over the keys is cheaper than it looks.
    known = [touchpoints.get(key) for key in table["touchpoint"]]
    table["target_level"] = [targets.get(key, int(default)) for key in table["touchpoint"]]
    table["target_level"] = table["target_level"].astype("int8")
    names = zip(known, table["touchpoint"], strict=True)
    table["name"] = [t.name if t else key for t, key in names]
    table["channel"] = [t.channel.value if t else None for t in known]
    table["stage"] = [t.stage if t else "" for t in known]
    order = ["share_at_or_above_target", "mean_level", "touchpoint"]
    return table.sort_values(order, kind="stable").reset_index(drop=True)


def choose_period(at: pd.Series) -> Period:
    """Weeks for up to half a year of experiences, months beyond."""
    moments = _timestamps(at).dropna()
    if moments.empty or moments.max() - moments.min() <= _WEEKS_BEFORE_MONTHS:
        return "week"
    return "month"


def level_trend(
    frame: pd.DataFrame,
    *,
    period: Period | Literal["auto"] = "auto",
    by: Sequence[str] = (),
    target: str | None = None,
    touchpoints: Mapping[str, Touchpoint] | None = None,
    brand: BrandPromise | None = None,
) -> pd.DataFrame:
    """Level shares per week (starting Monday) or calendar month, oldest first.

    The `period` column holds the first day of each week or month as a naive timestamp (times
    with a time zone are taken in UTC). Weeks or months without any assessed experience are
    left out rather than drawn as zero.
    """
    require_columns(frame, ["at", "level"])
    rated = assessed(frame)
    rated = rated.loc[rated["at"].notna()]
    chosen = choose_period(rated["at"]) if period == "auto" else period
    starts = _period_starts(_timestamps(rated["at"]), chosen)
    shares = level_shares(
        rated.assign(period=starts),
        [*by, "period"],
        target=target,
        touchpoints=touchpoints,
        brand=brand,
    )
    return shares.sort_values([*by, "period"], kind="stable").reset_index(drop=True)


def worst_moments(
    frame: pd.DataFrame, limit: int = 5, *, at_most: ServiceLevel = ServiceLevel.EXPECTED
) -> pd.DataFrame:
    """The lowest-level experiences up to `at_most`, those with the customer's words first.

    Ties on level go to the judge's most confident call, then to the most recent. The default
    ceiling keeps a moment that went beyond expectations out of the worst, however few there are.
    """
    return _moments(frame, limit, lowest=True, bound=int(at_most))


def best_moments(
    frame: pd.DataFrame, limit: int = 5, *, at_least: ServiceLevel = ServiceLevel.DESIRED
) -> pd.DataFrame:
    """The highest-level experiences from `at_least` up, those with the customer's words first."""
    return _moments(frame, limit, lowest=False, bound=int(at_least))


@dataclass(frozen=True, slots=True)
class Headline:
    """The figures a CX manager opens a meeting with. A score is None when nobody gave one."""

    experiences: int
    customers: int
    assessed: int
    mean_level: float | None
    at_or_above_target: float | None
    nps: float | None
    nps_responses: int
    csat: float | None
    csat_responses: int
    ces: float | None
    ces_responses: int


def headline(
    frame: pd.DataFrame,
    *,
    touchpoints: Mapping[str, Touchpoint] | None = None,
    brand: BrandPromise | None = None,
) -> Headline:
    """Experiences, customers, mean level, share at or above target, NPS, CSAT and CES."""
    needed = [name for name in ("level", "touchpoint") if name in frame]
    overall = level_shares(frame[needed], touchpoints=touchpoints, brand=brand).iloc[0]
    n = int(overall["n"])
    reached = overall.get("share_at_or_above_target")
    return Headline(
        experiences=len(frame),
        customers=int(frame["customer_id"].nunique()) if "customer_id" in frame else 0,
        assessed=n,
        mean_level=float(overall["mean_level"]) if n else None,
        at_or_above_target=float(reached) if n and reached is not None else None,
        nps=net_promoter_score(_scores(frame, "nps")),
        nps_responses=int(_scores(frame, "nps").count()),
        csat=satisfied_share(_scores(frame, "csat")),
        csat_responses=int(_scores(frame, "csat").count()),
        ces=customer_effort(_scores(frame, "ces")),
        ces_responses=int(_scores(frame, "ces").count()),
    )


def net_promoter_score(scores: pd.Series) -> float | None:
    """% promoters (9-10) minus % detractors (0-6), from -100 to 100; None without answers."""
    given = scores.dropna()
    if given.empty:
        return None
    promoters = float((given >= 9).mean())
    detractors = float((given <= 6).mean())
    return 100.0 * (promoters - detractors)


def satisfied_share(scores: pd.Series) -> float | None:
    """CSAT: the share of 4 and 5 answers on the 1-5 scale, from 0 to 1; None without answers."""
    given = scores.dropna()
    return None if given.empty else float((given >= 4).mean())


def customer_effort(scores: pd.Series) -> float | None:
    """CES: the mean effort on the 1 (very easy) .. 7 (very hard) scale; None without answers."""
    given = scores.dropna()
    return None if given.empty else float(given.mean())


# -- building blocks -------------------------------------------------------------------------


def require_columns(frame: pd.DataFrame, columns: Sequence[str], *, owner: str = "") -> None:
    """Raise InvalidInput naming the missing columns, and what the frame has instead."""
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns)) or "none"
        whose = f"of {owner} " if owner else ""
        raise InvalidInput(
            f"the experiences {whose}lack column(s) {', '.join(missing)} (they have: {have}); "
            "pass the frame from Store.assessed_frame() or add the column(s)"
        )


def _level_counts(rated: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    if not keys:
        counts = rated["level"].value_counts().reindex(LEVELS, fill_value=0)
        return pd.DataFrame([counts.to_numpy()], columns=list(COUNT_COLUMNS))
    grouped = rated.groupby([*keys, "level"], dropna=False, observed=True, sort=True).size()
    wide = grouped.unstack("level", fill_value=0).reindex(columns=list(LEVELS), fill_value=0)
    wide.columns = list(COUNT_COLUMNS)
    return wide.astype("int64")


def _with_shares(counts: pd.DataFrame) -> pd.DataFrame:
    matrix = counts.to_numpy(dtype="int64")
    n = matrix.sum(axis=1)
    table = pd.DataFrame({"n": n}, index=counts.index)
    for column in COUNT_COLUMNS:
        table[column] = counts[column]
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(n[:, None] > 0, matrix / np.maximum(n, 1)[:, None], 0.0)
        mean = np.where(n > 0, matrix @ np.array(LEVELS) / np.maximum(n, 1), np.nan)
    for position, column in enumerate(SHARE_COLUMNS):
        table[column] = shares[:, position]
    table["mean_level"] = mean
    return table


def _group_sum(values: pd.Series, rated: pd.DataFrame, keys: list[str]) -> pd.Series:
    if not keys:
        return pd.Series([int(values.sum())])
    grouper = [rated[key] for key in keys]
    return values.groupby(grouper, dropna=False, observed=True, sort=True).sum()


def _ratio(part: pd.Series, whole: pd.Series) -> pd.Series:
    share = part.astype("float64") / whole.where(whole > 0)
    return share.fillna(0.0)


def _row_targets(
    rated: pd.DataFrame,
    *,
    target: str | None,
    touchpoints: Mapping[str, Touchpoint] | None,
    brand: BrandPromise | None,
) -> pd.Series | None:
    if target is not None:
        require_columns(rated, [target])
        return _target_column(rated[target], target)
    if touchpoints is None and brand is None:
        return None
    require_columns(rated, ["touchpoint"])
    default = int((brand or BrandPromise()).default_target)
    targets = target_levels(touchpoints or {}, brand)
    # Factorize, then look up once per touchpoint: Series.map over a million strings is slow.
    # A row without a touchpoint gets code -1, which picks the trailing default.
    codes, keys = pd.factorize(rated["touchpoint"])
    per_key = np.array([targets.get(key, default) for key in keys] + [default], dtype="int8")
    return pd.Series(per_key[codes], index=rated.index)


def _target_column(values: pd.Series, name: str) -> pd.Series:
    numbers = pd.to_numeric(values.map(_level_number), errors="coerce")
    bad = numbers.isna()
    if bad.any():
        row, value = bad[bad].index[0], _plain(values[bad].iloc[0])
        raise InvalidInput(
            f"row {row}, column `{name}`: {value!r} is not a target level; "
            "use 1..6 or a level name such as Desired"
        )
    return numbers.astype("int8")


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, so messages read 7, not np.int64(7)."""
    return value.item() if isinstance(value, np.generic) else value


def _level_number(value: object) -> float:
    try:
        return float(ServiceLevel.parse(value))
    except ValueError:
        return float("nan")


def _timestamps(at: pd.Series) -> pd.Series:
    """`at` as naive timestamps, in UTC when they carry a zone; text such as ISO dates is read."""
    if pd.api.types.is_datetime64_any_dtype(at):
        stamps = at
    else:
        stamps = _parsed_timestamps(at)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps


def _parsed_timestamps(at: pd.Series) -> pd.Series:
    stamps: pd.Series = pd.to_datetime(at, utc=True, format="ISO8601", errors="coerce")
    bad = stamps.isna() & at.notna()
    if bad.any():
        row, value = bad[bad].index[0], _plain(at[bad].iloc[0])
        raise InvalidInput(
            f"row {row}, column `at`: {value!r} is not a moment in time; use ISO 8601 such as "
            "2026-03-02T09:30"
        )
    return stamps


def _period_starts(at: pd.Series, period: Period) -> pd.Series:
    days = at.dt.normalize()
    back = days.dt.day_of_week if period == "week" else days.dt.day - 1
    starts: pd.Series = days - pd.to_timedelta(back, unit="D")
    return starts


def _moments(frame: pd.DataFrame, limit: int, *, lowest: bool, bound: int) -> pd.DataFrame:
    require_columns(frame, ["level"])
    levels = assessed(frame[["level"]])["level"]
    # Positions, not labels, so a frame with a repeated index still picks exactly `limit` rows.
    rated = np.flatnonzero(frame["level"].notna().to_numpy())
    inside = (levels <= bound) if lowest else (levels >= bound)
    rated, levels = rated[inside.to_numpy()], levels[inside]
    if limit <= 0 or levels.empty:
        return assessed(frame.iloc[0:0])
    pool = rated[_extreme_levels(levels, limit, lowest=lowest).to_numpy()]
    ranked = frame.iloc[pool][[c for c in ("level", "text", "confidence", "at") if c in frame]]
    order = pd.DataFrame(
        {
            "level": levels.iloc[np.searchsorted(rated, pool)].to_numpy(),
            "words": _has_words(ranked).to_numpy(),
            "confidence": _confidence(ranked).to_numpy(),
            "recency": _recency(ranked).to_numpy(),
        }
    )
    best = order.sort_values(
        list(order.columns), ascending=[lowest, False, False, False], kind="stable"
    ).index[:limit]
    return assessed(frame.iloc[pool[best]])


def _extreme_levels(levels: pd.Series, limit: int, *, lowest: bool) -> pd.Series:
    # Only the levels needed to fill `limit` rows are sorted, so a million rows cost one count.
    counts = levels.value_counts().sort_index(ascending=lowest)
    needed = counts.index[(counts.cumsum() - counts) < limit]
    return levels.isin(needed)


def _has_words(pool: pd.DataFrame) -> pd.Series:
    if "text" not in pool:
        return pd.Series(False, index=pool.index)
    words: pd.Series = pool["text"].fillna("").astype(str).str.strip().str.len() > 0
    return words


def _confidence(pool: pd.DataFrame) -> pd.Series:
    if "confidence" not in pool:
        return pd.Series(0.0, index=pool.index)
    return pd.to_numeric(pool["confidence"], errors="coerce").fillna(0.0)


def _recency(pool: pd.DataFrame) -> pd.Series:
    if "at" not in pool:
        return pd.Series(0, index=pool.index, dtype="int64")
    stamps = pd.to_datetime(pool["at"], utc=True)
    return stamps.astype("int64").where(stamps.notna(), np.iinfo("int64").min)


def _scores(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame:
        return pd.Series(dtype="float64")
    return pd.to_numeric(frame[name], errors="coerce")
