"""The trained text model: one comment in, its level, aspects and the phrases behind them out.

`TextModel` bundles the featurizer, the level model and the aspect model with a version string,
and judges comments in batches (`judge_many`), which is the fast path: redaction, language,
features, aspects with polarity and the level for thousands of comments per call, with numpy
doing the arithmetic. Saved as one .npz of plain arrays (no pickle), so loading cannot run code.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from cxladder.errors import InvalidInput, ModelError
from cxladder.large_batches import collector_paused
from cxladder.model import ServiceLevel
from cxladder.text.context import ReviewContext, review_slices
from cxladder.text.features import Features, Featurizer, PhraseHit
from cxladder.text.language import decide_counted
from cxladder.text.models import AspectModel, LevelModel, LinearHead
from cxladder.text.redaction import redact

__all__ = ["AspectReading", "Driver", "Judgement", "TextModel"]

FloatArray = npt.NDArray[np.float64]
_BATCH = 2_000
_MIN_WORDS = 1
_FORMAT = 1


class AspectReading(NamedTuple):
    """One aspect a comment is about, how it feels about it, and how sure the model is.

    A named tuple rather than a dataclass: tens of thousands are made per second.
    """

    aspect: str
    polarity: str
    probability: float


class Driver(NamedTuple):
    """A phrase that pushed the judgement towards `level`, with its weight in the model."""

    phrase: str
    level: ServiceLevel
    weight: float


@dataclass(frozen=True, slots=True)
class Judgement:
    """What the model read in one comment. `text` is the redacted comment."""

    text: str
    language: str
    level: ServiceLevel | None
    probability: float
    probabilities: tuple[float, ...]
    aspects: tuple[AspectReading, ...]
    drivers: tuple[Driver, ...]
    redactions: int
    model: str


class TextModel:
    """Featurizer + level model + aspect model, versioned."""

    def __init__(
        self,
        featurizer: Featurizer,
        levels: LevelModel,
        aspects: AspectModel,
        *,
        version: str,
        redact_text: bool = True,
    ) -> None:
        self.featurizer = featurizer
        self.levels = levels
        self.aspect_model = aspects
        # Set when the model learnt from whole reviews; only then do `documents` matter.
        self.context: ReviewContext | None = None
        self.version = version
        self.redact_text = redact_text
        self._level_of_class = [ServiceLevel(int(c)) for c in levels.head.classes]
        self._relative = _relative_weights(levels.head)

    @property
    def name(self) -> str:
        return f"text-model-{self.version}"

    # -- judging -------------------------------------------------------------------------------

    def judge(self, text: str, language: str = "") -> Judgement:
        return self.judge_many([text], languages=[language])[0]

    def judge_many(
        self,
        texts: Sequence[str],
        *,
        languages: Sequence[str] | None = None,
        documents: Sequence[str] | None = None,
    ) -> list[Judgement]:
        """Judge a batch; `languages` gives a known language per comment ('' = detect).

        `documents` names the review each comment (a sentence, then) belongs to, in review
        order; a model trained with review context (context.py) then reads each aspect's
        polarity with the rest of its review around it.
        """
        if languages and len(languages) != len(texts):
            raise InvalidInput(
                f"{len(languages)} languages for {len(texts)} comments; give one per comment "
                "('' to detect it), or none at all"
            )
        if documents is not None and len(documents) != len(texts):
            raise InvalidInput(
                f"{len(documents)} review names for {len(texts)} comments; give one per comment"
            )
        out: list[Judgement] = []
        with collector_paused():
            for start, end in review_slices(
                documents if documents is not None else range(len(texts)), _BATCH
            ):
                chunk = texts[start:end]
                known = languages[start:end] if languages else [""] * len(chunk)
                reviews = documents[start:end] if documents is not None else None
                out.extend(self._judge_chunk(chunk, known, reviews))
        return out

    def _judge_chunk(
        self, texts: Sequence[str], languages: Sequence[str], documents: Sequence[str] | None
    ) -> list[Judgement]:
        if self.redact_text:
            redacted = list(map(redact, texts))
            clean = [text for text, _ in redacted]
            found = [count for _, count in redacted]
        else:
            clean = list(texts)
            found = [0] * len(clean)
        features = self.featurizer.transform(clean)
        probabilities = self.levels.head.probabilities(features.matrix)
        best = probabilities.argmax(axis=1)
        aspects = self._aspects(features, len(texts), documents)
        words = _word_drivers(features, self._relative, best)
        levels = self._level_of_class
        chosen = [
            levels[b] if says else None
            for b, says in zip(
                best.tolist(), (features.word_counts >= _MIN_WORDS).tolist(), strict=True
            )
        ]
        peaks = probabilities.max(axis=1).tolist()
        rows = map(tuple, probabilities.tolist())
        unknown = [row for row, known in enumerate(languages) if not known]
        detected = iter(
            decide_counted([clean[row] for row in unknown], features.language_votes[unknown])
        )
        drivers = self._drivers
        name = self.name
        return [
            Judgement(
                text,
                known or next(detected),
                level,
                peak if level else 0.0,
                row,
                found_aspects,
                drivers(hits, word, level),
                redactions,
                name,
            )
            for (
                text,
                known,
                level,
                peak,
                row,
                found_aspects,
                hits,
                word,
                redactions,
            ) in zip(
                clean,
                languages,
                chosen,
                peaks,
                rows,
                aspects,
                features.hits,
                words,
                found,
                strict=True,
            )
        ]

    def _aspects(
        self, features: Features, count: int, documents: Sequence[str] | None
    ) -> list[tuple[AspectReading, ...]]:
        model = self.aspect_model
        detected, chosen = model.aspects(features.matrix)
        rows, categories = np.nonzero(chosen)
        polarity, classes = self.polarities(features.matrix, rows, categories, documents)
        found: list[list[AspectReading]] = [[] for _ in range(count)]
        names = model.categories
        choices = polarity.argmax(axis=1).tolist() if len(rows) else []
        sure = detected[rows, categories].tolist()
        for row, category, choice, p in zip(
            rows.tolist(), categories.tolist(), choices, sure, strict=True
        ):
            found[row].append(AspectReading(names[category], classes[choice], p))
        return [tuple(f) for f in found]

    def polarities(
        self,
        matrix: sp.csr_matrix,
        rows: npt.NDArray[np.int64],
        categories: npt.NDArray[np.int64],
        documents: Sequence[str] | None,
    ) -> tuple[FloatArray, tuple[str, ...]]:
        """Polarity probabilities per (row, aspect) pair and the classes of their columns: read
        in the review's context when the reviews are known and the model learnt from them."""
        if documents is not None and self.context is not None and len(rows):
            found = self.context.probabilities(
                self.aspect_model, matrix, rows, categories, documents
            )
            return found, self.context.polarity.classes
        polarity = self.aspect_model.polarity
        return self.aspect_model.polarities(matrix, rows, categories), polarity.classes

    def _drivers(
        self, hits: list[PhraseHit], word: tuple[str, float] | None, level: ServiceLevel | None
    ) -> tuple[Driver, ...]:
        """Cue phrases of the chosen level first, then the strongest word, then other cues."""
        if level is None:
            return ()
        strongest = (
            Driver(word[0], level, round(word[1], 3)) if word is not None and word[1] > 0 else None
        )
        if not hits:
            return (strongest,) if strongest is not None else ()
        mine = [Driver(h.phrase, h.level, 1.0) for h in hits if h.level == level]
        others = [Driver(h.phrase, h.level, 1.0) for h in hits if h.level != level]
        if strongest is not None and all(strongest.phrase != d.phrase for d in mine):
            mine.append(strongest)
        return tuple((mine + others)[:4])

    # -- saving --------------------------------------------------------------------------------

    def save(self, path: Path) -> Path:
        """Write the model atomically, so a reader never sees half a file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "format": _FORMAT,
            "version": self.version,
            "n_features": self.featurizer.n_features,
        }
        arrays = {
            "meta": np.asarray(json.dumps(meta)),
            "idf": np.asarray(self.featurizer.idf, dtype=np.float32),
            **self.levels.head.arrays("level"),
            **self.aspect_model.arrays(),
            **(self.context.arrays() if self.context is not None else {}),
        }
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz.part")
        with os.fdopen(handle, "wb") as stream:
            np.savez_compressed(stream, **arrays)  # type: ignore[arg-type]
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        return path

    @classmethod
    def load(cls, path: Path, *, redact_text: bool = True) -> TextModel:
        try:
            with np.load(Path(path), allow_pickle=False) as stored:
                arrays = {key: stored[key] for key in stored.files}
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot read the text model {path}: {exc}; train it again") from exc
        try:
            meta = json.loads(str(arrays["meta"]))
        except (KeyError, json.JSONDecodeError) as exc:
            raise ModelError(f"{path} is not a cxladder text model; train it again") from exc
        if meta.get("format") != _FORMAT:
            raise ModelError(f"{path} was written by another cxladder version; train it again")
        n_features = int(meta["n_features"])
        featurizer = Featurizer(n_features=n_features, idf=arrays["idf"].astype(np.float64))
        model = cls(
            featurizer,
            LevelModel(LinearHead.from_arrays(arrays, "level")),
            AspectModel.from_arrays(arrays, n_features),
            version=str(meta["version"]),
            redact_text=redact_text,
        )
        model.context = ReviewContext.from_arrays(arrays)
        return model


def _relative_weights(head: LinearHead) -> FloatArray:
    """How much each column favours each level over the average level."""
    coef = head.coef.astype(np.float64)
    return np.asarray(coef - coef.mean(axis=0, keepdims=True))


def _word_drivers(
    features: Features, relative: FloatArray, best: npt.NDArray[np.int64]
) -> list[tuple[str, float] | None]:
    """Per comment, the word whose own column pushed hardest towards the chosen level."""
    offsets = features.offsets
    count = len(features.tokens)
    if len(features.columns) == 0:
        return [None] * count
    lengths = np.diff(offsets)
    doc = np.repeat(np.arange(count), lengths)
    weights = relative[best[doc], features.columns]
    filled = lengths > 0
    starts = offsets[:-1][filled]
    peak = np.full(count, -np.inf)
    peak[filled] = np.maximum.reduceat(weights, starts)
    position = np.arange(len(weights))
    at_peak = np.where(weights >= peak[doc], position, len(weights))
    first = np.full(count, -1)
    first[filled] = np.minimum.reduceat(at_peak, starts) - starts
    out: list[tuple[str, float] | None] = []
    for tokens, at, value in zip(features.tokens, first.tolist(), peak.tolist(), strict=True):
        word = tokens[at] if at >= 0 else ""
        out.append((word, value) if word.isalnum() else None)
    return out
