"""The report: one self-contained HTML file a CX manager can mail, open offline and print.

Per organisation it shows the headline figures, the ladder overall, per touchpoint and per
channel, the share at or above each touchpoint's target next to the brand's promise, the trend
per week or month, and the worst and best moments in the customer's own words with the reasons
for their level. All figures come from the pandas groupbys in `cxladder.ladder.shares`; only the
few moments quoted are looked at row by row, so a million experiences render in seconds.

Customer text is never trusted: the templates autoescape everything except the charts (built
from escaped text in `svg.py`) and `extra_sections`, which other modules hand in as HTML.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import jinja2
import pandas as pd
from markupsafe import Markup

from cxladder.errors import InvalidInput
from cxladder.ladder import shares as ladder
from cxladder.model import Channel, Organization, ServiceLevel, Touchpoint
from cxladder.report import svg

__all__ = ["ReportInput", "ReportSection", "render_report"]

LANGUAGES = ("en", "nl")
TEMPLATES = Path(__file__).with_name("templates")

# Quotes longer than this are cut at a word: a meeting reads the gist, the store keeps the rest.
QUOTE_LENGTH = 320
# A touchpoint shows green when the promise holds for at least half of its experiences, judged
# on the rounded figure the reader sees, so a "50%" is never red.
PROMISE_KEPT_PERCENT = 50
# The columns the figures need; the rest (text, reasons) is only read for the quoted moments.
_FIGURE_COLUMNS = ("touchpoint", "channel", "level", "at")


@dataclass(frozen=True)
class ReportSection:
    """A piece of the report another module draws (a journey map); `html` is trusted as is."""

    title: str
    html: str


@dataclass(frozen=True)
class ReportInput:
    """One organisation's part of the report; `experiences` is `Store.assessed_frame()`."""

    organization: Organization
    touchpoints: dict[str, Touchpoint]
    experiences: pd.DataFrame
    extra_sections: Sequence[ReportSection] = field(default_factory=tuple)


def render_report(
    inputs: Sequence[ReportInput],
    out: Path,
    *,
    generated_at: datetime,
    language: str = "en",
    title: str | None = None,
    moments: int = 5,
    period: ladder.Period | Literal["auto"] = "auto",
) -> Path:
    """Write the report for every organisation in `inputs` to `out` and return its path.

    `moments` is how many worst and how many best moments are quoted per organisation;
    `period` fixes the trend to weeks or months instead of choosing by the span of the data.
    """
    if language not in LANGUAGES:
        raise InvalidInput(f"report language {language!r} is not supported; use en or nl")
    if not inputs:
        raise InvalidInput("nothing to report: pass at least one organisation")
    words = Words(language)
    views = [_organization_view(item, words, moments=moments, period=period) for item in inputs]
    html = _environment().get_template("report.html.j2").render(
        t=words,
        title=title or words("title"),
        organizations=views,
        generated=words.moment(generated_at),
        levels=_level_legend(words),
        language=language,
    )
    return _write(Path(out), html)


# -- words -----------------------------------------------------------------------------------


