"""Diaro XML backups (a ``.xml`` file, or a backup ``.zip`` that holds one).

``<data><table name="diaroEntries"><r><uid/><date>ms</date><tz_offset>+01:00</tz_offset>
<title/><text/>...</r></table>...</data>``. Parsed with :func:`xml.etree.ElementTree.iterparse`
so that large backups stream; other tables (folders, tags, attachments) are skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .containers import open_zip
from .dates import from_epoch_ms
from .entry import Entry

#: The table that holds the diary entries.
ENTRY_TABLE = "diaroEntries"


def _entry(row: ET.Element, n: int, source: str) -> Entry:
    fields = {child.tag: (child.text or "") for child in row}
    ident = fields.get("uid", "").strip() or f"diaro-{n}"
    offset = fields.get("tz_offset", "").strip()
    date = from_epoch_ms(fields.get("date"), offset or None)
    meta = {"tz_offset": offset} if offset else {}
    parts = [fields.get(key, "").strip() for key in ("title", "text")]
    return Entry(ident, "\n\n".join(p for p in parts if p), date, source, meta=meta)


def iter_xml(stream: IO[bytes], source: str) -> Iterator[Entry]:
    """Stream the entries of a Diaro XML document from a binary stream.

    Examples
    --------
    >>> import io
    >>> xml = (b'<data><table name="diaroEntries"><r><uid>d1</uid><date>1709410445000</date>'
    ...        b'<tz_offset>+01:00</tz_offset><title>Zaterdag</title><text>Fijn.</text></r>'
    ...        b'</table></data>')
    >>> [(e.id, e.text, e.date) for e in iter_xml(io.BytesIO(xml), "b.xml")]
    [('d1', 'Zaterdag\\n\\nFijn.', '2024-03-02T21:14:05+01:00')]
    """
    table: ET.Element | None = None
    depth = 0
    n = 0
    try:
        for event, elem in ET.iterparse(stream, events=("start", "end")):
            if event == "start":
                depth += 1
                if elem.tag == "table":
                    table = elem
                continue
            depth -= 1
            if elem.tag == "r" and table is not None and depth == 2:
                if table.get("name") == ENTRY_TABLE:
                    n += 1
                    yield _entry(elem, n, source)
                # Drop each row once read so memory stays flat however large the backup.
                table.remove(elem)
            elif elem.tag == "table":
                table = None
    except ET.ParseError as exc:
        line, column = exc.position
        yield Entry.failure(source, source, f"parse_error: invalid XML at line {line}, column {column}")
    except (LookupError, UnicodeError) as exc:
        # An encoding declaration that Python does not know or cannot apply.
        yield Entry.failure(source, source, f"parse_error: cannot decode the XML ({type(exc).__name__})")


def read(path: Path, **options: Any) -> Iterator[Entry]:
    """Read the entries of a Diaro backup (.xml, or a .zip holding the .xml)."""
    path = Path(path)
    if path.suffix.lower() != ".zip":
        with open(path, "rb") as stream:
            yield from iter_xml(stream, path.name)
        return
    with open_zip(path) as archive:
        members = sorted(n for n in archive.namelist() if n.lower().endswith(".xml") and "__MACOSX" not in n)
        if not members:
            raise ValueError(f"{path.name}: no Diaro .xml backup in the zip")
        for member in members:
            with archive.open(member) as stream:
                yield from iter_xml(stream, f"{path.name}:{member}")
