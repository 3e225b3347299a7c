"""Training text models: the default one from the project's corpus, or one on your own labels.

The default model is trained from `corpus/feedback.csv` on first use and cached under a models
folder as `text-model-<version>.npz`; the version is a hash of the corpus and of the code and
lexicons that turn text into features, so changing any of them trains a new model, and the
version stored with each judgement says exactly which one it was.

A labels file is a CSV with columns `text` and `level` (1..6 or a level name), and optionally
`aspects` ('staff:positive;waiting:negative') and `language`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold

from cxladder.errors import InvalidInput, ModelError, UnreadableFile
from cxladder.model import ServiceLevel
from cxladder.text.corpus.compose import CORPUS_PATH
from cxladder.text.features import Featurizer
from cxladder.text.judgement import TextModel
from cxladder.text.models import POLARITIES, AspectModel, AspectOptions, LevelModel

__all__ = [
    "DEFAULT_MODELS_DIR",
    "LabelledFeedback",
    "TrainingReport",
    "cross_validate",
    "default_model",
    "model_version",
    "most_uncertain",
    "read_labels",
    "train_model",
]

DEFAULT_MODELS_DIR = Path.home() / ".cache" / "cxladder" / "models"
_PACKAGE = Path(__file__).parent
_CODE = (
    "features.py",
    "models.py",
    "judgement.py",
    "training.py",
    "lexicon/polarity.py",
    "lexicon/aspects.py",
    "lexicon/levels.py",
)
_MIN_PER_LEVEL = 2
_N_FEATURES = 2**18


@dataclass(frozen=True, slots=True)
class LabelledFeedback:
    """Comments with their level and, where labelled, their aspects and polarity."""

    texts: tuple[str, ...]
    levels: tuple[int, ...]
    aspects: tuple[Mapping[str, str], ...]
    languages: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, rows: Sequence[int]) -> LabelledFeedback:
        return LabelledFeedback(
            tuple(self.texts[i] for i in rows),
            tuple(self.levels[i] for i in rows),
            tuple(self.aspects[i] for i in rows),
            tuple(self.languages[i] for i in rows),
        )


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """Cross-validated quality of a model trained on the given labels."""

    items: int
    folds: int
    level_accuracy: float
    level_macro_f1: float
    calibration_error: float
    aspect_f1: float | None
    polarity_accuracy: float | None
    version: str
    path: Path | None = None
    per_level: Mapping[int, int] = field(default_factory=dict)


# -- reading labels ----------------------------------------------------------------------------


def _parse_aspects(value: object, row: int) -> dict[str, str]:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return {}
    found: dict[str, str] = {}
    for item in str(value).split(";"):
        item = item.strip()
        if not item:
            continue
        aspect, _, polarity = item.partition(":")
        polarity = polarity.strip().lower() or "neutral"
        if polarity not in POLARITIES:
            raise InvalidInput(
                f"row {row}, column `aspects`: {item!r} has polarity {polarity!r}; write "
                f"aspect:positive, aspect:negative or aspect:neutral"
            )
        found[aspect.strip().lower()] = polarity
    return found


def read_labels(path: Path) -> LabelledFeedback:
    """Read a labels CSV; a bad row stops with its row number and what to write instead."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist; give the path of a labels CSV") from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise UnreadableFile(f"{path} is not a readable CSV ({exc}); save it as UTF-8 CSV") from exc
    missing = {"text", "level"} - set(frame.columns)
    if missing:
        raise InvalidInput(
            f"{path} lacks the column(s) {', '.join(sorted(missing))}; a labels file needs "
            "`text` and `level`, and may have `aspects` and `language`"
        )
    return _labelled(frame)


def _labelled(frame: pd.DataFrame) -> LabelledFeedback:
    texts, levels, aspects, languages = [], [], [], []
    for offset, record in enumerate(frame.to_dict("records")):
        row = offset + 2  # the header is line 1 of the file
        text = str(record["text"]).strip()
        if not text:
            raise InvalidInput(f"row {row}, column `text`: empty; remove the row or add text")
        try:
            level = ServiceLevel.parse(record["level"])
        except ValueError as exc:
            raise InvalidInput(f"row {row}, column `level`: {exc}") from None
        texts.append(text)
        levels.append(int(level))
        aspects.append(_parse_aspects(record.get("aspects"), row))
        languages.append(str(record.get("language", "") or ""))
    return LabelledFeedback(tuple(texts), tuple(levels), tuple(aspects), tuple(languages))


def load_corpus(path: Path = CORPUS_PATH) -> LabelledFeedback:
    return read_labels(path)


# -- training ----------------------------------------------------------------------------------


def model_version(corpus: Path = CORPUS_PATH) -> str:
    """A hash of the corpus and of the code that turns it into a model."""
    digest = hashlib.sha256(Path(corpus).read_bytes())
    for name in _CODE:
        digest.update((_PACKAGE / name).read_bytes())
    return digest.hexdigest()[:12]


def _check(data: LabelledFeedback) -> None:
    counts = np.bincount(np.asarray(data.levels), minlength=7)[1:]
    present = counts[counts > 0]
    if len(present) < 2:
        raise ModelError("the labels hold fewer than two levels; label comments of other levels")
    if present.min() < _MIN_PER_LEVEL:
        thin = [str(ServiceLevel(i + 1).name_en) for i, c in enumerate(counts) if 0 < c < 2]
        raise ModelError(
            f"label at least {_MIN_PER_LEVEL} comments for each level used; too few for "
            f"{', '.join(thin)}"
        )


