"""No error, warning or exception message may contain diary text."""

from __future__ import annotations

import json
import warnings

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hechtingnlp.io import detect_format, open_writer, read_entries

SECRET = "Geheim: ik ben bang dat Noor me verlaat"


def _broken_exports(tmp_path, make_zip):
    """Files that each hold the secret text in a place that cannot be read cleanly."""
    secret_json = json.dumps(SECRET)
    files = {
        "broken.jsonl": "\n".join(
            [f'{{"text": {secret_json}', f"[{secret_json}]", secret_json, f'{{"text": [{secret_json}]}}']
        ),
        "short.csv": f"id,date,text\nr1,2024\nr2,2024,{SECRET}\n",
        "cp1252.csv": ("id,text\n1,café " + SECRET + "\n").encode("cp1252"),
        "list.json": f'[{secret_json}, {{"text": {{"x": {secret_json}}}}}]',
        "broken.json": f'{{"entries": [{{"text": {secret_json}',
        "journal.json": f'{{"entries": [{{"uuid": "a", "text": {{"x": {secret_json}}}}}, {secret_json}]}}',
        "backup.xml": f"<data><table name='diaroEntries'><r><text>{SECRET}</text></r><r>{SECRET} & </r>",
        "broken_notes.md": b"\xff\xfe" + SECRET.encode("utf-8")[:7],
    }
    paths = {}
    for name, content in files.items():
        path = tmp_path / name
        (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
        paths[name] = path
    paths["journey.zip"] = make_zip("journey.zip", {"1-a.json": f'{{"id": "a", "text": {secret_json}'})
    paths["dayone.zip"] = make_zip("dayone.zip", {"Journal.json": f'{{"entries": [{{"text": {secret_json}'})
    table = pa.table({"text": [[SECRET]], "id": [SECRET]})
    pq.write_table(table, tmp_path / "list.parquet")
    paths["list.parquet"] = tmp_path / "list.parquet"
    return paths


FORMAT = {
    "broken.jsonl": "jsonl",
    "short.csv": "csv",
    "cp1252.csv": "csv",
    "list.json": "json",
    "broken.json": "json",
    "journal.json": "dayone",
    "backup.xml": "diaro",
    "broken_notes.md": "md",
    "journey.zip": "journey",
    "dayone.zip": "dayone",
    "list.parquet": "parquet",
}


def test_no_message_contains_entry_text(tmp_path, make_zip):
    paths = _broken_exports(tmp_path, make_zip)
    messages = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name, path in paths.items():
            for entry in read_entries(path, format=FORMAT[name]):
                if entry.error:
                    messages.append(entry.error)
            for kwargs in ({"text_col": "ontbreekt"}, {}):
                try:
                    list(read_entries(path, **kwargs))
                except (ValueError, OSError) as exc:
                    messages.append(str(exc))
    messages += [str(w.message) for w in caught]
    errors = [
        m for m in messages if m.startswith(("parse_error", "bad_text", "missing_text", "format_error"))
    ]
    assert len(errors) >= 12, messages  # the broken files were really reported
    assert any("not UTF-8" in m for m in messages)
    leaks = [m for m in messages if "Geheim" in m or "Noor" in m or "bang dat" in m]
    assert leaks == []


def test_writer_errors_do_not_contain_text(tmp_path, record):
    cue = {"label": "angstig", "text": SECRET}
    bad = [
        record(cues=[cue], scores={"angstig": SECRET}),
        record(cues=[SECRET]),
        record(id=7, cues=[cue]),
        record(snippets=[SECRET, 3]),
        {"text": SECRET, **record()},
    ]
    with open_writer(tmp_path / "x.jsonl", "jsonl") as writer:
        for rec in bad:
            with pytest.raises(ValueError) as info:
                writer.write(rec)
            assert "Geheim" not in str(info.value)


def test_detection_error_names_the_file_only(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text(f"<boek>{SECRET}</boek>")
    with pytest.raises(ValueError) as info:
        detect_format(path)
    assert "Geheim" not in str(info.value) and "x.xml" in str(info.value)
