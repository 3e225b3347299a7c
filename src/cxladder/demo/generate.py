"""Seeded demo data: three organisations, their customers, and every customer's own journeys.

The generator is vectorised with numpy: journeys are drawn per visit round (first visit, then
the customers who come back), expanded into steps by index arithmetic, and every fact, score and
comment is computed for whole arrays at once. 200,000 customers give about two million
experiences; the same seed always gives the same bytes.

How the data hangs together, so that the ladder has something true to find:

* every experience has a latent level (`DemoData.intended_levels`): the touchpoint's usual
  quality, plus the customer's mood, the journey's luck and the moment's noise;
* facts (wait and delay minutes, transfers) and scores (grade, CSAT, CES, stars, NPS at the end
  of a journey) follow that level with noise, and now and then disagree with it;
* comments are written at the same level most of the time, sometimes a step off, sometimes
  sarcastic or contradicting the score (a 9 with a complaint);
* customers come back more often after a good journey than after a Criminal one;
* the park's greeter surprises less month after month, with the same facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa

from cxladder.demo.comments import LANGUAGES, CommentBank, StringArray
from cxladder.demo.organizations import (
    DAY,
    DEMO_ORGANIZATIONS,
    DemoOrganization,
    JourneyPlan,
    TouchpointPlay,
)
from cxladder.errors import InvalidInput
from cxladder.model import (
    Channel,
    Consent,
    Customer,
    Expectation,
    Occasion,
    Organization,
    Touchpoint,
)
from cxladder.store.repo import EXPERIENCE_COLUMNS

__all__ = ["DEFAULT_START", "DemoData", "generate"]

DEFAULT_START = datetime(2026, 1, 1)
MAX_VISITS = 6
ENGLISH_SHARE = 0.3
SCORE_DISAGREEMENT = 0.07
FACT_DISAGREEMENT = 0.08
TEXT_STEP_OFF = 0.10
TEXT_ANY_LEVEL = 0.03
CONTACT_SHARE = 0.015
MONTH = 30.44 * DAY
# The chance to come back: 12 % after a journey that averaged Criminal, 18 points more per level
# of the journey's mean; one Criminal moment on the way cuts it to 30 % of that.
RETURN_FLOOR = 0.12
RETURN_PER_LEVEL = 0.18
RETURN_AFTER_CRIMINAL = 0.3

Ints = npt.NDArray[np.intp]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

# Score means per level 1..6 (index 0 unused) and the noise around them, on model.SCORE_RANGES.
_SCORE_MEANS: dict[str, tuple[tuple[float, ...], float, float, float]] = {
    "grade": ((0, 3.0, 5.2, 6.9, 7.8, 8.7, 9.6), 0.6, 1, 10),
    "nps": ((0, 1.5, 4.5, 7.0, 8.0, 9.0, 9.8), 1.0, 0, 10),
    "csat": ((0, 1.2, 2.2, 3.3, 4.0, 4.6, 4.95), 0.5, 1, 5),
    "stars": ((0, 1.2, 2.2, 3.3, 4.0, 4.6, 4.95), 0.5, 1, 5),
    "ces": ((0, 6.4, 5.2, 3.6, 2.6, 1.8, 1.2), 0.6, 1, 7),
}
SCORES = tuple(_SCORE_MEANS)

# How far beyond `expected` a fact lands at levels 1..6, in units of (unacceptable - expected);
# a negative share is a fraction of `expected` below it (better than expected).
_SHORTFALL = ((0, 0), (1.0, 2.2), (0.45, 1.0), (0.0, 0.45), (-0.5, 0.0), (-0.8, -0.2),
              (-0.9, -0.4))


@dataclass(frozen=True)
class DemoData:
    """What the demo puts in the store, plus what the generator meant (to evaluate judges).

    `intended_levels` is aligned with `experiences` (same index) and kept apart from it
    because the import runs strict and has no column for it.
    """

    organizations: list[tuple[Organization, list[Touchpoint]]]
    customers: list[Customer]
    experiences: pd.DataFrame
    intended_levels: pd.Series


@dataclass(frozen=True)
class _Crowd:
    """One organisation's customers as arrays, index = customer number."""

    customers: list[Customer]
    ids: StringArray
    language: Ints
    email: StringArray
    occasion: Ints
    occasion_day: Ints
    mood: Floats


