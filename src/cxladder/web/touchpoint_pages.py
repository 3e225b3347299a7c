"""The Touchpoints page (every touchpoint's ladder against its target, its trend and drift) and
one touchpoint's own page (its ladder over time, drift per month, expectations, reasons, quotes).

Cost per request: the ladder figures are NumPy counts over the journey log the app keeps in
memory (`KeptAnswers`, re-read only when the store changed); drift is kept the same way, and
so are the reasons and quotes (four to six LIMITed queries on one touchpoint's newest rows).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import pandas as pd
import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cxladder.api.deps import CxDep
from cxladder.errors import NotFound
from cxladder.journeys.kept import KeptAnswers
from cxladder.journeys.standing import (
    MONTHLY_COLUMNS,
    LadderColumns,
    LadderFilter,
    monthly_levels,
    standing,
)
from cxladder.model import Organization, Touchpoint
from cxladder.store.page_queries import LevelBand, frequent_reasons, telling_quotes
from cxladder.web.rendering import PageUser, language_of, render
from cxladder.web.touchpoint_figures import (
    Formats,
    kept_answers,
    ladder_by_month_chart,
    mean_level_chart,
    sparkline,
    targets_of,
)

router = APIRouter(include_in_schema=False)

WORDS: dict[str, tuple[str, str]] = {
    "tp_intro": (
        "Every touchpoint on the ladder against the level the brand promises there.",
        "Elk contactmoment op de ladder, tegen het niveau dat het merk daar belooft.",
    ),
    "stage": ("Stage", "Fase"),
    "experiences_n": ("Experiences", "Ervaringen"),
    "ladder": ("Ladder", "Ladder"),
    "target": ("Target", "Doel"),
    "gap": ("Gap to target", "Afstand tot doel"),
    "trend": ("Mean level per month", "Gemiddeld niveau per maand"),
    "drift": ("Drift", "Gewenning"),
    "below_target": ("Below target", "Onder doel"),
    "on_target": ("On target", "Op doel"),
    "no_target_data": ("Not assessed yet", "Nog niet beoordeeld"),
    "drifting": ("The wow is wearing off", "De wow slijt"),
    "drifting_long": (
        "Fewer Surprising moments than before while the service itself stayed the same: "
        "customers got used to it. Time to innovate here.",
        "Minder verrassende momenten dan eerder, terwijl de service zelf gelijk bleef: klanten "
        "zijn eraan gewend. Tijd om hier te vernieuwen.",
    ),
    "steady": ("Steady", "Stabiel"),
    "drift_unknown": ("Too little history", "Te weinig historie"),
    "drift_note": (
        "Drift is judged over all history, month by month.",
        "Gewenning wordt beoordeeld over de hele historie, maand voor maand.",
    ),
    "sort_by": ("Sort by", "Sorteer op"),
    "name": ("Name", "Naam"),
    "no_experiences": (
        "No experiences at this touchpoint match these filters.",
        "Geen ervaringen bij dit contactmoment die bij deze filters passen.",
    ),
    "ladder_vs_target": ("The ladder against the target", "De ladder tegen het doel"),
    "shares_by_month": ("Level shares per month", "Aandeel per niveau per maand"),
    "per_month": ("Month by month", "Maand voor maand"),
    "month": ("Month", "Maand"),
    "assessed": ("Assessed", "Beoordeeld"),
    "wait": ("Wait (min)", "Wachttijd (min)"),
    "ces_short": ("Effort (CES)", "Moeite (CES)"),
    "expectations": ("Expectations", "Verwachtingen"),
    "fact": ("Fact", "Feit"),
    "expected": ("Expected", "Verwacht"),
    "unacceptable": ("Unacceptable at", "Onacceptabel bij"),
    "higher_better": ("Higher is better", "Hoger is beter"),
    "lower_better": ("Lower is better", "Lager is beter"),
    "no_expectations": (
        "No expectations set for this touchpoint yet (set them under Settings).",
        "Nog geen verwachtingen voor dit contactmoment (stel ze in bij Instellingen).",
    ),
    "why_low": ("Why customers land below target", "Waarom klanten onder het doel uitkomen"),
    "why_high": ("What makes it Surprising or better", "Wat het verrassend of beter maakt"),
    "times": ("times", "keer"),
    "sampled": ("among the newest {n} experiences", "onder de nieuwste {n} ervaringen"),
    "no_reasons": ("No reasons recorded here yet.", "Hier zijn nog geen redenen vastgelegd."),
    "latest_low": ("Latest experiences below target", "Laatste ervaringen onder doel"),
    "latest_high": ("Latest Surprising and Unbelievable", "Laatste verrassende en ongelooflijke"),
    "no_quotes": ("No comments here yet.", "Hier nog geen opmerkingen."),
    "all_experiences": ("All experiences at this touchpoint", "Alle ervaringen bij dit moment"),
    "customer": ("Customer", "Klant"),
    "back": ("All touchpoints", "Alle contactmomenten"),
    "owner": ("Owner", "Eigenaar"),
    "surprising_then_now": (
        "Surprising or better: {before} at first, {after} lately",
        "Verrassend of beter: eerst {before}, de laatste tijd {after}",
    ),
}

SORTS = ("gap", "name", "n", "mean", "at_target")
MAX_TREND_MONTHS = 12


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _filter(since: str, until: str, channel: str) -> LadderFilter:
    return LadderFilter(since=_date(since), until=_date(until), channel=channel or None)


def _columns(kept: KeptAnswers, organization: str) -> LadderColumns | None:
    try:
        return kept.columns(organization)
    except NotFound:  # no experiences yet: the pages still list the touchpoints
        return None


def _drift_verdicts(kept: KeptAnswers, organization: str) -> dict[str, dict[str, Any]]:
    try:
        drift = kept.drift(organization)
    except NotFound:
        return {}
    verdicts: dict[str, dict[str, Any]] = {}
    for row in drift.drop_duplicates("touchpoint").to_dict("records"):
        if pd.notna(row.get("surprising_before")):
            verdicts[str(row["touchpoint"])] = {str(k): v for k, v in row.items()}
    return verdicts


@router.get("/touchpoints")
def touchpoints_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    since: Annotated[str, Query()] = "",
    until: Annotated[str, Query()] = "",
    channel: Annotated[str, Query()] = "",
    sort: Annotated[str, Query()] = "gap",
) -> Response:
    org = cx.store.organization(user.organization)
    touchpoints = cx.touchpoints(org.key)
    kept = kept_answers(request, cx)
    columns = _columns(kept, org.key)
    formats = Formats(language_of(request))
    chosen = _filter(since, until, channel)
    rows = _rows(org, touchpoints, columns, chosen, formats, _drift_verdicts(kept, org.key))
    sort = sort if sort in SORTS else "gap"
    return render(
        request,
        "touchpoints.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        organization=org,
        rows=_sorted(rows, sort),
        channels=columns.known_channels() if columns else [],
        filters={"since": since, "until": until, "channel": channel, "sort": sort},
        sorts=SORTS,
        f=formats,
    )


def _rows(
    org: Organization,
    touchpoints: dict[str, Touchpoint],
    columns: LadderColumns | None,
    chosen: LadderFilter,
    formats: Formats,
    drift: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    targets = targets_of(org, touchpoints)
    default = int(org.brand.default_target)
    ladder = pd.DataFrame()
    monthly = pd.DataFrame()
    if columns is not None:
        ladder = standing(columns, targets, default, chosen).set_index("touchpoint")
        monthly = monthly_levels(columns, chosen)
    keys = list(touchpoints) + [k for k in ladder.index if k not in touchpoints]
    return [
        _row(key, touchpoints.get(key), targets.get(key, default), ladder, monthly, formats, drift)
        for key in keys
    ]


def _row(
    key: str,
    tp: Touchpoint | None,
    target: int,
    ladder: pd.DataFrame,
    monthly: pd.DataFrame,
    formats: Formats,
    drift: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    found: dict[str, Any] = (
        {str(k): v for k, v in ladder.loc[key].items()} if key in ladder.index else {}
    )
    assessed = bool(found.get("assessed"))
    trend = monthly[monthly["touchpoint"] == key].tail(MAX_TREND_MONTHS) if assessed else None
    return {
        "key": key,
        "name": tp.name if tp else key,
        "channel": tp.channel.value if tp else "",
        "stage": tp.stage if tp else "",
        "target": target,
        "n": int(found.get("experiences", 0)),
        "assessed": int(found.get("assessed", 0)),
        "mean": found["mean_level"] if assessed else None,
        "shares": [found[f"share_{k}"] for k in range(1, 7)] if assessed else [],
        "at_target": found["at_target_share"] if assessed else None,
        "gap": found["gap"] if assessed else None,
        "below": bool(assessed and found["gap"] > 0),
        "drift": drift.get(key),
        "spark": sparkline(list(trend["month"]), list(trend["mean_level"]), target, formats)
        if trend is not None
        else None,
    }


def _sorted(rows: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    def missing_last(value: object) -> tuple[bool, float]:
        return (value is None, -float(value) if value is not None else 0.0)  # type: ignore[arg-type]

    orders: dict[str, Any] = {
        "gap": lambda r: missing_last(r["gap"]),
        "name": lambda r: (str(r["name"]).casefold(), r["key"]),
        "n": lambda r: (-r["n"], r["key"]),
        "mean": lambda r: missing_last(r["mean"]),
        "at_target": lambda r: (r["at_target"] is None, r["at_target"] or 0.0),
    }
    return sorted(rows, key=orders[sort])


@router.get("/touchpoints/{key}")
def touchpoint_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    key: str,
    since: Annotated[str, Query()] = "",
    until: Annotated[str, Query()] = "",
    channel: Annotated[str, Query()] = "",
) -> Response:
    org = cx.store.organization(user.organization)
    touchpoints = cx.touchpoints(org.key)
    kept = kept_answers(request, cx)
    columns = _columns(kept, org.key)
    known = columns is not None and key in columns.touchpoints
    if key not in touchpoints and not known:
        raise NotFound(f"no touchpoint {key!r} here; see /touchpoints for the list")
    language = language_of(request)
    formats = Formats(language)
    chosen = _filter(since, until, channel)
    target = targets_of(org, touchpoints).get(key, int(org.brand.default_target))
    own = _one_touchpoint(columns, chosen, key, target, int(org.brand.default_target))
    monthly = own["monthly"]
    return render(
        request,
        "touchpoint.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        key=key,
        tp=touchpoints.get(key),
        target=target,
        standing=own["standing"],
        monthly=monthly.to_dict("records"),
        drift=_drift_verdicts(kept, org.key).get(key),
        channels=columns.known_channels() if columns else [],
        filters={"since": since, "until": until, "channel": channel},
        shares_chart=ladder_by_month_chart(monthly, language),
        mean_chart=mean_level_chart(
            monthly,
            target,
            language=language,
            mean_title=WORDS["trend"][language == "nl"],
            target_title=WORDS["target"][language == "nl"],
        ),
        **kept.kept(
            (org.key, "touchpoint-evidence", key, target, chosen.channel),
            org.key,
            lambda: _evidence(cx.store.engine, org.key, key, target, chosen.channel),
        ),
        f=formats,
    )


def _one_touchpoint(
    columns: LadderColumns | None, chosen: LadderFilter, key: str, target: int, default: int
) -> dict[str, Any]:
    if columns is None:
        return {"standing": None, "monthly": pd.DataFrame(columns=list(MONTHLY_COLUMNS))}
    ladder = standing(columns, {key: target}, default, chosen)
    found = ladder[ladder["touchpoint"] == key].to_dict("records")
    return {
        "standing": found[0] if found and found[0]["assessed"] else None,
        "monthly": monthly_levels(columns, chosen, touchpoint=key),
    }


def _evidence(
    engine: sa.Engine, organization: str, key: str, target: int, channel: str | None
) -> dict[str, Any]:
    low = LevelBand(1, target - 1) if target > 1 else None
    high = LevelBand(5, 6)
    return {
        "low_reasons": frequent_reasons(engine, organization, key, low, channel=channel)
        if low
        else None,
        "high_reasons": frequent_reasons(engine, organization, key, high, channel=channel),
        "low_quotes": telling_quotes(
            engine,
            organization,
            key,
            low,
            LevelBand(1, min(2, low.highest)),
            channel=channel,
            limit=5,
        )
        if low
        else [],
        "high_quotes": telling_quotes(
            engine, organization, key, high, LevelBand(6, 6), channel=channel, limit=5
        ),
    }
