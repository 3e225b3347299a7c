"""Public collection: what the widget, QR pages and e-mail links post to, with a collector key.

A 2xx is sent only after the response is committed to the store, so an acknowledged response
is never lost, not even when the server is killed right after.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, status

from cxladder.api.deps import Collector, CxDep
from cxladder.api.routes.public import record_feedback
from cxladder.api.schemas import FeedbackAccepted, FeedbackCreate

router = APIRouter(tags=["collect"])


@router.post(
    "/collect/{touchpoint}",
    response_model=FeedbackAccepted,
    status_code=status.HTTP_201_CREATED,
)
async def collect(
    cx: CxDep,
    caller: Collector,
    body: FeedbackCreate,
    touchpoint: str = Path(min_length=1, max_length=128),
) -> FeedbackAccepted:
    """Submit one response at a touchpoint: a score (NPS, CSAT or CES) and maybe a comment."""
    return await record_feedback(cx, caller.organization, touchpoint, body)
