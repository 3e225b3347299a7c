"""Event logs (CSV and XES) read as journeys, and imported through the store."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from cxladder.app import Cxladder
from cxladder.errors import MappingError, UnreadableFile
from cxladder.ingest.eventlog import (
    EventLogMapping,
    import_event_log,
    read_event_log,
    resolve_columns,
)
from cxladder.model import Channel, Organization, ServiceLevel, Touchpoint
from cxladder.store.repo import EXPERIENCE_COLUMNS, Store

# A small bakery's order journeys, written for these tests.
PLAIN_CSV = """\
case:concept:name,concept:name,time:timestamp,org:resource,case:channel,lifecycle:transition,basket
007,Order placed,2026-03-02T09:00:00+01:00,Anna,Internet,complete,12.5
007,Order confirmed,2026-03-02T09:30:00+01:00,Bram,Internet,start,
007,Order confirmed,2026-03-02T09:45:00+01:00,Bram,Internet,complete,
007,Cake collected,2026-03-03T16:00:00+01:00,Anna,Internet,complete,
008,Order placed,2026-03-28T23:50:00+01:00,Anna,Desk,complete,30
008,Cake collected,2026-03-29T10:00:00+02:00,Cees,Desk,complete,
009,Order placed,2026-04-01T08:00:00Z,Anna,Intern,complete,
"""

EXPORT_CSV = """\ufeffCase ID;Activity;Complete Timestamp;Resource;Channel
A-1;Call the shop;2026-05-04 10:00:00;Dirk;Telefoon
A-1;Cake picked;2026-05-04 12:15:00;Eva;Winkel
A-2;Call the shop;not a date;Dirk;Telefoon
;Cake picked;2026-05-04 13:00:00;Eva;Winkel
A-3;Call the shop;2026-05-05 09:00:00;Dirk;Telefoon
"""

XES = """\
<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="concept:name" value="bakery"/>
  <trace>
    <string key="concept:name" value="T1"/>
    <string key="customer" value="cust-42"/>
    <container key="address">
      <string key="city" value="Utrecht"/>
      <int key="floor" value="3"/>
    </container>
    <event>
      <string key="concept:name" value="Order placed"/>
      <date key="time:timestamp" value="2026-03-02T09:00:00.000+01:00"/>
      <string key="org:resource" value="Anna"/>
      <string key="lifecycle:transition" value="complete"/>
      <float key="amount" value="12.5"/>
      <int key="items" value="2"/>
      <boolean key="gift" value="true"/>
    </event>
    <event>
      <string key="concept:name" value="Baking"/>
      <date key="time:timestamp" value="2026-03-02T10:00:00.000+01:00"/>
      <string key="lifecycle:transition" value="start"/>
    </event>
    <event>
      <string key="concept:name" value="Baking"/>
      <date key="time:timestamp" value="2026-03-02T11:30:00.000+01:00"/>
      <string key="lifecycle:transition" value="complete"/>
    </event>
  </trace>
  <trace>
    <string key="concept:name" value="T2"/>
    <event>
      <string key="concept:name" value="Order placed"/>
      <date key="time:timestamp" value="2026-03-05T08:00:00Z"/>
      <list key="ratings"><values><int key="stars" value="4"/></values></list>
    </event>
    <event>
      <string key="concept:name" value="Cake collected"/>
      <string key="org:resource" value="Cees"/>
    </event>
    <string key="channel" value="Internet"/>
  </trace>
</log>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _row(frame: pd.DataFrame, journey: str, touchpoint: str) -> pd.Series:
    match = frame[(frame["journey_id"] == journey) & (frame["touchpoint"] == touchpoint)]
    assert len(match) == 1, match
    return match.iloc[0]


# -- CSV ---------------------------------------------------------------------------------------


