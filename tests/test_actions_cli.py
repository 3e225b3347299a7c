"""The cases, customers and gestures commands, through Typer's runner, checked via the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxladder.actions.commands import cases_app, customers_app, gestures_app
from cxladder.errors import NotFound
from test_actions_support import START, Visit, add_customers, add_visits, fresh_store
from test_actions_support import setup_org as _setup_org

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "cli.db"
    store = fresh_store(f"sqlite:///{path}")
    _setup_org(store)
    add_customers(store, "anna", "bram")
    add_visits(
        store,
        [
            Visit("e1", "anna", "queue", START, 1, "Veertig minuten in de rij"),
            Visit("e2", "bram", "dinner", START, 5, "Our anniversary, lovely"),
        ],
    )
    store.dispose()
    return str(path)


def test_export_prints_json_to_stdout(db: str) -> None:
    result = runner.invoke(customers_app, ["export", "anna", "--db", db, "--as", "dpo"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["customer_id"] == "anna"
    assert document["tables"]["experiences"][0]["text"] == "Veertig minuten in de rij"


def test_erase_asks_for_confirmation_unless_yes(db: str) -> None:
    refused = runner.invoke(customers_app, ["erase", "anna", "--db", db], input="n\n")
    assert refused.exit_code == 1
    store = fresh_store(f"sqlite:///{db}")
    assert store.customer("bistro", "anna").id == "anna"
    done = runner.invoke(customers_app, ["erase", "anna", "--db", db, "--yes"])
    assert done.exit_code == 0, done.output
    assert "erased" in done.stdout
    with pytest.raises(NotFound):
        store.customer("bistro", "anna")
    again = runner.invoke(customers_app, ["erase", "anna", "--db", db, "--yes"])
    assert again.exit_code == 2 and "nothing stored" in again.stderr
    store.dispose()


def test_case_lifecycle_through_the_cli(db: str) -> None:
    opened = runner.invoke(cases_app, ["open", "--db", db])
    assert opened.exit_code == 0 and "1 cases opened" in opened.stdout
    assert runner.invoke(cases_app, ["assign", "1", "Sanne", "--db", db]).exit_code == 0
    assert runner.invoke(cases_app, ["note", "1", "Called her back", "--db", db]).exit_code == 0
    closed = runner.invoke(
        cases_app, ["close", "1", "--resolution", "Greeter at opening", "--db", db]
    )
    assert closed.exit_code == 0 and "Hoe kijkt u" in closed.stdout
    assert runner.invoke(cases_app, ["follow-up", "1", "4", "--db", db]).exit_code == 0
    shown = runner.invoke(cases_app, ["show", "1", "--db", db])
    assert "Called her back" in shown.stdout and "Desired" in shown.stdout
    recovery = runner.invoke(cases_app, ["recovery", "--db", db])
    assert "100%" in recovery.stdout


def test_gestures_and_mistakes(db: str) -> None:
    given = runner.invoke(
        gestures_app,
        ["give", "bram", "free-dessert", "--staff", "Tom", "--role", "host", "--db", db],
    )
    assert given.exit_code == 0 and "given" in given.stdout
    pending = runner.invoke(
        gestures_app,
        ["give", "bram", "replacement", "--staff", "Tom", "--role", "host", "--db", db],
    )
    assert "pending" in pending.stdout
    approved = runner.invoke(
        gestures_app, ["approve", "2", "--approver", "Mira", "--role", "manager", "--db", db]
    )
    assert approved.exit_code == 0 and "given" in approved.stdout
    spend = runner.invoke(gestures_app, ["spend", "--db", db])
    assert "87.50" in spend.stdout
    unknown = runner.invoke(
        gestures_app, ["give", "bram", "helicopter", "--staff", "Tom", "--role", "host", "--db", db]
    )
    assert unknown.exit_code == 2 and "no gesture 'helicopter'" in unknown.stderr
    no_reason = runner.invoke(
        gestures_app,
        [
            "deviate",
            "--staff",
            "Tom",
            "--role",
            "host",
            "--standard",
            "receipt",
            "--action",
            "replaced",
            "--reason",
            " ",
            "--db",
            db,
        ],
    )
    assert no_reason.exit_code == 2


def test_profile_suggest_and_audit(db: str) -> None:
    assert runner.invoke(customers_app, ["occasions", "--db", db]).exit_code == 0
    profile = runner.invoke(customers_app, ["profile", "bram", "--db", db, "--as", "Sanne"])
    assert profile.exit_code == 0 and "anniversary" in profile.stdout
    suggest = runner.invoke(customers_app, ["suggest", "bram", "--db", db])
    assert "prosecco" in suggest.stdout.lower()
    audit = runner.invoke(customers_app, ["audit", "bram", "--db", db])
    assert "Sanne" in audit.stdout and "viewed" in audit.stdout
    consent = runner.invoke(customers_app, ["consent", "bram", "--contact", "--db", db])
    assert consent.exit_code == 0
    again = runner.invoke(customers_app, ["profile", "bram", "--db", db])
    assert "anniversary" not in again.stdout  # personalisation withdrawn


def test_retention_and_purge(db: str) -> None:
    assert runner.invoke(customers_app, ["retention", "texts", "30", "--db", db]).exit_code == 0
    bad = runner.invoke(customers_app, ["retention", "everything", "30", "--db", db])
    assert bad.exit_code == 2
    purged = runner.invoke(customers_app, ["purge", "--db", db])
    assert purged.exit_code == 0 and "2 texts cleared" in purged.stdout
