"""The CLI end to end through Typer's runner; results checked through the library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxladder.app import Cxladder
from cxladder.cli import app
from cxladder.settings import Settings

runner = CliRunner(env={"COLUMNS": "200"})


def _cx(db: Path) -> Cxladder:
    return Cxladder(Settings(database_url=str(db)))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "cxladder.db"
    report = folder / "report.html"
    result = runner.invoke(
        app, ["demo", "--db", str(db), "--customers", "40", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "organisations" in result.output
    assert report.exists()
    return db


def test_demo_fills_three_organisations_and_assesses_everything(demo_db: Path) -> None:
    with _cx(demo_db) as cx:
        keys = [o.key for o in cx.organizations()]
        assert keys == ["restaurant", "telecom", "themepark"]
        total = cx.store.count("experiences")
        assert total > 100
        assert cx.store.count("assessments") == total


def test_ladder_prints_level_shares_per_touchpoint(demo_db: Path) -> None:
    result = runner.invoke(app, ["ladder", "--db", str(demo_db), "--org", "restaurant"])
    assert result.exit_code == 0, result.output
    for name in ("Criminal", "Expected", "Unbelievable", "touchpoint", "channel"):
        assert name in result.output
    dutch = runner.invoke(
        app, ["ladder", "--db", str(demo_db), "--org", "restaurant", "--lang", "nl"]
    )
    assert "Verrassend" in dutch.output


def test_report_writes_one_file(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(
        app, ["report", "--db", str(demo_db), "--out", str(out), "--org", "telecom"]
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "Criminal" in html


def test_import_then_assess_through_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "cx.db"
    data = tmp_path / "feedback.csv"
    data.write_text(
        "klant;datum;contactmoment;cijfer;opmerking\n"
        "k1;23-11-2026 14:05;bediening;8,5;Gratis brood en ze namen onze jassen aan\n"
        "k2;23-11-2026 14:10;bediening;11;te hoog cijfer\n"
        ";23-11-2026 14:15;bediening;6;geen klant\n",
        encoding="utf-8-sig",
    )
    result = runner.invoke(
        app,
        ["import", str(data), "--db", str(db), "--org", "bistro", "--rejects-dir", str(tmp_path),
         "--map", "klant=customer_id", "--map", "contactmoment=touchpoint"],
    )
    assert result.exit_code == 0, result.output
    assert "1 imported" in result.output and "2 rejected" in result.output
    again = runner.invoke(
        app,
        ["import", str(data), "--db", str(db), "--org", "bistro", "--rejects-dir", str(tmp_path),
         "--map", "klant=customer_id", "--map", "contactmoment=touchpoint"],
    )
    assert "0 imported" in again.output and "1 already there" in again.output
    assessed = runner.invoke(app, ["assess", "--db", str(db)])
    assert assessed.exit_code == 0, assessed.output
    with _cx(db) as cx:
        assert cx.store.count("experiences", "bistro") == 1
        assert cx.store.count("assessments") == 1
        assert cx.store.count("quarantine") == 4  # two bad rows, in each of two imports


def test_user_mistakes_exit_2_with_a_message_and_no_traceback(tmp_path: Path) -> None:
    db = tmp_path / "cx.db"
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.csv"), "--db", str(db)])
    assert missing.exit_code == 2
    assert "error:" in missing.output and "Traceback" not in missing.output
    unknown = runner.invoke(app, ["report", "--db", str(db), "--org", "nope"])
    assert unknown.exit_code == 2
    assert "no organisation 'nope'" in unknown.output


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    db = tmp_path / "cx.db"
    result = runner.invoke(app, ["db", "upgrade", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "0001" in result.output or "revision" in result.output
    current = runner.invoke(app, ["db", "current", "--db", str(db)])
    assert "up to date" in current.output


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("cxladder")
    result = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    for command in ("demo", "import", "assess", "ladder", "report", "db"):
        assert command in result.stdout
