"""One customer: the profile, the GDPR export and the erasure — admins only for the last two."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cxladder.api.deps import Admin, CxDep, Reader
from cxladder.api.schemas import CustomerPublic, ErasurePublic

router = APIRouter(tags=["customers"])


@router.get("/customers/{customer_id}", response_model=CustomerPublic)
def get_customer(cx: CxDep, caller: Reader, customer_id: str) -> CustomerPublic:
    customer = cx.store.customer(caller.organization, customer_id)
    return CustomerPublic(id=customer.id, language=customer.language, segment=customer.segment)


@router.get("/customers/{customer_id}/export", response_model=dict[str, Any])
def export_customer(cx: CxDep, caller: Admin, customer_id: str) -> dict[str, Any]:
    """Everything stored about the customer, as JSON (the access is audited)."""
    cx.store.customer(caller.organization, customer_id)  # 404 outside the caller's organisation
    return cx.actions.export_customer(
        customer_id, organization=caller.organization, actor=caller.name
    )


@router.delete("/customers/{customer_id}", response_model=ErasurePublic)
def erase_customer(cx: CxDep, caller: Admin, customer_id: str) -> ErasurePublic:
    """Erase the customer everywhere; the audit log keeps only a salted hash of who it was."""
    cx.store.customer(caller.organization, customer_id)
    report = cx.erase_customer(customer_id, organization=caller.organization, actor=caller.name)
    return ErasurePublic(rows=report.rows, files_rewritten=len(report.files_rewritten))
