"""Entry and the shared text helpers."""

from __future__ import annotations

import dataclasses

import pytest

from hechtingnlp.io import Entry
from hechtingnlp.io.text import dayone_unescape, html_to_text, split_front_matter, strip_front_matter


def test_entry_is_frozen_with_defaults():
    entry = Entry(id="1", text="Ik was bang.", date=None, source="d.txt")
    assert entry.error is None and entry.meta == {} and entry.ok
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.text = "anders"  # type: ignore[misc]


def test_entry_repr_hides_text():
    entry = Entry(id="1", text="Mijn geheime dagboektekst", date=None, source="d.txt")
    assert "geheime" not in repr(entry)


def test_entry_failure_has_no_text():
    entry = Entry.failure("3", "d.jsonl", "parse_error: invalid JSON on line 3")
    assert entry.text == "" and not entry.ok and entry.error.startswith("parse_error")


def test_every_entry_field_has_a_docstring():
    import ast
    import inspect
    import itertools

    import hechtingnlp.io.entry as module

    tree = ast.parse(inspect.getsource(module))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Entry").body
    documented = {
        stmt.target.id
        for stmt, nxt in itertools.pairwise(body)
        if isinstance(stmt, ast.AnnAssign)
        and isinstance(nxt, ast.Expr)
        and isinstance(nxt.value, ast.Constant)
    }
    assert documented == {f.name for f in dataclasses.fields(Entry)}


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>Vandaag</p><p>Morgen</p>", "Vandaag\nMorgen"),
        ("Een<br>twee<br/>drie", "Een\ntwee\ndrie"),
        ("<p>Eerste</p><p><br></p><p>Derde</p>", "Eerste\n\nDerde"),
        ("<div>Sam &amp; Noor &lt;3 &eacute;&#233;n</div>", "Sam & Noor <3 één"),
        ("<p>Een\n   lange\tregel</p>", "Een lange regel"),
        ("<style>p{color:red}</style><p>Tekst</p>", "Tekst"),
        ("<ul><li>een</li><li>twee</li></ul>", "een\ntwee"),
        ("Geen html\nmaar wel regels &amp; zo", "Geen html\nmaar wel regels & zo"),
        ("ik <3 jou", "ik <3 jou"),
        ("<p>a&nbsp;b</p>", "a b"),
    ],
)
def test_html_to_text(markup, expected):
    assert html_to_text(markup) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"Wat een dag\!", "Wat een dag!"),
        (r"\(haakjes\) \[blok\] \# \* \_ \- \+ \> \. \= \~ \`", "(haakjes) [blok] # * _ - + > . = ~ `"),
        (r"C:\Users\sam", r"C:\Users\sam"),  # backslash before a letter is real
        (r"regel\1 en \n", r"regel\1 en \n"),
        (r"een \\ backslash", r"een \ backslash"),  # escaped backslash is one backslash
        (r"\\. na backslash", r"\. na backslash"),
        ("Foto ![](dayone-moment://ABC123) erbij", "Foto  erbij"),
        ("![foto](dayone-moment:/video/XYZ)\nTekst", "Tekst"),
        ("zie [gisteren](dayone://view?entryId=ABC) ook", "zie gisteren ook"),
        ("los dayone://view?entryId=ABC adres", "los  adres"),
        ("video dayone-moment:/video/XYZ hier", "video  hier"),
        ("A\n\n![](dayone-moment://X)\n\nB", "A\n\nB"),
    ],
)
def test_dayone_unescape(raw, expected):
    assert dayone_unescape(raw) == expected


def test_front_matter():
    assert strip_front_matter("---\ntitle: x\ntags: [a]\n---\nTekst\n") == "Tekst\n"
    assert strip_front_matter("---\r\na: 1\r\n---\r\nTekst") == "Tekst"
    assert strip_front_matter("---\n---\nLeeg") == "Leeg"
    assert strip_front_matter("Tekst\n---\nmeer") == "Tekst\n---\nmeer"
    assert strip_front_matter("---\nnooit gesloten\n") == "---\nnooit gesloten\n"
    assert split_front_matter("---\ndate: 2024-03-04\n---\nX") == ("date: 2024-03-04\n", "X")
