"""Real `cxladder serve` processes for the API tests, on SQLite and on PostgreSQL.

A test module seeds the store in process, then talks HTTP only: every answer it checks went
through uvicorn, the routes, the error mapping and the JSON encoder.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import psycopg
import pytest

from cxladder.app import Cxladder
from cxladder.model import Role
from cxladder.settings import Settings
from live_server import serving

ROLES = (Role.ADMIN, Role.ANALYST, Role.AGENT, Role.COLLECTOR)


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
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def keys_for(cx: Cxladder, organization: str) -> Tenant:
    made = [cx.create_key(organization, role=r, name=f"{organization} {r.value}") for r in ROLES]
    return Tenant(organization, *made)


def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh database URL for the fixture's parameter: 'sqlite' or 'postgresql'."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('api') / 'cx.db'}"
    base = str(request.getfixturevalue("postgres_server"))
    name = f"api_{request.module.__name__.rsplit('.', 1)[-1]}_{os.getpid()}"
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


def serve_seeded(
    url: str,
    tmp_path_factory: pytest.TempPathFactory,
    seed: Callable[[Cxladder], dict[str, Tenant]],
) -> Iterator[Server]:
    with Cxladder(Settings(database_url=url), upgrade=True) as cx:
        tenants = seed(cx)
    with serving(url, cwd=tmp_path_factory.mktemp("server-cwd")) as base:
        yield Server(base, tenants)


STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
