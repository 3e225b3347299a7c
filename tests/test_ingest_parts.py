"""A large file is checked part after part while the store writes the parts before: the result
must be the one of checking the file in one go, row numbers and reasons included."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxladder.app import Cxladder
from cxladder.ingest import load
from cxladder.ingest.load import Validation
from cxladder.ingest.mapping import ColumnMapping
from cxladder.ingest.readers import read_file
from cxladder.model import Organization
from cxladder.settings import Settings

HEADER = "id;klant;datum;contactmoment;kanaal;cijfer;wachttijd;tafel;notitie"
# Row templates: {i} is the row's own id. Good rows, and rows each check refuses; 'tafel' is a
# number everywhere (a fact), 'notitie' is not (ignored).
ROWS = (
    "e{i};k{i};23-11-2026 14:05;balie;winkel;8;3;4;ok",
    "e{i};k1;2026-11-23T19:05:00;terras;app;7,5;;2;prima",
    "e{i};k2;24-11-2026;nieuw-loket;telefoon;;12,5;6;",
    "e{i};;23-11-2026;balie;;;;1;geen klant",
    "e{i};k3;31-02-2026;balie;;;;1;",
    "e{i};k3;23-11-2026;balie;fax;;;1;",
    "e{i};k3;23-11-2026;balie;;11;;1;",
    "e{i};k3;23-11-2026;balie;;;-4;1;",
    " e{i} ;k4;23-11-2026 10:00;Balie;web;9;;3;",
)


def _checked(path: Path, part_rows: int) -> Validation:
    rows = read_file(path)
    resolved = ColumnMapping().resolve(rows.table.column_names)
    validation = Validation(rows.table, resolved, touchpoints={}, strict=False,
                            part_rows=part_rows)
    for _part in validation:
        pass
    return validation


@settings(max_examples=40, deadline=None)
@given(
    templates=st.lists(st.integers(0, len(ROWS) - 1), min_size=1, max_size=40),
    part_rows=st.integers(1, 45),
    repeat=st.booleans(),
)
def test_parts_give_what_the_whole_file_gives(
    templates: list[int], part_rows: int, repeat: bool
) -> None:
    lines = [ROWS[t].format(i=i) for i, t in enumerate(templates)]
    if repeat and len(lines) > 1:
        lines[-1] = lines[-1].replace(f"e{len(lines) - 1};", "e0;", 1)  # an id seen before
    with tempfile.TemporaryDirectory() as folder:
        path = _file(Path(folder), lines)
        whole = _checked(path, part_rows=len(lines))
        parts = _checked(path, part_rows=part_rows)
    assert parts.accepted().equals(whole.accepted())
    assert parts.rejections == whole.rejections
    assert parts.new_touchpoints() == whole.new_touchpoints()
    assert (parts.facts.keys(), parts.ignored) == (whole.facts.keys(), whole.ignored)
    assert parts.redacted == whole.redacted
    numbers = [r.row_number for r in parts.rejections]
    assert numbers == sorted(numbers) and all(f"row {r.row_number}:" in r.reason
                                              for r in parts.rejections)


def test_an_id_repeated_in_a_later_part_is_refused_there(tmp_path: Path) -> None:
    path = _file(tmp_path, [ROWS[0].format(i=i) for i in range(10)] + [ROWS[0].format(i=0)])
    checked = _checked(path, part_rows=4)
    assert [(r.row_number, r.field) for r in checked.rejections] == [(11, "event_id")]
    assert checked.accepted().num_rows == 10


def _file(folder: Path, lines: list[str]) -> Path:
    path = folder / "ervaringen.csv"
    path.write_text("\n".join((HEADER, *lines)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def cx(tmp_path: Path) -> Cxladder:
    app = Cxladder(Settings(database_url=str(tmp_path / "cx.db"), rejects_dir=tmp_path))
    app.store.save_organization(Organization(key="bistro", name="Bistro"))
    yield app
    app.close()


def test_an_import_in_parts_stores_what_an_import_in_one_part_stores(
    cx: Cxladder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, [ROWS[i % len(ROWS)].format(i=i) for i in range(57)])
    monkeypatch.setattr(load, "PART_ROWS", 5)
    summary = load.import_file(cx.store, path, organization="bistro", rejects_dir=tmp_path,
                               chunk_rows=3)
    assert (summary.accepted, summary.rejected) == (27, 30)
    assert summary.touchpoints_created == ("balie", "terras", "nieuw-loket", "Balie")
    assert summary.rejects_path is not None and summary.rejects_path.exists()
    stored = cx.store.assessed_frame("bistro").sort_values("id")
    assert stored["event_id"].tolist() == [f"e{i}" for i in range(57) if i % len(ROWS) in
                                           (0, 1, 2, 8)]
    batch = cx.store.batches("bistro")[-1]
    assert batch["rejects_path"] == str(summary.rejects_path)
    rejected = cx.store.rejections(summary.batch_id)
    assert [r.row_number for r in rejected] == [i + 1 for i in range(57) if i % len(ROWS) in
                                                 (3, 4, 5, 6, 7)]


def test_a_part_that_fails_its_check_stores_nothing_and_leaves_no_rejects_file(
    cx: Cxladder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _file(tmp_path, [ROWS[i % len(ROWS)].format(i=i) for i in range(30)])
    monkeypatch.setattr(load, "PART_ROWS", 5)
    real = load._parse_fields
    calls = []

    def failing(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 4:
            raise MemoryError("the fourth part did not fit")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_parse_fields", failing)
    with pytest.raises(MemoryError, match="fourth part"):
        load.import_file(cx.store, path, organization="bistro", rejects_dir=tmp_path,
                         chunk_rows=2)
    assert cx.store.count("experiences") == 0
    assert cx.store.count("import_batches") == 0
    assert not list(tmp_path.glob("*.rejects-*"))


def test_an_import_without_rejects_names_no_rejects_file(cx: Cxladder, tmp_path: Path) -> None:
    path = _file(tmp_path, [ROWS[0].format(i=i) for i in range(12)])
    summary = load.import_file(cx.store, path, organization="bistro", rejects_dir=tmp_path)
    assert (summary.accepted, summary.rejected, summary.rejects_path) == (12, 0, None)
    assert cx.store.batches("bistro")[-1]["rejects_path"] == ""
    assert not list(tmp_path.glob("*.rejects-*"))
