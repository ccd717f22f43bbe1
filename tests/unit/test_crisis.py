import pytest

from hechtingnlp.cues.crisis import load_crisis_detector


@pytest.mark.parametrize(
    "text",
    [
        "Ik wil er niet meer zijn.",
        "soms hoop ik dat ik gewoon niet meer wakker word",
        "Iedereen is beter af zonder mij.",
        "heb me gisteren weer gesneden",
        "'k zie het leven nie meer zitten",
        "Ik denk steeds aan zelfmoord.",
        "Ik wil dood.",
        "I want to die.",
    ],
)
def test_crisis_found(text):
    spans = load_crisis_detector().find(text)
    assert spans and all(0 <= s.start < s.end <= len(text) for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "Ik ga dood van de hitte vandaag.",
        "We lagen dood van het lachen om die film.",
        "Gisteren een documentaire over zelfmoordpreventie gezien.",
        "Die deadline wordt mijn dood nog.",
        "Ik ben doodmoe na die dienst.",
    ],
)
def test_lookalikes_are_not_crisis(text):
    assert load_crisis_detector().find(text) == []


def test_offsets_survive_folded_whitespace():
    text = "Vandaag   was  zwaar.\n\nIk   wil er\tniet meer zijn."
    (span,) = load_crisis_detector().find(text)
    assert "niet meer zijn" in text[span.start : span.end]
