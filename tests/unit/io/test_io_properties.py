"""Property tests: whatever text or bytes a file holds, readers give entries, never exceptions."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hechtingnlp.io import EncodingFallbackWarning, read_entries

# Any code point, lone surrogates included (text() leaves those out by default).
ANY_CHAR = st.one_of(
    st.characters(),
    st.integers(0xD800, 0xDFFF).map(chr),
    st.sampled_from("\x00\r\n\t\"',;\ufeff\u2028\x85🌞"),
)
TEXTS = st.text(ANY_CHAR, max_size=60)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read(path: Path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        entries = list(read_entries(path))
    return entries, [w for w in caught if issubclass(w.category, EncodingFallbackWarning)]


def _check(texts, entries, fell_back):
    assert len(entries) == len(texts)
    for text, entry in zip(texts, entries, strict=True):
        assert entry.text == text or entry.error is not None or fell_back


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=5), ascii_only=st.booleans())
def test_jsonl_round_trip(tmp_path, texts, ascii_only):
    path = tmp_path / "x.jsonl"
    lines = "".join(
        json.dumps({"id": str(i), "text": t}, ensure_ascii=ascii_only) + "\n" for i, t in enumerate(texts)
    )
    # What cannot be UTF-8 is written as a file could hold it: surrogate bytes.
    path.write_bytes(lines.encode("utf-8", "surrogatepass"))
    entries, fell_back = _read(path)
    # JSON joins an escaped surrogate pair ("\\ud800\\udc00") into one character: the file
    # holds what json.loads makes of it, and that is what must come back.
    meant = [json.loads(json.dumps(t)) for t in texts]
    if ascii_only or all(_encodable(t) for t in texts):
        assert [e.text for e in entries] == meant and not fell_back
    _check(meant, entries, fell_back)


@SETTINGS
@given(texts=st.lists(TEXTS, min_size=1, max_size=5), delimiter=st.sampled_from([",", "\t"]))
def test_csv_round_trip(tmp_path, texts, delimiter):
    path = tmp_path / ("x.csv" if delimiter == "," else "x.tsv")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["id", "text"])
    writer.writerows([str(i), t] for i, t in enumerate(texts))
    path.write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    entries, fell_back = _read(path)
    if all(_encodable(t) for t in texts):
        assert [e.text for e in entries] == texts and not fell_back
    _check(texts, entries, fell_back)


@SETTINGS
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["jsonl", "csv", "tsv", "txt"]))
def test_any_bytes_never_raise(tmp_path, data, fmt):
    header = {"jsonl": b"", "csv": b"id,text\n", "tsv": b"id\ttext\n", "txt": b""}[fmt]
    path = tmp_path / f"x.{fmt}"
    path.write_bytes(header + data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EncodingFallbackWarning)
        try:
            entries = list(read_entries(path, format=fmt))
        except ValueError as exc:
            # Only a JSONL file whose first object has no "text" key may refuse (a missing column).
            assert fmt == "jsonl" and "no text column" in str(exc)
            return
    assert all(isinstance(e.text, str) for e in entries)


@SETTINGS
@given(data=st.binary(max_size=300), fmt=st.sampled_from(["dayone", "journey", "diaro", "json", "md"]))
def test_any_bytes_in_documents_give_entries_or_value_error(tmp_path, data, fmt):
    suffix = {"dayone": "json", "journey": "json", "diaro": "xml", "json": "json", "md": "md"}[fmt]
    path = tmp_path / f"x.{suffix}"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EncodingFallbackWarning)
        try:
            entries = list(read_entries(path, format=fmt))
        except ValueError:
            assert fmt == "json"  # a JSON document that is not a list of records
            return
    assert all(isinstance(e.text, str) for e in entries)


@pytest.mark.parametrize(
    "prefix",
    [
        b"<?xml version='1.0' encoding='klingon'?><data/>",
        b"<data><table name='diaroEntries'><r><uid>\xff</uid></r>",
    ],
)
def test_diaro_odd_xml_gives_error_entry(tmp_path, prefix):
    path = tmp_path / "x.xml"
    path.write_bytes(prefix)
    entries = list(read_entries(path, format="diaro"))
    assert entries and entries[-1].error.startswith("parse_error")