def test_csv_with_standard_names_becomes_journeys(tmp_path: Path) -> None:
    log = read_event_log(_write(tmp_path, "orders.csv", PLAIN_CSV))
    frame = log.experiences
    assert list(frame.columns) == list(EXPERIENCE_COLUMNS)
    assert (log.rows_read, log.events, log.cases, log.skipped_lifecycle) == (7, 6, 3, 1)
    assert log.rejections == ()
    # Case ids that look like numbers keep their leading zeros.
    assert set(frame["journey_id"]) == {"007", "008", "009"}
    assert set(frame["customer_id"]) == {"007", "008", "009"}
    collected = _row(frame, "007", "Cake collected")
    assert collected["at"] == datetime(2026, 3, 3, 15, 0)
    assert collected["wait_minutes"] == pytest.approx(30 * 60 + 15)
    assert collected["staff"] == "Anna"
    assert pd.isna(_row(frame, "007", "Order placed")["wait_minutes"])


def test_csv_offsets_across_a_clock_change_become_utc(tmp_path: Path) -> None:
    frame = read_event_log(_write(tmp_path, "orders.csv", PLAIN_CSV)).experiences
    assert _row(frame, "008", "Order placed")["at"] == datetime(2026, 3, 28, 22, 50)
    assert _row(frame, "008", "Cake collected")["at"] == datetime(2026, 3, 29, 8, 0)
    assert _row(frame, "008", "Cake collected")["wait_minutes"] == pytest.approx(9 * 60 + 10)
    assert _row(frame, "009", "Order placed")["at"] == datetime(2026, 4, 1, 8, 0)


def test_csv_channels_map_known_values_and_report_the_rest(tmp_path: Path) -> None:
    log = read_event_log(_write(tmp_path, "orders.csv", PLAIN_CSV))
    frame = log.experiences
    assert _row(frame, "007", "Order placed")["channel"] == "web"
    assert _row(frame, "008", "Order placed")["channel"] == "on-site"
    assert pd.isna(_row(frame, "009", "Order placed")["channel"])
    assert dict(log.unmapped_channels) == {"Intern": 1}
    mapped = read_event_log(
        tmp_path / "orders.csv",
        mapping=EventLogMapping(channel_values={"intern": Channel.PHONE}),
    )
    assert _row(mapped.experiences, "009", "Order placed")["channel"] == "phone"
    assert dict(mapped.unmapped_channels) == {}


def test_csv_numeric_attributes_become_facts(tmp_path: Path) -> None:
    frame = read_event_log(_write(tmp_path, "orders.csv", PLAIN_CSV)).experiences
    assert json.loads(_row(frame, "008", "Order placed")["facts"]) == {"basket": 30.0}
    assert _row(frame, "008", "Cake collected")["facts"] is None


def test_all_lifecycles_keeps_start_events(tmp_path: Path) -> None:
    path = _write(tmp_path, "orders.csv", PLAIN_CSV)
    log = read_event_log(path, all_lifecycles=True)
    assert (log.events, log.skipped_lifecycle) == (7, 0)
    assert len(set(log.experiences["event_id"])) == 7


def test_export_csv_semicolons_bom_and_broken_rows(tmp_path: Path) -> None:
    log = read_event_log(_write(tmp_path, "export.csv", EXPORT_CSV))
    assert log.columns.case == "Case ID"
    assert log.columns.timestamp == "Complete Timestamp"
    assert log.events == 3
    assert [(r.row_number, r.field, r.value) for r in log.rejections] == [
        (3, "Complete Timestamp", "not a date"),
        (4, "Case ID", ""),
    ]
    assert "ISO 8601" in log.rejections[0].reason
    assert log.rejections[1].raw["Activity"] == "Cake picked"
    channels = dict(zip(log.experiences["touchpoint"], log.experiences["channel"], strict=False))
    assert channels["Cake picked"] == "store"
    assert {tp.key: tp.channel for tp in log.touchpoints} == {
        "Call the shop": Channel.PHONE,
        "Cake picked": Channel.STORE,
    }


def test_day_first_dates_with_a_format(tmp_path: Path) -> None:
    text = "case,activity,timestamp\nc1,Order,31-01-2026 14:05\nc1,Pay,01-02-2026 09:00\n"
    path = _write(tmp_path, "dutch.csv", text)
    mapping = EventLogMapping(timestamp_format="%d-%m-%Y %H:%M")
    frame = read_event_log(path, mapping=mapping).experiences
    assert list(frame["at"]) == [datetime(2026, 1, 31, 14, 5), datetime(2026, 2, 1, 9, 0)]


