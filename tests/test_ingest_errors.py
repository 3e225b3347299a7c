"""Bad input: every rejected row is kept with row, field and reason; nothing is lost."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from cxladder.app import Cxladder
from cxladder.errors import MappingError, StoreError, UnreadableFile
from cxladder.ingest.load import import_file
from cxladder.ingest.mapping import ColumnMapping
from cxladder.ingest.readers import read_file
from cxladder.model import Channel, Organization, Touchpoint
from cxladder.settings import Settings
from cxladder.store.repo import Rejection

HEADER = "id;klant;datum;contactmoment;kanaal;csat;nps;ces;sterren;cijfer;wachttijd"
GOOD = "e0;k0;23-11-2026 14:05;balie;winkel;4;9;2;5;8;3"


def _import(cx: Cxladder, tmp_path: Path, *rows: str, strict: bool = False,
            header: str = HEADER) -> tuple[int, list[dict[str, str]]]:
    path = tmp_path / "bad.csv"
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    summary = cx.import_file(path, organization="bistro", strict=strict)
    assert summary.rows_read == len(rows) == summary.accepted + summary.rejected
    if summary.rejects_path is None:
        return summary.accepted, []
    with summary.rejects_path.open(encoding="utf-8-sig", newline="") as handle:
        return summary.accepted, list(csv.DictReader(handle, delimiter=";"))


BAD = [
    ("e1;;23-11-2026;balie;;;;;;;", "customer_id", "is empty"),
    ("e1;k1;;balie;;;;;;;", "at", "is empty"),
    ("e1;k1;23-11-2026;;;;;;;;", "touchpoint", "is empty"),
    ("e1;k1;31-02-2026;balie;;;;;;;", "at", "'31-02-2026' is not a date"),
    ("e1;k1;gisteren;balie;;;;;;;", "at", "DD-MM-YYYY"),
    ("e1;k1;23-11-26;balie;;;;;;;", "at", "four digits"),
    ("e1;k1;23-11-2026;balie;fax;;;;;;", "channel", "'fax' is not known"),
    ("e1;k1;23-11-2026;balie;;6;;;;;", "csat", "csat 6 is out of range 1..5"),
    ("e1;k1;23-11-2026;balie;;;11;;;;", "nps", "out of range 0..10"),
    ("e1;k1;23-11-2026;balie;;;;0;;;", "ces", "out of range 1..7"),
    ("e1;k1;23-11-2026;balie;;;;;9;;", "stars", "out of range 1..5"),
    ("e1;k1;23-11-2026;balie;;;;;;acht;", "grade", "'acht' is not a number"),
    ("e1;k1;23-11-2026;balie;;;;;;1.234,5;", "grade", "is not a number"),
    ("e1;k1;23-11-2026;balie;;;;;;nan;", "grade", "'nan' is not a number"),
    ("e1;k1;23-11-2026;balie;;;;;;;-4", "wait_minutes", "negative"),
    ("e0;k1;23-11-2026;balie;;;;;;;", "event_id", "earlier row"),
    (f"e1;{'k' * 129};23-11-2026;balie;;;;;;;", "customer_id", "at most 128"),
]


@pytest.fixture(scope="module")
def bad_import(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BadImport]:
    """One import of a good row and every kind of bad row (each with its own event id)."""
    folder = tmp_path_factory.mktemp("bad")
    rows = [row if row.startswith("e0") else f"e{n}" + row[2:]
            for n, (row, _, _) in enumerate(BAD, start=1)]
    with Cxladder(Settings(database_url=str(folder / "cx.db"), rejects_dir=folder)) as cx:
        accepted, rejects = _import(cx, folder, GOOD, *rows)
        stored = cx.store.rejections(cx.store.batches("bistro")[-1]["id"])
        yield BadImport(accepted, rejects, stored)


@dataclass(frozen=True)
class BadImport:
    accepted: int
    rejects: list[dict[str, str]]
    stored: list[Rejection]


def test_only_the_good_row_lands_and_nothing_is_lost(bad_import: BadImport) -> None:
    assert bad_import.accepted == 1
    assert len(bad_import.rejects) == len(bad_import.stored) == len(BAD)


@pytest.mark.parametrize(("position", "case"), list(enumerate(BAD)),
                         ids=[f"{field}-{words}" for _, field, words in BAD])
def test_each_bad_row_is_quarantined_with_row_field_and_reason(
    bad_import: BadImport, position: int, case: tuple[str, str, str]
) -> None:
    row, field, words = case
    number = position + 2  # data rows count from 1, the good row is row 1
    reject = bad_import.rejects[position]
    assert (reject["row"], reject["field"]) == (str(number), field)
    assert words in reject["reason"] and f"row {number}" in reject["reason"]
    assert reject["klant"] == row.split(";")[1]  # the original columns ride along
    stored = bad_import.stored[position]
    assert (stored.row_number, stored.field, stored.reason) == (number, field, reject["reason"])
    assert stored.raw["datum"] == (row.split(";")[2] or "")


def test_unpadded_dates_and_blanks_around_numbers_are_fine(cx: Cxladder, tmp_path: Path) -> None:
    accepted, rejects = _import(cx, tmp_path, GOOD, "e1;k1;1-2-2026 9:05;balie;;;;;;; 5 ",
                                "e2;k2;29-02-2028;balie;;;;;;;")
    assert (accepted, rejects) == (3, [])
    e1 = cx.store.experience("bistro", "e1").experience
    assert (e1.at.day, e1.at.month, e1.at.hour, dict(e1.facts)) == (1, 2, 9, {"wait_minutes": 5})


def test_unknown_touchpoint_when_strict(cx: Cxladder, tmp_path: Path) -> None:
    cx.add_organization(Organization("bistro", "Bistro"),
                        [Touchpoint("balie", "Balie", Channel.ON_SITE)])
    accepted, [reject] = _import(cx, tmp_path, GOOD, "e1;k1;23-11-2026;bar;;;;;;;", strict=True)
    assert accepted == 1 and reject["field"] == "touchpoint"
    assert "'bar' is not known (known: balie)" in reject["reason"]


def test_a_row_with_several_faults_names_each_field(cx: Cxladder, tmp_path: Path) -> None:
    _, [reject] = _import(cx, tmp_path, ";k1;morgen;balie;;9;;;;;")
    assert reject["field"] == "at; csat"
    assert "'morgen' is not a date" in reject["reason"] and "csat 9 is out" in reject["reason"]


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["klant=klantnummer"], "not an experience field; use one of: event_id, customer_id"),
        (["telefoon=customer_id"], "column 'telefoon', which is not in the file"),
        (["klant=customer_id", "kanaal=customer_id"], "both mapped to 'customer_id'"),
        (["datum=ignore"], "no column holds 'at'"),
    ],
)
def test_mapping_mistakes_say_what_to_do(cx: Cxladder, tmp_path: Path, pairs: list[str],
                                         message: str) -> None:
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "\n" + GOOD + "\n", encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        cx.import_file(path, organization="bistro", mapping=ColumnMapping.from_pairs(pairs))
    assert cx.store.count("import_batches") == 0


def test_mapping_pairs_and_files_are_checked(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="write it as column=field"):
        ColumnMapping.from_pairs(["datum"])
    bad = tmp_path / "map.toml"
    bad.write_text("[columns]\ndatum = \n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not valid TOML"):
        ColumnMapping.from_file(bad)
    options = tmp_path / "map.json"
    options.write_text('{"columns": {"datum": "at"}, "guess": true}', encoding="utf-8")
    with pytest.raises(MappingError, match="unknown option"):
        ColumnMapping.from_file(options)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("gone.csv", None, "does not exist"),
        ("a.xml", b"<rows/>", "cannot read .xml"),
        ("a.csv", "klant;datum\nk\xe9;1-1-2026\n".encode("latin-1"), "not UTF-8"),
        ("a.csv", b"klant;datum;contactmoment\nk1;1-1-2026;balie;extra\n", "as many values"),
        ("a.csv", b"klant;klant;datum\n", "appears twice"),
        ("a.csv", b"", "is empty"),
        ("a.jsonl", b'{"klant": "k1"}\n{"klant": \n', "line 2: not JSON"),
        ("a.parquet", b"PAR1 not really", "not a readable Parquet file"),
        ("a.xlsx", b"PK not really", "not a readable Excel workbook"),
    ],
)
def test_unreadable_files_raise_a_clear_error(tmp_path: Path, name: str,
                                               content: bytes | None, message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=message):
        read_file(path)


def test_an_unreadable_file_writes_nothing(cx: Cxladder, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"klant;datum;contactmoment\nk1;1-1-2026;balie;extra\n")
    with pytest.raises(UnreadableFile):
        cx.import_file(path, organization="bistro")
    assert cx.store.count("import_batches") == cx.store.count("experiences") == 0


def test_a_batch_that_fails_half_way_leaves_nothing(cx: Cxladder, tmp_path: Path) -> None:
    """A real constraint refuses the 150th row, after the first chunks were written."""
    cx.add_organization(Organization("bistro", "Bistro"))
    with cx.store.engine.begin() as connection:
        connection.execute(sa.text(
            "CREATE TRIGGER refuse_k149 BEFORE INSERT ON experiences "
            "WHEN NEW.customer_id = 'k149' BEGIN SELECT RAISE(ABORT, 'k149 refused'); END"
        ))
    rows = [f"e{i};k{i};23-11-2026 14:{i % 60:02d};balie;;;;;;{1 + i % 10};" for i in range(200)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join((HEADER, *rows, "e999;;;balie;;;;;;;")) + "\n", encoding="utf-8")
    with pytest.raises(StoreError, match="rolled back, nothing of it was stored"):
        import_file(cx.store, path, organization="bistro", rejects_dir=tmp_path, chunk_rows=50)
    for table in ("experiences", "import_batches", "quarantine", "customers"):
        assert cx.store.count(table) == 0, table
    assert cx.touchpoints("bistro") == {}
    assert list(tmp_path.glob("*.rejects-*")) == []
