"""Features of one sentence, shared by training and scoring.

Three blocks, each turned into TF-IDF weights by its own vocabulary:

- ``words``: lemmas and lemma bigrams; a lemma inside a negation scope carries ``neg_``,
  so "niet bang" and "bang" are different features;
- ``chars``: character 3- to 5-grams inside words (robust to typos and Flemish spelling);
- ``cues``: the cue detector's themes and labels, with negated, hypothetical and
  other-subject cues kept apart (``angstig/jaloezie|self``, ``angstig|neg``).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from spacy.tokens import Span

from hechtingnlp.cues.context import ContextRules, _is_boundary, _triggers, _words
from hechtingnlp.result import Cue

BLOCKS = ("words", "chars", "cues")


def word_features(sent: Span, rules: ContextRules) -> list[str]:
    """Lemmas and lemma bigrams of the sentence with negation scope marked."""
    words = _words(sent)
    negated = [False] * len(words)
    for _, t_end in _triggers(words, rules.neg_pre, rules):
        for i in range(t_end, min(len(words), t_end + rules.pre_window)):
            if _is_boundary(words[i], rules):
                break
            negated[i] = True
    lemmas = []
    for token, neg in zip(sent, negated, strict=True):
        if token.is_punct or token.is_space:
            continue
        lemma = token.lemma_ or token.lower_
        lemmas.append("neg_" + lemma if neg else lemma)
    return lemmas + [f"{a} {b}" for a, b in itertools.pairwise(lemmas)]


def char_features(text: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams within space-padded words of the lower-cased text."""
    grams = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def cue_state(cue: Cue) -> str:
    """``neg``, ``hyp``, ``self`` or ``other``: how the cue stands in its sentence."""
    if cue.negated:
        return "neg"
    if cue.hypothetical:
        return "hyp"
    return cue.subject


def cue_features(cues: Sequence[Cue]) -> list[str]:
    """Theme and label features of the cues of one sentence."""
    feats = []
    for cue in cues:
        state = cue_state(cue)
        feats.append(f"{cue.theme}|{state}")
        feats.append(f"{cue.label}|{state}")
    return feats


def sentence_features(sent: Span, cues: Sequence[Cue], rules: ContextRules) -> dict[str, list[str]]:
    """All feature blocks of one sentence, by block name."""
    return {
        "words": word_features(sent, rules),
        "chars": char_features(sent.text),
        "cues": cue_features(cues),
    }
