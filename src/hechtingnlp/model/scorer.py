"""The linear scorer that runs at classification time, with numpy only.

A :class:`LinearScorer` holds what training learned, as plain arrays: per feature block a
vocabulary and IDF weights, one weight vector per label, and per label an isotonic
calibration curve and a threshold. Sentences are scored one by one; a text's raw score for
a label is its highest sentence score, which the calibration curve turns into a probability.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from hechtingnlp.labels import LABELS


@dataclass(frozen=True)
class Block:
    """One TF-IDF feature block: its vocabulary, IDF weights and weight in the model."""

    name: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int
    """Index of the block's first column in the model's weight matrix."""
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
class LinearScorer:
    """Scores sentences and texts for the four labels."""

    blocks: tuple[Block, ...]
    coef: np.ndarray
    """Shape (labels, features)."""
    intercept: np.ndarray
    calibration: dict[str, tuple[np.ndarray, np.ndarray]]
    """Per label the isotonic curve (raw score points, probabilities)."""
    thresholds: dict[str, float]
    """Per label the calibrated probability from which the label is given."""
    labels: tuple[str, ...] = LABELS

    def raw_sentence_scores(self, features: Mapping[str, Sequence[str]]) -> np.ndarray:
        """Uncalibrated probability per label for one sentence's features."""
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

    def calibrate(self, raw: np.ndarray) -> dict[str, float]:
        """Turn raw scores (one per label) into calibrated probabilities."""
        out = {}
        for k, label in enumerate(self.labels):
            xs, ys = self.calibration[label]
            out[label] = float(min(1.0, max(0.0, np.interp(raw[k], xs, ys))))
        return out
