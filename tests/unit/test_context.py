import pytest


def _only(cues, label):
    found = [c for c in cues if c.label == label]
    assert found, f"no {label} cue found"
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben niet bang dat hij me verlaat.",
        "Ik heb nooit echt het gevoel gehad dat ik alles alleen moet doen.",
        "Ik ben helemaal niet jaloers.",
    ],
)
def test_negated(cues_of, text):
    cues = cues_of(text)
    insecure = [c for c in cues if c.label != "veilig"]
    assert insecure and all(c.negated for c in insecure)


def test_cue_with_its_own_negation_word_is_not_negated(cues_of):
    cue = _only(cues_of("Eerlijk gezegd heb ik niemand nodig."), "vermijdend")
    assert not cue.negated


def test_negation_scope_ends_at_maar(cues_of):
    cue = _only(cues_of("Het is niet zo dat ik het niet wil, maar ik ben zo jaloers."), "angstig")
    assert not cue.negated


def test_pseudo_trigger_is_not_negation(cues_of):
    cue = _only(cues_of("Niet alleen op het werk, ik ben overal jaloers."), "angstig")
    assert not cue.negated


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Mijn vriend trekt zich altijd terug als ik huil.", "other"),
        ("Gisteren trok hij zich weer terug.", "other"),
        ("Ik trek me terug als het moeilijk wordt.", "self"),
        ("Mijn zus is zo jaloers.", "other"),
        ("Ik ben bang dat hij me verlaat.", "self"),
    ],
)
def test_subject(cues_of, text, subject):
    cues = [c for c in cues_of(text) if c.counts]
    assert cues and cues[0].subject == subject


@pytest.mark.parametrize(
    "text",
    ["Ben ik nu vermijdend gehecht omdat ik graag alleen ben?", "Stel dat hij me ooit verlaat, wat dan?"],
)
def test_hypothetical(cues_of, text):
    assert all(not c.counts for c in cues_of(text))