@dataclass(frozen=True)
class _Moments:
    """Every experience of one organisation before facts, scores and text: the skeleton."""

    customer: Ints
    journey: Ints
    touchpoint: Ints
    minute: Floats
    level: Ints
    celebrating: Bools
    journey_end: Bools
    journey_level: Ints


def generate(
    *,
    customers: int = 3000,
    seed: int = 7,
    start: datetime | None = None,
    days: int = 365,
) -> DemoData:
    """Seeded demo data for the restaurant, the theme park and the telecom operator.

    `customers` is the total over the three organisations (30/35/35 %), each with about ten
    experiences on average; `days` is the length of the period from `start` (1 Jan 2026).
    """
    _check(customers=customers, seed=seed, days=days)
    begin = start or DEFAULT_START
    topics = sorted({play.topic for org in DEMO_ORGANIZATIONS for play in org.plays})
    bank = CommentBank(topics)
    people: list[Customer] = []
    frames: list[pd.DataFrame] = []
    levels: list[Ints] = []
    for index, (org, count) in enumerate(zip(DEMO_ORGANIZATIONS, _split(customers), strict=True)):
        rng = np.random.default_rng([seed, index])
        crowd = _crowd(org, count, rng, begin, days)
        moments = _moments(org, crowd, rng, days)
        frames.append(_frame(org, crowd, moments, rng, begin, bank, topics))
        levels.append(moments.level)
        people.extend(crowd.customers)
    experiences = pd.concat(frames, ignore_index=True)
    intended = pd.Series(np.concatenate(levels).astype(np.int8), name="intended_level")
    return DemoData(
        organizations=[(org.organization, org.touchpoints) for org in DEMO_ORGANIZATIONS],
        customers=people,
        experiences=experiences,
        intended_levels=intended,
    )


def _check(*, customers: int, seed: int, days: int) -> None:
    if not isinstance(customers, int | np.integer) or customers < 1:
        raise InvalidInput(
            f"customers must be a whole number of at least 1, got {customers!r}; "
            "the default demo uses 3000"
        )
    if not isinstance(seed, int | np.integer) or seed < 0:
        raise InvalidInput(f"seed must be a whole number of 0 or more, got {seed!r}")
    if not isinstance(days, int | np.integer) or not 30 <= days <= 3650:
        raise InvalidInput(f"days must be between 30 and 3650, got {days!r}; the default is 365")


def _split(customers: int) -> list[int]:
    shares = [org.customer_share for org in DEMO_ORGANIZATIONS]
    counts = [int(customers * share / sum(shares)) for share in shares[:-1]]
    return [*counts, customers - sum(counts)]


# -- customers -----------------------------------------------------------------------------------

_FIRST_NAMES = {
    "nl": ("Anna", "Daan", "Sophie", "Lucas", "Emma", "Sem", "Julia", "Finn", "Tess", "Milan",
           "Sara", "Noah", "Eva", "Bram", "Lisa", "Thomas", "Fleur", "Jesse", "Nina", "Ruben",
           "Yara", "Mohamed", "Anouk", "Jan", "Ingrid", "Kees", "Marieke", "Henk"),
    "en": ("Olivia", "James", "Amelia", "Oliver", "Isla", "Harry", "Grace", "Jack", "Emily",
           "George", "Chloe", "Leo", "Priya", "Arjun", "Megan", "Ryan", "Hannah", "Daniel",
           "Zoe", "Samuel", "Aisha", "Tom"),
}
_LAST_NAMES = {
    "nl": ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
           "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
           "Brouwer", "de Wit", "Dijkstra", "Yilmaz", "El Amrani", "Kramer", "Verhoeven"),
    "en": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "Khan", "Hughes",
           "Green", "Lewis"),
}


