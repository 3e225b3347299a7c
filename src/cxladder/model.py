"""The domain: what a CX manager talks about, with no storage, API or analytics types inside.

Every class here is a frozen dataclass or an enum, so a value can be shared between the
store, the judge, the CLI and the server without anybody changing it under the others' feet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from types import MappingProxyType

__all__ = [
    "Assessment",
    "BrandPromise",
    "Channel",
    "Consent",
    "Customer",
    "Expectation",
    "Experience",
    "Occasion",
    "Organization",
    "Principal",
    "Reason",
    "Role",
    "ServiceLevel",
    "Touchpoint",
]


class ServiceLevel(IntEnum):
    """Ron Kaufman's six levels of service, from 'never again' to 'goes viral'."""

    CRIMINAL = 1
    BASIC = 2
    EXPECTED = 3
    DESIRED = 4
    SURPRISING = 5
    UNBELIEVABLE = 6

    @property
    def name_en(self) -> str:
        return _NAMES[self][0]

    @property
    def name_nl(self) -> str:
        return _NAMES[self][1]

    @property
    def definition_en(self) -> str:
        return _DEFINITIONS[self][0]

    @property
    def definition_nl(self) -> str:
        return _DEFINITIONS[self][1]

    def label(self, language: str = "en") -> str:
        return self.name_nl if language == "nl" else self.name_en

    def definition(self, language: str = "en") -> str:
        return self.definition_nl if language == "nl" else self.definition_en

    @classmethod
    def parse(cls, value: object) -> ServiceLevel:
        """Accept 1..6, 'surprising', 'Verrassend', 'SURPRISING'; raise ValueError otherwise."""
        if isinstance(value, ServiceLevel):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer() and 1 <= int(value) <= 6:
                return cls(int(value))
            raise ValueError(f"{value!r} is not a service level; use 1..6")
        text = str(value).strip().lower()
        if text.isdigit():
            return cls.parse(int(text))
        for level in cls:
            if text in (level.name.lower(), level.name_en.lower(), level.name_nl.lower()):
                return level
        names = ", ".join(level.name_en for level in cls)
        raise ValueError(f"{value!r} is not a service level; use 1..6 or one of {names}")


# Kaufman's names are used untranslated in the Dutch seed article too; the Dutch names are
# the words Dutch CX teams use for them on their own posters.
_NAMES: dict[ServiceLevel, tuple[str, str]] = {
    ServiceLevel.CRIMINAL: ("Criminal", "Crimineel"),
    ServiceLevel.BASIC: ("Basic", "Basaal"),
    ServiceLevel.EXPECTED: ("Expected", "Verwacht"),
    ServiceLevel.DESIRED: ("Desired", "Gewenst"),
    ServiceLevel.SURPRISING: ("Surprising", "Verrassend"),
    ServiceLevel.UNBELIEVABLE: ("Unbelievable", "Ongelooflijk"),
}

_DEFINITIONS: dict[ServiceLevel, tuple[str, str]] = {
    ServiceLevel.CRIMINAL: (
        "Even the minimum expectations fail: the reservation is lost, twenty minutes without a "
        "menu, a grumpy waiter. 'Never again.'",
        "Zelfs de minimale verwachting wordt tekortgedaan: reservering kwijt, twintig minuten "
        "wachten, een chagrijnige ober. 'Hier kom ik nooit meer.'",
    ),
    ServiceLevel.BASIC: (
        "'Meh, okay.' Not bad, but nobody greets you and the food is greasy: a five out of ten, "
        "and probably no second visit.",
        "'Mwoah, wel oké.' Niet slecht, maar niemand begroet je en het eten is vet: een vijf, en "
        "een tweede keer is onwaarschijnlijk.",
    ),
    ServiceLevel.EXPECTED: (
        "Exactly what the customer expected: good food, friendly service, quick kitchen. Fine, "
        "and forgettable if something better comes along.",
        "Precies wat de klant verwachtte: lekker eten, vriendelijke bediening, snelle keuken. "
        "Prima, maar vergeten zodra er iets beters is.",
    ),
    ServiceLevel.DESIRED: (
        "A little more than expected: the coat is taken, free bread is already on the table "
        "without asking.",
        "Net iets meer dan verwacht: je jas wordt aangepakt, er staat al gratis brood op tafel "
        "zonder dat je erom vroeg.",
    ),
    ServiceLevel.SURPRISING: (
        "Personal and beyond: a table reserved in your name, a broken watch replaced without a "
        "receipt. Customers come back, again and again.",
        "Persoonlijk en meer dan dat: een bordje met je naam, een kapot horloge vervangen zonder "
        "bonnetje. Klanten komen terug, opnieuw en opnieuw.",
    ),
    ServiceLevel.UNBELIEVABLE: (
        "Legendary: asked about the occasion, welcomed with prosecco for the 25th anniversary, "
        "everything tuned to you. This service goes viral.",
        "Legendarisch: gevraagd naar de gelegenheid, ontvangen met prosecco voor 25 jaar "
        "getrouwd, alles op jou afgestemd. Deze service gaat viral.",
    ),
}


class Channel(StrEnum):
    """Where a moment happens. A journey may start at any of these."""

    STORE = "store"
    WEB = "web"
    APP = "app"
    PHONE = "phone"
    EMAIL = "email"
    PARTNER = "partner"
    ON_SITE = "on-site"

    @classmethod
    def parse(cls, value: object) -> Channel:
        text = str(value).strip().lower().replace("_", "-").replace(" ", "-")
        text = _CHANNEL_ALIASES.get(text, text)
        try:
            return cls(text)
        except ValueError:
            names = ", ".join(c.value for c in cls)
            raise ValueError(f"{value!r} is not a channel; use one of {names}") from None


