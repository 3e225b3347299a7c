"""The fast batch paths of the text judge give what the plain, one-at-a-time reading gives:
tokens, feature rows, the sparse layout, cue counts, judgements, and the garbage collector's
state afterwards."""

from __future__ import annotations

import gc
import math
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from cxladder.errors import InvalidInput
from cxladder.text import judgement
from cxladder.text.features import LEXICON_COLUMNS, Featurizer, interleave, tokenize
from cxladder.text.judgement import Judgement, TextModel
from cxladder.text.lexicon import CUE_GROUPS, CUES
from cxladder.text.training import load_corpus, train_model

# Written for these tests: accents, apostrophes, punctuation runs, digits, a text holding the
# batch separator, letters whose lowercase is longer, and Greek (no tokens at all).
TRICKY = [
    "",
    "!!!",
    "The soup wasn't hot, not good at all... but the staff? Lovely!",
    "Crème brûlée, café au lait en een ÉÉN-tweetje; niet slecht",
    "table\x00twelve was fine",
    "İstanbul kebab, 25th anniversary, 4 guests",
    "ΟΔΟΣ ΚΑΛΗ",
    "never again never again never again",
    "Top!",
    "we waited we waited we waited for 40 minutes, and then some more",
]


@pytest.fixture(scope="module")
def model() -> TextModel:
    data = load_corpus()
    return train_model(data.subset(list(range(0, len(data), 7))), version="batch")


def _rows(matrix: sp.csr_matrix) -> list[tuple[list[int], list[float]]]:
    return [
        (matrix.indices[a:b].tolist(), matrix.data[a:b].tolist())
        for a, b in zip(matrix.indptr[:-1], matrix.indptr[1:], strict=True)
    ]


def _assert_same_rows(batch: sp.csr_matrix, singles: list[sp.csr_matrix]) -> None:
    # The 'near:' lexicon columns come from a running sum over the whole batch, so they may
    # differ in the last bit with the batch around a comment; everything else is exact.
    expected = [row for m in singles for row in _rows(m)]
    assert len(_rows(batch)) == len(expected)
    for (columns, values), (want_columns, want_values) in zip(_rows(batch), expected, strict=True):
        assert columns == want_columns
        np.testing.assert_allclose(values, want_values, rtol=1e-12, atol=1e-15)


def _assert_same_judgements(got: list[Judgement], expected: list[Judgement]) -> None:
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        assert (a.text, a.language, a.level, a.drivers, a.redactions, a.model) == (
            b.text,
            b.language,
            b.level,
            b.drivers,
            b.redactions,
            b.model,
        )
        assert [(r.aspect, r.polarity) for r in a.aspects] == [
            (r.aspect, r.polarity) for r in b.aspects
        ]
        np.testing.assert_allclose(a.probabilities, b.probabilities, rtol=1e-9, atol=1e-15)
        np.testing.assert_allclose(
            [r.probability for r in a.aspects],
            [r.probability for r in b.aspects],
            rtol=1e-9,
            atol=1e-15,
        )


def test_batch_tokens_are_the_one_by_one_tokens() -> None:
    features = Featurizer(n_features=2**12).transform(TRICKY)
    assert features.tokens == [tokenize(text) for text in TRICKY]
    assert features.tokens[4] == ["table", "twelve", "was", "fine"]
    assert Featurizer(n_features=2**12).transform([]).tokens == []


def test_feature_rows_do_not_depend_on_the_batch_or_what_came_before(
    model: TextModel,
) -> None:
    texts = [*TRICKY, *load_corpus().texts[:40]]
    batch = Featurizer(n_features=2**12, idf=None).transform(texts).matrix
    # A featurizer that has seen other words first numbers its vocabulary differently.
    warmed = Featurizer(n_features=2**12)
    warmed.transform(["zebra quagga", *reversed(texts)])
    _assert_same_rows(batch, [warmed.transform([text]).matrix for text in texts])
    assert batch.indices.dtype == np.int32
    trained = model.featurizer.transform(texts).matrix
    _assert_same_rows(trained, [model.featurizer.transform([text]).matrix for text in texts])


def test_an_empty_batch_and_empty_comments_on_a_fresh_featurizer() -> None:
    for texts in ([], [""], ["", "  "]):
        features = Featurizer(n_features=2**10).transform(texts)
        assert features.matrix.shape == (len(texts), 2**10 + len(LEXICON_COLUMNS))
        assert features.matrix.nnz == 0 and features.hits == [[] for _ in texts]


