"""The journey map drawn: touchpoints coloured by their level, laid out by Graphviz `dot`.

The picture is an SVG string that embeds inline in the HTML report: no XML prolog, no
doctype, no external references. Touchpoint names come from user data, so every label is
escaped twice over: for the DOT language and for the SVG text that dot writes.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import pandas as pd
import pyarrow as pa

from cxladder.errors import ConfigurationError, InvalidInput
from cxladder.model import ServiceLevel

__all__ = ["LEVEL_COLOURS", "draw_journey_map", "human_duration", "journey_map_dot"]

Table: TypeAlias = pd.DataFrame | pa.Table | Sequence[Mapping[str, Any]]
"""Any of the shapes a journey map's tables arrive in."""

# Red (Criminal) to deep green (Unbelievable), after ColorBrewer's RdYlGn so the steps stay
# apart for most colour-blind readers; Unbelievable gets a gold border on top.
LEVEL_COLOURS: Mapping[ServiceLevel, str] = {
    ServiceLevel.CRIMINAL: "#d73027",
    ServiceLevel.BASIC: "#fc8d59",
    ServiceLevel.EXPECTED: "#fee08b",
    ServiceLevel.DESIRED: "#d9ef8b",
    ServiceLevel.SURPRISING: "#66bd63",
    ServiceLevel.UNBELIEVABLE: "#006837",
}
_UNASSESSED = "#e0e0e0"
_PAIN = "#b2182b"
_GOLD = "#d4a017"
_FONT = "Helvetica"

_WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "journeys": "journeys",
        "experiences": "experiences",
        "pain": "pain",
        "wow": "wow",
        "start": "start",
        "end": "end",
        "not_assessed": "not assessed",
        "legend": "Level of the touchpoint (mean)",
        "marks": "⚠ pain moment · ★ wow moment · line width = journeys",
        "limited": "Showing the {edges} busiest of {all_edges} steps between {nodes} of "
        "{all_nodes} touchpoints",
    },
    "nl": {
        "journeys": "klantreizen",
        "experiences": "ervaringen",
        "pain": "pijnpunt",
        "wow": "wow",
        "start": "begin",
        "end": "einde",
        "not_assessed": "niet beoordeeld",
        "legend": "Niveau van het contactmoment (gemiddeld)",
        "marks": "⚠ pijnpunt · ★ wow-moment · lijndikte = klantreizen",
        "limited": "De {edges} drukste van {all_edges} stappen tussen {nodes} van "
        "{all_nodes} contactmomenten",
    },
}


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    name: str
    journeys: int
    experiences: int
    mean_level: float | None
    is_pain: bool
    is_wow: bool


def draw_journey_map(
    nodes: Table,
    edges: Table,
    *,
    entries: Table | None = None,
    exits: Table | None = None,
    language: str = "en",
    title: str = "",
    max_nodes: int = 40,
    max_edges: int = 60,
    dot: str = "dot",
    timeout: float = 60.0,
) -> str:
    """The journey map as an inline SVG string, laid out left to right by Graphviz `dot`.

    `nodes` has touchpoint, experiences, journeys, mean_level, is_pain, is_wow; `edges` has
    source, target, count, median_seconds, is_pain; `entries` and `exits` have touchpoint,
    journeys, share. Big maps keep the busiest `max_nodes` touchpoints and `max_edges` steps,
    and say so in the picture.
    """
    source = journey_map_dot(
        nodes,
        edges,
        entries=entries,
        exits=exits,
        language=language,
        title=title,
        max_nodes=max_nodes,
        max_edges=max_edges,
    )
    return _inline_svg(_run_dot(source, dot=dot, timeout=timeout))


def journey_map_dot(
    nodes: Table,
    edges: Table,
    *,
    entries: Table | None = None,
    exits: Table | None = None,
    language: str = "en",
    title: str = "",
    max_nodes: int = 40,
    max_edges: int = 60,
) -> str:
    """The DOT source `draw_journey_map` lays out; deterministic for the same tables."""
    words = _WORDS.get(language, _WORDS["en"])
    all_nodes = _nodes(_records(nodes))
    all_edges = _edges(_records(edges))
    kept = _busiest_nodes(all_nodes, max_nodes)
    by_name = {node.name: node for node in kept}
    steps = [e for e in all_edges if e["source"] in by_name and e["target"] in by_name]
    steps = sorted(steps, key=lambda e: (-e["count"], e["source"], e["target"]))[:max_edges]
    note = ""
    if len(kept) < len(all_nodes) or len(steps) < len(all_edges):
        note = words["limited"].format(
            edges=len(steps), all_edges=len(all_edges), nodes=len(kept), all_nodes=len(all_nodes)
        )
    lines = _header(title, note)
    lines += [_node_line(node, words, language) for node in kept]
    widest = max((e["count"] for e in steps), default=1)
    lines += [_edge_line(e, by_name, widest, language) for e in steps]
    lines += _terminals(entries, exits, by_name, words, language)
    lines += _legend(words, language)
    lines.append("}")
    return "\n".join(lines) + "\n"


