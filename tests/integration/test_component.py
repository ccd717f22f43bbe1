import pytest
import spacy

import hechtingnlp.component  # noqa: F401 - registers the factories
from hechtingnlp._version import VersionMismatchWarning


@pytest.fixture()
def user_nlp():
    nlp = spacy.blank("nl")
    nlp.add_pipe("hechtingnlp_classifier")
    return nlp


def test_add_pipe_sets_classification_and_spans(user_nlp, analyzer):
    text = "Mijn vriend trekt zich altijd terug als ik huil."
    doc = user_nlp(text)
    assert doc._.hechting.labels == analyzer.classify(text).labels
    assert doc._.hechting_cues == doc._.hechting.cues
    assert [s.label_ for s in doc.spans["hechting_cues"]] == [c.label for c in doc._.hechting.cues]


def test_cue_component_sets_only_cues():
    nlp = spacy.blank("nl")
    nlp.add_pipe("hechtingnlp_cues")
    doc = nlp("Ik heb niemand nodig.")
    assert doc._.hechting is None
    assert any(c.label == "vermijdend" for c in doc._.hechting_cues)


def test_bytes_round_trip(user_nlp):
    data = user_nlp.to_bytes()
    other = spacy.blank("nl")
    other.add_pipe("hechtingnlp_classifier", config={"snippets": False})
    other.from_bytes(data)
    assert other.get_pipe("hechtingnlp_classifier").cfg["snippets"] is True
    assert other("Ik heb niemand nodig.")._.hechting.labels == ("vermijdend",)


def test_disk_round_trip(user_nlp, tmp_path):
    user_nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert (
        loaded("Ik ben zo jaloers op zijn collega.")._.hechting.labels
        == user_nlp("Ik ben zo jaloers op zijn collega.")._.hechting.labels
    )


def test_version_mismatch_warns(user_nlp):
    import srsly

    component = user_nlp.get_pipe("hechtingnlp_classifier")
    data = srsly.msgpack_dumps({**component.cfg, "version": "0.0.1"})
    with pytest.warns(VersionMismatchWarning):
        component.from_bytes(data)
