from __future__ import annotations

from fastapi import APIRouter, Path

from cxladder.api.deps import Admin, CxDep, Reader
from cxladder.api.schemas import TouchpointCreate, TouchpointPublic
from cxladder.model import ServiceLevel, Touchpoint

router = APIRouter(tags=["touchpoints"])

KeyPath = Path(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@router.get("/touchpoints", response_model=list[TouchpointPublic])
def list_touchpoints(cx: CxDep, caller: Reader) -> list[TouchpointPublic]:
    return [TouchpointPublic.from_domain(tp) for tp in cx.touchpoints(caller.organization).values()]


@router.put("/touchpoints/{key}", response_model=TouchpointPublic)
def put_touchpoint(
    cx: CxDep, caller: Admin, body: TouchpointCreate, key: str = KeyPath
) -> TouchpointPublic:
    """Create or change a touchpoint: its channel, target level and expectations."""
    touchpoint = Touchpoint(
        key=key,
        name=body.name,
        channel=body.channel,
        stage=body.stage,
        organization=caller.organization,
        target_level=ServiceLevel(body.target_level),
        expectations=tuple(e.to_domain() for e in body.expectations),
        owner=body.owner,
    )
    cx.save_touchpoint(touchpoint)
    return TouchpointPublic.from_domain(touchpoint)
