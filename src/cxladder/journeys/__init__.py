"""Journeys: maps, pain and wow moments, outcomes, segments and drift over the journey log.

Measures are defined once with Ibis (`measures`) and run on DuckDB, PostgreSQL or Spark
(`engines`); `Journeys` in `analysis` is the facade the CLI and the report call.

The names below load on first use, so that the NumPy kernel over a journey-log cache
(`JourneyLog.encoded_from_parquet` with `kernel`) runs without Ibis, DuckDB or scikit-learn in
memory.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cxladder.journeys.analysis import JourneyMap, Journeys
    from cxladder.journeys.drift import DriftRules
    from cxladder.journeys.events import JourneyLog
    from cxladder.journeys.pain import PainRules

__all__ = ["DriftRules", "JourneyLog", "JourneyMap", "Journeys", "PainRules"]

_HOMES = {
    "DriftRules": "cxladder.journeys.drift",
    "JourneyLog": "cxladder.journeys.events",
    "JourneyMap": "cxladder.journeys.analysis",
    "Journeys": "cxladder.journeys.analysis",
    "PainRules": "cxladder.journeys.pain",
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module 'cxladder.journeys' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
