"""Writers for output records: JSON Lines, CSV and Parquet.

An output record is a plain dict with exactly the keys of :data:`RECORD_KEYS`::

    {"id": str, "date": str | None, "source": str, "labels": [str],
     "scores": {"vermijdend": float, "angstig": float, "gedesorganiseerd": float, "veilig": float},
     "cues": [{"label", "theme", "text", "start", "end", "sentence", "negated", "hypothetical",
               "subject"}],
     "snippets": [str], "crisis": bool, "error": str | None}

Python strings may hold lone surrogates (from ``\\ud800`` escapes in JSON input) that UTF-8
cannot encode. JSON output keeps them as ``\\uXXXX`` escapes (lossless); CSV and Parquet cells
get U+FFFD in their place.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> record = {"id": "1", "date": None, "source": "d.jsonl", "labels": ["veilig"],
...           "scores": {"vermijdend": 0.1, "angstig": 0.2, "gedesorganiseerd": 0.0, "veilig": 0.9},
...           "cues": [], "snippets": [], "crisis": False, "error": None}
>>> with open_writer(out, "jsonl") as writer:
...     writer.write(record)
>>> out.getvalue()[:30]
'{"id": "1", "date": null, "sou'
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import IO, Any

from hechtingnlp.labels import LABELS

#: The keys of an output record, in output order.
RECORD_KEYS: tuple[str, ...] = (
    "id",
    "date",
    "source",
    "labels",
    "scores",
    "cues",
    "snippets",
    "crisis",
    "error",
)
#: The keys of one cue in ``record["cues"]``.
CUE_KEYS: tuple[str, ...] = (
    "label", "theme", "text", "start", "end", "sentence", "negated", "hypothetical", "subject",
)  # fmt: skip
#: The columns of CSV output, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "id", "date", "source", "labels", *(f"score_{label}" for label in LABELS),
    "cues", "snippets", "crisis", "error",
)  # fmt: skip
#: The output formats :func:`open_writer` accepts.
WRITER_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet")
#: Records buffered per Parquet row group.
ROW_GROUP_SIZE = 1000

_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv",
             ".parquet": "parquet", ".pq": "parquet"}  # fmt: skip
_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogates(text: str) -> str:
    # In JSON text a lone surrogate can only sit inside a string literal, where its
    # \uXXXX escape means the same thing and encodes to UTF-8.
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _clean(value: Any) -> Any:
    """Replace lone surrogates in every string of a value with U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise ValueError(f"output record: {what}")


