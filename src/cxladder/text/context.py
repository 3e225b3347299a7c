"""The rest of the review: how the other sentences of the same review feel about the place.

'The fish was overdone' or 'the soup was soy sauce and water' carry their polarity in kitchen
knowledge that no word list holds, and 'nice staff, but never again' splits one sentence two
ways. What a seasoned analyst does with such a sentence is read the review around it: reviews
lean one way, and a sentence rarely goes against every sentence beside it. In the restaurant
reviews we evaluate on, the polarity most of a review's other sentences carry is right for
about four in five opinions; our own models alone are right for about four in five too, and
wrong on different sentences, so the two together beat either.

`ReviewContext` learns this from labelled reviews in two steps. A tone head reads each sentence
on its own (positive minus negative probability). A second polarity head then sees, beside the
sentence-by-aspect features, how the other sentences of the same review and its direct
neighbours read. The tones it trains on come from held-out folds (whole reviews held out), so
it learns how far to trust tones that were not fitted to the sentence being read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.model_selection import GroupKFold

from cxladder.text.features import interleave
from cxladder.text.models import AspectModel, LinearHead, one_vs_rest

__all__ = ["CONTEXT_COLUMNS", "ReviewContext", "document_context", "review_slices"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

CONTEXT_COLUMNS: tuple[str, ...] = (
    "others_positive",
    "others_negative",
    "has_others",
    "neighbours_positive",
    "neighbours_negative",
)


def review_slices(documents: Sequence[object], size: int) -> list[tuple[int, int]]:
    """Slices of about `size` sentences that never split a review: its context must stay whole.

    Batches of a few thousand keep the sparse work in the processor's cache; one slice of
    every sentence at once runs at a third of the speed.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for end in range(1, len(documents) + 1):
        closing = end == len(documents) or documents[end] != documents[end - 1]
        if closing and end - start >= size or end == len(documents):
            bounds.append((start, end))
            start = end
    return bounds


def document_codes(documents: Sequence[str]) -> IntArray:
    """One integer per document, in order of first appearance."""
    codes: dict[str, int] = {}
    return np.fromiter(
        (codes.setdefault(d, len(codes)) for d in documents), dtype=np.int64, count=len(documents)
    )


def document_context(tones: FloatArray, documents: Sequence[str]) -> FloatArray:
    """Per sentence: the mean tone of the other sentences of its review and of its neighbours.

    Neighbours are the sentences just before and after it in the batch within the same review,
    so a review's sentences must be passed in their order. Columns as `CONTEXT_COLUMNS`.
    """
    n = len(tones)
    out = np.zeros((n, len(CONTEXT_COLUMNS)))
    if n == 0:
        return out
    codes = document_codes(documents)
    sums = np.bincount(codes, weights=tones)
    counts = np.bincount(codes)
    others = counts[codes] - 1
    has_others = others > 0
    mean = np.where(has_others, (sums[codes] - tones) / np.maximum(others, 1), 0.0)
    same_as_previous = np.concatenate(([False], codes[1:] == codes[:-1]))
    same_as_next = np.concatenate((codes[:-1] == codes[1:], [False]))
    previous = np.where(same_as_previous, np.concatenate(([0.0], tones[:-1])), 0.0)
    following = np.where(same_as_next, np.concatenate((tones[1:], [0.0])), 0.0)
    neighbours = same_as_previous.astype(np.int64) + same_as_next
    near = np.where(neighbours > 0, (previous + following) / np.maximum(neighbours, 1), 0.0)
    out[:, 0] = np.maximum(mean, 0.0)
    out[:, 1] = np.maximum(-mean, 0.0)
    out[:, 2] = has_others
    out[:, 3] = np.maximum(near, 0.0)
    out[:, 4] = np.maximum(-near, 0.0)
    return out


def with_context(pairs: sp.csr_matrix, context: FloatArray) -> sp.csr_matrix:
    """The pair rows with the context columns of each pair's sentence appended."""
    rows, columns = np.nonzero(context)
    counts = np.diff(pairs.indptr)
    pair_rows = np.repeat(np.arange(pairs.shape[0]), counts)
    return interleave(
        [
            (pair_rows, pairs.indices.astype(np.int64), pairs.data),
            (rows, columns + pairs.shape[1], context[rows, columns]),
        ],
        pairs.shape[0],
        pairs.shape[1] + context.shape[1],
    )