_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Customer experience on the service ladder", "Klantbeleving op de serviceladder"),
    "generated": ("Generated", "Gemaakt op"),
    "contents": ("Organisations", "Organisaties"),
    "experiences": ("Experiences", "Ervaringen"),
    "customers": ("Customers", "Klanten"),
    "assessed": ("assessed", "beoordeeld"),
    "mean_level": ("Mean level", "Gemiddeld niveau"),
    "at_target": ("At or above target", "Op of boven doel"),
    "nps": ("NPS", "NPS"),
    "csat": ("CSAT", "CSAT"),
    "ces": ("CES", "CES"),
    "responses": ("responses", "antwoorden"),
    "nps_note": ("% promoters (9-10) minus % detractors (0-6)", "% promoters min % criticasters"),
    "csat_note": ("share of 4 and 5 on 1-5", "aandeel 4 en 5 op 1-5"),
    "ces_note": ("mean effort, 1 easy .. 7 hard", "gemiddelde moeite, 1 makkelijk .. 7 zwaar"),
    "no_scores": ("no scores given", "geen scores gegeven"),
    "ladder": ("The ladder", "De ladder"),
    "ladder_intro": (
        "Where every assessed experience stands, from 'never again' to 'goes viral'.",
        "Waar elke beoordeelde ervaring staat, van 'nooit meer' tot 'gaat viral'.",
    ),
    "level": ("Level", "Niveau"),
    "meaning": ("What it means", "Wat het betekent"),
    "count": ("Count", "Aantal"),
    "share": ("Share", "Aandeel"),
    "promise": ("The brand promise", "De merkbelofte"),
    "no_promise": (
        "No brand statement recorded; targets come from the touchpoints.",
        "Geen merkbelofte vastgelegd; de doelen komen van de contactmomenten.",
    ),
    "targets": ("Promise kept per touchpoint", "Belofte waargemaakt per contactmoment"),
    "targets_intro": (
        "Share of experiences at or above the level promised at each touchpoint, the largest "
        "gap first. The tick on each bar marks where the target level starts.",
        "Aandeel ervaringen op of boven het beloofde niveau per contactmoment, het grootste gat "
        "eerst. Het streepje op elke balk markeert waar het doelniveau begint.",
    ),
    "touchpoint": ("Touchpoint", "Contactmoment"),
    "channel": ("Channel", "Kanaal"),
    "stage": ("Stage", "Fase"),
    "target": ("Target", "Doel"),
    "mix": ("Level mix", "Verdeling"),
    "n": ("n", "n"),
    "per_channel": ("The ladder per channel", "De ladder per kanaal"),
    "trend": ("Trend", "Verloop"),
    "trend_week": ("Per week: level mix and mean level", "Per week: verdeling en gemiddeld niveau"),
    "trend_month": (
        "Per month: level mix and mean level",
        "Per maand: verdeling en gemiddeld niveau",
    ),
    "period_week": ("Week of", "Week van"),
    "period_month": ("Month", "Maand"),
    "mean": ("mean level", "gem. niveau"),
    "worst": ("Worst moments", "Slechtste momenten"),
    "worst_intro": (
        "The lowest experiences, in the customer's own words where they gave any.",
        "De laagste ervaringen, in de woorden van de klant waar die er waren.",
    ),
    "best": ("Best moments", "Beste momenten"),
    "best_intro": (
        "The highest experiences: what to repeat and to tell the team about.",
        "De hoogste ervaringen: wat te herhalen en aan het team te vertellen.",
    ),
    "no_worst": (
        "No experience at Expected or below: nothing fell short enough to quote here.",
        "Geen ervaring op Verwacht of lager: niets schoot tekort om hier te citeren.",
    ),
    "no_best": (
        "No experience reached Desired or above yet.",
        "Nog geen ervaring bereikte Gewenst of hoger.",
    ),
    "why": ("Why this level", "Waarom dit niveau"),
    "no_words": ("No comment given.", "Geen toelichting gegeven."),
    "confidence": ("confidence", "zekerheid"),
    "staff": ("staff", "medewerker"),
    "unknown": ("unknown", "onbekend"),
    "empty": (
        "No experiences recorded for this organisation yet. Import a file with `cxladder "
        "import` or fill a demo with `cxladder demo`, then assess with `cxladder assess`.",
        "Nog geen ervaringen vastgelegd voor deze organisatie. Importeer een bestand met "
        "`cxladder import` of maak een demo met `cxladder demo`, en beoordeel met "
        "`cxladder assess`.",
    ),
    "unassessed": (
        "{count} experiences are recorded but none is on the ladder yet. Run `cxladder assess` "
        "and write the report again.",
        "{count} ervaringen zijn vastgelegd, maar nog geen enkele staat op de ladder. Voer "
        "`cxladder assess` uit en maak het rapport opnieuw.",
    ),
    "partly_assessed": (
        "Not assessed yet, and left out of the shares below: {count} of the experiences. Run "
        "`cxladder assess` to include them.",
        "Nog niet beoordeeld, en niet meegeteld in de aandelen hieronder: {count} van de "
        "ervaringen. Voer `cxladder assess` uit om ze mee te nemen.",
    ),
    "chart_ladder": ("Share of experiences per level", "Aandeel ervaringen per niveau"),
    "chart_trend": (
        "Level mix and mean level over time",
        "Verdeling en gemiddeld niveau in de tijd",
    ),
    "footer": (
        "Levels after Ron Kaufman's service ladder. Made with cxladder.",
        "Niveaus volgens de serviceladder van Ron Kaufman. Gemaakt met cxladder.",
    ),
}

_CHANNELS_NL = {
    Channel.STORE: "winkel",
    Channel.WEB: "web",
    Channel.APP: "app",
    Channel.PHONE: "telefoon",
    Channel.EMAIL: "e-mail",
    Channel.PARTNER: "partner",
    Channel.ON_SITE: "ter plaatse",
}

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}