def normalize_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Check a record against the output contract and return it as a fresh dict in key order.

    Cues may be dicts or objects with ``to_dict()``; their keys are put in :data:`CUE_KEYS`
    order (missing ones None, others dropped). Snippets may be id strings or objects with ``id``.

    Raises
    ------
    ValueError
        On missing or unexpected keys or wrong types; the message names keys and types only.
    """
    keys = set(record)
    missing = [k for k in RECORD_KEYS if k not in keys]
    extra = sorted(str(k) for k in keys - set(RECORD_KEYS))
    _check(not missing and not extra, f"missing keys {missing}, unexpected keys {extra}")
    for key in ("id", "source"):
        _check(isinstance(record[key], str), f"{key!r} must be a string, not {type(record[key]).__name__}")
    for key in ("date", "error"):
        _check(record[key] is None or isinstance(record[key], str), f"{key!r} must be a string or None")
    scores = record["scores"]
    _check(
        isinstance(scores, Mapping) and set(scores) == set(LABELS),
        f"'scores' must have exactly the keys {list(LABELS)}",
    )
    for label, value in scores.items():
        ok = value is None or (isinstance(value, int | float) and not isinstance(value, bool))
        _check(ok, f"score {label!r} must be a number, not {type(value).__name__}")
    labels = list(record["labels"])
    _check(all(isinstance(x, str) for x in labels), "'labels' must be a list of strings")
    cues = []
    for cue in record["cues"]:
        cue = cue.to_dict() if hasattr(cue, "to_dict") else cue
        _check(isinstance(cue, Mapping), f"a cue must be a dict, not {type(cue).__name__}")
        cues.append({k: cue.get(k) for k in CUE_KEYS})
    snippets = [s if isinstance(s, str) else getattr(s, "id", s) for s in record["snippets"]]
    _check(all(isinstance(s, str) for s in snippets), "'snippets' must be a list of id strings")
    return {
        "id": record["id"],
        "date": record["date"],
        "source": record["source"],
        "labels": labels,
        "scores": {label: None if scores[label] is None else float(scores[label]) for label in LABELS},
        "cues": cues,
        "snippets": snippets,
        "crisis": bool(record["crisis"]),
        "error": record["error"],
    }


class RecordWriter:
    """Base of the writers: a context manager with ``write(record)`` and ``close()``."""

    def __init__(self, stream: IO[Any], owned: bool) -> None:
        self._stream = stream
        self._owned = owned
        self.count = 0
        """Number of records written so far."""
        self.closed = False

    def write(self, record: Mapping[str, Any]) -> None:
        """Check and write one record."""
        if self.closed:
            raise ValueError("write to a closed writer")
        self._write(normalize_record(record))
        self.count += 1

    def _write(self, record: dict[str, Any]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _finish(self) -> None:
        """Flush what a subclass buffers; called once by :meth:`close`."""

    def close(self) -> None:
        """Flush buffered records and close the file (a stream passed in is only flushed)."""
        if self.closed:
            return
        self.closed = True
        try:
            self._finish()
            self._stream.flush()
        finally:
            if self._owned:
                self._stream.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class JsonlWriter(RecordWriter):
    """One JSON object per line, UTF-8, non-ASCII characters kept as they are."""

    def _write(self, record: dict[str, Any]) -> None:
        self._stream.write(_escape_surrogates(json.dumps(record, ensure_ascii=False)) + "\n")


def _cell(value: Any) -> str:
    return "" if value is None else _clean(str(value))


class CsvWriter(RecordWriter):
    """Fixed columns (:data:`CSV_COLUMNS`); lists joined by ``;``, cues as a JSON string."""

    def __init__(self, stream: IO[str], owned: bool) -> None:
        super().__init__(stream, owned)
        self._csv = csv.writer(stream)
        self._csv.writerow(CSV_COLUMNS)

    def _write(self, record: dict[str, Any]) -> None:
        scores = [_cell(record["scores"][label]) for label in LABELS]
        cues = _escape_surrogates(json.dumps(record["cues"], ensure_ascii=False))
        self._csv.writerow([
            _cell(record["id"]), _cell(record["date"]), _cell(record["source"]),
            _cell(";".join(record["labels"])), *scores, cues,
            _cell(";".join(record["snippets"])), "true" if record["crisis"] else "false",
            _cell(record["error"]),
        ])  # fmt: skip


def parquet_schema() -> Any:
    """The one fixed Arrow schema of Parquet output (so empty cues never change a column type)."""
    import pyarrow as pa

    cue = pa.struct([
        ("label", pa.string()), ("theme", pa.string()), ("text", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("sentence", pa.int64()),
        ("negated", pa.bool_()), ("hypothetical", pa.bool_()), ("subject", pa.string()),
    ])  # fmt: skip
    return pa.schema([
        ("id", pa.string()), ("date", pa.string()), ("source", pa.string()),
        ("labels", pa.list_(pa.string())),
        ("scores", pa.struct([(label, pa.float64()) for label in LABELS])),
        ("cues", pa.list_(cue)), ("snippets", pa.list_(pa.string())),
        ("crisis", pa.bool_()), ("error", pa.string()),
    ])  # fmt: skip


class ParquetWriter(RecordWriter):
    """Parquet with :func:`parquet_schema`, written in row groups of ``row_group_size`` records."""

    def __init__(self, stream: IO[bytes], owned: bool, row_group_size: int = ROW_GROUP_SIZE) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("writing Parquet needs pyarrow: pip install 'hechtingnlp[parquet]'") from exc
        super().__init__(stream, owned)
        self._pa = pa
        self._schema = parquet_schema()
        self._writer = pq.ParquetWriter(stream, self._schema)
        self._rows: list[dict[str, Any]] = []
        self._size = row_group_size

    def _write(self, record: dict[str, Any]) -> None:
        self._rows.append(_clean(record))
        if len(self._rows) >= self._size:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def _finish(self) -> None:
        try:
            self._flush()
        finally:
            self._writer.close()


def writer_format_for(path: str | PathLike[str]) -> str:
    """Choose the output format by extension: ``.csv``, ``.parquet``/``.pq``, else ``jsonl``.

    Examples
    --------
    >>> writer_format_for("uit.parquet"), writer_format_for("uit.csv"), writer_format_for("-")
    ('parquet', 'csv', 'jsonl')
    """
    return _SUFFIXES.get(Path(str(path)).suffix.lower(), "jsonl")


def open_writer(path_or_stream: str | PathLike[str] | IO[Any], format: str) -> RecordWriter:
    """Open a record writer on a path, ``"-"`` (standard output) or an open stream.

    Parameters
    ----------
    path_or_stream
        A path (created or overwritten), ``"-"``, or a stream: text for jsonl and csv,
        binary (or a text stream with a ``buffer``) for parquet. Streams are not closed.
    format
        One of :data:`WRITER_FORMATS`.
    """
    if format not in WRITER_FORMATS:
        raise ValueError(f"unknown output format {format!r}; choose one of {', '.join(WRITER_FORMATS)}")
    binary = format == "parquet"
    if isinstance(path_or_stream, str | PathLike):
        if str(path_or_stream) == "-":
            stream, owned = (sys.stdout.buffer if binary else sys.stdout), False
        elif binary:
            stream, owned = open(path_or_stream, "wb"), True  # noqa: SIM115 - the writer closes it
        else:
            stream, owned = open(path_or_stream, "w", encoding="utf-8", newline=""), True  # noqa: SIM115
    else:
        stream, owned = path_or_stream, False
        if binary and hasattr(stream, "buffer"):
            stream = stream.buffer
    if format == "jsonl":
        return JsonlWriter(stream, owned)
    if format == "csv":
        return CsvWriter(stream, owned)
    try:
        return ParquetWriter(stream, owned)
    except BaseException:
        if owned:
            stream.close()
        raise
