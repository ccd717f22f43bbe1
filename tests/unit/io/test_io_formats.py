"""Format detection and the read_entries entry point."""

from __future__ import annotations

import io
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hechtingnlp.io import FORMATS, detect_format, read_entries


def test_formats_tuple():
    assert FORMATS == (
        "dayone", "journey", "daylio", "diaro", "obsidian", "logseq", "txt", "md",
        "csv", "tsv", "jsonl", "json", "parquet",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("dayone/Journal.json", "dayone"),
        ("dayone", "dayone"),
        ("journey", "journey"),
        ("journey/1709410445000-a1b2c3d4.json", "journey"),
        ("daylio/daylio_export.csv", "daylio"),
        ("diaro/DiaroBackup.xml", "diaro"),
        ("obsidian", "obsidian"),
        ("logseq_graph", "logseq"),
        ("logseq_graph/journals", "logseq"),
        ("txt", "txt"),
        ("txt/dagboek.txt", "txt"),
        ("obsidian/Ideeën.md", "md"),
        ("tabular/entries.csv", "csv"),
        ("tabular/entries.tsv", "tsv"),
        ("tabular/entries.jsonl", "jsonl"),
        ("tabular/entries.json", "json"),
        ("encoding/utf16.txt", "txt"),
    ],
)
def test_detect_fixture_exports(exports, relative, expected):
    assert detect_format(exports / relative) == expected


def test_detect_zips(exports, make_zip):
    dayone = make_zip("a.zip", {"Journal.json": exports / "dayone" / "Journal.json", "photos/x.jpeg": b"x"})
    journey = make_zip("b.zip", {"1-a.json": exports / "journey" / "1709496845000-e5f6a7b8.json"})
    diaro = make_zip("c.zip", {"DiaroBackup.xml": exports / "diaro" / "DiaroBackup.xml"})
    assert [detect_format(p) for p in (dayone, journey, diaro)] == ["dayone", "journey", "diaro"]


def test_detect_parquet_and_stdin(tmp_path):
    path = tmp_path / "x.parquet"
    pq.write_table(pa.table({"text": ["a"]}), path)
    assert detect_format(path) == "parquet"
    assert detect_format("-") == "jsonl"


def test_detect_undated_markdown_folder_is_md(tmp_path):
    (tmp_path / "notities").mkdir()
    (tmp_path / "notities" / "idee.md").write_text("Iets", "utf-8")
    assert detect_format(tmp_path / "notities") == "md"


@pytest.mark.parametrize(
    "make",
    [
        lambda d: (d / "x.xyz").write_text("iets") and d / "x.xyz",
        lambda d: (d / "x.xml").write_text("<html/>") and d / "x.xml",
        lambda d: (d / "leeg").mkdir() or d / "leeg",
        lambda d: (d / "kapot.zip").write_bytes(b"geen zip") and d / "kapot.zip",
    ],
    ids=["unknown-extension", "other-xml", "empty-folder", "bad-zip"],
)
def test_detect_unsure_raises_with_choices(tmp_path, make):
    path = make(tmp_path)
    with pytest.raises(ValueError) as info:
        detect_format(path)
    message = str(info.value)
    assert message.startswith(
        f"cannot tell the format of {path.name}; pass --format with one of dayone, journey"
    )
    assert message.endswith("parquet")


def test_detect_zip_with_only_photos_is_unsure(make_zip):
    with pytest.raises(ValueError, match=r"cannot tell the format of p\.zip"):
        detect_format(make_zip("p.zip", {"foto.jpg": b"x", "data.json": json.dumps({"a": 1})}))


def test_missing_path(tmp_path):
    with pytest.raises(FileNotFoundError):
        detect_format(tmp_path / "nergens.csv")
    with pytest.raises(FileNotFoundError):
        read_entries(tmp_path / "nergens.csv", format="csv")


def test_read_entries_checks_format_at_call_time(tmp_path):
    path = tmp_path / "x.xyz"
    path.write_text("a")
    with pytest.raises(ValueError, match="cannot tell the format"):
        read_entries(path)  # no iteration needed
    with pytest.raises(ValueError, match="unknown format 'word'; choose one of dayone"):
        read_entries(path, format="word")
    assert [e.text for e in read_entries(path, format="txt")] == ["a"]


def test_column_options_ignored_by_non_tabular_formats(exports):
    entries = list(read_entries(exports / "txt" / "dagboek.txt", text_col="inhoud"))
    assert len(entries) == 1


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="latin-1"))


def test_stdin_jsonl(monkeypatch):
    _stdin(monkeypatch, '\ufeff{"id": "a", "bericht": "één"}\nkapot\n'.encode())
    a, broken = read_entries("-", text_col="bericht")
    assert (a.id, a.text, a.source) == ("a", "één", "<stdin>")
    assert broken.error.startswith("parse_error: invalid JSON on line 2")
    assert not sys.stdin.buffer.closed  # the wrapper was detached, not closed


def test_stdin_text_lines(monkeypatch):
    _stdin(monkeypatch, "Eerste regel\n\nTweede é\n".encode())
    assert [(e.id, e.text) for e in read_entries("-", format="txt")] == [
        ("1", "Eerste regel"),
        ("3", "Tweede é"),
    ]


def test_stdin_other_formats_refused():
    with pytest.raises(ValueError, match="standard input can be read as jsonl or txt"):
        read_entries("-", format="csv")
