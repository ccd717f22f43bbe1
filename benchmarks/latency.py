"""Cold start and warm latency of classify() on a 30-word entry.

Prints a table with the measured times and, as the baseline measured in the same run, the
start of a bare Python interpreter and bare spaCy tokenisation of the same entry.
Usage: python benchmarks/latency.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

ENTRY = (
    "Vandaag was een lange dag op het werk. Toen ik thuiskwam zei hij bijna niks, "
    "en ik heb zijn appje van vanmiddag al zes keer gelezen omdat ik bang ben dat hij weggaat."
)
COLD = (
    "import time; t=time.perf_counter(); import hechtingnlp; hechtingnlp.classify({entry!r}); "
    "print(time.perf_counter()-t)"
)
BARE = "import time; t=time.perf_counter(); print(time.perf_counter()-t)"


def cold(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    words = len(ENTRY.split())
    cold_start = cold(COLD.format(entry=ENTRY), args.runs)
    spacy_start = cold(
        "import time; t=time.perf_counter(); import spacy; spacy.blank('nl')('x'); "
        "print(time.perf_counter()-t)",
        args.runs,
    )

    import spacy

    import hechtingnlp

    hechtingnlp.classify(ENTRY)
    warm = []
    for _ in range(300):
        t = time.perf_counter()
        hechtingnlp.classify(ENTRY)
        warm.append(time.perf_counter() - t)
    nlp = spacy.blank("nl")
    bare = []
    for _ in range(300):
        t = time.perf_counter()
        nlp(ENTRY)
        bare.append(time.perf_counter() - t)
    w, b = statistics.median(warm), statistics.median(bare)
    print(f"entry of {words} words; model {hechtingnlp._analyzer().model_info.name}")
    print("| measure | hechtingnlp | baseline (same run) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    print(
        f"| cold start: import + first classify() | {cold_start:.2f} s | import spacy + blank('nl') + tokenise: {spacy_start:.2f} s | {cold_start / spacy_start:.2f} |"
    )
    print(
        f"| warm classify(), median of 300 | {w * 1000:.2f} ms | spacy.blank('nl') tokenisation: {b * 1000:.3f} ms | {w / b:.1f} |"
    )


if __name__ == "__main__":
    main()
