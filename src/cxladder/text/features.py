"""Comments to sparse feature rows, fast: hashed words, word pairs, character n-grams, lexicons.

Every comment becomes hashed word 1-2 grams (a word inside a negation scope is hashed apart, so
'not good' never looks like 'good'), character 2-5 grams within words (robust to Dutch compounds
and typos), and a small block of lexicon features: polarity sums with negation and contrast
handled, cue-word counts per aspect and per level, and the polarity near each aspect's cue words.

Speed comes from doing per comment only what must be sequential (splitting into words); the
batch's words are looked up in one go in a vocabulary of distinct words seen so far, everything a
word contributes is computed once when it is first seen, and the rest (negation scopes, pairs,
windows, sums, the sparse layout) runs as numpy over the whole batch. Hashes are murmurhash3, so
features are identical across processes and machines. The 'near:' columns come from a running
sum over the batch, so they can differ in the last bit with the comments batched around one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

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

# Explicit letter ranges (Latin with accents) match faster than the Unicode class [^\W_]. The
# quantifiers are possessive (nothing after them can fail, so they never need to give back a
# letter), which spares the regex engine its backtracking bookkeeping.
_TOKEN = re.compile(r"[a-z0-9\u00c0-\u024f]++(?:'[a-z0-9\u00c0-\u024f]++)?+|[!?.,;:]")
_CLAUSE_END = frozenset("!?.,;:")
# Joins a batch for one lowercasing call; neither a letter nor cased, so each text lowercases
# exactly as it would alone.
_SEPARATOR = "\x00"
_NEGATION_SCOPE = 3
_WINDOW = 3
_VOCABULARY_LIMIT = 400_000
_CHAR_WEIGHT = 0.5
_PAIR_PRIME = 1_000_003
_LEXICON_SCALE = 0.4
_NEGATED_POLARITY = -0.7
_INT32_MAX = np.iinfo(np.int32).max

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


def _tokenize_all(texts: Sequence[str]) -> list[list[str]]:
    """`tokenize` for each text, lowercasing the whole batch in one call."""
    lowered = _SEPARATOR.join(texts).lower().split(_SEPARATOR)
    if len(lowered) != len(texts):
        # A text holds the separator itself (or the batch is empty): one at a time then.
        lowered = [text.lower() for text in texts]
    findall = _TOKEN.findall
    return [findall(text) for text in lowered]


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


def _phrase_index() -> dict[str, tuple[tuple[tuple[str, ...], PhraseHit], ...]]:
    """Level cues by their last word, longest first; each with its hit, made once and shared
    (hits are frozen)."""
    index: dict[str, list[tuple[tuple[str, ...], PhraseHit]]] = {}
    for level, phrases in LEVEL_CUES.items():
        for phrase in phrases:
            words = tuple(tokenize(phrase))
            if words:
                hit = PhraseHit(" ".join(words), level)
                index.setdefault(words[-1], []).append((words, hit))
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
        # Built once even when empty, so an empty batch finds its (empty) columns.
        self._built = -1

    def lookup(self, tokens: list[str]) -> IntArray:
        ids = self.ids
        try:
            # The common case, every word seen before, stays in C.
            return np.fromiter(map(ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        except KeyError:
            # New words get their ids in order of first appearance, as one by one would.
            for token in [t for t in dict.fromkeys(tokens) if t not in ids]:
                self._add(token)
            return np.fromiter(map(ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))

    def _add(self, token: str) -> int:
        n = self.n_features
        padded = f" {token} "
        end = token in _CLAUSE_END
        chars = (
            ()
            if end
            else tuple(
                _hash(padded[i : i + size], n)
                for size in range(2, 6)
                for i in range(len(padded) - size + 1)
            )
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
        # Ten columns, one per field of a row in `_add`; all empty before the first word.
        columns = list(zip(*self._rows, strict=True)) or [()] * 10
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
        tokens = _tokenize_all(texts)
        words = list(chain.from_iterable(tokens))
        ids = self._vocabulary.lookup(words)
        self._vocabulary.build()
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        batch = _Batch(self._vocabulary, ids, offsets)
        hits = batch.phrase_hits(words)
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
        words = self.doc[self.words]
        counts = np.diff(self.v.char_table.indptr)[self.ids]
        letters = np.repeat(self.doc, counts)
        columns = [self.columns[self.words], self._pairs()[self.words], self._chars(counts)]
        if idf is None:
            values = [np.ones(len(words)), np.ones(len(words)), np.full(len(letters), _CHAR_WEIGHT)]
        else:
            # The counts are ones and the character weight a power of two, so these are the
            # very products `count * idf` would give.
            values = [np.take(idf, c) for c in columns]
            values[2] *= _CHAR_WEIGHT
        docs = [words, words, letters]
        squares = sum(
            np.bincount(doc, weights=val * val, minlength=self.n_texts)
            for doc, val in zip(docs, values, strict=True)
        )
        norms = np.sqrt(np.asarray(squares, dtype=np.float64))
        norms[norms == 0] = 1.0
        values[0] /= norms[words]
        values[1] /= norms[words]
        values[2] /= np.repeat(norms[self.doc], counts)
        return interleave(
            [*zip(docs, columns, values, strict=True), self._lexicon(hits)], self.n_texts, width
        )

    def _pairs(self) -> IntArray:
        """Per token, the hashed column of it and the word before it (a comment's first word
        pairs with a fixed start)."""
        previous = np.concatenate(([1], self.columns[:-1]))
        previous = np.where(self.position == self.start, 1, previous)
        return (previous * _PAIR_PRIME + self.columns) % self.v.n_features

    def _chars(self, counts: IntArray) -> IntArray:
        """The character n-gram columns of every token in a row; `counts` per token."""
        table = self.v.char_table
        flat = np.repeat(table.indptr[self.ids] - (np.cumsum(counts) - counts), counts)
        flat += np.arange(len(flat))
        return np.take(table.indices, flat)

    def _polarity(self) -> FloatArray:
        v = self.v
        # Rolled rather than padded, so an empty batch indexes nothing; the first token's
        # 'previous' is never used (it starts a comment).
        previous = np.roll(self.ids, 1)
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
        """Cue counts per aspect, and the polarity within a few words of each cue.

        One (comment, aspect) cell per cue word and aspect it cues, summed by `bincount` in
        word order, which adds up exactly as a sparse product over the same words would.
        """
        table = self.v.group_table
        counts = np.diff(table.indptr)[self.ids]
        total = int(counts.sum())
        if total == 0:
            return
        cue = np.repeat(self.position, counts)
        within = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        group = table.indices[table.indptr[self.ids[cue]] + within]
        width = len(CUE_GROUPS)
        cell = self.doc[cue] * width + group
        local = self._window_sums(polarity, cue)
        size = self.n_texts * width
        count = np.bincount(cell, minlength=size).reshape(self.n_texts, width)
        near = np.bincount(cell, weights=local, minlength=size).reshape(self.n_texts, width)
        sums[:, _CUE_AT : _CUE_AT + width] = count
        sums[:, _NEAR_AT : _NEAR_AT + width] = near

    def _window_sums(self, polarity: FloatArray, cue: IntArray) -> FloatArray:
        """Polarity within `_WINDOW` words of each cue word, inside its comment.

        Summed offset by offset rather than as a difference of one running sum over the
        batch: that difference depends in its last bits on the comments before it, and a
        comment must read the same alone as in any batch.
        """
        start, end = self.start[cue], self.end[cue]
        local = np.zeros(len(cue))
        last = len(polarity) - 1
        for offset in range(-_WINDOW, _WINDOW + 1):
            at = cue + offset
            inside = (at >= start) & (at < end)
            local += np.where(inside, polarity[np.clip(at, 0, last)], 0.0)
        return local

    def language_votes(self) -> IntArray:
        """Per comment: words, and Dutch, English and foreign function words (see language.py)."""
        vote = self.v.vote[self.ids]
        out = np.zeros((self.n_texts, 4), dtype=np.int64)
        out[:, 0] = np.bincount(self.doc[self.v.alpha[self.ids]], minlength=self.n_texts)
        for kind in (1, 2, 3):
            out[:, kind] = np.bincount(self.doc[vote == kind], minlength=self.n_texts)
        return out

    def phrase_hits(self, words: list[str]) -> list[list[PhraseHit]]:
        """Per comment, the level cues it holds; `words` are all comments' tokens in a row."""
        hits: list[list[PhraseHit]] = [[] for _ in range(self.n_texts)]
        flagged = np.flatnonzero(self.v.phrase[self.ids])
        for end, doc, start in zip(
            (flagged + 1).tolist(),
            self.doc[flagged].tolist(),
            self.start[flagged].tolist(),
            strict=True,
        ):
            for phrase, hit in _PHRASES[words[end - 1]]:
                size = len(phrase)
                if end - start >= size and tuple(words[end - size : end]) == phrase:
                    hits[doc].append(hit)
                    break
        return hits