_CHANNEL_ALIASES = {
    "onsite": "on-site",
    "winkel": "store",
    "website": "web",
    "online": "web",
    "internet": "web",
    "mobile": "app",
    "telefoon": "phone",
    "call-centre": "phone",
    "call-center": "phone",
    "callcenter": "phone",
    "mail": "email",
    "e-mail": "email",
    "post": "email",
    "balie": "on-site",
    "desk": "on-site",
    "counter": "on-site",
}


def _frozen(mapping: Mapping[str, object] | None) -> Mapping[str, object]:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a customer expects of one operational fact at a touchpoint.

    `expected` is the value that passes unnoticed; `unacceptable` is the value at which even the
    minimum expectation fails (Criminal). For a fact where more is better, set
    `higher_is_better`.
    """

    fact: str
    expected: float
    unacceptable: float
    higher_is_better: bool = False

    def __post_init__(self) -> None:
        worse = (
            self.unacceptable < self.expected
            if self.higher_is_better
            else (self.unacceptable > self.expected)
        )
        if not worse:
            raise ValueError(
                f"expectation for {self.fact!r}: unacceptable ({self.unacceptable}) must be "
                f"{'below' if self.higher_is_better else 'above'} expected ({self.expected})"
            )

    def shortfall(self, value: float) -> float:
        """0 at or better than expected, 1 at unacceptable, above 1 beyond it."""
        span = (
            self.expected - self.unacceptable
            if self.higher_is_better
            else (self.unacceptable - self.expected)
        )
        gap = self.expected - value if self.higher_is_better else value - self.expected
        return max(0.0, gap / span)


@dataclass(frozen=True, slots=True)
class Touchpoint:
    """A place in the journey where the customer meets the brand (the greeting, the queue...)."""

    key: str
    name: str
    channel: Channel
    stage: str = ""
    organization: str = ""
    target_level: ServiceLevel = ServiceLevel.DESIRED
    expectations: tuple[Expectation, ...] = ()
    owner: str = ""

    def expectation(self, fact: str) -> Expectation | None:
        for expectation in self.expectations:
            if expectation.fact == fact:
                return expectation
        return None


@dataclass(frozen=True, slots=True)
class BrandPromise:
    """What the brand stands for, and the level it promises at each touchpoint."""

    statement: str = ""
    values: tuple[str, ...] = ()
    targets: Mapping[str, ServiceLevel] = field(default_factory=lambda: MappingProxyType({}))
    default_target: ServiceLevel = ServiceLevel.DESIRED

    def target_for(self, touchpoint: str) -> ServiceLevel:
        return self.targets.get(touchpoint, self.default_target)


@dataclass(frozen=True, slots=True)
class Organization:
    key: str
    name: str
    sector: str = ""
    language: str = "nl"
    brand: BrandPromise = field(default_factory=BrandPromise)


@dataclass(frozen=True, slots=True)
class Consent:
    """What the customer agreed to. Nothing personal happens without the matching flag."""

    contact: bool = False
    personalisation: bool = False
    analytics: bool = True


@dataclass(frozen=True, slots=True)
class Occasion:
    """A moment in the customer's life worth knowing: a birthday, the 25th anniversary."""

    kind: str
    on: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    organization: str = ""
    name: str = ""
    email: str = ""
    language: str = "nl"
    segment: str = ""
    consent: Consent = field(default_factory=Consent)
    occasions: tuple[Occasion, ...] = ()


SCORE_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "csat": (1, 5),
        "nps": (0, 10),
        "ces": (1, 7),
        "stars": (1, 5),
        "grade": (1, 10),
    }
)
"""The scales an Experience may carry, inclusive. CES is 1 (very easy) .. 7 (very hard)."""


@dataclass(frozen=True, slots=True)
class Experience:
    """One moment of one customer at one touchpoint.

    Scores are optional and on their own scales (see SCORE_RANGES); `facts` holds operational
    measurements such as wait_minutes or delay_minutes, compared with the touchpoint's
    expectations by the ladder.
    """

    id: str
    customer_id: str
    touchpoint: str
    at: datetime
    organization: str = ""
    channel: Channel | None = None
    journey_id: str = ""
    csat: float | None = None
    nps: float | None = None
    ces: float | None = None
    stars: float | None = None
    grade: float | None = None
    text: str = ""
    language: str = ""
    staff: str = ""
    facts: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        for name, (low, high) in SCORE_RANGES.items():
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                raise ValueError(f"{name} {value} is out of range {low:g}..{high:g}")

    def scores(self) -> dict[str, float]:
        return {name: v for name in SCORE_RANGES if (v := getattr(self, name)) is not None}


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence for a level, readable by a manager.

    `source` is where it came from ('score', 'fact', 'text', 'model'); `evidence` quotes what it
    cites (the score, the measured fact, the phrase in the comment).
    """

    source: str
    level: ServiceLevel
    weight: float
    message: str
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Assessment:
    """Where one experience stands on the ladder, how sure we are, and why."""

    experience_id: str
    level: ServiceLevel
    confidence: float
    reasons: tuple[Reason, ...] = ()
    judge: str = ""

    def explain(self) -> str:
        return "; ".join(reason.message for reason in self.reasons)


class Role(StrEnum):
    """What a user or API key may do within its own organisation, and nothing outside it."""

    ADMIN = "admin"  # everything, including touchpoints, keys and erasure
    ANALYST = "analyst"  # read everything, import and assess
    AGENT = "agent"  # front-line staff: read experiences and customers, work cases
    COLLECTOR = "collector"  # write-only: submit feedback at a touchpoint, read nothing


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an API key or a signed-in user, always bound to one organisation."""

    organization: str
    role: Role
    name: str
    key_id: int | None = None
