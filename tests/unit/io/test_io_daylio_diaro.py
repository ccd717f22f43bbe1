"""Daylio CSV and Diaro XML exports."""

from __future__ import annotations

import pytest

from hechtingnlp.io import daylio, diaro, read_entries


def test_daylio(exports):
    first, second, third = read_entries(exports / "daylio" / "daylio_export.csv")
    assert first.id == "daylio-1" and first.date == "2024-03-03T21:40:00"
    assert first.text == "Zondag\n\nIk wilde bellen maar durfde niet.\nWat als ze boos is?"
    assert first.meta == {"mood": "meh", "activities": ["werk", "familie"]}
    assert second.text == "Fijne avond met Sam & Noor." and second.date == "2024-03-02T21:05:00"
    assert (third.id, third.text, third.error, third.meta["activities"]) == ("daylio-3", "", None, [])


def test_daylio_short_row_and_bad_header(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("full_date,date,weekday,time,mood,activities,note\n2024-03-01,1 maart,vrijdag\n", "utf-8")
    (entry,) = daylio.read(path)
    assert entry.error.startswith("row_error: row 1") and entry.date == "2024-03-01"
    path.write_text("datum,tekst\n", "utf-8")
    with pytest.raises(ValueError, match="not a Daylio export, missing columns: full_date"):
        list(daylio.read(path))


@pytest.mark.parametrize(
    ("full_date", "time", "expected"),
    [
        ("2024-03-02", "21:14", "2024-03-02T21:14:00"),
        ("2024-03-02", "9:14 am", "2024-03-02T09:14:00"),
        ("2024-03-02", "12:05 AM", "2024-03-02T00:05:00"),
        ("2024-03-02", "nooit", "2024-03-02"),
        ("gisteren", "21:14", None),
    ],
)
def test_daylio_dates(full_date, time, expected):
    assert daylio.parse_date(full_date, time) == expected


def test_diaro(exports):
    first, second = read_entries(exports / "diaro" / "DiaroBackup.xml")
    assert first.id == "e1a2" and first.date == "2024-03-02T21:14:05+01:00"
    assert first.text == "Zaterdag\n\nIk hield afstand, zoals altijd.\nNiemand hoeft te weten hoe het gaat."
    assert second.text == "Bang dat hij weggaat & niet terugkomt."
    assert second.source == "DiaroBackup.xml"


def test_diaro_zip(exports, make_zip):
    archive = make_zip(
        "diaro.zip", {"DiaroBackup.xml": exports / "diaro" / "DiaroBackup.xml", "media/p.jpg": b"x"}
    )
    assert [e.source for e in read_entries(archive)] == ["diaro.zip:DiaroBackup.xml"] * 2


def test_diaro_broken_xml_reports_position(tmp_path):
    path = tmp_path / "b.xml"
    path.write_bytes(b'<data><table name="diaroEntries"><r><uid>a</uid><text>Goed</text></r>\n<r><text>half')
    good, broken = diaro.read(path)
    assert good.text == "Goed" and good.date is None
    assert broken.error.startswith("parse_error: invalid XML at line 2")


def test_diaro_streams_and_frees_rows(tmp_path):
    rows = "".join(
        f"<r><uid>u{i}</uid><date>{i * 1000}</date><text>tekst {i}</text></r>" for i in range(3000)
    )
    path = tmp_path / "groot.xml"
    tables = f'<table name="diaroTags"><r><uid>t</uid></r></table><table name="diaroEntries">{rows}</table>'
    path.write_text(f"<data>{tables}</data>")
    entries = diaro.read(path)
    first = next(entries)
    assert first.id == "u0"
    *_, last = entries
    assert last.id == "u2999" and last.date == "1970-01-01T00:49:59+00:00"
