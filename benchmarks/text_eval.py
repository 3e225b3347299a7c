"""How well does cxladder read restaurant reviews? Aspect categories and polarity, SemEval-2016.

    .venv/bin/python benchmarks/text_eval.py [--data DIR] [--json] [--predictions OUT] [--folds K]

DIR holds en/ and nl/, each with train.xml and eval.xml in the SemEval-2016 restaurant format
(default: ../shared/data/semeval16 beside the repository). For each language the script trains
cxladder's aspect model on train.xml plus the project's own written restaurant corpus
(src/cxladder/text/corpus/restaurant_<lang>.csv, weighed half; never tuned on) with thresholds
tuned on whole reviews of train.xml held out, never on eval.xml. It reads each sentence's
polarity in the context of its review (the <Review> it sits in, or the review id its sentence
id starts with), as the task's input gives whole reviews. It reports on eval.xml, beside
baselines it runs itself: the majority class, VADER (English), and a plain TF-IDF (word 1-2 +
char 2-5 grams) + logistic regression, whose threshold is tuned both by cross-validation on
train.xml (fair) and on eval.xml itself (optimistic, as in the data's SOURCE.md).

Scores as the task defines them: aspect categories are micro-F1 over unique (sentence, category)
pairs; polarity is accuracy over the gold (sentence, category, polarity) opinions, predicted
given the gold categories. Sentences marked OutOfScope are neither trained on nor scored. Where
eval.xml carries no Opinions, the script predicts and writes --predictions without scoring.

With --folds K it also scores both on reviews neither trained on: the labelled sentences of
train.xml and eval.xml pooled, K folds by whole review (printed as cv_*; the JSON line keeps
the eval.xml figures).

Speed is sentences per CPU-second on one core (the process pins itself to one CPU, numpy to one
thread) for the full cxladder judgement of a sentence, exactly as the predictions are made:
redaction, language, aspects with polarity in the review's context, and the level; sentences
per wall-second is printed beside it.
"""

from __future__ import annotations

import os

# One core, as the target is stated; must be set before numpy loads its thread pools.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Sequence  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold, KFold  # noqa: E402
from sklearn.pipeline import FeatureUnion  # noqa: E402

from cxladder.text.absa import ReviewReader, written_reviews  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval16"
LANGUAGES = ("en", "nl")


@dataclass
class Sentence:
    sid: str
    text: str
    opinions: list[tuple[str, str]] = field(default_factory=list)
    out_of_scope: bool = False
    review: str = ""

    @property
    def categories(self) -> set[str]:
        return {category for category, _ in self.opinions}


@dataclass
class Split:
    tree: ET.ElementTree[ET.Element]
    sentences: list[Sentence]
    labelled: bool


def read_split(path: Path) -> Split:
    if not path.exists():
        sys.exit(f"{path} is missing; DIR must hold en/ and nl/ with train.xml and eval.xml")
    try:
        tree = ET.parse(path)
    except ET.ParseError as exc:
        sys.exit(f"{path} is not valid SemEval XML ({exc}); fix the file or point --data elsewhere")
    sentences = []
    labelled = False
    review_of = {
        id(node): review.get("rid", "")
        for review in tree.getroot().iter("Review")
        for node in review.iter("sentence")
    }
    for node in tree.getroot().iter("sentence"):
        opinions_node = node.find("Opinions")
        labelled = labelled or opinions_node is not None
        opinions = []
        for opinion in node.iter("Opinion"):
            pair = (opinion.get("category", ""), opinion.get("polarity", ""))
            if pair[0] and pair not in opinions:
                opinions.append(pair)
        sentences.append(
            Sentence(
                sid=node.get("id", ""),
                text=node.findtext("text") or "",
                opinions=opinions,
                out_of_scope=node.get("OutOfScope") == "TRUE",
                # Without <Review> elements, SemEval's sentence ids still start with the review's.
                review=review_of.get(id(node)) or node.get("id", "").split(":")[0],
            )
        )
    return Split(tree, sentences, labelled)


