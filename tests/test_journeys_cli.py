"""`cxladder journeys ...` through Typer's runner, checked against the library's answers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxladder.journeys import Journeys
from cxladder.journeys.commands import journeys_app
from cxladder.journeys.synthetic import store_log, synthetic_log
from cxladder.store.repo import Store

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("cli") / "cx.db"
    store = Store(f"sqlite:///{path}")
    store.upgrade()
    store_log(store, synthetic_log(2_000, seed=9), organization="shop")
    store.dispose()
    yield str(path)


def _run(*args: str) -> str:
    result = runner.invoke(journeys_app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_map_prints_the_touchpoints_and_draws_the_svg(db: str, tmp_path: Path) -> None:
    svg = tmp_path / "map.svg"
    output = _run("map", "--db", db, "--svg", str(svg))
    assert "shop: touchpoints" in output and "queue-at-opening" in output
    assert "where journeys start" in output
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_variants_print_the_most_taken_path_first(db: str) -> None:
    store = Store(f"sqlite:///{db}")
    expected = Journeys(store).variants("shop").iloc[0]
    store.dispose()
    output = _run("variants", "--db", db, "--top", "3")
    assert f"{int(expected['journeys'])}" in output
    assert "shop: paths" in output


@pytest.mark.parametrize(
    ("command", "title"),
    [
        (["pain"], "pain moments"),
        (["wow"], "wow moments"),
        (["funnel", "product-page", "web-shop-basket"], "funnel"),
        (["outcomes", "--resamples", "20"], "moments of truth"),
        (["segments", "--groups", "3"], "segments"),
        (["drift"], "expectation drift"),
    ],
)
def test_each_command_prints_its_table(db: str, command: list[str], title: str) -> None:
    assert title in _run(*command, "--db", db, "--org", "shop")


def test_mistakes_end_in_one_line_and_exit_code_2(db: str) -> None:
    result = runner.invoke(journeys_app, ["funnel", "nowhere", "--db", db])
    assert result.exit_code == 2
    assert "no touchpoint 'nowhere'" in result.output
    result = runner.invoke(journeys_app, ["map", "--db", db, "--engine", "excel"])
    assert result.exit_code == 2 and "unknown engine" in result.output
    result = runner.invoke(journeys_app, ["map", "--db", db, "--engine", "postgres"])
    assert result.exit_code == 2 and "--engine duckdb" in result.output
