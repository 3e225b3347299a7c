"""Docs that cannot rot: every command and every setting is in README.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from cxladder.cli import app
from cxladder.settings import Settings

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _command_paths(group: Any, prefix: str = "cxladder") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            paths += _command_paths(command, path)
        else:
            paths.append(path)
    return paths


def test_every_command_is_documented() -> None:
    group = typer.main.get_command(app)
    paths = _command_paths(group)
    assert "cxladder demo" in paths
    missing = [path for path in paths if f"`{path}" not in README]
    assert not missing, f"commands missing from README.md's command reference: {missing}"


def test_every_setting_is_documented() -> None:
    for name in Settings.model_fields:
        assert f"`{name}`" in README, f"setting {name} is missing from README.md"
        assert f"CXLADDER_{name.upper()}" in README


def test_readme_holds_the_two_commands() -> None:
    assert "make demo" in README and "make test" in README
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
