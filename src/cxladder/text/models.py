"""The linear models behind the text judge, trained with scikit-learn and run with numpy.

scikit-learn fits them; at prediction time only their weights are used (a sparse batch times a
dense weight matrix), which is what keeps the full judgement above twenty thousand comments a
second. Models are saved as plain numpy arrays plus JSON, never pickles, so loading one can
never run code.

- `LinearHead`: weights, intercepts and a calibration temperature for one decision.
- `AspectModel`: which aspects a comment is about (one binary head per aspect, thresholds tuned
  by cross-validation) and the polarity of each (one head over comment x aspect features).
- `LevelModel`: the six ladder levels, calibrated by temperature scaling on held-out folds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

from cxladder.errors import ModelError
from cxladder.text.features import LEXICON_COLUMNS, interleave

__all__ = ["POLARITIES", "AspectModel", "AspectOptions", "LevelModel", "LinearHead"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
POLARITIES: tuple[str, ...] = ("negative", "neutral", "positive")
_SHIFT_SALT = 2_654_435_761
# Coarser than scikit-learn's default: the ranking of comments settles long before 1e-4. The
# dual solver, because there are far more columns than comments; it visits comments in a
# random order, so its seed is fixed.
_TOLERANCE = 1e-3


@dataclass(slots=True)
class LinearHead:
    """One linear decision: softmax over classes, or an independent sigmoid per class."""

    classes: tuple[str, ...]
    coef: npt.NDArray[np.float32]
    intercept: FloatArray
    multinomial: bool
    temperature: float = 1.0
    _transposed: FloatArray | None = None

    def weights(self) -> FloatArray:
        """The weights as one contiguous (columns x classes) float64 array, made once."""
        # scipy would copy a transposed view on every call; keep one contiguous copy instead.
        if self._transposed is None:
            self._transposed = np.ascontiguousarray(self.coef.T, dtype=np.float64)
        return self._transposed

    def scores(self, matrix: sp.csr_matrix) -> FloatArray:
        return np.asarray(matrix @ self.weights()) + self.intercept

    def probabilities(self, matrix: sp.csr_matrix) -> FloatArray:
        return self.link(self.scores(matrix))

    def link(self, scores: FloatArray) -> FloatArray:
        """Probabilities from scores (intercept included), calibrated."""
        return _link(scores / self.temperature, multinomial=self.multinomial)

    @classmethod
    def from_sklearn(cls, model: LogisticRegression, classes: Sequence[str]) -> LinearHead:
        coef = np.asarray(model.coef_, dtype=np.float32)
        intercept = np.asarray(model.intercept_, dtype=np.float64)
        if coef.shape[0] == 1 and len(classes) == 2:
            # scikit-learn keeps one row for two classes; two rows keep the softmax uniform.
            coef = np.vstack([np.zeros_like(coef), coef])
            intercept = np.concatenate([[0.0], intercept])
        return cls(tuple(classes), coef, intercept, multinomial=True)

    def arrays(self, prefix: str) -> dict[str, npt.NDArray[np.generic]]:
        return {
            f"{prefix}.coef": self.coef,
            f"{prefix}.intercept": self.intercept,
            f"{prefix}.meta": np.asarray([self.temperature, float(self.multinomial)]),
            f"{prefix}.classes": np.asarray(self.classes, dtype=np.str_),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]], prefix: str) -> LinearHead:
        try:
            meta = arrays[f"{prefix}.meta"]
            return cls(
                classes=tuple(str(c) for c in arrays[f"{prefix}.classes"]),
                coef=np.asarray(arrays[f"{prefix}.coef"], dtype=np.float32),
                intercept=np.asarray(arrays[f"{prefix}.intercept"], dtype=np.float64),
                multinomial=bool(meta[1]),
                temperature=float(meta[0]),
            )
        except KeyError as exc:
            raise ModelError(f"the model file lacks {exc}; train it again") from exc


def _link(scores: FloatArray, *, multinomial: bool) -> FloatArray:
    if not multinomial:
        return np.asarray(1.0 / (1.0 + np.exp(-scores)))
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def fit_temperature(scores: FloatArray, truth: npt.NDArray[np.int64]) -> float:
    """The temperature that makes held-out softmax probabilities honest (lowest log loss)."""

    def loss(temperature: float) -> float:
        probabilities = _link(scores / temperature, multinomial=True)
        picked = probabilities[np.arange(len(truth)), truth]
        return float(-np.mean(np.log(np.clip(picked, 1e-12, 1.0))))

    found = minimize_scalar(loss, bounds=(0.05, 20.0), method="bounded")
    return float(found.x)


@dataclass(frozen=True, slots=True)
class AspectOptions:
    """How hard to regularise and how many folds to tune thresholds on."""

    detect_c: float = 16.0
    polarity_c: float = 8.0
    folds: int = 3
    seed: int = 0
    class_weight: str | None = None
    # How much one sentence of a written corpus counts beside one of the user's own labels.
    extra_weight: float = 0.5


def pair_matrix(
    matrix: sp.csr_matrix, category: npt.NDArray[np.int64], n_features: int, n_categories: int
) -> sp.csr_matrix:
    """Comment x aspect features: the comment's own columns, plus a copy specific to the aspect.

    The copy lets one polarity model learn that 'cold' is bad for food and fine for beer, while
    the shared columns carry what holds for every aspect.
    """
    width = matrix.shape[1]
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    every = np.arange(matrix.shape[0])
    return interleave(
        [
            (rows, matrix.indices.astype(np.int64), matrix.data),
            (rows, _aspect_columns(matrix, category, n_features), matrix.data),
            (
                every,
                _marker_columns(width, n_features, n_categories, category),
                np.ones(len(every)),
            ),
        ],
        matrix.shape[0],
        _pair_width(width, n_features, n_categories),
    )


def _aspect_columns(
    matrix: sp.csr_matrix, category: npt.NDArray[np.int64], n_features: int
) -> npt.NDArray[np.int64]:
    """Each entry's copy for its row's aspect: a hashed column shifted by the aspect, or the
    aspect's own block of lexicon columns."""
    width = matrix.shape[1]
    owner = np.repeat(category, np.diff(matrix.indptr))
    columns = matrix.indices.astype(np.int64)
    specific: npt.NDArray[np.int64] = columns + (owner + 1) * _SHIFT_SALT
    if n_features & (n_features - 1) == 0:
        specific &= n_features - 1  # the same as % for a power of two, and cheaper
    else:
        specific %= n_features
    specific += width
    # Lexicon entries are a handful per comment: fix them up rather than branch on every entry.
    lexicon = np.flatnonzero(columns >= n_features)
    specific[lexicon] = (
        width + n_features + owner[lexicon] * len(LEXICON_COLUMNS) + columns[lexicon] - n_features
    )
    return specific


