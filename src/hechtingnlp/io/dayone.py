"""Day One JSON exports: a .zip holding one JSON file per journal, or one journal .json.

A journal file looks like ``{"metadata": {...}, "entries": [{"uuid", "creationDate",
"timeZone", "text", ...}]}``. The text is Day One Markdown: its escapes are undone and its
media placeholders dropped (see :func:`~hechtingnlp.io.text.dayone_unescape`).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .containers import open_zip
from .encoding import decode_bytes
from .entry import Entry
from .jsonparse import parse_json
from .text import dayone_unescape


def journal_members(archive: zipfile.ZipFile) -> list[str]:
    """The JSON members of a zip that may be journals, skipping macOS and hidden files."""
    names = []
    for info in archive.infolist():
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not info.filename.lower().endswith(".json"):
            continue
        if any(p.startswith(".") or p == "__MACOSX" for p in parts):
            continue
        names.append(info.filename)
    return sorted(names)


def _entry(raw: Any, n: int, source: str, journal: str) -> Entry:
    if not isinstance(raw, dict):
        return Entry.failure(f"{source}#{n}", source, f"format_error: entry {n} is not an object")
    ident = raw.get("uuid")
    ident = ident if isinstance(ident, str) and ident else f"{source}#{n}"
    date = raw.get("creationDate") if isinstance(raw.get("creationDate"), str) else None
    meta: dict[str, Any] = {"journal": journal}
    if isinstance(raw.get("timeZone"), str):
        meta["timeZone"] = raw["timeZone"]
    text = raw.get("text")
    if text is None:
        # Photo-only and empty entries are kept: they still carry a date.
        return Entry(ident, "", date, source, meta=meta)
    if not isinstance(text, str):
        return Entry.failure(
            ident, source, f"bad_text: entry {n}: 'text' is not a string", date=date, meta=meta
        )
    return Entry(ident, dayone_unescape(text), date, source, meta=meta)


def read_journal(data: bytes, source: str, journal: str) -> Iterator[Entry]:
    """Read one journal document held in memory.

    Parameters
    ----------
    data
        The bytes of the journal JSON.
    source
        The name entries carry, e.g. ``"export.zip:Journal.json"``.
    journal
        The journal name kept in ``meta["journal"]``.
    """
    doc, error = parse_json(decode_bytes(data, source))
    if error:
        yield Entry.failure(source, source, error)
        return
    entries = doc.get("entries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        yield Entry.failure(source, source, "format_error: no 'entries' list, not a Day One journal")
        return
    for n, raw in enumerate(entries, start=1):
        yield _entry(raw, n, source, journal)


def read(path: Path, **options: Any) -> Iterator[Entry]:
    """Read every journal of a Day One export (.zip or its unpacked folder) or one journal (.json).

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "Journal.json"
    >>> doc = {"entries": [{"uuid": "A1", "creationDate": "2024-03-02T21:14:05Z",
    ...                     "timeZone": "Europe/Brussels", "text": "Wat een dag\\\\!"}]}
    >>> _ = p.write_text(json.dumps(doc))
    >>> [(e.id, e.text, e.date, e.meta["timeZone"]) for e in read(p)]
    [('A1', 'Wat een dag!', '2024-03-02T21:14:05Z', 'Europe/Brussels')]
    """
    path = Path(path)
    if path.is_dir():  # an unpacked export
        for file in sorted(path.glob("*.json")):
            yield from read_journal(file.read_bytes(), f"{path.name}/{file.name}", file.stem)
        return
    if path.suffix.lower() != ".zip":
        yield from read_journal(path.read_bytes(), path.name, path.stem)
        return
    with open_zip(path) as archive:
        for member in journal_members(archive):
            source = f"{path.name}:{member}"
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                yield Entry.failure(source, source, f"read_error: cannot unpack ({type(exc).__name__})")
                continue
            yield from read_journal(data, source, PurePosixPath(member).stem)
