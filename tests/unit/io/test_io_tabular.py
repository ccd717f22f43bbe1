"""Generic CSV, TSV, JSONL, JSON and Parquet."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hechtingnlp.io import read_entries, tabular


def test_csv(exports):
    first, second, third = read_entries(exports / "tabular" / "entries.csv")
    assert (first.id, first.date, first.text) == ("c1", "2024-03-02", "Ik heb niemand nodig, zei ik weer.")
    assert second.text == "Twee regels:\neerst ruzie, dan stilte."
    assert (third.id, third.date, third.text, third.error) == ("c3", None, "", None)


def test_tsv_with_column_options(exports):
    path = exports / "tabular" / "entries.tsv"
    entries = list(read_entries(path, text_col="inhoud", id_col="nummer", date_col="wanneer"))
    assert [(e.id, e.date, e.text) for e in entries] == [
        ("7", "2024-03-02T21:00:00+01:00", "Ik vertrouw haar."),
        ("8", None, "Bang om alleen te blijven."),
    ]


def test_missing_text_column_names_column_and_columns(exports):
    with pytest.raises(
        ValueError, match=r"entries.tsv: no text column 'text'; the columns are: nummer, wanneer, inhoud"
    ):
        list(read_entries(exports / "tabular" / "entries.tsv"))
    with pytest.raises(ValueError, match="no column 'sleutel' for id_col"):
        list(read_entries(exports / "tabular" / "entries.tsv", text_col="inhoud", id_col="sleutel"))


def test_jsonl_broken_line_and_bad_cells(exports):
    entries = list(read_entries(exports / "tabular" / "entries.jsonl"))
    assert [e.id for e in entries] == ["j1", "2", "j3", "j4"]
    assert entries[0].text == "Ik was blij dat ze er was." and entries[0].date == "2024-03-02"
    assert entries[1].error.startswith("parse_error: invalid JSON on line 2")
    assert entries[2].error == "bad_text: line 3: 'text' is int, not a string"
    assert entries[3].text == 'Weer een "goede" dag. 🌞'


def test_jsonl_odd_lines(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(
        '{"text": "a"}\n["lijst"]\n"tekst"\n{"tekst": "b"}\n' + "[" * 100_000 + "\n" + "1" * 5000 + "\n"
    )
    entries = list(tabular.read_jsonl(path))
    assert entries[0].text == "a" and entries[0].id == "1"
    assert entries[1].error == "format_error: line 2 is a JSON list, not an object"
    assert entries[2].error == "format_error: line 3 is a JSON str, not an object"
    assert entries[3].error == "missing_text: line 4 has no 'text' value"
    assert entries[4].error.startswith("parse_error") and entries[5].error.startswith("parse_error")


def test_jsonl_missing_text_column_on_first_object(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"id": 1, "bericht": "a"}\n')
    with pytest.raises(ValueError, match="no text column 'text'; the columns are: id, bericht"):
        list(read_entries(path))
    assert [e.text for e in read_entries(path, text_col="bericht")] == ["a"]


def test_json(exports):
    entries = list(read_entries(exports / "tabular" / "entries.json"))
    assert [(e.id, e.date) for e in entries] == [("1", "2024-03-02"), ("2", None), ("3", None)]
    assert entries[2].error == "missing_text: record 3 has no 'text' value"


def test_json_list_and_errors(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps([{"text": "a"}, "los", {"text": "b", "id": 3.0}]))
    a, loose, b = read_entries(path)
    assert (a.id, a.text) == ("1", "a") and loose.error.startswith("format_error") and b.id == "3"
    path.write_text("[{")
    (broken,) = read_entries(path)
    assert broken.error.startswith("parse_error: invalid JSON on line 1")
    path.write_text('{"iets": 1}')
    with pytest.raises(ValueError, match="expected a list of objects"):
        list(read_entries(path))


def test_parquet_in_batches(tmp_path):
    path = tmp_path / "x.parquet"
    n = 2500
    table = pa.table(
        {
            "id": [f"p{i}" for i in range(n)],
            "tekst": [None if i == 5 else f"Dag {i}" for i in range(n)],
            "when": [dt.datetime(2024, 3, 2, 21, 14, tzinfo=dt.UTC)] * n,
            "extra": list(range(n)),
        }
    )
    pq.write_table(table, path, row_group_size=1000)
    entries = list(read_entries(path, text_col="tekst", date_col="when"))
    assert len(entries) == n and entries[0].id == "p0" and entries[-1].text == f"Dag {n - 1}"
    assert entries[0].date == "2024-03-02T21:14:00+00:00"
    assert entries[5].error == "missing_text: row 6 has no 'tekst' value"
    with pytest.raises(ValueError, match="the columns are: id, tekst, when, extra"):
        list(read_entries(path))


def test_parquet_non_string_text_and_row_numbers(tmp_path):
    path = tmp_path / "x.parquet"
    pq.write_table(pa.table({"text": [1, 2]}), path)
    assert [(e.id, e.error) for e in read_entries(path)] == [
        ("1", "bad_text: row 1: 'text' is int, not a string"),
        ("2", "bad_text: row 2: 'text' is int, not a string"),
    ]
    bad = tmp_path / "kapot.parquet"
    bad.write_bytes(b"PAR1 niets")
    with pytest.raises(ValueError, match=r"kapot\.parquet: not a readable Parquet file"):
        list(read_entries(bad))


def test_csv_short_rows_blank_lines_and_big_cells(tmp_path):
    path = tmp_path / "x.csv"
    big = "lang " * 60_000  # larger than the csv module's default cell limit
    path.write_text(f'id,text\n1\n\n2,"{big}"\n', "utf-8")
    short, long = read_entries(path)
    assert short.error == "missing_text: row 1 has no 'text' value"
    assert long.id == "2" and long.text == big


def test_empty_csv_has_no_text_column(tmp_path):
    path = tmp_path / "leeg.csv"
    path.write_text("")
    with pytest.raises(ValueError, match=r"no text column 'text'; the columns are: \(none\)"):
        list(read_entries(path))
