"""Every judgement stays as it was: 4,000 varied experiences against their recorded verdicts.

The ladder is tuned for speed (and may run compiled with mypyc), which must never change a
judgement. tests/data/ladder_golden.json.gz holds 4,000 experiences — scores on every scale,
facts against a touchpoint's own and the default expectations, comments built from every cue
of the lexicon with negation, intensifiers, downtoners, sarcasm, accents and capitals — and the
level, confidence and a digest of the reasons (in English and in Dutch) the ladder gave them.

A deliberate change of the rules or the lexicon re-records the verdicts, reviewed in the diff of
the level counts it prints:

    .venv/bin/python tests/test_ladder_golden.py --write

and `--check` judges them again without pytest (the way the plain-Python run is checked when
the compiled ladder is installed).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from cxladder.ladder import compiled_in_use
from cxladder.ladder.assess import LadderJudge
from cxladder.ladder.cues import default_lexicon
from cxladder.model import Assessment, Channel, Expectation, Experience, Touchpoint

GOLDEN = Path(__file__).parent / "data" / "ladder_golden.json.gz"
CASES = 4_000
SEED = 20261125

TOUCHPOINTS = {
    point.key: point
    for point in (
        Touchpoint(
            "table",
            "At the table",
            Channel.STORE,
            expectations=(Expectation("wait_minutes", expected=5, unacceptable=20),),
        ),
        Touchpoint(
            "parking",
            "Parking",
            Channel.ON_SITE,
            expectations=(
                Expectation("free_spaces", expected=10, unacceptable=2, higher_is_better=True),
                Expectation("queue_minutes", expected=2, unacceptable=8),
            ),
        ),
        Touchpoint("phone", "Service line", Channel.PHONE),
    )
}
FACTS = (
    "wait_minutes",
    "queue_minutes",
    "hold_minutes",
    "delay_minutes",
    "response_hours",
    "transfers",
    "free_spaces",
    "mood_of_the_day",  # no expectation anywhere: left out of the verdict
)
SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7), "stars": (1, 5), "grade": (1, 10)}
BEFORE = {
    "en": ["not", "never", "really", "very", "a bit", "slightly", "nobody", "so", "wasn't", ""],
    "nl": ["niet", "geen", "echt", "heel", "een beetje", "best", "nooit", "zeer", ""],
}
NEUTRAL = {
    "en": ["we came on a Tuesday", "the parking was full", "my sister ordered soup"],
    "nl": ["we kwamen op dinsdag", "de parkeerplaats was vol", "mijn zus nam soep"],
}
JOINS = (", ", ". ", " but ", " maar ", " and ", " en ", "! ", "; ", "\n")
GAP_WORDS = ("really", "the", "echt", "toen", "all")
STEM_ENDINGS = ("", "s", "ed", "ing", "en", "t", "de")


def render(phrase: str, rng: random.Random) -> str:
    """One concrete wording of a lexicon phrase: an alternative per slot, stems completed."""
    words: list[str] = []
    for token in phrase.split():
        if token.startswith("="):
            continue
        if token in ("..", "..."):
            words.extend(rng.sample(GAP_WORDS, rng.randint(0, 2)))
            continue
        if token.endswith("?"):
            if rng.random() < 0.5:
                continue
            token = token[:-1]
        choice = rng.choice(token.split("|")).replace("_", " ")
        if choice.endswith("*"):
            choice = choice[:-1] + rng.choice(STEM_ENDINGS)
        words.append(choice)
    return " ".join(words)


def dress(text: str, rng: random.Random) -> str:
    """Capitals, accents and curly quotes as customers type them."""
    roll = rng.random()
    if roll < 0.08:
        text = text.upper()
    elif roll < 0.5:
        text = text[:1].upper() + text[1:]
    if rng.random() < 0.1:
        text = text.replace("e", "é", 1).replace("'", "’")
    if rng.random() < 0.03:
        text = "Lang verhaal, " * rng.randint(3, 8) + text  # long clauses are quoted trimmed
    return text + rng.choice(("", ".", "!", "...", "?"))


def comment(phrases: list[tuple[str, str]], rng: random.Random) -> tuple[str, str]:
    language = rng.choice(("en", "nl"))
    parts = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
        if rng.random() < 0.2:
            parts.append(rng.choice(NEUTRAL[language]))
            continue
        cue_language, phrase = rng.choice(phrases)
        text = render(phrase, rng)
        before = rng.choice(BEFORE[cue_language]) if rng.random() < 0.35 else ""
        if cue_language == "nl" and rng.random() < 0.1:
            text += " niet"  # Dutch puts the negation after the verb
        parts.append(f"{before} {text}".strip())
    text = rng.choice(JOINS).join(parts)
    given = rng.choice((language, language, "", "en", "nl"))
    return dress(text, rng), given


def cases(n: int = CASES, seed: int = SEED) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    phrases = [(cue.language, cue.phrase) for cue in default_lexicon().cues]
    made = []
    for index in range(n):
        scores: dict[str, float] = {}
        for scale, (low, high) in SCALES.items():
            if rng.random() < 0.25:
                value = rng.randint(low * 2, high * 2) / 2
                scores[scale] = value if rng.random() < 0.3 else float(round(value))
        facts: dict[str, float] = {}
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            facts[rng.choice(FACTS)] = rng.choice((rng.randint(0, 90), rng.randint(0, 40) / 4))
        text, language = comment(phrases, rng) if rng.random() < 0.75 else ("", "")
        made.append(
            {
                "id": f"g{index}",
                "touchpoint": rng.choice([*TOUCHPOINTS, "unknown"]),
                "scores": scores,
                "facts": facts,
                "text": text,
                "language": language,
            }
        )
    return made


def experience(case: dict[str, Any]) -> Experience:
    return Experience(
        id=case["id"],
        customer_id="c1",
        touchpoint=case["touchpoint"],
        at=datetime(2026, 1, 1) + timedelta(minutes=int(case["id"][1:])),
        text=case["text"],
        language=case["language"],
        facts=case["facts"],
        **case["scores"],
    )


def verdict(assessment: Assessment) -> list[Any]:
    reasons = [
        [r.source, int(r.level), r.weight, r.message, r.evidence] for r in assessment.reasons
    ]
    digest = hashlib.sha256(json.dumps(reasons, ensure_ascii=False).encode()).hexdigest()
    return [int(assessment.level), assessment.confidence, digest[:20]]


def judged(judge: LadderJudge, case: dict[str, Any]) -> list[Any]:
    return verdict(judge.assess(experience(case), TOUCHPOINTS.get(case["touchpoint"])))


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as file:
        recorded: list[dict[str, Any]] = json.load(file)["cases"]
    return recorded


def mismatches(judge: LadderJudge, golden: list[dict[str, Any]], language: str) -> list[str]:
    found = []
    for case in golden:
        got = judged(judge, case)
        if got != case[language]:
            reasons = judge.assess(experience(case), TOUCHPOINTS.get(case["touchpoint"])).reasons
            found.append(f"{case['id']} {case['text']!r}: {got} != {case[language]}; {reasons}")
    return found


def test_the_golden_cases_are_varied(golden: list[dict[str, Any]]) -> None:
    assert len(golden) == CASES
    levels = Counter(case["en"][0] for case in golden)
    assert set(levels) == {1, 2, 3, 4, 5, 6} and min(levels.values()) > 50
    assert sum(1 for case in golden if not case["text"]) > 500
    assert sum(1 for case in golden if not case["text"].isascii()) > 100
    assert sum(1 for case in golden if case["facts"]) > 1_000


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_judgement_is_as_recorded(golden: list[dict[str, Any]], language: str) -> None:
    wrong = mismatches(LadderJudge(language=language), golden, language)
    assert not wrong, f"{len(wrong)} judgements changed, first: " + "\n".join(wrong[:5])


def test_kept_readings_and_verdicts_change_nothing(golden: list[dict[str, Any]]) -> None:
    # A small cache is cleared many times over the run, and every case is judged twice.
    judge = LadderJudge(reading_cache=50)
    assert not mismatches(judge, golden + golden, "en")


@pytest.mark.skipif(not compiled_in_use(), reason="the ladder runs as plain Python already")
def test_the_plain_python_ladder_judges_the_same() -> None:
    # The compiled modules are in use here, so the sources are checked in a process of their own.
    run = subprocess.run(
        [sys.executable, __file__, "--check"],
        env={**os.environ, "CXLADDER_PURE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "plain Python: 0 judgements changed" in run.stdout


def check() -> int:
    """Judges the golden cases in this process; the number of judgements that changed."""
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as file:
        recorded: list[dict[str, Any]] = json.load(file)["cases"]
    wrong = [
        *mismatches(LadderJudge(), recorded, "en"),
        *mismatches(LadderJudge(language="nl"), recorded, "nl"),
    ]
    mode = "compiled" if compiled_in_use() else "plain Python"
    print(f"{mode}: {len(wrong)} judgements changed", *wrong[:5], sep="\n")
    return len(wrong)


def write() -> None:
    made = cases()
    english, dutch = LadderJudge(), LadderJudge(language="nl")
    for case in made:
        case["en"] = judged(english, case)
        case["nl"] = judged(dutch, case)
    GOLDEN.parent.mkdir(exist_ok=True)
    text = json.dumps({"version": 1, "seed": SEED, "cases": made}, ensure_ascii=False)
    with gzip.GzipFile(GOLDEN, "wb", mtime=0) as file:
        file.write(text.encode("utf-8"))
    print("levels:", sorted(Counter(case["en"][0] for case in made).items()))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write()
    elif sys.argv[1:] == ["--check"]:
        sys.exit(1 if check() else 0)
    else:
        sys.exit(__doc__)
