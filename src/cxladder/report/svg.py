"""Inline SVG charts for the report: the ladder, a stacked share bar and the trend over time.

Charts are drawn as plain SVG text so the report stays one file that opens offline and prints
sharply. Every piece of text that reaches the SVG is escaped here; each chart carries
`role="img"`, an `aria-label` and a `<title>`, so a screen reader reads its figures, and every
segment has its own `<title>` that shows as a tooltip in a browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

__all__ = [
    "LEVEL_FILL",
    "LEVEL_INK",
    "ladder_chart",
    "percent",
    "stacked_bar",
    "trend_chart",
]

# Red for 'never again' through grey for 'as expected' to green and indigo for the levels that
# bring customers back. Each ink colour keeps text on its fill above WCAG AA contrast (4.5:1).
LEVEL_FILL: dict[int, str] = {
    1: "#B42318",
    2: "#F38744",
    3: "#C9CED6",
    4: "#8CCB5E",
    5: "#177245",
    6: "#3B3FB6",
}
LEVEL_INK: dict[int, str] = {
    1: "#FFFFFF",
    2: "#1F2933",
    3: "#1F2933",
    4: "#1F2933",
    5: "#FFFFFF",
    6: "#FFFFFF",
}
_INK = "#1F2933"
_MUTED = "#5F6B7A"
_FONT = "font-family=\"inherit\""


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage; '<1%' rather than a misleading '0%' for a few."""
    if share <= 0:
        return "0%"
    if share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


@dataclass(frozen=True, slots=True)
class _Box:
    width: float
    height: float


def _svg(box: _Box, label: str, body: Sequence[str], *, css_class: str) -> Markup:
    head = (
        # Inline SVG in HTML needs no namespace; leaving it out keeps every URL out of the file.
        f'<svg class="{css_class}" role="img" '
        f'viewBox="0 0 {box.width:g} {box.height:g}" width="{box.width:g}" '
        f'height="{box.height:g}" aria-label="{escape(label)}" {_FONT}>'
        f"<title>{escape(label)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'fill="{fill}">{title}</rect>'
    )


def _text(
    x: float,
    y: float,
    text: str,
    *,
    fill: str = _INK,
    size: float = 12,
    anchor: str = "middle",
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{fill}" font-size="{size:g}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{escape(text)}</text>'
    )


def _described(names: Sequence[str], shares: Sequence[float]) -> str:
    return ", ".join(f"{name} {percent(share)}" for name, share in zip(names, shares, strict=True))


def ladder_chart(
    shares: Sequence[float], *, names: Sequence[str], title: str, width: float = 1020
) -> Markup:
    """The ladder as a staircase: one step per level, rising from Criminal to Unbelievable.

    Each step is as wide as the others and as high as its rung; the share of experiences on that
    rung sits above it, and a bar inside the step fills in proportion to the share.
    """
    box = _Box(width, 250)
    step = (width - 20) / 6
    body: list[str] = []
    for index, (share, name) in enumerate(zip(shares, names, strict=True)):
        level = index + 1
        height = 40 + index * 28
        x, top = 10 + index * step, box.height - 10 - height
        tip = f"{level} {name}: {percent(share)}"
        body.append(_rect(x + 2, top, step - 4, height, "#EEF1F5", tip))
        filled = max(height * share, 3 if share > 0 else 0)
        body.append(_rect(x + 2, top + height - filled, step - 4, filled, LEVEL_FILL[level], tip))
        body.append(_rect(x + 2, top, step - 4, 5, LEVEL_FILL[level]))
        body.append(_text(x + step / 2, top - 10, percent(share), size=20, weight="bold"))
        body.append(_text(x + step / 2, top + 22, f"{level} {name}", size=12, weight="bold"))
    label = f"{title}: {_described(names, shares)}"
    return _svg(box, label, body, css_class="chart ladder-chart")


def stacked_bar(
    shares: Sequence[float],
    *,
    names: Sequence[str],
    title: str,
    target: int | None = None,
    width: float = 260,
    height: float = 22,
) -> Markup:
    """One 100% bar split by level; a dark tick marks where the target level starts."""
    box = _Box(width, height + (8 if target else 0))
    body: list[str] = []
    x = 0.0
    for index, (share, name) in enumerate(zip(shares, names, strict=True)):
        level, span = index + 1, width * share
        body.append(_rect(x, 0, span, height, LEVEL_FILL[level], f"{name}: {percent(share)}"))
        if span >= 30:
            body.append(
                _text(x + span / 2, height / 2 + 4, percent(share), fill=LEVEL_INK[level], size=11)
            )
        x += span
    if sum(shares) <= 0:
        body.append(_rect(0, 0, width, height, "#EEF1F5"))
    if target is not None and sum(shares) > 0:
        body.append(_target_tick(width * sum(shares[: target - 1]), width, height))
    return _svg(box, f"{title}: {_described(names, shares)}", body, css_class="chart bar-chart")