def _crowd(
    org: DemoOrganization, count: int, rng: np.random.Generator, begin: datetime, days: int
) -> _Crowd:
    number = np.arange(1, count + 1)
    ids = np.strings.add(org.id_prefix, np.strings.zfill(number.astype(_STR), 6))
    language = (rng.random(count) < ENGLISH_SHARE).astype(np.intp)
    names, email = _names(language, number, rng)
    draw = rng.random(count)
    birthday, anniversary = org.birthday_share, org.birthday_share + org.anniversary_share
    occasion = np.where(draw < birthday, 1, np.where(draw < anniversary, 2, 0)).astype(np.intp)
    occasion_day = rng.integers(0, days, size=count).astype(np.intp)
    segment = rng.integers(0, len(org.segments), size=count)
    consent = (rng.random((count, 3)) < np.array([0.6, 0.45, 0.92])) @ np.array([4, 2, 1])
    people = [
        Customer(
            id=cid,
            organization=org.key,
            name=name,
            email=mail,
            language=LANGUAGES[lang],
            segment=org.segments[seg],
            consent=_CONSENTS[c],
            occasions=_occasions(kind, begin + timedelta(days=day)),
        )
        for cid, name, mail, lang, seg, c, kind, day in zip(
            ids.tolist(), names.tolist(), email.tolist(), language.tolist(), segment.tolist(),
            consent.tolist(), occasion.tolist(), occasion_day.tolist(), strict=True,
        )
    ]
    mood = rng.normal(0.0, 0.35, size=count)
    return _Crowd(people, ids, language, email, occasion, occasion_day, mood)


_STR = np.dtypes.StringDType()

# Eight possible answers to (contact, personalisation, analytics), numbered as three bits.
_CONSENTS = tuple(
    Consent(contact=bool(n & 4), personalisation=bool(n & 2), analytics=bool(n & 1))
    for n in range(8)
)


def _names(
    language: Ints, number: npt.NDArray[np.int64], rng: np.random.Generator
) -> tuple[StringArray, StringArray]:
    first = _pick_by_language(_FIRST_NAMES, language, rng)
    last = _pick_by_language(_LAST_NAMES, language, rng)
    names = np.strings.add(np.strings.add(first, " "), last)
    local = np.strings.add(np.strings.add(first, "."), np.strings.replace(last, " ", ""))
    local = np.strings.add(np.strings.lower(local), number.astype(_STR))
    domain = np.where(language == 0, "@example.nl", "@example.com").astype(_STR)
    return names, np.strings.add(local, domain)


def _pick_by_language(
    bank: dict[str, tuple[str, ...]], language: Ints, rng: np.random.Generator
) -> StringArray:
    picked = np.empty(language.size, dtype=_STR)
    for code, lang in enumerate(LANGUAGES):
        choices = np.array(bank[lang], dtype=_STR)
        mask = language == code
        picked[mask] = choices[rng.integers(0, choices.size, size=int(mask.sum()))]
    return picked


def _occasions(kind: int, on: datetime) -> tuple[Occasion, ...]:
    if kind == 1:
        return (Occasion("birthday", on.date()),)
    if kind == 2:
        return (Occasion("wedding anniversary", on.date(), "25 years married"),)
    return ()


# -- journeys ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PlanSteps:
    """All journey plans' steps in flat arrays; plan p owns steps start[p] : start[p]+length[p]."""

    touchpoint: Ints
    offset: Floats
    jitter: Floats
    chance: Floats
    start: Ints
    length: Ints

    @classmethod
    def build(cls, org: DemoOrganization) -> _PlanSteps:
        position = {play.key: i for i, play in enumerate(org.plays)}
        steps = [step for plan in org.journeys for step in plan.steps]
        length = np.array([len(plan.steps) for plan in org.journeys], dtype=np.intp)
        return cls(
            touchpoint=np.array([position[s.touchpoint] for s in steps], dtype=np.intp),
            offset=np.array([s.offset for s in steps], dtype=np.float64),
            jitter=np.array([s.jitter for s in steps], dtype=np.float64),
            chance=np.array([s.chance for s in steps], dtype=np.float64),
            start=(np.cumsum(length) - length).astype(np.intp),
            length=length,
        )


