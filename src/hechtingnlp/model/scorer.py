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

import math
from collections import Counter
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
    """Index of the block's first column in the weight matrix."""
    weight: float = 1.0

    def transform(self, features: Sequence[str]) -> dict[int, float]:
        """Sublinear TF-IDF, L2-normalised, times the block weight (as scikit-learn does)."""
        counts = Counter(self.vocabulary[f] for f in features if f in self.vocabulary)
        values = {i: (1.0 + math.log(c)) * float(self.idf[i]) for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        if not norm:
            return {}
        scale = self.weight / norm
        return {self.offset + i: v * scale for i, v in values.items()}


@dataclass(frozen=True)
class LinearPart:
    """Feature blocks and one logistic regression per label."""

    blocks: tuple[Block, ...]
    coef: np.ndarray
    """Shape (labels, features)."""
    intercept: np.ndarray

    def scores(self, features: Features) -> np.ndarray:
        """Probability per label (uncalibrated) for one input's features."""
        columns: dict[int, float] = {}
        for block in self.blocks:
            columns.update(block.transform(features.get(block.name, ())))
        if columns:
            idx = np.fromiter(columns.keys(), dtype=np.int64, count=len(columns))
            val = np.fromiter(columns.values(), dtype=np.float64, count=len(columns))
            z = self.coef[:, idx] @ val + self.intercept
        else:
            z = self.intercept.copy()
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

    text_part: LinearPart
    sentence_part: LinearPart
    calibration: dict[str, tuple[np.ndarray, np.ndarray]]
    """Per label the isotonic curve (raw score points, probabilities)."""
    thresholds: dict[str, float]
    """Per label the calibrated probability from which the label is given."""
    labels: tuple[str, ...] = LABELS
    cue_floor: float | None = None
    """Raw score a counting lexicon cue lifts its label to (None: no lift)."""

    def _lift(self, raw: np.ndarray, features: Features) -> np.ndarray:
        if self.cue_floor is None:
            return raw
        cues = set(features.get("cues", ()))
        hit = np.array([f"{label}|self" in cues or f"{label}|other" in cues for label in self.labels])
        return np.where(hit, np.maximum(raw, self.cue_floor), raw)

    def raw(self, sentences: Sequence[Features]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Raw scores of the whole text and of each sentence (arrays with one value per label)."""
        if not sentences:
            zero = np.zeros(len(self.labels))
            return zero, []
        per_sentence = []
        best = np.zeros(len(self.labels))
        for f in sentences:
            s = self.sentence_part.scores(f)
            t = self.text_part.scores(f) if len(sentences) > 1 else None
            best = np.maximum(best, s)
            per_sentence.append(self._lift(s if t is None else (s + t) / 2, f))
        merged = merge(sentences) if len(sentences) > 1 else sentences[0]
        text = self._lift((self.text_part.scores(merged) + best) / 2, merged)
        if len(sentences) == 1:
            per_sentence = [text]
        return text, per_sentence

    def calibrate(self, raw: np.ndarray) -> dict[str, float]:
        """Turn raw scores (one per label) into calibrated probabilities."""
        out = {}
        for k, label in enumerate(self.labels):
            xs, ys = self.calibration[label]
            out[label] = float(min(1.0, max(0.0, np.interp(raw[k], xs, ys))))
        return out
