"""The linear scorer that runs at classification time, with numpy only.

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

from hechtingnlp.labels import LABELS
from hechtingnlp.model.features import CharGrams, word_grams

Features = Mapping[str, Sequence[str]]
#: Distinct words whose n-gram indices a block keeps.
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

    def indices(self, features: Sequence[str] | CharGrams) -> np.ndarray:
        """Vocabulary indices of the known features (one entry per occurrence)."""
        if isinstance(features, CharGrams):
            return self._indices_by_word(features.words)
        get = self.vocabulary.get
        ids = [i for i in map(get, features) if i is not None]
        return np.array(ids, dtype=np.int64)

    def _indices_by_word(self, words: list[str]) -> np.ndarray:
        cache = self._by_word
        if len(cache) > _WORD_CACHE:
            cache.clear()  # bounded memory, however many distinct words a batch holds
        get = self.vocabulary.get
        ids: list[int] = []
        for word in words:
            known = cache.get(word)
            if known is None:
                known = cache[word] = [i for i in map(get, word_grams(word)) if i is not None]
            ids += known
        return np.array(ids, dtype=np.int64)


@dataclass(frozen=True)
class LinearPart:
    """One logistic regression per label over the blocks' columns."""

    coef: np.ndarray
    """Shape (labels, features)."""
    intercept: np.ndarray

    def scores_many(self, row: np.ndarray, col: np.ndarray, val: np.ndarray, n_rows: int) -> np.ndarray:
        """Probabilities, shape (labels, rows), for a matrix given as (row, column, value)."""
        weighted = self._by_column[col] * val[:, None]
        z = np.stack([np.bincount(row, weights=w, minlength=n_rows) for w in weighted.T])
        return 1.0 / (1.0 + np.exp(-(z + self.intercept[:, None])))

    @cached_property
    def _by_column(self) -> np.ndarray:
        """The weights with one row per column (a batch gathers whole rows)."""
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
        rows: list[list[np.ndarray]] = []  # per row, the vocabulary indices per block
        layout = []
        for sentences in texts:
            first = len(rows)
            for f in sentences:
                rows.append([block.indices(f.get(block.name, ())) for block in self.blocks])
            sentence_rows = range(first, len(rows))
            if len(sentences) > 1:
                rows.append(
                    [np.concatenate([rows[r][k] for r in sentence_rows]) for k in range(len(self.blocks))]
                )
                layout.append((sentence_rows, len(rows) - 1))
            else:
                layout.append((sentence_rows, first))
        if not rows:
            return layout, None
        row, col, val = self._matrix(rows)
        return layout, self._parts.scores_many(row, col, val, len(rows))

    def _matrix(self, rows: list[list[np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The rows' sublinear TF-IDF values, L2-normalised per block and times the block's
        weight, as (row, column, value) arrays: what scikit-learn's TfidfVectorizer with
        ``sublinear_tf=True`` computes in training."""
        nb = len(self.blocks)
        if not nb:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
        width, idf, weight, offsets = self._layout
        lengths = np.array([len(ids) for r in rows for ids in r], dtype=np.int64)
        ids = np.concatenate([ids for r in rows for ids in r])
        row_of = np.repeat(np.arange(len(rows), dtype=np.int64), lengths.reshape(len(rows), nb).sum(axis=1))
        block_of = np.repeat(np.tile(np.arange(nb), len(rows)), lengths)
        keys, counts = np.unique(row_of * width + offsets[block_of] + ids, return_counts=True)
        row, col = np.divmod(keys, width)
        block = np.searchsorted(offsets, col, side="right") - 1
        val = (1.0 + np.log(counts)) * idf[col]
        group = row * nb + block
        norm = np.sqrt(np.bincount(group, weights=val * val, minlength=len(rows) * nb))[group]
        return row, col, val * weight[block] / norm

    @cached_property
    def _parts(self) -> LinearPart:
        """The text, sentence and crisis parts as one, so that a batch gathers its columns once."""
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
