"""Trust: consent enforced, export, complete erasure (by query and by bytes), retention, audit."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from cxladder.actions.records import GestureBudget
from cxladder.actions.trust import ConsentRequired, RetentionKind, export_json
from cxladder.errors import InvalidInput, NotFound
from cxladder.model import Consent, Occasion
from cxladder.store.repo import Rejection, Store
from test_actions_support import (
    START,
    Clock,
    Visit,
    add_customers,
    add_visits,
    desk,
    experience_table,
    fresh_store,
    setup_org,
)

ERASED = "klant-4711-wis"
EMAIL = "anna.devries.4711@example.nl"
OTHER = "klant-0815-blijft"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = fresh_store(database_url)
    yield store
    store.dispose()


def _rejects_file(folder: Path) -> Path:
    """A rejects file as imports write it: BOM, the source's `;` separator, quoted line breaks."""
    path = folder / "visits.rejects-3f9c0a1b22de.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["row", "field", "value", "reason", "klant", "email", "cijfer", "tekst"])
        writer.writerow([3, "cijfer", "11", "out of range", ERASED, EMAIL, "11", "lang\ngewacht"])
        writer.writerow([4, "cijfer", "x", "not a number", OTHER, "other@example.nl", "x", "ok"])
    return path


def _customer_everywhere(store: Store, folder: Path, clock: Clock) -> None:
    """The customer in every table that can hold them: experiences, assessments, cases,
    notes, gestures, deviations, profile, occasions, quarantine, rejects file, audit log."""
    setup_org(store)
    add_customers(store, ERASED, email=EMAIL)
    add_customers(store, OTHER, email="other@example.nl")
    add_visits(
        store,
        [
            Visit("v1", ERASED, "queue", START, 1, f"Lang gewacht. Mail me op {EMAIL}"),
            Visit("v2", ERASED, "dinner", START, 5, "We waren 25 jaar getrouwd!"),
            Visit("v3", OTHER, "dinner", START, 4, f"Mijn vriendin ({EMAIL.upper()}) was blij"),
        ],
    )
    rejects = _rejects_file(folder)
    store.add_batch(
        organization="bistro",
        source="visits.csv",
        fingerprint="f1",
        rows_read=2,
        accepted=experience_table([]),
        rejects_path=str(rejects),
        rejections=[
            Rejection(
                3,
                "grade",
                "11",
                "out of range",
                {"customer": ERASED, "email": EMAIL, "grade": "11"},
            ),
            Rejection(4, "grade", "x", "not a number", {"customer": OTHER, "grade": "x"}),
        ],
    )
    store.add_batch(
        organization="bistro",
        source="moved.csv",
        fingerprint="f2",
        rows_read=0,
        accepted=experience_table([]),
        rejections=[],
        rejects_path=str(folder / "moved-away.rejects.csv"),
    )
    actions = desk(store, clock)
    (case,) = [c for c in actions.open_cases() if c.customer_id == ERASED]
    actions.note(case.id, f"Spoke to {ERASED} at {EMAIL}", author="Sanne")
    actions.set_budget(GestureBudget("host", 100, 20))
    actions.offer_gesture(ERASED, "prosecco", staff="Sanne", role="host")
    actions.log_deviation(
        staff="Sanne",
        role="host",
        customer_id=ERASED,
        touchpoint="queue",
        standard_path="wait in line",
        action="seated at once",
        reason="customer had waited 40 minutes",
    )
    actions.set_preferences(ERASED, {"table": "by the window", "drink": "prosecco"})
    _tables_added_by_others(store)
    actions.detect_occasions()
    actions.profile(ERASED)