@dataclass(frozen=True)
class _Quality:
    """Per-touchpoint arrays of the latent quality model."""

    mean: Floats
    spread: Floats
    drift: Floats
    celebrates: Bools

    @classmethod
    def build(cls, plays: Sequence[TouchpointPlay]) -> _Quality:
        return cls(
            mean=np.array([p.quality for p in plays]),
            spread=np.array([p.spread for p in plays]),
            drift=np.array([p.drift for p in plays]),
            celebrates=np.array([p.topic in _CELEBRATING_TOPICS for p in plays]),
        )


# Where an occasion the staff knows about lifts the moment (the prosecco, the birthday song).
_CELEBRATING_TOPICS = frozenset({"reservation", "greeting", "food", "wine", "greeter", "rides"})
CELEBRATION_LIFT = 1.4


def _moments(org: DemoOrganization, crowd: _Crowd, rng: np.random.Generator, days: int) -> _Moments:
    steps = _PlanSteps.build(org)
    quality = _Quality.build(org.plays)
    rounds: list[_Moments] = []
    customer = np.arange(crowd.ids.size, dtype=np.intp)
    previous_end: Floats | None = None
    next_journey = 0
    for _ in range(MAX_VISITS):
        plan, start, celebrating = _journey_starts(
            org, crowd, customer, previous_end, rng, days
        )
        inside = start < days * DAY
        customer, plan, start, celebrating = (
            customer[inside], plan[inside], start[inside], celebrating[inside]
        )
        journey = next_journey + np.arange(customer.size, dtype=np.intp)
        next_journey += customer.size
        moments = _walk(steps, quality, crowd, customer, journey, plan, start, celebrating, rng)
        rounds.append(moments)
        customer, previous_end = _returning(moments, journey, rng)
        if customer.size == 0:
            break
    return _concat(rounds)


def _journey_starts(
    org: DemoOrganization,
    crowd: _Crowd,
    customer: Ints,
    previous_end: Floats | None,
    rng: np.random.Generator,
    days: int,
) -> tuple[Ints, Floats, Bools]:
    first = previous_end is None
    plans = org.journeys
    weights = np.array([p.first_weight if first else p.return_weight for p in plans])
    plan = rng.choice(len(plans), size=customer.size, p=weights / weights.sum()).astype(np.intp)
    if previous_end is None:
        day = rng.integers(0, days, size=customer.size).astype(np.float64)
    else:
        low, high = org.return_after_days
        day = np.floor(previous_end / DAY) + rng.integers(low, high, size=customer.size)
    at_launch = np.array([p.at_launch for p in plans])[plan]
    launch_days = np.array([p.launch_days for p in plans])[plan]
    day = np.where(at_launch, org.launch_day + np.floor(rng.random(plan.size) * launch_days), day)
    celebrating = first & (crowd.occasion[customer] > 0) & ~at_launch
    day = np.where(celebrating, crowd.occasion_day[customer], day)
    hour = _plan_array(plans, "start_hour")[plan] + rng.random(plan.size) * _plan_array(
        plans, "hour_spread"
    )[plan]
    return plan, day * DAY + hour * 60.0, celebrating


def _plan_array(plans: Sequence[JourneyPlan], name: str) -> Floats:
    return np.array([float(getattr(plan, name)) for plan in plans])


def _walk(
    steps: _PlanSteps,
    quality: _Quality,
    crowd: _Crowd,
    customer: Ints,
    journey: Ints,
    plan: Ints,
    start: Floats,
    celebrating: Bools,
    rng: np.random.Generator,
) -> _Moments:
    """Expand journeys into their steps and give every step its latent level."""
    length = steps.length[plan]
    owner = np.repeat(np.arange(plan.size, dtype=np.intp), length)
    first_row = np.cumsum(length) - length
    step = steps.start[plan][owner] + (np.arange(owner.size) - first_row[owner])
    kept = rng.random(step.size) < steps.chance[step]
    owner, step = owner[kept], step[kept]
    minute = start[owner] + steps.offset[step] + rng.random(step.size) * steps.jitter[step]
    touchpoint = steps.touchpoint[step]
    luck = rng.normal(0.0, 0.4, size=plan.size)
    # A fading surprise fades to Expected and stays there, however long the period.
    usual = quality.mean[touchpoint]
    drifted = np.maximum(usual + quality.drift[touchpoint] * (minute / MONTH), np.minimum(usual, 3))
    latent = (
        drifted
        + crowd.mood[customer[owner]]
        + luck[owner]
        + rng.normal(0.0, 1.0, size=step.size) * quality.spread[touchpoint]
        + CELEBRATION_LIFT * (celebrating[owner] & quality.celebrates[touchpoint])
    )
    level = np.clip(np.rint(latent), 1, 6).astype(np.intp)
    return _with_journey_ends(customer[owner], journey[owner], touchpoint, minute, level,
                              celebrating[owner])


