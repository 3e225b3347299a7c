"""The journey map of the caller's organisation, as tables."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter

from cxladder.api.deps import CxDep, Reader

router = APIRouter(tags=["journeys"])


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    # NaN is not JSON: missing measures go out as null.
    return [
        {str(k): (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


@router.get("/journeys/map", response_model=dict[str, list[dict[str, Any]]])
def journey_map(
    cx: CxDep, caller: Reader, channel: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Touchpoints with their ladder, the steps between them, where journeys start and end."""
    found = cx.journeys().journey_map(caller.organization, channel=channel)
    return {
        "nodes": _records(found.nodes),
        "edges": _records(found.edges),
        "entries": _records(found.entries),
        "exits": _records(found.exits),
    }
