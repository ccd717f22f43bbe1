"""The one record type every reader yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One diary entry read from an export.

    The ``text`` field is left out of ``repr()`` so that an entry that ends up in a log line
    or a traceback does not leak diary text.

    Examples
    --------
    >>> Entry(id="1", text="Vandaag was een goede dag.", date="2024-03-02", source="dagboek.csv")
    Entry(id='1', date='2024-03-02', source='dagboek.csv', error=None, meta={})
    """

    id: str
    """Identifier of the entry, unique within its source (uuid, row number, relative path ...)."""
    text: str = field(repr=False)
    """The plain text of the entry; ``""`` when it has none or could not be read."""
    date: str | None
    """When the entry was written, as an ISO 8601 string with its UTC offset when known."""
    source: str
    """The file the entry came from: a file name, or ``"archive.zip:member.json"``."""
    error: str | None = None
    """A short code and reason when the record could not be read, e.g.
    ``"parse_error: invalid JSON on line 17"``; it names places, never diary text."""
    meta: dict[str, Any] = field(default_factory=dict, hash=False)
    """Extra fields kept from the export, e.g. ``{"timeZone": "Europe/Brussels"}``."""

    @classmethod
    def failure(
        cls, id: str, source: str, error: str, *, date: str | None = None, meta: dict[str, Any] | None = None
    ) -> Entry:
        """An entry that could not be read: empty text and ``error`` set.

        Examples
        --------
        >>> Entry.failure("7", "d.jsonl", "parse_error: invalid JSON on line 7").ok
        False
        """
        return cls(id=id, text="", date=date, source=source, error=error, meta=dict(meta or {}))

    @property
    def ok(self) -> bool:
        """True when the entry was read without error."""
        return self.error is None
