import io

from hechtingnlp.corpus import validate


def test_corpus_validates_and_meets_its_composition():
    out = io.StringIO()
    problems = validate(out=out)
    text = out.getvalue()
    assert problems == 0, text[-3000:]
    assert " NO" not in text
