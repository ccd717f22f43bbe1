"""Whose pattern is a cue? A small learned model on top of the subject rules.

Without a parser, the rules of :func:`hechtingnlp.cues.context.subject_of` read the subject
from pronouns, person nouns and names, and get it right for about three cues in four. This
logistic regression, trained on the gold cue spans of the train split, reads the same
signals together with the words of the cue and around it, and does better; its features
include the rules' own verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spacy.tokens import Span

from hechtingnlp.cues.context import ContextRules, _words, subject_of

BEFORE, AFTER = 8, 4


def subject_features(sent: Span, start: int, end: int, rules: ContextRules) -> list[str]:
    """Features of the cue at sentence-relative tokens ``start:end``."""
    words = _words(sent)
    end = min(end, len(words))
    feats = [f"rule:{subject_of(sent, start, end, rules)}"]
    if start < len(words):
        feats.append(f"first:{words[start]}")
    feats += [f"cue:{w}" for w in words[start:end]]
    feats += [f"before:{w}" for w in words[max(0, start - BEFORE) : start]]
    feats += [f"after:{w}" for w in words[end : end + AFTER]]
    return sorted(set(feats))


@dataclass(frozen=True)
class SubjectModel:
    """Logistic regression over binary features; positive means someone else's pattern."""

    weights: dict[str, float]
    intercept: float

    def subject(self, features: list[str]) -> str:
        z = self.intercept + sum(self.weights.get(f, 0.0) for f in features)
        return "other" if 1.0 / (1.0 + math.exp(-z)) >= 0.5 else "self"


def train_subject_model(rows: list[list[str]], others: list[bool], C: float = 1.0) -> SubjectModel:
    """Fit the model on feature lists and whether each cue is someone else's pattern."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    X = vectorizer.fit_transform([dict.fromkeys(r, 1) for r in rows])
    clf = LogisticRegression(C=C, max_iter=2000).fit(X, others)
    weights = {name: float(w) for name, w in zip(vectorizer.feature_names_, clf.coef_[0], strict=True) if w}
    return SubjectModel(weights, float(clf.intercept_[0]))
