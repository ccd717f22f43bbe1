"""Lexicon work report: where the cue detector and the corpus' gold cues disagree.

``python -m hechtingnlp.cues.report LABEL [--split train] [--limit 60]`` prints, for one label,
the gold cues the lexicon misses, the cues it finds that have no gold cue, negation and
subject mistakes, and the precision and recall of that label's cues. Lexicon work is done
on the train split only; dev and test measure it (``hechtingnlp evaluate --split dev``).
"""

from __future__ import annotations

import argparse
import sys

from hechtingnlp.corpus import assign_splits, corpus_files, read_items, with_offsets
from hechtingnlp.labels import LABELS


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("label", choices=LABELS)
    ap.add_argument("--split", default="train", choices=["train", "dev", "test"])
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args(argv)

    from hechtingnlp.analyzer import LEXICON, Analyzer

    items = [with_offsets(i) for _, _, i in read_items(corpus_files())]
    splits = assign_splits(items)
    items = [i for i in items if splits[i["persona"]] == args.split]
    analyzer = Analyzer(LEXICON, pipeline="blank")
    missed, spurious, neg_errors, subj_errors = [], [], [], []
    found = gold_n = pred_n = pred_ok = 0
    for item in items:
        doc = analyzer.nlp(item["text"])
        cues = analyzer.detector(doc)
        pred = [c for c in cues if c.label == args.label and c.counts]
        gold = [g for g in item["cues"] if g["label"] == args.label and not g["negated"]]
        gold_neg = [g for g in item["cues"] if g["label"] == args.label and g["negated"]]
        pred_n += len(pred)
        for p in pred:
            hits = [g for g in gold if _overlap((p.start, p.end), (g["start"], g["end"]))]
            if hits:
                pred_ok += 1
                if hits[0]["subject"] != p.subject:
                    subj_errors.append((item["id"], p.text, p.subject, hits[0]["subject"]))
            elif any(_overlap((p.start, p.end), (g["start"], g["end"])) for g in gold_neg):
                neg_errors.append((item["id"], p.theme, p.text, item["text"]))
            else:
                spurious.append((item["id"], p.theme, p.text, item["text"]))
        for g in gold:
            gold_n += 1
            if any(_overlap((p.start, p.end), (g["start"], g["end"])) for p in pred):
                found += 1
            else:
                missed.append((item["id"], g["theme"], g["text"]))
    out = sys.stdout
    print(
        f"{args.label} on {args.split}: {len(items)} items; cue precision {pred_ok / max(1, pred_n):.3f} "
        f"({pred_ok}/{pred_n}), recall {found / max(1, gold_n):.3f} ({found}/{gold_n})",
        file=out,
    )
    print(f"\n== missed gold cues ({len(missed)})", file=out)
    for row in missed[: args.limit]:
        print(f"  {row[0]:<18} {row[1]:<42} {row[2]!r}", file=out)
    print(f"\n== found without gold cue ({len(spurious)})", file=out)
    for row in spurious[: args.limit]:
        print(f"  {row[0]:<18} {row[1]:<42} {row[2]!r}  <<< {row[3][:140]!r}", file=out)
    print(f"\n== negated in gold but counted ({len(neg_errors)})", file=out)
    for row in neg_errors[: args.limit]:
        print(f"  {row[0]:<18} {row[2]!r}  <<< {row[3][:160]!r}", file=out)
    print(f"\n== subject wrong ({len(subj_errors)})", file=out)
    for row in subj_errors[: args.limit]:
        print(f"  {row[0]:<18} {row[1]!r} found {row[2]}, gold {row[3]}", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
