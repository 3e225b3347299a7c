"""What the touchpoint and moment pages share: the kept analytics, numbers and dates in the
reader's language, the small trend lines and the Vega-Lite specs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd
from fastapi import Request

from cxladder.app import Cxladder
from cxladder.journeys.kept import KeptAnswers
from cxladder.model import Organization, ServiceLevel, Touchpoint
from cxladder.web.rendering import level_scale

__all__ = [
    "Formats",
    "Sparkline",
    "kept_answers",
    "ladder_by_month_chart",
    "mean_level_chart",
    "sparkline",
    "targets_of",
]

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}
VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"


def kept_answers(request: Request, cx: Cxladder) -> KeptAnswers:
    """The app's one `KeptAnswers`: its answers outlive the request that computed them."""
    # Its own name on the app's state: the API's journey routes keep theirs as `kept_journeys`.
    kept: KeptAnswers | None = getattr(request.app.state, "kept_for_pages", None)
    if kept is None or kept.store is not cx.store:
        kept = KeptAnswers(cx.store, logs=cx.journey_logs)
        request.app.state.kept_for_pages = kept
    return kept


def targets_of(organization: Organization, touchpoints: Mapping[str, Touchpoint]) -> dict[str, int]:
    """Each touchpoint's target level: the brand promise's where it names one (as the journey
    analytics read it), else the touchpoint's own."""
    targets = {key: int(tp.target_level) for key, tp in touchpoints.items()}
    targets.update({key: int(level) for key, level in organization.brand.targets.items()})
    return targets


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


@dataclass(frozen=True, slots=True)
class Formats:
    """Numbers and dates the way the reader writes them (nl: 3,42 and 23-11-2026)."""

    language: str

    def number(self, value: object, digits: int = 2) -> str:
        if _missing(value):
            return "–"
        text = f"{float(value):,.{digits}f}"  # type: ignore[arg-type]
        if self.language == "nl":
            text = text.replace(",", "_").replace(".", ",").replace("_", ".")
        return text

    def count(self, value: object) -> str:
        return "–" if _missing(value) else self.number(value, 0)

    def percent(self, value: object) -> str:
        if _missing(value):
            return "–"
        return f"{self.number(float(value) * 100, 0)}%"  # type: ignore[arg-type]

    def signed(self, value: object, digits: int = 2) -> str:
        if _missing(value):
            return "–"
        sign = "+" if float(value) > 0 else ""  # type: ignore[arg-type]
        return sign + self.number(value, digits)

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return "–"
        return value.strftime("%d-%m-%Y" if self.language == "nl" else "%Y-%m-%d")

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return "–"
        return f"{self.day(value)} {value.strftime('%H:%M')}"

    def month(self, value: date | datetime | pd.Timestamp) -> str:
        names = _MONTHS["nl" if self.language == "nl" else "en"]
        return f"{names[value.month - 1]} {value.year}"


@dataclass(frozen=True, slots=True)
class Sparkline:
    """A small trend line of the mean level per month, and the same figures as text."""

    points: str
    target_y: float
    last_x: float
    last_y: float
    text: str
    width: int = 100
    height: int = 32


def sparkline(
    months: Sequence[pd.Timestamp],
    means: Sequence[float],
    target: int,
    formats: Formats,
    *,
    width: int = 100,
    height: int = 32,
) -> Sparkline | None:
    """None with fewer than two months: a single point is no trend."""
    if len(means) < 2:
        return None

    def y(level: float) -> float:
        return round(2 + (6 - level) / 5 * (height - 4), 1)

    step = (width - 4) / (len(means) - 1)
    xs = [round(2 + i * step, 1) for i in range(len(means))]
    points = " ".join(f"{x},{y(m)}" for x, m in zip(xs, means, strict=True))
    text = "; ".join(
        f"{formats.month(month)}: {formats.number(mean)}"
        for month, mean in zip(months, means, strict=True)
    )
    return Sparkline(points, y(target), xs[-1], y(means[-1]), text, width, height)


def _month_axis(language: str) -> dict[str, Any]:
    # Vega formats dates in English by itself; Dutch readers get 05-2026.
    return {"format": "%m-%Y" if language == "nl" else "%b %Y", "formatType": "time"}


def ladder_by_month_chart(monthly: pd.DataFrame, language: str) -> dict[str, Any]:
    """Stacked level shares per month (one touchpoint's `monthly_levels` rows)."""
    data = [
        {
            "month": pd.Timestamp(row["month"]).date().isoformat(),
            "level": level.label(language),
            "order": level.value,
            "share": float(row[f"share_{level.value}"]),
        }
        for row in monthly.to_dict("records")
        for level in ServiceLevel
    ]
    return {
        "$schema": VEGA_LITE,
        "width": "container",
        "height": 220,
        "data": {"values": data},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "month",
                "type": "ordinal",
                "timeUnit": "yearmonth",
                "title": None,
                "axis": _month_axis(language),
            },
            "y": {
                "field": "share",
                "type": "quantitative",
                "stack": "normalize",
                "axis": {"format": "%", "title": None},
            },
            "color": {
                "field": "level",
                "type": "nominal",
                "scale": level_scale(language),
                "legend": {"orient": "bottom", "title": None},
            },
            "order": {"field": "order"},
        },
    }


def mean_level_chart(
    monthly: pd.DataFrame, target: int, *, language: str, mean_title: str, target_title: str
) -> dict[str, Any]:
    """Mean level per month as a line, the target level as a dashed rule across it."""
    line = [
        {"month": pd.Timestamp(row["month"]).date().isoformat(), "mean": float(row["mean_level"])}
        for row in monthly.to_dict("records")
    ]
    scale = {"domain": [1, 6], "nice": False}
    return {
        "$schema": VEGA_LITE,
        "width": "container",
        "height": 180,
        "layer": [
            {
                "data": {"values": line},
                "mark": {"type": "line", "point": True, "tooltip": True, "color": "#1c4e80"},
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": None,
                        "axis": _month_axis(language),
                    },
                    "y": {
                        "field": "mean",
                        "type": "quantitative",
                        "scale": scale,
                        "title": mean_title,
                    },
                },
            },
            {
                "data": {"values": [{"target": target, "name": target_title}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#b10026"},
                "encoding": {
                    "y": {"field": "target", "type": "quantitative", "scale": scale},
                    "tooltip": [{"field": "name"}, {"field": "target"}],
                },
            },
        ],
    }
