"""The linear scorer that runs at classification time, with numpy only.

Two linear models share the feature blocks' definition: one trained on whole texts and one
trained on single sentences. A text's raw score for a label is the mean of the text model's
score for the whole text and the sentence model's best sentence score: the first reads the
entry as a whole, the second finds the one jealous sentence in a long entry about work. An
isotonic calibration curve per label turns raw scores into probabilities, and a per-label
threshold gives the labels. A sentence on its own is scored the same way, as a text of one
sentence.

A lexicon cue that counts (not negated, not hypothetical) lifts its label's raw score to at
least ``cue_floor``: the lexicon is written for precision, and explicit wordings that are rare
in the training texts ("ik vertrouw hem volledig") must still count. Calibration is fitted
on the lifted scores, so the probabilities stay honest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hechtingnlp.labels import LABELS

Features = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block: its vocabulary, IDF weights and weight in the model."""

    name: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int
    """Index of the block's first column in the weight matrices."""
    weight: float = 1.0

    def indices(self, features: Sequence[str]) -> np.ndarray:
        """Vocabulary indices of the known features (one entry per occurrence)."""
        get = self.vocabulary.get
        ids = np.fromiter((get(f, -1) for f in features), dtype=np.int64, count=len(features))
        return ids[ids >= 0]

    def columns(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Columns and values of sublinear TF-IDF, L2-normalised, times the block weight
        (as scikit-learn's TfidfVectorizer with ``sublinear_tf=True`` computes them)."""
        if not len(ids):
            return ids, np.zeros(0)
        unique, counts = np.unique(ids, return_counts=True)
        values = (1.0 + np.log(counts)) * self.idf[unique]
        return self.offset + unique, values * (self.weight / np.sqrt(values @ values))


@dataclass(frozen=True)
class LinearPart:
    """One logistic regression per label over the blocks' columns."""

    coef: np.ndarray
    """Shape (labels, features)."""
    intercept: np.ndarray

    def scores(self, columns: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Probability per label (uncalibrated) for one input's columns and values."""
        z = self.coef[:, columns] @ values + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


def merge(features: Sequence[Features]) -> dict[str, list[str]]:
    """The features of a whole text: every sentence's features of each block, together."""
    merged: dict[str, list[str]] = {}
    for f in features:
        for block, values in f.items():
            merged.setdefault(block, []).extend(values)
    return merged


@dataclass(frozen=True)
class LinearScorer:
    """Scores texts and their sentences for the four labels."""

    blocks: tuple[Block, ...]
    """The feature blocks, shared by both parts."""
    text_part: LinearPart
    sentence_part: LinearPart
    calibration: dict[str, tuple[np.ndarray, np.ndarray]]
    """Per label the isotonic curve (raw score points, probabilities)."""
    thresholds: dict[str, float]
    """Per label the calibrated probability from which the label is given."""
    labels: tuple[str, ...] = LABELS
    cue_floor: float | None = None
    """Raw score a counting lexicon cue lifts its label to (None: no lift)."""
    crisis_part: LinearPart | None = None
    """A text model of crisis language, a backstop for the crisis rules (never a brake)."""
    crisis_threshold: float = 0.5

    def _lift(self, raw: np.ndarray, cues: set[str]) -> np.ndarray:
        if self.cue_floor is None:
            return raw
        hit = np.array([f"{label}|self" in cues or f"{label}|other" in cues for label in self.labels])
        return np.where(hit, np.maximum(raw, self.cue_floor), raw)

    def _columns(self, ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        parts = [block.columns(i) for block, i in zip(self.blocks, ids, strict=True)]
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate([c for c, _ in parts]), np.concatenate([v for _, v in parts])

    def raw(self, sentences: Sequence[Features]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Raw scores of the whole text and of each sentence (arrays with one value per label)."""
        text, per_sentence, _ = self.score(sentences)
        return text, per_sentence

    def score(self, sentences: Sequence[Features]) -> tuple[np.ndarray, list[np.ndarray], bool]:
        """Raw scores of the text and of each sentence, and whether the crisis model fires."""
        if not sentences:
            return np.zeros(len(self.labels)), [], False
        sentence_ids = [[block.indices(f.get(block.name, ())) for block in self.blocks] for f in sentences]
        per_sentence = []
        best = np.zeros(len(self.labels))
        columns = None
        for f, ids in zip(sentences, sentence_ids, strict=True):
            columns = self._columns(ids)
            s = self.sentence_part.scores(*columns)
            best = np.maximum(best, s)
            if len(sentences) > 1:
                both = (s + self.text_part.scores(*columns)) / 2
                per_sentence.append(self._lift(both, set(f.get("cues", ()))))
        if len(sentences) == 1:
            text_columns = columns  # a text of one sentence has that sentence's columns
        else:
            text_ids = [np.concatenate([ids[k] for ids in sentence_ids]) for k in range(len(self.blocks))]
            text_columns = self._columns(text_ids)
        whole = self.text_part.scores(*text_columns)
        cues = {c for f in sentences for c in f.get("cues", ())}
        text = self._lift((whole + best) / 2, cues)
        if len(sentences) == 1:
            per_sentence = [text]
        crisis = (
            self.crisis_part is not None
            and self.crisis_part.scores(*text_columns)[0] >= self.crisis_threshold
        )
        return text, per_sentence, bool(crisis)

    def calibrate(self, raw: np.ndarray) -> dict[str, float]:
        """Turn raw scores (one per label) into calibrated probabilities."""
        out = {}
        for k, label in enumerate(self.labels):
            xs, ys = self.calibration[label]
            out[label] = float(min(1.0, max(0.0, np.interp(raw[k], xs, ys))))
        return out
