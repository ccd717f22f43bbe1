"""The linear scorer that runs at classification time, with numpy and scipy only.

Two linear models share the feature blocks' definition: one trained on whole texts and one
trained on single sentences. Per text they give two scores per label: the text model's score
for the whole text and the sentence model's best sentence score. The first reads the entry as
a whole, the second finds the one jealous sentence in a long entry about work. A combiner
turns these eight scores into one probability per label: a logistic regression per label over
the log-odds of all eight, fitted on out-of-fold scores, so that the scores of the other
labels count too (a text that reads as plainly ``veilig`` is less likely ``vermijdend``). A
per-label threshold gives the labels. A sentence on its own is scored the same way, as a text
of one sentence.

Without a combiner, a text's raw score is the mean of its two scores, and an isotonic curve
per label turns it into a probability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
from scipy import sparse

from hechtingnlp.labels import LABELS
from hechtingnlp.model.features import CharGrams, word_grams

Features = Mapping[str, Sequence[str]]
#: Distinct words whose n-gram columns a block keeps.
_WORD_CACHE = 200_000


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block: its vocabulary, IDF weights and weight in the model."""

    name: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int
    """Index of the block's first column in the weight matrices."""
    weight: float = 1.0
    _by_word: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def columns(self, features: Sequence[str] | CharGrams) -> list[int]:
        """Columns of the known features in the weight matrices (one per occurrence)."""
        if isinstance(features, CharGrams):
            return self._columns_by_word(features.words)
        get = self._columns.get
        return [i for i in map(get, features) if i is not None]

    @cached_property
    def _columns(self) -> dict[str, int]:
        return {term: self.offset + i for term, i in self.vocabulary.items()}

    def _columns_by_word(self, words: list[str]) -> list[int]:
        cache = self._by_word
        if len(cache) > _WORD_CACHE:
            cache.clear()  # bounded memory, however many distinct words a batch holds
        get = self._columns.get
        out: list[int] = []
        for word in words:
            known = cache.get(word)
            if known is None:
                known = cache[word] = [i for i in map(get, word_grams(word)) if i is not None]
            out += known
        return out


@dataclass(frozen=True)
class LinearPart:
    """One logistic regression per label over the blocks' columns."""

    coef: np.ndarray
    """Shape (labels, features)."""
    intercept: np.ndarray

    def scores_many(self, matrix: sparse.csr_matrix) -> np.ndarray:
        """Probabilities, shape (labels, rows), for the rows of a (rows, columns) matrix.

        The sparse product sums each row on its own, in its column order, so a row's score
        does not depend on the other rows to the last bit."""
        z = (matrix @ self._by_column).T
        return 1.0 / (1.0 + np.exp(-(z + self.intercept[:, None])))

    @cached_property
    def _by_column(self) -> np.ndarray:
        """The weights with one row per column."""
        return np.ascontiguousarray(self.coef.T)


def merge(features: Sequence[Features]) -> dict[str, list[str]]:
    """The features of a whole text: every sentence's features of each block, together."""
    merged: dict[str, list[str]] = {}
    for f in features:
        for block, values in f.items():
            merged.setdefault(block, []).extend(values)
    return merged