def _target_tick(x: float, width: float, height: float) -> str:
    # Kept inside the drawing so a tick at 0% or 100% still shows.
    x = min(max(x, 1.5), width - 1.5)
    return (
        f'<path d="M{x:.1f} 0 V{height + 2:.1f}" stroke="{_INK}" stroke-width="2"/>'
        f'<path d="M{x - 4:.1f} {height + 8:.1f} L{x:.1f} {height + 2:.1f} '
        f'L{x + 4:.1f} {height + 8:.1f} Z" fill="{_INK}"/>'
    )


def trend_chart(
    periods: Sequence[str],
    shares: Sequence[Sequence[float]],
    means: Sequence[float],
    *,
    names: Sequence[str],
    title: str,
    mean_label: str,
    width: float = 1020,
) -> Markup:
    """A 100% column per period split by level, with the mean level drawn as a line on top.

    The left axis is the share (0-100%), the right axis the mean level (1-6), so a manager sees
    both whether the mix shifts and where the average lands.
    """
    box = _Box(width, 280)
    plot = _Box(width - 90, 220)
    left, top = 45.0, 15.0
    count = max(len(periods), 1)
    slot = plot.width / count
    body = _trend_axes(left, top, plot, mean_label)
    points: list[str] = []
    for index, (period, column, mean) in enumerate(zip(periods, shares, means, strict=True)):
        x = left + index * slot
        body += _trend_column(x, top, slot, plot.height, period, column, names)
        y = top + plot.height * (6 - mean) / 5
        points.append(f"{x + slot / 2:.1f},{y:.1f}")
        if count <= 16 or index % (count // 12 + 1) == 0:
            body.append(_text(x + slot / 2, top + plot.height + 16, period, size=10, fill=_MUTED))
    if points:
        # A white halo under the line keeps it readable across every level colour.
        for colour, stroke in (("#FFFFFF", 5.5), (_INK, 2.5)):
            body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="{stroke}" stroke-linejoin="round"/>'
            )
        body += [_dot(point) for point in points]
    summary = "; ".join(
        f"{period}: {mean_label} {mean:.2f}" for period, mean in zip(periods, means, strict=True)
    )
    return _svg(box, f"{title}. {summary}", body, css_class="chart trend-chart")


def _dot(point: str) -> str:
    x, y = point.split(",")
    return f'<circle cx="{x}" cy="{y}" r="3" fill="{_INK}"/>'


def _trend_axes(left: float, top: float, plot: _Box, mean_label: str) -> list[str]:
    body: list[str] = []
    for tick in range(0, 101, 25):
        y = top + plot.height * (1 - tick / 100)
        body.append(
            f'<path d="M{left:.1f} {y:.1f} H{left + plot.width:.1f}" stroke="#D9DEE5" '
            'stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, f"{tick}%", size=10, anchor="end", fill=_MUTED))
    right = left + plot.width
    for level in range(1, 7):
        y = top + plot.height * (6 - level) / 5
        body.append(_text(right + 6, y + 4, str(level), size=10, anchor="start", fill=_MUTED))
    middle = top + plot.height / 2
    body.append(
        f'<text x="{right + 34:.1f}" y="{middle:.1f}" fill="{_MUTED}" font-size="10" '
        f'text-anchor="middle" transform="rotate(90 {right + 34:.1f} {middle:.1f})">'
        f"{escape(mean_label)}</text>"
    )
    return body


def _trend_column(
    x: float,
    top: float,
    slot: float,
    height: float,
    period: str,
    column: Sequence[float],
    names: Sequence[str],
) -> list[str]:
    body: list[str] = []
    bottom = top + height
    gap = min(4.0, slot * 0.2)
    for index, share in enumerate(column):
        span = height * share
        bottom -= span
        tip = f"{period} - {names[index]}: {percent(share)}"
        body.append(_rect(x + gap / 2, bottom, slot - gap, span, LEVEL_FILL[index + 1], tip))
    return body
