from __future__ import annotations

from fastapi import APIRouter

from cxladder.api.deps import CxDep
from cxladder.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(cx: CxDep) -> Health:
    """200 once the server is ready and its store answers."""
    return Health(status="ok", schema_revision=cx.store.revision() or "")
