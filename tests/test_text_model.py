"""The default text model: each level with its Dutch and English cues, negation, aspects, the
TextJudge protocol, and a save/load round trip."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from cxladder.errors import ModelError
from cxladder.ladder.judge import TextJudge
from cxladder.model import ServiceLevel
from cxladder.text.judge import ModelTextJudge
from cxladder.text.judgement import TextModel
from cxladder.text.training import (
    DEFAULT_MODELS_DIR,
    default_model,
    load_corpus,
    model_version,
    train_model,
)

L = ServiceLevel

# Written for these tests; none of them is in the corpus word for word.
LEVEL_CASES = [
    ("They lost my reservation and the manager shouted at us. Never again!", "en", L.CRIMINAL),
    ("Reservering kwijt en de ober was onbeschoft. Hier kom ik nooit meer!", "nl", L.CRIMINAL),
    ("Meh, the soup was lukewarm and nobody greeted us, a five out of ten.", "en", L.BASIC),
    ("Mwoah, niks bijzonders, het eten was lauw. Een vijfje.", "nl", L.BASIC),
    ("Good food and friendly service, exactly as expected. Fine.", "en", L.EXPECTED),
    ("Lekker gegeten, vriendelijke bediening, zoals verwacht. Prima.", "nl", L.EXPECTED),
    ("They took our coats and brought free bread without asking.", "en", L.DESIRED),
    ("Ze namen onze jassen aan en er kwam gratis brood zonder dat we erom vroegen.", "nl",
     L.DESIRED),
    ("A table with our name on it, and they remembered my usual order!", "en", L.SURPRISING),
    ("Er stond een bordje met mijn naam en ze wisten nog wat ik altijd bestel.", "nl",
     L.SURPRISING),
    ("They asked about the occasion and brought prosecco for our 25th anniversary, "
     "telling everyone!", "en", L.UNBELIEVABLE),
    ("Ze vroegen naar de gelegenheid en schonken prosecco voor ons jubileum, legendarisch!",
     "nl", L.UNBELIEVABLE),
]


@pytest.fixture(scope="session")
def model() -> TextModel:
    # Shared cache: the model is trained once per corpus+code version, then loaded.
    return default_model(Path(os.environ.get("CXLADDER_MODELS_DIR", DEFAULT_MODELS_DIR)))


@pytest.mark.parametrize(("text", "language", "level"), LEVEL_CASES)
def test_each_level_from_its_cues(model: TextModel, text: str, language: str,
                                  level: ServiceLevel) -> None:
    judged = model.judge(text)
    assert judged.language == language
    assert judged.level == level, (judged.level, judged.drivers)
    assert 0.0 < judged.probability <= 1.0
    assert judged.drivers and judged.drivers[0].level == level


@pytest.mark.parametrize(
    "text", ["Not bad at all, the food was fine.", "Niet slecht, het eten was prima."]
)
def test_negated_criticism_is_not_criticism(model: TextModel, text: str) -> None:
    judged = model.judge(text)
    assert judged.level is not None and judged.level >= L.EXPECTED
    assert all(a.polarity != "negative" for a in judged.aspects)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("The food was not good at all.", "quality"),
        ("Het eten was helemaal niet lekker.", "quality"),
        ("The staff were not friendly.", "staff"),
        ("Het personeel was niet vriendelijk.", "staff"),
    ],
)
def test_negated_praise_is_negative(model: TextModel, text: str, aspect: str) -> None:
    found = {a.aspect: a.polarity for a in model.judge(text).aspects}
    assert found.get(aspect) == "negative"


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        ("We waited forty minutes and the bill was wrong.", {"waiting", "payment"}),
        ("Lang gewacht en de rekening klopte niet.", {"waiting", "payment"}),
        ("Way too expensive for what you get.", {"price"}),
        ("Het was er vies en rumoerig.", {"ambience"}),
    ],
)
def test_aspects_are_multi_label(model: TextModel, text: str, aspects: set[str]) -> None:
    found = {a.aspect for a in model.judge(text).aspects}
    assert aspects <= found


def test_probabilities_are_a_distribution(model: TextModel) -> None:
    judged = model.judge_many([text for text, _, _ in LEVEL_CASES])
    for j in judged:
        assert abs(sum(j.probabilities) - 1.0) < 1e-6
        assert j.probability == pytest.approx(max(j.probabilities))


def test_batch_and_single_agree(model: TextModel) -> None:
    texts = [text for text, _, _ in LEVEL_CASES]
    assert model.judge_many(texts) == [model.judge(t) for t in texts]


def test_personal_data_is_redacted_before_judging(model: TextModel) -> None:
    judged = model.judge("Rude staff, call me on 06-12345678 or mail jan@example.nl")
    assert "12345678" not in judged.text and "jan@example.nl" not in judged.text
    assert judged.redactions == 2


def test_empty_or_wordless_text_has_no_level(model: TextModel) -> None:
    assert model.judge("").level is None
    assert model.judge("!!!").level is None


def test_model_text_judge_meets_the_protocol(model: TextModel) -> None:
    judge = ModelTextJudge(model)
    assert isinstance(judge, TextJudge)
    assert model.version in judge.name
    reading = judge.read("They lost our reservation, never again", "en")
    assert reading.level == L.CRIMINAL
    assert reading.reasons and all(r.source == "model" for r in reading.reasons)
    assert any("never again" in r.evidence for r in reading.reasons)
    assert judge.read_many(["They lost our reservation, never again"], ["en"]) == [reading]


def test_round_trip(model: TextModel, tmp_path: Path) -> None:
    path = model.save(tmp_path / "m.npz")
    loaded = TextModel.load(path)
    texts = [text for text, _, _ in LEVEL_CASES]
    assert loaded.version == model.version
    assert loaded.judge_many(texts) == model.judge_many(texts)
    assert path.stat().st_size < 50 * 1024 * 1024


def test_a_broken_model_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="train it again"):
        TextModel.load(path)


def test_version_follows_corpus_and_code(tmp_path: Path) -> None:
    corpus = tmp_path / "c.csv"
    corpus.write_text("text,level\nfine,3\n")
    first = model_version(corpus)
    corpus.write_text("text,level\nfine,4\n")
    assert model_version(corpus) != first
    assert len(first) == 12 and model_version(corpus) == model_version(corpus)


def test_training_is_deterministic() -> None:
    data = load_corpus()
    rows = list(range(0, len(data), 7))
    first = train_model(data.subset(rows), version="a")
    second = train_model(data.subset(rows), version="a")
    np.testing.assert_array_equal(first.levels.head.coef, second.levels.head.coef)
    np.testing.assert_array_equal(first.aspect_model.thresholds, second.aspect_model.thresholds)
