"""The journey map page's picture: Graphviz `dot` lays out an SVG in which every touchpoint
and every step is a link to the experiences behind it.

The report's static map (journeys/drawing.py) has no links and draws its legend inside the
picture; this one is interactive, keeps the legend in the HTML and uses the pages' level
colours (handed in, so this module does not import the web app). Every name comes from user
data: DOT strings are escaped for dot, and dot escapes them again for the SVG, so a
touchpoint called `<script>` stays text.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from cxladder.errors import ConfigurationError, InvalidInput
from cxladder.journeys.analysis import JourneyMap
from cxladder.journeys.drawing import human_duration
from cxladder.model import ServiceLevel

__all__ = ["GraphWords", "MapLinks", "level_of_mean", "map_svg", "number", "text_colour"]

_UNASSESSED = "#e0e0e0"
_PAIN = "#8b0000"
_WOW = "#7a5c00"
_FONT = "Helvetica"
_LONGEST_NAME = 32
# A map past these sizes is a hairball; the table beneath the picture still lists everything.
_MOST_NODES = 40
_MOST_EDGES = 80


@dataclass(frozen=True, slots=True)
class GraphWords:
    """The words inside the picture, in the page's language."""

    language: str
    experiences: str
    journeys: str
    not_assessed: str
    start: str
    end: str
    pain: str
    wow: str
    step: str
    median: str
    map_name: str
    colours: tuple[str, ...]
    """Fill per level, Criminal first (the pages' LEVEL_COLOURS)."""


@dataclass(frozen=True, slots=True)
class MapLinks:
    """Where a click on the map goes: the page of the experiences behind it."""

    node: Callable[[str], str]
    edge: Callable[[str, str], str]
    entry: Callable[[str], str]
    exit: Callable[[str], str]


