"""The Moments page: pain moments and wow moments ranked side by side, each with its impact
figures, the reasons the ladder gave most often there and a few customers' own words.

Cost per request: the rankings are the journey analytics kept per filter (`KeptAnswers`,
recomputed only when the store changed); the reasons and quotes behind them (two or three
LIMITed queries per moment: reasons from the newest 200 experiences in the band, two quotes)
are kept the same way.
"""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cxladder.api.deps import CxDep
from cxladder.errors import InvalidInput, NotFound
from cxladder.journeys.kept import KeptAnswers
from cxladder.model import Channel, Touchpoint
from cxladder.store.page_queries import LevelBand, frequent_reasons, telling_quotes
from cxladder.web.rendering import PageUser, language_of, render
from cxladder.web.touchpoint_figures import Formats, kept_answers, targets_of

router = APIRouter(include_in_schema=False)

WORDS: dict[str, tuple[str, str]] = {
    "moments_intro": (
        "Where customers land below the promised level, and where service surprises them.",
        "Waar klanten onder het beloofde niveau uitkomen, en waar de service hen verrast.",
    ),
    "pain_moments": ("Pain moments", "Pijnmomenten"),
    "wow_moments": ("Wow moments", "Wowmomenten"),
    "pain_rank_note": (
        "Ranked by impact: journeys below target × how far below × what follows "
        "(leaving, complaining, a lower final level).",
        "Gerangschikt op impact: reizen onder doel × hoe ver eronder × wat volgt "
        "(afhaken, klagen, een lager eindniveau).",
    ),
    "wow_rank_note": (
        "Ranked by the share of Surprising and Unbelievable; uplift is how much higher the "
        "journeys with a wow here end than those without.",
        "Gerangschikt op het aandeel Verrassend en Ongelooflijk; de uplift is hoeveel hoger de "
        "reizen met een wow hier eindigen dan die zonder.",
    ),
    "segment": ("Segment", "Segment"),
    "show_top": ("Show", "Toon"),
    "impact": ("Impact", "Impact"),
    "journeys_below": ("Journeys below target", "Reizen onder doel"),
    "mean_gap": ("Levels below target", "Niveaus onder doel"),
    "wait": ("Wait (min)", "Wachttijd (min)"),
    "step_time": ("Time taken by the step (median, min)", "Duur van de stap (mediaan, min)"),
    "ces_short": ("Effort (CES)", "Moeite (CES)"),
    "extra_contacts": ("Repeat contacts", "Herhaalcontacten"),
    "dropoff": ("Left after", "Afgehaakt na"),
    "complaint": ("Complained after", "Geklaagd na"),
    "final_drop": ("Lower final level", "Lager eindniveau"),
    "step": ("Step", "Stap"),
    "wow_journeys": ("Journeys with a wow", "Reizen met een wow"),
    "wow_share": ("Surprising or better", "Verrassend of beter"),
    "unbelievable_share": ("Unbelievable", "Ongelooflijk"),
    "uplift": ("Uplift on the final level", "Uplift op het eindniveau"),
    "reasons": ("Reasons given most", "Meest gegeven redenen"),
    "quotes": ("In the customers' words", "In de woorden van klanten"),
    "times": ("times", "keer"),
    "no_pain": ("No pain moments with these filters.", "Geen pijnmomenten met deze filters."),
    "no_wow": ("No wow moments with these filters.", "Geen wowmomenten met deze filters."),
    "no_moments": (
        "No experiences yet: import some or start collecting feedback.",
        "Nog geen ervaringen: importeer ze of begin feedback te verzamelen.",
    ),
    "no_reasons": ("No reasons recorded here yet.", "Hier zijn nog geen redenen vastgelegd."),
    "no_quotes": ("No comments here yet.", "Hier nog geen opmerkingen."),
    "segment_note": (
        "Reasons and quotes come from all of this touchpoint's customers, not only the segment's.",
        "Redenen en citaten komen van alle klanten van dit contactmoment, niet alleen van het "
        "segment.",
    ),
    "open_touchpoint": ("Open touchpoint", "Open contactmoment"),
}

TOPS = (5, 10, 20, 50)
REASON_SAMPLE = 200