# -- input tables ------------------------------------------------------------------------------


def _records(table: Table | None) -> list[dict[str, Any]]:
    if table is None:
        return []
    if isinstance(table, pa.Table):
        return [dict(row) for row in table.to_pylist()]
    if isinstance(table, pd.DataFrame):
        return [{str(k): v for k, v in row.items()} for row in table.to_dict("records")]
    return [dict(row) for row in table]


def _number(value: Any) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _count(value: Any) -> int:
    number = _number(value)
    return 0 if number is None else int(number)


def _nodes(rows: list[dict[str, Any]]) -> list[_Node]:
    names = sorted({str(row["touchpoint"]) for row in rows} if rows else set())
    ids = {name: f"tp{index}" for index, name in enumerate(names)}
    seen: dict[str, _Node] = {}
    for row in rows:
        name = str(row.get("touchpoint", ""))
        seen[name] = _Node(
            id=ids[name],
            name=name,
            journeys=_count(row.get("journeys")),
            experiences=_count(row.get("experiences")),
            mean_level=_number(row.get("mean_level")),
            is_pain=bool(row.get("is_pain") or False),
            is_wow=bool(row.get("is_wow") or False),
        )
    return [seen[name] for name in names]


def _edges(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    edges = []
    for row in rows:
        if "source" not in row or "target" not in row:
            raise InvalidInput("each journey-map edge needs a source and a target touchpoint")
        edges.append(
            {
                "source": str(row["source"]),
                "target": str(row["target"]),
                "count": _count(row.get("count")),
                "median_seconds": _number(row.get("median_seconds")),
                "is_pain": bool(row.get("is_pain") or False),
            }
        )
    return edges


def _busiest_nodes(nodes: list[_Node], limit: int) -> list[_Node]:
    if len(nodes) <= limit:
        return nodes
    # Pain and wow moments are what the map is read for, so they stay whatever their size.
    ranked = sorted(nodes, key=lambda n: (not (n.is_pain or n.is_wow), -n.journeys, n.name))
    keep = {node.name for node in ranked[:limit]}
    return [node for node in nodes if node.name in keep]


# -- DOT ---------------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A DOT string literal that dot draws as exactly `text`, and that stays valid SVG."""
    # dot treats \\N, \\G, \\l... as escapes and passes &entity; through to the SVG, where an
    # unknown entity breaks the XML: spell out both characters.
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    text = text.replace("\r", " ").replace("\n", " ")
    return f'"{text}"'


def _shorten(text: str, width: int = 36) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _header(title: str, note: str) -> list[str]:
    caption = "\\n".join(_quote(part)[1:-1] for part in (title, note) if part)
    return [
        "digraph journey_map {",
        f'  graph [rankdir=LR, fontname="{_FONT}", fontsize=14, labelloc=t, labeljust=l, '
        f'nodesep=0.35, ranksep=0.6, bgcolor="transparent", label="{caption}"];',
        f'  node [shape=box, style="rounded,filled", fontname="{_FONT}", fontsize=10, '
        'margin="0.15,0.06", penwidth=1, color="#555555"];',
        f'  edge [fontname="{_FONT}", fontsize=9, color="#7a7a7a", fontcolor="#333333", '
        "arrowsize=0.7];",
    ]


def _level_of(mean: float | None) -> ServiceLevel | None:
    if mean is None:
        return None
    return ServiceLevel(min(6, max(1, int(math.floor(mean + 0.5)))))


def _text_colour(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#ffffff" if luminance < 0.45 else "#1a1a1a"


def _node_line(node: _Node, words: Mapping[str, str], language: str) -> str:
    level = _level_of(node.mean_level)
    fill = LEVEL_COLOURS[level] if level else _UNASSESSED
    marks = ("⚠ " if node.is_pain else "") + ("★ " if node.is_wow else "")
    if level is None or node.mean_level is None:
        standing = words["not_assessed"]
    else:
        standing = f"{level.label(language)} ({_decimal(node.mean_level, language)})"
    journeys = f"{_whole(node.journeys, language)} {words['journeys']}"
    parts = (marks + _shorten(node.name), standing, journeys)
    label = "\\n".join(_quote(part)[1:-1] for part in parts)
    border = ""
    if node.is_pain:
        border = f', color="{_PAIN}", penwidth=4'
    elif node.is_wow or level is ServiceLevel.UNBELIEVABLE:
        border = f', color="{_GOLD}", penwidth=3'
    tooltip = _quote(f"{node.name}: {_whole(node.experiences, language)} {words['experiences']}")
    return (
        f'  {node.id} [label="{label}", fillcolor="{fill}", fontcolor="{_text_colour(fill)}", '
        f"tooltip={tooltip}{border}];"
    )


def _edge_line(
    edge: dict[str, Any], by_name: Mapping[str, _Node], widest: int, language: str
) -> str:
    width = 1.0 + 5.0 * math.sqrt(edge["count"] / widest) if widest else 1.0
    label = _whole(edge["count"], language)
    if edge["median_seconds"] is not None:
        label += f" · {human_duration(edge['median_seconds'], language=language)}"
    style = f', color="{_PAIN}", fontcolor="{_PAIN}"' if edge["is_pain"] else ""
    source, target = by_name[edge["source"]].id, by_name[edge["target"]].id
    return f'  {source} -> {target} [label="{label}", penwidth={width:.2f}{style}];'


def _terminals(
    entries: Table | None,
    exits: Table | None,
    by_name: Mapping[str, _Node],
    words: Mapping[str, str],
    language: str,
) -> list[str]:
    lines: list[str] = []
    for rows, pseudo, word, shape in (
        (entries, "journey_start", words["start"], "circle"),
        (exits, "journey_end", words["end"], "doublecircle"),
    ):
        kept = [r for r in _records(rows) if str(r.get("touchpoint")) in by_name]
        if not kept:
            continue
        lines.append(
            f'  {pseudo} [label="{word}", shape={shape}, style=filled, fillcolor="#333333", '
            'fontcolor="#ffffff", fontsize=9, width=0.5, fixedsize=true];'
        )
        for row in sorted(kept, key=lambda r: (-_count(r.get("journeys")), str(r["touchpoint"]))):
            node = by_name[str(row["touchpoint"])].id
            share = _number(row.get("share"))
            label = _whole(_count(row.get("journeys")), language) + _share(share)
            arrow = f"{pseudo} -> {node}" if pseudo == "journey_start" else f"{node} -> {pseudo}"
            lines.append(f'  {arrow} [label="{label}", style=dashed, color="#333333"];')
    return lines


def _share(share: float | None) -> str:
    if not share:
        return ""
    return " (<1%)" if share < 0.005 else f" ({share:.0%})"


def _legend(words: Mapping[str, str], language: str) -> list[str]:
    cells = "".join(
        f'<TD BGCOLOR="{colour}"><FONT COLOR="{_text_colour(colour)}">{int(level)} '
        f"{level.label(language)}</FONT></TD>"
        for level, colour in LEVEL_COLOURS.items()
    )
    return [
        "  subgraph cluster_legend {",
        '    graph [label="", color="transparent"];',
        "    legend [shape=plaintext, style=solid, margin=0, label=<"
        '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">'
        f'<TR><TD COLSPAN="6" BORDER="0">{words["legend"]}</TD></TR><TR>{cells}</TR>'
        f'<TR><TD COLSPAN="6" BORDER="0">{words["marks"]}</TD></TR></TABLE>>];',
        "  }",
    ]


def human_duration(seconds: float, *, language: str = "en") -> str:
    """A waiting time in the unit a person would say it in: 45 s, 12 min, 3.5 h, 2.1 d.

    In Dutch: 45 s, 12 min, 3,5 u, 2,1 d.
    """
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3_600:
        return f"{seconds / 60:.0f} min"
    if seconds < 86_400:
        return f"{_decimal(seconds / 3_600, language)} {'u' if language == 'nl' else 'h'}"
    return f"{_decimal(seconds / 86_400, language)} d"


def _whole(number: int, language: str) -> str:
    text = f"{number:,}"
    return text.replace(",", ".") if language == "nl" else text


def _decimal(number: float, language: str) -> str:
    text = f"{number:.1f}"
    return text.replace(".", ",") if language == "nl" else text


# -- running dot -------------------------------------------------------------------------------


def _run_dot(source: str, *, dot: str, timeout: float) -> str:
    executable = shutil.which(dot)
    if executable is None:
        raise ConfigurationError(
            f"Graphviz `{dot}` is not installed; install it with `apt-get install graphviz` "
            "(Debian/Ubuntu), `brew install graphviz` (macOS) or `make system-deps`"
        )
    try:
        done = subprocess.run(
            [executable, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InvalidInput(
            f"Graphviz took longer than {timeout:g} s to lay out the journey map; draw fewer "
            "touchpoints (max_nodes) or steps (max_edges)"
        ) from exc
    if done.returncode != 0:
        raise InvalidInput(
            f"Graphviz could not lay out the journey map: {done.stderr.decode(errors='replace')}"
        )
    return done.stdout.decode("utf-8")


_PROLOG = re.compile(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL)


def _inline_svg(svg: str) -> str:
    """dot's SVG without prolog, doctype and comments, scaled to the width of the page."""
    body = _PROLOG.sub("", svg).strip()
    return body.replace("<svg ", '<svg role="img" style="max-width:100%;height:auto" ', 1)
