"""The compiled ladder is used only when it is current, and never when plain Python is asked for."""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

import pytest

import cxladder.ladder as ladder
import cxladder.ladder.assess as assess
from cxladder.ladder import COMPILABLE

ROOT = Path(__file__).parents[1]


def test_the_build_compiles_exactly_the_modules_the_ladder_guards() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    assigned = {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        if node.targets[0].id in ("LADDER_COMPILED", "MANIFEST")
    }
    assert assigned == {"LADDER_COMPILED": COMPILABLE, "MANIFEST": ladder.MANIFEST}


@pytest.mark.parametrize(("value", "pure"), [("", False), ("0", False), ("1", True), ("yes", True)])
def test_cxladder_pure_asks_for_plain_python(
    monkeypatch: pytest.MonkeyPatch, value: str, pure: bool
) -> None:
    monkeypatch.setenv("CXLADDER_PURE", value)
    assert ladder.pure_requested() is pure


@pytest.fixture
def fake_ladder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in COMPILABLE:
        (tmp_path / f"{name}.py").write_text(f"NAME = {name!r}\n", encoding="utf-8")
    monkeypatch.setattr(ladder, "_HERE", tmp_path)
    return tmp_path


def _manifest(folder: Path, **changed: str) -> None:
    sources = {
        name: hashlib.sha256((folder / f"{name}.py").read_bytes()).hexdigest()
        for name in COMPILABLE
    }
    (folder / ladder.MANIFEST).write_text(json.dumps({"sources": sources | changed}))


def test_a_compiled_build_of_the_current_sources_is_current(fake_ladder: Path) -> None:
    _manifest(fake_ladder)
    assert ladder._compiled_current()


def test_an_edited_source_makes_the_build_stale(fake_ladder: Path) -> None:
    _manifest(fake_ladder)
    (fake_ladder / "cues.py").write_text("NAME = 'edited after the build'\n", encoding="utf-8")
    assert not ladder._compiled_current()


@pytest.mark.parametrize("manifest", [None, "not json", '{"group": "x"}', '{"sources": 3}'])
def test_a_missing_or_broken_manifest_is_never_current(
    fake_ladder: Path, manifest: str | None
) -> None:
    if manifest is not None:
        (fake_ladder / ladder.MANIFEST).write_text(manifest)
    assert not ladder._compiled_current()


def test_one_stale_module_is_enough(fake_ladder: Path) -> None:
    # The compiled modules call each other directly: they are used all together or not at all.
    _manifest(fake_ladder, scores="0" * 64)
    assert not ladder._compiled_current()


def test_the_sources_first_finder_loads_the_python_source() -> None:
    finder = ladder._SourcesFirst()
    spec = finder.find_spec("cxladder.ladder.cues", None)
    assert spec is not None and spec.origin is not None and spec.origin.endswith("cues.py")
    assert finder.find_spec("cxladder.ladder.shares", None) is None
    assert finder.find_spec("cxladder.model", None) is None
    assert finder.find_spec("elsewhere.cues", None) is None


def test_the_ladder_reports_what_it_runs() -> None:
    compiled = not (assess.__file__ or "").endswith(".py")
    assert ladder.compiled_in_use() is compiled
    if ladder.pure_requested():
        assert not compiled