@router.get("/moments")
def moments_page(
    cx: CxDep,
    user: PageUser,
    request: Request,
    channel: Annotated[str, Query()] = "",
    segment: Annotated[str, Query()] = "",
    top: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    org = cx.store.organization(user.organization)
    touchpoints = cx.touchpoints(org.key)
    kept = kept_answers(request, cx)
    chosen_channel = _channel(channel)
    chosen_segment = int(segment) if segment.strip().isdigit() else None
    found = _moments(kept, org.key, chosen_segment, chosen_channel)
    targets = targets_of(org, touchpoints)
    default = int(org.brand.default_target)
    pain = [
        _pain(row, touchpoints, targets, default)
        for row in found["pain"].head(top).to_dict("records")
    ]
    wow = [_wow(row, touchpoints) for row in found["wow"].head(top).to_dict("records")]
    _add_evidence(kept, cx.store.engine, org.key, pain + wow, chosen_channel)
    return render(
        request,
        "moments.html.j2",
        words=WORDS,
        user=user.principal,
        csrf=user.csrf,
        organization=org,
        pain=pain,
        wow=wow,
        has_data=found["has_data"],
        segments=found["segments"],
        channels=[c.value for c in Channel],
        filters={"channel": chosen_channel or "", "segment": segment, "top": top},
        tops=TOPS,
        f=Formats(language_of(request)),
    )


def _channel(text: str) -> str | None:
    if not text:
        return None
    try:
        return Channel.parse(text).value
    except ValueError as exc:
        raise InvalidInput(f"channel: {exc}") from None


def _moments(
    kept: KeptAnswers, organization: str, segment: int | None, channel: str | None
) -> dict[str, Any]:
    empty = pd.DataFrame()
    try:
        pain = kept.pain_moments(organization, segment=segment, channel=channel)
        wow = kept.wow_moments(organization, segment=segment, channel=channel)
    except NotFound:  # nothing in this channel or segment (or an unknown segment number)
        pain, wow = empty, empty
    return {
        "pain": pain,
        "wow": wow,
        "segments": _segments(kept, organization),
        "has_data": _has_experiences(kept, organization),
    }


def _has_experiences(kept: KeptAnswers, organization: str) -> bool:
    try:
        return kept.columns(organization).events > 0
    except NotFound:
        return False


def _segments(kept: KeptAnswers, organization: str) -> list[dict[str, Any]]:
    try:
        segments = kept.segments(organization)
    except (NotFound, InvalidInput):  # no journeys yet, or fewer journeys than segments
        return []
    return [
        {str(k): v for k, v in row.items()}
        for row in segments[["segment", "name", "journeys"]].to_dict("records")
    ]


def _name(key: str, touchpoints: dict[str, Touchpoint]) -> str:
    tp = touchpoints.get(key)
    return tp.name if tp else key


def _pain(
    row: dict[str, Any],
    touchpoints: dict[str, Touchpoint],
    targets: dict[str, int],
    default: int,
) -> dict[str, Any]:
    moment = str(row["moment"])
    step = row["kind"] == "transition"
    # A step hurts where it lands, so its words come from the touchpoint it leads to.
    source, _, landing = moment.partition(" → ") if step else ("", "", moment)
    target = targets.get(landing, default)
    band = LevelBand(1, max(1, target - 1))
    return {
        **row,
        "step": step,
        "touchpoint": landing,
        "name": _name(landing, touchpoints),
        "from_name": _name(source, touchpoints) if step else "",
        "target": target,
        "band": band,
        "prefer": LevelBand(1, min(2, band.highest)),  # Criminal and Basic tell pain best
    }


def _wow(row: dict[str, Any], touchpoints: dict[str, Touchpoint]) -> dict[str, Any]:
    key = str(row["touchpoint"])
    return {
        **row,
        "name": _name(key, touchpoints),
        "band": LevelBand(5, 6),
        "prefer": LevelBand(6, 6),
    }


def _add_evidence(
    kept: KeptAnswers,
    engine: sa.Engine,
    organization: str,
    moments: list[dict[str, Any]],
    channel: str | None,
) -> None:
    """Reasons and quotes for each moment, kept like the rankings until the store changes."""
    asks = tuple((m["touchpoint"], m["band"], m["prefer"]) for m in moments)
    found = kept.kept(
        (organization, "moment-evidence", channel, asks),
        organization,
        lambda: [_evidence(engine, organization, *ask, channel) for ask in asks],
    )
    for moment, evidence in zip(moments, found, strict=True):
        moment.update(evidence)


def _evidence(
    engine: sa.Engine,
    organization: str,
    touchpoint: str,
    band: LevelBand,
    prefer: LevelBand,
    channel: str | None,
) -> dict[str, Any]:
    return {
        "reasons": frequent_reasons(
            engine, organization, touchpoint, band, channel=channel, sample=REASON_SAMPLE, top=3
        ),
        "quotes": telling_quotes(
            engine, organization, touchpoint, band, prefer, channel=channel, limit=2
        ),
    }
