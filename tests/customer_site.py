"""A small bistro for the Customer and Case page tests: customers with hostile names and
comments, cases past their SLA and cases still in time, and a second organisation whose
customers and cases must stay out of sight."""

from __future__ import annotations

from datetime import datetime, timedelta

from browser import HOSTILE
from cxladder.actions.records import Gesture
from cxladder.app import Cxladder
from cxladder.model import (
    Channel,
    Consent,
    Customer,
    Experience,
    Occasion,
    Organization,
    Role,
    Touchpoint,
)
from cxladder.settings import Settings
from in_process import TestClient

__all__ = ["ADMIN", "AGENT", "ANALYST", "OUTSIDER", "PASSWORD", "TestClient", "fill"]

PASSWORD = "correct horse battery"
ADMIN = "ada@bistro.test"
AGENT = "bram@bistro.test"
ANALYST = "cato@bistro.test"
OUTSIDER = "otto@elsewhere.test"
PAST = datetime(2026, 11, 2, 9, 0)

GOOD = "Ze wisten dat we 25 jaar getrouwd waren en schonken prosecco, onvergetelijk"
BAD = "Reservering kwijt en twintig minuten zonder menukaart, hier kom ik nooit meer"


def _customers() -> list[Customer]:
    people = [
        Customer(
            "c-anna",
            "bistro",
            name="Anna de Vries",
            email="anna@example.test",
            segment="regular",
            consent=Consent(contact=True, personalisation=True),
            occasions=(Occasion("anniversary", PAST.date(), "25: 25 jaar getrouwd"),),
        ),
        Customer("c-hostile", "bistro", name=HOSTILE, email="hostile@example.test"),
        Customer("c-erase", "bistro", name="Eva Wissen", email="eva@example.test"),
        Customer("c-late", "bistro", name="Lars Laat", email="lars@example.test"),
    ]
    people += [Customer(f"c-{i:02d}", "bistro", email=f"guest{i}@example.test") for i in range(8)]
    return [*people, Customer("c-secret", "other", name="Secret", email="secret@other.test")]


def _experience(
    key: str, customer: str, at: datetime, nps: float, text: str, **kw: object
) -> Experience:
    return Experience(
        id=key,
        customer_id=customer,
        organization=str(kw.get("organization", "bistro")),
        touchpoint=str(kw.get("touchpoint", "table")),
        at=at,
        channel=Channel.ON_SITE,
        nps=nps,
        text=text,
    )


def _past_moments() -> list[Experience]:
    start = datetime(2026, 10, 20, 19, 0)
    moments = [
        _experience("anna-1", "c-anna", start, 9, GOOD),
        _experience("anna-2", "c-anna", start + timedelta(days=3), 1, BAD, touchpoint="web"),
        _experience("anna-3", "c-anna", start + timedelta(days=5), 10, GOOD),
        _experience("hostile-1", "c-hostile", start + timedelta(days=1), 0, HOSTILE),
        _experience("erase-1", "c-erase", start + timedelta(days=2), 0, BAD),
        _experience("secret-1", "c-secret", start, 0, BAD, organization="other", touchpoint="desk"),
    ]
    moments += [
        _experience(
            f"guest-{i}",
            f"c-{i:02d}",
            start + timedelta(hours=i),
            0 if i % 2 else 8,
            BAD if i % 2 else GOOD,
        )
        for i in range(8)
    ]
    return moments


def fill(database_url: str) -> None:
    """Build the bistro: cases opened in the past are past their SLA now; one is not."""
    with Cxladder(Settings(database_url=database_url), clock=lambda: PAST) as cx:
        cx.add_organization(
            Organization("bistro", "Bistro De Ladder"),
            [
                Touchpoint(
                    "table", "Aan tafel", Channel.ON_SITE, organization="bistro", owner=AGENT
                ),
                Touchpoint("web", HOSTILE, Channel.WEB, organization="bistro"),
            ],
        )
        cx.add_organization(
            Organization("other", "Elders"),
            [Touchpoint("desk", "Balie", Channel.ON_SITE, organization="other")],
        )
        for email, role in ((ADMIN, Role.ADMIN), (AGENT, Role.AGENT), (ANALYST, Role.ANALYST)):
            cx.add_user("bistro", email=email, role=role, password=PASSWORD, name=email[:4])
        cx.add_user("other", email=OUTSIDER, role=Role.ADMIN, password=PASSWORD, name="Otto")
        cx.store.save_customers(_customers())
        for experience in _past_moments():
            cx.record(experience)
        for org in ("bistro", "other"):
            cx.actions.open_cases(organization=org)
        cx.actions.set_catalogue([Gesture("prosecco", "Prosecco", 6.0)], organization="bistro")
        cx.actions.offer_gesture(
            "c-anna", "prosecco", staff=AGENT, role="host", organization="bistro"
        )
    with Cxladder(Settings(database_url=database_url)) as cx:
        now = cx.clock()
        cx.record(_experience("late-1", "c-late", now - timedelta(hours=1), 0, BAD))
        cx.actions.open_cases(organization="bistro")