def _with_journey_ends(
    customer: Ints, journey: Ints, touchpoint: Ints, minute: Floats, level: Ints,
    celebrating: Bools,
) -> _Moments:
    order = np.lexsort((minute, journey))
    customer, journey, touchpoint = customer[order], journey[order], touchpoint[order]
    minute, level, celebrating = minute[order], level[order], celebrating[order]
    end = np.ones(journey.size, dtype=np.bool_)
    end[:-1] = journey[1:] != journey[:-1]
    first = journey.min() if journey.size else 0
    index = journey - first
    total = np.bincount(index, weights=level)
    count = np.bincount(index)
    mean = total / np.maximum(count, 1)
    # Peak-end: how a journey is remembered leans on how it ended.
    remembered = np.rint(0.5 * mean[index] + 0.5 * level).astype(np.intp)
    return _Moments(customer, journey, touchpoint, minute, level, celebrating, end, remembered)


def _returning(moments: _Moments, journey: Ints, rng: np.random.Generator) -> tuple[Ints, Floats]:
    """Who comes back after this round, and when their last journey ended."""
    if journey.size == 0:
        return np.empty(0, dtype=np.intp), np.empty(0)
    index = moments.journey - journey[0]
    count = np.maximum(np.bincount(index, minlength=journey.size), 1)
    mean = np.bincount(index, weights=moments.level, minlength=journey.size) / count
    worst = np.full(journey.size, 6, dtype=np.intp)
    np.minimum.at(worst, index, moments.level)
    chance = (RETURN_FLOOR + RETURN_PER_LEVEL * (mean - 1)) * np.where(
        worst == 1, RETURN_AFTER_CRIMINAL, 1.0
    )
    back = (rng.random(journey.size) < chance) & (np.bincount(index, minlength=journey.size) > 0)
    end = np.full(journey.size, -np.inf)
    np.maximum.at(end, index, moments.minute)
    owner = np.zeros(journey.size, dtype=np.intp)
    owner[index] = moments.customer
    return owner[back], end[back]


def _concat(rounds: list[_Moments]) -> _Moments:
    """All rounds in one, in the order things happened (the order of the event ids)."""
    fields = _Moments.__dataclass_fields__
    joined = {name: np.concatenate([getattr(r, name) for r in rounds]) for name in fields}
    order = np.lexsort((joined["journey"], joined["minute"]))
    return _Moments(**{name: values[order] for name, values in joined.items()})


# -- facts, scores, comments ---------------------------------------------------------------------


def _frame(
    org: DemoOrganization,
    crowd: _Crowd,
    moments: _Moments,
    rng: np.random.Generator,
    begin: datetime,
    bank: CommentBank,
    topics: Sequence[str],
) -> pd.DataFrame:
    m = moments
    size = m.level.size
    plays = org.plays
    columns: dict[str, Any] = {
        "organization": _Labels((org.key,), np.zeros(size, dtype=np.intp)),
        "event_id": _numbered(f"{org.id_prefix}-E", np.arange(1, size + 1), 8),
        "customer_id": crowd.ids[m.customer],
        "touchpoint": _Labels(tuple(p.key for p in plays), m.touchpoint),
        "journey_id": _numbered(f"{org.id_prefix}-J", m.journey + 1, 7),
        "at": np.datetime64(begin, "ns") + np.rint(m.minute * 60).astype("timedelta64[s]"),
        "channel": _channels(plays, m.touchpoint, rng),
    }
    columns.update(_scores(plays, m, rng))
    language = crowd.language[m.customer]
    columns["text"] = _comments(plays, crowd, m, language, rng, bank, topics)
    columns["language"] = _Labels(LANGUAGES, language)
    columns["staff"] = _staff(plays, m.touchpoint, rng)
    columns.update(_facts(plays, m, rng))
    return pd.DataFrame(
        {name: _pandas(columns[name]) for name in ("organization", *EXPERIENCE_COLUMNS)}
    )


