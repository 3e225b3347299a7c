"""PLACEHOLDER - replaced by the report work."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def level_shares(frame: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    raise NotImplementedError
