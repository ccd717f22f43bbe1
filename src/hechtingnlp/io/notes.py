"""Note folders and single text files: Obsidian and Logseq daily notes, ``.md`` and ``.txt``.

Every note is one entry with its path relative to the folder as id. The date comes from the
file name (``2024-03-02.md``, ``2024_03_02.md``, ``2024-03-02 zaterdag.md``) or else from a
``date:`` line in the YAML front matter, which is dropped from the text. Logseq bullets
("- ") stay: they do not disturb the analysis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from .encoding import open_text
from .entry import Entry
from .text import split_front_matter

#: Suffixes read as notes.
NOTE_SUFFIXES = (".md", ".markdown", ".txt")
# Folders of app state and backups: Logseq keeps copies of every page in logseq/bak.
_SKIP_DIRS = frozenset({"logseq", "node_modules", "__MACOSX"})

_NAME_DATE = re.compile(r"^(\d{4})[-_.](\d{2})[-_.](\d{2})(?!\d)")
_FRONT_DATE = re.compile(r"^date:\s*[\"']?(\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+\-Z]+)?)[\"']?\s*$", re.M)


def date_from_name(name: str) -> str | None:
    """The ISO date at the start of a file name, or None.

    Examples
    --------
    >>> date_from_name("2024_03_02.md"), date_from_name("2024-03-02 zaterdag.md")
    ('2024-03-02', '2024-03-02')
    >>> date_from_name("2024-13-40.md") is None
    True
    """
    match = _NAME_DATE.match(name)
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def read_note(file: Path, ident: str, source: str) -> Entry:
    """Read one note or text file as one entry (front matter dropped from Markdown)."""
    with open_text(file) as handle:
        text = handle.read()
    when = date_from_name(file.name)
    if file.suffix.lower() in {".md", ".markdown"}:
        front, text = split_front_matter(text)
        if when is None and front and (match := _FRONT_DATE.search(front)):
            when = match.group(1).replace(" ", "T")
    return Entry(ident, text.strip(), when, source)


def note_files(folder: Path, suffixes: tuple[str, ...] = NOTE_SUFFIXES) -> list[Path]:
    """The note files below ``folder``, skipping hidden folders and app state, sorted by path."""
    found = []
    for file in folder.rglob("*"):
        rel = file.relative_to(folder)
        if any(p.startswith(".") or p in _SKIP_DIRS for p in rel.parts[:-1]) or rel.name.startswith("."):
            continue
        if file.suffix.lower() in suffixes and file.is_file():
            found.append(file)
    return sorted(found, key=lambda f: f.relative_to(folder).as_posix())


def read(path: Path, *, suffixes: tuple[str, ...] = NOTE_SUFFIXES, **options: Any) -> Iterator[Entry]:
    """Read a note folder (every matching file below it) or a single note file.

    Parameters
    ----------
    path
        A folder (Obsidian vault, Logseq graph or its ``journals`` folder) or one file.
    suffixes
        File suffixes to read in a folder: ``(".md",)`` for Markdown only.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (root / "2024-03-02.md").write_text("---\\ntags: [dag]\\n---\\nLieve dagboek", "utf-8")
    >>> [(e.id, e.date, e.text) for e in read(root)]
    [('2024-03-02.md', '2024-03-02', 'Lieve dagboek')]
    """
    path = Path(path)
    if not path.is_dir():
        yield read_note(path, path.name, path.name)
        return
    for file in note_files(path, suffixes):
        rel = file.relative_to(path).as_posix()
        try:
            yield read_note(file, rel, f"{path.name}/{rel}")
        except OSError as exc:
            yield Entry.failure(rel, f"{path.name}/{rel}", f"read_error: cannot read ({type(exc).__name__})")


def read_markdown(path: Path, **options: Any) -> Iterator[Entry]:
    """Read Markdown notes only (Obsidian, Logseq, ``md``)."""
    return read(path, suffixes=(".md", ".markdown"))


def iter_lines(lines: Iterable[str], source: str) -> Iterator[Entry]:
    """One entry per non-blank line, with the line number as id (standard input, huge files).

    Examples
    --------
    >>> [(e.id, e.text) for e in iter_lines(["Goede dag\\n", "\\n", "Slecht geslapen\\n"], "-")]
    [('1', 'Goede dag'), ('3', 'Slecht geslapen')]
    """
    for n, line in enumerate(lines, start=1):
        if line.strip():
            yield Entry(str(n), line.rstrip("\r\n"), None, source)


def read_text(path: Path, *, per_line: bool = False, **options: Any) -> Iterator[Entry]:
    """Read plain ``.txt`` files only; with ``per_line`` every line of one file is an entry (streaming)."""
    path = Path(path)
    if per_line and not path.is_dir():
        with open_text(path) as handle:
            yield from iter_lines(handle, path.name)
        return
    yield from read(path, suffixes=(".txt",))
