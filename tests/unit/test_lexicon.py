import pytest

from hechtingnlp.cues.lexicon import compile_pattern, load_lexicon
from hechtingnlp.labels import LABELS, themes
from hechtingnlp.resources import load


def test_every_theme_has_patterns_and_a_snippet_theme():
    lexicon = load_lexicon()
    with_patterns = {p.theme for p in lexicon.patterns}
    assert with_patterns == set(themes())
    assert set(lexicon.snippet_themes) == set(themes())


def test_at_least_forty_themes_over_all_labels():
    assert len(themes()) >= 40
    assert {t.label for t in themes().values()} == set(LABELS)


def test_resource_headers():
    from hechtingnlp.cues.lexicon import LEXICON_FILES

    for name in (
        *LEXICON_FILES,
        "context_rules.json",
        "crisis.json",
        "themes.json",
        "snippets.json",
        "sources.json",
    ):
        raw = load(name)
        assert raw["name"] and raw["description"] and raw["provenance"], name


def test_unknown_macro_is_an_error():
    with pytest.raises(ValueError, match="macro"):
        compile_pattern("@nergens nodig", {})


def test_empty_pattern_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        compile_pattern("~ ~~", {})


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Hij trok zich meteen terug.", "vermijdend/terugtrekken-bij-conflict"),
        ("Ik klampte me aan haar vast.", "angstig/vastklampen"),
        ("Ik heb zijn berichtjes weer herlezen.", "angstig/berichten-checken"),
        ("Ik verstijfde toen hij schreeuwde.", "gedesorganiseerd/bevriezen"),
    ],
)
def test_inflections_and_separable_verbs(cues_of, text, theme):
    assert theme in {c.theme for c in cues_of(text)}


def test_cues_never_span_two_sentences(cues_of):
    for cue in cues_of("Ik ben bang. Dat hij weggaat is onzin. Hij blijft gewoon."):
        assert "." not in cue.text.strip(".")


def test_cue_offsets_point_at_cue_text(cues_of):
    text = "Vandaag veel gedaan. Toen ze huilde ben ik weggelopen naar de schuur."
    for cue in cues_of(text):
        assert text[cue.start : cue.end] == cue.text