class Words:
    """Labels, numbers and dates in the report's language ('en' or 'nl')."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._nl = language == "nl"

    def __call__(self, key: str, **values: object) -> str:
        text = _LABELS[key][1 if self._nl else 0]
        return text.format(**values) if values else text

    def level(self, level: int) -> str:
        return ServiceLevel(level).label(self.language)

    def definition(self, level: int) -> str:
        return ServiceLevel(level).definition(self.language)

    def channel(self, value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
            return self("unknown")
        try:
            channel = Channel.parse(value)
        except ValueError:
            return str(value)
        return _CHANNELS_NL[channel] if self._nl else channel.value

    def number(self, value: float, decimals: int = 0) -> str:
        text = f"{value:,.{decimals}f}"
        if self._nl:
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text

    def signed(self, value: float) -> str:
        return ("+" if value > 0 else "") + self.number(value)

    def day(self, moment: pd.Timestamp | datetime) -> str:
        return f"{moment.day} {_MONTHS[self.language][moment.month - 1]} {moment.year}"

    def moment(self, moment: datetime) -> str:
        return f"{self.day(moment)} {moment:%H:%M}"

    def month(self, moment: pd.Timestamp) -> str:
        return f"{_MONTHS[self.language][moment.month - 1]} {moment.year}"


# -- views: what the templates show, already computed and formatted --------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class LevelRow:
    level: int
    name: str
    definition: str
    fill: str
    ink: str
    count: str = ""
    share: str = ""


@dataclass(frozen=True, slots=True)
class ShareCell:
    """A share in a table cell, with a thin bar in its level's colour under the figure."""

    text: str
    width: float
    fill: str


@dataclass(frozen=True, slots=True)
class ShareRow:
    """One line of a ladder table: a touchpoint, a channel or a period."""

    label: str
    detail: str
    n: str
    shares: list[ShareCell]
    mean: str
    bar: Markup = Markup("")
    target: str = ""
    at_target: str = ""
    kept: bool = True


@dataclass(frozen=True, slots=True)
class ReasonView:
    message: str
    evidence: str
    source: str


@dataclass(frozen=True, slots=True)
class MomentView:
    level: int
    level_name: str
    fill: str
    ink: str
    touchpoint: str
    channel: str
    when: str
    quote: str
    staff: str
    confidence: str
    reasons: list[ReasonView]


@dataclass(frozen=True, slots=True)
class OrganizationView:
    key: str
    name: str
    sector: str
    statement: str
    values: list[str]
    figures: list[Figure]
    message: str = ""
    notice: str = ""
    ladder_chart: Markup = Markup("")
    ladder_bar: Markup = Markup("")
    levels: list[LevelRow] = field(default_factory=list)
    touchpoints: list[ShareRow] = field(default_factory=list)
    channels: list[ShareRow] = field(default_factory=list)
    trend_title: str = ""
    trend_period: str = ""
    trend_chart: Markup = Markup("")
    trend: list[ShareRow] = field(default_factory=list)
    worst: list[MomentView] = field(default_factory=list)
    best: list[MomentView] = field(default_factory=list)
    sections: list[ReportSection] = field(default_factory=list)


def _organization_view(
    item: ReportInput,
    words: Words,
    *,
    moments: int,
    period: ladder.Period | Literal["auto"],
) -> OrganizationView:
    org, frame = item.organization, item.experiences
    ladder.require_columns(frame, ("touchpoint", "at", "level"), owner=org.key)
    brand = org.brand
    numbers = ladder.headline(frame, touchpoints=item.touchpoints, brand=brand)
    # Rated once here, so each table below groups a narrow frame instead of copying the wide one.
    figures_frame = ladder.assessed(frame[[c for c in _FIGURE_COLUMNS if c in frame.columns]])
    base = OrganizationView(
        key=org.key,
        name=org.name or org.key,
        sector=org.sector,
        statement=brand.statement,
        values=list(brand.values),
        figures=_figures(numbers, words),
        sections=list(item.extra_sections),
    )
    if numbers.experiences == 0:
        return replace(base, message=words("empty"))
    if numbers.assessed == 0:
        return replace(base, message=words("unassessed", count=words.number(len(frame))))
    overall = ladder.level_shares(figures_frame).iloc[0]
    trend_period = ladder.choose_period(figures_frame["at"]) if period == "auto" else period
    return replace(
        base,
        notice=_unassessed_notice(numbers, words),
        ladder_chart=svg.ladder_chart(
            _shares(overall), names=_names(words), title=words("chart_ladder")
        ),
        ladder_bar=svg.stacked_bar(
            _shares(overall), names=_names(words), title=words("chart_ladder"), width=1020,
            height=30,
        ),
        levels=_level_rows(overall, words),
        touchpoints=_touchpoint_rows(figures_frame, item, words),
        channels=_channel_rows(figures_frame, item, words),
        trend_title=words(f"trend_{trend_period}"),
        trend_period=words(f"period_{trend_period}"),
        **_trend(figures_frame, item, words, trend_period),
        worst=_moment_views(ladder.worst_moments(frame, moments), item, words),
        best=_moment_views(ladder.best_moments(frame, moments), item, words),
    )