def test_cue_counts_are_counted_per_aspect() -> None:
    group = CUE_GROUPS[0]
    word = next(w for w in sorted(CUES[group]) if tokenize(w) == [w])
    featurizer = Featurizer(n_features=2**12)
    row = featurizer.transform([f"{word} , {word} and {word}", "nothing here"]).matrix
    column = featurizer.n_features + LEXICON_COLUMNS.index(f"cue:{group}")
    assert row[0, column] == pytest.approx(0.4 * math.log1p(3))
    assert row[1, column] == 0.0


def _sorted_reference(
    groups: list[tuple[np.ndarray, np.ndarray, np.ndarray]], n_rows: int, width: int
) -> sp.csr_matrix:
    rows = np.concatenate([g[0] for g in groups])
    order = np.argsort(rows, kind="stable")
    counts = np.bincount(rows, minlength=n_rows)
    indptr = np.concatenate(([0], np.cumsum(counts)))
    columns = np.concatenate([g[1] for g in groups])[order]
    values = np.concatenate([g[2] for g in groups])[order]
    return sp.csr_matrix((values, columns, indptr), shape=(n_rows, width))


@pytest.mark.parametrize("seed", range(5))
def test_interleave_is_a_stable_sort_by_row(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_rows, width = 50, 1_000
    groups = []
    for size in (0, 1, 300, 2_000):
        rows = np.sort(rng.integers(0, n_rows - 5, size))  # the last rows stay empty
        groups.append((rows, rng.integers(0, width, size), rng.normal(size=size)))
    built = interleave(groups, n_rows, width)
    expected = _sorted_reference(groups, n_rows, width)
    np.testing.assert_array_equal(built.indptr, expected.indptr)
    np.testing.assert_array_equal(built.indices, expected.indices)
    np.testing.assert_array_equal(built.data, expected.data)
    assert built.shape == (n_rows, width)


def test_interleave_of_nothing() -> None:
    empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    built = interleave([empty, empty], 3, 10)
    assert built.shape == (3, 10) and built.nnz == 0
    assert interleave([empty], 0, 10).shape == (0, 10)


def test_batches_of_any_size_judge_alike(model: TextModel, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*TRICKY, "Mail jan@example.nl, the waiter was rude", *load_corpus().texts[::97]]
    whole = model.judge_many(texts)
    monkeypatch.setattr(judgement, "_BATCH", 3)
    _assert_same_judgements(model.judge_many(texts), whole)
    _assert_same_judgements([model.judge(text) for text in texts], whole)
    known = ["nl" if i % 2 else "" for i in range(len(texts))]
    mixed = model.judge_many(texts, languages=known)
    assert [j.language for j in mixed][1::2] == ["nl"] * (len(texts) // 2)
    assert [j.language for j in mixed][::2] == [j.language for j in whole][::2]


def test_wordless_comments_get_no_level_nor_drivers(model: TextModel, tmp_path: Path) -> None:
    # A freshly loaded model has seen no word yet; an empty comment first must not trip it.
    fresh = TextModel.load(model.save(tmp_path / "fresh.npz"))
    assert fresh.judge("").level is None
    assert fresh.judge_many([]) == []
    judged = model.judge_many(["", "!!!", "?", "ΟΔΟΣ"])
    assert [j.level for j in judged] == [None] * 4
    assert all(j.drivers == () and j.probability == 0.0 for j in judged)


def test_the_garbage_collector_is_left_as_it_was_found(model: TextModel) -> None:
    assert gc.isenabled()
    model.judge_many(TRICKY)
    assert gc.isenabled()
    gc.disable()
    try:
        model.judge_many(TRICKY)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(InvalidInput, match="one per comment"):
        model.judge_many(TRICKY, languages=["en"] * (len(TRICKY) + 1))
    assert gc.isenabled()


def test_an_error_inside_a_batch_leaves_the_collector_on(
    model: TextModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(texts: object) -> object:
        raise RuntimeError("featurizer down")

    monkeypatch.setattr(model.featurizer, "transform", broken)
    with pytest.raises(RuntimeError, match="featurizer down"):
        model.judge_many(TRICKY)
    assert gc.isenabled()
