"""Daylio CSV exports.

Header: ``full_date,date,weekday,time,mood,activities,note_title,note`` (older exports have no
``note_title``). Notes may hold HTML. Mood and activities go to ``meta``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from .containers import csv_rows
from .encoding import open_text
from .entry import Entry
from .text import html_to_text

#: The columns that make a CSV a Daylio export (``note_title`` is optional).
DAYLIO_COLUMNS = ("full_date", "date", "weekday", "time", "mood", "activities", "note")

_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p")


def is_daylio_header(header: list[str]) -> bool:
    """Whether a CSV header row is Daylio's.

    Examples
    --------
    >>> is_daylio_header("full_date,date,weekday,time,mood,activities,note_title,note".split(","))
    True
    """
    names = {h.strip().lower() for h in header}
    return all(c in names for c in DAYLIO_COLUMNS)


def parse_date(full_date: str | None, time: str | None) -> str | None:
    """Join Daylio's ``full_date`` and ``time`` (24-hour or am/pm) into ISO 8601 local time.

    Examples
    --------
    >>> parse_date("2024-03-02", "9:14 pm")
    '2024-03-02T21:14:00'
    >>> parse_date("2024-03-02", "")
    '2024-03-02'
    """
    try:
        day = datetime.strptime((full_date or "").strip(), "%Y-%m-%d").date()
    except ValueError:
        return None
    clock = (time or "").strip().upper()
    for fmt in _TIME_FORMATS:
        try:
            moment = datetime.strptime(clock, fmt).time()
        except ValueError:
            continue
        return datetime.combine(day, moment).isoformat()
    return day.isoformat()


def read(path: Path, **options: Any) -> Iterator[Entry]:
    """Read a Daylio CSV export, one entry per row, with ids ``daylio-1``, ``daylio-2``, ...

    Text is ``note_title`` and ``note`` joined by a blank line when both are present. A
    mood-only row gives an entry with empty text.
    """
    path = Path(path)
    with open_text(path, newline="") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        if not is_daylio_header(header):
            missing = [c for c in DAYLIO_COLUMNS if c not in header]
            raise ValueError(f"{path.name}: not a Daylio export, missing columns: {', '.join(missing)}")
        for n, cells, problem in csv_rows(reader):
            if problem is not None:
                yield Entry.failure(f"daylio-{n}", path.name, f"parse_error: row {n}: {problem}")
                continue
            yield _row(dict(zip(header, cells, strict=False)), n, len(cells) < len(header), path.name)


def _row(row: dict[str, str], n: int, short: bool, source: str) -> Entry:
    meta: dict[str, Any] = {"mood": row.get("mood", "").strip()}
    activities = row.get("activities", "")
    meta["activities"] = [a.strip() for a in activities.split("|") if a.strip()]
    date = parse_date(row.get("full_date"), row.get("time"))
    if short:
        error = f"row_error: row {n} has fewer cells than the header"
        return Entry.failure(f"daylio-{n}", source, error, date=date, meta=meta)
    parts = [html_to_text(row.get(key) or "").strip() for key in ("note_title", "note")]
    return Entry(f"daylio-{n}", "\n\n".join(p for p in parts if p), date, source, meta=meta)
