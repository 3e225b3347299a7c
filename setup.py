"""Builds cxladder, compiling the ladder's hot path with mypyc where it can.

The project is described in pyproject.toml; this file only adds the optional compiled modules.
The ladder modules that place each experience on the ladder (see LADDER_COMPILED) are plain,
strictly typed Python that mypyc turns into C extensions: about a third more experiences a
second, with the very same judgements. Everything stays importable as plain Python:

- `CXLADDER_PURE=1 pip install -e .` builds nothing (and at run time makes the ladder load its
  sources even when compiled modules are present, see cxladder/ladder/__init__.py);
- when mypyc is missing, cannot type the modules or the C compiler fails, the build warns and
  installs the plain Python package instead;
- the build writes a manifest of the source digests it compiled, so that a source edited after
  the build is run as written rather than shadowed by a stale compiled module.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).parent
SOURCE = HERE / "src"
LADDER = SOURCE / "cxladder" / "ladder"
# Must match cxladder.ladder.COMPILABLE; test_ladder_compiled.py checks that it does.
LADDER_COMPILED = ("assess", "cues", "facts", "scores")
# Typed alongside (their types make the compiled code fast) but left as Python.
TYPED_ONLY = ("src/cxladder/ladder/judge.py", "src/cxladder/model.py", "src/cxladder/errors.py")
MANIFEST = "compiled.json"
GROUP = "cxladder_ladder"
COMPILED_DIGESTS: dict[str, str] = {}


def _pure() -> bool:
    return os.environ.get("CXLADDER_PURE", "").strip() not in ("", "0")


def _compiled_paths() -> list[str]:
    return [f"src/cxladder/ladder/{name}.py" for name in LADDER_COMPILED]


def _mypyc_extensions() -> list[Any]:
    if _pure():
        _forget_compiled()
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _warn("mypyc is not installed")
        _forget_compiled()
        return []
    compiled = _compiled_paths()
    # Taken before mypyc reads the sources: one edited during the build is then seen as stale.
    COMPILED_DIGESTS.update(_digests())
    options = [
        # The project's mypy settings load the pydantic plugin, which the build does not need.
        "--config-file=",
        "--strict",
        # Only the ladder and the stdlib-only model are read; the rest of the package is not.
        "--follow-imports=skip",
        "--python-version=3.11",
    ]
    try:
        extensions: list[Any] = mypycify(
            [*options, *compiled, *TYPED_ONLY],
            only_compile_paths=compiled,
            opt_level="3",
            group_name=GROUP,
        )
    except (Exception, SystemExit) as error:  # mypyc reports type errors with SystemExit
        _warn(f"mypyc could not compile the ladder ({error!r})")
        _forget_compiled()
        return []
    return extensions


def _forget_compiled() -> None:
    """Removes what an earlier compiled editable build left in the source tree."""
    for name in LADDER_COMPILED:
        for built in LADDER.glob(f"{name}.*.so"):
            built.unlink()
    for built in SOURCE.glob(f"{GROUP}__mypyc.*.so"):
        built.unlink()
    (LADDER / MANIFEST).unlink(missing_ok=True)


def _warn(why: str) -> None:
    print(f"cxladder: {why}; installing the plain Python ladder", file=sys.stderr)


def _digests() -> dict[str, str]:
    return {
        name: hashlib.sha256((LADDER / f"{name}.py").read_bytes()).hexdigest()
        for name in LADDER_COMPILED
    }


class LadderBuildExt(build_ext):
    """Builds the compiled ladder all or nothing, then records what it compiled.

    A compiled module without its shared library would fail to import, so a failure in any
    extension removes every one of them and the ladder stays plain Python.
    """

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # compiler and linker errors come in several classes
            _warn(f"the C build failed ({error})")
            self._remove_outputs()
            return
        self._write_manifest()

    def build_extension(self, ext: Any) -> None:
        # Let every error through to run(): an optional extension would fail on its own.
        ext.optional = False
        super().build_extension(ext)

    def _output_roots(self) -> list[Path]:
        roots = [Path(self.build_lib)]
        if self.inplace or getattr(self, "editable_mode", False):
            roots.append(SOURCE)
        return roots

    def _remove_outputs(self) -> None:
        for root in self._output_roots():
            for ext in self.extensions:
                target = root / self.get_ext_filename(ext.name)
                if target.exists():
                    target.unlink()
            manifest = root / "cxladder" / "ladder" / MANIFEST
            if manifest.exists():
                manifest.unlink()

    def _write_manifest(self) -> None:
        if not self.extensions or not COMPILED_DIGESTS:
            return
        manifest = {"group": GROUP, "sources": COMPILED_DIGESTS}
        text = json.dumps(manifest, indent=2, sort_keys=True)
        for root in self._output_roots():
            folder = root / "cxladder" / "ladder"
            if folder.is_dir():
                (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")

    def copy_extensions_to_source(self) -> None:
        super().copy_extensions_to_source()
        built = Path(self.build_lib) / "cxladder" / "ladder" / MANIFEST
        if built.exists():
            shutil.copyfile(built, LADDER / MANIFEST)


setup(ext_modules=_mypyc_extensions(), cmdclass={"build_ext": LadderBuildExt})
