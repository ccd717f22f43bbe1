"""Labelled regression cases (``cases.jsonl``) and theme examples, run as parametrized tests.

Known failures are listed with their reason in ``known_failures.json`` and marked xfail
(strict: a case that starts passing must be taken off the list), so they stay visible.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CASES = [json.loads(line) for line in (HERE / "cases.jsonl").read_text("utf-8").splitlines() if line.strip()]
THEME_EXAMPLES = [
    json.loads(line)
    for line in (HERE / "theme_examples.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
KNOWN = json.loads((HERE / "known_failures.json").read_text("utf-8"))


def _params(rows, key):
    out = []
    for n, row in enumerate(rows):
        ident = row.get("id") or f"{row['theme'].replace('/', '-')}-{n % 2 + 1}"
        marks = (
            [pytest.mark.xfail(reason=KNOWN[key][ident], strict=True)] if ident in KNOWN.get(key, {}) else []
        )
        out.append(pytest.param(row, id=ident, marks=marks))
    return out


@pytest.mark.parametrize("case", _params(CASES, "cases"))
def test_case(analyzer, case):
    result = analyzer.classify(case["text"])
    expect = case["expect"]
    assert result.crisis == expect["crisis"]
    assert set(result.labels) == set(expect["labels"])
    for label in expect.get("negated", []):
        assert label not in result.labels
    if expect.get("subject") and expect["labels"]:
        evidence = [c for c in result.cues if c.counts and c.label in expect["labels"]]
        assert evidence and evidence[0].subject == expect["subject"]


@pytest.mark.parametrize("example", _params(THEME_EXAMPLES, "theme_examples"))
def test_theme_reachable(lexicon_analyzer, example):
    """Every theme is found in a plain example sentence and leads to a snippet about it."""
    result = lexicon_analyzer.classify(example["text"])
    themes = {c.theme for c in result.cues if c.counts}
    assert example["theme"] in themes
    from hechtingnlp.snippets import select

    chosen = select([example["theme"].split("/")[0]], [c for c in result.cues if c.theme == example["theme"]])
    assert chosen and example["theme"] in {s.theme for s in chosen}