@dataclass(frozen=True)
class _Labels:
    """A text column with few distinct values, as codes into `choices`."""

    choices: tuple[str, ...]
    index: Ints


_PANDAS_STR = pd.StringDtype("pyarrow", na_value=np.nan)


def _pandas(values: npt.NDArray[Any] | _Labels) -> Any:
    # Text goes to pandas' Arrow-backed `str` through Arrow directly: going through Python
    # objects would cost most of the generator's time at a million rows.
    if isinstance(values, _Labels):
        choices = pa.array(values.choices, type=pa.string())
        return pd.array(choices.take(pa.array(values.index)), dtype=_PANDAS_STR)
    if values.dtype == _STR:
        return pd.array(pa.array(values), dtype=_PANDAS_STR)
    return values


def _numbered(prefix: str, number: npt.NDArray[Any], width: int) -> StringArray:
    return np.strings.add(prefix, np.strings.zfill(number.astype(_STR), width))


_CHANNELS = tuple(channel.value for channel in Channel)


def _channels(
    plays: Sequence[TouchpointPlay], touchpoint: Ints, rng: np.random.Generator
) -> _Labels:
    usual = np.array([_CHANNELS.index(p.touchpoint.channel.value) for p in plays])
    other = np.array(
        [_CHANNELS.index((p.other_channel or p.touchpoint.channel).value) for p in plays]
    )
    share = np.array([p.other_channel_share for p in plays])
    switched = rng.random(touchpoint.size) < share[touchpoint]
    return _Labels(_CHANNELS, np.where(switched, other[touchpoint], usual[touchpoint]))


def _staff(
    plays: Sequence[TouchpointPlay], touchpoint: Ints, rng: np.random.Generator
) -> _Labels:
    """A staff member of the touchpoint's team, or nobody (code 0) where there is no team."""
    names = ("", *(name for play in plays for name in play.staff))
    first = np.cumsum([0, *(len(play.staff) for play in plays)])[:-1] + 1
    team = np.array([len(play.staff) for play in plays])[touchpoint]
    member = (rng.random(touchpoint.size) * team).astype(np.intp)
    return _Labels(names, np.where(team > 0, first[touchpoint] + member, 0).astype(np.intp))


def _noisy_levels(level: Ints, share: float, rng: np.random.Generator) -> Ints:
    """The level as a score or fact sees it: mostly the intended one, now and then any level."""
    other = rng.integers(1, 7, size=level.size)
    return np.where(rng.random(level.size) < share, other, level).astype(np.intp)


def _score(kind: str, level: Ints, rng: np.random.Generator) -> Floats:
    means, noise, low, high = _SCORE_MEANS[kind]
    seen = _noisy_levels(level, SCORE_DISAGREEMENT, rng)
    value = np.asarray(means)[seen] + rng.normal(0.0, noise, size=level.size)
    return np.clip(np.rint(value), low, high)


def _scores(plays: Sequence[TouchpointPlay], m: _Moments, rng: np.random.Generator) -> dict[
    str, Floats
]:
    chance = np.array([p.score_chance for p in plays])[m.touchpoint]
    result: dict[str, Floats] = {}
    for kind in SCORES:
        carries = np.array([kind in p.scores for p in plays])[m.touchpoint]
        given = carries & (rng.random(m.level.size) < chance)
        level = m.level
        if kind == "nps":
            # NPS is asked once, at the end of a journey, about the journey as remembered.
            given = given | (m.journey_end & (rng.random(m.level.size) < 0.5))
            level = np.where(m.journey_end, m.journey_level, m.level)
        value = _score(kind, level, rng)
        result[kind] = np.where(given, value, np.nan)
    return result


