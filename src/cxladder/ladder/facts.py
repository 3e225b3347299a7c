"""Operational facts (a wait, a delay, a number of transfers) against what the customer expects.

A touchpoint states its own expectations; for the common facts a touchpoint leaves out,
DEFAULT_EXPECTATIONS holds values that pass in most Dutch retail and service settings (written
down in docs/ladder-rules.md). A fact with no expectation anywhere says nothing about the level
and is left out, rather than guessed at.

Facts can pull an experience down to Criminal, but meeting them only proves Expected: nobody
tells a friend that the queue was as short as promised.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from cxladder.errors import InvalidInput
from cxladder.model import Expectation, Experience, Reason, ServiceLevel, Touchpoint

__all__ = [
    "DEFAULT_EXPECTATIONS",
    "expectation_for",
    "fact_level",
    "fact_reason",
    "fact_reasons",
]

DEFAULT_EXPECTATIONS: Final[Mapping[str, Expectation]] = MappingProxyType(
    {
        e.fact: e
        for e in (
            # The seed's restaurant: twenty minutes without a menu is the Criminal example.
            Expectation("wait_minutes", expected=5, unacceptable=20),
            Expectation("queue_minutes", expected=5, unacceptable=20),
            Expectation("hold_minutes", expected=2, unacceptable=10),
            Expectation("delay_minutes", expected=5, unacceptable=30),
            Expectation("response_hours", expected=24, unacceptable=72),
            Expectation("resolution_days", expected=3, unacceptable=14),
            Expectation("delivery_delay_days", expected=0, unacceptable=3),
            Expectation("contacts", expected=1, unacceptable=4),
            Expectation("transfers", expected=0, unacceptable=3),
        )
    }
)


@dataclass(frozen=True, slots=True)
class _Wording:
    en: str
    nl: str


# How a manager would say the fact; `{v}` is the measured value.
_FACT_WORDS: Final[Mapping[str, _Wording]] = MappingProxyType(
    {
        "wait_minutes": _Wording("Waited {v} min", "{v} min gewacht"),
        "queue_minutes": _Wording("Queued {v} min", "{v} min in de rij"),
        "hold_minutes": _Wording("On hold {v} min", "{v} min in de wacht"),
        "delay_minutes": _Wording("Delayed {v} min", "{v} min vertraagd"),
        "response_hours": _Wording("Answered after {v} h", "Antwoord na {v} uur"),
        "resolution_days": _Wording("Resolved after {v} days", "Opgelost na {v} dagen"),
        "delivery_delay_days": _Wording("Delivered {v} days late", "{v} dagen te laat bezorgd"),
        "contacts": _Wording("Needed {v} contacts", "{v} keer contact nodig"),
        "transfers": _Wording("Transferred {v} times", "{v} keer doorverbonden"),
    }
)

_VERDICTS: Final[Mapping[ServiceLevel, _Wording]] = MappingProxyType(
    {
        ServiceLevel.CRIMINAL: _Wording(
            "minimum expectation failed", "minimale verwachting niet gehaald"
        ),
        ServiceLevel.BASIC: _Wording("well short of expectation", "ruim onder de verwachting"),
        ServiceLevel.EXPECTED: _Wording("as expected", "zoals verwacht"),
    }
)


def expectation_for(fact: str, touchpoint: Touchpoint | None) -> Expectation | None:
    """The touchpoint's own expectation for a fact, else the default, else None."""
    if touchpoint is not None:
        own = touchpoint.expectation(fact)
        if own is not None:
            return own
    return DEFAULT_EXPECTATIONS.get(fact)


def fact_level(shortfall: float) -> ServiceLevel:
    """At or past unacceptable is Criminal; half way there is Basic; less is still Expected."""
    if shortfall >= 1.0:
        return ServiceLevel.CRIMINAL
    if shortfall >= 0.5:
        return ServiceLevel.BASIC
    return ServiceLevel.EXPECTED


def _weight(shortfall: float) -> float:
    # A failure far past the line is surer evidence than one just over it; a met
    # expectation is weak evidence because it only shows nothing went wrong.
    if shortfall >= 2.0:
        return 2.0
    if shortfall >= 1.0:
        return 1.5
    if shortfall >= 0.5:
        return 1.0
    return 0.4


_REASONS: Final[dict[tuple[float, Expectation, str], Reason]] = {}


def fact_reason(value: float, expectation: Expectation, language: str = "en") -> Reason:
    """The reason one measured fact gives, e.g. 'Waited 22 min where 5 is expected ...'."""
    key = (value, expectation, language)
    reason = _REASONS.get(key)
    if reason is None:
        reason = _make_fact_reason(value, expectation, language)
        if len(_REASONS) < 50_000:
            _REASONS[key] = reason
    return reason


def _make_fact_reason(value: float, expectation: Expectation, language: str) -> Reason:
    shortfall = expectation.shortfall(value)
    level = fact_level(shortfall)
    nl = language == "nl"
    words = _FACT_WORDS.get(expectation.fact)
    if words is None:
        what = f"{expectation.fact} {value:g}"
    else:
        what = (words.nl if nl else words.en).format(v=f"{value:g}")
    verdict = _VERDICTS[level].nl if nl else _VERDICTS[level].en
    if 0 < shortfall < 0.5:
        verdict = "iets minder, maar nog aanvaardbaar" if nl else "a little short, still acceptable"
    at_least = ("minstens " if nl else "at least ") if expectation.higher_is_better else ""
    if nl:
        frame = f"waar {at_least}{expectation.expected:g} verwacht wordt (onacceptabel bij "
    else:
        frame = f"where {at_least}{expectation.expected:g} is expected (unacceptable at "
    message = f"{what} {frame}{expectation.unacceptable:g}): {verdict}"
    return Reason("fact", level, _weight(shortfall), message, f"{expectation.fact}={value:g}")


def fact_reasons(
    experience: Experience, touchpoint: Touchpoint | None, language: str = "en"
) -> list[Reason]:
    """One reason per fact that has an expectation; facts without one are left out."""
    reasons = []
    for fact, value in experience.facts.items():
        expectation = expectation_for(fact, touchpoint)
        if expectation is None:
            continue
        if not math.isfinite(value):
            raise InvalidInput(
                f"experience {experience.id}: fact {fact!r} is {value}; give a number or leave "
                "the fact out"
            )
        reasons.append(fact_reason(value, expectation, language))
    return reasons