def _marker_columns(
    width: int, n_features: int, n_categories: int, category: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    return width + n_features + n_categories * len(LEXICON_COLUMNS) + category


def _pair_width(width: int, n_features: int, n_categories: int) -> int:
    return width + n_features + n_categories * (len(LEXICON_COLUMNS) + 1)


class AspectModel:
    """Which aspects a comment is about, and the polarity of each."""

    def __init__(
        self,
        categories: tuple[str, ...],
        detect: LinearHead,
        thresholds: FloatArray,
        polarity: LinearHead,
        n_features: int,
        parts: IntArray | None = None,
    ) -> None:
        self.categories = categories
        self.detect = detect
        self.thresholds = thresholds
        self.polarity = polarity
        self.n_features = n_features
        self.parts = parts

    def aspects(self, matrix: sp.csr_matrix) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
        """Per comment and aspect: the probability, and whether it is chosen."""
        probabilities = combine_parts(self.detect.probabilities(matrix), self.parts)
        return probabilities, choose(probabilities, self.thresholds)

    def polarities(
        self, matrix: sp.csr_matrix, rows: npt.NDArray[np.int64], categories: npt.NDArray[np.int64]
    ) -> FloatArray:
        """Polarity probabilities (columns as `self.polarity.classes`) per (row, aspect) pair.

        The scores of `pair_matrix` rows without building them: the comments' own columns are
        scored once for the whole batch, the aspect copies through a matrix that shares the
        chosen rows' values, and each aspect's marker is one weight. Equal to scoring the pair
        matrix up to float rounding (the parts are summed apart), at well under half the cost.
        """
        head = self.polarity
        if len(rows) == 0:
            return np.zeros((0, len(head.classes)))
        return head.link(self.pair_scores(matrix, rows, categories, head))

    def pair_scores(
        self,
        matrix: sp.csr_matrix,
        rows: npt.NDArray[np.int64],
        categories: npt.NDArray[np.int64],
        head: LinearHead,
    ) -> FloatArray:
        """`head`'s scores (intercept included) of the pair rows, from its first
        `pair_matrix`-wide columns; a head may have more columns after them (context.py)."""
        width = matrix.shape[1]
        total = _pair_width(width, self.n_features, len(self.categories))
        weights = head.weights()[:total]
        chosen = matrix[rows]
        specific = _aspect_columns(chosen, categories, self.n_features)
        index = np.int32 if total <= np.iinfo(np.int32).max else np.int64
        copies = sp.csr_matrix(
            (chosen.data, specific.astype(index), chosen.indptr.astype(index, copy=False)),
            shape=(len(rows), total),
        )
        scores = np.asarray(matrix @ weights[:width])[rows] + np.asarray(copies @ weights)
        scores += np.take(
            weights,
            _marker_columns(width, self.n_features, len(self.categories), categories),
            axis=0,
        )
        return np.asarray(scores + head.intercept)

    def arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            **self.detect.arrays("aspect.detect"),
            **self.polarity.arrays("aspect.polarity"),
            "aspect.thresholds": self.thresholds,
            "aspect.categories": np.asarray(self.categories, dtype=np.str_),
            **({"aspect.parts": self.parts} if self.parts is not None else {}),
        }

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, npt.NDArray[np.generic]], n_features: int
    ) -> AspectModel:
        return cls(
            categories=tuple(str(c) for c in arrays["aspect.categories"]),
            detect=LinearHead.from_arrays(arrays, "aspect.detect"),
            thresholds=np.asarray(arrays["aspect.thresholds"], dtype=np.float64),
            polarity=LinearHead.from_arrays(arrays, "aspect.polarity"),
            n_features=n_features,
            parts=(
                np.asarray(arrays["aspect.parts"], dtype=np.int64)
                if "aspect.parts" in arrays
                else None
            ),
        )

    @classmethod
    def fit(
        cls,
        matrix: sp.csr_matrix,
        labels: Sequence[Mapping[str, str]],
        *,
        n_features: int,
        options: AspectOptions = AspectOptions(),
        documents: Sequence[str] | None = None,
        extra: Labelled | None = None,
    ) -> AspectModel:
        """Train on comments labelled {aspect: polarity}; an empty mapping means 'about none'.

        `documents` names the review of each comment: thresholds are then tuned on whole
        reviews held out, as the model will meet them. `extra` is a written corpus in the same
        scheme (aspects it does not share are ignored); it counts `options.extra_weight` per
        sentence in every fit, and never in the held-out figures the thresholds are tuned on.
        """
        categories = tuple(sorted({c for row in labels for c in row}))
        if not categories:
            raise ModelError("no aspect is labelled in the training data; label some first")
        own = Labelled(matrix, [dict(row) for row in labels])
        added = extra.only(categories) if extra is not None else Labelled.empty(matrix.shape[1])
        truth = own.truth(categories)
        parts = part_columns(categories)
        stacked, weights = own.stacked(added, options.extra_weight)
        everything = with_parts(stacked_truth(own, added, categories), parts)
        detect = _fit_detectors(stacked, everything, options, weights)
        held_out = _held_out_probabilities(own, added, categories, options, documents, parts)
        thresholds = _tune_thresholds(held_out, truth)
        rows, cats, polarity_labels = _pairs(stacked_labels(own, added), categories)
        pairs = pair_matrix(stacked[rows], cats, n_features, len(categories))
        polarity = _fit_polarity(pairs, polarity_labels, options, weights[rows])
        return cls(categories, detect, thresholds, polarity, n_features, parts)


