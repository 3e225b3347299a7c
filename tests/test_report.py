"""The HTML report: content and figures, one self-contained file, escaping, Dutch, empty cases."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from cxladder.app import Cxladder
from cxladder.errors import InvalidInput
from cxladder.model import (
    Assessment,
    BrandPromise,
    Channel,
    Organization,
    Reason,
    ServiceLevel,
    Touchpoint,
)
from cxladder.report.html import ReportInput, ReportSection, render_report
from cxladder.settings import Settings
from cxladder.store.repo import EXPERIENCE_COLUMNS

GENERATED = datetime(2026, 5, 4, 9, 30)
SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'

BISTRO = Organization(
    key="bistro",
    name="Bistro De Ladder",
    sector="restaurant",
    brand=BrandPromise(
        statement="Every guest leaves happier than they came",
        values=("warm", "personal"),
        targets=MappingProxyType({"welcome": ServiceLevel.SURPRISING}),
    ),
)
TOUCHPOINTS = {
    "booking": Touchpoint(
        "booking", "Table booking", Channel.PHONE, stage="before",
        target_level=ServiceLevel.EXPECTED,
    ),
    "welcome": Touchpoint("welcome", "Welcome at the door", Channel.ON_SITE, stage="arrival"),
    "app-order": Touchpoint("app-order", "Order in the app", Channel.APP, stage="dinner"),
}

WORST_QUOTE = "Our booking was lost and we stood at the bar for forty minutes"
BEST_QUOTE = "They remembered our anniversary and brought prosecco to the table"


def experiences() -> pd.DataFrame:
    """Twelve experiences over two months; one not assessed. Levels 1,1,2,3,3,4,4,4,5,5,6."""
    levels = [1, 1, 2, 3, 3, 4, 4, 4, 5, 5, 6, np.nan]
    texts = [
        WORST_QUOTE,
        "",
        "Nobody said hello",
        "Fine",
        None,
        "Coats taken at once",
        "Bread without asking",
        "",
        "A card with my name on the table",
        "",
        BEST_QUOTE,
        "still waiting for an answer",
    ]
    reasons: list[object] = [
        [
            {"source": "fact", "level": 1, "weight": 0.9, "message": "Waited 40 min",
             "evidence": "wait_minutes=40"},
            {"source": "text", "level": 1, "weight": 0.5, "message": "Booking lost",
             "evidence": "booking was lost"},
        ],
        [], [], [], [], [], [], [], [],
        '[{"source": "score", "level": 5, "weight": 1.0, "message": "NPS 10", "evidence": "10"}]',
        [{"source": "text", "level": 6, "weight": 0.8, "message": "Occasion celebrated",
          "evidence": "prosecco"}],
        None,
    ]
    return pd.DataFrame(
        {
            "id": range(1, 13),
            "organization": "bistro",
            "event_id": [f"e{i}" for i in range(1, 13)],
            "customer_id": ["c1", "c2", "c3", "c4", "c5", "c6", "c1", "c2", "c7", "c8", "c9",
                            "c9"],
            "touchpoint": ["booking"] * 4 + ["welcome"] * 4 + ["app-order"] * 4,
            "journey_id": "",
            "at": pd.to_datetime(["2026-03-02", "2026-03-03", "2026-03-10", "2026-03-12",
                                  "2026-03-20", "2026-03-25", "2026-04-01", "2026-04-02",
                                  "2026-04-10", "2026-04-15", "2026-04-20", "2026-04-21"]),
            "channel": ["phone"] * 4 + ["on-site"] * 4 + ["app"] * 4,
            "csat": [1, 2, 2, 3, 4, 4, 5, 5, np.nan, np.nan, np.nan, np.nan],
            "nps": [0, 2, 5, 7, 8, 9, 9, 10, 10, 10, np.nan, np.nan],
            "ces": [6, 6, 4, 2, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan],
            "stars": np.nan,
            "grade": np.nan,
            "text": texts,
            "language": "en",
            "staff": ["", "", "", "", "", "", "Sanne", "", "", "", "Joost", ""],
            "wait_minutes": [40] + [np.nan] * 11,
            "delay_minutes": np.nan,
            "level": levels,
            "confidence": [0.9, 0.8, 0.7, 0.6, 0.6, 0.7, 0.8, 0.5, 0.9, 0.6, 0.95, np.nan],
            "reasons": reasons,
        }
    )


def render(
    tmp_path: Path,
    inputs: list[ReportInput] | None = None,
    *,
    language: str = "en",
    moments: int = 3,
) -> str:
    chosen = inputs or [ReportInput(BISTRO, TOUCHPOINTS, experiences())]
    out = render_report(
        chosen, tmp_path / "report.html", generated_at=GENERATED, language=language,
        moments=moments,
    )
    return out.read_text(encoding="utf-8")


def section(html: str, heading: str) -> str:
    """The HTML from a section heading to the next section heading."""
    start = html.index(f"<h3>{heading}</h3>")
    end = html.find("<h3>", start + 1)
    return html[start : end if end > 0 else len(html)]


def cells(table_html: str, row_label: str) -> list[str]:
    """The text of the cells of the table row whose header starts with row_label."""
    match = re.search(rf"<tr[^>]*><th scope=\"row\">{re.escape(row_label)}.*?</tr>", table_html,
                      re.S)
    assert match, f"no row {row_label!r}"
    row = re.sub(r"<svg.*?</svg>", "", match.group(0), flags=re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_report_shows_levels_headline_and_promise(tmp_path: Path) -> None:
    html = render(tmp_path)
    for level in ServiceLevel:
        assert level.name_en in html
        assert level.definition_en.replace("'", "&#39;") in html
    assert "Every guest leaves happier than they came" in html
    figures = re.findall(
        r'<div class="figure-label">(.*?)</div>\s*<div class="figure-value">(.*?)</div>', html
    )
    shown = dict(figures)
    assert shown["Experiences"] == "12"
    assert shown["Customers"] == "9"
    assert shown["Mean level"] == "3.45"  # 38 / 11
    assert shown["NPS"] == "+20"  # promoters 9,9,10,10,10: 5 of 10; detractors 0,2,5: 3
    assert shown["CSAT"] == "50%"  # 4,4,5,5 of 8
    assert shown["CES"] == "4.5"
    assert "1 of the experiences" in html  # the one not assessed is named


def test_ladder_table_counts_and_shares(tmp_path: Path) -> None:
    ladder = section(render(tmp_path), "The ladder")
    assert cells(ladder, '<span class="swatch" style="background:#B42318;color:#FFFFFF">1</span>')[
        1:
    ] == ["2", "18%"]
    assert cells(ladder, '<span class="swatch" style="background:#8CCB5E;color:#1F2933">4</span>')[
        1:
    ] == ["3", "27%"]
    assert "<svg" in ladder and 'role="img"' in ladder and "<title>" in ladder


def test_touchpoint_targets_largest_gap_first(tmp_path: Path) -> None:
    promise = section(render(tmp_path), "The brand promise")
    names = re.findall(r'<th scope="row">([^<]+)<span class="detail">', promise)
    # booking (target Expected): 1 of 4; welcome (brand: Surprising): 0 of 4; app: 3 of 3
    assert names == ["Welcome at the door", "Table booking", "Order in the app"]
    assert cells(promise, "Welcome at the door")[:2] == ["Surprising", "0%"]
    assert cells(promise, "Table booking")[:2] == ["Expected", "25%"]
    assert cells(promise, "Order in the app")[:2] == ["Desired", "100%"]
    assert "on-site · arrival" in promise


def test_channel_table(tmp_path: Path) -> None:
    channels = section(render(tmp_path), "The ladder per channel")
    # n, the six shares, the mean level, then the share at or above each touchpoint's target
    phone = ["4", "50%", "25%", "25%", "0%", "0%", "0%", "1.75", "25%"]
    app = ["3", "0%", "0%", "0%", "0%", "67%", "33%", "5.33", "100%"]
    assert cells(channels, "phone")[:9] == phone
    assert cells(channels, "app")[:9] == app


def test_trend_per_week_with_mean_level(tmp_path: Path) -> None:
    trend = section(render(tmp_path), "Trend")
    assert "Per week" in trend
    assert cells(trend, "2 Mar 2026")[:9] == [
        "2", "100%", "0%", "0%", "0%", "0%", "0%", "1.00", "0%"
    ]
    assert cells(trend, "20 Apr 2026")[7] == "6.00"
    assert "trend-chart" in trend


def test_trend_per_month_on_request(tmp_path: Path) -> None:
    inputs = [ReportInput(BISTRO, TOUCHPOINTS, experiences())]
    out = render_report(inputs, tmp_path / "m.html", generated_at=GENERATED, period="month")
    trend = section(out.read_text(encoding="utf-8"), "Trend")
    assert cells(trend, "Mar 2026")[0] == "6" and cells(trend, "Apr 2026")[0] == "5"


def test_worst_and_best_moments_quote_the_customer(tmp_path: Path) -> None:
    html = render(tmp_path)
    worst, best = section(html, "Worst moments"), section(html, "Best moments")
    assert WORST_QUOTE in worst and BEST_QUOTE not in worst
    assert BEST_QUOTE in best and WORST_QUOTE not in best
    assert worst.index(WORST_QUOTE) < worst.index("Nobody said hello")
    assert "Waited 40 min" in worst and "wait_minutes=40" in worst
    assert worst.index("Waited 40 min") < worst.index("Booking lost")  # strongest reason first
    assert "Occasion celebrated" in best and "Joost" in best
    assert "NPS 10" in best  # reasons stored as a JSON string are read too
    assert best.count('class="moment"') == 3


def test_report_is_self_contained(tmp_path: Path) -> None:
    html = render(tmp_path)
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    assert "<style>" in html and html.count("<svg") == 6  # ladder, bar, 3 touchpoints, trend


def test_hostile_customer_text_stays_text(tmp_path: Path) -> None:
    frame = experiences()
    frame.loc[0, "text"] = f"{SCRIPT} {IMAGE}"
    frame.loc[0, "staff"] = IMAGE
    frame.at[0, "reasons"] = [
        {"source": "text", "level": 1, "weight": 1.0, "message": SCRIPT, "evidence": IMAGE}
    ]
    frame.loc[frame["touchpoint"] == "booking", "touchpoint"] = IMAGE
    frame.loc[frame["channel"] == "phone", "channel"] = SCRIPT
    hostile_org = Organization(key=IMAGE, name=SCRIPT, sector=IMAGE,
                               brand=BrandPromise(statement=SCRIPT, values=(IMAGE,)))
    html = render(tmp_path, [ReportInput(hostile_org, {}, frame)])
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_no_worst_moments_when_nothing_fell_short(tmp_path: Path) -> None:
    frame = experiences().assign(level=[4, 5, 6] * 4)
    html = render(tmp_path, [ReportInput(BISTRO, TOUCHPOINTS, frame)])
    worst = section(html, "Worst moments")
    assert 'class="moment"' not in worst and "nothing fell short" in worst
    assert section(html, "Best moments").count('class="moment"') == 3


def test_extra_sections_are_included_as_html(tmp_path: Path) -> None:
    journey = ReportSection("Journey map", '<figure class="journey"><svg></svg></figure>')
    html = render(tmp_path, [ReportInput(BISTRO, TOUCHPOINTS, experiences(), (journey,))])
    assert "<h3>Journey map</h3>" in html
    assert '<figure class="journey"><svg></svg></figure>' in html


def test_dutch_labels_and_numbers(tmp_path: Path) -> None:
    html = render(tmp_path, language="nl")
    assert '<html lang="nl">' in html
    for level in ServiceLevel:
        assert level.name_nl in html
    for word in ("Ervaringen", "Klanten", "Gemiddeld niveau", "De merkbelofte", "Verloop",
                 "Slechtste momenten", "Beste momenten", "Welcome at the door"):
        assert word in html
    assert ">3,45<" in html  # Dutch decimal comma
    assert "telefoon" in html and "Week van" in html and "2 mrt 2026" in html


def test_empty_and_unassessed_organisations_say_what_to_do(tmp_path: Path) -> None:
    empty = Organization("empty", "Nobody Yet")
    waiting = Organization("waiting", "Not Assessed")
    html = render(
        tmp_path,
        [
            ReportInput(BISTRO, TOUCHPOINTS, experiences()),
            ReportInput(empty, {}, experiences().iloc[0:0]),
            ReportInput(waiting, {}, experiences().assign(level=np.nan)),
        ],
    )
    assert 'href="#org-empty"' in html and 'id="org-waiting"' in html
    empty_part = html[html.index('id="org-empty"') : html.index('id="org-waiting"')]
    assert "No experiences recorded" in empty_part and "cxladder import" in empty_part
    waiting_part = html[html.index('id="org-waiting"') :]
    assert "12 experiences are recorded but none is on the ladder" in waiting_part
    assert "cxladder assess" in waiting_part
    assert "<h3>Worst moments</h3>" not in empty_part + waiting_part


def test_bad_requests_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="language 'fr' is not supported; use en or nl"):
        render(tmp_path, language="fr")
    with pytest.raises(InvalidInput, match="at least one organisation"):
        render_report([], tmp_path / "r.html", generated_at=GENERATED)
    broken = ReportInput(BISTRO, TOUCHPOINTS, experiences().drop(columns=["at"]))
    with pytest.raises(InvalidInput, match="of bistro lack column.*at"):
        render_report([broken], tmp_path / "r.html", generated_at=GENERATED)
    assert not (tmp_path / "r.html").exists()
    inputs = [ReportInput(BISTRO, TOUCHPOINTS, experiences())]
    with pytest.raises(InvalidInput, match="is a folder; name the report file"):
        render_report(inputs, tmp_path, generated_at=GENERATED)
    (tmp_path / "file").write_text("")
    with pytest.raises(InvalidInput, match="cannot write the report to .*choose another file"):
        render_report(inputs, tmp_path / "file" / "r.html", generated_at=GENERATED)


def test_long_quotes_are_cut_at_a_word(tmp_path: Path) -> None:
    frame = experiences()
    frame.loc[0, "text"] = "waiting " * 100
    html = render(tmp_path, [ReportInput(BISTRO, TOUCHPOINTS, frame)])
    quote = re.search(r'<blockquote class="quote">(waiting .*?)</blockquote>', html)
    assert quote and quote.group(1).endswith("waiting…") and len(quote.group(1)) <= 321


def test_a_hundred_thousand_experiences_render_quickly(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    n = 100_000
    frame = pd.DataFrame(
        {
            "customer_id": rng.integers(0, 30_000, n).astype(str),
            "touchpoint": rng.choice(list(TOUCHPOINTS), n),
            "channel": rng.choice(["phone", "on-site", "app"], n),
            "at": pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 400, n), "D"),
            "level": rng.integers(1, 7, n).astype("float64"),
            "nps": rng.integers(0, 11, n).astype("float64"),
            "text": "fine",
            "reasons": [[]] * n,
            "confidence": rng.random(n),
        }
    )
    started = time.perf_counter()
    html = render(tmp_path, [ReportInput(BISTRO, TOUCHPOINTS, frame)])
    assert time.perf_counter() - started < 10
    assert ">100,000<" in html and "Per month" in html


# -- through the facade, on the real store (SQLite and PostgreSQL) ---------------------------


def _stored_rows(frame: pd.DataFrame) -> pa.Table:
    floats = ("csat", "nps", "ces", "stars", "grade", "wait_minutes", "delay_minutes")
    fields = [
        (name, pa.timestamp("us") if name == "at" else pa.float64() if name in floats
         else pa.map_(pa.string(), pa.float64()) if name == "facts" else pa.string())
        for name in EXPERIENCE_COLUMNS
    ]
    columns = {
        name: [None] * len(frame) if name == "facts"
        else [None if pd.isna(v) else float(v) for v in frame[name]] if name in floats
        else frame[name].tolist()
        for name in EXPERIENCE_COLUMNS
    }
    columns["text"] = [t if isinstance(t, str) else "" for t in columns["text"]]
    return pa.table(columns, schema=pa.schema(fields))


@pytest.fixture
def stored_cx(database_url: str, tmp_path: Path) -> Iterator[Cxladder]:
    """A fresh Cxladder on SQLite and on PostgreSQL, its schema brought up to date."""
    app = Cxladder(Settings(database_url=database_url, rejects_dir=tmp_path), upgrade=True)
    yield app
    app.close()


def test_report_from_the_store(stored_cx: Cxladder, tmp_path: Path) -> None:
    any_cx = stored_cx
    frame = experiences()
    any_cx.add_organization(BISTRO, list(TOUCHPOINTS.values()))
    any_cx.store.add_batch(
        organization="bistro", source="test", fingerprint="f", rows_read=len(frame),
        accepted=_stored_rows(frame), rejections=[],
    )
    pairs = []
    for row in frame.itertuples():
        if pd.isna(row.level):
            continue
        reason = Reason("text", ServiceLevel(int(row.level)), 1.0, f"Said: {row.event_id}",
                        str(row.text or ""))
        assessment = Assessment(row.event_id, ServiceLevel(int(row.level)), 0.8, (reason,))
        pairs.append((any_cx.store.experience("bistro", row.event_id).row_id, assessment))
    any_cx.store.save_assessments(pairs)
    any_cx.add_organization(Organization("quiet", "Quiet Corner"))
    out = any_cx.report(tmp_path / "store.html", language="nl")
    html = out.read_text(encoding="utf-8")
    bistro = html[html.index('id="org-bistro"') : html.index('id="org-quiet"')]
    assert "Bistro De Ladder" in bistro and "Said: e1" in bistro and WORST_QUOTE in bistro
    assert 'figure-value">12<' in bistro and 'figure-value">3,45<' in bistro
    assert "Nog geen ervaringen vastgelegd" in html[html.index('id="org-quiet"') :]
