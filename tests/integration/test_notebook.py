import os
import subprocess
import sys
from pathlib import Path

import pytest

from hechtingnlp.model.store import shipped_model_path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "evaluation.py"


@pytest.mark.slow
def test_evaluation_notebook_reproduces_the_manifest(tmp_path):
    pytest.importorskip("matplotlib")
    if shipped_model_path() is None:
        pytest.skip("no shipped model in this checkout")
    env = {**os.environ, "HECHTINGNLP_FIGURES": str(tmp_path), "MPLBACKEND": "Agg"}
    run = subprocess.run(
        [sys.executable, str(NOTEBOOK)], env=env, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "manifest figures reproduced" in run.stdout
    assert (tmp_path / "reliability.png").stat().st_size > 1000
    assert (tmp_path / "f1_per_label.png").stat().st_size > 1000
