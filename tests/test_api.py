"""The REST API over real HTTP: a real `cxladder serve` process, on SQLite and on PostgreSQL.

Every endpoint is tried with no key and with another organisation's key: nothing crosses tenants.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest

from cxladder.app import Cxladder
from cxladder.model import Channel, Expectation, Organization, Role, Touchpoint
from cxladder.settings import Settings
from live_server import serving

CXLADDER = str(Path(sys.executable).with_name("cxladder"))


@dataclass
class Tenant:
    key: str
    admin: str
    analyst: str
    agent: str
    collector: str


@dataclass
class Server:
    url: str
    tenants: dict[str, Tenant]

    def client(self, key: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)


def _seed(url: str) -> dict[str, Tenant]:
    tenants = {}
    with Cxladder(Settings(database_url=url), upgrade=True) as cx:
        for key in ("north", "south"):
            cx.add_organization(
                Organization(key=key, name=f"Bistro {key}"),
                [
                    Touchpoint(
                        "seating",
                        "Seating",
                        Channel.ON_SITE,
                        organization=key,
                        expectations=(Expectation("wait_minutes", 5, 20),),
                    ),
                    Touchpoint("web", "Website", Channel.WEB, organization=key),
                ],
            )
            tenants[key] = Tenant(
                key,
                *(
                    cx.create_key(key, role=role, name=f"{key} {role.value}")
                    for role in (Role.ADMIN, Role.ANALYST, Role.AGENT, Role.COLLECTOR)
                ),
            )
    return tenants


def _start(url: str, cwd: Path) -> Iterator[Server]:
    tenants = _seed(url)
    with serving(url, cwd=cwd) as base:
        yield Server(base, tenants)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'cx.db'}"
    else:
        base = request.getfixturevalue("postgres_server")
        name = f"api_{os.getpid()}"
        plain = base.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        url = base.rsplit("/", 1)[0] + "/" + name
    yield from _start(url, tmp_path_factory.mktemp("server-cwd"))


def _experience(event_id: str, **extra: object) -> dict[str, object]:
    return {
        "event_id": event_id,
        "customer_id": "c1",
        "touchpoint": "seating",
        "at": "2026-11-23T19:05:00",
        "grade": 8,
        "text": "prima avond",
        **extra,
    }


def test_health_answers_with_the_schema_revision(server: Server) -> None:
    answer = httpx.get(f"{server.url}/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"


def test_experience_is_assessed_on_arrival_and_read_back(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.analyst) as client:
        created = client.post(
            "/api/v1/experiences",
            json=_experience(
                "n-1",
                facts={"wait_minutes": 25},
                text="Reservering kwijt en twintig minuten gewacht. Nooit meer.",
            ),
        )
        assert created.status_code == 201, created.text
        body = created.json()
        assert body["assessment"]["level"] in (1, 2)
        assert body["assessment"]["reasons"]
        again = client.get("/api/v1/experiences/n-1")
        assert again.status_code == 200
        assert again.json()["assessment"]["level"] == body["assessment"]["level"]


def test_list_filters_sorts_and_pages(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.admin) as client:
        for i in range(5):
            answer = client.post(
                "/api/v1/experiences",
                json=_experience(
                    f"page-{i}", touchpoint="web", at=f"2026-11-2{i}T10:00:00", text=""
                ),
            )
            assert answer.status_code == 201, answer.text
        page = client.get(
            "/api/v1/experiences", params={"touchpoint": "web", "limit": 2, "sort": "at"}
        )
        assert page.status_code == 200
        data = page.json()
        assert data["total"] == 5 and len(data["items"]) == 2
        assert [i["event_id"] for i in data["items"]] == ["page-0", "page-1"]
        last = client.get(
            "/api/v1/experiences", params={"touchpoint": "web", "offset": 4, "sort": "at"}
        ).json()
        assert [i["event_id"] for i in last["items"]] == ["page-4"]


def test_bad_input_is_a_422_naming_the_field(server: Server) -> None:
    with server.client(server.tenants["north"].analyst) as client:
        answer = client.post("/api/v1/experiences", json=_experience("bad", grade=11))
        assert answer.status_code == 422
        assert "grade" in answer.text


def test_bulk_ndjson_lands_good_lines_and_names_bad_ones(server: Server) -> None:
    lines = [
        json.dumps(_experience("bulk-1")),
        "{not json",
        json.dumps(_experience("bulk-2", grade=12)),
        json.dumps(_experience("bulk-3", customer_id="c9")),
    ]
    with server.client(server.tenants["north"].analyst) as client:
        answer = client.post(
            "/api/v1/experiences/bulk",
            content="\n".join(lines).encode(),
            headers={"Content-Type": "application/x-ndjson"},
        )
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert (result["accepted"], result["rejected"]) == (2, 2)
        assert sorted(r["row"] for r in result["rejections"]) == [2, 3]
        assert client.get("/api/v1/experiences/bulk-3").json()["assessment"] is not None


def test_collector_submits_but_reads_nothing(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.collector) as client:
        answer = client.post("/api/v1/collect/seating", json={"nps": 9, "comment": "Top!"})
        assert answer.status_code == 201, answer.text
        assert 1 <= answer.json()["level"] <= 6
        assert client.get("/api/v1/experiences").status_code == 403
        unknown = client.post("/api/v1/collect/nowhere", json={"nps": 9})
        assert unknown.status_code == 404
        empty = client.post("/api/v1/collect/seating", json={})
        assert empty.status_code == 422


def test_the_same_response_id_is_stored_once(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.collector) as client:
        for _ in range(2):
            answer = client.post(
                "/api/v1/collect/web", json={"csat": 4, "response_id": "widget-abc"}
            )
            assert answer.status_code == 201
    with server.client(north.admin) as client:
        found = client.get("/api/v1/experiences", params={"touchpoint": "web", "limit": 500})
        assert [i["event_id"] for i in found.json()["items"]].count("widget-abc") == 1


ENDPOINTS: list[tuple[str, str, dict[str, object] | None]] = [
    ("GET", "/api/v1/organization", None),
    ("GET", "/api/v1/ladder", None),
    ("GET", "/api/v1/touchpoints", None),
    ("PUT", "/api/v1/touchpoints/seating", {"name": "x", "channel": "web"}),
    ("GET", "/api/v1/experiences", None),
    ("GET", "/api/v1/experiences/secret-1", None),
    ("POST", "/api/v1/experiences", _experience("cross-1")),
    ("POST", "/api/v1/collect/seating", {"nps": 1}),
    ("GET", "/api/v1/customers/north-only", None),
    ("GET", "/api/v1/customers/north-only/export", None),
    ("DELETE", "/api/v1/customers/north-only", None),
    ("GET", "/api/v1/cases", None),
    ("GET", "/api/v1/cases/1", None),
    ("GET", "/api/v1/journeys/map", None),
    *(
        ("GET", f"/api/v1/journeys/{path}", None)
        for path in (
            "variants",
            "funnel?steps=seating",
            "rework",
            "pain",
            "wow",
            "outcomes",
            "moments-of-truth?min_journeys=2",
            "segments?groups=1",
            "drift",
        )
    ),
    ("POST", "/api/v1/cases/1/assign", {"owner": "intruder"}),
    ("POST", "/api/v1/cases/1/start", None),
    ("POST", "/api/v1/cases/1/note", {"text": "was here"}),
    ("POST", "/api/v1/cases/1/resolve", {"resolution": "nothing"}),
    ("POST", "/api/v1/cases/1/close", {"resolution": "nothing"}),
]


def test_no_key_is_401_everywhere(server: Server) -> None:
    with server.client(None) as client:
        for method, path, body in ENDPOINTS:
            answer = client.request(method, path, json=body)
            assert answer.status_code == 401, (method, path, answer.text)
        bulk = client.post("/api/v1/experiences/bulk", content=b"{}")
        assert bulk.status_code == 401
    with server.client("cxl_forged") as client:
        assert client.get("/api/v1/experiences").status_code == 401


def test_nothing_crosses_tenants(server: Server) -> None:
    north, south = server.tenants["north"], server.tenants["south"]
    with server.client(north.admin) as client:
        secret = _experience("secret-1", text="Mijn geheime klacht", customer_id="north-only")
        assert client.post("/api/v1/experiences", json=secret).status_code == 201
    with server.client(south.admin) as client:
        for method, path, body in ENDPOINTS:
            answer = client.request(method, path, json=body)
            assert "geheime" not in answer.text, path
            # an error may repeat the id the caller asked for; a success never shows north's
            assert answer.status_code >= 400 or "north-only" not in answer.text, path
        assert client.get("/api/v1/experiences/secret-1").status_code == 404
        organization = client.get("/api/v1/organization").json()
        assert organization["key"] == "south"
        listed = client.get("/api/v1/experiences", params={"limit": 500}).json()
        assert all(item["customer_id"] != "north-only" for item in listed["items"])
        # south's own write lands in south, never in north
        assert client.post("/api/v1/experiences", json=_experience("cross-1")).status_code in (201,)
    with server.client(north.admin) as client:
        assert client.get("/api/v1/experiences/cross-1").status_code == 404
        # south's DELETE of north's customer found nothing to erase
        assert client.get("/api/v1/customers/north-only").status_code == 200


def test_roles_are_enforced(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.agent) as client:
        assert client.get("/api/v1/experiences").status_code == 200
        assert client.post("/api/v1/experiences", json=_experience("agent-1")).status_code == 403
        put = client.put("/api/v1/touchpoints/seating", json={"name": "x", "channel": "web"})
        assert put.status_code == 403
    with server.client(north.admin) as client:
        put = client.put(
            "/api/v1/touchpoints/terrace",
            json={
                "name": "Terras",
                "channel": "on-site",
                "target_level": 5,
                "expectations": [{"fact": "wait_minutes", "expected": 5, "unacceptable": 15}],
            },
        )
        assert put.status_code == 200, put.text
        keys = [t["key"] for t in client.get("/api/v1/touchpoints").json()]
        assert keys == ["seating", "web", "terrace"]


def test_openapi_is_served(server: Server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert "/api/v1/collect/{touchpoint}" in spec["paths"]
    assert httpx.get(f"{server.url}/docs").status_code == 200


def test_customer_export_and_erasure_need_an_admin(server: Server) -> None:
    north = server.tenants["north"]
    with server.client(north.analyst) as client:
        gone = _experience("erase-1", customer_id="to-forget", text="Mail me: a@b.nl")
        assert client.post("/api/v1/experiences", json=gone).status_code == 201
        assert client.get("/api/v1/customers/to-forget/export").status_code == 403
        assert client.delete("/api/v1/customers/to-forget").status_code == 403
    with server.client(north.admin) as client:
        export = client.get("/api/v1/customers/to-forget/export")
        assert export.status_code == 200 and "erase-1" in export.text
        erased = client.delete("/api/v1/customers/to-forget")
        assert erased.status_code == 200 and sum(erased.json()["rows"].values()) >= 2
        assert client.get("/api/v1/customers/to-forget").status_code == 404
        assert client.get("/api/v1/experiences/erase-1").status_code == 404


def test_journey_map_and_cases_are_served(server: Server) -> None:
    with server.client(server.tenants["north"].agent) as client:
        journey_map = client.get("/api/v1/journeys/map")
        assert journey_map.status_code == 200, journey_map.text
        nodes = journey_map.json()["nodes"]
        assert {n["touchpoint"] for n in nodes} >= {"seating"}
        cases = client.get("/api/v1/cases")
        assert cases.status_code == 200 and isinstance(cases.json(), list)
        assert client.get("/api/v1/cases/999999").status_code == 404
