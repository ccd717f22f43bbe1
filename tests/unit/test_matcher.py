"""The lexicon's own matcher must find exactly what spaCy's Matcher finds with the same patterns."""

import pytest
from spacy.matcher import Matcher

from hechtingnlp.cues.lexicon import load_lexicon
from hechtingnlp.cues.matcher import PatternMatcher
from hechtingnlp.language import build_pipeline, words_of

TEXTS = [
    "Ik heb niemand nodig, ik regel het zelf wel.",
    "Hij trok zich na de ruzie meteen terug en zei de hele avond niks.",
    "Ik klampte me vast aan haar, ik kon haar niet laten gaan.",
    "Ik heb zijn laatste bericht al zes keer gecheckt of hij het gelezen heeft.",
    "Ik wil dat hij blijft en ik wil dat hij weggaat.",
    "Na de ruzie hebben we het rustig uitgepraat en ik heb om hulp gevraagd.",
    "Vroeg of ze ni kan blijven. Ze zei nee, en ik ben de tuin in gegaan.",
    "zeg da tegen niemand, 'k ga het zelf wel oplossen zenne",
]


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline("blank")


def _spacy_matches(nlp, patterns, sent):
    matcher = Matcher(nlp.vocab)
    for key, tokens in patterns:
        matcher.add(key, [list(tokens)])
    strings = nlp.vocab.strings
    return sorted({(strings[m], s, e) for m, s, e in matcher(sent)})


@pytest.mark.parametrize("text", TEXTS)
def test_same_matches_as_spacy(nlp, text):
    patterns = [(p.key, p.tokens) for p in load_lexicon().patterns]
    ours = PatternMatcher(patterns)
    doc = nlp(text)
    words = words_of(doc)
    for sent in doc.sents:
        s, e = sent.start, sent.end
        raw_lowers = [t.lower_ for t in sent]
        found = sorted(set(ours(words.lemmas[s:e], raw_lowers, words.puncts[s:e])))
        assert found == _spacy_matches(nlp, patterns, sent)


def test_gap_stops_at_punctuation_and_optional_elements_are_optional(nlp):
    gap = [{"LEMMA": {"IN": ["ik"]}}, {"IS_PUNCT": False, "OP": "{0,3}"}, {"LEMMA": {"IN": ["alleen"]}}]
    optional = [{"LEMMA": {"IN": ["heel"]}, "OP": "?"}, {"LEMMA": {"IN": ["alleen"]}}]
    matcher = PatternMatcher([("gap", gap), ("opt", optional)])

    def run(text):
        doc = nlp(text)
        w = words_of(doc)
        return sorted(matcher(w.lemmas, w.lowers, w.puncts))

    assert ("gap", 0, 4) in run("ik ben zo alleen")
    assert not [m for m in run("ik ben , alleen") if m[0] == "gap"]
    assert not [m for m in run("ik ben echt heel erg alleen") if m[0] == "gap"]  # gap of 4
    assert [m for m in run("heel alleen") if m[0] == "opt"] == [("opt", 0, 2), ("opt", 1, 2)]


def test_pattern_without_a_required_word_is_refused():
    with pytest.raises(ValueError, match="required word"):
        PatternMatcher([("x", [{"LEMMA": {"IN": ["a"]}, "OP": "?"}])])


def test_unsupported_operator_is_refused():
    with pytest.raises(ValueError, match="operator"):
        PatternMatcher([("x", [{"LEMMA": {"IN": ["a"]}, "OP": "+"}])])