def train_model(
    data: LabelledFeedback, *, version: str, folds: int = 3, redact_text: bool = True
) -> TextModel:
    """Train the level model, and the aspect model where aspects are labelled."""
    _check(data)
    featurizer = Featurizer(n_features=_N_FEATURES).fit(data.texts)
    matrix = featurizer.transform(data.texts).matrix
    folds = _folds(data, folds)
    levels = LevelModel.fit(matrix, data.levels, folds=folds)
    aspect_source = data if any(data.aspects) else load_corpus()
    if aspect_source is not data:
        matrix = featurizer.transform(aspect_source.texts).matrix
    aspects = AspectModel.fit(
        matrix,
        aspect_source.aspects,
        n_features=_N_FEATURES,
        options=AspectOptions(folds=folds),
    )
    return TextModel(featurizer, levels, aspects, version=version, redact_text=redact_text)


def _folds(data: LabelledFeedback, folds: int) -> int:
    smallest = int(min(np.bincount(np.asarray(data.levels))[sorted(set(data.levels))]))
    return max(2, min(folds, smallest))


def default_model(models_dir: Path | None = None, *, redact_text: bool = True) -> TextModel:
    """The model trained from the project corpus: loaded from the cache, or trained and cached."""
    version = model_version()
    path = Path(models_dir or DEFAULT_MODELS_DIR) / f"text-model-{version}.npz"
    if path.exists():
        return TextModel.load(path, redact_text=redact_text)
    model = train_model(load_corpus(), version=version, redact_text=redact_text)
    model.save(path)
    return model


# -- evaluation and active learning -----------------------------------------------------------


def cross_validate(data: LabelledFeedback, *, folds: int = 5, seed: int = 0) -> TrainingReport:
    """Train on k-1 folds, judge the held-out fold, k times; report what held-out looked like."""
    _check(data)
    folds = _folds(data, folds)
    truth = np.asarray(data.levels)
    predicted = np.zeros(len(data), dtype=np.int64)
    confidence = np.zeros(len(data))
    aspect_hits = aspect_total = polarity_right = polarity_total = 0
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(data)), truth):
        model = train_model(data.subset(train), version="cv", folds=folds)
        held_out = data.subset(test)
        judged = model.judge_many(held_out.texts, languages=held_out.languages)
        for i, judgement in zip(test, judged, strict=True):
            predicted[i] = int(judgement.level or 0)
            confidence[i] = judgement.probability
        if any(held_out.aspects):
            counts = _aspect_counts(model, held_out, judged)
            aspect_hits += counts[0]
            aspect_total += counts[1]
            polarity_right += counts[2]
            polarity_total += counts[3]
    return TrainingReport(
        items=len(data),
        folds=folds,
        level_accuracy=float((predicted == truth).mean()),
        level_macro_f1=_macro_f1(truth, predicted),
        calibration_error=_calibration_error(confidence, predicted == truth),
        aspect_f1=2 * aspect_hits / aspect_total if aspect_total else None,
        polarity_accuracy=polarity_right / polarity_total if polarity_total else None,
        version="",
        per_level={
            int(k): int(v) for k, v in zip(*np.unique(truth, return_counts=True), strict=True)
        },
    )


def _aspect_counts(
    model: TextModel, held_out: LabelledFeedback, judged: Sequence[object]
) -> tuple[int, int, int, int]:
    hits = total = right = pairs = 0
    for gold, judgement in zip(held_out.aspects, judged, strict=True):
        found = {a.aspect: a.polarity for a in judgement.aspects}  # type: ignore[attr-defined]
        hits += len(set(gold) & set(found))
        total += len(gold) + len(found)
    categories = [list(g) for g in held_out.aspects]
    reader_rows = [
        (r, c)
        for r, cats in enumerate(categories)
        for c in cats
        if c in model.aspect_model.categories
    ]
    if reader_rows:
        index = {c: i for i, c in enumerate(model.aspect_model.categories)}
        matrix = model.featurizer.transform(held_out.texts).matrix
        rows = np.asarray([r for r, _ in reader_rows])
        cats = np.asarray([index[c] for _, c in reader_rows])
        probabilities = model.aspect_model.polarities(matrix, rows, cats)
        classes = model.aspect_model.polarity.classes
        for (row, category), p in zip(reader_rows, probabilities, strict=True):
            pairs += 1
            right += classes[int(p.argmax())] == held_out.aspects[row][category]
    return hits, total, right, pairs


def _macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    scores = []
    for level in np.unique(truth):
        hits = float(((predicted == level) & (truth == level)).sum())
        guessed = float((predicted == level).sum())
        real = float((truth == level).sum())
        scores.append(2 * hits / (guessed + real) if guessed + real else 0.0)
    return float(np.mean(scores))


def _calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error: how far stated confidence is from observed accuracy."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    error = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (confidence > low) & (confidence <= high)
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def most_uncertain(model: TextModel, texts: Sequence[str], n: int) -> list[int]:
    """Indices of the `n` comments the model is least sure about (smallest top-two margin)."""
    if n <= 0 or not texts:
        return []
    matrix = model.featurizer.transform(texts).matrix
    probabilities = model.levels.head.probabilities(matrix)
    ordered = np.sort(probabilities, axis=1)
    margin = ordered[:, -1] - ordered[:, -2] if ordered.shape[1] > 1 else ordered[:, -1]
    return [int(i) for i in np.argsort(margin, kind="stable")[:n]]
