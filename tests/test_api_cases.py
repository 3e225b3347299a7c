"""Working cases over real HTTP, on SQLite and PostgreSQL: the closed loop, and who may touch it.

North had a bad night at the seating (Criminal) and a slow website (Basic); two cases from last
winter are long past their SLA. South has one case of its own, which north must never reach.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pandas as pd
import pytest

from api_servers import STORES, Server, Tenant, database, keys_for, serve_seeded
from cxladder.actions.desk import ActionDesk
from cxladder.app import Cxladder
from cxladder.journeys.synthetic import store_log
from cxladder.model import Channel, Consent, Touchpoint

# Relative to the server's clock, which opens the recent cases: they are due hours from now.
RECENT = (datetime.now() - timedelta(days=5)).replace(hour=19, minute=0, second=0, microsecond=0)
WINTER = RECENT - timedelta(days=360)
CRIMINAL_TONIGHT = [f"n{i}" for i in range(1, 9)]


def _touchpoints(organization: str) -> list[Touchpoint]:
    return [
        Touchpoint("seating", "Seating", Channel.ON_SITE, organization=organization, owner="floor"),
        Touchpoint("web", "Website", Channel.WEB, organization=organization),
    ]


def _moments(visits: list[tuple[str, str, datetime, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "event_id": f"{customer}-{touchpoint}",
                "customer_id": customer,
                "journey_id": f"{customer}-visit",
                "touchpoint": touchpoint,
                "channel": "on-site" if touchpoint == "seating" else "web",
                "at": at,
                "level": level,
            }
            for customer, touchpoint, at, level in visits
        ]
    )


def _seed(cx: Cxladder) -> dict[str, Tenant]:
    north = [("old-1", "seating", WINTER, 1), ("old-2", "web", WINTER, 2)]
    north += [(c, "seating", RECENT, 1) for c in CRIMINAL_TONIGHT]
    north += [("b1", "web", RECENT, 2), ("b2", "web", RECENT, 2), ("happy", "seating", RECENT, 5)]
    store_log(cx.store, _moments(north), organization="north", touchpoints=_touchpoints("north"))
    south = [("s-secret", "seating", RECENT, 1)]
    store_log(cx.store, _moments(south), organization="south", touchpoints=_touchpoints("south"))
    # Last winter's cases were opened last winter: by now they are long past their SLA.
    ActionDesk(cx.store, clock=lambda: WINTER + timedelta(days=1)).open_cases(organization="north")
    for org in ("north", "south"):
        cx.actions.open_cases(organization=org)
    cx.actions.set_consent("n1", Consent(contact=True), organization="north")
    return {"north": keys_for(cx, "north"), "south": keys_for(cx, "south")}


@pytest.fixture(scope="module", params=STORES)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    yield from serve_seeded(database(request, tmp_path_factory), tmp_path_factory, _seed)


def _ok(answer: httpx.Response) -> Any:
    assert answer.status_code == 200, answer.text
    return answer.json()


def _case_of(client: httpx.Client, customer: str) -> dict[str, Any]:
    found = _ok(client.get("/api/v1/cases", params={"customer_id": customer}))
    assert len(found) == 1, found
    return dict(found[0])


# -- listing ----------------------------------------------------------------------------------


def test_list_pages_and_counts(server: Server) -> None:
    with server.client(server.tenants["north"].agent) as client:
        answer = client.get("/api/v1/cases", params={"limit": 3})
        first = _ok(answer)
        assert answer.headers["X-Total-Count"] == "12" and len(first) == 3
        # oldest first by default: last winter's two
        assert {c["customer_id"] for c in first[:2]} == {"old-1", "old-2"}
        rest = _ok(client.get("/api/v1/cases", params={"offset": 10, "limit": 50}))
        assert len(rest) == 2
        everything = _ok(client.get("/api/v1/cases", params={"limit": 500}))
        assert "happy" not in {c["customer_id"] for c in everything}  # Surprising: no case
        assert "s-secret" not in {c["customer_id"] for c in everything}


def test_list_sorts_by_level_due_and_opened(server: Server) -> None:
    with server.client(server.tenants["north"].agent) as client:
        by_level = _ok(client.get("/api/v1/cases", params={"sort": "level", "limit": 500}))
        levels = [c["level"] for c in by_level]
        assert levels == sorted(levels) and levels[0] == 1
        assert by_level[0]["level_name"] == "Criminal"
        worst_last = _ok(client.get("/api/v1/cases", params={"sort": "-level", "limit": 1}))
        assert worst_last[0]["level"] == 2
        latest_due = _ok(client.get("/api/v1/cases", params={"sort": "-due_at", "limit": 500}))
        due = [c["due_at"] for c in latest_due]
        assert due == sorted(due, reverse=True)
        newest = _ok(client.get("/api/v1/cases", params={"sort": "-opened_at", "limit": 500}))
        assert newest[-1]["customer_id"] in ("old-1", "old-2")
        bad = client.get("/api/v1/cases", params={"sort": "price"})
        assert bad.status_code == 422 and "sort" in bad.text


def test_list_filters_breached_status_and_customer(server: Server) -> None:
    with server.client(server.tenants["north"].analyst) as client:
        breached = _ok(client.get("/api/v1/cases", params={"breached": "true"}))
        assert {c["customer_id"] for c in breached} == {"old-1", "old-2"}
        assert all(c["breached"] for c in breached)
        old = _case_of(client, "old-2")
        assert old["level"] == 2 and old["touchpoint"] == "web" and old["owner"] == "cx-team"
        floor = _ok(client.get("/api/v1/cases", params={"owner": "floor", "limit": 500}))
        assert floor and all(c["touchpoint"] == "seating" for c in floor)


# -- the closed loop --------------------------------------------------------------------------


def test_a_case_goes_from_open_to_closed_with_its_history(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.agent) as client:
        case = _case_of(client, "n1")
        assert case["status"] == "open" and case["owner"] == "floor"
        path = f"/api/v1/cases/{case['id']}"
        assigned = _ok(client.post(f"{path}/assign", json={"owner": "  Sanne  "}))
        assert assigned["owner"] == "Sanne"
        assert _ok(client.post(f"{path}/start"))["status"] == "in_progress"
        noted = _ok(client.post(f"{path}/note", json={"text": "Called; offered a table Friday."}))
        assert noted["notes"][-1]["text"] == "Called; offered a table Friday."
        resolved = _ok(client.post(f"{path}/resolve", json={"resolution": "Table on Friday"}))
        assert resolved["status"] == "resolved" and resolved["resolution"] == "Table on Friday"
        closed = _ok(client.post(f"{path}/close"))  # the resolution given on resolve stands
        assert closed["status"] == "closed" and closed["closed_at"]
        assert "Table on Friday" in closed["follow_up_question"]  # n1 agreed to be contacted
        detail = _ok(client.get(path))
    texts = [n["text"] for n in detail["notes"]]
    assert texts[0].startswith("assigned to Sanne (was floor)")
    assert texts[1:] == [
        "work started",
        "Called; offered a table Friday.",
        "resolved",
        "closed; follow-up sent",
    ]
    assert {n["author"] for n in detail["notes"]} == {"north agent"}
    assert detail["experience_ids"] and detail["follow_up_sent_at"]


def test_illegal_moves_are_a_409_that_says_what_is_allowed(server: Server) -> None:
    with server.client(server.tenants["north"].admin) as client:
        path = f"/api/v1/cases/{_case_of(client, 'n2')['id']}"
        _ok(client.post(f"{path}/start"))
        again = client.post(f"{path}/start")
        assert again.status_code == 409
        assert "in_progress" in again.json()["detail"] and "allowed next: resolved" in again.text
        _ok(client.post(f"{path}/close", json={"resolution": "Apologised, voucher sent"}))
        for move, body in (
            ("close", {"resolution": "again"}),
            ("resolve", {"resolution": "again"}),
            ("start", None),
            ("assign", {"owner": "Piet"}),
        ):
            answer = client.post(f"{path}/{move}", json=body)
            assert answer.status_code == 409, (move, answer.text)
            assert "closed" in answer.json()["detail"]
        late = _ok(client.post(f"{path}/note", json={"text": "Customer wrote back: thanks"}))
        assert late["status"] == "closed"  # a closed case still takes a note
        assert _ok(client.get(path))["resolution"] == "Apologised, voucher sent"


def test_closing_without_any_resolution_is_a_422(server: Server) -> None:
    with server.client(server.tenants["north"].analyst) as client:
        path = f"/api/v1/cases/{_case_of(client, 'n3')['id']}"
        answer = client.post(f"{path}/close", json={})
        assert answer.status_code == 422 and "resolution" in answer.text
        assert _ok(client.get(path))["status"] == "open"


@pytest.mark.parametrize(
    ("move", "body", "field"),
    [
        ("assign", {"owner": ""}, "owner"),
        ("assign", {"owner": "   "}, "owner"),
        ("assign", {}, "owner"),
        ("assign", {"owner": "Sanne", "priority": "high"}, "priority"),
        ("note", {"text": "x" * 5001}, "text"),
        ("note", {"text": 42}, "text"),
        ("resolve", {"resolution": ""}, "resolution"),
        ("close", {"resolution": "x" * 2001}, "resolution"),
    ],
)
def test_bad_bodies_are_a_422_naming_the_field(
    server: Server, move: str, body: dict[str, object], field: str
) -> None:
    with server.client(server.tenants["north"].agent) as client:
        case = _case_of(client, "n4")
        answer = client.post(f"/api/v1/cases/{case['id']}/{move}", json=body)
        assert answer.status_code == 422, answer.text
        assert field in answer.text
        assert _ok(client.get(f"/api/v1/cases/{case['id']}"))["notes"] == []


def test_bad_case_ids_are_a_422(server: Server) -> None:
    with server.client(server.tenants["north"].agent) as client:
        for bad in ("0", "-3", "abc", str(2**64)):
            answer = client.post(f"/api/v1/cases/{bad}/start")
            assert answer.status_code == 422, (bad, answer.text)
            assert "case_id" in answer.text


# -- who may touch a case ---------------------------------------------------------------------

MOVES = [
    ("GET", "", None),
    ("POST", "/assign", {"owner": "Intruder"}),
    ("POST", "/start", None),
    ("POST", "/note", {"text": "was here"}),
    ("POST", "/resolve", {"resolution": "nothing"}),
    ("POST", "/close", {"resolution": "nothing"}),
]


def test_every_role_but_the_collector_works_cases(server: Server) -> None:
    north = server.tenants["north"]
    for key, customer in ((north.admin, "n5"), (north.analyst, "n6"), (north.agent, "n7")):
        with server.client(key) as client:
            path = f"/api/v1/cases/{_case_of(client, customer)['id']}"
            assert _ok(client.post(f"{path}/start"))["status"] == "in_progress"
    with server.client(north.admin) as client:
        target = _case_of(client, "n8")["id"]
    with server.client(north.collector) as client:
        assert client.get("/api/v1/cases").status_code == 403
        for method, suffix, body in MOVES:
            answer = client.request(method, f"/api/v1/cases/{target}{suffix}", json=body)
            assert answer.status_code == 403, (suffix, answer.text)
    for anybody in (None, "cxl_forged"):
        with server.client(anybody) as client:
            assert client.get("/api/v1/cases").status_code == 401
            for method, suffix, body in MOVES:
                answer = client.request(method, f"/api/v1/cases/{target}{suffix}", json=body)
                assert answer.status_code == 401, (suffix, answer.text)
    with server.client(north.admin) as client:
        untouched = _ok(client.get(f"/api/v1/cases/{target}"))
        assert untouched["status"] == "open" and untouched["notes"] == []


def test_another_organisations_case_is_not_found(server: Server) -> None:
    north, south = server.tenants["north"], server.tenants["south"]
    with server.client(south.admin) as client:
        theirs = _case_of(client, "s-secret")
        listed = _ok(client.get("/api/v1/cases", params={"limit": 500}))
        assert [c["customer_id"] for c in listed] == ["s-secret"]
    with server.client(north.admin) as client:
        missing = client.get("/api/v1/cases/999999").json()["detail"]
        for method, suffix, body in MOVES:
            answer = client.request(method, f"/api/v1/cases/{theirs['id']}{suffix}", json=body)
            assert answer.status_code == 404, (suffix, answer.text)  # never 403: no existence
            assert answer.json()["detail"] == missing.replace("999999", str(theirs["id"]))
            assert "s-secret" not in answer.text
        assert all(c["customer_id"] != "s-secret" for c in _ok(client.get("/api/v1/cases")))
    with server.client(south.admin) as client:
        after = _ok(client.get(f"/api/v1/cases/{theirs['id']}"))
        assert (after["status"], after["owner"], after["notes"]) == ("open", "floor", [])


def test_the_openapi_documents_the_moves_and_the_409(server: Server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    for move in ("assign", "start", "resolve", "close"):
        operation = spec["paths"][f"/api/v1/cases/{{case_id}}/{move}"]["post"]
        assert "409" in operation["responses"], move
    listing = spec["paths"]["/api/v1/cases"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"sort", "limit", "offset"}
