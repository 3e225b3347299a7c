"""One experience -> its level on the ladder, how sure we are, and the reasons why.

Three kinds of evidence are combined by the rules in docs/ladder-rules.md:

1. scores (CSAT, NPS, CES, stars, grade), mapped by ladder.scores;
2. operational facts against the touchpoint's expectations, by ladder.facts;
3. the comment, read by a TextJudge (the cue lexicon by default, a trained model later).

In short: a failed minimum expectation in the facts or the comment makes it Criminal whatever
the score; otherwise the evidence is averaged by weight; scores and facts alone never prove more
than Desired; Surprising and Unbelievable need a comment that tells of personal or legendary
service; with no evidence at all an experience is Expected, with low confidence.

The function is pure and deterministic: the same experience and touchpoint always give the same
assessment, so a re-run of `cxladder assess --reassess` changes nothing unless the judge did.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from cxladder.ladder.cues import CueTextJudge, frozen_maker
from cxladder.ladder.facts import fact_reasons
from cxladder.ladder.judge import TextJudge, TextReading
from cxladder.ladder.scores import SCORE_CEILING, score_reasons
from cxladder.model import Assessment, Experience, Reason, ServiceLevel, Touchpoint

__all__ = ["NO_EVIDENCE_CONFIDENCE", "TEXT_WEIGHT", "LadderJudge", "decide"]

L = ServiceLevel
# Enum members looked up once: `L.EXPECTED` costs a class attribute lookup every time.
CRIMINAL: Final = ServiceLevel.CRIMINAL
BASIC: Final = ServiceLevel.BASIC
EXPECTED: Final = ServiceLevel.EXPECTED
DESIRED: Final = ServiceLevel.DESIRED
SURPRISING: Final = ServiceLevel.SURPRISING
UNBELIEVABLE: Final = ServiceLevel.UNBELIEVABLE
_new_assessment: Final = frozen_maker(Assessment)
_LEVELS: Final = tuple(ServiceLevel)  # by number less one: cheaper than ServiceLevel(number)
_Verdict = tuple[ServiceLevel, float, tuple[Reason, ...]]

TEXT_WEIGHT: Final = 2.0
"""A comment that clearly names a level weighs as much as two scores: it says why."""

NO_EVIDENCE_CONFIDENCE: Final = 0.15

_RULES: Final = {
    "no_evidence": (
        "No score, fact or telling comment: assumed Expected, the level that passes unnoticed",
        "Geen score, feit of veelzeggende opmerking: aangenomen Verwacht, het niveau dat niet "
        "opvalt",
    ),
    "failure": (
        "A failed minimum expectation outweighs {scores}",
        "Een gemiste minimale verwachting weegt zwaarder dan {scores}",
    ),
    "ceiling": (
        "Scores and facts alone prove Desired at most: no comment tells of personal or "
        "legendary service",
        "Scores en feiten alleen bewijzen hooguit Gewenst: geen opmerking vertelt van "
        "persoonlijke of legendarische service",
    ),
    "peak": (
        "The comment tells of {level} service, which a score cannot express",
        "De opmerking vertelt van {level} service, wat een score niet kan uitdrukken",
    ),
}


class LadderJudge:
    """Places experiences on the ladder; `text_judge` reads comments (default: the cues).

    `language` is the language of the reasons: 'en' (default) or 'nl'. `reading_cache` keeps
    that many text readings by exact comment (0, the default, keeps none): customers repeat
    short comments ("Prima!", "Top service") and a TextJudge is deterministic, so a kept
    reading is the reading the judge would give again.
    """

    VERSION = "ladder-1"

    def __init__(
        self,
        *,
        text_judge: TextJudge | None = None,
        language: str = "en",
        reading_cache: int = 0,
    ) -> None:
        self.language = "nl" if language == "nl" else "en"
        self.text_judge: TextJudge = (
            text_judge if text_judge is not None else CueTextJudge(language=self.language)
        )
        self.reading_cache = max(0, reading_cache)
        self._readings: dict[tuple[str, str], TextReading] = {}
        self._named = ("", "")  # (the text judge's name, ours), remade when the first changes
        # Experiences without a comment repeat the same few score and fact combinations, so
        # their verdicts are kept; a verdict depends on nothing else.
        self._verdicts: dict[tuple[Reason, ...], _Verdict] = {}

    @property
    def name(self) -> str:
        """The ladder rules' version and the text judge's, e.g. 'ladder-1+cues-1.a1ecbcd7'."""
        text_judge = self.text_judge.name
        if text_judge != self._named[0]:
            self._named = (text_judge, f"{self.VERSION}+{text_judge}")
        return self._named[1]

    def assess(self, experience: Experience, touchpoint: Touchpoint | None = None) -> Assessment:
        language = self.language
        scores = score_reasons(experience, language)
        facts = fact_reasons(experience, touchpoint, language) if experience.facts else []
        text = experience.text
        if not text:
            verdict = self._without_text(scores, facts)
        elif self.reading_cache:
            reading = self._read(text, experience.language)
            verdict = decide(scores, facts, reading, language=language, comment=text)
        else:
            reading = self.text_judge.read(text, experience.language)
            verdict = decide(scores, facts, reading, language=language, comment=text)
        level, confidence, reasons = verdict
        return _new_assessment(experience.id, level, confidence, reasons, self.name)

    def _read(self, text: str, language: str) -> TextReading:
        key = (text, language)
        reading = self._readings.get(key)
        if reading is None:
            if len(self._readings) >= self.reading_cache:
                self._readings.clear()
            reading = self._readings[key] = self.text_judge.read(text, language)
        return reading

    def _without_text(self, scores: list[Reason], facts: list[Reason]) -> _Verdict:
        key = (*scores, *facts)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = decide(scores, facts, None, language=self.language)
            if len(self._verdicts) < 100_000:
                self._verdicts[key] = verdict
        return verdict


def decide(
    scores: Sequence[Reason],
    facts: Sequence[Reason],
    reading: TextReading | None,
    *,
    language: str = "en",
    comment: str = "",
) -> _Verdict:
    """The level, confidence and ordered reasons from each source's evidence."""
    text_reasons: tuple[Reason, ...] = ()
    text_level = None
    if reading is not None:
        text_level, text_reasons = reading.level, reading.reasons
    if not scores and not facts and text_level is None:
        return EXPECTED, NO_EVIDENCE_CONFIDENCE, (*text_reasons, _no_evidence(language, comment))
    votes = _votes(scores, facts, reading)
    total = sum([weight for _, weight in votes])
    notes: list[Reason] = []
    if text_level == CRIMINAL or (facts and any(f.level == CRIMINAL for f in facts)):
        level = CRIMINAL
        good = [s for s in scores if s.level >= EXPECTED]
        if good:
            notes.append(_failure_note(good, language))
    else:
        level = _combined_level(votes, total, scores, facts, text_level, language, notes)
    confidence = _confidence(votes, total, level)
    evidence = [*facts, *text_reasons, *scores]
    if len(evidence) > 1:
        # Evidence for the verdict first, the strongest first; dissent after it.
        evidence.sort(key=lambda r: (abs(r.level - level), -r.weight))
    return level, confidence, (*evidence, *notes)