def _comments(
    plays: Sequence[TouchpointPlay],
    crowd: _Crowd,
    m: _Moments,
    language: Ints,
    rng: np.random.Generator,
    bank: CommentBank,
    topics: Sequence[str],
) -> StringArray:
    # Strong feelings are written down more often than plain ones.
    wants = rng.random(m.level.size) < 0.45 + 0.06 * np.abs(m.level - 3.5)
    rows = np.flatnonzero(wants)
    level = m.level[rows]
    step = np.where(rng.random(rows.size) < 0.5, -1, 1)
    level = np.where(rng.random(rows.size) < TEXT_STEP_OFF, np.clip(level + step, 1, 6), level)
    level = _noisy_levels(level, TEXT_ANY_LEVEL, rng)
    topic_index = np.array([topics.index(p.topic) for p in plays], dtype=np.intp)
    customer = m.customer[rows]
    tells = m.celebrating[rows] & (rng.random(rows.size) < 0.6)
    occasion = np.where(tells, crowd.occasion[customer], 0).astype(np.intp)
    text = bank.write(
        rng, language=language[rows], topic=topic_index[m.touchpoint[rows]], level=level,
        occasion=occasion,
    )
    contact = np.flatnonzero(rng.random(rows.size) < CONTACT_SHARE)
    lines = bank.contact_lines(rng, language=language[rows][contact],
                               email=crowd.email[customer[contact]])
    text[contact] = np.strings.add(text[contact], lines)
    comments = np.full(m.level.size, "", dtype=_STR)
    comments[rows] = text
    return comments


def _facts(plays: Sequence[TouchpointPlay], m: _Moments, rng: np.random.Generator) -> dict[
    str, Any
]:
    size = m.level.size
    columns: dict[str, Any] = {
        "wait_minutes": np.full(size, np.nan),
        "delay_minutes": np.full(size, np.nan),
        "facts": np.full(size, None, dtype=object),
    }
    until_next = _minutes_until_next(m)
    for index, play in enumerate(plays):
        rows = np.flatnonzero(m.touchpoint == index)
        for expectation in play.touchpoint.expectations:
            value = _fact(expectation, m.level[rows], play.steady_fact, rng)
            if play.wait_until_next and expectation.fact == "wait_minutes":
                value = np.where(np.isnan(until_next[rows]), value, until_next[rows])
            if expectation.fact in ("wait_minutes", "delay_minutes"):
                columns[expectation.fact][rows] = value
            else:
                columns["facts"][rows] = [{expectation.fact: v} for v in value.tolist()]
    return columns


def _minutes_until_next(m: _Moments) -> Floats:
    """Minutes from each moment to the next one in its journey; NaN for a journey's last."""
    order = np.lexsort((m.minute, m.journey))
    journey, minute = m.journey[order], m.minute[order]
    gap = np.full(minute.size, np.nan)
    same = journey[1:] == journey[:-1]
    gap[:-1] = np.where(same, np.rint(minute[1:] - minute[:-1]), np.nan)
    until_next = np.empty_like(gap)
    until_next[order] = gap
    return until_next


def _fact(
    expectation: Expectation, level: Ints, steady: bool, rng: np.random.Generator
) -> Floats:
    expected, unacceptable = expectation.expected, expectation.unacceptable
    if steady:
        return np.rint(expected * (0.6 + 0.8 * rng.random(level.size)))
    seen = _noisy_levels(level, FACT_DISAGREEMENT, rng)
    bounds: Floats = np.asarray(_SHORTFALL, dtype=np.float64)[seen]
    share = bounds[:, 0] + rng.random(level.size) * (bounds[:, 1] - bounds[:, 0])
    worse = expected + share * (unacceptable - expected)
    better = expected * (1.0 - share if expectation.higher_is_better else 1.0 + share)
    value: Floats = np.maximum(np.rint(np.where(share >= 0, worse, better)), 0.0)
    return value
