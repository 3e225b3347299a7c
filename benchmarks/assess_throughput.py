"""How many experiences per second does LadderJudge.assess place on the ladder, on one core?

Builds N varied experiences (seeded): about 80% carry one or two scores, 30% a wait or a delay
measured against the touchpoint's expectations, and 60% a short comment in Dutch or English put
together from fragments of every level, with names, numbers and filler words so that hardly two
comments are the same. The headline figure reads every comment afresh (no cache of readings);
a second figure is for a judge that keeps readings by exact comment (`reading_cache`).

    .venv/bin/python benchmarks/assess_throughput.py --n 200000 [--json]

The target of the foundation issue is 50,000 experiences a second. The ladder runs compiled
with mypyc when the package was built with it (see setup.py); CXLADDER_PURE=1 measures the plain
Python ladder of the same checkout. The first line says which one ran.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from datetime import datetime, timedelta

from cxladder.ladder import compiled_in_use
from cxladder.ladder.assess import LadderJudge
from cxladder.model import Channel, Expectation, Experience, Touchpoint

TARGET = 50_000

FRAGMENTS = {
    "en": [
        "they lost our reservation",
        "we waited {n} minutes for a menu",
        "the waiter was rude",
        "never again",
        "meh, okay I guess",
        "nobody greeted us",
        "the fries were greasy",
        "not bad at all",
        "the food was tasty",
        "friendly staff",
        "exactly what you'd expect",
        "quick service",
        "they took our coats",
        "free bread on the table",
        "{name} remembered my name",
        "a sign with our name on the table",
        "replaced my watch without a receipt",
        "they asked about the occasion",
        "prosecco for our {n}th anniversary",
        "I will tell everyone",
        "the app kept crashing",
        "delivery was on time",
        "parking was easy",
        "the room had a view of the {place}",
        "we came for a birthday",
        "ordered the {dish}",
    ],
    "nl": [
        "onze reservering was kwijt",
        "we hebben {n} minuten gewacht",
        "de ober was chagrijnig",
        "hier kom ik nooit meer",
        "mwoah, wel oké",
        "niemand begroette ons",
        "het eten was vet",
        "niet slecht",
        "het eten was lekker",
        "vriendelijke bediening",
        "precies wat je verwacht",
        "snelle keuken",
        "ze namen onze jassen aan",
        "gratis brood met tapenade",
        "{name} wist mijn naam nog",
        "een bordje met onze naam",
        "horloge vervangen zonder bonnetje",
        "ze vroegen naar de gelegenheid",
        "prosecco omdat we {n} jaar getrouwd zijn",
        "ik heb het aan iedereen verteld",
        "de website was traag",
        "pakket was op tijd bezorgd",
        "parkeren ging makkelijk",
        "uitzicht op de {place}",
        "we kwamen voor een verjaardag",
        "ik nam de {dish}",
    ],
}
NAMES = ["Sanne", "Joost", "Priya", "Tom", "Fatima", "Kees", "Lotte", "Ahmed", "Emma", "Bram"]
PLACES = ["gracht", "haven", "markt", "zee", "river", "square", "park", "dunes"]
DISHES = ["soep", "stamppot", "risotto", "burger", "salad", "kibbeling", "pasta", "curry"]
FILLERS = {
    "en": ["", "", "honestly", "well", "on a Tuesday", "with the kids", "after work"],
    "nl": ["", "", "eerlijk gezegd", "nou", "op dinsdag", "met de kinderen", "na het werk"],
}


def touchpoints() -> list[Touchpoint]:
    return [
        Touchpoint(
            "table",
            "At the table",
            Channel.STORE,
            expectations=(Expectation("wait_minutes", 5, 20),),
        ),
        Touchpoint("entrance", "Queue at opening", Channel.ON_SITE),
        Touchpoint("delivery", "Delivery", Channel.WEB),
    ]


def comment(rng: random.Random) -> tuple[str, str]:
    language = rng.choice(("en", "nl"))
    parts = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        fragment = rng.choice(FRAGMENTS[language]).format(
            n=rng.randint(2, 60),
            name=rng.choice(NAMES),
            place=rng.choice(PLACES),
            dish=rng.choice(DISHES),
        )
        filler = rng.choice(FILLERS[language])
        parts.append(f"{filler} {fragment}".strip())
    text = rng.choice((". ", ", ", " and " if language == "en" else " en ")).join(parts)
    return text[0].upper() + text[1:] + rng.choice((".", "!", "", "...")), language


def experiences(n: int, seed: int = 7) -> list[tuple[Experience, Touchpoint]]:
    rng = random.Random(seed)
    points = touchpoints()
    start = datetime(2026, 1, 1)
    made = []
    for index in range(n):
        point = rng.choice(points)
        scores: dict[str, float] = {}
        if rng.random() < 0.8:
            scale = rng.choice(("csat", "nps", "ces", "stars", "grade"))
            low, high = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7), "stars": (1, 5)}.get(
                scale, (1, 10)
            )
            scores[scale] = rng.randint(low, high)
            if rng.random() < 0.25:
                scores["nps"] = rng.randint(0, 10)
        facts: dict[str, float] = {}
        if rng.random() < 0.3:
            facts[rng.choice(("wait_minutes", "delay_minutes"))] = rng.randint(0, 45)
        text, language = comment(rng) if rng.random() < 0.6 else ("", "")
        experience = Experience(
            id=f"e{index}",
            customer_id=f"c{rng.randint(1, n // 3 + 1)}",
            touchpoint=point.key,
            at=start + timedelta(minutes=index),
            text=text,
            language=language,
            facts=facts,
            **scores,  # type: ignore[arg-type]
        )
        made.append((experience, point))
    return made


def measure(judge: LadderJudge, batch: list[tuple[Experience, Touchpoint]]) -> tuple[float, float]:
    """Experiences per second of CPU time and of wall-clock time.

    CPU time is the honest figure on a shared machine: other processes on the same core
    stretch the wall clock but not the work this process does.
    """
    assess = judge.assess
    cpu, wall = time.process_time(), time.perf_counter()
    for experience, point in batch:
        assess(experience, point)
    return len(batch) / (time.process_time() - cpu), len(batch) / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=200_000, help="experiences to assess")
    parser.add_argument("--repeat", type=int, default=5, help="runs; the median counts")
    parser.add_argument("--json", action="store_true", help="end with one JSON line")
    options = parser.parse_args()
    batch = experiences(options.n)
    judge = LadderJudge()
    cached = LadderJudge(reading_cache=options.n)
    distinct = len({e.text for e, _ in batch if e.text})
    with_text = sum(1 for e, _ in batch if e.text)
    runs = [measure(judge, batch) for _ in range(options.repeat)]
    rates = [cpu for cpu, _ in runs]
    median = statistics.median(rates)
    median_wall = statistics.median(wall for _, wall in runs)
    levels = Counter(judge.assess(e, p).level.name for e, p in batch[:20_000])
    mode = "compiled with mypyc" if compiled_in_use() else "plain Python"
    print(
        f"judge {judge.name} ({mode}): {options.n:,} experiences, {with_text:,} with a comment "
        f"({distinct:,} distinct comments)"
    )
    print("levels of the first 20,000: " + ", ".join(f"{k} {v}" for k, v in sorted(levels.items())))
    print(
        f"assess: {median:,.0f} experiences per CPU second (median of {options.repeat}: "
        + ", ".join(f"{r:,.0f}" for r in rates)
        + f"); target {TARGET:,}"
    )
    print(f"        {median_wall:,.0f} experiences per wall-clock second (median)")
    measure(cached, batch)  # fill the cache, as a second assessment run would find it
    warm = statistics.median(cpu for cpu, _ in (measure(cached, batch) for _ in range(3)))
    print(
        f"with readings cached by exact comment (a second run over the same data): "
        f"{warm:,.0f} experiences per CPU second"
    )
    if options.json:
        print(
            json.dumps(
                {
                    "experiences_per_second": round(median),
                    "wall_experiences_per_second": round(median_wall),
                    "cached_experiences_per_second": round(warm),
                    "compiled": compiled_in_use(),
                }
            )
        )


if __name__ == "__main__":
    main()
