"""PLACEHOLDER - replaced by the ingest work. Signatures are the contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cxladder.ingest.mapping import ColumnMapping
from cxladder.store.repo import Store


@dataclass(frozen=True, slots=True)
class ImportSummary:
    batch_id: int
    source: str
    rows_read: int
    accepted: int
    duplicates: int
    rejected: int
    rejects_path: Path | None
    seconds: float


def import_file(
    store: Store,
    path: Path,
    *,
    organization: str,
    mapping: ColumnMapping | None = None,
    strict: bool = False,
    rejects_dir: Path = Path("."),
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    raise NotImplementedError


def import_frame(
    store: Store,
    frame: pd.DataFrame,
    *,
    organization: str,
    mapping: ColumnMapping | None = None,
    strict: bool = False,
    rejects_dir: Path = Path("."),
    source: str = "dataframe",
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    raise NotImplementedError
