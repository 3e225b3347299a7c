"""PLACEHOLDER - replaced by the demo work. Signatures are the contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from cxladder.model import Customer, Organization, Touchpoint


@dataclass(frozen=True)
class DemoData:
    organizations: list[tuple[Organization, list[Touchpoint]]]
    customers: list[Customer]
    experiences: pd.DataFrame


def generate(*, customers: int = 3000, seed: int = 7, start: datetime | None = None) -> DemoData:
    raise NotImplementedError
