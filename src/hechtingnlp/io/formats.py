"""Which format a path holds, and one entry point that reads any of them.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "dagboek.jsonl"
>>> _ = p.write_text('{"id": "a", "text": "Ik voel me veilig bij haar."}\\n', "utf-8")
>>> detect_format(p)
'jsonl'
>>> [(e.id, e.text) for e in read_entries(p)]
[('a', 'Ik voel me veilig bij haar.')]
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from collections.abc import Callable, Iterator
from os import PathLike
from pathlib import Path
from typing import Any

from . import daylio, dayone, diaro, journey, notes, tabular
from .encoding import bom_encoding
from .entry import Entry

#: Every format name :func:`read_entries` accepts.
FORMATS: tuple[str, ...] = (
    "dayone", "journey", "daylio", "diaro", "obsidian", "logseq", "txt", "md",
    "csv", "tsv", "jsonl", "json", "parquet",
)  # fmt: skip

#: Formats that take the ``text_col``, ``id_col`` and ``date_col`` options.
TABULAR_FORMATS: tuple[str, ...] = ("csv", "tsv", "jsonl", "json", "parquet")

#: Formats that standard input ("-") can be read as.
STDIN_FORMATS: tuple[str, ...] = ("jsonl", "txt")

_READERS: dict[str, Callable[..., Iterator[Entry]]] = {
    "dayone": dayone.read,
    "journey": journey.read,
    "daylio": daylio.read,
    "diaro": diaro.read,
    "obsidian": notes.read_markdown,
    "logseq": notes.read_markdown,
    "txt": notes.read_text,
    "md": notes.read_markdown,
    **tabular.READERS,
}

_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", ".tab": "tsv", ".parquet": "parquet",
           ".pq": "parquet", ".txt": "txt", ".md": "md", ".markdown": "md"}  # fmt: skip
# Enough of a file to see its keys or header without reading it all.
_PEEK = 1 << 16


def _head(data: bytes) -> str:
    return data.decode(bom_encoding(data[:4]) or "utf-8", "replace")


def _peek(path: Path) -> str:
    with open(path, "rb") as stream:
        return _head(stream.read(_PEEK))


def _json_kind(head: str) -> str | None:
    """Tell Day One journals from Journey entries by their keys."""
    if '"date_journal"' in head:
        return "journey"
    if '"entries"' in head and ('"uuid"' in head or '"creationDate"' in head):
        return "dayone"
    return None


def _detect_zip(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if "__MACOSX" not in n and not n.endswith("/"))
            for name in (n for n in names if n.lower().endswith(".xml")):
                with archive.open(name) as member:
                    if "diaroEntries" in _head(member.read(_PEEK)):
                        return "diaro"
            for name in dayone.journal_members(archive)[:5]:
                with archive.open(name) as member:
                    if kind := _json_kind(_head(member.read(_PEEK))):
                        return kind
    except (zipfile.BadZipFile, OSError, NotImplementedError):
        return None
    return None


def _detect_dir(path: Path) -> str | None:
    if path.name.lower() == "journals" or (path / "journals").is_dir() or (path / "logseq").is_dir():
        return "logseq"
    for file in sorted(path.glob("*.json"))[:5]:
        if kind := _json_kind(_peek(file)):
            return kind
    markdown = notes.note_files(path, (".md", ".markdown"))
    if markdown:
        dated = any(notes.date_from_name(f.name) for f in markdown)
        return "obsidian" if dated else "md"
    if notes.note_files(path, (".txt",)):
        return "txt"
    return None


def _detect_file(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _detect_zip(path)
    if suffix == ".json":
        return _json_kind(_peek(path)) or "json"
    if suffix == ".csv":
        first = next(csv.reader(io.StringIO(_peek(path))), [])
        return "daylio" if daylio.is_daylio_header(first) else "csv"
    if suffix == ".xml":
        head = _peek(path)
        return "diaro" if "diaroEntries" in head else None
    return _SUFFIX.get(suffix)


def detect_format(path: str | PathLike[str]) -> str:
    """Tell the format of a file or folder by its extension and a peek at its content.

    ``"-"`` (standard input) is ``"jsonl"``.

    Raises
    ------
    FileNotFoundError
        When the path does not exist.
    ValueError
        When the format cannot be told; the message lists the formats to choose from.
    """
    if str(path) == "-":
        return "jsonl"
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    found = _detect_dir(path) if path.is_dir() else _detect_file(path)
    if found is None:
        raise ValueError(
            f"cannot tell the format of {path.name}; pass --format with one of {', '.join(FORMATS)}"
        )
    return found


def _read_stdin(format: str, options: dict[str, Any]) -> Iterator[Entry]:
    buffer = getattr(sys.stdin, "buffer", None)
    # Read bytes ourselves: the console's locale encoding is often not UTF-8.
    stream = io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="replace") if buffer else sys.stdin
    try:
        if format == "jsonl":
            yield from tabular.iter_jsonl(stream, "<stdin>", **options)
        else:
            yield from notes.iter_lines(stream, "<stdin>")
    finally:
        if stream is not sys.stdin:
            stream.detach()  # leave sys.stdin usable (closing the wrapper would close it)


def read_entries(
    path: str | PathLike[str],
    *,
    format: str | None = None,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
) -> Iterator[Entry]:
    """Read the entries of any supported export as a stream.

    Parameters
    ----------
    path
        A file, a folder, or ``"-"`` for standard input (JSONL, or plain text lines with
        ``format="txt"``).
    format
        One of :data:`FORMATS`; told from the path when None.
    text_col, id_col, date_col
        Column choices for the tabular formats (csv, tsv, jsonl, json, parquet); other
        formats ignore them.

    Raises
    ------
    ValueError
        Raised at once for an unknown or undetectable format; a missing text column is
        raised when iteration starts.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}")
    chosen = {"text_col": text_col, "id_col": id_col, "date_col": date_col}
    if str(path) == "-":
        format = format or "jsonl"
        if format not in STDIN_FORMATS:
            raise ValueError(f"standard input can be read as {' or '.join(STDIN_FORMATS)}, not {format}")
        if sys.stdin is None:  # e.g. a GUI process or a service without a console
            raise ValueError("there is no standard input to read")
        options = {k: v for k, v in chosen.items() if v is not None} if format == "jsonl" else {}
        return _read_stdin(format, options)
    format = format or detect_format(path)
    if not Path(path).exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    options = {k: v for k, v in chosen.items() if v is not None} if format in TABULAR_FORMATS else {}
    return _READERS[format](Path(path), **options)
