"""Output writers: round trips through JSONL, CSV and Parquet, and the fixed Parquet schema."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from hechtingnlp.io import WRITER_FORMATS, open_writer, writer_format_for
from hechtingnlp.io.writers import CSV_COLUMNS, RECORD_KEYS, normalize_record, parquet_schema

LABELS = ("vermijdend", "angstig", "gedesorganiseerd", "veilig")


def _cue(**fields):
    cue = {
        "label": "angstig",
        "theme": "angstig/verlatingsangst",
        "text": "bang dat hij weggaat",
        "start": 0,
        "end": 20,
        "sentence": 0,
        "negated": False,
        "hypothetical": False,
        "subject": "self",
    }
    cue.update(fields)
    return cue


@pytest.fixture
def records(record):
    return [
        record(),  # empty cues and labels first: the schema must not depend on them
        record(
            id="j2",
            date=None,
            source="export.zip:Journal.json",
            labels=["angstig", "gedesorganiseerd"],
            scores={"vermijdend": 0.125, "angstig": 0.875, "gedesorganiseerd": 0.5, "veilig": 1e-9},
            cues=[
                _cue(),
                _cue(
                    label="gedesorganiseerd",
                    theme="gedesorganiseerd/bevriezen",
                    text="bevries ík",
                    start=30,
                    end=40,
                    sentence=1,
                    negated=True,
                    hypothetical=True,
                    subject="other",
                ),
            ],
            snippets=["angstig-uitleg", "crisis-hulp"],
            crisis=True,
        ),
        record(id="3", source="d;;.csv", error="parse_error: invalid JSON on line 3"),
    ]


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    out = []
    for row in rows:
        assert tuple(row) == CSV_COLUMNS
        out.append(
            {
                "id": row["id"],
                "date": row["date"] or None,
                "source": row["source"],
                "labels": row["labels"].split(";") if row["labels"] else [],
                "scores": {label: float(row[f"score_{label}"]) for label in LABELS},
                "cues": json.loads(row["cues"]),
                "snippets": row["snippets"].split(";") if row["snippets"] else [],
                "crisis": {"true": True, "false": False}[row["crisis"]],
                "error": row["error"] or None,
            }
        )
    return out


def _read_back(path, fmt):
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    if fmt == "csv":
        return _read_csv(path)
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("fmt", WRITER_FORMATS)
def test_round_trip(tmp_path, records, fmt):
    path = tmp_path / f"uit.{fmt}"
    with open_writer(path, fmt) as writer:
        for rec in records:
            writer.write(rec)
    assert writer.count == 3 and writer.closed
    back = _read_back(path, fmt)
    assert back == records
    assert all(list(r) == list(RECORD_KEYS) for r in back)


def test_jsonl_keeps_non_ascii(tmp_path, records):
    path = tmp_path / "uit.jsonl"
    with open_writer(path, "jsonl") as writer:
        writer.write(records[1])
    assert "bevries ík" in path.read_text("utf-8")


def test_parquet_schema_is_fixed_with_empty_cues_first(tmp_path, record):
    path = tmp_path / "uit.parquet"
    with open_writer(path, "parquet") as writer:
        for i in range(2500):  # more than two row groups of empty cues before the first cue
            writer.write(record(id=str(i)))
        writer.write(record(id="laatste", cues=[_cue()], labels=["angstig"]))
    parquet = pq.ParquetFile(path)
    assert parquet.schema_arrow == parquet_schema()
    assert parquet.metadata.num_row_groups == 3  # 1000 + 1000 + 501
    cue_type = parquet.schema_arrow.field("cues").type
    assert str(cue_type.value_type) == (
        "struct<label: string, theme: string, text: string, start: int64, end: int64, sentence: int64, "
        "negated: bool, hypothetical: bool, subject: string>"
    )
    rows = pq.read_table(path).to_pylist()
    assert rows[-1]["cues"] == [_cue()] and rows[0]["cues"] == []


def test_parquet_without_records_still_has_schema(tmp_path):
    path = tmp_path / "leeg.parquet"
    open_writer(path, "parquet").close()
    assert pq.read_schema(path) == parquet_schema()
    assert pq.read_table(path).num_rows == 0


def test_writers_on_streams(records, capsys):
    text = io.StringIO()
    with open_writer(text, "csv") as writer:
        writer.write(records[0])
    assert text.getvalue().startswith("id,date,source,labels,score_vermijdend,") and not text.closed
    binary = io.BytesIO()
    with open_writer(binary, "parquet") as writer:
        writer.write(records[1])
    assert pq.read_table(io.BytesIO(binary.getvalue())).to_pylist() == [records[1]]
    with open_writer("-", "jsonl") as writer:
        writer.write(records[2])
    assert json.loads(capsys.readouterr().out) == records[2]


def test_lone_surrogates_never_break_writing(tmp_path, record):
    odd = record(id="a\ud800b", cues=[_cue(text="x\udfffy")], error="e\udc80")
    for fmt in WRITER_FORMATS:
        path = tmp_path / f"s.{fmt}"
        with open_writer(path, fmt) as writer:
            writer.write(odd)
        (back,) = _read_back(path, fmt)
        if fmt == "jsonl":
            assert back == odd  # escapes keep them exactly
        else:
            assert back["id"] == "a\ufffdb"
            # CSV keeps cues as JSON (escaped, lossless); Parquet cells get U+FFFD.
            expected = chr(0xDFFF) if fmt == "csv" else "\ufffd"
            assert back["cues"][0]["text"] == f"x{expected}y"


def test_cue_and_snippet_objects_are_accepted(record):
    class Cue:
        def to_dict(self):
            return _cue(extra="weg")

    class Snippet:
        id = "veilig-uitleg"

    out = normalize_record(record(cues=[Cue()], snippets=[Snippet()], scores=dict.fromkeys(LABELS, 1)))
    assert out["cues"] == [_cue()] and out["snippets"] == ["veilig-uitleg"]
    assert out["scores"]["veilig"] == 1.0 and isinstance(out["scores"]["veilig"], float)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"labels": None, "extra": 1}, "unexpected keys \\['extra'\\]"),
        ({"scores": {"veilig": 1.0}}, "'scores' must have exactly the keys"),
        ({"scores": dict.fromkeys(LABELS, "hoog")}, "score 'vermijdend' must be a number, not str"),
        ({"id": 5}, "'id' must be a string, not int"),
        ({"date": 20240302}, "'date' must be a string or None"),
        ({"cues": ["tekst"]}, "a cue must be a dict, not str"),
        ({"snippets": [1]}, "'snippets' must be a list of id strings"),
    ],
)
def test_bad_records_are_refused(record, change, message):
    rec = record(**change)
    with pytest.raises(ValueError, match=message):
        normalize_record(rec)


def test_missing_keys_refused(record):
    rec = record()
    del rec["crisis"]
    with pytest.raises(ValueError, match=r"missing keys \['crisis'\]"):
        normalize_record(rec)


def test_closed_writer_and_unknown_format(tmp_path, record):
    writer = open_writer(tmp_path / "x.jsonl", "jsonl")
    writer.close()
    writer.close()  # closing twice is fine
    with pytest.raises(ValueError, match="closed writer"):
        writer.write(record())
    with pytest.raises(ValueError, match="unknown output format 'xlsx'; choose one of jsonl, csv, parquet"):
        open_writer(tmp_path / "x.xlsx", "xlsx")


def test_writer_format_for():
    assert WRITER_FORMATS == ("jsonl", "csv", "parquet")
    paths = ("a.csv", "a.CSV", "a.parquet", "a.pq", "a.jsonl", "a.txt", "-")
    expected = ["csv", "csv", "parquet", "parquet", "jsonl", "jsonl", "jsonl"]
    assert [writer_format_for(p) for p in paths] == expected
