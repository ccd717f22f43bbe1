"""Shared fixtures of the hechtingnlp.io tests: the hand-written exports and a zip builder."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

EXPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "exports"


@pytest.fixture
def exports() -> Path:
    """The folder of hand-written fixture exports."""
    return EXPORTS


@pytest.fixture
def make_zip(tmp_path: Path) -> Callable[..., Path]:
    """Build a zip in tmp_path from files: ``make_zip("x.zip", {"a.json": bytes_or_path})``."""

    def build(name: str, members: dict[str, bytes | str | Path]) -> Path:
        target = tmp_path / name
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, content in members.items():
                if isinstance(content, Path):
                    content = content.read_bytes()
                archive.writestr(member, content)
        return target

    return build


@pytest.fixture
def record() -> Callable[..., dict]:
    """Make a valid output record; keyword arguments override fields."""

    def build(**fields: object) -> dict:
        base = {
            "id": "1",
            "date": "2024-03-02T21:14:05+01:00",
            "source": "dagboek.jsonl",
            "labels": [],
            "scores": {"vermijdend": 0.0, "angstig": 0.0, "gedesorganiseerd": 0.0, "veilig": 0.0},
            "cues": [],
            "snippets": [],
            "crisis": False,
            "error": None,
        }
        base.update(fields)
        return base

    return build
