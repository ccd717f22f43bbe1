"""Text files in UTF-8 (with or without BOM), UTF-16 and cp1252."""

from __future__ import annotations

import warnings

import pytest

from hechtingnlp.io import EncodingFallbackWarning, encoding, read_entries

EXPECTED = "Café met Anaïs. Ik was ‘bang’ — maar het ging goed. €5 fooi."


@pytest.mark.parametrize("name", ["utf8_bom.txt", "utf16.txt"])
def test_unicode_files_read_without_warning(exports, name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (entry,) = read_entries(exports / "encoding" / name)
    assert entry.text == EXPECTED


def test_cp1252_falls_back_with_warning(exports):
    with pytest.warns(EncodingFallbackWarning, match=r"^cp1252\.txt: not UTF-8, read as cp1252$"):
        (entry,) = read_entries(exports / "encoding" / "cp1252.txt")
    assert entry.text == EXPECTED


def test_cp1252_csv(exports):
    with pytest.warns(EncodingFallbackWarning, match="cp1252.csv"):
        (entry,) = read_entries(exports / "encoding" / "cp1252.csv")
    assert entry.text == EXPECTED


def test_utf16_big_endian_and_utf32(tmp_path):
    path = tmp_path / "x.csv"
    for codec in ("utf-16-be", "utf-32"):
        data = "id,text\n1,één\n".encode(codec)
        path.write_bytes((b"\xfe\xff" if codec == "utf-16-be" else b"") + data)
        assert [e.text for e in read_entries(path)] == ["één"]


def test_cp1252_undefined_bytes_never_fail(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"a\x81b\x8dc\x9d \xe9")
    with pytest.warns(EncodingFallbackWarning):
        (entry,) = read_entries(path)
    assert entry.text == "a\x81b\x8dc\x9d é"


def test_late_invalid_byte_in_large_file_is_found(tmp_path, monkeypatch):
    # The UTF-8 check reads in chunks: put the bad byte far past the first one.
    monkeypatch.setattr(encoding, "CHUNK", 64)
    path = tmp_path / "x.jsonl"
    lines = ['{"text": "regel ' + str(i) + ' één"}\n' for i in range(50)]
    path.write_bytes("".join(lines).encode("utf-8") + '{"text": "café"}\n'.encode("cp1252"))
    with pytest.warns(EncodingFallbackWarning):
        entries = list(read_entries(path))
    assert len(entries) == 51 and entries[-1].text == "café"


def test_multibyte_character_split_across_chunks_is_utf8(tmp_path, monkeypatch):
    monkeypatch.setattr(encoding, "CHUNK", 3)
    path = tmp_path / "x.txt"
    path.write_text("ééééé 🌞 ëë", "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (entry,) = read_entries(path)
    assert entry.text == "ééééé 🌞 ëë"


def test_decode_bytes():
    assert encoding.decode_bytes("\ufeffé".encode(), "x") == "é"
    assert encoding.decode_bytes("é".encode("utf-16"), "x") == "é"
    with pytest.warns(EncodingFallbackWarning, match="x.json"):
        assert encoding.decode_bytes("é".encode("cp1252"), "x.json") == "é"
