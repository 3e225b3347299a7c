"""PLACEHOLDER - replaced by the report work. Signatures are the contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from cxladder.model import Organization, Touchpoint


@dataclass(frozen=True)
class ReportSection:
    title: str
    html: str


@dataclass(frozen=True)
class ReportInput:
    organization: Organization
    touchpoints: dict[str, Touchpoint]
    experiences: pd.DataFrame
    extra_sections: Sequence[ReportSection] = field(default_factory=tuple)


def render_report(
    inputs: Sequence[ReportInput], out: Path, *, generated_at: datetime, language: str = "en"
) -> Path:
    raise NotImplementedError
