"""Rewrite ``known_failures.json`` from what the current model gets wrong.

Run it after a change to the lexicon, the rules or the model, and read the diff: every
entry says in a few words what went wrong, so that the failing cases stay visible as xfail.
Usage: python tests/regression/record_failures.py
"""

from __future__ import annotations

import json
from pathlib import Path

from hechtingnlp.analyzer import LEXICON, Analyzer
from hechtingnlp.snippets import select

HERE = Path(__file__).parent


def case_failure(analyzer: Analyzer, case: dict) -> str | None:
    result = analyzer.classify(case["text"])
    expect = case["expect"]
    problems = []
    if result.crisis != expect["crisis"]:
        problems.append("crisis language missed" if expect["crisis"] else "crisis false alarm")
    got, want = set(result.labels), set(expect["labels"])
    if want - got:
        problems.append(f"missed {', '.join(sorted(want - got))}")
    extra = got - want
    for label in sorted(extra):
        problems.append(
            f"negated {label} still labelled" if label in expect.get("negated", []) else f"spurious {label}"
        )
    if not problems and expect.get("subject") and expect["labels"]:
        evidence = [c for c in result.cues if c.counts and c.label in expect["labels"]]
        if not evidence or evidence[0].subject != expect["subject"]:
            problems.append(f"subject should be {expect['subject']}")
    return "; ".join(problems) or None


def theme_failure(analyzer: Analyzer, example: dict) -> str | None:
    result = analyzer.classify(example["text"])
    found = [c for c in result.cues if c.counts and c.theme == example["theme"]]
    if not found:
        return "lexicon misses this wording of the theme"
    chosen = select([example["theme"].split("/")[0]], found)
    return None if chosen and example["theme"] in {s.theme for s in chosen} else "no snippet for the theme"


def main() -> None:
    cases = [
        json.loads(line) for line in (HERE / "cases.jsonl").read_text("utf-8").splitlines() if line.strip()
    ]
    examples = [
        json.loads(line)
        for line in (HERE / "theme_examples.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    analyzer = Analyzer(pipeline="blank")
    lexicon = Analyzer(LEXICON, pipeline="blank")
    known = {"cases": {}, "theme_examples": {}}
    for case in cases:
        reason = case_failure(analyzer, case)
        if reason:
            known["cases"][case["id"]] = reason
    for n, example in enumerate(examples):
        reason = theme_failure(lexicon, example)
        if reason:
            known["theme_examples"][f"{example['theme'].replace('/', '-')}-{n % 2 + 1}"] = reason
    (HERE / "known_failures.json").write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(
        f"cases: {len(cases) - len(known['cases'])} of {len(cases)} pass; "
        f"theme examples: {len(examples) - len(known['theme_examples'])} of {len(examples)} pass"
    )


if __name__ == "__main__":
    main()