@dataclass(frozen=True, slots=True)
class Labelled:
    """Comments as feature rows with their {aspect: polarity} labels."""

    matrix: sp.csr_matrix
    labels: list[dict[str, str]]

    @classmethod
    def empty(cls, width: int) -> Labelled:
        return cls(sp.csr_matrix((0, width)), [])

    def only(self, categories: Sequence[str]) -> Labelled:
        known = set(categories)
        return Labelled(
            self.matrix, [{c: p for c, p in row.items() if c in known} for row in self.labels]
        )

    def truth(self, categories: Sequence[str]) -> npt.NDArray[np.bool_]:
        return np.array(
            [[c in row for c in categories] for row in self.labels], dtype=bool
        ).reshape(len(self.labels), len(categories))

    def stacked(self, extra: Labelled, weight: float) -> tuple[sp.csr_matrix, FloatArray]:
        matrix = sp.vstack([self.matrix, extra.matrix]).tocsr()
        weights = np.concatenate([np.ones(len(self.labels)), np.full(len(extra.labels), weight)])
        return matrix, weights


def stacked_truth(
    own: Labelled, extra: Labelled, categories: Sequence[str]
) -> npt.NDArray[np.bool_]:
    return np.vstack([own.truth(categories), extra.truth(categories)])


def part_columns(categories: Sequence[str]) -> IntArray | None:
    """For a scheme of ENTITY#ATTRIBUTE aspects (SemEval's), each aspect's entity and
    attribute as extra detector rows after the aspects' own; None for any other scheme.

    'Drinks' and 'prices' are each seen far more often than 'drinks prices'; a detector per
    part learns from all of them, and the rare combinations borrow that strength.
    """
    split = [c.split("#") for c in categories]
    if not split or any(len(p) != 2 or not all(p) for p in split):
        return None
    entities = sorted({e for e, _ in split})
    attributes = sorted({a for _, a in split})
    n = len(categories)
    return np.asarray(
        [[n + entities.index(e), n + len(entities) + attributes.index(a)] for e, a in split],
        dtype=np.int64,
    ).reshape(n, 2)