# -- scores ------------------------------------------------------------------------------------


def aspect_f1(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> float:
    hits = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    total = sum(len(g) for g in gold) + sum(len(p) for p in predicted)
    return 2 * hits / total if total else 0.0


def polarity_accuracy(
    gold: Sequence[list[tuple[str, str]]], predicted: Sequence[dict[str, str]]
) -> float:
    right = total = 0
    for opinions, guess in zip(gold, predicted, strict=True):
        for category, polarity in opinions:
            total += 1
            right += guess.get(category) == polarity
    return right / total if total else 0.0


# -- baselines ---------------------------------------------------------------------------------


def tfidf() -> FeatureUnion:
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )


def _ovr(matrix: sp.csr_matrix, truth: np.ndarray) -> list[LogisticRegression | None]:
    models: list[LogisticRegression | None] = []
    for k in range(truth.shape[1]):
        column = truth[:, k]
        models.append(
            None
            if column.all() or not column.any()
            else LogisticRegression(C=10.0, solver="liblinear").fit(matrix, column)
        )
    return models


def _ovr_probabilities(
    models: list[LogisticRegression | None], matrix: sp.csr_matrix
) -> np.ndarray:
    out = np.zeros((matrix.shape[0], len(models)))
    for k, model in enumerate(models):
        if model is not None:
            out[:, k] = model.predict_proba(matrix)[:, 1]
    return out


def _best_threshold(probabilities: np.ndarray, truth: np.ndarray) -> float:
    def f1(t: float) -> float:
        predicted = probabilities >= t
        hits = (predicted & truth).sum()
        return 2 * hits / max(1, predicted.sum() + truth.sum())

    return float(max(np.linspace(0.05, 0.8, 76), key=f1))


def tfidf_baseline(train: list[Sentence], test: list[Sentence]) -> dict[str, float]:
    categories = sorted({c for s in train for c in s.categories})
    truth = np.array([[c in s.categories for c in categories] for s in train])
    test_truth = np.array([[c in s.categories for c in categories] for s in test])
    vectorizer = tfidf().fit([s.text for s in train])
    matrix = vectorizer.transform([s.text for s in train])
    held_out = np.zeros(truth.shape)
    for fit_rows, test_rows in KFold(5, shuffle=True, random_state=0).split(matrix):
        held_out[test_rows] = _ovr_probabilities(
            _ovr(matrix[fit_rows], truth[fit_rows]), matrix[test_rows]
        )
    probabilities = _ovr_probabilities(
        _ovr(matrix, truth), vectorizer.transform([s.text for s in test])
    )
    fair = _best_threshold(held_out, truth)
    optimistic = _best_threshold(probabilities, test_truth)
    gold = [s.categories for s in test]

    def chosen(threshold: float) -> list[set[str]]:
        return [{categories[k] for k in np.flatnonzero(row >= threshold)} for row in probabilities]

    pairs = [(s.text, p) for s in train for _, p in s.opinions]
    polarity = LogisticRegression(C=10.0, max_iter=2000).fit(
        vectorizer.transform([t for t, _ in pairs]), [p for _, p in pairs]
    )
    guessed = polarity.predict(vectorizer.transform([s.text for s in test]))
    predicted = [{c: str(g) for c, _ in s.opinions} for s, g in zip(test, guessed, strict=True)]
    return {
        "aspect_f1": aspect_f1(gold, chosen(fair)),
        "aspect_f1_threshold_on_eval": aspect_f1(gold, chosen(optimistic)),
        "polarity_accuracy": polarity_accuracy([s.opinions for s in test], predicted),
    }


def majority_baseline(train: list[Sentence], test: list[Sentence]) -> dict[str, float]:
    category = Counter(c for s in train for c in s.categories).most_common(1)[0][0]
    polarity = Counter(p for s in train for _, p in s.opinions).most_common(1)[0][0]
    return {
        "aspect_f1": aspect_f1([s.categories for s in test], [{category} for _ in test]),
        "polarity_accuracy": polarity_accuracy(
            [s.opinions for s in test], [{c: polarity for c, _ in s.opinions} for s in test]
        ),
    }


