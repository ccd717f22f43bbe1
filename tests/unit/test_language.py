import pytest
import spacy

from hechtingnlp.language import BLANK, build_pipeline, lemma_of, pipeline_name


def test_blank_fallback_has_sentences_and_lemmas(nlp):
    doc = nlp("Hij trok zich terug. Ik klampte me vast aan hem!")
    assert len(list(doc.sents)) == 2
    assert [t.lemma_ for t in doc][:2] == ["hij", "trekken"]
    assert doc[6].lemma_ == "klampen"


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Klampte", "klampen"),
        ("herlas", "herlezen"),
        ("berichtjes", "bericht"),
        ("zijt", "zijn"),
        ("'k", "ik"),
    ],
)
def test_lemma_of_uses_lookup_table_and_fixes(word, lemma):
    assert lemma_of(word) == lemma


def test_installed_pipeline_path_is_used(tmp_path):
    # Stand-in for nl_core_news_sm: a saved Dutch pipeline loaded by path.
    saved = spacy.blank("nl")
    saved.add_pipe("sentencizer")
    saved.to_disk(tmp_path / "nl_pipeline")
    nlp = build_pipeline(str(tmp_path / "nl_pipeline"))
    assert nlp.has_pipe("hechtingnlp_lemmatizer")
    doc = nlp("Ik verstijfde. Hij liep weg.")
    assert len(list(doc.sents)) == 2 and doc[4].lemma_ == "lopen"


def test_installed_pipeline_without_sentences_gets_a_sentencizer(tmp_path):
    spacy.blank("nl").to_disk(tmp_path / "bare")
    nlp = build_pipeline(str(tmp_path / "bare"))
    assert nlp.has_pipe("sentencizer")


def test_non_dutch_pipeline_is_refused(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "en")
    with pytest.raises(ValueError, match="Dutch"):
        build_pipeline(str(tmp_path / "en"))


def test_pipeline_name_of_fallback():
    assert "blank" in pipeline_name(build_pipeline(BLANK))


@pytest.mark.parametrize(
    "text",
    ["Ik ben ’t zat, echt!", "", "  \n ", "’s Avonds   hé... WAAROM?? 😅 #moe", "Hij\ttrok zich terug."],
)
def test_words_of_reads_what_the_tokens_say(nlp, text):
    from hechtingnlp.language import words_of

    for _ in range(2):  # the second time from the string memory
        doc = nlp(text)
        words = words_of(doc)
        assert words.lowers == [t.lower_.replace("’", "'") for t in doc]
        assert words.lemmas == [t.lemma_ for t in doc]
        assert words.puncts == [t.is_punct for t in doc]
        assert words.spaces == [t.is_space for t in doc]
