"""LadderJudge: scores, facts and comments combined into one level with reasons."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxladder.ladder.assess import NO_EVIDENCE_CONFIDENCE, LadderJudge
from cxladder.ladder.cues import CueTextJudge
from cxladder.ladder.judge import TextReading
from cxladder.model import Channel, Expectation, Experience, Reason, ServiceLevel, Touchpoint

C, B, E, D, S, U = (
    ServiceLevel.CRIMINAL,
    ServiceLevel.BASIC,
    ServiceLevel.EXPECTED,
    ServiceLevel.DESIRED,
    ServiceLevel.SURPRISING,
    ServiceLevel.UNBELIEVABLE,
)

TABLE = Touchpoint(
    "table",
    "At the table",
    Channel.STORE,
    expectations=(Expectation("wait_minutes", expected=5, unacceptable=20),),
)


@pytest.fixture(scope="module")
def judge() -> LadderJudge:
    return LadderJudge()


def experience(text: str = "", **fields: Any) -> Experience:
    return Experience("e1", "c1", "table", datetime(2026, 3, 1, 19, 30), text=text, **fields)


# -- the seed's restaurant, paraphrased, in both languages -----------------------------------

SEEDS = [
    (
        "Onze reservering bleek kwijt, alles zat vol. Twintig minuten later nog steeds geen "
        "menukaart, en de ober was ook nog eens chagrijnig. Daar ga ik nooit meer heen.",
        C,
    ),
    (
        "They had lost our booking and every table was taken. Twenty minutes on we still had "
        "no menu, and the waiter was grumpy on top of that. Never again.",
        C,
    ),
    (
        "Mwoah, wel oké. Niet slecht, maar het eten was vet en niemand begroette ons toen we "
        "binnenkwamen. Het plekje bij het raam maakte veel goed. Een vijf dus.",
        B,
    ),
    (
        "Meh, it was okay. Not terrible, but the food was greasy and nobody greeted us at the "
        "door. The window seat helped. A five out of ten.",
        B,
    ),
    (
        "Niet goed, niet slecht. Het eten was lekker, de bediening vriendelijk en de keuken "
        "snel. Precies zoals je het verwacht.",
        E,
    ),
    (
        "Good food, friendly service and a quick kitchen. Exactly what you expect for a quick "
        "bite, nothing more.",
        E,
    ),
    (
        "Een vriendelijke ober pakte bij binnenkomst onze jassen aan en er stond al een mandje "
        "brood met tapenades op tafel, gratis en zonder dat we erom vroegen.",
        D,
    ),
    (
        "A friendly waiter took our coats as we arrived and a basket of bread was already on "
        "the table, free and without us asking.",
        D,
    ),
    (
        "Er stond een bordje 'gereserveerd voor mevrouw Jansen' op tafel en de gastvrouw gaf "
        "uitleg bij alle gerechten en wijnen.",
        S,
    ),
    (
        "There was a little sign with our name on the table, and the host explained every dish "
        "and every wine to us.",
        S,
    ),
    ("Mijn horloge was kapot en ik had geen bonnetje meer: ze hebben het gewoon vervangen.", S),
    ("My watch broke and I had lost the receipt, yet they replaced it without a receipt.", S),
    (
        "Bij het reserveren vroegen ze of er een speciale reden was. We werden opgewacht met "
        "een glas prosecco, we zijn tenslotte maar één keer 25 jaar getrouwd, en het wijn- en "
        "spijsarrangement was helemaal afgestemd op onze wensen.",
        U,
    ),
    (
        "When we booked they asked about the occasion. We were welcomed with a glass of "
        "prosecco for our 25th wedding anniversary and the wine pairing was tailored to our "
        "tastes. I will tell everyone.",
        U,
    ),
]


@pytest.mark.parametrize(("text", "level"), SEEDS)
def test_the_seed_restaurant_lands_on_each_level(
    judge: LadderJudge, text: str, level: ServiceLevel
) -> None:
    assessment = judge.assess(experience(text), TABLE)
    assert assessment.level == level, assessment.explain()
    assert assessment.confidence >= 0.5
    assert any(r.source == "text" and r.evidence for r in assessment.reasons)


def test_the_seed_basic_grade_agrees_with_the_comment(judge: LadderJudge) -> None:
    assessment = judge.assess(experience(SEEDS[2][0], grade=5), TABLE)
    alone = judge.assess(experience(SEEDS[2][0]), TABLE)
    assert assessment.level == B
    assert assessment.confidence > alone.confidence


# -- scores and facts alone -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "level"),
    [
        ({"csat": 1}, C),
        ({"csat": 2}, B),
        ({"csat": 3}, E),
        ({"csat": 4}, D),
        ({"csat": 5}, D),
        ({"nps": 10}, D),
        ({"grade": 10}, D),
        ({"grade": 5}, B),
        ({"ces": 7}, C),
        ({"stars": 3, "nps": 8}, E),
        ({"csat": 5, "nps": 2}, E),
    ],
)
def test_scores_alone(judge: LadderJudge, scores: dict[str, float], level: ServiceLevel) -> None:
    assert judge.assess(experience(**scores)).level == level


def test_high_scores_without_a_comment_stop_at_desired_and_say_why(judge: LadderJudge) -> None:
    assessment = judge.assess(experience(csat=5, nps=10, grade=10))
    assert assessment.level == D
    assert assessment.reasons[-1].source == "rule"
    assert "Desired at most" in assessment.reasons[-1].message
    assert {r.evidence for r in assessment.reasons if r.source == "score"} == {
        "csat=5",
        "nps=10",
        "grade=10",
    }


def test_a_twenty_two_minute_wait_is_criminal_with_the_managers_reason(
    judge: LadderJudge,
) -> None:
    assessment = judge.assess(experience(facts={"wait_minutes": 22}), TABLE)
    assert assessment.level == C
    assert assessment.reasons[0].message == (
        "Waited 22 min where 5 is expected (unacceptable at 20): minimum expectation failed"
    )


def test_a_met_expectation_alone_is_expected(judge: LadderJudge) -> None:
    assessment = judge.assess(experience(facts={"wait_minutes": 3}), TABLE)
    assert assessment.level == E
    assert assessment.confidence < 0.5  # meeting a fact is weak evidence


# -- conflicts ----------------------------------------------------------------------------------


def test_a_failed_fact_dominates_a_top_score(judge: LadderJudge) -> None:
    assessment = judge.assess(experience(csat=5, facts={"wait_minutes": 25}), TABLE)
    assert assessment.level == C
    note = assessment.reasons[-1]
    assert note.source == "rule" and note.evidence == "csat=5"
    assert "outweighs csat=5" in note.message
    agreed = judge.assess(experience(csat=1, facts={"wait_minutes": 25}), TABLE)
    assert agreed.confidence > assessment.confidence


def test_a_failure_in_the_comment_dominates_a_top_score(judge: LadderJudge) -> None:
    assessment = judge.assess(experience("The waiter was rude to us", nps=10))
    assert assessment.level == C


def test_a_comment_lifts_a_high_score_beyond_the_ceiling(judge: LadderJudge) -> None:
    text = "They had a card with our names on the table"
    assert judge.assess(experience(text, csat=5)).level == S
    assert judge.assess(experience(text, csat=4)).level == S


def test_legendary_words_against_a_poor_score_are_averaged(judge: LadderJudge) -> None:
    assessment = judge.assess(experience("Legendary, will tell everyone", csat=2))
    assert E <= assessment.level < U
    assert assessment.confidence < 0.6


def test_a_plain_comment_keeps_a_top_score_at_its_level(judge: LadderJudge) -> None:
    assessment = judge.assess(experience("Fine, exactly as expected", csat=5))
    assert assessment.level == E


def test_a_comment_without_cues_leaves_the_scores_to_decide(judge: LadderJudge) -> None:
    assessment = judge.assess(experience("We had the risotto", csat=2))
    assert assessment.level == B


def test_no_evidence_is_expected_with_low_confidence_and_a_reason(judge: LadderJudge) -> None:
    for item in (experience(), experience("We had the risotto on Tuesday")):
        assessment = judge.assess(item)
        assert assessment.level == E
        assert assessment.confidence == NO_EVIDENCE_CONFIDENCE
        (reason,) = assessment.reasons
        assert reason.source == "rule" and reason.evidence
        assert "assumed Expected" in reason.message


def test_confidence_grows_with_agreeing_evidence(judge: LadderJudge) -> None:
    one = judge.assess(experience(csat=2)).confidence
    two = judge.assess(experience(csat=2, nps=5)).confidence
    three = judge.assess(experience("Meh, nobody greeted us", csat=2, nps=5)).confidence
    assert one < two < three


def test_evidence_for_the_verdict_comes_first(judge: LadderJudge) -> None:
    assessment = judge.assess(experience("They took our coats", csat=4, nps=7))
    assert assessment.level == D
    assert assessment.reasons[0].level == D


# -- plug-in points and options -------------------------------------------------------------------


class EchoJudge:
    """A stand-in trained model: always reads Surprising with its own reason."""

    @property
    def name(self) -> str:
        return "echo-model-0.1"

    def read(self, text: str, language: str = "") -> TextReading:
        reason = Reason("model", S, 0.9, f"Model: '{text}' reads as Surprising", text)
        return TextReading(language=language, reasons=(reason,), level=S, probability=0.9)


def test_any_text_judge_plugs_in_and_is_named_in_the_assessment() -> None:
    judge = LadderJudge(text_judge=EchoJudge())
    assessment = judge.assess(experience("whatever the customer wrote", csat=4))
    assert assessment.level == S
    assert assessment.judge == "ladder-1+echo-model-0.1"
    assert assessment.reasons[0].source == "model"


def test_the_default_judge_names_the_cue_lexicon(judge: LadderJudge) -> None:
    assessment = judge.assess(experience(csat=3))
    assert assessment.judge == judge.name == f"ladder-1+{CueTextJudge().name}"


def test_reasons_in_dutch() -> None:
    judge = LadderJudge(language="nl")
    assessment = judge.assess(experience("They took our coats", csat=5, nps=10))
    assert assessment.level == D
    messages = [r.message for r in assessment.reasons]
    assert "Opmerking: 'They took our coats' — net iets extra" in messages
    assert any(m.startswith("CSAT 5 op 1..5 wijst op Verrassend") for m in messages)
    empty = judge.assess(experience())
    assert empty.reasons[0].message.startswith("Geen score, feit of veelzeggende opmerking")


# -- properties ---------------------------------------------------------------------------------

COMMENT_PARTS = [text for text, _ in SEEDS] + [
    "meh",
    "not bad at all",
    "niemand begroette ons",
    "ze namen onze jassen aan",
    "great service, yeah right",
    "ongelooflijk slecht",
    "",
]

experiences = st.builds(
    experience,
    text=st.one_of(
        st.sampled_from(COMMENT_PARTS),
        st.lists(st.sampled_from(COMMENT_PARTS), max_size=3).map(". ".join),
        st.text(max_size=60),
    ),
    csat=st.none() | st.integers(1, 5),
    nps=st.none() | st.integers(0, 10),
    ces=st.none() | st.floats(1, 7),
    grade=st.none() | st.floats(1, 10),
    facts=st.dictionaries(
        st.sampled_from(["wait_minutes", "hold_minutes", "transfers", "napkins"]),
        st.floats(0, 120),
        max_size=3,
    ),
)


@settings(max_examples=300, deadline=None)
@given(experiences)
def test_every_assessment_is_well_formed_and_deterministic(item: Experience) -> None:
    first = LadderJudge().assess(item, TABLE)
    again = LadderJudge().assess(replace(item), TABLE)
    assert first == again
    assert first.level in ServiceLevel
    assert 0.0 <= first.confidence <= 1.0
    assert first.reasons, "every assessment says why"
    assert all(reason.message and reason.evidence for reason in first.reasons)
    assert first.experience_id == item.id


def test_kept_readings_give_the_same_assessments_and_stay_bounded() -> None:
    plain, keeping = LadderJudge(), LadderJudge(reading_cache=2)
    texts = [text for text, _ in SEEDS[:5]] * 2
    for text in texts:
        item = experience(text, csat=4)
        assert keeping.assess(item, TABLE) == plain.assess(item, TABLE)
    assert len(keeping._readings) <= 2
    assert plain._readings == {}