def number(value: float, language: str, *, decimals: int = 0) -> str:
    """A number as the reader writes it: 1,234.5 in English, 1.234,5 in Dutch."""
    text = f"{value:,.{decimals}f}"
    if language == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def level_of_mean(mean: float | None) -> ServiceLevel | None:
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return None
    return ServiceLevel(min(6, max(1, int(math.floor(mean + 0.5)))))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def text_colour(fill: str) -> str:
    """Black or white, whichever has the higher WCAG contrast on `fill`."""
    light = _luminance(fill)
    on_white = 1.05 / (light + 0.05)
    on_black = (light + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"


def _quote(text: str) -> str:
    """A DOT string literal dot prints as exactly `text` (no \\N-style escapes, no entities)."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    return '"' + text.replace("\r", " ").replace("\n", " ") + '"'


def _label(*lines: str) -> str:
    return '"' + "\\n".join(_quote(line)[1:-1] for line in lines) + '"'


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _LONGEST_NAME else text[: _LONGEST_NAME - 1] + "…"


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _float(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def map_svg(
    found: JourneyMap,
    *,
    names: Mapping[str, str],
    links: MapLinks,
    words: GraphWords,
    min_count: int = 1,
) -> Markup:
    """The journey map as inline SVG: nodes, steps with at least `min_count`, start and end.

    Marked safe for the page because dot escapes every name it prints, and `_checked` proves
    it: the picture may hold only the elements and attributes dot writes for a map.
    """
    source = map_dot(found, names=names, links=links, words=words, min_count=min_count)
    return Markup(_checked(_inline(_laid_out(source))))


def _laid_out(source: str, *, timeout: float = 30.0) -> str:
    executable = shutil.which("dot")
    if executable is None:
        raise ConfigurationError(
            "Graphviz `dot` is not installed; the journey map page needs it: "
            "`apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS)"
        )
    try:
        done = subprocess.run(
            [executable, "-Tsvg"], input=source.encode(), capture_output=True, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise InvalidInput(
            f"Graphviz took longer than {timeout:g} s; raise the minimum step count"
        ) from exc
    if done.returncode != 0:
        raise InvalidInput(f"Graphviz could not lay out the map: {done.stderr.decode()[:500]}")
    return done.stdout.decode("utf-8")


def map_dot(
    found: JourneyMap,
    *,
    names: Mapping[str, str],
    links: MapLinks,
    words: GraphWords,
    min_count: int = 1,
) -> str:
    """The DOT source `map_svg` lays out; deterministic for the same map."""
    nodes = _records(found.nodes)
    nodes = sorted(nodes, key=lambda n: (-int(n["experiences"]), str(n["touchpoint"])))
    nodes = nodes[:_MOST_NODES]
    ids = {str(n["touchpoint"]): f"n{i}" for i, n in enumerate(nodes)}
    edges = [
        e
        for e in _records(found.edges)
        if int(e["count"]) >= min_count and str(e["source"]) in ids and str(e["target"]) in ids
    ]
    edges = sorted(edges, key=lambda e: (-int(e["count"]), str(e["source"]), str(e["target"])))
    edges = edges[:_MOST_EDGES]
    busiest = max((int(n["experiences"]) for n in nodes), default=1) or 1
    widest = max((int(e["count"]) for e in edges), default=1) or 1
    lines = _header(words)
    lines += [_node(n, ids, names, links, words, busiest) for n in nodes]
    lines += [_edge(e, i, ids, names, links, words, widest) for i, e in enumerate(edges)]
    lines += _terminals(found, ids, names, links, words)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _header(words: GraphWords) -> list[str]:
    return [
        "digraph journey_map {",
        # Top to bottom: a journey reads down the page, which is as wide as a screen but
        # scrolls without end, so even long journeys keep a legible size when fitted.
        f'  graph [rankdir=TB, fontname="{_FONT}", nodesep=0.5, ranksep=0.55, '
        'bgcolor="transparent"];',
        f'  node [shape=box, style="rounded,filled", fontname="{_FONT}", fontsize=11, '
        'margin="0.15,0.08", penwidth=1, color="#444444"];',
        f'  edge [fontname="{_FONT}", fontsize=10, color="#6b6b6b", fontcolor="#222222", '
        "arrowsize=0.7];",
    ]


def _node(
    node: dict[str, Any],
    ids: Mapping[str, str],
    names: Mapping[str, str],
    links: MapLinks,
    words: GraphWords,
    busiest: int,
) -> str:
    key = str(node["touchpoint"])
    name = names.get(key, key)
    mean = _float(node.get("mean_level"))
    level = level_of_mean(mean)
    fill = words.colours[level - 1] if level else _UNASSESSED
    lang = words.language
    standing = words.not_assessed
    if level is not None and mean is not None:
        standing = f"{level.label(lang)} ({number(mean, lang, decimals=1)})"
    pain, wow = bool(node.get("is_pain")), bool(node.get("is_wow"))
    marks = ("⚠ " if pain else "") + ("★ " if wow else "")
    volume = f"{number(int(node['experiences']), lang)} {words.experiences}"
    lines = (marks + _shorten(name), standing, volume)
    # The accessible name starts with the text a sighted reader sees (WCAG 2.5.3), then adds
    # what the picture says by colour or cuts short.
    extras = [name] if _shorten(name) != name else []
    extras += [w for w, on in ((words.pain, pain), (words.wow, wow)) if on]
    tooltip = " ".join(lines) + (f" ({', '.join(extras)})" if extras else "")
    scale = math.sqrt(int(node["experiences"]) / busiest)
    border = ""
    if pain:
        border = f', color="{_PAIN}", penwidth=4, style="rounded,filled,bold"'
    elif wow:
        border = f', color="{_WOW}", penwidth=4, style="rounded,filled,dashed"'
    return (
        f"  {ids[key]} [id={_quote('node-' + ids[key])}, "
        f"label={_label(*lines)}, "
        f'fillcolor="{fill}", fontcolor="{text_colour(fill)}", '
        f"width={1.2 + 1.0 * scale:.2f}, height={0.5 + 0.4 * scale:.2f}, "
        f"fontsize={11 + 4 * scale:.1f}, URL={_quote(links.node(key))}, "
        f"tooltip={_quote(tooltip)}{border}];"
    )


def _edge(
    edge: dict[str, Any],
    index: int,
    ids: Mapping[str, str],
    names: Mapping[str, str],
    links: MapLinks,
    words: GraphWords,
    widest: int,
) -> str:
    source, target = str(edge["source"]), str(edge["target"])
    lang = words.language
    count = int(edge["count"])
    label = number(count, lang)
    median = _float(edge.get("median_seconds"))
    if median is not None:
        label += " · " + human_duration(median, language=lang)
    pain = bool(edge.get("is_pain"))
    shown = ("⚠ " if pain else "") + label
    tooltip = f"{shown}: {names.get(source, source)} → {names.get(target, target)} "
    tooltip += f"({words.step}, {words.median}" + (f", {words.pain})" if pain else ")")
    style = f', color="{_PAIN}", fontcolor="{_PAIN}", style=bold' if pain else ""
    width = 1.0 + 6.0 * math.sqrt(count / widest)
    return (
        f"  {ids[source]} -> {ids[target]} [id={_quote(f'edge-{index}')}, "
        f'class="from-{ids[source]} to-{ids[target]}", '
        f"label={_quote(shown)}, penwidth={width:.2f}, "
        f"labelURL={_quote(links.edge(source, target))}, labeltooltip={_quote(tooltip)}"
        f"{style}];"
    )


def _terminals(
    found: JourneyMap,
    ids: Mapping[str, str],
    names: Mapping[str, str],
    links: MapLinks,
    words: GraphWords,
) -> list[str]:
    lines: list[str] = []
    for frame, pseudo, word, shape in (
        (found.entries, "journey_start", words.start, "circle"),
        (found.exits, "journey_end", words.end, "doublecircle"),
    ):
        kept = [r for r in _records(frame) if str(r["touchpoint"]) in ids]
        if not kept:
            continue
        lines.append(
            f"  {pseudo} [label={_quote(word)}, shape={shape}, style=filled, "
            'fillcolor="#222222", fontcolor="#ffffff", fontsize=10, width=0.6, fixedsize=true];'
        )
        for row in kept:
            key = str(row["touchpoint"])
            count = number(int(row["journeys"]), words.language)
            share = _float(row.get("share"))
            label = count + (f" ({share:.0%})" if share else "")
            first = pseudo == "journey_start"
            arrow = f"{pseudo} -> {ids[key]}" if first else f"{ids[key]} -> {pseudo}"
            href = links.entry(key) if first else links.exit(key)
            tooltip = f"{label} {words.journeys}: {word}, {names.get(key, key)}"
            lines.append(
                f'  {arrow} [label={_quote(label)}, style=dashed, color="#222222", '
                f"labelURL={_quote(href)}, labeltooltip={_quote(tooltip)}];"
            )
    return lines


_ELEMENT = re.compile(r"<\s*/?\s*([A-Za-z][\w:.-]*)")
_ATTRIBUTE = re.compile(r"\s([A-Za-z_:][\w:.-]*)\s*=")
_ELEMENTS = frozenset(
    {"svg", "g", "title", "a", "path", "polygon", "polyline", "ellipse", "text", "rect"}
)
_ATTRIBUTES = frozenset(
    {
        "class",
        "width",
        "height",
        "viewBox",
        "xmlns",
        "xmlns:xlink",
        "id",
        "transform",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "points",
        "d",
        "cx",
        "cy",
        "rx",
        "ry",
        "x",
        "y",
        "text-anchor",
        "font-family",
        "font-size",
        "font-weight",
        "href",
        "xlink:href",
        "aria-label",
        "focusable",
        "font-style",
    }
)


def _checked(svg: str) -> str:
    """`svg` if it holds only what dot draws a map with (no script, no handler, no foreign
    link), else an error: the last guard before the picture is embedded in the page."""
    elements = {m.group(1) for m in _ELEMENT.finditer(svg)}
    # Attribute values are dropped first: a name like `x onerror=y` is text inside a title.
    tags = [re.sub(r'"[^"]*"', '""', tag) for tag in re.findall(r"<[^>]*>", svg)]
    attributes = {m.group(1) for tag in tags for m in _ATTRIBUTE.finditer(tag)}
    links = re.findall(r'href="([^"]*)"', svg)
    strange = (elements - _ELEMENTS) | (attributes - _ATTRIBUTES)
    if strange or any(not link.startswith("/") or link.startswith("//") for link in links):
        raise InvalidInput(
            f"the drawn journey map holds unexpected markup ({', '.join(sorted(strange))}); "
            "it was not shown"
        )
    return svg


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)
_LINK = re.compile(r'<a xlink:href="([^"]*)" xlink:title="([^"]*)">')
_SIZE = re.compile(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')


def _inline(svg: str) -> str:
    """dot's SVG fit for inline HTML: no prolog or comments, and every link a plain `href`
    with an accessible name and a tooltip (Chromium shows neither for xlink:title)."""
    body = _PROLOG.sub("", svg).strip()
    # dot has already escaped both attribute values for XML; they are copied, never decoded.
    body = _LINK.sub(r'<a href="\1" xlink:href="\1" aria-label="\2"><title>\2</title>', body)
    return _SIZE.sub(
        r'<svg class="journey-map-svg" width="\1pt" height="\2pt" focusable="false"', body, 1
    )
