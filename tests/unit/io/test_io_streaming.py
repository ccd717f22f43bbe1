"""Large files are read as streams: memory stays far below the file size."""

from __future__ import annotations

import json
import tracemalloc

import pytest

from hechtingnlp.io import read_entries
from hechtingnlp.io.notes import read_text

LINES = 60_000
TEXT = "Ik dacht weer dat hij boos was omdat hij niet meteen antwoordde, maar hij sliep gewoon. "


def _peak_while_reading(entries) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in entries)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "txt"])
def test_reading_keeps_memory_bounded(tmp_path, fmt):
    path = tmp_path / f"groot.{fmt}"
    with open(path, "w", encoding="utf-8") as out:
        if fmt == "csv":
            out.write("id,text\n")
        for i in range(LINES):
            if fmt == "jsonl":
                out.write(json.dumps({"id": str(i), "text": TEXT}, ensure_ascii=False) + "\n")
            elif fmt == "csv":
                out.write(f'{i},"{TEXT}"\n')
            else:
                out.write(TEXT + "\n")
    size = path.stat().st_size
    assert size > 5_000_000
    entries = read_text(path, per_line=True) if fmt == "txt" else read_entries(path)
    count, peak = _peak_while_reading(entries)
    assert count == LINES
    assert peak < size / 8, (peak, size)  # a few buffers, not the file
