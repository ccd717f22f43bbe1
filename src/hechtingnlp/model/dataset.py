"""Turns corpus items into sentence-level training examples (shared by training and evaluation)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hechtingnlp.analyzer import Analyzer
from hechtingnlp.cues.context import load_rules
from hechtingnlp.labels import LABELS
from hechtingnlp.model.features import sentence_features
from hechtingnlp.text import safe_for_parsing


@dataclass
class Example:
    """One corpus item, parsed: its sentences' features and gold labels."""

    item: dict
    features: list[dict[str, list[str]]]
    """Per sentence, the feature blocks."""
    sentence_gold: np.ndarray
    """Shape (sentences, labels): 1 where a non-negated gold cue of the label starts in the sentence."""
    gold: np.ndarray
    """Shape (labels,): the item's labels."""


def build_examples(items: list[dict], analyzer: Analyzer) -> list[Example]:
    """Parse every item with the analyzer's pipeline and cue detector."""
    rules = load_rules()
    texts = [safe_for_parsing(i["text"]) for i in items]
    out = []
    for item, doc in zip(items, analyzer.nlp.pipe(texts, batch_size=256), strict=True):
        sentences = list(doc.sents)
        cues = analyzer.detector(doc)
        by_sentence: dict[int, list] = {}
        for cue in cues:
            by_sentence.setdefault(cue.sentence, []).append(cue)
        feats = [sentence_features(s, by_sentence.get(n, ()), rules) for n, s in enumerate(sentences)]
        sgold = np.zeros((len(sentences), len(LABELS)), dtype=np.int8)
        for cue in item["cues"]:
            if cue["negated"] or cue["start"] < 0:
                continue
            for n, s in enumerate(sentences):
                if s.start_char <= cue["start"] < s.end_char:
                    sgold[n, LABELS.index(cue["label"])] = 1
                    break
        gold = np.array([label in item["labels"] for label in LABELS], dtype=np.int8)
        out.append(Example(item, feats, sgold, gold))
    return out


def gold_subject_rows(
    items: list[dict], analyzer: Analyzer
) -> tuple[list[list[str]], list[list[str]], list[bool]]:
    """For every gold cue: the subject features of its span, those of the whole sentence it is
    in (what model evidence points at), and whether it is someone else's pattern."""
    from hechtingnlp.model.subject import subject_features

    rules = load_rules()
    spans, sentences, others = [], [], []
    for item, doc in zip(items, analyzer.nlp.pipe([safe_for_parsing(i["text"]) for i in items]), strict=True):
        for cue in item["cues"]:
            span = (
                doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
                if cue["start"] >= 0
                else None
            )
            if span is None:
                continue
            sent = span.sent
            spans.append(
                subject_features(sent, span.start - sent.start, min(span.end, sent.end) - sent.start, rules)
            )
            sentences.append(subject_features(sent, 0, len(sent), rules))
            others.append(cue["subject"] == "other")
    return spans, sentences, others