def _tables_added_by_others(store: Store) -> None:
    """Tables this module does not know: one keyed by customer_id, one outbox of JSON payloads."""
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            "CREATE TABLE loyalty_points (organization VARCHAR(64), customer_id VARCHAR(128), "
            "points INTEGER)"
        )
        connection.exec_driver_sql(
            "CREATE TABLE partner_outbox (id INTEGER PRIMARY KEY, payload TEXT)"
        )
        for customer in (ERASED, OTHER):
            connection.execute(
                sa.text("INSERT INTO loyalty_points VALUES ('bistro', :c, 120)"), {"c": customer}
            )
        for number, customer in enumerate((ERASED, OTHER)):
            payload = json.dumps({"organization": "bistro", "customer_id": customer, "level": 1})
            connection.execute(
                sa.text("INSERT INTO partner_outbox VALUES (:n, :p)"), {"n": number, "p": payload}
            )


def _traces(store: Store, needles: tuple[str, ...]) -> list[str]:
    """Every (table, row) whose text holds one of the needles, over all tables in the db."""
    found = []
    with store.engine.connect() as connection:
        for name in sa.inspect(connection).get_table_names():
            for row in connection.execute(sa.text(f'SELECT * FROM "{name}"')):
                text = " ".join(str(v) for v in row).lower()
                found += [f"{name}: {row}" for n in needles if n.lower() in text]
    return found


def test_erasure_leaves_no_trace_in_any_table_or_file(store: Store, tmp_path: Path) -> None:
    clock = Clock(START + timedelta(days=1))
    _customer_everywhere(store, tmp_path, clock)
    assert _traces(store, (ERASED, EMAIL))  # the set-up really put the customer everywhere

    report = desk(store, clock).erase_customer(ERASED, actor="privacy-officer")

    assert _traces(store, (ERASED, EMAIL)) == []
    assert report.rows["experiences"] == 2 and report.rows["quarantine"] == 1
    assert report.rows["experiences.text"] == 1  # the other customer's comment, scrubbed
    rejects = (tmp_path / "visits.rejects-3f9c0a1b22de.csv").read_text(encoding="utf-8")
    assert ERASED not in rejects and EMAIL not in rejects and "gewacht" not in rejects
    assert rejects.startswith("\ufeffrow;field;") and f"{OTHER};other@example.nl" in rejects
    assert report.files_rewritten == (str(tmp_path / "visits.rejects-3f9c0a1b22de.csv"),)
    assert report.files_missing == (str(tmp_path / "moved-away.rejects.csv"),)
    assert store.count("experiences") == 1 and store.count("quarantine") == 1
    assert report.rows["loyalty_points"] == 1 and report.rows["partner_outbox"] == 1
    assert _traces(store, (OTHER,))  # other customers' rows stay, in those tables too
    trail = desk(store, clock).audit_trail(ERASED)
    assert trail[-1].action == "erased" and trail[-1].actor == "privacy-officer"
    assert {e.action for e in trail} >= {"viewed", "preferences", "case-note", "erased"}
    with pytest.raises(NotFound):
        desk(store, clock).erase_customer(ERASED)


def test_erasure_leaves_no_bytes_in_the_embedded_file(tmp_path: Path) -> None:
    db = tmp_path / "cx.db"
    store = fresh_store(f"sqlite:///{db}")
    clock = Clock(START + timedelta(days=1))
    _customer_everywhere(store, tmp_path, clock)
    before = _file_bytes(db)
    assert ERASED.encode() in before and EMAIL.encode() in before

    desk(store, clock).erase_customer(ERASED)

    after = _file_bytes(db)
    assert ERASED.encode() not in after and EMAIL.encode() not in after
    assert EMAIL.upper().encode() not in after
    assert OTHER.encode() in after  # the search itself works: the other customer is still there
    store.dispose()


def _file_bytes(db: Path) -> bytes:
    parts = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def test_export_holds_every_table_and_is_audited(store: Store, tmp_path: Path) -> None:
    clock = Clock(START + timedelta(days=1))
    _customer_everywhere(store, tmp_path, clock)
    document = desk(store, clock).export_customer(ERASED, actor="dpo")
    tables = document["tables"]
    assert {
        "customers",
        "experiences",
        "assessments",
        "cases",
        "case_notes",
        "gestures",
        "deviations",
        "customer_profiles",
        "quarantine",
        "loyalty_points",
        "partner_outbox",
    } <= set(tables)
    assert tables["customers"][0]["email"] == EMAIL
    assert all(r["customer_id"] == ERASED for r in tables["experiences"])
    parsed = json.loads(export_json(document))
    assert parsed["customer_id"] == ERASED
    assert OTHER not in export_json(document)
    assert desk(store, clock).audit_trail(ERASED)[-1].action == "exported"


