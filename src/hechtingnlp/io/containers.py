"""What several readers share: opening a zip export, and reading CSV rows without stopping."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path


def open_zip(path: Path) -> zipfile.ZipFile:
    """Open a zip export; a clear ValueError (naming only the file) when it is not a zip."""
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ValueError(f"{path.name}: not a valid zip file") from None


def csv_rows(reader) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """``(row number, cells, None)`` for every non-empty row, or ``(row number, None, problem)``
    for a row the csv module cannot read; reading goes on after a bad row.

    The csv module's message names the problem, never the cell, so it is safe to pass on.
    """
    n = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            n += 1
            yield n, None, str(exc)
            continue
        if not cells:
            continue
        n += 1
        yield n, cells, None
