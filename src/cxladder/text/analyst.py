"""TextAnalyst: the text side of the Cxladder facade (`cx.text`).

It owns the text model folder and hands out the default judge, trains models on an
organisation's own labels, proposes what to label next, and redacts free text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from cxladder.errors import InvalidInput, ModelError, NotFound
from cxladder.settings import Settings
from cxladder.store.repo import Store
from cxladder.text.judge import ModelTextJudge
from cxladder.text.judgement import TextModel
from cxladder.text.redaction import redact
from cxladder.text.training import (
    DEFAULT_MODELS_DIR,
    TrainingReport,
    cross_validate,
    default_model,
    most_uncertain,
    read_labels,
    train_model,
)

__all__ = ["LabelProposal", "TextAnalyst"]

_POOL = 20_000


@dataclass(frozen=True, slots=True)
class LabelProposal:
    """A stored comment worth labelling next, and what the model currently thinks of it."""

    experience_id: str
    text: str
    level: int | None
    probability: float


class TextAnalyst:
    """Judge, train, propose labels, redact. Constructed by the facade as `cx.text`."""

    def __init__(self, store: Store, settings: Settings, *, models_dir: Path | None = None) -> None:
        self.store = store
        self.settings = settings
        self.models_dir = Path(models_dir) if models_dir else DEFAULT_MODELS_DIR
        self._model: TextModel | None = None

    def model(self) -> TextModel:
        """The default model, trained from the project corpus on first use and then cached."""
        if self._model is None:
            self._model = default_model(self.models_dir, redact_text=self.settings.redact)
        return self._model

    def judge(self) -> ModelTextJudge:
        return ModelTextJudge(self.model())

    def use(self, path: Path) -> ModelTextJudge:
        """Judge with a model trained earlier (`train`) instead of the default one."""
        self._model = TextModel.load(path, redact_text=self.settings.redact)
        return ModelTextJudge(self._model)

    def redact(self, text: str) -> str:
        return redact(text)[0] if self.settings.redact else text

    def train(self, labels_csv: Path, *, out: Path | None = None, folds: int = 5) -> TrainingReport:
        """Cross-validate on the labels, then train on all of them and save the model."""
        data = read_labels(Path(labels_csv))
        report = cross_validate(data, folds=folds)
        version = f"{Path(labels_csv).stem}-{_digest(data.texts)}"
        model = train_model(data, version=version, redact_text=self.settings.redact)
        path = Path(out) if out else self.models_dir / f"{model.name}.npz"
        model.save(path)
        return replace(report, version=model.name, path=path)

    def propose_labels(self, organization: str | None, n: int = 20) -> list[LabelProposal]:
        """The stored comments the model is least sure about: label these next.

        `organization` may be None when the store holds exactly one.
        """
        if n <= 0:
            raise ModelError("ask for at least one comment to label (--n 1 or more)")
        organization = organization or self._only_organization()
        ids: list[str] = []
        texts: list[str] = []
        for chunk in self.store.experiences(organization, unassessed_only=False):
            for stored in chunk:
                if stored.experience.text.strip():
                    ids.append(stored.experience.id)
                    texts.append(stored.experience.text)
            if len(texts) >= _POOL:
                break
        model = self.model()
        chosen = most_uncertain(model, texts, n)
        judged = model.judge_many([texts[i] for i in chosen])
        return [
            LabelProposal(ids[i], j.text, int(j.level) if j.level else None, j.probability)
            for i, j in zip(chosen, judged, strict=True)
        ]

    def _only_organization(self) -> str:
        known = [o.key for o in self.store.organizations()]
        if len(known) == 1:
            return known[0]
        if not known:
            raise NotFound("the store holds no organisation yet; import a file first")
        raise InvalidInput(f"the store holds several organisations ({', '.join(known)}); name one")


def _digest(texts: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:8]
