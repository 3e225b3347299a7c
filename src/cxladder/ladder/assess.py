"""PLACEHOLDER - replaced by the ladder work. Signatures are the contract."""

from __future__ import annotations

from cxladder.ladder.judge import TextJudge
from cxladder.model import Assessment, Experience, Touchpoint


class LadderJudge:
    def __init__(self, *, text_judge: TextJudge | None = None) -> None:
        self.text_judge = text_judge

    @property
    def name(self) -> str:
        return "ladder-1"

    def assess(self, experience: Experience, touchpoint: Touchpoint | None = None) -> Assessment:
        raise NotImplementedError
