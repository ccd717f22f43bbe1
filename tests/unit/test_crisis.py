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
        # Ordinary sentences close to rules written for training writers' crisis wordings.
        "Ik ben bang dat hij zich pijn doet op de trampoline.",
        "Hij zegt dat expres, hij weet dat het pijn doet.",
        "Ik zie het nut niet meer in om met hem verder te gaan.",
        "Sinds mijn pensioen zie ik het nut niet meer van vroeg opstaan.",
        "Die voldoende kan ik in mijn slaap halen.",
        "In de stilte van de abdij vond ik vrede, mijn hart werd eindelijk stil.",
        "Als Noor om acht uur naar beneden komt, is het ook goed.",
        "Mocht ik overboord slaan, dan is het goed dat ik een zwemvest draag.",
        "De trainer ziet het niet meer zitten met dit team.",
        "Dat ik het niet meer zie zitten met die verbouwing, snapt iedereen.",
        "Ik wou dat hij niet meer bestond, na wat hij mama heeft aangedaan.",
        "Wie eerst naar de tandarts? Liefst ga ik eerst: dan ben ik ervan af.",
        "Ze vroeg of het uitmaakt of ik er nog ben als ze terugkomt.",
    ],
)
def test_lookalikes_are_not_crisis(text):
    assert load_crisis_detector().find(text) == []


def test_offsets_survive_folded_whitespace():
    text = "Vandaag   was  zwaar.\n\nIk   wil er\tniet meer zijn."
    (span,) = load_crisis_detector().find(text)
    assert "niet meer zijn" in text[span.start : span.end]


def _every_rule(detector, text):
    """What the rules find when every pattern and exception runs, without the pre-check."""
    from hechtingnlp.cues.crisis import _fold

    folded, origin = _fold(text)
    blocked = [m.span() for rx in detector.exceptions for m in rx.finditer(folded)]
    found = set()
    for rx in detector.patterns:
        for m in rx.finditer(folded):
            s, e = m.span()
            if e > s and not any(bs < e and s < be for bs, be in blocked):
                found.add((origin[s], origin[e - 1] + 1))
    return sorted(found)


def test_the_required_strings_check_never_hides_a_match():
    from hechtingnlp.corpus import load_corpus

    detector = load_crisis_detector()
    items = load_corpus()
    texts = [i["text"] for i in items if "crisis" in i["tags"] or "dood" in i["text"].lower()]
    texts += [i["text"] for i in items[::25]]
    assert len(texts) > 200
    for text in texts:
        assert [(c.start, c.end) for c in detector.find(text)] == _every_rule(detector, text)


def test_every_crisis_rule_has_required_strings_it_really_needs():
    import re

    from hechtingnlp.cues.crisis import required_strings

    detector = load_crisis_detector()
    for rx in (*detector.patterns, *detector.exceptions):
        needed = required_strings(rx.pattern)
        assert needed, rx.pattern  # every rule can be skipped on texts without its words
        # A pattern with its required part made impossible can no longer match anything
        # that holds none of the strings: checked by construction on a sample text.
        sample = "ik wil er niet meer zijn, ik heb me gesneden en het mag gedaan zijn"
        if not any(s in sample for s in needed):
            assert not re.search(rx.pattern, sample)