def _votes(
    scores: Sequence[Reason], facts: Sequence[Reason], reading: TextReading | None
) -> list[tuple[int, float]]:
    # Scores vote with the level they can prove (at most the ceiling); the raw level stays in
    # their reason for the manager to see.
    votes: list[tuple[int, float]] = [(min(s.level, SCORE_CEILING), s.weight) for s in scores]
    if facts:
        votes.extend([(f.level, f.weight) for f in facts])
    if reading is not None and reading.level is not None:
        votes.append((reading.level, TEXT_WEIGHT * max(reading.probability, 0.1)))
    return votes


def _combined_level(
    votes: Sequence[tuple[int, float]],
    total: float,
    scores: Sequence[Reason],
    facts: Sequence[Reason],
    text_level: ServiceLevel | None,
    language: str,
    notes: list[Reason],
) -> ServiceLevel:
    mean = sum([level * weight for level, weight in votes]) / total
    level = _LEVELS[min(6, max(1, math.floor(mean + 0.5))) - 1]
    if text_level is not None and text_level >= SURPRISING:
        doubts = any(r.level <= BASIC for r in (*scores, *facts))
        if not doubts and level < text_level:
            notes.append(_note("peak", language, text_level))
            return text_level
        return min(level, text_level)
    if level >= SCORE_CEILING and any(s.level > SCORE_CEILING for s in scores):
        notes.append(_note("ceiling", language, SCORE_CEILING))
        return SCORE_CEILING
    return level


def _confidence(votes: Sequence[tuple[int, float]], total: float, level: ServiceLevel) -> float:
    """Agreement between the sources times how much evidence there is, in 0.1..0.95."""
    if total <= 0:
        return NO_EVIDENCE_CONFIDENCE
    agreeing = sum([weight * max(0.0, 1.0 - abs(vote - level) / 2) for vote, weight in votes])
    amount = 1.0 - math.exp(-total)
    return round(0.1 + 0.85 * (agreeing / total) * amount, 3)


def _note(rule: str, language: str, level: ServiceLevel) -> Reason:
    nl = language == "nl"
    message = _RULES[rule][nl].format(level=level.label("nl" if nl else "en"))
    return Reason("rule", level, 0.0, message, rule)


def _failure_note(good: Sequence[Reason], language: str) -> Reason:
    cited = ", ".join(r.evidence for r in good)
    message = _RULES["failure"][language == "nl"].format(scores=cited)
    return Reason("rule", L.CRIMINAL, 0.0, message, cited)


def _no_evidence(language: str, comment: str) -> Reason:
    message = _RULES["no_evidence"][language == "nl"]
    evidence = f"comment: {comment[:80]!r}" if comment else "no scores, facts or comment"
    return Reason("rule", L.EXPECTED, 0.0, message, evidence)
