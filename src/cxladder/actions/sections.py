"""Report sections for the action side: recovery, gesture spend and effect, promise shortfall.

The HTML is built here from escaped text only (the report trusts `ReportSection.html` as is),
so a customer's or a staff member's words can never inject markup into the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cxladder.actions.desk import ActionDesk
from cxladder.actions.gestures import GestureEffect, GestureSpend
from cxladder.actions.promise import PromiseGap, promise_shortfall
from cxladder.actions.uplift import Uplift
from cxladder.report.html import ReportInput, ReportSection

__all__ = ["action_sections"]


def action_sections(
    report_input: ReportInput, *, desk: ActionDesk | None = None
) -> list[ReportSection]:
    """The promise shortfall from the report's own data; with a desk, recovery and gestures."""
    sections = []
    gaps = promise_shortfall(
        report_input.organization, report_input.touchpoints, report_input.experiences
    )
    if gaps:
        sections.append(_promise_section(report_input, gaps))
    if desk is not None:
        org = report_input.organization.key
        sections.append(_recovery_section(desk, org))
        spend = desk.spend(organization=org)
        effects = desk.gesture_effects(organization=org)
        if spend.by_gesture and any(g.given or g.withheld for g in spend.by_gesture):
            sections.append(_gesture_section(spend.by_gesture, effects))
    return sections


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _level(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _promise_section(report_input: ReportInput, gaps: list[PromiseGap]) -> ReportSection:
    brand = report_input.organization.brand
    statement = f"<p><strong>{escape(brand.statement)}</strong></p>" if brand.statement else ""
    rows = [
        (
            g.name,
            g.target.name_en,
            _level(g.mean_level),
            _share(g.share_at_target),
            "kept" if g.kept else f"{g.gap:.1f} levels short",
            str(g.experiences),
        )
        for g in gaps
    ]
    headers = ("Touchpoint", "Promised", "Mean level", "At or above", "Promise", "Experiences")
    return ReportSection(
        "Brand promise: where delivery falls short", statement + _table(headers, rows)
    )


def _recovery_section(desk: ActionDesk, organization: str) -> ReportSection:
    r = desk.recovery(organization=organization)
    rows = [
        ("Cases opened (Criminal and Basic moments)", str(r.opened)),
        ("Closed", str(r.closed)),
        ("Handled within SLA", _share(r.sla_met_rate)),
        ("Follow-ups answered", str(r.answered)),
        ("Recovered (Expected or better after follow-up)", _share(r.recovery_rate)),
        (
            "Mean level before / after recovery",
            f"{_level(r.mean_level_before)} / {_level(r.mean_level_after)}",
        ),
        ("Customers who came back after the case closed", _share(r.return_rate)),
        ("Mean level on their return visit", _level(r.mean_level_on_return)),
    ]
    return ReportSection("Recovery: closed-loop cases", _table(("Measure", "Value"), rows))


def _uplift(u: Uplift | None, fmt: str) -> str:
    if u is None:
        return "not measurable yet"
    verdict = "" if u.significant else " (could be chance)"
    return f"{u.effect:{fmt}} [{u.low:{fmt}} .. {u.high:{fmt}}]{verdict}"


def _gesture_section(
    spend: Sequence[GestureSpend], effects: Sequence[GestureEffect]
) -> ReportSection:
    by_key = {e.gesture: e for e in effects}
    rows = []
    for s in spend:
        if not (s.given or s.withheld or s.pending):
            continue
        effect = by_key.get(s.gesture)
        rows.append(
            (
                s.gesture,
                str(s.given),
                str(s.withheld),
                f"{s.spent:,.2f}",
                _uplift(effect.level if effect else None, "+.2f"),
                _uplift(effect.came_back if effect else None, "+.0%"),
            )
        )
    headers = (
        "Gesture",
        "Given",
        "Held out",
        "Spent",
        "Effect on next level (95% interval)",
        "Effect on coming back",
    )
    note = (
        "<p>Effects compare customers who got the gesture with a random hold-out who did not; "
        "an interval that includes zero means chance could explain the difference.</p>"
    )
    return ReportSection("Gestures: spend and measured effect", note + _table(headers, rows))
