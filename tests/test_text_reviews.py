"""Reading reviews: aspects with polarity in the context of the review, the written corpus, and
the SemEval-format evaluation harness on a folder that is not the shared one."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from cxladder.errors import InvalidInput
from cxladder.text.absa import ReviewReader, written_reviews
from cxladder.text.context import CONTEXT_COLUMNS, document_context, review_slices
from cxladder.text.judgement import TextModel
from cxladder.text.models import combine_parts, part_columns, with_parts

ROOT = Path(__file__).resolve().parents[1]
HARNESS = ROOT / "benchmarks" / "text_eval.py"
SHARED = ROOT.parent / "shared" / "data" / "semeval16"
SCHEME = {
    f"{entity}#{attribute}"
    for entity, attributes in {
        "RESTAURANT": ("GENERAL", "PRICES", "MISCELLANEOUS"),
        "FOOD": ("QUALITY", "STYLE_OPTIONS", "PRICES"),
        "DRINKS": ("QUALITY", "STYLE_OPTIONS", "PRICES"),
        "SERVICE": ("GENERAL",),
        "AMBIENCE": ("GENERAL",),
        "LOCATION": ("GENERAL",),
    }.items()
    for attribute in attributes
}


def test_context_is_the_mean_tone_of_the_other_sentences_and_the_neighbours() -> None:
    tones = np.array([0.8, -0.4, 0.2, 0.5, -0.9])
    context = document_context(tones, ["a", "a", "a", "b", "c"])
    columns = dict(zip(CONTEXT_COLUMNS, context.T, strict=True))
    # Sentence 0: others (-0.4 + 0.2) / 2 = -0.1; its only neighbour is -0.4.
    assert columns["others_negative"][0] == pytest.approx(0.1)
    assert columns["others_positive"][0] == 0.0
    assert columns["neighbours_negative"][0] == pytest.approx(0.4)
    # Sentence 1: others (0.8 + 0.2) / 2 = 0.5, neighbours the same two.
    assert columns["others_positive"][1] == pytest.approx(0.5)
    assert columns["neighbours_positive"][1] == pytest.approx(0.5)
    # Reviews of one sentence have no context at all, not even from the next review.
    assert context[3].tolist() == [0.0] * len(CONTEXT_COLUMNS)
    assert context[4].tolist() == [0.0] * len(CONTEXT_COLUMNS)
    assert columns["has_others"].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]


def test_review_slices_never_split_a_review() -> None:
    documents = [f"r{i // 7}" for i in range(100)] + ["long"] * 30 + ["x"]
    slices = review_slices(documents, 20)
    assert slices[0][0] == 0 and slices[-1][1] == len(documents)
    assert all(a[1] == b[0] for a, b in zip(slices, slices[1:], strict=False))
    for start, end in slices:
        if start:
            assert documents[start] != documents[start - 1]
        assert end == len(documents) or documents[end] != documents[end - 1]
    assert review_slices([], 20) == []
    assert review_slices(range(5), 2) == [(0, 2), (2, 4), (4, 5)]


def _reviews(
    language: str, count: int, offset: int = 0
) -> tuple[list[str], list[dict[str, str]], list[str]]:
    """Our own written sentences, four to a review."""
    texts, labels = written_reviews(language)
    chosen = range(offset, offset + count)
    return (
        [texts[i] for i in chosen],
        [labels[i] for i in chosen],
        [f"{language}-{i // 4}" for i in chosen],
    )


@pytest.fixture(scope="module")
def reader() -> ReviewReader:
    texts, labels, documents = _reviews("en", 600)
    return ReviewReader.train(texts, labels, documents=documents)


def test_a_reader_trained_on_reviews_reads_polarity_in_context(reader: ReviewReader) -> None:
    assert reader.context is not None
    texts, labels, documents = _reviews("en", 200, offset=1000)
    categories = [list(row) for row in labels]
    plain = reader.polarities(texts, categories)
    in_context = reader.polarities(texts, categories, documents=documents)
    # Same aspects either way; the context may move a polarity, never add or drop an aspect.
    assert [set(p) for p in plain] == [set(p) for p in in_context]
    known = set(reader.aspect_model.categories)
    assert [set(p) for p in in_context] == [set(c) & known for c in categories]
    gold = [
        (row[c], found[c]) for row, found in zip(labels, in_context, strict=True) for c in found
    ]
    right = sum(truth == guess for truth, guess in gold) / len(gold)
    assert right > 0.6, f"polarity in context right for only {right:.0%} of held-out opinions"


def test_judging_with_reviews_matches_reading_and_survives_a_round_trip(
    reader: ReviewReader, tmp_path: Path
) -> None:
    texts, _, documents = _reviews("en", 120, offset=1400)
    before = reader.model.judge_many(texts, documents=documents)
    loaded = TextModel.load(reader.model.save(tmp_path / "reviews.npz"))
    assert loaded.context is not None
    after = loaded.judge_many(texts, documents=documents)
    assert [j.aspects for j in before] == [j.aspects for j in after]
    # One review alone reads as it reads inside a batch of many.
    first = [i for i, d in enumerate(documents) if d == documents[0]]
    alone = reader.model.judge_many(
        [texts[i] for i in first], documents=[documents[0]] * len(first)
    )
    assert [j.aspects for j in alone] == [before[i].aspects for i in first]


def test_review_names_must_match_the_comments(reader: ReviewReader) -> None:
    with pytest.raises(InvalidInput, match="3 review names for 2 comments"):
        reader.model.judge_many(["Good.", "Bad."], documents=["a", "a", "b"])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_written_corpus_is_sound(language: str) -> None:
    texts, labels = written_reviews(language)
    assert len(texts) >= 1500
    assert len(set(texts)) == len(texts)
    found = Counter(c for row in labels for c in row)
    assert set(found) == SCHEME, "every category of the scheme is written for"
    assert {p for row in labels for p in row.values()} == {"positive", "negative", "neutral"}
    assert sum(1 for row in labels if not row) > 50, "sentences with no opinion are written too"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_written_corpus_copies_no_sentence_of_the_evaluation_data(language: str) -> None:
    if not (SHARED / language).exists():
        pytest.skip("the shared SemEval data is not beside this checkout")

    def plain(text: str) -> str:
        return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())

    theirs = {
        plain(node.text or "")
        for split in ("train.xml", "eval.xml")
        for node in ET.parse(SHARED / language / split).getroot().iter("text")
    }
    ours = {plain(text) for text in written_reviews(language)[0]}
    copied = {t for t in ours & theirs if len(t.split()) > 4}
    assert not copied, f"sentences found in the evaluation data: {sorted(copied)[:5]}"


# -- the harness on a folder of our own ---------------------------------------------------


def _write_split(path: Path, language: str, count: int, offset: int, *, labelled: bool) -> None:
    texts, labels, documents = _reviews(language, count, offset)
    root = ET.Element("Reviews")
    for start in range(0, count, 4):
        review = ET.SubElement(root, "Review", rid=documents[start])
        sentences = ET.SubElement(review, "sentences")
        for i in range(start, min(start + 4, count)):
            node = ET.SubElement(sentences, "sentence", id=f"{documents[i]}:{i - start}")
            ET.SubElement(node, "text").text = texts[i]
            if labelled:
                opinions = ET.SubElement(node, "Opinions")
                for category, polarity in labels[i].items():
                    ET.SubElement(
                        opinions,
                        "Opinion",
                        target="NULL",
                        category=category,
                        polarity=polarity,
                        **{"from": "0", "to": "0"},
                    )
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _harness(data: Path, out: Path, *options: str) -> tuple[dict[str, dict[str, float]], str]:
    done = subprocess.run(
        [
            sys.executable,
            str(HARNESS),
            "--data",
            str(data),
            "--json",
            "--predictions",
            str(out),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


@pytest.fixture(scope="module")
def own_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("reviews")
    for language in ("en", "nl"):
        _write_split(data / language / "train.xml", language, 400, 0, labelled=True)
        _write_split(data / language / "eval.xml", language, 120, 1200, labelled=True)
    return data


def test_the_harness_scores_any_folder_in_the_task_format(own_folder: Path, tmp_path: Path) -> None:
    summary, printed = _harness(own_folder, tmp_path / "out", "--folds", "2")
    assert set(summary) == {"en", "nl"}
    for language, figures in summary.items():
        assert set(figures) == {"aspect_f1", "polarity_accuracy", "sentences_per_second"}
        assert 0.0 <= figures["aspect_f1"] <= 1.0 and 0.0 <= figures["polarity_accuracy"] <= 1.0
        assert figures["sentences_per_second"] > 0
        predicted = ET.parse(tmp_path / "out" / language / "eval.xml").getroot()
        assert len(list(predicted.iter("sentence"))) == 120
        categories = {o.get("category") for o in predicted.iter("Opinion")}
        assert categories and categories <= SCHEME
    assert "tfidf_lr aspect_f1" in printed and "majority polarity_accuracy" in printed
    for name in ("cxladder", "tfidf_lr"):
        for key in ("cv_aspect_f1", "cv_polarity_accuracy"):
            lines = [
                line.split() for line in printed.splitlines() if line.split()[:2] == [name, key]
            ]
            assert len(lines) == 2 and all(0.0 <= float(line[2]) <= 1.0 for line in lines)


def test_unlabelled_evaluation_text_is_predicted_not_scored(
    own_folder: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    for language in ("en", "nl"):
        (data / language).mkdir(parents=True)
        (data / language / "train.xml").write_bytes(
            (own_folder / language / "train.xml").read_bytes()
        )
        _write_split(data / language / "eval.xml", language, 40, 1600, labelled=False)
    summary, _ = _harness(data, tmp_path / "out")
    for language in ("en", "nl"):
        assert set(summary[language]) == {"sentences_per_second"}
        predicted = ET.parse(tmp_path / "out" / language / "eval.xml").getroot()
        assert any(True for _ in predicted.iter("Opinion"))


def test_entity_and_attribute_detectors_back_the_rare_combinations() -> None:
    categories = ("DRINKS#PRICES", "FOOD#PRICES", "FOOD#QUALITY")
    parts = part_columns(categories)
    assert parts is not None
    # Rows after the three aspects: entities DRINKS, FOOD, then attributes PRICES, QUALITY.
    assert parts.tolist() == [[3, 5], [4, 5], [4, 6]]
    truth = np.array([[True, False, False], [False, True, True]])
    assert with_parts(truth, parts).tolist() == [
        [True, False, False, True, False, True, False],
        [False, True, True, False, True, True, True],
    ]
    probabilities = np.array([[0.2, 0.4, 0.6, 0.9, 0.5, 0.8, 0.1]])
    combined = combine_parts(probabilities, parts)
    assert combined[0].tolist() == pytest.approx([0.1 + 0.36, 0.2 + 0.2, 0.3 + 0.025])
    assert part_columns(("staff", "waiting")) is None
    assert part_columns(("FOOD#QUALITY", "staff")) is None


def test_the_reader_keeps_its_aspect_parts(reader: ReviewReader, tmp_path: Path) -> None:
    assert reader.aspect_model.parts is not None
    loaded = TextModel.load(reader.model.save(tmp_path / "parts.npz"))
    assert loaded.aspect_model.parts is not None
    assert loaded.aspect_model.parts.tolist() == reader.aspect_model.parts.tolist()
