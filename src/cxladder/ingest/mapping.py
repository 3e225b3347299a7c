"""PLACEHOLDER - replaced by the ingest work."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    columns: dict[str, str]
