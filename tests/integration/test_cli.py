import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hechtingnlp
from hechtingnlp.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = [str(ROOT / "examples" / "dagboek-dayone.zip"), str(ROOT / "examples" / "dagboek.csv")]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_classify_json_matches_to_dict(capsys):
    text = "Ik regel het zelf wel, ik heb niemand nodig."
    code, out, _ = run(capsys, "classify", text, "--json")
    assert code == 0
    assert json.loads(out) == hechtingnlp.classify(text).to_dict()


def test_classify_table(capsys):
    code, out, _ = run(capsys, "classify", "Ik ben zo jaloers op zijn collega.")
    assert code == 0 and "angstig" in out and "geen diagnose" in out


def test_classify_reads_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("ik heb niemand nodig"))
    code, out, _ = run(capsys, "classify", "-", "--json")
    assert code == 0 and json.loads(out)["labels"] == ["vermijdend"]


def test_crisis_table_shows_help(capsys):
    _, out, _ = run(capsys, "classify", "ik wil er niet meer zijn")
    assert "113" in out and "1813" in out


def test_info(capsys):
    code, out, _ = run(capsys, "info")
    assert code == 0 and "pipeline" in out and "model" in out and hechtingnlp.__version__ in out


def test_snippets_filter(capsys):
    code, out, _ = run(capsys, "snippets", "--label", "angstig", "--kind", "tip")
    assert code == 0 and "angstig" in out


@pytest.mark.parametrize(
    "args",
    [
        ("snippets", "--theme", "angstig/bestaat-niet"),
        ("snippets", "--kind", "gedicht"),
        ("score", "bestaat-niet.jsonl", "-o", "uit.jsonl"),
        ("classify", "x", "--model", "elders.joblib"),
    ],
)
def test_user_errors_are_one_sentence(capsys, tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    code, _out, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("hechtingnlp: ") and "Traceback" not in err and err.count("\n") == 1


def _records(path):
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines()]


def test_score_examples(capsys, tmp_path):
    out = tmp_path / "scored.jsonl"
    code, _, err = run(capsys, "score", *EXAMPLES, "-o", str(out))
    assert code == 0
    records = _records(out)
    assert len(records) == 14
    assert [r["source"].split(":")[0] for r in records][:8] == ["dagboek-dayone.zip"] * 8
    assert "read 14" in err and "failed 0" in err
    assert not list(tmp_path.glob("*.partial*"))


def test_score_never_puts_text_in_errors(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "geheime zin over mijn lief"}\n{"id": "b", "text": 5}\n{kapot\n', "utf-8"
    )
    out = tmp_path / "out.jsonl"
    run(capsys, "score", str(src), "-o", str(out))
    records = _records(out)
    assert len(records) == 3
    assert records[0]["error"] is None and records[1]["error"] and records[2]["error"]
    assert all("geheim" not in (r["error"] or "") for r in records)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_score_other_formats(capsys, tmp_path, suffix):
    out = tmp_path / f"scored.{suffix}"
    code, _, _ = run(capsys, "score", EXAMPLES[1], "-o", str(out), "--quiet")
    assert code == 0
    if suffix == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(out).to_pylist()
    assert [r["id"] for r in rows] == ["vl-01", "vl-02", "vl-03", "vl-04", "vl-05", "vl-06"]


def _corpus_jsonl(path: Path, n: int) -> None:
    texts = [
        "Ik heb zijn appje al zes keer gelezen.",
        "Rustige dag, soep gemaakt.",
        "Ik heb niemand nodig.",
        "We hebben het na de ruzie uitgepraat.",
        "Ik verstijfde toen hij begon te roepen.",
    ]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"e{i}", "text": f"{texts[i % len(texts)]} (dag {i})"}) + "\n")


def test_resume_after_a_torn_partial_gives_identical_output(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    _corpus_jsonl(src, 40)
    full = tmp_path / "full.jsonl"
    run(capsys, "score", str(src), "-o", str(full), "--batch-size", "7", "--no-repeat-snippets")
    out = tmp_path / "out.jsonl"
    # Simulate an interrupted run: the partial file holds 15 records and a torn 16th line.
    run(capsys, "score", str(src), "-o", str(out), "--batch-size", "7", "--no-repeat-snippets")
    lines = out.read_text("utf-8").splitlines(keepends=True)
    out.unlink()
    partial = tmp_path / "out.jsonl.partial.jsonl"
    partial.write_text("".join(lines[:15]) + lines[15][:20], "utf-8")
    from hechtingnlp.batch import _fingerprint
    from hechtingnlp.cli import _parser

    args = _parser().parse_args(
        ["score", str(src), "-o", str(out), "--batch-size", "7", "--no-repeat-snippets"]
    )
    (tmp_path / "out.jsonl.partial.meta.json").write_text(json.dumps(_fingerprint(args)), "utf-8")
    code, _, err = run(
        capsys, "score", str(src), "-o", str(out), "--batch-size", "7", "--no-repeat-snippets", "--resume"
    )
    assert code == 0 and "resumed after 15" in err
    assert out.read_bytes() == full.read_bytes()


def test_resume_refuses_other_options(capsys, tmp_path):
    src = tmp_path / "in.jsonl"
    _corpus_jsonl(src, 5)
    (tmp_path / "out.jsonl.partial.jsonl").write_text("", "utf-8")
    (tmp_path / "out.jsonl.partial.meta.json").write_text("{}", "utf-8")
    code, _, err = run(capsys, "score", str(src), "-o", str(tmp_path / "out.jsonl"), "--resume")
    assert code == 2 and "other inputs or options" in err


@pytest.mark.slow
def test_killed_run_leaves_no_output_and_resumes_identically(tmp_path):
    src = tmp_path / "in.jsonl"
    _corpus_jsonl(src, 3000)
    cmd = [sys.executable, "-m", "hechtingnlp.cli", "score", str(src), "--batch-size", "50", "--quiet"]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    subprocess.run([*cmd, "-o", str(tmp_path / "full.jsonl")], check=True, env=env)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([*cmd, "-o", str(out)], env=env)
    partial = tmp_path / "out.jsonl.partial.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not partial.exists() or partial.stat().st_size < 20_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists()
    assert partial.exists()
    subprocess.run([*cmd, "-o", str(out), "--resume"], check=True, env=env)
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()