def _unassessed_notice(numbers: ladder.Headline, words: Words) -> str:
    waiting = numbers.experiences - numbers.assessed
    return words("partly_assessed", count=words.number(waiting)) if waiting else ""


def _figures(numbers: ladder.Headline, words: Words) -> list[Figure]:
    none = words("no_scores")
    assessed = f"{words.number(numbers.assessed)} {words('assessed')}"
    figures = [
        Figure(words("experiences"), words.number(numbers.experiences), assessed),
        Figure(words("customers"), words.number(numbers.customers)),
    ]
    if numbers.mean_level is not None:
        rung = words.level(round(numbers.mean_level))
        figures.append(Figure(words("mean_level"), words.number(numbers.mean_level, 2), rung))
    if numbers.at_or_above_target is not None:
        figures.append(Figure(words("at_target"), svg.percent(numbers.at_or_above_target)))
    figures += [
        _score(words("nps"), numbers.nps, numbers.nps_responses, words, words.signed, none),
        _score(words("csat"), numbers.csat, numbers.csat_responses, words, svg.percent, none),
        _score(
            words("ces"),
            numbers.ces,
            numbers.ces_responses,
            words,
            lambda value: words.number(value, 1),
            none,
        ),
    ]
    return figures


def _score(
    label: str, value: float | None, responses: int, words: Words, shown: Any, none: str
) -> Figure:
    if value is None:
        return Figure(label, "–", none)
    return Figure(label, str(shown(value)), f"{words.number(responses)} {words('responses')}")


def _names(words: Words) -> list[str]:
    return [words.level(level) for level in ladder.LEVELS]


def _shares(row: pd.Series) -> list[float]:
    return [float(row[column]) for column in ladder.SHARE_COLUMNS]


def _level_legend(words: Words) -> list[LevelRow]:
    return [
        LevelRow(
            level, words.level(level), words.definition(level), svg.LEVEL_FILL[level],
            svg.LEVEL_INK[level],
        )
        for level in ladder.LEVELS
    ]


def _level_rows(overall: pd.Series, words: Words) -> list[LevelRow]:
    return [
        LevelRow(
            level=row.level,
            name=row.name,
            definition=row.definition,
            fill=row.fill,
            ink=row.ink,
            count=words.number(int(overall[f"count_{row.level}"])),
            share=svg.percent(float(overall[f"share_{row.level}"])),
        )
        for row in reversed(_level_legend(words))
    ]


def _share_row(
    row: pd.Series, label: str, detail: str, words: Words, *, target: int | None = None
) -> ShareRow:
    shares = _shares(row)
    reached = row.get("share_at_or_above_target")
    return ShareRow(
        label=label,
        detail=detail,
        n=words.number(int(row["n"])),
        shares=[
            ShareCell(svg.percent(share), round(100 * share, 1), svg.LEVEL_FILL[level])
            for level, share in zip(ladder.LEVELS, shares, strict=True)
        ],
        mean=words.number(float(row["mean_level"]), 2) if row["n"] else "–",
        # Only the touchpoint table draws a bar (with its target tick); the wider tables carry a
        # thin bar under each share instead.
        bar=svg.stacked_bar(shares, names=_names(words), title=label, target=target)
        if target
        else Markup(""),
        target=words.level(target) if target else "",
        at_target=svg.percent(float(reached)) if reached is not None else "",
        kept=reached is None or round(float(reached) * 100) >= PROMISE_KEPT_PERCENT,
    )


