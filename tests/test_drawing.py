"""The journey map drawn by Graphviz: valid inline SVG, coloured by level, pain and wow marked."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pandas as pd
import pyarrow as pa
import pytest

from cxladder.errors import ConfigurationError
from cxladder.journeys.drawing import (
    LEVEL_COLOURS,
    draw_journey_map,
    human_duration,
    journey_map_dot,
)
from cxladder.model import ServiceLevel

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz is not installed; run `make system-deps`"
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Desk "A" & <script>alert(1)</script> \\N &nbsp; ]; }'

# A garden centre's Saturday journey, written for these tests.
NODES = pd.DataFrame(
    {
        "touchpoint": ["Queue at opening", "Greeter", "Plant advice", "Checkout", HOSTILE],
        "experiences": [400, 380, 120, 390, 12],
        "journeys": [400, 380, 110, 390, 12],
        "mean_level": [1.4, 5.4, 4.2, 3.0, float("nan")],
        "is_pain": [True, False, False, False, False],
        "is_wow": [False, True, False, False, False],
    }
)
EDGES = pd.DataFrame(
    {
        "source": ["Queue at opening", "Greeter", "Greeter", "Plant advice", "Checkout"],
        "target": ["Greeter", "Plant advice", "Checkout", "Checkout", HOSTILE],
        "count": [380, 110, 270, 105, 12],
        "median_seconds": [1_260.0, 45.0, 600.0, 7_200.0, 3 * 86_400.0],
        "p90_seconds": [2_400.0, 90.0, 900.0, 9_000.0, 5 * 86_400.0],
        "is_pain": [True, False, False, False, False],
    }
)
ENTRIES = pd.DataFrame({"touchpoint": ["Queue at opening"], "journeys": [400], "share": [1.0]})
EXITS = pd.DataFrame(
    {"touchpoint": ["Checkout", HOSTILE], "journeys": [388, 12], "share": [0.97, 0.03]}
)


def _draw(**options: object) -> ET.Element:
    svg = draw_journey_map(NODES, EDGES, entries=ENTRIES, exits=EXITS, **options)  # type: ignore[arg-type]
    assert not svg.startswith("<?xml") and "<!DOCTYPE" not in svg and "<!--" not in svg
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _node_group(root: ET.Element, name_part: str) -> ET.Element:
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node" and any(name_part in t for t in _texts(group)):
            return group
    raise AssertionError(f"no node drawn for {name_part!r}")


def test_map_is_valid_inline_svg_without_external_references() -> None:
    root = _draw(title="Saturday at the garden centre")
    assert root.tag == f"{SVG}svg"
    assert "max-width:100%" in (root.get("style") or "")
    hrefs = [
        value
        for element in root.iter()
        for key, value in element.attrib.items()
        if key.endswith("href")
    ]
    assert hrefs == []
    assert "Saturday at the garden centre" in _texts(root)


def test_nodes_are_coloured_by_level_and_marked() -> None:
    root = _draw()
    queue = _node_group(root, "Queue at opening")
    queue_shape = next(queue.iter(f"{SVG}path"))
    assert queue_shape.get("fill") == LEVEL_COLOURS[ServiceLevel.CRIMINAL]
    assert queue_shape.get("stroke") == "#b2182b"
    assert float(queue_shape.get("stroke-width") or 0) >= 4
    assert "⚠ Queue at opening" in _texts(queue)
    assert "Criminal (1.4)" in _texts(queue)
    greeter = _node_group(root, "Greeter")
    assert next(greeter.iter(f"{SVG}path")).get("fill") == LEVEL_COLOURS[ServiceLevel.SURPRISING]
    assert "★ Greeter" in _texts(greeter)
    assert "380 journeys" in _texts(greeter)
    advice = _node_group(root, "Plant advice")
    assert next(advice.iter(f"{SVG}path")).get("fill") == LEVEL_COLOURS[ServiceLevel.DESIRED]


def test_edges_carry_count_and_human_time_and_terminals_exist() -> None:
    texts = _texts(_draw())
    assert "380 · 21 min" in texts
    assert "105 · 2.0 h" in texts
    assert "12 · 3.0 d" in texts
    assert {"start", "end", "400 (100%)", "388 (97%)"} <= set(texts)


def test_hostile_names_are_drawn_as_text() -> None:
    root = _draw()
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    drawn = _node_group(root, "alert(1)")
    assert any(text.startswith('Desk "A" & <script>') for text in _texts(drawn))
    assert "not assessed" in _texts(drawn)
    assert next(drawn.iter(f"{SVG}path")).get("fill") == "#e0e0e0"


def test_dutch_legend_and_labels() -> None:
    texts = _texts(_draw(language="nl"))
    assert "Niveau van het contactmoment (gemiddeld)" in texts
    assert "1 Crimineel" in texts and "6 Ongelooflijk" in texts
    assert "380 klantreizen" in texts
    assert "Crimineel (1,4)" in texts
    assert "105 · 2,0 u" in texts
    assert {"begin", "einde"} <= set(texts)


def test_big_maps_keep_the_busiest_steps_and_say_so() -> None:
    names = [f"Step {i:02d}" for i in range(30)]
    nodes = pd.DataFrame(
        {"touchpoint": names, "experiences": range(30), "journeys": range(30), "mean_level": 3.0}
    )
    edges = pd.DataFrame(
        {"source": names[:-1], "target": names[1:], "count": range(1, 30), "median_seconds": 60}
    )
    source = journey_map_dot(nodes, edges, max_nodes=10, max_edges=5)
    assert "Showing the 5 busiest of 29 steps between 10 of 30 touchpoints" in source
    assert source.count("->") == 5
    assert "Step 29" in source and "Step 05" not in source
    root = ET.fromstring(draw_journey_map(nodes, edges, max_nodes=10, max_edges=5))
    assert "Showing the 5 busiest of 29 steps between 10 of 30 touchpoints" in _texts(root)


def test_output_is_deterministic_and_takes_arrow_or_records() -> None:
    first = draw_journey_map(NODES, EDGES, entries=ENTRIES, exits=EXITS)
    shuffled = NODES.sample(frac=1.0, random_state=3)
    arrow = pa.Table.from_pandas(shuffled, preserve_index=False)
    second = draw_journey_map(
        arrow, EDGES.to_dict("records"), entries=ENTRIES, exits=EXITS  # type: ignore[arg-type]
    )
    assert first == second


def test_missing_graphviz_says_how_to_install() -> None:
    with pytest.raises(ConfigurationError, match="apt-get install graphviz"):
        draw_journey_map(NODES, EDGES, dot="dot-that-is-not-installed")


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(45, "45 s"), (60, "1 min"), (1_260, "21 min"), (5_400, "1.5 h"), (3 * 86_400, "3.0 d")],
)
def test_human_duration(seconds: float, said: str) -> None:
    assert human_duration(seconds) == said


def test_dutch_numbers() -> None:
    nodes = NODES.assign(journeys=[4_000, 3_800, 110, 3_900, 12])
    source = journey_map_dot(nodes, EDGES, language="nl")
    assert "4.000 klantreizen" in source
    assert human_duration(5_400, language="nl") == "1,5 u"
