"""Aspect-based reading of reviews: which aspects a sentence is about, and how it feels on each.

`ReviewReader` trains the aspect model on sentences labelled with any aspect scheme (the
SemEval restaurant categories, say) and pairs it with a level model trained on the project's
corpus in the same feature space, so `judge_many` runs the full judgement: redaction,
language, aspects with polarity, and the level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from cxladder.text.features import Featurizer
from cxladder.text.judgement import Judgement, TextModel
from cxladder.text.models import AspectModel, AspectOptions, LevelModel
from cxladder.text.training import load_corpus

__all__ = ["ReviewReader"]

_DEFAULT_OPTIONS = AspectOptions()


class ReviewReader:
    """Aspects and their polarity for a batch of sentences, and the full judgement."""

    def __init__(self, model: TextModel) -> None:
        self.model = model
        self.featurizer = model.featurizer
        self.aspect_model = model.aspect_model

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[Mapping[str, str]],
        *,
        options: AspectOptions = _DEFAULT_OPTIONS,
        n_features: int = 2**18,
    ) -> ReviewReader:
        """Train on sentences labelled {aspect: polarity}; levels come from the project corpus."""
        corpus = load_corpus()
        featurizer = Featurizer(n_features=n_features).fit([*texts, *corpus.texts])
        matrix = featurizer.transform(texts).matrix
        aspects = AspectModel.fit(matrix, labels, n_features=n_features, options=options)
        levels = LevelModel.fit(featurizer.transform(corpus.texts).matrix, corpus.levels)
        return cls(TextModel(featurizer, levels, aspects, version="reviews"))

    def aspects(self, texts: Sequence[str]) -> list[dict[str, str]]:
        """The aspects each sentence is about, each with its predicted polarity."""
        return [{a.aspect: a.polarity for a in j.aspects} for j in self.judge_many(texts)]

    def polarities(
        self, texts: Sequence[str], categories: Sequence[Sequence[str]]
    ) -> list[dict[str, str]]:
        """The polarity of each given aspect of each sentence (aspects it never saw: skipped)."""
        model = self.aspect_model
        index = {c: i for i, c in enumerate(model.categories)}
        pairs = [(r, index[c]) for r, cats in enumerate(categories) for c in cats if c in index]
        matrix = self.featurizer.transform(texts).matrix
        rows = np.asarray([r for r, _ in pairs], dtype=np.int64)
        cats = np.asarray([c for _, c in pairs], dtype=np.int64)
        probabilities = model.polarities(matrix, rows, cats)
        found: list[dict[str, str]] = [{} for _ in texts]
        for (row, category), choice in zip(pairs, probabilities.argmax(axis=1), strict=True):
            found[row][model.categories[category]] = model.polarity.classes[int(choice)]
        return found

    def judge_many(self, texts: Sequence[str], *, language: str = "") -> list[Judgement]:
        """Full judgement; a known `language` skips detection, as an import with one would."""
        return self.model.judge_many(texts, languages=[language] * len(texts) if language else None)
