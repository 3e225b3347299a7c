"""Pain and wow moments, ranked from the measures' tables.

A pain moment is a touchpoint (or a step between two) where customers land below the level
the brand promised there. Its impact weighs how many journeys it hurts by how far below target
they land, and grows with what follows: the customer leaves, complains, or ends the journey
lower than others do. Waiting and repeated contacts are shown beside it, as the reasons a
manager can act on.

A wow moment is where Surprising and Unbelievable concentrate; its uplift is how much higher
the journeys that met it end than the journeys that passed the same touchpoint without it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["PainRules", "pain_moments", "wow_moments"]


@dataclass(frozen=True, slots=True)
class PainRules:
    """When a touchpoint or step counts as pain or wow on the journey map.

    `pain_share`: share of assessed experiences below target; `wow_share`: share at Surprising
    or Unbelievable; `min_assessed`: fewer assessed experiences than this decide nothing.
    """

    pain_share: float = 0.5
    wow_share: float = 0.25
    min_assessed: int = 5

    def __post_init__(self) -> None:
        for name in ("pain_share", "wow_share"):
            value = getattr(self, name)
            if not 0 < value <= 1:
                raise ValueError(f"{name} must be a share in (0, 1], not {value}")


PAIN_COLUMNS = (
    "kind",
    "moment",
    "journeys_below",
    "mean_gap",
    "wait_minutes",
    "ces",
    "extra_contacts",
    "dropoff_after",
    "complaint_after",
    "final_level_drop",
    "impact",
)


def _touchpoint_pain(consequences: pd.DataFrame, rework: pd.DataFrame) -> pd.DataFrame:
    frame = consequences.merge(
        rework[["touchpoint", "extra_contacts"]], on="touchpoint", how="left"
    )
    drop = (frame["final_other"] - frame["final_below"]).clip(lower=0).fillna(0.0)
    return pd.DataFrame(
        {
            "kind": "touchpoint",
            "moment": frame["touchpoint"],
            "journeys_below": frame["journeys_below"].astype("int64"),
            "mean_gap": frame["mean_gap"],
            "wait_minutes": frame["wait_below"],
            "ces": frame["ces_below"],
            "extra_contacts": frame["extra_contacts"].fillna(0).astype("int64"),
            "dropoff_after": frame["dropoff_below"],
            "complaint_after": frame["complaint_below"],
            "final_level_drop": drop,
        }
    )


def _transition_pain(edges: pd.DataFrame) -> pd.DataFrame:
    # A step hurts when the experience it leads to lands below target; its wait is the time
    # the customer spent getting there.
    below = edges["below_target"].astype("int64")
    return pd.DataFrame(
        {
            "kind": "transition",
            "moment": edges["source"] + " → " + edges["target"],
            "journeys_below": below,
            "mean_gap": np.nan,
            "wait_minutes": edges["median_seconds"] / 60.0,
            "ces": np.nan,
            "extra_contacts": np.where(edges["source"] == edges["target"], edges["count"], 0),
            "dropoff_after": np.nan,
            "complaint_after": np.nan,
            "final_level_drop": np.nan,
        }
    )


def pain_moments(
    consequences: pd.DataFrame, rework: pd.DataFrame, edges: pd.DataFrame
) -> pd.DataFrame:
    """Touchpoints and steps ranked by impact, worst first.

    impact = journeys below target × mean gap in levels (1 for a step)
             × (1 + drop-off share + complaint share + final-level drop / 5)
    """
    touchpoints = _touchpoint_pain(consequences, rework)
    steps = _transition_pain(edges[edges["below_target"] > 0])
    frame = pd.concat([touchpoints, steps], ignore_index=True)
    after = (
        frame["dropoff_after"].fillna(0)
        + frame["complaint_after"].fillna(0)
        + frame["final_level_drop"].fillna(0) / 5.0
    )
    frame["impact"] = frame["journeys_below"] * frame["mean_gap"].fillna(1.0) * (1 + after)
    frame = frame[frame["journeys_below"] > 0]
    ranked = frame.sort_values(["impact", "moment"], ascending=[False, True])
    return ranked.reset_index(drop=True)[list(PAIN_COLUMNS)]


def wow_moments(consequences: pd.DataFrame, ladder: pd.DataFrame) -> pd.DataFrame:
    """Touchpoints where Surprising and Unbelievable concentrate, with their uplift, best first.

    uplift = mean final level of journeys with a wow here − of journeys here without one.
    """
    frame = consequences.merge(
        ladder[["touchpoint", "assessed", "share_5", "share_6"]], on="touchpoint"
    )
    wow_share = frame["share_5"].fillna(0) + frame["share_6"].fillna(0)
    out = pd.DataFrame(
        {
            "touchpoint": frame["touchpoint"],
            "wow_journeys": frame["wow"].astype("int64"),
            "wow_share": wow_share,
            "unbelievable_share": frame["share_6"].fillna(0),
            "final_level_with_wow": frame["final_wow"],
            "final_level_without": frame["final_not_wow"],
            "uplift": frame["final_wow"] - frame["final_not_wow"],
        }
    )
    out = out[out["wow_journeys"] > 0]
    return out.sort_values(["wow_share", "touchpoint"], ascending=[False, True]).reset_index(
        drop=True
    )