def with_parts(truth: npt.NDArray[np.bool_], parts: IntArray | None) -> npt.NDArray[np.bool_]:
    """The aspects' truth with a column per part after it: any aspect with that part."""
    if parts is None:
        return truth
    extra = np.zeros((truth.shape[0], int(parts.max()) + 1 - truth.shape[1]), dtype=bool)
    for k, (entity, attribute) in enumerate(parts.tolist()):
        extra[:, entity - truth.shape[1]] |= truth[:, k]
        extra[:, attribute - truth.shape[1]] |= truth[:, k]
    return np.hstack([truth, extra])


def combine_parts(probabilities: FloatArray, parts: IntArray | None) -> FloatArray:
    """Each aspect's probability: half its own detector, half its entity's times its
    attribute's."""
    if parts is None:
        return probabilities
    n = len(parts)
    own = probabilities[:, :n]
    return np.asarray(
        0.5 * own + 0.5 * probabilities[:, parts[:, 0]] * probabilities[:, parts[:, 1]]
    )


def stacked_labels(own: Labelled, extra: Labelled) -> list[dict[str, str]]:
    return [*own.labels, *extra.labels]


def _binary(options: AspectOptions) -> LogisticRegression:
    return LogisticRegression(
        C=options.detect_c,
        solver="liblinear",
        dual=True,
        random_state=options.seed,
        class_weight=options.class_weight,
        tol=_TOLERANCE,
    )


def _fit_detectors(
    matrix: sp.csr_matrix,
    truth: npt.NDArray[np.bool_],
    options: AspectOptions,
    weights: FloatArray | None = None,
) -> LinearHead:
    coef = np.zeros((truth.shape[1], matrix.shape[1]), dtype=np.float32)
    intercept = np.full(truth.shape[1], -10.0)
    for k in range(truth.shape[1]):
        if truth[:, k].all() or not truth[:, k].any():
            continue
        model = _binary(options).fit(matrix, truth[:, k], sample_weight=weights)
        coef[k] = model.coef_[0]
        intercept[k] = model.intercept_[0]
    return LinearHead(tuple(str(k) for k in range(truth.shape[1])), coef, intercept, False)


def _held_out_probabilities(
    own: Labelled,
    extra: Labelled,
    categories: Sequence[str],
    options: AspectOptions,
    documents: Sequence[str] | None,
    parts: IntArray | None,
) -> FloatArray:
    truth = own.truth(categories)
    held_out = np.zeros(truth.shape)
    rows = np.arange(len(own.labels))
    if documents is not None and len(set(documents)) >= options.folds:
        splits = GroupKFold(n_splits=options.folds).split(rows, groups=list(documents))
    else:
        splits = KFold(n_splits=options.folds, shuffle=True, random_state=options.seed).split(rows)
    for train, test in splits:
        fold = Labelled(own.matrix[train], [own.labels[i] for i in train])
        matrix, weights = fold.stacked(extra, options.extra_weight)
        everything = with_parts(stacked_truth(fold, extra, categories), parts)
        head = _fit_detectors(matrix, everything, options, weights)
        held_out[test] = combine_parts(head.probabilities(own.matrix[test]), parts)
    return held_out


def _tune_thresholds(held_out: FloatArray, truth: npt.NDArray[np.bool_]) -> FloatArray:
    """One threshold for all aspects (micro-F1 on held-out folds), a floor for the best guess
    when none passes, then a nudge per frequent aspect. The floor's ties go to the highest."""
    grid = np.linspace(0.05, 0.8, 76)
    best = max(grid, key=lambda t: _micro_f1(held_out >= t, truth))
    thresholds = np.full(truth.shape[1] + 1, best)
    floors = [t for t in grid[::-1] if t <= best]
    thresholds[-1] = max(
        floors, key=lambda t: _micro_f1(_with(held_out, thresholds, truth.shape[1], t), truth)
    )
    for k in range(truth.shape[1]):
        if truth[:, k].sum() < 40:
            continue
        candidates = [t for t in grid if abs(t - best) <= 0.15]
        thresholds[k] = max(
            candidates, key=lambda t: _micro_f1(_with(held_out, thresholds, k, t), truth)
        )
    return thresholds