def _touchpoint_rows(frame: pd.DataFrame, item: ReportInput, words: Words) -> list[ShareRow]:
    table = ladder.target_attainment(frame, item.touchpoints, brand=item.organization.brand)
    rows = []
    for _, row in table.iterrows():
        channel = words.channel(row["channel"]) if pd.notna(row["channel"]) else ""
        detail = " · ".join(part for part in (channel, str(row["stage"])) if part)
        target = int(row["target_level"])
        rows.append(_share_row(row, str(row["name"]), detail, words, target=target))
    return rows


def _channel_rows(frame: pd.DataFrame, item: ReportInput, words: Words) -> list[ShareRow]:
    if "channel" not in frame:
        return []
    table = ladder.level_shares(frame, ("channel",), **_promises(item))
    return [
        _share_row(row, words.channel(row["channel"]), "", words) for _, row in table.iterrows()
    ]


def _promises(item: ReportInput) -> dict[str, Any]:
    return {"touchpoints": item.touchpoints, "brand": item.organization.brand}


def _trend(
    frame: pd.DataFrame, item: ReportInput, words: Words, period: ladder.Period
) -> dict[str, Any]:
    table = ladder.level_trend(frame, period=period, **_promises(item))
    labels = _period_labels(table["period"], words, period)
    pairs = zip(labels, table.iterrows(), strict=True)
    rows = [_share_row(row, label, "", words) for label, (_, row) in pairs]
    chart = svg.trend_chart(
        labels,
        [_shares(row) for _, row in table.iterrows()],
        [float(mean) for mean in table["mean_level"]],
        names=_names(words),
        title=words("chart_trend"),
        mean_label=words("mean"),
    )
    return {"trend": rows, "trend_chart": chart}


def _period_labels(starts: pd.Series, words: Words, period: ladder.Period) -> list[str]:
    if period == "month":
        return [words.month(start) for start in starts]
    return [words.day(start) for start in starts]


def _moment_views(picked: pd.DataFrame, item: ReportInput, words: Words) -> list[MomentView]:
    return [_moment_view(row, item, words) for _, row in picked.iterrows()]


def _moment_view(row: pd.Series, item: ReportInput, words: Words) -> MomentView:
    level = int(row["level"])
    key = str(row.get("touchpoint", ""))
    touchpoint = item.touchpoints.get(key)
    at = row.get("at")
    confidence = _fraction(row.get("confidence"))
    return MomentView(
        level=level,
        level_name=words.level(level),
        fill=svg.LEVEL_FILL[level],
        ink=svg.LEVEL_INK[level],
        touchpoint=touchpoint.name if touchpoint else key,
        channel=words.channel(row.get("channel")),
        when=words.day(at) if isinstance(at, pd.Timestamp) and pd.notna(at) else "",
        quote=_quote(row.get("text")),
        staff=_text(row.get("staff")),
        confidence="" if confidence is None else svg.percent(confidence),
        reasons=_reasons(row.get("reasons")),
    )


def _fraction(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if pd.isna(number) else number


def _quote(text: object) -> str:
    words = _text(text)
    if len(words) <= QUOTE_LENGTH:
        return words
    cut = words[:QUOTE_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def _text(value: object) -> str:
    return str(value).strip() if _present(value) else ""


def _present(value: object) -> bool:
    if value is None:
        return False
    try:
        return not bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return True


def _reasons(value: object, limit: int = 3) -> list[ReasonView]:
    """The strongest reasons first; the store hands JSON lists, a CSV round trip a string."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return [ReasonView(str(value), "", "")]
    if not isinstance(value, list | tuple):
        return []
    reasons = [reason for reason in value if isinstance(reason, Mapping)]
    reasons.sort(key=lambda reason: -_weight(reason))
    return [
        ReasonView(_text(r.get("message")), _text(r.get("evidence")), _text(r.get("source")))
        for r in reasons[:limit]
    ]


def _weight(reason: Mapping[str, Any]) -> float:
    try:
        return float(reason.get("weight", 0.0))
    except (TypeError, ValueError):
        return 0.0


# -- output ----------------------------------------------------------------------------------


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _write(out: Path, html: str) -> Path:
    """Write beside the target and rename, so a reader never opens half a report."""
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder; name the report file, e.g. {out / 'report.html'}")
    partial = out.with_name(f".{out.name}.partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise InvalidInput(
            f"cannot write the report to {out}: {exc.strerror or exc}; choose another file"
        ) from exc
    return out