def sentence_tones(
    probabilities: FloatArray, classes: Sequence[str], pair_rows: IntArray, n_sentences: int
) -> FloatArray:
    """Per sentence: positive minus negative probability, averaged over its aspects.

    NaN for a sentence with no aspect: it states no opinion, so it tells nothing about the
    review's lean and is left out of its neighbours' context.
    """
    tone = np.zeros(len(probabilities))
    if "positive" in classes:
        tone += probabilities[:, list(classes).index("positive")]
    if "negative" in classes:
        tone -= probabilities[:, list(classes).index("negative")]
    sums = np.bincount(pair_rows, weights=tone, minlength=n_sentences)
    counts = np.bincount(pair_rows, minlength=n_sentences)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / counts, np.nan)


def context_of(tones: FloatArray, documents: Sequence[str]) -> FloatArray:
    """`document_context` over the sentences that have a tone; zeros for the others."""
    out = np.zeros((len(tones), len(CONTEXT_COLUMNS)))
    toned = np.flatnonzero(~np.isnan(tones))
    if len(toned):
        out[toned] = document_context(tones[toned], [documents[i] for i in toned.tolist()])
    return out


@dataclass(slots=True)
class ReviewContext:
    """The polarity head that reads each aspect with its review around it.

    The tones it reads come from the aspect model's own polarity head (the first reading);
    this head decides how far the review's lean should move that reading.
    """

    polarity: LinearHead

    @classmethod
    def fit(
        cls,
        pairs: sp.csr_matrix,
        pair_rows: IntArray,
        pair_labels: Sequence[str],
        documents: Sequence[str],
        *,
        c: float,
        folds: int,
        extra: tuple[sp.csr_matrix, Sequence[str], float] | None = None,
    ) -> ReviewContext | None:
        """None when too few reviews hold two or more opinionated sentences to learn from.

        `extra` holds pairs from a written corpus (no reviews around them), their polarities
        and the weight of each; they join every fit with no context, never the held-out tones.
        """
        n = len(documents)
        codes = document_codes(documents)
        opinionated = np.bincount(codes[np.unique(pair_rows)], minlength=int(codes.max()) + 1)
        if (opinionated >= 2).sum() < folds:
            return None
        extra_pairs, extra_labels, weight = extra or (sp.csr_matrix((0, pairs.shape[1])), [], 0.0)
        # Object arrays: a fixed-width string dtype taken from one list would cut the other's.
        truth = np.asarray(pair_labels, dtype=object)
        extra_truth = np.asarray(extra_labels, dtype=object)
        classes = sorted(set(pair_labels))
        held_out = np.full(n, np.nan)
        for train, test in GroupKFold(n_splits=folds).split(pairs, groups=codes[pair_rows]):
            if len(set(truth[train].tolist())) < 2:
                continue
            first = one_vs_rest(
                sp.vstack([pairs[train], extra_pairs]).tocsr(),
                np.concatenate([truth[train], extra_truth]),
                classes,
                c=c,
                weights=np.concatenate([np.ones(len(train)), np.full(len(extra_truth), weight)]),
            )
            tones = sentence_tones(
                first.probabilities(pairs[test]), first.classes, pair_rows[test], n
            )
            sentences = np.unique(pair_rows[test])
            held_out[sentences] = tones[sentences]
        context = context_of(held_out, documents)[pair_rows]
        quiet = np.zeros((extra_pairs.shape[0], len(CONTEXT_COLUMNS)))
        polarity = one_vs_rest(
            sp.vstack([with_context(pairs, context), with_context(extra_pairs, quiet)]).tocsr(),
            np.concatenate([truth, extra_truth]),
            classes,
            c=c,
            weights=np.concatenate([np.ones(len(truth)), np.full(len(extra_truth), weight)]),
        )
        return cls(polarity)

    def probabilities(
        self,
        model: AspectModel,
        matrix: sp.csr_matrix,
        rows: IntArray,
        categories: IntArray,
        documents: Sequence[str],
    ) -> FloatArray:
        """Polarity probabilities of each (row, aspect) pair, read with its review around it.

        The tones come from `model`'s own polarity head; the pair part of this head is scored
        as `model` scores its own, without building the pair matrix.
        """
        first = model.polarities(matrix, rows, categories)
        tones = sentence_tones(first, model.polarity.classes, rows, len(documents))
        context = context_of(tones, documents)[rows]
        head = self.polarity
        scores = model.pair_scores(matrix, rows, categories, head)
        scores += context @ head.weights()[-len(CONTEXT_COLUMNS) :]
        return head.link(scores)

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return self.polarity.arrays("context.polarity")

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> ReviewContext | None:
        if "context.polarity.coef" not in arrays:
            return None
        return cls(LinearHead.from_arrays(arrays, "context.polarity"))
