"""The run-time scorer must compute what training computed with scikit-learn."""

import numpy as np

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
    columns = [[c for b in fitted.blocks for c in b.columns(f.get(b.name, []))] for f in inputs]
    bounds = np.cumsum([0] + [len(c) for c in columns]).tolist()
    # Each input is a row of its own, then one row holds all inputs (a text of many sentences).
    members = [*range(len(inputs)), *range(len(inputs))]
    ours = scorer._matrix(
        [c for row in columns for c in row], bounds, members, [*range(len(inputs) + 1), 2 * len(inputs)]
    )
    np.testing.assert_allclose(ours[: len(inputs)].toarray(), matrix)
    whole = fitted.matrix([{b.name: [x for f in inputs for x in f.get(b.name, [])] for b in fitted.blocks}])
    np.testing.assert_allclose(ours[len(inputs) :].toarray(), whole.toarray())


def _parts_scorer(combiner=None):
    """A scorer whose text part reads 'bang' and whose sentence part reads 'weg'."""
    from hechtingnlp.model.scorer import Block

    block = Block("words", {"bang": 0, "weg": 1}, np.ones(2), 0)
    text = LinearPart(np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 0.0], [0.0, 0.0]]), np.full(4, -1.0))
    sentence = LinearPart(np.array([[0.0, 2.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]), np.full(4, -1.0))
    identity = (np.array([0.0, 1.0]), np.array([0.0, 1.0]))
    return LinearScorer((block,), text, sentence, dict.fromkeys(LABELS, identity), {}, combiner=combiner)


TEXT = [{"words": ["bang"]}, {"words": ["weg"]}, {"words": ["niks"]}]


def test_components_are_the_text_score_and_the_best_sentence_score():
    components = _parts_scorer().components([TEXT, [], [TEXT[2]]])
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    # The whole text holds one 'bang' of three sentences' words; the best sentence is 'weg'.
    text_bang = sigmoid(3.0 / np.sqrt(2) - 1)  # tf-idf of {bang, weg}, L2-normalised
    np.testing.assert_allclose(
        components[0],
        [sigmoid(-1), text_bang, sigmoid(-1), sigmoid(-1), sigmoid(1), sigmoid(-1), sigmoid(-1), sigmoid(-1)],
    )
    assert not components[1].any()  # no sentences: nothing to score
    np.testing.assert_allclose(components[2], sigmoid(-1))


def test_where_is_the_sentence_the_sentence_model_scores_highest():
    scored = _parts_scorer().score(TEXT)
    assert scored.where[0] == 1  # the sentence part reads 'weg' for vermijdend
    # For angstig only the text part reads something ('bang'); the sentence part scores all
    # sentences alike, and the first of them is taken.
    assert scored.where[1] == 0
    assert len(scored.where) == 4


def test_without_combiner_the_raw_score_is_the_mean_of_the_parts():
    scorer = _parts_scorer()
    components = scorer.components([TEXT])[0]
    text, per_sentence = scorer.score(TEXT)[:2]
    np.testing.assert_allclose(text, (components[:4] + components[4:]) / 2)
    assert len(per_sentence) == 3


def test_combiner_equals_the_fitted_logistic_regressions():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    components = rng.uniform(0.01, 0.99, size=(200, 8))
    gold = (components[:, :4] + rng.normal(0, 0.2, size=(200, 4)) > 0.5).astype(int)
    combiner = training.fit_combiner(components, gold)
    x = np.log(components / (1 - components))
    for k in range(4):
        expected = (
            LogisticRegression(C=training.COMBINER_C, max_iter=1000).fit(x, gold[:, k]).predict_proba(x)[:, 1]
        )
        np.testing.assert_allclose(combiner(components[:, :4].T, components[:, 4:].T)[k], expected, rtol=1e-6)


def test_combiner_scores_texts_and_sentences_alike():
    from hechtingnlp.model.scorer import Combiner

    rng = np.random.default_rng(1)
    scorer = _parts_scorer(Combiner(rng.normal(size=(4, 8)), rng.normal(size=4)))
    components = scorer.components([TEXT])[0]
    text, per_sentence = scorer.score(TEXT)[:2]
    np.testing.assert_allclose(text, scorer.combiner(components[:4, None], components[4:, None])[:, 0])
    # Each sentence is scored as a text of one sentence.
    for sentence, score in zip(TEXT, per_sentence, strict=True):
        np.testing.assert_allclose(score, scorer.score([sentence]).text)
    assert not np.allclose(per_sentence[0], per_sentence[1])


def test_character_ngrams_looked_up_per_word_equal_the_plain_lookup():
    from hechtingnlp.model.features import CharGrams
    from hechtingnlp.model.scorer import Block

    text = "Ik heb hem gisteren   vier keer gebeld, ik ik"
    grams = list(CharGrams(text))
    vocabulary = {g: n for n, g in enumerate(sorted(set(grams))[::3])}
    block = Block("chars", vocabulary, np.ones(len(vocabulary)), 7)
    expected = block.columns(grams)
    assert len(expected) > 0
    for _ in range(2):  # the second time from the per-word memory
        assert block.columns(CharGrams(text)) == expected
