"""Brand promise: what the brand stands for, the level it promises per touchpoint, and where
delivery falls short of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from cxladder.model import BrandPromise, Organization, ServiceLevel, Touchpoint

__all__ = ["PromiseGap", "promise_shortfall", "target_level"]


def target_level(brand: BrandPromise, touchpoint: Touchpoint | None, key: str) -> ServiceLevel:
    """The brand's own target for the touchpoint, else the touchpoint's, else the default."""
    if key in brand.targets:
        return brand.targets[key]
    return touchpoint.target_level if touchpoint is not None else brand.default_target


@dataclass(frozen=True, slots=True)
class PromiseGap:
    """Delivery at one touchpoint against the promised level."""

    touchpoint: str
    name: str
    target: ServiceLevel
    experiences: int
    mean_level: float
    share_at_target: float

    @property
    def gap(self) -> float:
        """Levels below the promise on average (0 when the mean meets it)."""
        return max(0.0, int(self.target) - self.mean_level)

    @property
    def kept(self) -> bool:
        return self.mean_level >= int(self.target)


def promise_shortfall(
    organization: Organization,
    touchpoints: Mapping[str, Touchpoint],
    experiences: pd.DataFrame,
) -> list[PromiseGap]:
    """One row per touchpoint with assessed experiences, the furthest from its promise first.

    `experiences` needs the columns touchpoint and level (rows without a level are skipped).
    """
    frame = experiences.dropna(subset=["level"])
    if frame.empty:
        return []
    gaps = []
    for key, group in frame.groupby("touchpoint"):
        tp = touchpoints.get(str(key))
        target = target_level(organization.brand, tp, str(key))
        levels = group["level"].astype(int)
        gaps.append(
            PromiseGap(
                touchpoint=str(key),
                name=tp.name if tp else str(key),
                target=target,
                experiences=len(levels),
                mean_level=float(levels.mean()),
                share_at_target=float((levels >= int(target)).mean()),
            )
        )
    return sorted(gaps, key=lambda g: (-g.gap, g.share_at_target, g.touchpoint))
