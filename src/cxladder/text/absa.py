"""Aspect-based reading of reviews: which aspects a sentence is about, and how it feels on each.

`ReviewReader` trains the aspect model on sentences labelled with any aspect scheme (the
SemEval restaurant categories, say) and pairs it with a level model trained on the project's
corpus in the same feature space, so `judge_many` runs the full judgement: redaction,
language, aspects with polarity, and the level. Given the review each sentence belongs to, it
also learns to read each sentence's polarity in the context of its review (context.py).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from cxladder.text.context import ReviewContext, review_slices
from cxladder.text.features import Featurizer
from cxladder.text.judgement import Judgement, TextModel
from cxladder.text.models import AspectModel, AspectOptions, Labelled, LevelModel, pair_matrix
from cxladder.text.training import load_corpus

__all__ = ["ReviewReader", "written_reviews"]

_WRITTEN = Path(__file__).resolve().parent / "corpus"
_CHUNK = 2_000

_DEFAULT_OPTIONS = AspectOptions()


class ReviewReader:
    """Aspects and their polarity for a batch of sentences, and the full judgement."""

    def __init__(self, model: TextModel) -> None:
        self.model = model
        self.featurizer = model.featurizer
        self.aspect_model = model.aspect_model

    @property
    def context(self) -> ReviewContext | None:
        return self.model.context

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        labels: Sequence[Mapping[str, str]],
        *,
        documents: Sequence[str] | None = None,
        extra: tuple[Sequence[str], Sequence[Mapping[str, str]]] | None = None,
        options: AspectOptions = _DEFAULT_OPTIONS,
        n_features: int = 2**18,
    ) -> ReviewReader:
        """Train on sentences labelled {aspect: polarity}; levels come from the project corpus.

        `documents` names the review each sentence comes from, in order; with it thresholds are
        tuned on whole reviews held out and the reader also learns to read a sentence's
        polarity in the context of its review. `extra` is a written corpus in the same scheme
        (`written_reviews`), weighed by `options.extra_weight`.
        """
        corpus = load_corpus()
        extra_texts, extra_labels = extra or ((), ())
        featurizer = Featurizer(n_features=n_features).fit([*texts, *corpus.texts, *extra_texts])
        matrix = featurizer.transform(texts).matrix
        written = Labelled(
            featurizer.transform(extra_texts).matrix, [dict(row) for row in extra_labels]
        )
        aspects = AspectModel.fit(
            matrix,
            labels,
            n_features=n_features,
            options=options,
            documents=documents,
            extra=written,
        )
        levels = LevelModel.fit(featurizer.transform(corpus.texts).matrix, corpus.levels)
        context = None
        if documents is not None:
            context = _fit_context(aspects, matrix, labels, documents, written, options)
        model = TextModel(featurizer, levels, aspects, version="reviews")
        model.context = context
        return cls(model)

    def aspects(
        self, texts: Sequence[str], *, documents: Sequence[str] | None = None
    ) -> list[dict[str, str]]:
        """The aspects each sentence is about, each with its predicted polarity."""
        judged = self.model.judge_many(texts, documents=documents)
        return [{a.aspect: a.polarity for a in j.aspects} for j in judged]

    def polarities(
        self,
        texts: Sequence[str],
        categories: Sequence[Sequence[str]],
        *,
        documents: Sequence[str] | None = None,
    ) -> list[dict[str, str]]:
        """The polarity of each given aspect of each sentence (aspects it never saw: skipped).

        With `documents` (the review of each sentence, sentences in review order) and a reader
        trained with them, each polarity is read in the context of its review.
        """
        found: list[dict[str, str]] = []
        for start, end in review_slices(
            documents if documents is not None else range(len(texts)), _CHUNK
        ):
            found.extend(
                self._polarities(
                    texts[start:end],
                    categories[start:end],
                    None if documents is None else documents[start:end],
                )
            )
        return found

    def _polarities(
        self,
        texts: Sequence[str],
        categories: Sequence[Sequence[str]],
        documents: Sequence[str] | None,
    ) -> list[dict[str, str]]:
        model = self.aspect_model
        index = {c: i for i, c in enumerate(model.categories)}
        pairs = [(r, index[c]) for r, cats in enumerate(categories) for c in cats if c in index]
        found: list[dict[str, str]] = [{} for _ in texts]
        if not pairs:
            return found
        matrix = self.featurizer.transform(texts).matrix
        rows = np.asarray([r for r, _ in pairs], dtype=np.int64)
        cats = np.asarray([c for _, c in pairs], dtype=np.int64)
        probabilities, classes = self.model.polarities(matrix, rows, cats, documents)
        for (row, category), choice in zip(pairs, probabilities.argmax(axis=1), strict=True):
            found[row][model.categories[category]] = classes[int(choice)]
        return found

    def judge_many(self, texts: Sequence[str], *, language: str = "") -> list[Judgement]:
        """Full judgement; a known `language` skips detection, as an import with one would."""
        return self.model.judge_many(texts, languages=[language] * len(texts) if language else None)


def _fit_context(
    aspects: AspectModel,
    matrix: sp.csr_matrix,
    labels: Sequence[Mapping[str, str]],
    documents: Sequence[str],
    written: Labelled,
    options: AspectOptions,
) -> ReviewContext | None:
    categories = aspects.categories
    width = aspects.n_features
    rows, cats, polarities = _labelled_pairs(labels, categories)
    pairs = pair_matrix(matrix[rows], cats, width, len(categories))
    known = written.only(categories)
    extra_rows, extra_cats, extra_polarities = _labelled_pairs(known.labels, categories)
    extra_pairs = pair_matrix(known.matrix[extra_rows], extra_cats, width, len(categories))
    return ReviewContext.fit(
        pairs,
        rows,
        polarities,
        documents,
        c=options.polarity_c,
        folds=options.folds,
        extra=(extra_pairs, extra_polarities, options.extra_weight),
    )


def written_reviews(language: str) -> tuple[list[str], list[dict[str, str]]]:
    """The project's own restaurant reviews in `language`, labelled in the SemEval-2016
    scheme (ENTITY#ATTRIBUTE: polarity); empty for a language we have not written them in.

    Written for this project to teach the models the words a thousand real sentences cannot
    show; none is taken from any dataset.
    """
    path = _WRITTEN / f"restaurant_{language}.csv"
    if not path.exists():
        return [], []
    texts: list[str] = []
    labels: list[dict[str, str]] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["text"])
            found = (part.rsplit(":", 1) for part in row["opinions"].split(";") if part)
            labels.append(dict(found))
    return texts, labels


def _labelled_pairs(
    labels: Sequence[Mapping[str, str]], categories: tuple[str, ...]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[str]]:
    index = {c: i for i, c in enumerate(categories)}
    found = [(r, index[c], p) for r, row in enumerate(labels) for c, p in row.items()]
    return (
        np.asarray([r for r, _, _ in found], dtype=np.int64),
        np.asarray([c for _, c, _ in found], dtype=np.int64),
        [p for _, _, p in found],
    )
