import re

import pytest

from hechtingnlp.cues.lexicon import load_lexicon
from hechtingnlp.labels import LABELS, themes
from hechtingnlp.resources import load
from hechtingnlp.result import Cue
from hechtingnlp.snippets import CRISIS_ID, KINDS, find, library, select

DIAGNOSIS = re.compile(r"\bje bent (vermijdend|angstig|gedesorganiseerd|veilig|ambivalent)\b", re.I)


def test_schema_and_sizes():
    entries = library()
    assert len(entries) >= 60
    assert len({s.id for s in entries}) == len(entries)
    for s in entries:
        assert s.kind in KINDS and (s.label is None or s.label in LABELS)
        assert 40 <= len(s.text.split()) <= 120, s.id
        assert (s.title and s.source) or s.kind == "crisis", s.id
        assert not DIAGNOSIS.search(s.text), s.id


def test_sources_are_named_by_title():
    titles = {src["title"] for src in load("sources.json")["sources"]}
    assert all(set(s.source) <= titles for s in library())


@pytest.mark.parametrize("label", LABELS)
def test_every_label_is_covered(label):
    kinds = [s.kind for s in find(label=label)]
    assert "uitleg" in kinds and "herkennen" in kinds and "mythe" in kinds
    assert kinds.count("tip") >= 3


def test_general_snippets_exist():
    assert find(kind="dynamiek") and find(kind="hulp")
    (crisis,) = find(kind="crisis")
    assert crisis.id == CRISIS_ID
    for number in ("113", "0800-0113", "1813"):
        assert number in crisis.text


def test_every_theme_maps_to_a_snippet():
    lexicon = load_lexicon()
    for theme in themes():
        assert find(theme=lexicon.snippet_themes[theme]), theme


def _cue(theme, subject="self"):
    return Cue(theme.split("/")[0], theme, "x", 0, 1, 0, subject=subject)


def test_selection_is_specific_deterministic_and_limited():
    cues = [_cue("angstig/berichten-checken"), _cue("angstig/jaloezie")]
    first = select(["angstig"], cues)
    assert first == select(["angstig"], cues)
    assert len(first) <= 3
    assert first[0].theme == "angstig/berichten-checken"


def test_crisis_first_even_when_excluded():
    chosen = select(["angstig"], [_cue("angstig/verlatingsangst")], crisis=True, exclude={CRISIS_ID})
    assert chosen[0].id == CRISIS_ID


def test_exclude_avoids_repeats():
    cues = [_cue("vermijdend/zelfredzaamheid")]
    first = select(["vermijdend"], cues)
    second = select(["vermijdend"], cues, exclude={s.id for s in first})
    assert not {s.id for s in first} & {s.id for s in second}


def test_pursue_withdraw_gets_a_dynamic_snippet():
    cues = [_cue("angstig/berichten-checken"), _cue("vermijdend/terugtrekken-bij-conflict", "other")]
    assert any(s.kind == "dynamiek" for s in select(["angstig", "vermijdend"], cues))


def test_negated_cues_select_nothing():
    cue = Cue("angstig", "angstig/jaloezie", "x", 0, 1, 0, negated=True)
    assert select(["angstig"], [cue])[0].theme is None
