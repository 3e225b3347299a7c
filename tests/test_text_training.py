"""Training on an organisation's own labels, the cross-validated report, active learning, and
the `cxladder text` commands."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cxladder.app import Cxladder
from cxladder.errors import InvalidInput, ModelError
from cxladder.model import ServiceLevel
from cxladder.settings import Settings
from cxladder.text.analyst import TextAnalyst
from cxladder.text.commands import text_app
from cxladder.text.corpus.compose import CORPUS_PATH
from cxladder.text.judge import ModelTextJudge
from cxladder.text.judgement import TextModel
from cxladder.text.training import load_corpus, read_labels

# A small labelled file, written for this test: five comments per level, both languages.
SMALL = {
    1: ["Rude staff, never again", "Reservering kwijt, nooit meer", "Food poisoning, avoid",
        "Onbeschoft personeel, schandalig", "Waited an hour, unacceptable"],
    2: ["Meh, lukewarm soup", "Mwoah, niks bijzonders", "Nothing special, a bit slow",
        "Matig eten, kan beter", "So-so, could be better"],
    3: ["Fine, as expected", "Prima, zoals verwacht", "Good food, no complaints",
        "Lekker eten, geen klachten", "Decent lunch, all good"],
    4: ["Free bread without asking", "Gratis brood zonder te vragen", "They took our coats",
        "Jas aangepakt, leuk gebaar", "Complimentary coffee, nice touch"],
    5: ["They remembered my name", "Ze wisten mijn naam nog", "A table with our name on it",
        "Persoonlijk bordje met onze naam", "Replaced without a receipt"],
    6: ["Prosecco for our anniversary, legendary", "Prosecco voor ons jubileum, legendarisch",
        "Birthday song by the whole team, telling everyone", "Ongelooflijk, aan iedereen verteld",
        "Unforgettable anniversary dinner"],
}


def _write_labels(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "level", "aspects"])
        for level, texts in SMALL.items():
            for i, text in enumerate(texts):
                polarity = "negative" if level <= 2 else "positive"
                aspect = "staff" if i % 2 else "quality"
                writer.writerow([text, level, f"{aspect}:{polarity}"])
    return path


@pytest.fixture
def analyst(cx: Cxladder, tmp_path: Path) -> TextAnalyst:
    return TextAnalyst(cx.store, cx.settings, models_dir=tmp_path / "models")


def test_train_on_a_small_labelled_file(analyst: TextAnalyst, tmp_path: Path) -> None:
    labels = _write_labels(tmp_path / "labels.csv")
    report = analyst.train(labels, out=tmp_path / "mine.npz", folds=3)
    assert report.items == 30 and report.folds == 3
    assert 0.0 <= report.level_accuracy <= 1.0 and 0.0 <= report.calibration_error <= 1.0
    assert report.aspect_f1 is not None and report.polarity_accuracy is not None
    assert report.path is not None and report.path.exists()
    assert report.version.startswith("text-model-labels-")
    judge = analyst.use(report.path)
    assert isinstance(judge, ModelTextJudge) and judge.name == report.version
    assert judge.read("Rude staff, never again").level == ServiceLevel.CRIMINAL


def test_labels_are_validated_with_row_numbers(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("text,level\nfine,3\ngreat,9\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="row 3, column `level`"):
        read_labels(bad)
    bad.write_text("text,level,aspects\nfine,3,staff:great\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="row 2, column `aspects`"):
        read_labels(bad)
    bad.write_text("comment,score\nfine,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="lacks the column"):
        read_labels(bad)
    with pytest.raises(InvalidInput, match="does not exist"):
        read_labels(tmp_path / "missing.csv")


def test_too_few_levels_cannot_train(analyst: TextAnalyst, tmp_path: Path) -> None:
    one = tmp_path / "one.csv"
    one.write_text("text,level\nfine,3\nok,3\ngood,3\n", encoding="utf-8")
    with pytest.raises(ModelError, match="fewer than two levels"):
        analyst.train(one)


def test_corpus_is_large_bilingual_and_covers_everything() -> None:
    data = load_corpus()
    assert len(data) >= 1500
    frame = pd.read_csv(CORPUS_PATH)
    assert set(frame["language"]) == {"en", "nl"}
    assert set(frame["level"]) == set(range(1, 7))
    aspects = {a for row in data.aspects for a in row}
    assert {"staff", "waiting", "quality", "price", "ambience", "reservation", "payment",
            "effort", "recognition"} <= aspects
    texts = " ".join(data.texts).lower()
    assert "niet slecht" in texts and "not bad at all" in texts


def test_propose_labels_picks_stored_comments(cx: Cxladder, tmp_path: Path) -> None:
    comments = ["Fine.", "Rude staff, never again", "Free bread, nice", "Okay I guess maybe",
                "Prosecco voor ons jubileum!"]
    frame = pd.DataFrame({
        "customer_id": [f"c{i}" for i in range(len(comments))],
        "touchpoint": "table",
        "at": "2026-11-01T12:00:00",
        "text": comments,
    })
    cx.import_frame(frame, organization="bistro")
    analyst = TextAnalyst(cx.store, cx.settings)
    proposals = analyst.propose_labels(None, 2)
    assert len(proposals) == 2
    assert all(p.text in comments for p in proposals)
    assert len({p.experience_id for p in proposals}) == 2


def test_cli_train_and_label(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "cx.db"
    labels = _write_labels(tmp_path / "labels.csv")
    out = tmp_path / "cli.npz"
    runner = CliRunner()
    result = runner.invoke(text_app, ["train", str(labels), "--out", str(out), "--folds", "2",
                                      "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "level accuracy" in result.output and out.exists()
    assert TextModel.load(out).name in result.output
    result = runner.invoke(text_app, ["label", "--n", "3", "--db", str(db)])
    assert result.exit_code == 2
    assert "no organisation" in result.output


def test_redaction_follows_settings(cx: Cxladder, tmp_path: Path) -> None:
    on = TextAnalyst(cx.store, cx.settings)
    off = TextAnalyst(cx.store, Settings(database_url=str(tmp_path / "x.db"), redact=False))
    assert on.redact("mail a@b.nl") == "mail [email]"
    assert off.redact("mail a@b.nl") == "mail a@b.nl"
