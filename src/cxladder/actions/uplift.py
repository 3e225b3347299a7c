"""Uplift measured against a random hold-out group, never assumed.

When staff plan a gesture, a random share of customers is held out: nothing is given, but
their next visit is measured all the same. The gesture's effect is the difference between the
two groups' outcomes, with a Welch interval, so an effect that chance could explain is shown
as such.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

from cxladder.errors import InvalidInput

__all__ = ["Uplift", "draw_holdout", "estimate_uplift"]


@dataclass(frozen=True, slots=True)
class Uplift:
    """Mean outcome of the treated minus that of the hold-out, with its confidence interval."""

    effect: float
    low: float
    high: float
    treated_n: int
    holdout_n: int
    treated_mean: float
    holdout_mean: float
    confidence: float

    @property
    def significant(self) -> bool:
        """True when the interval excludes zero: chance alone is an unlikely explanation."""
        return self.low > 0 or self.high < 0

    def describe(self) -> str:
        verdict = "measured" if self.significant else "not distinguishable from zero"
        return (
            f"{self.effect:+.2f} ({self.confidence:.0%} interval {self.low:+.2f} .. "
            f"{self.high:+.2f}; {self.treated_n} treated vs {self.holdout_n} held out; {verdict})"
        )


def draw_holdout(rng: random.Random, share: float) -> bool:
    """True when this customer falls in the hold-out group (probability `share`)."""
    if not 0.0 <= share < 1.0:
        raise InvalidInput(f"hold-out share {share} must be at least 0 and below 1, e.g. 0.2")
    return share > 0 and rng.random() < share


def estimate_uplift(
    treated: Sequence[float], holdout: Sequence[float], *, confidence: float = 0.95
) -> Uplift:
    """Difference in means with a Welch-Satterthwaite t interval."""
    if len(treated) < 2 or len(holdout) < 2:
        raise InvalidInput(
            f"an uplift needs at least two outcomes in each group (treated {len(treated)}, "
            f"hold-out {len(holdout)}); keep a hold-out share above zero and wait for visits"
        )
    mean_t, var_t = _mean_var(treated)
    mean_h, var_h = _mean_var(holdout)
    se2_t, se2_h = var_t / len(treated), var_h / len(holdout)
    se = math.sqrt(se2_t + se2_h)
    effect = mean_t - mean_h
    if se == 0:
        return Uplift(
            effect, effect, effect, len(treated), len(holdout), mean_t, mean_h, confidence
        )
    df = (
        (se2_t + se2_h) ** 2 / (se2_t**2 / (len(treated) - 1) + se2_h**2 / (len(holdout) - 1))
        if se2_t + se2_h > 0
        else len(treated) + len(holdout) - 2
    )
    margin = float(stats.t.ppf(0.5 + confidence / 2, df)) * se
    return Uplift(
        effect,
        effect - margin,
        effect + margin,
        len(treated),
        len(holdout),
        mean_t,
        mean_h,
        confidence,
    )


def _mean_var(values: Sequence[float]) -> tuple[float, float]:
    n = len(values)
    mean = math.fsum(values) / n
    return mean, math.fsum((v - mean) ** 2 for v in values) / (n - 1)