def test_missing_column_names_what_was_found(tmp_path: Path) -> None:
    path = _write(tmp_path, "odd.csv", "ticket,step,when\nt1,Open,2026-01-01T10:00:00\n")
    with pytest.raises(MappingError, match="case column.*columns found: ticket, step, when"):
        read_event_log(path)
    mapping = EventLogMapping(case="ticket", activity="step", timestamp="moment")
    with pytest.raises(MappingError, match="'moment' for the timestamp.*ticket, step, when"):
        read_event_log(path, mapping=mapping)
    mapped = EventLogMapping(case="TICKET", activity="step", timestamp="when")
    assert read_event_log(path, mapping=mapped).events == 1


def test_mapping_from_command_line_pairs(tmp_path: Path) -> None:
    mapping = EventLogMapping.from_pairs(
        ["case=Ticket", "timestamp=when", "activity=step", "channel.Intern=on-site",
         "default_channel=phone", "timestamp_format=%d-%m-%Y %H:%M"]
    )
    assert (mapping.case, mapping.timestamp_format) == ("Ticket", "%d-%m-%Y %H:%M")
    assert dict(mapping.channel_values) == {"Intern": Channel.ON_SITE}
    assert mapping.default_channel is Channel.PHONE
    with pytest.raises(MappingError, match="unknown part 'kase'"):
        EventLogMapping.from_pairs(["kase=Ticket"])
    with pytest.raises(MappingError, match="not a channel"):
        EventLogMapping.from_pairs(["channel.Intern=pigeon"])


def test_resolve_prefers_standard_names() -> None:
    columns = resolve_columns(
        ["case", "case:concept:name", "concept:name", "time:timestamp", "customer"],
        EventLogMapping(),
    )
    assert columns.case == "case:concept:name"
    assert columns.customer == "customer"
    assert columns.lifecycle is None


def test_event_ids_do_not_depend_on_row_order(tmp_path: Path) -> None:
    header, *rows = PLAIN_CSV.splitlines()
    shuffled = "\n".join([header, *reversed(rows)]) + "\n"
    first = read_event_log(_write(tmp_path, "a.csv", PLAIN_CSV)).experiences
    second = read_event_log(_write(tmp_path, "b.csv", shuffled)).experiences
    assert sorted(first["event_id"]) == sorted(second["event_id"])
    pd.testing.assert_frame_equal(first, second)


def test_the_same_event_twice_stays_twice(tmp_path: Path) -> None:
    text = "case,activity,timestamp\nc1,Scan,2026-01-01T10:00:00\nc1,Scan,2026-01-01T10:00:00\n"
    first = read_event_log(_write(tmp_path, "twice.csv", text)).experiences
    again = read_event_log(tmp_path / "twice.csv").experiences
    assert first["event_id"].nunique() == 2
    assert list(first["event_id"]) == list(again["event_id"])
    assert list(first["wait_minutes"].fillna(-1)) == [-1, 0]


def test_an_event_outside_any_trace_is_rejected(tmp_path: Path) -> None:
    stray = XES.replace(
        "  <trace>",
        '  <event><string key="concept:name" value="Walk-in"/>'
        '<date key="time:timestamp" value="2026-03-01T09:00:00Z"/></event>\n  <trace>',
        1,
    )
    log = read_event_log(_write(tmp_path, "stray.xes", stray))
    assert [(r.row_number, r.field) for r in log.rejections][0] == (1, "case:concept:name")
    assert log.events == 3


def test_unreadable_files_say_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        read_event_log(tmp_path / "missing.csv")
    with pytest.raises(UnreadableFile, match="not valid XES"):
        read_event_log(_write(tmp_path, "cut.xes", XES[:700]))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("case,activity,timestamp\nc1,Caf\xe9,2026-01-01\n".encode("latin-1"))
    with pytest.raises(UnreadableFile, match="encoding='latin-1'"):
        read_event_log(latin)
    frame = read_event_log(latin, mapping=EventLogMapping(encoding="latin-1")).experiences
    assert list(frame["touchpoint"]) == ["Café"]


