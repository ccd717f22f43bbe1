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
from dataclasses import dataclass, field
from functools import cached_property

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

    def _hits(self, cues: Sequence[str]) -> list[bool]:
        """Per label, whether a counting lexicon cue is among the cue features."""
        present = set(cues)
        return [f"{label}|self" in present or f"{label}|other" in present for label in self.labels]

    def raw(self, sentences: Sequence[Features]) -> tuple[np.ndarray, list[np.ndarray]]:
        """Raw scores of the whole text and of each sentence (arrays with one value per label)."""
        text, per_sentence, _ = self.score(sentences)
        return text, per_sentence

    def score(self, sentences: Sequence[Features]) -> tuple[np.ndarray, list[np.ndarray], bool]:
        """Raw scores of the text and of each sentence, and whether the crisis model fires."""
        return self.score_many([sentences])[0]

    def score_many(
        self, texts: Sequence[Sequence[Features]]
    ) -> list[tuple[np.ndarray, list[np.ndarray], bool]]:
        """:meth:`score` for many texts at once, as one set of array operations.

        Every sentence is a row, and so is every text of more than one sentence (a text of
        one sentence has that sentence's columns).
        """
        nl = len(self.labels)
        rows: list[list[np.ndarray]] = []  # per row, the vocabulary indices per block
        cue_rows: list[list[bool]] = []  # per row, which labels a counting cue lifts
        layout = []  # per text: its sentence rows and its text row
        for sentences in texts:
            first = len(rows)
            for f in sentences:
                rows.append([block.indices(f.get(block.name, ())) for block in self.blocks])
                cue_rows.append(self._hits(f.get("cues", ())))
            sentence_rows = range(first, len(rows))
            if len(sentences) > 1:
                rows.append(
                    [np.concatenate([rows[r][k] for r in sentence_rows]) for k in range(len(self.blocks))]
                )
                cue_rows.append([any(cue_rows[r][k] for r in sentence_rows) for k in range(nl)])
                layout.append((sentence_rows, len(rows) - 1))
            else:
                layout.append((sentence_rows, first))
        if not rows:
            return [(np.zeros(nl), [], False) for _ in texts]
        row, col, val = self._matrix(rows)
        probabilities = self._parts.scores_many(row, col, val, len(rows))
        text_z, sentence_z = probabilities[:nl], probabilities[nl : 2 * nl]
        crisis_z = probabilities[2 * nl] if self.crisis_part is not None else None
        hit = np.array(cue_rows, dtype=bool).T  # (labels, rows)
        floor = -np.inf if self.cue_floor is None else self.cue_floor
        out = []
        for sentence_rows, text_row in layout:
            if not len(sentence_rows):
                out.append((np.zeros(nl), [], False))
                continue
            best = sentence_z[:, sentence_rows].max(axis=1)
            text = (text_z[:, text_row] + best) / 2
            text = np.where(hit[:, text_row], np.maximum(text, floor), text)
            if len(sentence_rows) > 1:
                both = (sentence_z[:, sentence_rows] + text_z[:, sentence_rows]) / 2
                both = np.where(hit[:, sentence_rows], np.maximum(both, floor), both)
                per_sentence = list(both.T)
            else:
                per_sentence = [text]
            crisis = crisis_z is not None and crisis_z[text_row] >= self.crisis_threshold
            out.append((text, per_sentence, bool(crisis)))
        return out

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
