import dataclasses
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hechtingnlp
from hechtingnlp.labels import LABELS


def test_issue_example(analyzer):
    result = analyzer.classify("Ik regel het zelf wel, ik heb niemand nodig.")
    assert result.labels == ("vermijdend",)
    assert set(result.scores) == set(LABELS)
    assert all(0.0 <= v <= 1.0 for v in result.scores.values())
    assert any(c.label == "vermijdend" and c.counts for c in result.cues)


def test_module_functions_use_the_default_analyzer():
    result = hechtingnlp.classify("Ik regel het zelf wel, ik heb niemand nodig.")
    assert result.labels == ("vermijdend",)
    assert result.model.name == hechtingnlp._analyzer().model_info.name


def test_to_dict_is_plain_json(analyzer):
    result = analyzer.classify("Mijn vriend trekt zich terug. Ik heb zijn appje al tien keer gelezen.")
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {
        "text",
        "labels",
        "scores",
        "cues",
        "sentences",
        "snippets",
        "crisis",
        "model",
        "warnings",
    }
    assert data["labels"] == list(result.labels)
    assert len(data["sentences"]) == 2


def test_results_are_frozen(analyzer):
    result = analyzer.classify("Ik ben bang dat hij me verlaat.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.labels = ()  # type: ignore[misc]


def test_labels_are_sorted_by_score(analyzer):
    result = analyzer.classify(
        "Ik wil dat hij blijft en tegelijk duw ik hem weg. Ik ben zo jaloers, ik check zijn telefoon."
    )
    scores = [result.scores[label] for label in result.labels]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_text_has_no_labels(analyzer, text):
    result = analyzer.classify(text)
    assert result.labels == () and result.cues == () and "empty" in result.warnings


@pytest.mark.parametrize("value", [None, 42, b"ik heb niemand nodig", ["tekst"]])
def test_non_string_raises_type_error(analyzer, value):
    with pytest.raises(TypeError, match=type(value).__name__):
        analyzer.classify(value)


def test_english_is_flagged_not_scored_as_dutch(analyzer):
    result = analyzer.classify("I always solve everything myself, I really don't need anyone to help me.")
    assert "not_dutch" in result.warnings and result.labels == ()


def test_crisis_always_points_to_help(analyzer):
    result = analyzer.classify(
        "Ik heb het gevoel dat iedereen beter af is zonder mij. Hij reageert niet op mijn berichten."
    )
    assert result.crisis
    assert result.snippets[0].kind == "crisis"
    assert "113" in result.snippets[0].text and "1813" in result.snippets[0].text


def test_crisis_is_set_even_without_snippets(analyzer):
    assert analyzer.classify("ik wil er niet meer zijn", snippets=False).crisis


def test_long_text_is_handled(analyzer):
    entry = "Vandaag naar de markt geweest en daarna gekookt. Ik heb niemand nodig, ik los het zelf op. "
    text = entry * (1_000_000 // len(entry) + 1)
    assert len(text) >= 1_000_000
    result = analyzer.classify(text, snippets=False)
    assert "vermijdend" in result.labels
    last = result.cues[-1]
    assert text[last.start : last.end] == last.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec=None), max_size=300))
def test_any_text_never_crashes_and_offsets_hold(analyzer, text):
    result = analyzer.classify(text)
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text
    json.dumps(result.to_dict())


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben bang\x00 dat hij\x07 weggaat",
        "ik check mijn gsm 😭😭📱 hij leest het wel",
        "ik ben bang dat hij weggaat \u202eשלום עולם",
        "bang dat hij weggaat \ud800 echt",
    ],
)
def test_odd_characters(analyzer, text):
    result = analyzer.classify(text)
    for cue in result.cues:
        assert text[cue.start : cue.end] == cue.text


def test_batch_keeps_order_and_count(analyzer):
    texts = [
        "Ik heb niemand nodig.",
        "",
        "Ik ben zo jaloers op haar collega.",
        "Gewoon boodschappen gedaan.",
    ] * 5
    batch = list(analyzer.classify_batch(texts, batch_size=3))
    assert [r.text for r in batch] == texts
    assert batch == [analyzer.classify(t) for t in texts]


def test_batch_is_lazy(analyzer):
    endless = itertools.cycle(["Ik heb niemand nodig.", "Ik check steeds mijn telefoon."])
    first = list(itertools.islice(analyzer.classify_batch(endless, batch_size=4), 5))
    assert len(first) == 5


def test_batch_with_two_processes_equals_one(analyzer):
    texts = [f"Dag {n}: ik heb zijn appje al {n} keer gelezen en hij reageert niet." for n in range(12)] + [
        "",
        "Ik verstijfde.",
    ]
    assert list(analyzer.classify_batch(texts, n_process=2, batch_size=4)) == list(
        analyzer.classify_batch(texts)
    )


@pytest.mark.parametrize(("n_process", "batch_size"), [(0, 10), (1, 0), (-2, 5), (1.5, 5)])
def test_batch_rejects_bad_settings(analyzer, n_process, batch_size):
    with pytest.raises(ValueError):
        list(analyzer.classify_batch(["tekst"], n_process=n_process, batch_size=batch_size))


def test_batch_rejects_non_strings(analyzer):
    with pytest.raises(TypeError, match="int"):
        list(analyzer.classify_batch(["goed", 3]))


def test_model_evidence_points_at_the_sentence_models_best_sentence(analyzer):
    """A label without a lexicon cue gets the sentence the sentence model scores highest."""
    from hechtingnlp.corpus import load_corpus

    texts = [i["text"] for i in load_corpus(split="dev") if i["kind"] == "entry"][:300]
    checked = 0
    for text, result in zip(texts, analyzer.classify_batch(texts, snippets=False), strict=True):
        model_cues = [c for c in result.cues if c.theme is None]
        if not model_cues:
            continue
        reading = analyzer._read(text, analyzer.nlp(text))
        where = analyzer.model.scorer.score(reading.features).where
        for cue in model_cues:
            assert cue.sentence == where[LABELS.index(cue.label)]
            sentence = result.sentences[cue.sentence]
            assert sentence.start <= cue.start < cue.end <= sentence.end
            assert cue.subject == analyzer._sentence_subject(reading.sentences[cue.sentence])
            checked += 1
    assert checked >= 10
