"""The journey map page, and the experiences behind any touchpoint or step on it.

/journeys draws the map (Graphviz SVG, every node and step a link), with filters for segment,
channel and the smallest step worth drawing, the busiest paths, and the map as tables.
/experiences lists the experiences behind a node or a step, 50 a page, newest first;
/experiences/{event_id} shows one experience with its level, every reason and the customer's
moments on either side. What they compute is kept in `journey_views` until the log changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import pandas as pd
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cxladder.api.deps import CxDep
from cxladder.journeys.drawing import human_duration
from cxladder.journeys.events import PATH_SEPARATOR
from cxladder.model import Assessment, Channel, Organization, ServiceLevel, Touchpoint
from cxladder.store.journey_queries import customer_neighbours
from cxladder.store.repo import StoredExperience
from cxladder.web.journey_graph import (
    GraphWords,
    MapLinks,
    level_of_mean,
    map_svg,
    number,
)
from cxladder.web.journey_views import POSITIONS, ExperienceQuery, journey_views
from cxladder.web.journey_words import WORDS
from cxladder.web.rendering import LEVEL_COLOURS, PageUser, language_of, render
from cxladder.web.words import say

__all__ = ["PAGE_SIZE", "WORDS", "router"]

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _say(key: str, language: str) -> str:
    english, dutch = WORDS[key]
    return dutch if language == "nl" else english


# -- formatting --------------------------------------------------------------------------------


def when(moment: datetime, language: str) -> str:
    """A moment as the reader writes it: 23-11-2026 19:05 in Dutch, 2026-11-23 19:05 else."""
    return moment.strftime("%d-%m-%Y %H:%M" if language == "nl" else "%Y-%m-%d %H:%M")


def _level_badge(level: ServiceLevel | None, language: str) -> dict[str, str] | None:
    if level is None:
        return None
    # The colour comes from the class (journeys.css, the LEVEL_COLOURS); the text says it too.
    return {"text": f"{int(level)} {level.label(language)}", "class": f"level-{int(level)}"}


def _duration(seconds: Any, language: str) -> str:
    if seconds is None or pd.isna(seconds):
        return ""
    return human_duration(float(seconds), language=language)


# -- input -------------------------------------------------------------------------------------


@dataclass
class _Problems:
    language: str
    messages: list[str]

    def add(self, key: str, **values: object) -> None:
        self.messages.append(_say(key, self.language).format(**values))

    def whole(self, field: str, text: str) -> int | None:
        if not text.strip():
            return None
        try:
            return int(text)
        except ValueError:
            self.add("bad_number", field=field, value=text)
            return None

    def day(self, field: str, text: str) -> datetime | None:
        if not text.strip():
            return None
        try:
            return datetime.fromisoformat(text.strip())
        except ValueError:
            self.add("bad_date", field=field, value=text)
            return None


def _known_channel(problems: _Problems, text: str, channels: list[str]) -> str | None:
    if not text:
        return None
    try:
        channel = Channel.parse(text).value
    except ValueError:
        channel = text
    if channel not in channels:
        problems.add("bad_channel", value=text, known=", ".join(channels) or "–")
        return None
    return channel


def _known_segment(
    problems: _Problems, text: str, segments: Callable[[], pd.DataFrame]
) -> int | None:
    segment = problems.whole(_say("segment", problems.language), text)
    if segment is None:
        return None  # grouping journeys costs a clustering run: only when a segment is asked
    known = sorted(int(s) for s in segments()["segment"])
    if segment is not None and segment not in known:
        problems.add("bad_segment", value=text, known=", ".join(map(str, known)) or "–")
        return None
    return segment


def _level(problems: _Problems, text: str) -> int | None:
    value = problems.whole(say("level", problems.language), text)
    if value is not None and not 1 <= value <= 6:
        problems.add("bad_level", value=text)
        return None
    return value


# -- the journey map ---------------------------------------------------------------------------


def _query(**values: object) -> str:
    kept = {k: str(v) for k, v in values.items() if v not in (None, "")}
    return urlencode(kept)


def _href(path: str, **values: object) -> str:
    query = _query(**values)
    return f"{path}?{query}" if query else path


def _links(segment: int | None, channel: str | None) -> MapLinks:
    def to(**values: object) -> str:
        return _href("/experiences", **values, channel=channel, segment=segment)

    return MapLinks(
        node=lambda key: to(touchpoint=key),
        edge=lambda source, target: to(**{"from": source, "to": target}),
        entry=lambda key: to(touchpoint=key, position="first"),
        exit=lambda key: to(touchpoint=key, position="last"),
    )


def _graph_words(language: str) -> GraphWords:
    def s(key: str) -> str:
        return _say(key, language)

    return GraphWords(
        language=language,
        experiences=s("experiences_word"),
        journeys=s("journeys_word"),
        not_assessed=s("not_assessed"),
        start=s("start"),
        end=s("end"),
        pain=s("pain"),
        wow=s("wow"),
        step=s("step"),
        median=s("median"),
        map_name=s("map_name"),
        colours=LEVEL_COLOURS,
    )


def _node_rows(
    nodes: pd.DataFrame, names: dict[str, str], links: MapLinks, language: str
) -> list[dict[str, Any]]:
    rows = []
    for record in nodes.sort_values(["experiences", "touchpoint"], ascending=[False, True]).to_dict(
        "records"
    ):
        key = str(record["touchpoint"])
        mean = record.get("mean_level")
        rows.append(
            {
                "name": names.get(key, key),
                "href": links.node(key),
                "experiences": number(int(record["experiences"]), language),
                "journeys": number(int(record["journeys"]), language),
                "mean": "" if pd.isna(mean) else number(float(mean), language, decimals=2),
                "badge": _level_badge(
                    level_of_mean(None if pd.isna(mean) else float(mean)), language
                ),
                "pain": bool(record["is_pain"]),
                "wow": bool(record["is_wow"]),
            }
        )
    return rows


def _edge_rows(
    edges: pd.DataFrame, names: dict[str, str], links: MapLinks, language: str
) -> list[dict[str, Any]]:
    rows = []
    for record in edges.sort_values(
        ["count", "source", "target"], ascending=[False, True, True]
    ).to_dict("records"):
        source, target = str(record["source"]), str(record["target"])
        rows.append(
            {
                "source": names.get(source, source),
                "target": names.get(target, target),
                "href": links.edge(source, target),
                "count": number(int(record["count"]), language),
                "median": _duration(record.get("median_seconds"), language),
                "p90": _duration(record.get("p90_seconds"), language),
                "pain": bool(record["is_pain"]),
            }
        )
    return rows


def _terminal_rows(
    frame: pd.DataFrame, names: dict[str, str], href: Any, language: str
) -> list[dict[str, Any]]:
    return [
        {
            "name": names.get(str(r["touchpoint"]), str(r["touchpoint"])),
            "href": href(str(r["touchpoint"])),
            "journeys": number(int(r["journeys"]), language),
            "share": f"{float(r['share']):.0%}",
        }
        for r in frame.to_dict("records")
    ]


def _variant_rows(
    variants: pd.DataFrame, names: dict[str, str], language: str
) -> list[dict[str, Any]]:
    rows = []
    for r in variants.to_dict("records"):
        steps = [names.get(key, key) for key in str(r["path"]).split(PATH_SEPARATOR)]
        mean = r.get("mean_level")
        known = None if mean is None or pd.isna(mean) else float(mean)
        rows.append(
            {
                "steps": steps,
                "journeys": number(int(r["journeys"]), language),
                "share": f"{float(r['share']):.0%}",
                "mean": "" if known is None else number(known, language, decimals=2),
                "badge": _level_badge(level_of_mean(known), language),
            }
        )
    return rows


def _segment_options(segments: pd.DataFrame, language: str) -> list[dict[str, str]]:
    return [
        {
            "value": str(int(r["segment"])),
            "name": f"{int(r['segment'])}: {r['name']} ({number(int(r['journeys']), language)})",
        }
        for r in segments.to_dict("records")
    ]


def _smallest_drawn(edges: pd.DataFrame, asked: int) -> int:
    """The smallest step count at or above `asked` (one past the biggest when none is): the
    same steps are drawn for every `asked` between two counts."""
    counts = sorted(int(c) for c in edges["count"])
    return next((c for c in counts if c >= asked), (counts[-1] if counts else 0) + 1)


@router.get("/journeys")
def journey_map_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    segment: Annotated[str, Query()] = "",
    channel: Annotated[str, Query()] = "",
    min_count: Annotated[str, Query(alias="min")] = "",
) -> Response:
    language = language_of(request)
    problems = _Problems(language, [])
    org = user.organization
    views = journey_views(cx)
    smallest = max(1, problems.whole(_say("min_count", language), min_count) or 1)
    channels = views.channels(org)
    chosen_channel = _known_channel(problems, channel, channels)
    segments = views.segments(org)
    chosen_segment = _known_segment(problems, segment, lambda: segments)
    selection = views.selection(org, segment=chosen_segment, channel=chosen_channel)
    names = {key: tp.name for key, tp in cx.touchpoints(org).items()}
    links = _links(chosen_segment, chosen_channel)
    context: dict[str, Any] = {
        "filters": {"segment": chosen_segment, "channel": chosen_channel or "", "min": smallest},
        "segments": _segment_options(segments, language),
        "channels": channels,
        "problems": problems.messages,
        "selection": selection,
    }
    if selection is not None:
        found = selection.found
        smallest = _smallest_drawn(found.edges, smallest)
        # One picture per distinct drawing, so no query string can grow the cache unbounded.
        key = (chosen_segment, chosen_channel, smallest, language, tuple(sorted(names.items())))
        context.update(
            svg=views.picture(
                org,
                key,
                lambda: map_svg(
                    found,
                    names=names,
                    links=links,
                    words=_graph_words(language),
                    min_count=smallest,
                ),
            ),
            hidden=int((found.edges["count"] < smallest).sum()),
            nodes=_node_rows(found.nodes, names, links, language),
            edges=_edge_rows(found.edges, names, links, language),
            entries=_terminal_rows(found.entries, names, links.entry, language),
            exits=_terminal_rows(found.exits, names, links.exit, language),
            variants=_variant_rows(selection.variants, names, language),
            journeys=number(selection.journeys, language),
        )
    return render(
        request,
        "journeys.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        status=422 if problems.messages else 200,
        **context,
    )


# -- the experiences behind a node or step -----------------------------------------------------


def _experience_row(
    pair: tuple[StoredExperience, Assessment | None], names: dict[str, str], language: str
) -> dict[str, Any]:
    stored, assessment = pair
    e = stored.experience
    text = " ".join(e.text.split())
    return {
        "href": "/experiences/" + quote(e.id, safe=""),
        "id": e.id,
        "when": when(e.at, language),
        "iso": e.at.isoformat(),
        "customer": e.customer_id,
        "customer_href": "/customers/" + quote(e.customer_id, safe=""),
        "touchpoint": names.get(e.touchpoint, e.touchpoint),
        "channel": e.channel.value if e.channel else "",
        "badge": _level_badge(assessment.level if assessment else None, language),
        "scores": [
            (name.upper(), number(v, language, decimals=0 if v == int(v) else 1))
            for name, v in e.scores().items()
        ],
        "quote": text if len(text) <= 240 else text[:239] + "…",
    }


@router.get("/experiences")
def experiences_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    touchpoint: Annotated[str, Query()] = "",
    to: Annotated[str, Query()] = "",
    previous: Annotated[str, Query(alias="from")] = "",
    position: Annotated[str, Query()] = "",
    level: Annotated[str, Query()] = "",
    channel: Annotated[str, Query()] = "",
    segment: Annotated[str, Query()] = "",
    customer: Annotated[str, Query()] = "",
    since: Annotated[str, Query()] = "",
    until: Annotated[str, Query()] = "",
    page: Annotated[str, Query()] = "",
) -> Response:
    language = language_of(request)
    problems = _Problems(language, [])
    org = user.organization
    views = journey_views(cx)
    if position and position not in POSITIONS:
        problems.add("bad_position", value=position)
    last_day = problems.day(_say("until", language), until)
    query = ExperienceQuery(
        touchpoint=(to or touchpoint) or None,
        previous=previous or None,
        position=position if position in POSITIONS else None,
        level=_level(problems, level),
        channel=_known_channel(problems, channel, views.channels(org)),
        segment=_known_segment(problems, segment, lambda: views.segments(org)),
        customer=customer or None,
        since=problems.day(_say("since", language), since),
        until=last_day + timedelta(days=1) if last_day else None,
    )
    number_of_page = max(1, problems.whole(_say("pages", language), page) or 1)
    offset = (number_of_page - 1) * PAGE_SIZE
    results = views.experiences(org, query, limit=PAGE_SIZE, offset=offset)
    names = {key: tp.name for key, tp in cx.touchpoints(org).items()}
    filters = {
        "touchpoint": query.touchpoint or "",
        "from": previous,
        "position": query.position or "",
        "level": "" if query.level is None else str(query.level),
        "channel": channel,
        "segment": segment,
        "customer": customer,
        "since": since,
        "until": until,
    }

    def page_href(number_: int) -> str:
        return _href("/experiences", **filters, page=number_ if number_ > 1 else None)

    total = results.total
    context = {
        "rows": [_experience_row(pair, names, language) for pair in results.rows],
        "total": number(total, language),
        "first": number(offset + 1 if results.rows else 0, language),
        "last": number(offset + len(results.rows) if results.rows else 0, language),
        "previous_href": page_href(number_of_page - 1) if number_of_page > 1 else "",
        "next_href": page_href(number_of_page + 1) if offset + PAGE_SIZE < total else "",
        "filters": filters,
        "names": names,
        "step": (names.get(previous, previous), names.get(query.touchpoint or "", query.touchpoint))
        if previous and query.touchpoint
        else None,
        "channels": views.channels(org),
        "map_href": _href("/journeys", segment=query.segment, channel=query.channel),
        "problems": problems.messages,
    }
    return render(
        request,
        "experiences.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        status=422 if problems.messages else 200,
        **context,
    )


def _target_of(
    touchpoint: str, organization: Organization, touchpoints: dict[str, Touchpoint]
) -> ServiceLevel:
    """The brand's target for the touchpoint, else the touchpoint's own, else the default
    (the order the journey analytics use)."""
    if touchpoint in organization.brand.targets:
        return organization.brand.targets[touchpoint]
    if touchpoint in touchpoints:
        return touchpoints[touchpoint].target_level
    return organization.brand.default_target


@router.get("/experiences/{event_id:path}")
def experience_page(cx: CxDep, user: PageUser, request: Request, event_id: str) -> Response:
    language = language_of(request)
    org = user.organization
    stored, assessment = cx.experience(org, event_id)
    e = stored.experience
    touchpoints = cx.touchpoints(org)
    names = {key: tp.name for key, tp in touchpoints.items()}
    around = customer_neighbours(cx.store, org, e.customer_id, e.at, stored.row_id)
    target = _target_of(e.touchpoint, cx.organization(org), touchpoints)
    return render(
        request,
        "experience.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        row=_experience_row((stored, assessment), names, language),
        e=e,
        assessment=assessment,
        confidence=f"{assessment.confidence:.0%}" if assessment else "",
        reasons=assessment.reasons if assessment else (),
        reason_badge=lambda level: _level_badge(level, language),
        weight=lambda w: number(w, language, decimals=2),
        target=_level_badge(target, language),
        facts=[(k, number(v, language, decimals=1)) for k, v in sorted(e.facts.items())],
        before=_experience_row(around.previous, names, language) if around.previous else None,
        after=_experience_row(around.next, names, language) if around.next else None,
        customer_href=_href("/experiences", customer=e.customer_id),
        touchpoint_href=_href("/experiences", touchpoint=e.touchpoint),
    )
