"""Generic tables: CSV, TSV, JSONL, JSON and Parquet.

Column options (``text_col``, ``id_col``, ``date_col``) pick the fields. Defaults: text from
``"text"``, id from ``"id"`` when there is one (else the 1-based row number), date from
``"date"`` when there is one. A missing text *column* is a :class:`ValueError`; a row whose
text *cell* is missing or not a string, and a JSONL line that is not JSON, give an
:class:`~hechtingnlp.io.Entry` with ``error`` set and reading goes on.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .containers import csv_rows
from .encoding import decode_bytes, open_text
from .entry import Entry
from .jsonparse import parse_json

#: Records read from Parquet per batch (keeps memory bounded on large files).
BATCH_SIZE = 1024

# Long diary entries exceed the csv module's default cell limit of 128 KiB. The limit is
# process-wide; raising it only ever accepts more.
_CSV_FIELD_LIMIT = 1 << 28


@dataclass(frozen=True)
class _Columns:
    """Which fields of a row hold the text, the id and the date."""

    text: str
    """Name of the text column."""
    id: str | None
    """Name of the id column, or None to number the rows."""
    date: str | None
    """Name of the date column, or None."""


def resolve_columns(
    name: str,
    columns: Sequence[str],
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
) -> _Columns:
    """Check the column options against the columns a file has.

    Raises
    ------
    ValueError
        When the text column, or an id or date column asked for, is not there.

    Examples
    --------
    >>> resolve_columns("a.csv", ["id", "text"]).id
    'id'
    >>> resolve_columns("a.csv", ["note"])
    Traceback (most recent call last):
    ...
    ValueError: a.csv: no text column 'text'; the columns are: note (choose one with text_col)
    """
    have = list(dict.fromkeys(columns))
    listing = ", ".join(have) if have else "(none)"
    text = text_col or "text"
    if text not in have:
        raise ValueError(
            f"{name}: no text column {text!r}; the columns are: {listing} (choose one with text_col)"
        )
    for option, col in (("id_col", id_col), ("date_col", date_col)):
        if col is not None and col not in have:
            raise ValueError(f"{name}: no column {col!r} for {option}; the columns are: {listing}")
    return _Columns(
        text=text,
        id=id_col or ("id" if "id" in have else None),
        date=date_col or ("date" if "date" in have else None),
    )


def _id(value: Any, n: int) -> str:
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return str(n)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # ids that went through pandas come back as floats
    return value if isinstance(value, str) else str(value)


def _date(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return None


def row_entry(row: Mapping[str, Any], n: int, where: str, source: str, cols: _Columns) -> Entry:
    """Make an Entry from one row; ``where`` names the place for error messages ("row 3")."""
    ident = _id(row.get(cols.id) if cols.id else None, n)
    date = _date(row.get(cols.date)) if cols.date else None
    value = row.get(cols.text)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        error = f"missing_text: {where} has no {cols.text!r} value"
    elif not isinstance(value, str):
        # Name the type only: the value itself may be diary text.
        error = f"bad_text: {where}: {cols.text!r} is {type(value).__name__}, not a string"
    else:
        return Entry(id=ident, text=value, date=date, source=source)
    return Entry.failure(ident, source, error, date=date)


def read_csv(
    path: Path,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
    delimiter: str = ",",
) -> Iterator[Entry]:
    """Read a CSV file with a header row, one entry per row, streaming.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("id,text\\na1,Goede dag\\n", encoding="utf-8")
    >>> [(e.id, e.text) for e in read_csv(p)]
    [('a1', 'Goede dag')]
    """
    path = Path(path)
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    with open_text(path, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = [h.strip() for h in next(reader, [])]
        cols = resolve_columns(path.name, header, text_col, id_col, date_col)
        for n, cells, problem in csv_rows(reader):
            if problem is not None:
                yield Entry.failure(str(n), path.name, f"parse_error: row {n}: {problem}")
                continue
            yield row_entry(dict(zip(header, cells, strict=False)), n, f"row {n}", path.name, cols)


def read_tsv(path: Path, **options: Any) -> Iterator[Entry]:
    """Read a tab-separated file (see :func:`read_csv`)."""
    return read_csv(path, delimiter="\t", **options)


def iter_jsonl(
    lines: Iterable[str],
    source: str,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
) -> Iterator[Entry]:
    """Read JSON Lines from any iterable of lines (a file, standard input).

    The id defaults to the line number. The first object decides which columns exist.

    Examples
    --------
    >>> lines = ['{"text": "Rustige dag"}', '{kapot', '{"text": 3}']
    >>> for e in iter_jsonl(lines, "x.jsonl"):
    ...     print(e.id, e.error)
    1 None
    2 parse_error: invalid JSON on line 2, column 2: Expecting property name enclosed in double quotes
    3 bad_text: line 3: 'text' is int, not a string
    """
    cols: _Columns | None = None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row, error = parse_json(line, line=n)
        if error:
            yield Entry.failure(str(n), source, error)
            continue
        if not isinstance(row, dict):
            yield Entry.failure(
                str(n), source, f"format_error: line {n} is a JSON {type(row).__name__}, not an object"
            )
            continue
        if cols is None:
            cols = resolve_columns(source, list(row), text_col, id_col, date_col)
        yield row_entry(row, n, f"line {n}", source, cols)


def read_jsonl(path: Path, **options: Any) -> Iterator[Entry]:
    """Read a JSON Lines file line by line (see :func:`iter_jsonl`)."""
    path = Path(path)
    with open_text(path) as handle:
        yield from iter_jsonl(handle, path.name, **options)


def read_json(
    path: Path,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
) -> Iterator[Entry]:
    """Read a JSON document: a list of objects, or an object with an ``"entries"`` list.

    The document is loaded whole. A document that is not valid JSON gives one Entry with
    ``error`` set.
    """
    path = Path(path)
    data, error = parse_json(decode_bytes(path.read_bytes(), path.name))
    if error:
        yield Entry.failure(path.name, path.name, error)
        return
    if isinstance(data, dict) and isinstance(data.get("entries"), list):
        data = data["entries"]
    if not isinstance(data, list):
        raise ValueError(f'{path.name}: expected a list of objects or {{"entries": [...]}}')
    keys = [key for row in data if isinstance(row, dict) for key in row]
    cols = resolve_columns(path.name, keys, text_col, id_col, date_col)
    for n, row in enumerate(data, start=1):
        if isinstance(row, dict):
            yield row_entry(row, n, f"record {n}", path.name, cols)
        else:
            yield Entry.failure(
                str(n), path.name, f"format_error: record {n} is a JSON {type(row).__name__}, not an object"
            )


def read_parquet(
    path: Path,
    *,
    text_col: str | None = None,
    id_col: str | None = None,
    date_col: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[Entry]:
    """Read a Parquet file record batch by record batch, only the columns needed."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("reading Parquet needs pyarrow: pip install 'hechtingnlp[parquet]'") from exc
    path = Path(path)
    try:
        parquet = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types
        raise ValueError(f"{path.name}: not a readable Parquet file ({type(exc).__name__})") from None
    cols = resolve_columns(path.name, parquet.schema_arrow.names, text_col, id_col, date_col)
    wanted = list(dict.fromkeys(c for c in (cols.text, cols.id, cols.date) if c))
    n = 0
    with parquet:
        for batch in parquet.iter_batches(batch_size=batch_size, columns=wanted):
            for row in batch.to_pylist():
                n += 1
                yield row_entry(row, n, f"row {n}", path.name, cols)


#: Reader per tabular format name.
READERS = {"csv": read_csv, "tsv": read_tsv, "jsonl": read_jsonl, "json": read_json, "parquet": read_parquet}

_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".pq": "parquet",
}


def read(path: Path, *, format: str | None = None, **options: Any) -> Iterator[Entry]:
    """Read any tabular file; the format comes from ``format`` or the file's extension."""
    path = Path(path)
    name = format or _SUFFIXES.get(path.suffix.lower())
    if name not in READERS:
        raise ValueError(f"{path.name}: not a tabular file; pass format= with one of {', '.join(READERS)}")
    yield from READERS[name](path, **options)
