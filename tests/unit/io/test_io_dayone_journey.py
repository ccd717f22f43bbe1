"""Day One and Journey exports."""

from __future__ import annotations

import json

import pytest

from hechtingnlp.io import dayone, journey, read_entries


@pytest.fixture
def dayone_zip(exports, make_zip):
    folder = exports / "dayone"
    return make_zip(
        "dayone-export.zip",
        {
            "Journal.json": folder / "Journal.json",
            "Werk.json": folder / "Werk.json",
            "photos/8D1C2F0A9B3E4D5C.jpeg": b"\xff\xd8\xff\xe0 geen echte foto",
            "__MACOSX/._Journal.json": b"\x00\x05\x16\x07",
        },
    )


def test_dayone_zip_reads_every_journal(dayone_zip):
    entries = list(dayone.read(dayone_zip))
    assert [e.source for e in entries] == ["dayone-export.zip:Journal.json"] * 3 + [
        "dayone-export.zip:Werk.json"
    ]
    assert [e.meta["journal"] for e in entries] == ["Journal"] * 3 + ["Werk"]
    assert all(e.error is None for e in entries)


def test_dayone_fields_escapes_and_placeholders(dayone_zip):
    first, empty, third, work = dayone.read(dayone_zip)
    assert first.id == "5F3A9C1E2B7D4E0F8A6B1C2D3E4F5A6B"
    assert first.date == "2024-03-02T21:14:05Z"
    assert first.meta["timeZone"] == "Europe/Brussels"
    assert first.text == (
        "Ruzie gehad met Tom. Ik trok me terug (zoals altijd)! Ik regel het zelf wel.\n\n"
        "Het pad C:\\Users\\sam stond nog open \\o/ en 3 * 4 = 12."
    )
    assert "dayone" not in first.text
    # An entry with only a photo is kept, with empty text.
    assert (empty.id, empty.text, empty.error) == ("0A1B2C3D4E5F60718293A4B5C6D7E8F9", "", None)
    assert third.text == (
        "# Zondag\n\n- bang dat Noor niet terug belt\n- zie ook gisteren\n\n[dankbaar] _toch_ > niets + iets"
    )
    assert work.meta["timeZone"] == "Europe/Amsterdam"


def test_dayone_single_journal_and_folder(exports):
    assert [e.id for e in read_entries(exports / "dayone" / "Werk.json")] == [
        "C0FFEE00C0FFEE00C0FFEE00C0FFEE00"
    ]
    assert len(list(read_entries(exports / "dayone", format="dayone"))) == 4


def test_dayone_broken_journal_gives_error_entry_and_goes_on(make_zip, exports):
    archive = make_zip("d.zip", {"A.json": b'{"entries": [', "B.json": exports / "dayone" / "Werk.json"})
    broken, good = dayone.read(archive)
    assert broken.error.startswith("parse_error: invalid JSON on line 1") and broken.source == "d.zip:A.json"
    assert good.error is None


def test_dayone_non_journal_json_and_odd_entries(tmp_path):
    path = tmp_path / "Vreemd.json"
    path.write_text(json.dumps({"metadata": {}}))
    (entry,) = dayone.read(path)
    assert entry.error.startswith("format_error")
    path.write_text(json.dumps({"entries": [{"creationDate": "2024-01-01T00:00:00Z", "text": ["lijst"]}, 5]}))
    bad_text, not_object = dayone.read(path)
    assert bad_text.error.startswith("bad_text") and bad_text.id == "Vreemd.json#1"
    assert not_object.error.startswith("format_error")


def test_dayone_bad_zip(tmp_path):
    path = tmp_path / "kapot.zip"
    path.write_bytes(b"geen zip")
    with pytest.raises(ValueError, match=r"kapot\.zip: not a valid zip file"):
        list(dayone.read(path))


def test_journey_folder(exports):
    first, second = journey.read(exports / "journey")
    assert first.id == "a1b2c3d4"
    assert first.date == "2024-03-02T21:14:05+01:00"
    assert first.meta == {"timezone": "Europe/Amsterdam"}
    assert first.text == "Vandaag voelde ik me veilig bij Noor.\nWe praatten & lachten.\nFijn één keer."
    assert first.source == "journey/1709410445000-a1b2c3d4.json"
    # No time zone: the date stays in UTC.
    assert second.date == "2024-03-03T20:14:05+00:00"
    assert second.text == "Hij antwoordde niet.\nIk checkte mijn telefoon <20> keer."


def test_journey_zip_skips_photos_and_reports_broken_files(exports, make_zip):
    folder = exports / "journey"
    archive = make_zip(
        "journey.zip",
        {
            "1709410445000-a1b2c3d4.json": folder / "1709410445000-a1b2c3d4.json",
            "1709496845000-e5f6a7b8.json": folder / "1709496845000-e5f6a7b8.json",
            "e5f6a7b8.jpg": b"\xff\xd8",
            "kapot.json": b"{niet json",
        },
    )
    entries = list(read_entries(archive))
    assert [e.id for e in entries] == ["a1b2c3d4", "e5f6a7b8", "kapot"]
    assert entries[0].source == "journey.zip:1709410445000-a1b2c3d4.json"
    assert entries[2].error.startswith("parse_error")


def test_journey_odd_values(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(
        json.dumps({"id": "z", "date_journal": "geen getal", "timezone": "Nergens/Niets", "text": None})
    )
    (entry,) = journey.read(path)
    assert (entry.id, entry.date, entry.text, entry.error) == ("z", None, "", None)
    path.write_text(json.dumps({"date_journal": 0, "timezone": "Nergens/Niets", "text": 7}))
    (entry,) = journey.read(path)
    assert (
        entry.id == "x" and entry.date == "1970-01-01T00:00:00+00:00" and entry.error.startswith("bad_text")
    )
