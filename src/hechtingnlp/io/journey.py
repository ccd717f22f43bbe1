"""Journey exports: a .zip or a folder of per-entry JSON files (a single entry file also works).

Each file looks like ``{"id", "date_journal" (ms since the epoch), "timezone", "text" (HTML),
...}``. The HTML becomes plain text; the date becomes ISO 8601 in the entry's time zone.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .containers import open_zip
from .dates import from_epoch_ms
from .encoding import decode_bytes
from .entry import Entry
from .jsonparse import parse_json
from .text import html_to_text


def parse_entry(data: bytes, source: str) -> Entry:
    """Make an Entry from the bytes of one Journey entry file.

    Examples
    --------
    >>> raw = b'{"id": "j1", "date_journal": 1709410445000, "timezone": "Europe/Amsterdam",'
    >>> raw += b' "text": "<p>Vandaag &amp; morgen</p>"}'
    >>> e = parse_entry(raw, "1709410445000-j1.json")
    >>> e.id, e.text, e.date
    ('j1', 'Vandaag & morgen', '2024-03-02T21:14:05+01:00')
    """
    fallback_id = PurePosixPath(source.rsplit(":", 1)[-1]).stem
    doc, error = parse_json(decode_bytes(data, source))
    if error:
        return Entry.failure(fallback_id, source, error)
    if not isinstance(doc, dict):
        return Entry.failure(fallback_id, source, "format_error: not a Journey entry object")
    ident = doc.get("id")
    ident = ident if isinstance(ident, str) and ident else fallback_id
    tz = doc.get("timezone")
    meta = {"timezone": tz} if isinstance(tz, str) and tz else {}
    date = from_epoch_ms(doc.get("date_journal"), tz)
    text = doc.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        return Entry.failure(ident, source, "bad_text: 'text' is not a string", date=date, meta=meta)
    return Entry(ident, html_to_text(text), date, source, meta=meta)


def _is_entry_file(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return name.lower().endswith(".json") and not any(p.startswith(".") or p == "__MACOSX" for p in parts)


def read(path: Path, **options: Any) -> Iterator[Entry]:
    """Read every entry of a Journey export (.zip, folder or single .json), in file-name order."""
    path = Path(path)
    if path.is_dir():
        for file in sorted(path.rglob("*.json")):
            rel = file.relative_to(path).as_posix()
            if _is_entry_file(rel):
                yield parse_entry(file.read_bytes(), f"{path.name}/{rel}")
        return
    if path.suffix.lower() != ".zip":
        yield parse_entry(path.read_bytes(), path.name)
        return
    with open_zip(path) as archive:
        for member in sorted(i.filename for i in archive.infolist() if not i.is_dir()):
            if not _is_entry_file(member):
                continue  # photos and other attachments
            source = f"{path.name}:{member}"
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, OSError, NotImplementedError) as exc:
                yield Entry.failure(
                    PurePosixPath(member).stem, source, f"read_error: cannot unpack ({type(exc).__name__})"
                )
                continue
            yield parse_entry(data, source)