def vader_baseline(test: list[Sentence]) -> dict[str, float] | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    started = time.process_time()
    compounds = [analyzer.polarity_scores(s.text)["compound"] for s in test]
    elapsed = time.process_time() - started

    def label(score: float) -> str:
        return "positive" if score >= 0.05 else "negative" if score <= -0.05 else "neutral"

    predicted = [{c: label(v) for c, _ in s.opinions} for s, v in zip(test, compounds, strict=True)]
    return {
        "polarity_accuracy": polarity_accuracy([s.opinions for s in test], predicted),
        "sentences_per_second": len(test) / elapsed if elapsed else 0.0,
    }


# -- cxladder ----------------------------------------------------------------------------------


def sentences_per_second(
    reader: ReviewReader, texts: list[str], documents: list[str]
) -> tuple[float, float]:
    """Full judgement (redaction, language, aspects, polarity in its review's context, level)
    of `texts` on one core, exactly as the predictions are made.

    Returns (per CPU-second, per wall-second). The process is pinned to one core and numpy to
    one thread, so CPU time is the time the core spent on us; on a shared machine wall time
    also counts other people's work, on an idle one the two agree.
    """
    repeats = max(1, 20_000 // max(1, len(texts)))
    corpus = texts * repeats
    # Each copy of a review is a review of its own, so context never spans copies.
    reviews = [f"{review}#{copy}" for copy in range(repeats) for review in documents]
    reader.aspects(corpus[:2000], documents=reviews[:2000])
    wall, cpu = time.perf_counter(), time.process_time()
    reader.aspects(corpus, documents=reviews)
    cpu = time.process_time() - cpu
    wall = time.perf_counter() - wall
    return len(corpus) / max(cpu, 1e-9), len(corpus) / max(wall, 1e-9)


def write_predictions(split: Split, predicted: list[dict[str, str]], out: Path) -> None:
    nodes = list(split.tree.getroot().iter("sentence"))
    for node, guess in zip(nodes, predicted, strict=True):
        old = node.find("Opinions")
        if old is not None:
            node.remove(old)
        opinions = ET.SubElement(node, "Opinions")
        for category, polarity in guess.items():
            ET.SubElement(
                opinions,
                "Opinion",
                {
                    "target": "NULL",
                    "category": category,
                    "polarity": polarity,
                    "from": "0",
                    "to": "0",
                },
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    split.tree.write(out, encoding="utf-8", xml_declaration=True)


def evaluate(data: Path, language: str, predictions: Path | None) -> dict[str, object]:
    train = read_split(data / language / "train.xml")
    test = read_split(data / language / "eval.xml")
    train_rows = [s for s in train.sentences if not s.out_of_scope]
    reader = train_reader(train_rows, language)
    texts = [s.text for s in test.sentences]
    found = reader.aspects(texts, documents=[s.review for s in test.sentences])
    result: dict[str, object] = {"sentences": len(texts)}
    if predictions is not None:
        write_predictions(test, found, predictions / language / "eval.xml")
    per_cpu, per_wall = sentences_per_second(reader, texts, [s.review for s in test.sentences])
    result["sentences_per_second"] = per_cpu
    result["sentences_per_wall_second"] = per_wall
    if not test.labelled:
        return result
    scored = [i for i, s in enumerate(test.sentences) if not s.out_of_scope]
    gold = [test.sentences[i] for i in scored]
    result["aspect_f1"] = aspect_f1([s.categories for s in gold], [set(found[i]) for i in scored])
    given = reader.polarities(
        [s.text for s in gold],
        [[c for c, _ in s.opinions] for s in gold],
        documents=[s.review for s in gold],
    )
    result["polarity_accuracy"] = polarity_accuracy([s.opinions for s in gold], given)
    baselines: dict[str, object] = {
        "majority": majority_baseline(train_rows, gold),
        "tfidf_lr": tfidf_baseline(train_rows, gold),
    }
    if language == "en":
        baselines["vader"] = vader_baseline(gold)
    result["baselines"] = baselines
    return result


def train_reader(rows: list[Sentence], language: str) -> ReviewReader:
    return ReviewReader.train(
        [s.text for s in rows],
        [dict(s.opinions) for s in rows],
        documents=[s.review for s in rows],
        extra=written_reviews(language),
    )


def cross_validate(data: Path, language: str, folds: int) -> dict[str, dict[str, float]]:
    """cxladder and the TF-IDF baseline on reviews neither saw: the labelled sentences of
    train.xml and eval.xml pooled, split into `folds` folds by whole review; mean of the folds.

    One split of a few hundred sentences moves a score by a point or two; this is the steadier
    figure for how the reader does on other reviews of the same source.
    """
    pooled = [
        s
        for name in ("train.xml", "eval.xml")
        for split in [read_split(data / language / name)]
        if split.labelled
        for s in split.sentences
        if not s.out_of_scope
    ]
    scores: dict[str, list[tuple[float, float]]] = {"cxladder": [], "tfidf_lr": []}
    groups = [s.review for s in pooled]
    for fit_rows, test_rows in GroupKFold(folds).split(pooled, groups=groups):
        train = [pooled[i] for i in fit_rows]
        test = [pooled[i] for i in test_rows]
        reader = train_reader(train, language)
        documents = [s.review for s in test]
        found = reader.aspects([s.text for s in test], documents=documents)
        given = reader.polarities(
            [s.text for s in test], [[c for c, _ in s.opinions] for s in test], documents=documents
        )
        scores["cxladder"].append(
            (
                aspect_f1([s.categories for s in test], [set(f) for f in found]),
                polarity_accuracy([s.opinions for s in test], given),
            )
        )
        baseline = tfidf_baseline(train, test)
        scores["tfidf_lr"].append((baseline["aspect_f1"], baseline["polarity_accuracy"]))
    return {
        name: {
            "aspect_f1": float(np.mean([f for f, _ in found])),
            "polarity_accuracy": float(np.mean([a for _, a in found])),
        }
        for name, found in scores.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="end with one line of JSON")
    parser.add_argument(
        "--predictions",
        type=Path,
        default=None,
        help="write OUT/<lang>/eval.xml with the predicted opinions",
    )
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        help="also score K-fold cross-validation by review over train.xml and eval.xml pooled",
    )
    args = parser.parse_args(argv)
    if args.folds == 1 or args.folds < 0:
        parser.error("--folds needs 2 or more folds (0: no cross-validation)")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    summary: dict[str, dict[str, float]] = {}
    for language in LANGUAGES:
        result = evaluate(args.data, language, args.predictions)
        print_result(language, result)
        if args.folds:
            for name, scores in cross_validate(args.data, language, args.folds).items():
                for key, value in scores.items():
                    print(f"  {name:<8} {'cv_' + key:<32} {value:>10.4f}")
        summary[language] = {
            key: round(float(value), 4)
            for key, value in result.items()  # type: ignore[arg-type]
            if key in ("aspect_f1", "polarity_accuracy", "sentences_per_second")
        }
    if args.json:
        print(json.dumps(summary))
    return 0


def print_result(language: str, result: dict[str, object]) -> None:
    print(f"== {language}: {result['sentences']} evaluation sentences")
    for key in (
        "aspect_f1",
        "polarity_accuracy",
        "sentences_per_second",
        "sentences_per_wall_second",
    ):
        if key in result:
            print(f"  cxladder {key:<32} {float(result[key]):>10.4f}")  # type: ignore[arg-type]
    baselines = result.get("baselines", {})
    for name, scores in baselines.items():  # type: ignore[attr-defined]
        if scores is None:
            continue
        for key, value in scores.items():
            print(f"  {name:<8} {key:<32} {value:>10.4f}")


if __name__ == "__main__":
    raise SystemExit(main())
