"""The three demo organisations from the seed articles, and how the generator plays them.

A restaurant (the ladder's own example: reservation, welcome, table, food, wine, bill), a theme
park (the queue at opening as a pain moment, the greeter as a wow moment) and a telecom operator
whose customers each run their own journey: a night in the launch queue, weeks of waiting for an
online order, or a phone handed over by a kitchen shop.

`Organization` and `Touchpoint` are what the store keeps; `TouchpointPlay` and `JourneyPlan` are
only the generator's script: how good a touchpoint usually is, which facts and scores it leaves,
and in which orders customers meet the touchpoints.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from cxladder.model import (
    BrandPromise,
    Channel,
    Expectation,
    Organization,
    ServiceLevel,
    Touchpoint,
)

__all__ = [
    "DEMO_ORGANIZATIONS",
    "DemoOrganization",
    "JourneyPlan",
    "Step",
    "TouchpointPlay",
]

L = ServiceLevel
DAY = 24 * 60.0


@dataclass(frozen=True, slots=True)
class TouchpointPlay:
    """How a touchpoint behaves in the demo: its usual level, spread, facts and scores.

    `quality` is the mean latent level (1..6) and `spread` its standard deviation; `drift` is
    the change of that mean per month, which makes yesterday's surprise today's expectation.
    Every expectation of the touchpoint gets a measured fact that follows the level, unless
    `steady_fact` (the same distribution whatever the level: the greeter is as quick in month
    12 as in month 1) or `wait_until_next` (the wait lasts until the customer's next moment:
    the night in the launch queue ends when the store lets them in). `topic` picks the
    comment phrases in comments.py.
    """

    touchpoint: Touchpoint
    topic: str
    quality: float
    spread: float
    scores: tuple[str, ...]
    score_chance: float = 0.55
    steady_fact: bool = False
    wait_until_next: bool = False
    drift: float = 0.0
    staff: tuple[str, ...] = ()
    other_channel: Channel | None = None
    other_channel_share: float = 0.0

    @property
    def key(self) -> str:
        return self.touchpoint.key


@dataclass(frozen=True, slots=True)
class Step:
    """One touchpoint in a journey plan, `offset` minutes after the journey starts.

    The actual moment falls uniformly within `jitter` minutes after the offset; the step is
    skipped unless a draw falls below `chance`.
    """

    touchpoint: str
    offset: float
    jitter: float = 0.0
    chance: float = 1.0


@dataclass(frozen=True, slots=True)
class JourneyPlan:
    """An order in which customers meet the touchpoints, and how often it is chosen.

    `first_weight` applies to a customer's first journey, `return_weight` to a later one. A
    journey starts on a random day of the period at `start_hour` (plus up to `hour_spread`
    hours), or, when `at_launch`, within `launch_days` days from the organisation's launch day.
    """

    name: str
    steps: tuple[Step, ...]
    first_weight: float
    return_weight: float
    start_hour: float
    hour_spread: float = 0.0
    at_launch: bool = False
    launch_days: int = 1


@dataclass(frozen=True, slots=True)
class DemoOrganization:
    organization: Organization
    plays: tuple[TouchpointPlay, ...]
    journeys: tuple[JourneyPlan, ...]
    customer_share: float
    id_prefix: str
    segments: tuple[str, ...]
    birthday_share: float = 0.0
    anniversary_share: float = 0.0
    launch_day: int = 0
    return_after_days: tuple[int, int] = (14, 120)

    @property
    def touchpoints(self) -> list[Touchpoint]:
        return [play.touchpoint for play in self.plays]

    @property
    def key(self) -> str:
        return self.organization.key


def _organization(
    key: str, name: str, sector: str, statement: str, values: tuple[str, ...],
    plays: tuple[TouchpointPlay, ...],
) -> Organization:
    targets = MappingProxyType({p.key: p.touchpoint.target_level for p in plays})
    brand = BrandPromise(statement=statement, values=values, targets=targets)
    return Organization(key=key, name=name, sector=sector, language="nl", brand=brand)


def _tp(
    org: str, key: str, name: str, channel: Channel, stage: str, target: ServiceLevel,
    owner: str, *expectations: Expectation,
) -> Touchpoint:
    return Touchpoint(
        key=key, name=name, channel=channel, stage=stage, organization=org,
        target_level=target, expectations=tuple(expectations), owner=owner,
    )


# -- the restaurant: Kaufman's own ladder example ------------------------------------------------

_WAITERS = ("Sanne", "Joris", "Fatima", "Bram", "Lotte", "Mehmet", "Iris")

_RESTAURANT_PLAYS = (
    TouchpointPlay(
        _tp("restaurant", "reservation", "Reservation", Channel.WEB, "before the visit",
            L.DESIRED, "Host desk"),
        topic="reservation", quality=3.6, spread=0.9, scores=("ces",), score_chance=0.35,
        staff=("Sanne", "Joris"), other_channel=Channel.PHONE, other_channel_share=0.4,
    ),
    TouchpointPlay(
        _tp("restaurant", "greeting", "Welcome at the door", Channel.ON_SITE, "arrival",
            L.SURPRISING, "Host"),
        topic="greeting", quality=3.9, spread=1.0, scores=("grade",), staff=_WAITERS,
    ),
    TouchpointPlay(
        _tp("restaurant", "seating", "Waiting for the table", Channel.ON_SITE, "arrival",
            L.EXPECTED, "Floor manager", Expectation("wait_minutes", 5, 20)),
        topic="seating", quality=3.4, spread=1.0, scores=("grade",), score_chance=0.3,
        staff=_WAITERS,
    ),
    TouchpointPlay(
        _tp("restaurant", "food", "Food", Channel.ON_SITE, "dinner", L.DESIRED, "Chef",
            Expectation("wait_minutes", 20, 50)),
        topic="food", quality=3.8, spread=0.9, scores=("grade",), score_chance=0.7,
        staff=("Chef Daan", "Chef Noor"),
    ),
    TouchpointPlay(
        _tp("restaurant", "wine", "Wine and advice", Channel.ON_SITE, "dinner", L.DESIRED,
            "Sommelier"),
        topic="wine", quality=3.9, spread=1.0, scores=("grade",), score_chance=0.4,
        staff=("Victor", "Esmee"),
    ),
    TouchpointPlay(
        _tp("restaurant", "bill", "The bill", Channel.ON_SITE, "leaving", L.EXPECTED,
            "Floor manager", Expectation("wait_minutes", 5, 20)),
        topic="bill", quality=3.3, spread=0.9, scores=("grade",), score_chance=0.5,
        staff=_WAITERS,
    ),
)

_EVENING = (
    Step("greeting", 0, 5),
    Step("seating", 2, 8),
    Step("food", 40, 30),
    Step("wine", 25, 20, chance=0.7),
    Step("bill", 130, 40),
)

_RESTAURANT = DemoOrganization(
    organization=_organization(
        "restaurant", "Brasserie De Gouden Lepel", "restaurant",
        "Every guest leaves feeling it was their evening.",
        ("hospitality", "craft", "attention"), _RESTAURANT_PLAYS,
    ),
    plays=_RESTAURANT_PLAYS,
    journeys=(
        JourneyPlan(
            "booked evening", (Step("reservation", -14 * DAY, 13 * DAY), *_EVENING),
            first_weight=0.75, return_weight=0.8, start_hour=18.0, hour_spread=2.5,
        ),
        JourneyPlan(
            "walk-in evening", _EVENING, first_weight=0.25, return_weight=0.2,
            start_hour=17.5, hour_spread=3.0,
        ),
    ),
    customer_share=0.30,
    id_prefix="R",
    segments=("couple", "family", "business", "friends", "regular"),
    birthday_share=0.12,
    anniversary_share=0.05,
)


# -- the theme park: the queue at opening, the greeter, the rides -------------------------------

_HOSTS = ("Kim", "Youssef", "Anouk", "Thijs", "Priya", "Ruben", "Lieke", "Samir")

_PARK_PLAYS = (
    TouchpointPlay(
        _tp("themepark", "tickets", "Online tickets", Channel.WEB, "before the visit",
            L.EXPECTED, "E-commerce"),
        topic="tickets", quality=3.5, spread=0.8, scores=("ces",), score_chance=0.3,
    ),
    TouchpointPlay(
        _tp("themepark", "entrance_queue", "Entrance queue at opening", Channel.ON_SITE,
            "arrival", L.EXPECTED, "Gate operations", Expectation("wait_minutes", 15, 45)),
        topic="entrance_queue", quality=2.5, spread=1.0, scores=("csat",),
        staff=_HOSTS,
    ),
    TouchpointPlay(
        _tp("themepark", "greeter", "Greeter at the gate", Channel.ON_SITE, "arrival",
            L.SURPRISING, "Guest experience", Expectation("wait_minutes", 2, 10)),
        topic="greeter", quality=5.2, spread=0.7, scores=("csat",), score_chance=0.35,
        steady_fact=True, drift=-0.16, staff=_HOSTS,
    ),
    TouchpointPlay(
        _tp("themepark", "rides", "Rides", Channel.ON_SITE, "in the park", L.DESIRED,
            "Rides and shows", Expectation("wait_minutes", 20, 60)),
        topic="rides", quality=4.0, spread=1.0, scores=("stars",), score_chance=0.5,
        staff=_HOSTS,
    ),
    TouchpointPlay(
        _tp("themepark", "park_app", "Park app (waiting times)", Channel.APP, "in the park",
            L.EXPECTED, "Digital"),
        topic="park_app", quality=3.4, spread=0.9, scores=("stars", "ces"), score_chance=0.3,
    ),
    TouchpointPlay(
        _tp("themepark", "food", "Food and drinks", Channel.ON_SITE, "in the park",
            L.EXPECTED, "Food and beverage", Expectation("wait_minutes", 10, 30)),
        topic="park_food", quality=3.1, spread=0.9, scores=("stars",), score_chance=0.45,
        staff=_HOSTS,
    ),
    TouchpointPlay(
        _tp("themepark", "exit", "Exit and goodbye", Channel.ON_SITE, "leaving",
            L.DESIRED, "Guest experience", Expectation("wait_minutes", 10, 40)),
        topic="exit", quality=3.6, spread=0.9, scores=("csat",), score_chance=0.35,
        staff=_HOSTS,
    ),
)

_PARK_DAY = (
    Step("entrance_queue", 0, 10),
    Step("greeter", 35, 25),
    Step("park_app", 70, 60, chance=0.6),
    Step("rides", 80, 60),
    Step("rides", 160, 60),
    Step("food", 240, 60, chance=0.85),
    Step("rides", 320, 60, chance=0.8),
    Step("rides", 400, 60, chance=0.5),
    Step("park_app", 300, 120, chance=0.4),
    Step("rides", 440, 40, chance=0.4),
    Step("exit", 480, 60),
)

_THEMEPARK = DemoOrganization(
    organization=_organization(
        "themepark", "Avonturenpark De Wonderberg", "leisure",
        "Everybody leaves the park with a happy feeling.",
        ("welcome", "wonder", "safety"), _PARK_PLAYS,
    ),
    plays=_PARK_PLAYS,
    journeys=(
        JourneyPlan(
            "day out with tickets", (Step("tickets", -10 * DAY, 9 * DAY), *_PARK_DAY),
            first_weight=0.7, return_weight=0.5, start_hour=8.75, hour_spread=0.5,
        ),
        JourneyPlan(
            "day out, tickets at the gate", _PARK_DAY, first_weight=0.3, return_weight=0.5,
            start_hour=8.75, hour_spread=0.75,
        ),
    ),
    customer_share=0.35,
    id_prefix="P",
    return_after_days=(30, 200),
    segments=("family", "season pass", "school group", "tourist", "friends"),
    birthday_share=0.10,
)


# -- the telecom operator: a launch, and journeys that start anywhere ----------------------------

_AGENTS = ("Mila", "Kevin", "Naima", "Dennis", "Roos", "Jeroen", "Ayla", "Stefan")

_TELECOM_PLAYS = (
    TouchpointPlay(
        _tp("telecom", "web_order", "Online order", Channel.WEB, "buy", L.EXPECTED,
            "E-commerce"),
        topic="web_order", quality=3.6, spread=0.8, scores=("ces",), score_chance=0.4,
    ),
    TouchpointPlay(
        _tp("telecom", "delivery", "Delivery at home", Channel.WEB, "receive", L.EXPECTED,
            "Logistics", Expectation("delay_minutes", 0, 7 * DAY)),
        topic="delivery", quality=3.0, spread=1.2, scores=("csat",), score_chance=0.45,
    ),
    TouchpointPlay(
        _tp("telecom", "launch_queue", "Launch night queue", Channel.STORE, "buy",
            L.DESIRED, "Retail", Expectation("wait_minutes", 600, 900)),
        topic="launch_queue", quality=3.0, spread=1.4, scores=("csat",), score_chance=0.5,
        wait_until_next=True, staff=_AGENTS,
    ),
    TouchpointPlay(
        _tp("telecom", "store", "Store visit", Channel.STORE, "buy", L.DESIRED, "Retail",
            Expectation("wait_minutes", 10, 30)),
        topic="store", quality=3.8, spread=1.0, scores=("csat",), score_chance=0.45,
        staff=_AGENTS,
    ),
    TouchpointPlay(
        _tp("telecom", "partner", "Phone from a partner (kitchen shop)", Channel.PARTNER,
            "buy", L.EXPECTED, "Partnerships"),
        topic="partner", quality=3.3, spread=1.0, scores=("ces",), score_chance=0.4,
        staff=("Keukenhuis Oost", "Keukenhuis West"),
    ),
    TouchpointPlay(
        _tp("telecom", "app", "Lumo app", Channel.APP, "use", L.EXPECTED, "Digital"),
        topic="app", quality=3.6, spread=0.9, scores=("stars", "ces"), score_chance=0.35,
    ),
    TouchpointPlay(
        _tp("telecom", "call_centre", "Call centre", Channel.PHONE, "support", L.EXPECTED,
            "Customer service", Expectation("wait_minutes", 3, 15), Expectation("transfers", 0, 3)),
        topic="call_centre", quality=2.8, spread=1.1, scores=("csat", "ces"),
        score_chance=0.6, staff=_AGENTS,
    ),
)

# After buying, the app is where the customer lives: usage, bills, the odd question.
_USING_THE_PHONE = (
    Step("app", 30 * DAY, 15 * DAY, chance=0.6),
    Step("app", 60 * DAY, 15 * DAY, chance=0.5),
    Step("call_centre", 70 * DAY, 30 * DAY, chance=0.2),
    Step("app", 90 * DAY, 15 * DAY, chance=0.4),
    Step("app", 120 * DAY, 15 * DAY, chance=0.4),
)

_TELECOM = DemoOrganization(
    organization=_organization(
        "telecom", "Lumo Mobiel", "telecom",
        "Service without effort, wherever your journey starts.",
        ("effortless", "honest", "flexible"), _TELECOM_PLAYS,
    ),
    plays=_TELECOM_PLAYS,
    journeys=(
        JourneyPlan(
            "launch night in the queue",
            (
                # Arrive between 19:00 and 01:00; the doors open at 08:00.
                Step("launch_queue", 0, 6 * 60),
                Step("store", 13 * 60, 30),
                Step("app", 14 * 60, 6 * 60),
                Step("call_centre", 3 * DAY, 20 * DAY, chance=0.35),
                *_USING_THE_PHONE,
            ),
            first_weight=0.15, return_weight=0.0, start_hour=19.0, at_launch=True,
        ),
        JourneyPlan(
            "launch pre-order online",
            (
                Step("web_order", 0, 60),
                Step("call_centre", 7 * DAY, 14 * DAY, chance=0.45),
                Step("delivery", 14 * DAY, 28 * DAY),
                Step("app", 29 * DAY, 14 * DAY),
                Step("call_centre", 45 * DAY, 20 * DAY, chance=0.3),
                *_USING_THE_PHONE,
            ),
            first_weight=0.25, return_weight=0.0, start_hour=7.0, hour_spread=15.0,
            at_launch=True, launch_days=5,
        ),
        JourneyPlan(
            "online order",
            (
                Step("web_order", 0, 60),
                Step("delivery", 1 * DAY, 3 * DAY),
                Step("app", 4 * DAY, 3 * DAY),
                Step("call_centre", 6 * DAY, 30 * DAY, chance=0.3),
                *_USING_THE_PHONE,
            ),
            first_weight=0.2, return_weight=0.2, start_hour=8.0, hour_spread=14.0,
        ),
        JourneyPlan(
            "phone from the kitchen shop",
            (
                Step("partner", 0, 60),
                Step("app", 2 * DAY, 5 * DAY),
                Step("call_centre", 8 * DAY, 20 * DAY, chance=0.5),
                Step("store", 20 * DAY, 20 * DAY, chance=0.3),
                *_USING_THE_PHONE,
            ),
            first_weight=0.15, return_weight=0.05, start_hour=10.0, hour_spread=8.0,
        ),
        JourneyPlan(
            "walk into the store",
            (
                Step("store", 0, 30),
                Step("app", 1 * DAY, 2 * DAY),
                Step("call_centre", 5 * DAY, 25 * DAY, chance=0.3),
                *_USING_THE_PHONE,
            ),
            first_weight=0.25, return_weight=0.25, start_hour=9.5, hour_spread=8.0,
        ),
        JourneyPlan(
            "support question",
            (
                Step("app", 0, 30, chance=0.7),
                Step("call_centre", 60, 2 * DAY),
                Step("store", 3 * DAY, 10 * DAY, chance=0.3),
            ),
            first_weight=0.0, return_weight=0.5, start_hour=8.0, hour_spread=13.0,
        ),
    ),
    customer_share=0.35,
    id_prefix="T",
    return_after_days=(10, 150),
    segments=("consumer", "business", "student", "senior", "family plan"),
    birthday_share=0.02,
    launch_day=260,
)

DEMO_ORGANIZATIONS: tuple[DemoOrganization, ...] = (_RESTAURANT, _THEMEPARK, _TELECOM)
"""In a fixed order: the generator's output depends on it."""
