"""The numpy scorer must compute exactly what training computed with scikit-learn."""

import numpy as np
import pytest

from hechtingnlp.labels import LABELS
from hechtingnlp.model import train as training
from hechtingnlp.model.dataset import Example
from hechtingnlp.model.scorer import LinearPart, LinearScorer


def _example(features):
    return Example(
        {"persona": "x"}, features, np.zeros((len(features), 4), dtype=np.int8), np.zeros(4, dtype=np.int8)
    )


SENTENCES = [
    {"words": ["ik", "bang", "ik"], "chars": [" ik", "ik "], "cues": []},
    {"words": ["neg_bang", "hij"], "chars": [" hi", "hij", "ij "], "cues": ["angstig|neg"]},
    {"words": ["onbekend"], "chars": [], "cues": ["angstig/jaloezie|self", "angstig|self"]},
]


def test_block_columns_equal_the_training_matrix(monkeypatch):
    monkeypatch.setattr(training, "_MIN_DF", {"words": 1, "chars": 1, "cues": 1})
    variant = training.Variant("t", {"words": 1.0, "chars": 0.5, "cues": 2.0})
    fitted = training.fit_blocks([_example(SENTENCES)], variant)
    inputs = [*SENTENCES, {"words": ["nooit", "gezien"]}]
    matrix = fitted.matrix(inputs).toarray()
    zero = LinearPart(np.zeros((4, matrix.shape[1])), np.zeros(4))
    scorer = LinearScorer(fitted.blocks, zero, zero, {}, {})
    row, col, val = scorer._matrix([[b.indices(f.get(b.name, [])) for b in fitted.blocks] for f in inputs])
    ours = np.zeros_like(matrix)
    ours[row, col] = val
    np.testing.assert_allclose(ours, matrix)


@pytest.mark.parametrize("floor", [None, 0.9])
def test_cue_floor_lifts_only_labels_with_a_counting_cue(floor):
    zero = LinearPart(np.zeros((4, 1)), np.full(4, -5.0))
    identity = (np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    scorer = LinearScorer(
        (), zero, zero, dict.fromkeys(LABELS, identity), dict.fromkeys(LABELS, 0.5), cue_floor=floor
    )
    raw, _ = scorer.raw([{"cues": ["angstig|self", "vermijdend|neg"]}])
    lifted = raw >= 0.9
    assert list(lifted) == [False, floor is not None, False, False]


def test_character_ngrams_looked_up_per_word_equal_the_plain_lookup():
    from hechtingnlp.model.features import CharGrams
    from hechtingnlp.model.scorer import Block

    text = "Ik heb hem gisteren   vier keer gebeld, ik ik"
    grams = list(CharGrams(text))
    vocabulary = {g: n for n, g in enumerate(sorted(set(grams))[::3])}
    block = Block("chars", vocabulary, np.ones(len(vocabulary)), 0)
    expected = block.indices(grams)
    assert len(expected) > 0
    for _ in range(2):  # the second time from the per-word memory
        np.testing.assert_array_equal(block.indices(CharGrams(text)), expected)
