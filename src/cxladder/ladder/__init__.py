"""Placing experiences on the ladder: scores, facts and comments -> a level with reasons.

The modules that do the work for every experience (COMPILABLE) may be compiled with mypyc
when the package is built (see setup.py). A compiled module is used only when it was compiled
from the source as it is now — the build writes the digest of every source it compiled to
`compiled.json` — and CXLADDER_PURE is not set; otherwise the sources are loaded. So a module
edited after the build runs as written instead of being shadowed by a stale compiled copy, and
the compiled modules are used all together or not at all: they call each other directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

__all__ = ["COMPILABLE", "compiled_in_use", "pure_requested"]

COMPILABLE = ("assess", "cues", "facts", "scores")
MANIFEST = "compiled.json"
_HERE = Path(__file__).parent


def pure_requested() -> bool:
    """True when CXLADDER_PURE asks for the plain Python ladder (any value but '' or '0')."""
    return os.environ.get("CXLADDER_PURE", "").strip() not in ("", "0")


def compiled_in_use() -> bool:
    """True when the ladder runs the mypyc-compiled modules (once they are imported)."""
    module = sys.modules.get(f"{__name__}.assess")
    location = getattr(module, "__file__", None) or ""
    return location.endswith(tuple(EXTENSION_SUFFIXES))


def _compiled_present() -> bool:
    return any((_HERE / f"{COMPILABLE[0]}{suffix}").exists() for suffix in EXTENSION_SUFFIXES)


def _compiled_current() -> bool:
    try:
        manifest = json.loads((_HERE / MANIFEST).read_text(encoding="utf-8"))
        built = manifest["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return isinstance(built, dict) and all(built.get(n) == _digest(n) for n in COMPILABLE)


def _digest(name: str) -> str:
    try:
        return hashlib.sha256((_HERE / f"{name}.py").read_bytes()).hexdigest()
    except OSError:
        return ""  # an installed package may hold only the compiled module: nothing to compare


class _SourcesFirst(MetaPathFinder):
    """Finds the ladder's compilable modules as their .py sources, ahead of the extensions."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in COMPILABLE:
            return None
        source = _HERE / f"{name}.py"
        return spec_from_file_location(fullname, source) if source.exists() else None


if _compiled_present() and (pure_requested() or not _compiled_current()):
    sys.meta_path.insert(0, _SourcesFirst())