def test_audit_log_keeps_a_salted_hash_not_the_customer(store: Store, tmp_path: Path) -> None:
    clock = Clock(START + timedelta(days=1))
    _customer_everywhere(store, tmp_path, clock)
    entries = desk(store, clock).repo.audit_entries("bistro")
    assert entries and all(ERASED not in e.subject + e.detail for e in entries)
    assert len({e.subject for e in entries}) == 1  # one customer touched, one subject


def test_consent_is_enforced(store: Store) -> None:
    setup_org(store)
    add_customers(store, "nee", consent=Consent(contact=False, personalisation=False))
    add_visits(store, [Visit("n1", "nee", "dinner", START, 4, "Our 10th anniversary dinner")])
    actions = desk(store)
    with pytest.raises(ConsentRequired, match="personalisation"):
        actions.set_preferences("nee", {"table": "window"})
    with pytest.raises(ConsentRequired):
        actions.record_occasion("nee", Occasion("birthday"))
    with pytest.raises(ConsentRequired):
        actions.offer_gesture("nee", "prosecco", staff="Sanne", role="host")
    assert actions.offer_gesture("nee", "free-dessert", staff="Sanne", role="host").cost == 7.5
    assert actions.detect_occasions() == {}
    assert store.customer("bistro", "nee").occasions == ()
    suggestions = actions.next_best_gestures("nee")
    assert suggestions and not any(s.play.personal for s in suggestions)

    actions.set_consent("nee", Consent(contact=True, personalisation=True))
    actions.set_preferences("nee", {"table": "window"})
    assert actions.detect_occasions()["nee"][0].kind == "anniversary"
    assert actions.profile("nee").preferences["table"] == "window"
    actions.set_consent("nee", Consent(contact=True, personalisation=False))  # withdrawn
    profile = actions.profile("nee")
    assert dict(profile.preferences) == {} and profile.customer.occasions == ()
    assert store.customer("bistro", "nee").occasions == ()
    assert actions.repo.profile("bistro", "nee").preferences == {}  # type: ignore[union-attr]


def test_retention_purges_old_personal_data(store: Store) -> None:
    setup_org(store)
    add_customers(store, "oud", "nieuw")
    add_visits(
        store,
        [
            Visit("o1", "oud", "dinner", START, 1, "Nooit meer"),
            Visit("n1", "nieuw", "dinner", START, 2, "Oude opmerking van nieuw"),
            Visit("n2", "nieuw", "dinner", START + timedelta(days=380), 4, "Recent"),
        ],
    )
    clock = Clock(START + timedelta(days=1))
    actions = desk(store, clock)
    (case,) = [c for c in actions.open_cases() if c.customer_id == "nieuw"]
    actions.note(case.id, "Gebeld, excuses aangeboden")
    clock.now = START + timedelta(days=400)
    actions.set_retention(RetentionKind.CUSTOMERS, 365)
    actions.set_retention("texts", 90)
    actions.set_retention("case_notes", 180)
    with pytest.raises(InvalidInput, match="unknown"):
        actions.set_retention("everything", 1)

    report = actions.purge_expired()

    assert report.customers_erased == 1 and report.texts_cleared == 1
    assert report.notes_deleted >= 1
    with pytest.raises(NotFound):
        store.customer("bistro", "oud")
    assert _traces(store, ("Nooit meer", "Oude opmerking", "excuses")) == []
    assert _traces(store, ("Recent",))
    assert actions.audit_trail("oud")[-1].action == "purged"
    assert actions.purge_expired().customers_erased == 0
