"""Reading diary exports as a stream of :class:`Entry` and writing output records.

Examples
--------
>>> from hechtingnlp.io import read_entries  # doctest: +SKIP
>>> for entry in read_entries("dagboek.zip"):  # doctest: +SKIP
...     print(entry.id, entry.date, entry.error)
"""

from .encoding import EncodingFallbackWarning
from .entry import Entry
from .formats import FORMATS, detect_format, read_entries
from .writers import RECORD_KEYS, WRITER_FORMATS, open_writer, writer_format_for

__all__ = [
    "FORMATS",
    "RECORD_KEYS",
    "WRITER_FORMATS",
    "EncodingFallbackWarning",
    "Entry",
    "detect_format",
    "open_writer",
    "read_entries",
    "writer_format_for",
]