Triples = tuple[IntArray, IntArray, FloatArray]


def interleave(groups: Sequence[Triples], n_rows: int, width: int) -> sp.csr_matrix:
    """CSR rows from groups of (row, column, value) triples, each group sorted by row.

    Every entry's final place is computed directly (row start + earlier groups' share of the
    row + rank within its group), which is linear where a sort would be n log n. Because each
    group is sorted, a row's share of it comes from a binary search per row rather than a pass
    over the entries, and the columns are cast to the index type before they are scattered
    (numpy's scatter with a cast on the way is several times slower).
    """
    every_row = np.arange(n_rows + 1)
    bounds = [np.searchsorted(g[0], every_row) for g in groups]
    counts = [np.diff(b) for b in bounds]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.sum(counts, axis=0), out=indptr[1:])
    total = int(indptr[-1])
    index = np.int32 if max(total, width, n_rows) <= _INT32_MAX else np.int64
    indices = np.empty(total, dtype=index)
    data = np.empty(total)
    before = indptr[:-1].copy()
    for (_, columns, values), bound, count in zip(groups, bounds, counts, strict=True):
        place = np.repeat(before - bound[:-1], count)
        place += np.arange(len(place))
        indices[place] = columns.astype(index, copy=False)
        data[place] = values
        before += count
    return sp.csr_matrix((data, indices, indptr.astype(index)), shape=(n_rows, width))


def _dense_to_triples(sums: FloatArray, offset: int) -> tuple[IntArray, IntArray, FloatArray]:
    """Non-zero lexicon values, squashed to the scale of the hashed columns.

    Raw sums reach ten or more while a hashed column rarely exceeds 0.3; left as they are they
    dominate the fit and slow the solver down by an order of magnitude.
    """
    doc, column = np.nonzero(sums)
    values = sums[doc, column]
    return doc, column + offset, _LEXICON_SCALE * np.sign(values) * np.log1p(np.abs(values))