# -- XES ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bakery.xes", "bakery.xes.gz", "bakery-gzipped.xes"])
def test_xes_plain_and_gzipped(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    data = XES.encode("utf-8")
    path.write_bytes(data if name == "bakery.xes" else gzip.compress(data))
    log = read_event_log(path)
    assert log.format == "xes"
    assert (log.rows_read, log.skipped_lifecycle, log.events, log.cases) == (5, 1, 3, 2)
    assert [(r.row_number, r.field) for r in log.rejections] == [(5, "time:timestamp")]
    assert log.rejections[0].raw["concept:name"] == "Cake collected"


def test_xes_trace_attributes_types_and_time(tmp_path: Path) -> None:
    log = read_event_log(_write(tmp_path, "bakery.xes", XES))
    frame = log.experiences
    placed = _row(frame, "T1", "Order placed")
    assert placed["customer_id"] == "cust-42"
    assert placed["at"] == datetime(2026, 3, 2, 8, 0)
    assert placed["staff"] == "Anna"
    # Numbers are facts, the yes/no gift flag and text are not; the nested floor is one.
    assert json.loads(placed["facts"]) == {"amount": 12.5, "case:address/floor": 3.0, "items": 2.0}
    baked = _row(frame, "T1", "Baking")
    assert baked["wait_minutes"] == pytest.approx(150)
    # A trace attribute written after the events still belongs to the whole case.
    assert _row(frame, "T2", "Order placed")["channel"] == "web"
    assert _row(frame, "T2", "Order placed")["customer_id"] == "T2"
    assert json.loads(_row(frame, "T2", "Order placed")["facts"]) == {"ratings/stars": 4.0}
    assert log.columns.channel == "case:channel"


def test_xes_without_namespace_and_all_lifecycles(tmp_path: Path) -> None:
    bare = XES.replace(' xmlns="http://www.xes-standard.org/"', "")
    log = read_event_log(_write(tmp_path, "bare.xes", bare), all_lifecycles=True)
    assert (log.events, log.skipped_lifecycle) == (4, 0)
    assert list(log.experiences["touchpoint"][:3]) == ["Order placed", "Baking", "Baking"]


# -- importing ---------------------------------------------------------------------------------


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An upgraded store on SQLite and on PostgreSQL."""
    store = Store(database_url)
    store.upgrade()
    yield store
    store.dispose()


def test_import_writes_one_batch_and_reimport_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path, "export.csv", EXPORT_CSV)
    first = import_event_log(store, path, organization="bakery")
    assert (first.summary.accepted, first.summary.rejected, first.cases) == (3, 2, 2)
    assert first.touchpoints_added == ("Call the shop", "Cake picked")
    again = import_event_log(store, path, organization="bakery")
    assert (again.summary.accepted, again.summary.duplicates) == (0, 3)
    assert again.touchpoints_added == ()
    assert store.count("experiences", "bakery") == 3
    stored = store.rejections(first.summary.batch_id)
    assert [(r.row_number, r.field) for r in stored] == [(3, "Complete Timestamp"), (4, "Case ID")]
    experience = store.experience("bakery", str(_first_event_id(path))).experience
    assert experience.journey_id == "A-1"
    assert experience.channel is Channel.PHONE


def _first_event_id(path: Path) -> str:
    frame = read_event_log(path).experiences
    return str(_row(frame, "A-1", "Call the shop")["event_id"])


def test_import_leaves_known_touchpoints_alone(cx: Cxladder, tmp_path: Path) -> None:
    tuned = Touchpoint(
        key="Cake picked",
        name="Cake picked up in the shop",
        channel=Channel.STORE,
        target_level=ServiceLevel.SURPRISING,
    )
    cx.add_organization(Organization(key="bakery", name="Bakery"), [tuned])
    result = import_event_log(cx, _write(tmp_path, "export.csv", EXPORT_CSV), organization="bakery")
    assert result.touchpoints_added == ("Call the shop",)
    touchpoints = cx.touchpoints("bakery")
    assert touchpoints["Cake picked"].target_level is ServiceLevel.SURPRISING
    assert touchpoints["Cake picked"].name == "Cake picked up in the shop"
    assert touchpoints["Call the shop"].channel is Channel.PHONE
