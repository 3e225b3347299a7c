"""Import of experiences: formats, mapping, Dutch conventions, idempotence, strictness."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from cxladder.app import Cxladder
from cxladder.ingest.load import import_file
from cxladder.ingest.mapping import FIELDS, ColumnMapping
from cxladder.model import Channel, Organization, Touchpoint
from cxladder.store.repo import EXPERIENCE_COLUMNS

HEADER = "klant;datum;contactmoment;kanaal;cijfer;opmerking;wachttijd;tafels"
ROWS = (
    "k1;23-11-2026 14:05;bediening;winkel;8,5;Gratis brood en ze namen onze jassen aan;3;4",
    "k2;23-11-2026;kassa;;7;Precies zoals verwacht;;",
    "k3;2026-11-23T19:30:00;bediening;on-site;9;Ze vroegen naar ons jubileum;0,5;2",
)


def _csv(tmp_path: Path, text: str, name: str = "feedback.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def _stored(cx: Cxladder, org: str = "bistro") -> dict[str, object]:
    return {e.experience.customer_id: e.experience for chunk in cx.store.experiences(org)
            for e in chunk}


def test_mapping_fields_are_the_store_columns() -> None:
    assert FIELDS == tuple(c for c in EXPERIENCE_COLUMNS if c != "facts")


def test_dutch_csv_with_bom_lands_with_values_as_given(cx: Cxladder, tmp_path: Path) -> None:
    path = _csv(tmp_path, "\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8-sig")
    summary = cx.import_file(path, organization="bistro")
    assert (summary.rows_read, summary.accepted, summary.rejected) == (3, 3, 0)
    assert summary.fields["customer_id"] == "klant" and summary.facts == ("tafels",)
    stored = _stored(cx)
    first = stored["k1"]
    assert first.at == datetime(2026, 11, 23, 14, 5)  # type: ignore[attr-defined]
    assert first.grade == 8.5  # type: ignore[attr-defined]
    assert first.channel is Channel.STORE  # type: ignore[attr-defined]
    assert first.text == "Gratis brood en ze namen onze jassen aan"  # type: ignore[attr-defined]
    assert dict(first.facts) == {"tafels": 4, "wait_minutes": 3.0}  # type: ignore[attr-defined]
    assert stored["k2"].at == datetime(2026, 11, 23)  # type: ignore[attr-defined]
    assert stored["k3"].at == datetime(2026, 11, 23, 19, 30)  # type: ignore[attr-defined]
    assert dict(stored["k3"].facts)["wait_minutes"] == 0.5  # type: ignore[attr-defined]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separators_are_detected(cx: Cxladder, tmp_path: Path, separator: str) -> None:
    text = "customer_id|date|touchpoint|grade|comment\nc1|2026-11-23 14:05|desk|7.5|fine, thanks\n"
    text = text.replace(",", "，").replace("|", separator).replace("，", ",")
    if separator == ",":
        text = text.replace("fine, thanks", '"fine, thanks"')
    summary = cx.import_file(_csv(tmp_path, text), organization="bistro")
    assert summary.accepted == 1, summary
    assert _stored(cx)["c1"].text == "fine, thanks"  # type: ignore[attr-defined]


def test_iso_dates_with_zone_keep_the_stated_wall_clock(cx: Cxladder, tmp_path: Path) -> None:
    text = ("customer;at;touchpoint\nc1;2026-11-23T14:05:00+01:00;desk\n"
            "c2;2026-11-23T14:05:00.250Z;desk\nc3;2026-11-23 14:05;desk\n")
    assert cx.import_file(_csv(tmp_path, text), organization="bistro").accepted == 3
    stored = _stored(cx)
    assert stored["c1"].at == datetime(2026, 11, 23, 14, 5)  # type: ignore[attr-defined]
    assert stored["c2"].at == datetime(2026, 11, 23, 14, 5, 0, 250000)  # type: ignore[attr-defined]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["e1", "e2"],
        "customer_id": ["c1", "c2"],
        "at": pd.to_datetime(["2026-11-23 14:05", "2026-11-24 09:00"]),
        "touchpoint": ["greeting", "queue"],
        "nps": [9.0, 3.0],
        "comment": ["asked about our anniversary", "queue at opening"],
        "queue_length": [2, 14],
    })


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".xlsx", ".csv"])
def test_each_format_lands_the_same_rows(cx: Cxladder, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"experiences{suffix}"
    frame = _frame()
    if suffix == ".parquet":
        frame.to_parquet(path)
    elif suffix == ".jsonl":
        frame.assign(at=frame["at"].dt.strftime("%Y-%m-%dT%H:%M:%S")).to_json(
            path, orient="records", lines=True)
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, index=False)
    summary = cx.import_file(path, organization="shop")
    assert (summary.accepted, summary.rejected) == (2, 0), summary
    e1 = cx.store.experience("shop", "e1").experience
    assert (e1.at, e1.nps, e1.text) == (datetime(2026, 11, 23, 14, 5), 9.0,
                                        "asked about our anniversary")
    assert dict(e1.facts) == {"queue_length": 2}


def test_dataframe_import_and_json_lines_with_mixed_types(cx: Cxladder, tmp_path: Path) -> None:
    assert cx.import_frame(_frame(), organization="shop").accepted == 2
    path = tmp_path / "mixed.jsonl"
    lines = [{"klant": "k1", "datum": "23-11-2026", "contactmoment": "balie", "cijfer": 8},
             {"klant": "k2", "datum": "24-11-2026", "contactmoment": "balie", "cijfer": "7,5"}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    summary = cx.import_file(path, organization="shop")
    assert summary.accepted == 2
    assert _stored(cx, "shop")["k2"].grade == 7.5  # type: ignore[attr-defined]


def test_a_frame_with_a_facts_column_of_dicts(cx: Cxladder) -> None:
    frame = _frame().drop(columns=["queue_length"])
    frame["facts"] = [{"queue_length": 2.0, "tables_free": 0.0}, {"queue_length": 14.0}]
    summary = cx.import_frame(frame, organization="shop")
    assert summary.facts == ("queue_length", "tables_free")
    assert dict(cx.store.experience("shop", "e2").experience.facts) == {"queue_length": 14}


def test_mapping_file_json_and_toml_and_pairs(cx: Cxladder, tmp_path: Path) -> None:
    text = "wie;wanneer;waar;hoe\nk1;23-11-2026 14:05;balie;4\n"
    data = _csv(tmp_path, text)
    toml = tmp_path / "map.toml"
    toml.write_text('numeric_facts = false\n[columns]\nwie = "customer_id"\n'
                    'wanneer = "at"\nwaar = "touchpoint"\nhoe = "csat"\n', encoding="utf-8")
    summary = cx.import_file(data, organization="a", mapping=ColumnMapping.from_file(toml))
    assert summary.fields["csat"] == "hoe" and summary.accepted == 1
    flat = tmp_path / "map.json"
    flat.write_text(json.dumps({"wie": "customer_id", "wanneer": "at", "waar": "touchpoint"}))
    summary = cx.import_file(data, organization="b", mapping=ColumnMapping.from_file(flat))
    assert summary.facts == ("hoe",)
    pairs = ColumnMapping.from_pairs(["wie=customer_id", "wanneer = at", "waar=touchpoint",
                                      "hoe=facts.sterretjes"])
    assert ColumnMapping.from_file(flat).merged(pairs).columns["hoe"] == "facts.sterretjes"
    cx.import_file(data, organization="c", mapping=pairs)
    assert dict(_stored(cx, "c")["k1"].facts) == {"sterretjes": 4}  # type: ignore[attr-defined]


def test_a_header_only_file_imports_nothing(cx: Cxladder, tmp_path: Path) -> None:
    summary = cx.import_file(_csv(tmp_path, HEADER + "\n"), organization="bistro")
    assert (summary.rows_read, summary.accepted, summary.rejects_path) == (0, 0, None)


def test_unmapped_text_columns_are_ignored_and_listed(cx: Cxladder, tmp_path: Path) -> None:
    text = "klant;datum;contactmoment;filiaal;tafel\nk1;23-11-2026;balie;Utrecht;12\n"
    summary = cx.import_file(_csv(tmp_path, text), organization="bistro")
    assert summary.ignored_columns == ("filiaal",) and summary.facts == ("tafel",)


def test_reimport_adds_nothing_with_or_without_event_ids(cx: Cxladder, tmp_path: Path) -> None:
    path = _csv(tmp_path, "\n".join((HEADER, *ROWS)) + "\n")
    cx.import_file(path, organization="bistro")
    again = cx.import_file(path, organization="bistro")
    assert (again.accepted, again.duplicates) == (0, 3)
    frame = _frame()
    frame.to_parquet(tmp_path / "x.parquet")
    cx.import_frame(frame, organization="shop")
    again = cx.import_file(tmp_path / "x.parquet", organization="shop")
    assert (again.accepted, again.duplicates) == (0, 2)
    assert cx.store.count("experiences") == 5


def test_content_hash_is_the_same_across_formats(cx: Cxladder, tmp_path: Path) -> None:
    frame = _frame().drop(columns=["id"])
    frame.to_parquet(tmp_path / "a.parquet")
    frame.assign(at=frame["at"].dt.strftime("%d-%m-%Y %H:%M")).to_csv(
        tmp_path / "a.csv", sep=";", index=False)
    assert cx.import_file(tmp_path / "a.parquet", organization="shop").accepted == 2
    assert cx.import_file(tmp_path / "a.csv", organization="shop").duplicates == 2


def test_non_strict_creates_touchpoints_with_the_rows_channel(cx: Cxladder,
                                                              tmp_path: Path) -> None:
    path = _csv(tmp_path, "\n".join((HEADER, *ROWS)) + "\n")
    summary = cx.import_file(path, organization="bistro")
    assert set(summary.touchpoints_created) == {"bediening", "kassa"}
    touchpoints = cx.touchpoints("bistro")
    assert touchpoints["kassa"].channel is Channel.ON_SITE  # no channel given: the default
    assert touchpoints["bediening"].channel in (Channel.STORE, Channel.ON_SITE)  # one each
    text = ("klant;datum;contactmoment;kanaal\nk1;23-11-2026;bestellen;app\n"
            "k2;23-11-2026;bestellen;mobile\nk3;23-11-2026;bestellen;website\n")
    cx.import_file(_csv(tmp_path, text, name="app.csv"), organization="bistro")
    assert cx.touchpoints("bistro")["bestellen"].channel is Channel.APP  # the rows' majority


def test_strict_rejects_unknown_touchpoints_and_matches_names(cx: Cxladder,
                                                              tmp_path: Path) -> None:
    cx.add_organization(Organization("bistro", "Bistro"),
                        [Touchpoint("service", "Bediening", Channel.ON_SITE)])
    text = "klant;datum;contactmoment\nk1;23-11-2026;service\nk2;23-11-2026;BEDIENING\n" \
           "k3;23-11-2026;parkeren\n"
    summary = cx.import_file(_csv(tmp_path, text), organization="bistro", strict=True)
    assert (summary.accepted, summary.rejected) == (2, 1)
    assert {e.touchpoint for e in _stored(cx).values()} == {"service"}  # type: ignore[attr-defined]
    assert list(cx.touchpoints("bistro")) == ["service"]


def test_progress_is_called_per_written_chunk(cx: Cxladder, tmp_path: Path) -> None:
    lines = [f"k{i};23-11-2026 14:{i % 60:02d};balie;{1 + i % 10}" for i in range(250)]
    path = _csv(tmp_path, "klant;datum;contactmoment;cijfer\n" + "\n".join(lines) + "\n")
    done: list[int] = []
    cx.add_organization(Organization("bistro", "Bistro"))
    import_file(cx.store, path, organization="bistro", progress=done.append, chunk_rows=100,
                rejects_dir=tmp_path)
    assert done == [100, 100, 50]


# -- the same core on SQLite and PostgreSQL ------------------------------------------------------


def test_core_import_on_both_databases(any_cx: Cxladder, tmp_path: Path) -> None:
    text = "\n".join((HEADER, *ROWS, "k4;23-11-2026;kassa;;12;te hoog;;", ";23-11-2026;kassa;;;;;"))
    path = _csv(tmp_path, text + "\n", encoding="utf-8-sig")
    summary = any_cx.import_file(path, organization="bistro", strict=False)
    assert (summary.accepted, summary.rejected) == (3, 2)
    again = any_cx.import_file(path, organization="bistro", strict=False)
    assert (again.accepted, again.duplicates, again.rejected) == (0, 3, 2)
    assert any_cx.store.count("experiences", "bistro") == 3
    assert any_cx.store.count("quarantine") == 4
    rejected = any_cx.store.rejections(summary.batch_id)
    assert [(r.row_number, r.field) for r in rejected] == [(4, "grade"), (5, "customer_id")]
    strict = any_cx.import_file(_csv(tmp_path, "klant;datum;contactmoment\nk9;23-11-2026;bar\n",
                                     name="b.csv"), organization="bistro", strict=True)
    assert (strict.accepted, strict.rejected) == (0, 1)
