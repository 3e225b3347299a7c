"""Comments to sparse feature rows, fast: hashed words, word pairs, character n-grams, lexicons.

Every comment becomes hashed word 1-2 grams (a word inside a negation scope is hashed apart, so
'not good' never looks like 'good'), character 2-5 grams within words (robust to Dutch compounds
and typos), and a small block of lexicon features: polarity sums with negation and contrast
handled, cue-word counts per aspect and per level, and the polarity near each aspect's cue words.

Speed comes from doing per comment only what must be sequential (splitting into words and
looking each up in a vocabulary of distinct words seen so far); everything a word contributes is
computed once when it is first seen, and the rest (negation scopes, pairs, windows, sums) runs
as numpy over the whole batch. Hashes are murmurhash3, so features are identical across
processes and machines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from cxladder.model import ServiceLevel
from cxladder.text.language import word_vote
from cxladder.text.lexicon import (
    CONTRASTS,
    CUE_GROUPS,
    CUES,
    INTENSIFIERS,
    LEVEL_CUES,
    NEGATIVE,
    NEGATORS,
    POSITIVE,
)

__all__ = ["LEXICON_COLUMNS", "Featurizer", "Features", "PhraseHit", "tokenize"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Explicit letter ranges (Latin with accents) match faster than the Unicode class [^\W_].
_TOKEN = re.compile(r"[a-z0-9\u00c0-\u024f]+(?:'[a-z0-9\u00c0-\u024f]+)?|[!?.,;:]")
_CLAUSE_END = frozenset("!?.,;:")
_NEGATION_SCOPE = 3
_WINDOW = 3
_VOCABULARY_LIMIT = 400_000
_CHAR_WEIGHT = 0.5
_PAIR_PRIME = 1_000_003
_LEXICON_SCALE = 0.4
_NEGATED_POLARITY = -0.7

_LEVELS = tuple(ServiceLevel)
_BASE_COLUMNS = (
    "positive",
    "negative",
    "positive_negated",
    "negative_negated",
    "positive_after_contrast",
    "negative_after_contrast",
    "negators",
    "contrasts",
    "exclamations",
    "questions",
    "long",
)
LEXICON_COLUMNS: tuple[str, ...] = (
    *_BASE_COLUMNS,
    *(f"cue:{group}" for group in CUE_GROUPS),
    *(f"near:{group}" for group in CUE_GROUPS),
    *(f"level:{level.name.lower()}" for level in _LEVELS),
)
_CUE_AT = len(_BASE_COLUMNS)
_NEAR_AT = _CUE_AT + len(CUE_GROUPS)
_LEVEL_AT = _NEAR_AT + len(CUE_GROUPS)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _hash(text: str, n_features: int) -> int:
    return int(murmurhash3_32(text, positive=True)) % n_features


@dataclass(frozen=True, slots=True)
class PhraseHit:
    """A level cue found in a comment: the phrase as the lexicon writes it, and its level."""

    phrase: str
    level: ServiceLevel


@dataclass(slots=True)
class Features:
    """A batch of comments as one sparse matrix, plus what explanations need.

    `words` holds, per comment, its words and the hashed column each one landed in (the
    negated column inside a negation scope), so a model can say which words drove it.
    """

    matrix: sp.csr_matrix
    hits: list[list[PhraseHit]]
    tokens: list[list[str]]
    columns: IntArray
    offsets: IntArray
    word_counts: IntArray
    language_votes: IntArray


def _phrase_index() -> dict[str, tuple[tuple[tuple[str, ...], ServiceLevel], ...]]:
    index: dict[str, list[tuple[tuple[str, ...], ServiceLevel]]] = {}
    for level, phrases in LEVEL_CUES.items():
        for phrase in phrases:
            words = tuple(tokenize(phrase))
            if words:
                index.setdefault(words[-1], []).append((words, level))
    return {last: tuple(sorted(v, key=lambda p: -len(p[0]))) for last, v in index.items()}


_PHRASES = _phrase_index()
_GROUPS_OF = {
    word: tuple(i for i, group in enumerate(CUE_GROUPS) if word in CUES[group])
    for words in CUES.values()
    for word in words
}


class _Vocabulary:
    """Distinct words seen so far, each with everything it contributes, as numpy columns."""

    def __init__(self, n_features: int) -> None:
        self.n_features = n_features
        self.ids: dict[str, int] = {}
        self._rows: list[tuple[int, int, float, float, bool, bool, bool, bool, int, bool]] = []
        self._chars: list[tuple[int, ...]] = []
        self._groups: list[tuple[int, ...]] = []
        self._built = 0

    def lookup(self, tokens: list[str]) -> list[int]:
        try:
            # The common case, every word seen before, stays in C.
            return list(map(self.ids.__getitem__, tokens))
        except KeyError:
            ids = self.ids
            return [ids[t] if t in ids else self._add(t) for t in tokens]

    def _add(self, token: str) -> int:
        n = self.n_features
        padded = f" {token} "
        end = token in _CLAUSE_END
        chars = () if end else tuple(
            _hash(padded[i : i + size], n)
            for size in range(2, 6)
            for i in range(len(padded) - size + 1)
        )
        self._rows.append(
            (
                _hash("w:" + token, n),
                _hash("n:" + token, n),
                POSITIVE.get(token, 0.0) + NEGATIVE.get(token, 0.0),
                INTENSIFIERS.get(token, 1.0),
                token in NEGATORS or token.endswith("n't"),
                token in CONTRASTS,
                end,
                token in _PHRASES,
                word_vote(token) if token.isalpha() else 0,
                token.isalpha(),
            )
        )
        self._chars.append(chars)
        self._groups.append(_GROUPS_OF.get(token, ()))
        self.ids[token] = len(self.ids)
        return self.ids[token]

    def build(self) -> None:
        """Refresh the numpy columns after new words arrived."""
        if self._built == len(self._rows):
            return
        columns = list(zip(*self._rows, strict=True))
        self.plain = np.asarray(columns[0], dtype=np.int64)
        self.negated = np.asarray(columns[1], dtype=np.int64)
        self.polarity = np.asarray(columns[2], dtype=np.float64)
        self.intensity = np.asarray(columns[3], dtype=np.float64)
        self.negator = np.asarray(columns[4], dtype=bool)
        self.contrast = np.asarray(columns[5], dtype=bool)
        self.clause_end = np.asarray(columns[6], dtype=bool)
        self.phrase = np.asarray(columns[7], dtype=bool)
        self.vote = np.asarray(columns[8], dtype=np.int64)
        self.alpha = np.asarray(columns[9], dtype=bool)
        self.char_table = _table(self._chars, self.n_features)
        self.group_table = _table(self._groups, len(CUE_GROUPS))
        self._built = len(self._rows)


def _table(rows: list[tuple[int, ...]], width: int) -> sp.csr_matrix:
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.fromiter((c for r in rows for c in r), dtype=np.int64, count=int(indptr[-1]))
    data = np.ones(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(len(rows), width))


class Featurizer:
    """Turns comments into rows of `n_features + len(LEXICON_COLUMNS)` columns.

    `fit` learns inverse document frequencies for the hashed columns; without it every hashed
    feature weighs the same. The featurizer is rebuilt from `n_features` and `idf` alone.
    """

    def __init__(self, *, n_features: int = 2**18, idf: FloatArray | None = None) -> None:
        self.n_features = n_features
        self.idf = idf
        self._vocabulary = _Vocabulary(n_features)

    @property
    def width(self) -> int:
        return self.n_features + len(LEXICON_COLUMNS)

    def fit(self, texts: Sequence[str]) -> Featurizer:
        self.idf = None
        matrix = self.transform(texts).matrix[:, : self.n_features].tocsr()
        matrix.sum_duplicates()
        documents = np.bincount(matrix.indices, minlength=self.n_features)
        idf = np.log((1.0 + len(texts)) / (1.0 + documents)) + 1.0
        # Rounded to float32 as it is saved, so a loaded model judges exactly like a fresh one.
        self.idf = idf.astype(np.float32).astype(np.float64)
        return self

    def transform(self, texts: Sequence[str]) -> Features:
        if len(self._vocabulary.ids) > _VOCABULARY_LIMIT:
            self._vocabulary = _Vocabulary(self.n_features)
        tokens = [tokenize(text) for text in texts]
        ids_per_text = [self._vocabulary.lookup(row) for row in tokens]
        self._vocabulary.build()
        lengths = np.fromiter((len(r) for r in tokens), dtype=np.int64, count=len(tokens))
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        ids = np.fromiter(
            (i for row in ids_per_text for i in row), dtype=np.int64, count=int(offsets[-1])
        )
        batch = _Batch(self._vocabulary, ids, offsets)
        hits = batch.phrase_hits(tokens)
        matrix = batch.matrix(self.width, hits, self.idf)
        word_counts = np.bincount(batch.doc[batch.words], minlength=len(tokens))
        return Features(
            matrix, hits, tokens, batch.columns, offsets, word_counts, batch.language_votes()
        )


class _Batch:
    """One batch of comments as flat token arrays; every feature is a numpy expression."""

    def __init__(self, vocabulary: _Vocabulary, ids: IntArray, offsets: IntArray) -> None:
        self.v = vocabulary
        self.ids = ids
        self.offsets = offsets
        self.n_texts = len(offsets) - 1
        self.doc = np.repeat(np.arange(self.n_texts), np.diff(offsets))
        self.position = np.arange(len(ids))
        self.start = offsets[self.doc]
        self.end = offsets[self.doc + 1]
        self.negated = self._negated()
        words = ~vocabulary.clause_end[ids]
        self.words = words
        self.columns = np.where(self.negated, vocabulary.negated[ids], vocabulary.plain[ids])

    def _last(self, flags: npt.NDArray[np.bool_]) -> IntArray:
        """For each token, the position of the latest flagged token at or before it."""
        marked = np.where(flags, self.position, -1)
        return np.maximum.accumulate(marked) if len(marked) else marked

    def _negated(self) -> npt.NDArray[np.bool_]:
        v = self.v
        resets = v.clause_end[self.ids] | (self.position == self.start)
        last_negator = self._last(v.negator[self.ids])
        last_reset = self._last(resets)
        distance = self.position - last_negator
        return (
            (last_negator >= self.start)
            & (last_negator >= last_reset)
            & (distance >= 1)
            & (distance <= _NEGATION_SCOPE)
        )

    def matrix(
        self, width: int, hits: list[list[PhraseHit]], idf: FloatArray | None
    ) -> sp.csr_matrix:
        """Hashed counts times idf, scaled to unit length per comment, then the lexicon block.

        Repeated words stay separate entries (a linear model sums them anyway), which spares
        sorting every row; every step is a flat numpy operation over the batch. Each group of
        triples comes out sorted by comment, which is what `interleave` needs.
        """
        hashed = [self._unigrams(), self._pairs(), self._chars()]
        if idf is not None:
            hashed = [(doc, col, val * idf[col]) for doc, col, val in hashed]
        squares = sum(
            np.bincount(doc, weights=val * val, minlength=self.n_texts) for doc, _, val in hashed
        )
        norms = np.sqrt(np.asarray(squares, dtype=np.float64))
        norms[norms == 0] = 1.0
        scaled = [(doc, col, val / norms[doc]) for doc, col, val in hashed]
        return interleave([*scaled, self._lexicon(hits)], self.n_texts, width)

    def _unigrams(self) -> tuple[IntArray, IntArray, FloatArray]:
        keep = self.words
        return self.doc[keep], self.columns[keep], np.ones(int(keep.sum()))

    def _pairs(self) -> tuple[IntArray, IntArray, FloatArray]:
        previous = np.concatenate(([1], self.columns[:-1]))
        previous = np.where(self.position == self.start, 1, previous)
        pairs = (previous * _PAIR_PRIME + self.columns) % self.v.n_features
        keep = self.words
        return self.doc[keep], pairs[keep], np.ones(int(keep.sum()))

    def _chars(self) -> tuple[IntArray, IntArray, FloatArray]:
        table = self.v.char_table
        counts = np.diff(table.indptr)[self.ids]
        starts = table.indptr[self.ids]
        flat = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
        flat = flat + np.arange(int(counts.sum()))
        columns = table.indices[flat].astype(np.int64)
        return np.repeat(self.doc, counts), columns, np.full(len(columns), _CHAR_WEIGHT)

    def _polarity(self) -> FloatArray:
        v = self.v
        previous = np.concatenate(([0], self.ids[:-1]))
        boost = np.where(self.position == self.start, 1.0, v.intensity[previous])
        polarity = v.polarity[self.ids] * boost
        return np.where(self.negated, _NEGATED_POLARITY * polarity, polarity)

    def _lexicon(self, hits: list[list[PhraseHit]]) -> tuple[IntArray, IntArray, FloatArray]:
        v = self.v
        ids = self.ids
        raw = v.polarity[ids]
        polarity = self._polarity()
        plain = ~self.negated
        after_contrast = self._last(v.contrast[ids]) >= self.start
        columns = {
            0: np.where(plain & (raw > 0), polarity, 0.0),
            1: np.where(plain & (raw < 0), -polarity, 0.0),
            2: np.where(self.negated & (raw > 0), -polarity, 0.0),
            3: np.where(self.negated & (raw < 0), polarity, 0.0),
            4: np.where(plain & after_contrast & (raw > 0), polarity, 0.0),
            5: np.where(plain & after_contrast & (raw < 0), -polarity, 0.0),
            6: v.negator[ids].astype(np.float64),
            7: v.contrast[ids].astype(np.float64),
        }
        sums = np.zeros((self.n_texts, len(LEXICON_COLUMNS)))
        for column, values in columns.items():
            sums[:, column] = np.bincount(self.doc, weights=values, minlength=self.n_texts)
        self._punctuation(sums)
        self._aspects(sums, polarity)
        for doc, found in enumerate(hits):
            for hit in found:
                sums[doc, _LEVEL_AT + _LEVELS.index(hit.level)] += 1.0
        return _dense_to_triples(sums, self.v.n_features)

    def _punctuation(self, sums: FloatArray) -> None:
        lengths = np.diff(self.offsets)
        sums[:, 10] = (lengths > 25).astype(np.float64)
        ends = self.v.clause_end[self.ids]
        for column, mark in ((8, "!"), (9, "?")):
            token = self.v.ids.get(mark)
            if token is not None:
                flags = (self.ids == token) & ends
                sums[:, column] = np.bincount(self.doc[flags], minlength=self.n_texts)

    def _aspects(self, sums: FloatArray, polarity: FloatArray) -> None:
        """Cue counts per aspect, and the polarity within a few words of each cue."""
        membership = self.v.group_table[self.ids]
        if membership.nnz == 0:
            return
        cumulative = np.concatenate(([0.0], np.cumsum(polarity)))
        low = np.maximum(self.start, self.position - _WINDOW)
        high = np.minimum(self.end, self.position + _WINDOW + 1)
        local = cumulative[high] - cumulative[low]
        by_doc = sp.csr_matrix(
            (np.ones(len(self.ids)), (self.doc, self.position)),
            shape=(self.n_texts, len(self.ids)),
        )
        group_count = by_doc @ membership
        group_near = by_doc @ membership.multiply(local[:, None]).tocsr()
        width = len(CUE_GROUPS)
        sums[:, _CUE_AT : _CUE_AT + width] = group_count.toarray()
        sums[:, _NEAR_AT : _NEAR_AT + width] = group_near.toarray()

    def language_votes(self) -> IntArray:
        """Per comment: words, and Dutch, English and foreign function words (see language.py)."""
        vote = self.v.vote[self.ids]
        out = np.zeros((self.n_texts, 4), dtype=np.int64)
        out[:, 0] = np.bincount(self.doc[self.v.alpha[self.ids]], minlength=self.n_texts)
        for kind in (1, 2, 3):
            out[:, kind] = np.bincount(self.doc[vote == kind], minlength=self.n_texts)
        return out

    def phrase_hits(self, tokens: list[list[str]]) -> list[list[PhraseHit]]:
        hits: list[list[PhraseHit]] = [[] for _ in range(self.n_texts)]
        for position in np.flatnonzero(self.v.phrase[self.ids]):
            doc = int(self.doc[position])
            row = tokens[doc]
            at = int(position - self.offsets[doc]) + 1
            for phrase, level in _PHRASES[row[at - 1]]:
                if at >= len(phrase) and tuple(row[at - len(phrase) : at]) == phrase:
                    hits[doc].append(PhraseHit(" ".join(phrase), level))
                    break
        return hits


Triples = tuple[IntArray, IntArray, FloatArray]


def interleave(groups: Sequence[Triples], n_rows: int, width: int) -> sp.csr_matrix:
    """CSR rows from groups of (row, column, value) triples, each group sorted by row.

    Every entry's final place is computed directly (row start + earlier groups' share of the
    row + rank within its group), which is linear where a sort would be n log n.
    """
    counts = [np.bincount(g[0], minlength=n_rows) for g in groups]
    indptr = np.concatenate(([0], np.cumsum(np.sum(counts, axis=0))))
    total = int(indptr[-1])
    indices = np.empty(total, dtype=np.int64)
    data = np.empty(total)
    before = indptr[:-1].copy()
    for (rows, columns, values), count in zip(groups, counts, strict=True):
        first = np.concatenate(([0], np.cumsum(count)))[:-1]
        place = before[rows] + np.arange(len(rows)) - first[rows]
        indices[place] = columns
        data[place] = values
        before += count
    return sp.csr_matrix((data, indices, indptr), shape=(n_rows, width))


def _dense_to_triples(sums: FloatArray, offset: int) -> tuple[IntArray, IntArray, FloatArray]:
    """Non-zero lexicon values, squashed to the scale of the hashed columns.

    Raw sums reach ten or more while a hashed column rarely exceeds 0.3; left as they are they
    dominate the fit and slow the solver down by an order of magnitude.
    """
    doc, column = np.nonzero(sums)
    values = sums[doc, column]
    return doc, column + offset, _LEXICON_SCALE * np.sign(values) * np.log1p(np.abs(values))
