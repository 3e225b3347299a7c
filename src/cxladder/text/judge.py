"""ModelTextJudge: the trained text model behind the ladder's TextJudge plug-in point."""

from __future__ import annotations

from collections.abc import Sequence

from cxladder.ladder.judge import TextReading
from cxladder.model import Reason, ServiceLevel
from cxladder.text.judgement import Judgement, TextModel

__all__ = ["ModelTextJudge", "reading"]


def _reason(judgement: Judgement, phrase: str, level: ServiceLevel, weight: float) -> Reason:
    label = level.label(judgement.language)
    if judgement.language == "nl":
        message = f"de tekst noemt '{phrase}', wat wijst op {label}"
    else:
        message = f"the comment says '{phrase}', which points to {label}"
    return Reason(source="model", level=level, weight=weight, message=message, evidence=phrase)


def reading(judgement: Judgement) -> TextReading:
    """The ladder's view of one judgement: level, probability, the phrases, the redacted text."""
    reasons = tuple(
        _reason(judgement, d.phrase, d.level, round(d.weight * judgement.probability, 3))
        for d in judgement.drivers
    )
    return TextReading(
        language=judgement.language,
        reasons=reasons,
        level=judgement.level,
        probability=judgement.probability,
        redacted_text=judgement.text,
    )


class ModelTextJudge:
    """Reads comments with a trained TextModel; its name carries the model version."""

    def __init__(self, model: TextModel) -> None:
        self.model = model

    @property
    def name(self) -> str:
        return self.model.name

    def read(self, text: str, language: str = "") -> TextReading:
        return reading(self.model.judge(text, language))

    def read_many(
        self, texts: Sequence[str], languages: Sequence[str] | None = None
    ) -> list[TextReading]:
        """The batch path: thousands of comments per call, same result as `read` on each."""
        return [reading(j) for j in self.model.judge_many(texts, languages=languages)]
