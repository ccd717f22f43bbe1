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
from collections.abc import Iterator, Sequence

from spacy.tokens import Span

from hechtingnlp.cues.context import ContextRules, _is_boundary, _triggers, _words
from hechtingnlp.language import words_of
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
    table = words_of(sent.doc)
    span = slice(sent.start, sent.end)
    lemmas = []
    for word, lemma, punct, space, neg in zip(
        words, table.lemmas[span], table.puncts[span], table.spaces[span], negated, strict=True
    ):
        if punct or space:
            continue
        lemma = lemma or word
        lemmas.append("neg_" + lemma if neg else lemma)
    return lemmas + [f"{a} {b}" for a, b in itertools.pairwise(lemmas)]


def word_grams(word: str, low: int = 3, high: int = 5) -> list[str]:
    """Character n-grams of one space-padded word."""
    padded = f" {word} "
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


class CharGrams:
    """The character n-grams of a text, kept as its words: iterating gives the n-grams, and
    the scorer looks them up once per distinct word (words repeat, texts rarely do)."""

    __slots__ = ("words",)

    def __init__(self, text: str) -> None:
        self.words = text.lower().split()

    def __iter__(self) -> Iterator[str]:
        for word in self.words:
            yield from word_grams(word)


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
        "chars": CharGrams(sent.text),
        "cues": cue_features(cues),
    }