def log_odds(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class Combiner:
    """Per label a logistic regression over the log-odds of a text's eight part scores.

    Examples
    --------
    >>> c = Combiner(np.hstack([np.eye(4), np.zeros((4, 4))]), np.zeros(4))
    >>> c(np.full((4, 1), 0.8), np.full((4, 1), 0.1)).round(2).ravel().tolist()
    [0.8, 0.8, 0.8, 0.8]
    """

    coef: np.ndarray
    """Shape (labels, 2 * labels): weights of the text scores, then of the best sentence scores."""
    intercept: np.ndarray

    def __call__(self, text: np.ndarray, sentence: np.ndarray) -> np.ndarray:
        """Probabilities, shape (labels, n), from text and sentence scores of shape (labels, n)."""
        x = log_odds(np.vstack([text, sentence]))
        # Summed input by input rather than as a matrix product, so that a text's score does
        # not depend on the other texts of its batch, to the last bit.
        z = np.repeat(self.intercept[:, None], x.shape[1], axis=1)
        for j in range(x.shape[0]):
            z += self.coef[:, j, None] * x[j]
        return 1.0 / (1.0 + np.exp(-z))


class Scored(NamedTuple):
    """What the scorer says about one text."""

    text: np.ndarray
    """Raw score of the whole text, per label."""
    sentences: list[np.ndarray]
    """Raw score of each sentence, scored as a text of one sentence."""
    crisis: bool
    """Whether the crisis model fires."""
    where: np.ndarray
    """Per label, the index of the sentence the sentence model scores highest: the one that
    most likely holds the label's cue (the sentence model is trained on where cues are)."""


@dataclass(frozen=True)
class LinearScorer:
    """Scores texts and their sentences for the four labels."""

    blocks: tuple[Block, ...]
    """The feature blocks, shared by both parts."""
    text_part: LinearPart
    sentence_part: LinearPart
    calibration: dict[str, tuple[np.ndarray, np.ndarray]]
    """Per label the isotonic curve (raw score points, probabilities); the identity when a
    combiner gives probabilities."""
    thresholds: dict[str, float]
    """Per label the calibrated probability from which the label is given."""
    labels: tuple[str, ...] = LABELS
    combiner: Combiner | None = None
    """Turns the part scores into one per label (None: their mean)."""
    crisis_part: LinearPart | None = None
    """A text model of crisis language, a backstop for the crisis rules (never a brake)."""
    crisis_threshold: float = 0.5

    def score(self, sentences: Sequence[Features]) -> Scored:
        """Raw scores of the text and of each sentence, the crisis model, where the cues are."""
        return self.score_many([sentences])[0]

    def score_many(self, texts: Sequence[Sequence[Features]]) -> list[Scored]:
        """:meth:`score` for many texts at once, as one set of array operations."""
        nl = len(self.labels)
        layout, z = self._part_scores(texts)
        nothing = Scored(np.zeros(nl), [], False, np.zeros(nl, dtype=np.int64))
        if z is None:
            return [nothing for _ in texts]
        parts = self._components(layout, z)
        text_raw = self._combine(parts[:, :nl].T, parts[:, nl:].T)
        row_raw = self._combine(z[:nl], z[nl : 2 * nl])  # each row scored as a text of itself
        crisis_z = z[2 * nl] if self.crisis_part is not None else None
        out = []
        for n, (sentence_rows, text_row) in enumerate(layout):
            if not len(sentence_rows):
                out.append(nothing)
                continue
            text = text_raw[:, n]
            per_sentence = list(row_raw[:, sentence_rows].T) if len(sentence_rows) > 1 else [text]
            crisis = crisis_z is not None and crisis_z[text_row] >= self.crisis_threshold
            where = z[nl : 2 * nl, sentence_rows].argmax(axis=1)
            out.append(Scored(text, per_sentence, bool(crisis), where))
        return out

    def components(self, texts: Sequence[Sequence[Features]]) -> np.ndarray:
        """Shape (texts, 2 * labels): the text part's score of each whole text, then its best
        sentence score; what the combiner reads (zeros for a text without sentences)."""
        layout, z = self._part_scores(texts)
        return self._components(layout, z)

    def _components(self, layout: list, z: np.ndarray | None) -> np.ndarray:
        nl = len(self.labels)
        out = np.zeros((len(layout), 2 * nl))
        if z is None:
            return out
        for n, (sentence_rows, text_row) in enumerate(layout):
            if len(sentence_rows):
                out[n, :nl] = z[:nl, text_row]
                out[n, nl:] = z[nl : 2 * nl, sentence_rows].max(axis=1)
        return out

    def _combine(self, text: np.ndarray, sentence: np.ndarray) -> np.ndarray:
        if self.combiner is None:
            return (text + sentence) / 2
        return self.combiner(text, sentence)

    def _part_scores(self, texts: Sequence[Sequence[Features]]) -> tuple[list, np.ndarray | None]:
        """Every part's probabilities, shape (parts' labels, rows), and per text its sentence
        rows and its text row. Every sentence is a row, and so is every text of more than one
        sentence (a text of one sentence has that sentence's columns)."""
        columns: list[int] = []  # every sentence's columns, sentence after sentence
        bounds = [0]
        members: list[int] = []  # per row, the sentences it is made of
        row_bounds = [0]
        layout = []
        for sentences in texts:
            first_sentence, first_row = len(bounds) - 1, len(row_bounds) - 1
            for f in sentences:
                for block in self.blocks:
                    columns += block.columns(f.get(block.name, ()))
                bounds.append(len(columns))
                members.append(len(bounds) - 2)
                row_bounds.append(len(members))
            sentence_rows = range(first_row, len(row_bounds) - 1)
            if len(sentences) > 1:
                members.extend(range(first_sentence, len(bounds) - 1))
                row_bounds.append(len(members))
                layout.append((sentence_rows, len(row_bounds) - 2))
            else:
                layout.append((sentence_rows, first_row))
        if len(row_bounds) == 1:
            return layout, None
        return layout, self._parts.scores_many(self._matrix(columns, bounds, members, row_bounds))

    def _matrix(
        self, columns: list[int], bounds: list[int], members: list[int], row_bounds: list[int]
    ) -> sparse.csr_matrix:
        """The rows' sublinear TF-IDF values, L2-normalised per block and times the block's
        weight: what scikit-learn's TfidfVectorizer with ``sublinear_tf=True`` computes in
        training. ``columns[bounds[i]:bounds[i + 1]]`` are sentence i's columns, and row r is
        the sum of the sentences ``members[row_bounds[r]:row_bounds[r + 1]]``."""
        width, idf, weight, offsets = self._layout
        n_sentences, n_rows = len(bounds) - 1, len(row_bounds) - 1
        ones = np.ones(len(columns))
        counts = sparse.csr_matrix(
            (ones, np.array(columns, dtype=np.int64), np.array(bounds, dtype=np.int64)),
            shape=(n_sentences, width),
        )
        rows = sparse.csr_matrix(
            (np.ones(len(members)), np.array(members, dtype=np.int64), np.array(row_bounds, dtype=np.int64)),
            shape=(n_rows, n_sentences),
        )
        matrix = (rows @ counts).tocsr()
        matrix.sum_duplicates()  # also sorts each row's columns
        col = matrix.indices
        block = np.searchsorted(offsets, col, side="right") - 1
        val = (1.0 + np.log(matrix.data)) * idf[col]
        nb = len(self.blocks)
        group = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(matrix.indptr)) * nb + block
        norm = np.sqrt(np.bincount(group, weights=val * val, minlength=n_rows * nb))[group]
        matrix.data = val / norm * weight[block]  # normalised, then weighted, as in training
        return matrix

    @cached_property
    def _parts(self) -> LinearPart:
        """The text, sentence and crisis parts as one, so that one sparse product scores them all."""
        parts = [self.text_part, self.sentence_part] + ([self.crisis_part] if self.crisis_part else [])
        return LinearPart(np.vstack([p.coef for p in parts]), np.concatenate([p.intercept for p in parts]))

    @cached_property
    def _layout(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """Width of the weight matrices, IDF per column, and weight and offset per block."""
        width = self.text_part.coef.shape[1]
        idf = np.zeros(width)
        for block in self.blocks:
            idf[block.offset : block.offset + len(block.idf)] = block.idf
        weight = np.array([block.weight for block in self.blocks])
        offsets = np.array([block.offset for block in self.blocks], dtype=np.int64)
        return width, idf, weight, offsets

    def calibrate(self, raw: np.ndarray) -> dict[str, float]:
        """Turn raw scores (one per label) into calibrated probabilities."""
        out = {}
        for k, label in enumerate(self.labels):
            xs, ys = self.calibration[label]
            out[label] = float(min(1.0, max(0.0, np.interp(raw[k], xs, ys))))
        return out
