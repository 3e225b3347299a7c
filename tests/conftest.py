"""Shared fixtures: a fresh Cxladder on a temp store, and a real throwaway PostgreSQL server.

The PostgreSQL server is Debian's (initdb/pg_ctl), started once per test session on a free
port, run as the `postgres` system user when the tests run as root, and removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxladder.app import Cxladder
from cxladder.settings import Settings

PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a throwaway PostgreSQL cluster; fails loudly if PostgreSQL is not installed."""
    if not PG_BIN_CANDIDATES:
        pytest.fail("PostgreSQL is not installed; run `make test`, which installs it")
    bin_dir = PG_BIN_CANDIDATES[0]
    root = Path(tempfile.mkdtemp(prefix="cxladder-pg-"))
    data = root / "data"
    port = _free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "cx",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(root / "log"),
                "-o",
                f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://cx@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


_database_counter = iter(range(1_000_000))


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the session's server, one per test."""
    import psycopg

    name = f"cx_{os.getpid()}_{next(_database_counter)}_{int(time.time() * 1000) % 100000}"
    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres_server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Run a test once on the embedded default and once on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cxladder.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def cx(tmp_path: Path) -> Iterator[Cxladder]:
    """A fresh Cxladder on a temp embedded store."""
    app = Cxladder(Settings(database_url=str(tmp_path / "cxladder.db"), rejects_dir=tmp_path))
    yield app
    app.close()


@pytest.fixture
def any_cx(database_url: str, tmp_path: Path) -> Iterator[Cxladder]:
    """A fresh Cxladder on each store: SQLite and PostgreSQL."""
    app = Cxladder(Settings(database_url=database_url, rejects_dir=tmp_path), upgrade=True)
    yield app
    app.close()
