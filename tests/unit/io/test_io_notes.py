"""Obsidian and Logseq folders, and single .txt/.md files."""

from __future__ import annotations

from hechtingnlp.io import notes, read_entries


def test_obsidian_vault(exports):
    entries = list(read_entries(exports / "obsidian"))
    assert [e.id for e in entries] == ["Dagboek/2024-03-02.md", "Dagboek/2024-03-03 zondag.md", "Ideeën.md"]
    first, second, third = entries
    assert first.date == "2024-03-02" and first.text.startswith("# Zaterdag")
    assert "tags:" not in first.text and "---" not in first.text
    assert second.date == "2024-03-03"
    # No date in the name: the front matter's date is used.
    assert third.date == "2024-03-04" and third.text.startswith("Misschien")
    assert first.source == "obsidian/Dagboek/2024-03-02.md"


def test_logseq_graph_skips_app_folder(exports):
    entries = list(read_entries(exports / "logseq_graph"))
    assert [e.id for e in entries] == ["journals/2024_03_02.md", "journals/2024_03_03.md"]
    assert entries[0].date == "2024-03-02"
    assert entries[0].text.startswith("- Ochtend")  # bullets may stay
    assert list(read_entries(exports / "logseq_graph" / "journals"))[1].id == "2024_03_03.md"


def test_txt_file_and_folder(exports):
    (entry,) = read_entries(exports / "txt" / "dagboek.txt")
    assert entry.id == "dagboek.txt" and entry.date is None
    assert entry.text == "Maandag. Ik durfde niet te zeggen dat ik me alleen voelde.\nMisschien morgen."
    (entry,) = read_entries(exports / "txt", format="txt")
    assert entry.id == "dagboek.txt" and entry.source == "txt/dagboek.txt"


def test_single_md_file(tmp_path):
    path = tmp_path / "2024-03-05 dinsdag.md"
    path.write_text("---\nmood: ok\n---\n\nGoed gesprek gehad.\n", "utf-8")
    (entry,) = read_entries(path)
    assert (entry.id, entry.date, entry.text) == (
        "2024-03-05 dinsdag.md",
        "2024-03-05",
        "Goed gesprek gehad.",
    )


def test_txt_per_line_streams(tmp_path):
    path = tmp_path / "regels.txt"
    path.write_text("Een\n\nTwee\r\nDrie", "utf-8")
    assert [(e.id, e.text) for e in notes.read_text(path, per_line=True)] == [
        ("1", "Een"),
        ("3", "Twee"),
        ("4", "Drie"),
    ]


def test_dates_from_names():
    assert notes.date_from_name("2024.03.02.md") == "2024-03-02"
    assert notes.date_from_name("20240302.md") is None
    assert notes.date_from_name("2024-02-30.md") is None
    assert notes.date_from_name("notitie.md") is None
