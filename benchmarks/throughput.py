"""Throughput and peak memory of `hechtingnlp score` on a 100,000-entry JSONL.

The JSONL is built from the corpus texts (cycled, each entry with its own id). In the same
run it measures, as the baseline, bare ``spacy.blank("nl")`` tokenisation of the same texts,
and prints the ratios: single-process scoring against bare tokenisation, and 2 processes
against 1. Peak memory is the maximum resident set size of the scoring process and of its
worker processes. Usage: python benchmarks/throughput.py [--entries 100000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BARE = """
import json, sys, time, spacy
nlp = spacy.blank("nl")
texts = (json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8"))
t = time.perf_counter()
n = sum(1 for _ in nlp.pipe(texts, batch_size=256))
print(time.perf_counter() - t, n)
"""


def build_input(path: Path, entries: int) -> None:
    from hechtingnlp.corpus import load_corpus

    texts = [item["text"] for item in load_corpus()]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(entries):
            fh.write(
                json.dumps({"id": f"e{i:06d}", "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n"
            )


WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time, and the peak RSS in MB of the largest process the command started.

    A fresh wrapper process runs the command, so the peak is this command's own.
    """
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], check=True, capture_output=True, text=True)
    elapsed, peak_kb = out.stdout.split()
    return float(elapsed), int(peak_kb) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "entries.jsonl"
        build_input(src, args.entries)
        out = subprocess.run(
            [sys.executable, "-c", BARE, str(src)], check=True, capture_output=True, text=True
        )
        bare = float(out.stdout.split()[0])
        score = [sys.executable, "-m", "hechtingnlp.cli", "score", str(src), "--quiet", "-o"]
        one, mem1 = timed([*score, str(Path(tmp) / "out1.jsonl")])
        two, mem2 = timed([*score, str(Path(tmp) / "out2.jsonl"), "--n-process", "2"])
        same = (Path(tmp) / "out1.jsonl").read_bytes() == (Path(tmp) / "out2.jsonl").read_bytes()
    n = args.entries
    print(f"{n:,} entries from the corpus texts; outputs of 1 and 2 processes identical: {same}")
    print("| run | time | entries/s | ratio | peak memory |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| bare spacy.blank('nl') tokenisation (baseline) | {bare:.1f} s | {n / bare:,.0f} | 1.00 | |")
    print(
        f"| hechtingnlp score, 1 process | {one:.1f} s | {n / one:,.0f} | {bare / one:.2f} of baseline | {mem1:.0f} MB |"
    )
    print(
        f"| hechtingnlp score, 2 processes | {two:.1f} s | {n / two:,.0f} | {one / two:.2f} x 1 process | {mem2:.0f} MB per process (max) |"
    )


if __name__ == "__main__":
    main()
