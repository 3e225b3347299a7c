"""Rows of the store's tables to and from the domain's frozen dataclasses, and back.

Pure functions with no connection in sight, so the repository reads as queries and the
conversions can be checked on their own.
"""

from __future__ import annotations

from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from cxladder.model import (
    Assessment,
    BrandPromise,
    Channel,
    Consent,
    Customer,
    Expectation,
    Experience,
    Occasion,
    Organization,
    Reason,
    ServiceLevel,
    Touchpoint,
)

__all__ = [
    "assessment",
    "assessment_row",
    "brand_json",
    "customer",
    "customer_row",
    "expectation_json",
    "experience",
    "experience_row",
    "organization",
    "reason_from_json",
    "reason_json",
    "touchpoint",
]


def brand_json(brand: BrandPromise) -> dict[str, Any]:
    return {
        "statement": brand.statement,
        "values": list(brand.values),
        "targets": {k: int(v) for k, v in brand.targets.items()},
        "default_target": int(brand.default_target),
    }


def organization(row: Any) -> Organization:
    brand = row["brand"] or {}
    return Organization(
        key=row["key"],
        name=row["name"],
        sector=row["sector"],
        language=row["language"],
        brand=BrandPromise(
            statement=brand.get("statement", ""),
            values=tuple(brand.get("values", ())),
            targets=MappingProxyType(
                {k: ServiceLevel(v) for k, v in brand.get("targets", {}).items()}
            ),
            default_target=ServiceLevel(brand.get("default_target", 4)),
        ),
    )


def expectation_json(e: Expectation) -> dict[str, Any]:
    return {
        "fact": e.fact,
        "expected": e.expected,
        "unacceptable": e.unacceptable,
        "higher_is_better": e.higher_is_better,
    }


def touchpoint(row: Any) -> Touchpoint:
    return Touchpoint(
        key=row["key"],
        name=row["name"],
        channel=Channel(row["channel"]),
        stage=row["stage"],
        organization=row["organization"],
        target_level=ServiceLevel(row["target_level"]),
        expectations=tuple(Expectation(**e) for e in row["expectations"] or ()),
        owner=row["owner"],
    )


def customer_row(c: Customer) -> dict[str, Any]:
    return {
        "organization": c.organization,
        "id": c.id,
        "name": c.name,
        "email": c.email,
        "language": c.language,
        "segment": c.segment,
        "consent_contact": c.consent.contact,
        "consent_personalisation": c.consent.personalisation,
        "consent_analytics": c.consent.analytics,
        "occasions": [
            {"kind": o.kind, "on": o.on.isoformat() if o.on else None, "note": o.note}
            for o in c.occasions
        ],
    }


def customer(row: Any) -> Customer:
    return Customer(
        id=row["id"],
        organization=row["organization"],
        name=row["name"],
        email=row["email"],
        language=row["language"],
        segment=row["segment"],
        consent=Consent(
            contact=bool(row["consent_contact"]),
            personalisation=bool(row["consent_personalisation"]),
            analytics=bool(row["consent_analytics"]),
        ),
        occasions=tuple(
            Occasion(o["kind"], date.fromisoformat(o["on"]) if o.get("on") else None, o["note"])
            for o in row["occasions"] or ()
        ),
    )


def experience(row: Any) -> Experience:
    facts = dict(row["facts"] or {})
    for name in ("wait_minutes", "delay_minutes"):
        if row[name] is not None:
            facts[name] = row[name]
    return Experience(
        id=row["event_id"],
        customer_id=row["customer_id"],
        touchpoint=row["touchpoint"],
        at=row["at"],
        organization=row["organization"],
        channel=Channel(row["channel"]) if row["channel"] else None,
        journey_id=row["journey_id"],
        csat=row["csat"],
        nps=row["nps"],
        ces=row["ces"],
        stars=row["stars"],
        grade=row["grade"],
        text=row["text"],
        language=row["language"],
        staff=row["staff"],
        facts=MappingProxyType(facts),
    )


def assessment_row(row_id: int, a: Assessment) -> dict[str, Any]:
    return {
        "experience_id": row_id,
        "level": int(a.level),
        "confidence": round(a.confidence, 4),
        "reasons": [reason_json(r) for r in a.reasons],
        "judge": a.judge,
        "assessed_at": datetime.now(),
    }


def experience_row(e: Experience) -> dict[str, Any]:
    facts = {k: v for k, v in e.facts.items() if k not in ("wait_minutes", "delay_minutes")}
    return {
        "organization": e.organization,
        "event_id": e.id,
        "customer_id": e.customer_id,
        "touchpoint": e.touchpoint,
        "journey_id": e.journey_id,
        "at": e.at,
        "channel": e.channel.value if e.channel else None,
        "csat": e.csat,
        "nps": e.nps,
        "ces": e.ces,
        "stars": e.stars,
        "grade": e.grade,
        "text": e.text,
        "language": e.language,
        "staff": e.staff,
        "wait_minutes": e.facts.get("wait_minutes"),
        "delay_minutes": e.facts.get("delay_minutes"),
        "facts": facts or None,
    }


def reason_json(r: Reason) -> dict[str, Any]:
    return {
        "source": r.source,
        "level": int(r.level),
        "weight": round(r.weight, 3),
        "message": r.message,
        "evidence": r.evidence,
    }


def reason_from_json(data: dict[str, Any]) -> Reason:
    return Reason(
        source=data["source"],
        level=ServiceLevel(data["level"]),
        weight=data["weight"],
        message=data["message"],
        evidence=data.get("evidence", ""),
    )


def assessment(row: Any) -> Assessment:
    return Assessment(
        experience_id=row["event_id"],
        level=ServiceLevel(row["level"]),
        confidence=row["confidence"],
        reasons=tuple(reason_from_json(r) for r in row["reasons"]),
        judge=row["judge"],
    )
