import pytest
from hypothesis import given
from hypothesis import strategies as st

from hechtingnlp.text import looks_dutch, require_text, safe_for_parsing


@pytest.mark.parametrize("value", [None, 3, b"ik", ["ik"], 2.5])
def test_require_text_names_the_type_not_the_value(value):
    with pytest.raises(TypeError) as err:
        require_text(value)
    assert type(value).__name__ in str(err.value)


@given(st.text())
def test_safe_copy_keeps_length_and_encodes(text):
    safe = safe_for_parsing(text)
    assert len(safe) == len(text)
    safe.encode("utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "Ik regel het zelf wel, ik heb niemand nodig.",
        "amai, ge zijt echt ne vent die alles zelf wilt doen allee",
        "ff checken of hij al online was haha, nog steeds niks terug",
        "Mijn vriend zegt sorry maar I don't care eigenlijk, ik ben gewoon moe.",
        "Oké.",
    ],
)
def test_dutch_is_dutch(text):
    assert looks_dutch(text)


@pytest.mark.parametrize(
    "text",
    [
        "I always handle everything myself and I really don't need anyone.",
        "Je ne sais pas pourquoi il est toujours si distant avec moi.",
        "Ich weiß nicht, warum er sich immer so zurückzieht, wenn ich weine.",
    ],
)
def test_other_languages_are_not(text):
    assert not looks_dutch(text)
