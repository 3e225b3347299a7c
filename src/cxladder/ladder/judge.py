"""The plug-in point between the ladder and whatever reads free text.

The ladder combines three kinds of evidence: scores, operational facts and text. Text is read
by a TextJudge: the built-in one uses the project's bilingual cue lexicon; the trained model of
cxladder.text plugs in the same way, and its name and version are stored with every assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from cxladder.model import Reason, ServiceLevel

__all__ = ["TextJudge", "TextReading"]


@dataclass(frozen=True, slots=True)
class TextReading:
    """What a text judge found in one comment.

    `reasons` cite the phrases that point at a level (source 'text' or 'model'); `level` is the
    judge's own verdict with its probability, or None when the text says nothing about the level.
    """

    language: str
    reasons: tuple[Reason, ...] = ()
    level: ServiceLevel | None = None
    probability: float = 0.0
    redacted_text: str | None = None


@runtime_checkable
class TextJudge(Protocol):
    """Reads one comment. Must be deterministic and must never reach the network."""

    @property
    def name(self) -> str:
        """Name and version, e.g. 'cues-1' or 'text-model-2026.11.25'; stored with judgements."""
        ...

    def read(self, text: str, language: str = "") -> TextReading: ...
