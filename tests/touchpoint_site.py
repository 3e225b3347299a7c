"""A small bistro whose touchpoints tell a story, shared by the Touchpoints and Moments tests.

Six months of visits (door, table, till) by twelve customers: the till is slow and hated (pain),
the door surprised people in the first months and then got ordinary while its wait stayed
the same (drift: "the wow is wearing off"), a web touchpoint is named with hostile HTML, and a
customer is called by hostile HTML too. A second organisation keeps its own secret touchpoint.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from browser import HOSTILE
from cxladder.app import Cxladder
from cxladder.model import (
    BrandPromise,
    Channel,
    Customer,
    Expectation,
    Experience,
    Organization,
    Role,
    ServiceLevel,
    Touchpoint,
)
from in_process import TestClient

__all__ = [
    "ANALYST",
    "OTHER",
    "PAIN",
    "PASSWORD",
    "WOW",
    "Customer",
    "Organization",
    "TestClient",
    "fill",
    "touchpoints",
]

PASSWORD = "correct horse battery"
ANALYST = "anna@bistro.test"
OTHER = "olaf@other.test"
START = datetime(2026, 5, 4, 18, 0)
MONTHS = 6
CUSTOMERS = 12

WOW = "Op tafel stond een kaartje met onze naam, dat voelde heel persoonlijk"
PLAIN = "De ontvangst was gewoon netjes, precies zoals verwacht"
PAIN = "Veel te lang wachten bij de kassa, hier kom ik nooit meer"


def touchpoints() -> list[Touchpoint]:
    wait = (Expectation("wait_minutes", expected=3, unacceptable=15),)
    return [
        Touchpoint(
            "deur",
            "Ontvangst aan de deur",
            Channel.ON_SITE,
            stage="aankomst",
            organization="bistro",
            target_level=ServiceLevel.DESIRED,
            expectations=wait,
        ),
        Touchpoint("tafel", "Aan tafel", Channel.ON_SITE, stage="diner", organization="bistro"),
        Touchpoint(
            "kassa",
            "Afrekenen",
            Channel.STORE,
            stage="vertrek",
            organization="bistro",
            expectations=wait,
        ),
        Touchpoint("web", HOSTILE, Channel.WEB, stage="vooraf", organization="bistro"),
    ]


def _visit(customer: int, month: int) -> list[Experience]:
    at = START + timedelta(days=30 * month + customer, hours=customer % 3)
    journey = f"c{customer}-{month}"
    door_text = WOW if month < 2 and customer % 4 != 3 else PLAIN
    common = {"customer_id": f"c{customer}", "organization": "bistro", "journey_id": journey}
    visit = [
        Experience(
            id=f"{journey}-deur",
            touchpoint="deur",
            at=at,
            channel=Channel.ON_SITE,
            nps=8,
            text=door_text,
            facts={"wait_minutes": 2.0},
            **common,  # type: ignore[arg-type]
        ),
        Experience(
            id=f"{journey}-tafel",
            touchpoint="tafel",
            at=at + timedelta(minutes=20),
            channel=Channel.ON_SITE,
            nps=7,
            text="Lekker gegeten, prima",
            **common,  # type: ignore[arg-type]
        ),
        Experience(
            id=f"{journey}-kassa",
            touchpoint="kassa",
            at=at + timedelta(minutes=95),
            channel=Channel.STORE,
            nps=1 if customer % 3 else 7,
            text=PAIN if customer % 3 else "",
            facts={"wait_minutes": 25.0 if customer % 3 else 4.0},
            **common,  # type: ignore[arg-type]
        ),
    ]
    if customer % 4 == 0:
        visit.insert(
            0,
            Experience(
                id=f"{journey}-web",
                touchpoint="web",
                at=at - timedelta(days=2),
                channel=Channel.WEB,
                nps=3,
                text=HOSTILE,
                **common,  # type: ignore[arg-type]
            ),
        )
    return visit


def fill(cx: Cxladder) -> None:
    cx.add_organization(
        Organization("bistro", "Bistro De Ladder", brand=BrandPromise("Elke gast een vaste gast")),
        touchpoints(),
    )
    cx.store.save_customers(
        [
            Customer(f"c{i}", organization="bistro", name=HOSTILE if i == 4 else f"Gast {i}")
            for i in range(CUSTOMERS)
        ]
    )
    cx.add_user("bistro", email=ANALYST, role=Role.ANALYST, password=PASSWORD, name="Anna")
    cx.add_organization(
        Organization("other", "Other Diner"),
        [Touchpoint("geheim", "Geheime ingang", Channel.ON_SITE, organization="other")],
    )
    cx.add_user("other", email=OTHER, role=Role.ANALYST, password=PASSWORD, name="Olaf")
    for month in range(MONTHS):
        for customer in range(CUSTOMERS):
            for experience in _visit(customer, month):
                cx.record(experience)
    cx.record(
        Experience(
            "secret-1",
            "x1",
            "geheim",
            START,
            organization="other",
            channel=Channel.ON_SITE,
            nps=2,
            text="geheime klacht van een andere organisatie",
        )
    )
