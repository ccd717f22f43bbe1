"""Shared fixtures: pipelines build on spacy.blank("nl") (the fallback the tests run on)."""

from __future__ import annotations

import pytest

from hechtingnlp.analyzer import LEXICON, Analyzer
from hechtingnlp.language import build_pipeline


@pytest.fixture(scope="session")
def nlp():
    return build_pipeline("blank")


@pytest.fixture(scope="session")
def analyzer():
    """The analyzer with the shipped model, on the blank fallback pipeline."""
    return Analyzer(pipeline="blank")


@pytest.fixture(scope="session")
def lexicon_analyzer():
    """Decisions from the cue lexicon alone."""
    return Analyzer(LEXICON, pipeline="blank")


@pytest.fixture(scope="session")
def detector(lexicon_analyzer):
    return lexicon_analyzer.detector


@pytest.fixture(scope="session")
def cues_of(lexicon_analyzer):
    def find(text: str):
        return lexicon_analyzer.detector(lexicon_analyzer.nlp(text))

    return find