def _with(
    held_out: FloatArray, thresholds: FloatArray, k: int, value: float
) -> npt.NDArray[np.bool_]:
    trial = thresholds.copy()
    trial[k] = value
    return choose(held_out, trial)


def choose(probabilities: FloatArray, thresholds: FloatArray) -> npt.NDArray[np.bool_]:
    """Aspects past their threshold; where none is, the likeliest one if it clears the floor.

    The last entry of `thresholds` is that floor. Most comments are about something, so a
    comment with no aspect past its threshold usually has its best guess right.
    """
    chosen = np.asarray(probabilities >= thresholds[:-1])
    floor = thresholds[-1]
    empty = ~chosen.any(axis=1)
    if empty.any() and probabilities.shape[1]:
        best = probabilities.argmax(axis=1)
        rows = np.flatnonzero(empty & (probabilities.max(axis=1) >= floor))
        chosen[rows, best[rows]] = True
    return chosen


def _micro_f1(predicted: npt.NDArray[np.bool_], truth: npt.NDArray[np.bool_]) -> float:
    hits = float((predicted & truth).sum())
    guessed = float(predicted.sum())
    real = float(truth.sum())
    return 2 * hits / (guessed + real) if guessed + real else 0.0


def _pairs(
    labels: Sequence[Mapping[str, str]], categories: tuple[str, ...]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[str]]:
    index = {c: i for i, c in enumerate(categories)}
    rows: list[int] = []
    cats: list[int] = []
    polarities: list[str] = []
    for row, found in enumerate(labels):
        for category, polarity in found.items():
            rows.append(row)
            cats.append(index[category])
            polarities.append(polarity)
    return np.asarray(rows, dtype=np.int64), np.asarray(cats, dtype=np.int64), polarities


def _fit_polarity(
    pairs: sp.csr_matrix, polarity_labels: list[str], options: AspectOptions, weights: FloatArray
) -> LinearHead:
    classes = tuple(sorted(set(polarity_labels)))
    if len(classes) < 2:
        raise ModelError("every labelled aspect has the same polarity; label some of each")
    truth = np.asarray(polarity_labels)
    return one_vs_rest(pairs, truth, classes, c=options.polarity_c, weights=weights)


def one_vs_rest(
    matrix: sp.csr_matrix,
    truth: npt.NDArray[np.generic],
    classes: Sequence[object],
    *,
    c: float,
    weights: FloatArray | None = None,
) -> LinearHead:
    """One binary liblinear fit per class, read as logits of one softmax.

    liblinear solves these in a fraction of the time lbfgs needs for the multinomial fit on a
    quarter of a million sparse columns; temperature scaling then calibrates the softmax.
    """
    coef = np.zeros((len(classes), matrix.shape[1]), dtype=np.float32)
    intercept = np.full(len(classes), -10.0)
    for k, label in enumerate(classes):
        column = truth == label
        if column.all() or not column.any():
            continue
        model = LogisticRegression(
            C=c, solver="liblinear", dual=True, tol=_TOLERANCE, random_state=0
        )
        model.fit(matrix, column, sample_weight=weights)
        coef[k] = model.coef_[0]
        intercept[k] = model.intercept_[0]
    return LinearHead(tuple(str(label) for label in classes), coef, intercept, True)


class LevelModel:
    """Six levels of the ladder from one comment, with temperature-calibrated probabilities."""

    def __init__(self, head: LinearHead) -> None:
        self.head = head

    @classmethod
    def fit(
        cls,
        matrix: sp.csr_matrix,
        levels: Sequence[int],
        *,
        c: float = 4.0,
        folds: int = 3,
        seed: int = 0,
    ) -> LevelModel:
        truth = np.asarray(levels, dtype=np.int64)
        classes = np.unique(truth)
        if len(classes) < 2:
            raise ModelError("all training comments have the same level; label other levels too")
        held_out = np.zeros((len(truth), len(classes)))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        for train, test in splitter.split(np.zeros(len(truth)), truth):
            fold = one_vs_rest(matrix[train], truth[train], list(classes), c=c)
            held_out[test] = fold.scores(matrix[test])
        head = one_vs_rest(matrix, truth, list(classes), c=c)
        head.temperature = fit_temperature(held_out, np.searchsorted(classes, truth))
        return cls(head)
