"""Training: sentence-level linear models, calibrated on whole texts, thresholds chosen on dev.

The recipe, deterministic for a given corpus:

1. Two linear models: one on whole texts (labelled with the item's labels) and one on single
   sentences (positive for a label when a non-negated gold cue of that label starts in it).
2. Per feature block a TF-IDF vocabulary is fitted on the train split, and per label a
   logistic regression on the weighted blocks.
3. Per text the two models give eight scores: the text model's score of the whole text and
   the best sentence score, per label (see :mod:`hechtingnlp.model.scorer`). Out-of-fold
   scores on train (folds by persona, so that no writer is scored by a model that saw them)
   fit the combiner: per label a logistic regression over the log-odds of all eight.
4. Per label the threshold that maximises F1 on the dev split (writers unseen in training),
   raised where needed so that most texts without a cue get no label.
Several feature variants are compared on dev, each also with the mean of its two scores and
an isotonic curve per label in place of the combiner. The best is kept, where variants within
``TIE`` of the best dev macro-F1 count as equal and one that reads the cue detector's
features is preferred among them: the corpus is written around the textbook wordings, so
dev cannot show what the lexicon adds on explicit ones ("ik vertrouw hem volledig").
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from hechtingnlp.labels import LABELS
from hechtingnlp.model.dataset import Example
from hechtingnlp.model.scorer import Block, Combiner, LinearPart, LinearScorer, log_odds, merge

SEED = 13
FOLDS = 5
#: Variants trained at the same time (the machines the project targets have two cores).
N_JOBS = 2


@dataclass(frozen=True)
class Variant:
    """A feature variant: which blocks, with what weight, and the regularisation."""

    name: str
    weights: dict[str, float]
    C: float = 4.0


VARIANTS = (
    Variant("words+chars", {"words": 1.0, "chars": 1.0}),
    # The lexicon was tuned on the train split, so its cues look more reliable there than on
    # new writers; lighter cue weights keep the model from leaning on them too much. (Full
    # weight was the worst variant on dev in every training of 2026-11 and is no longer tried.)
    Variant("words+chars+cues/2", {"words": 1.0, "chars": 1.0, "cues": 0.5}),
    Variant("words+chars+cues/4", {"words": 1.0, "chars": 1.0, "cues": 0.25}),
)
#: Name suffix of a variant scored with the mean of its parts instead of the combiner.
MEAN = ", mean of parts"
#: Regularisation of the combiner's logistic regressions.
COMBINER_C = 1.0
_MIN_DF = {"words": 2, "chars": 3, "cues": 1}
_MAX_FEATURES = {"words": 40_000, "chars": 60_000, "cues": None}


def _identity(features):
    return features


def _texts(examples: Sequence[Example], unit: str) -> tuple[list[dict], np.ndarray]:
    """Inputs and gold labels at the level of whole texts or of sentences."""
    if unit == "text":
        return [merge(e.features) for e in examples], np.array([e.gold for e in examples])
    inputs = [f for e in examples for f in e.features]
    gold = [e.sentence_gold for e in examples if len(e.features)]
    return inputs, np.vstack(gold) if gold else np.zeros((0, len(LABELS)))


@dataclass(frozen=True)
class FittedBlocks:
    """The blocks and the fitted vectorizers that compute the same columns in bulk."""

    blocks: tuple[Block, ...]
    vectorizers: tuple[TfidfVectorizer, ...]

    def matrix(self, inputs: list[dict]) -> sparse.csr_matrix:
        """Rows of weighted TF-IDF columns, equal to :meth:`LinearScorer._matrix` for each input."""
        return sparse.hstack(
            [
                vec.transform([f.get(b.name, []) for f in inputs]) * b.weight
                for b, vec in zip(self.blocks, self.vectorizers, strict=True)
            ]
        ).tocsr()


def fit_blocks(examples: Sequence[Example], variant: Variant) -> FittedBlocks:
    """Per feature block a TF-IDF vocabulary and IDF weights, fitted on the sentences."""
    sentences, _ = _texts(examples, "sentence")
    blocks, vectorizers, offset = [], [], 0
    for name, weight in variant.weights.items():
        vec = TfidfVectorizer(
            analyzer=_identity,
            sublinear_tf=True,
            min_df=_MIN_DF[name],
            max_features=_MAX_FEATURES[name],
            dtype=np.float64,
        )
        vec.fit([f.get(name, []) for f in sentences])
        vocab = {term: int(i) for term, i in vec.vocabulary_.items()}
        blocks.append(Block(name, vocab, vec.idf_.copy(), offset, weight))
        vectorizers.append(vec)
        offset += len(vocab)
    return FittedBlocks(tuple(blocks), tuple(vectorizers))


def fit_part(fitted: FittedBlocks, examples: Sequence[Example], variant: Variant, unit: str) -> LinearPart:
    """Per-label logistic regressions on whole texts or on single sentences."""
    inputs, Y = _texts(examples, unit)
    X = fitted.matrix(inputs)
    coef = np.zeros((len(LABELS), X.shape[1]))
    intercept = np.zeros(len(LABELS))
    for k in range(len(LABELS)):
        if Y[:, k].min() == Y[:, k].max():
            intercept[k] = -10.0 if Y[:, k].max() == 0 else 10.0
            continue
        clf = LogisticRegression(C=variant.C, class_weight="balanced", solver="liblinear", random_state=SEED)
        clf.fit(X, Y[:, k])
        coef[k] = clf.coef_[0]
        intercept[k] = clf.intercept_[0]
    return LinearPart(coef, intercept)


def fit_parts(
    examples: Sequence[Example], variant: Variant
) -> tuple[tuple[Block, ...], LinearPart, LinearPart]:
    fitted = fit_blocks(examples, variant)
    return (
        fitted.blocks,
        fit_part(fitted, examples, variant, "text"),
        fit_part(fitted, examples, variant, "sentence"),
    )


IDENTITY = {label: (np.array([0.0, 1.0]), np.array([0.0, 1.0])) for label in LABELS}


def raw_text_scores(scorer: LinearScorer, examples: Sequence[Example]) -> np.ndarray:
    """Shape (texts, labels): each text's raw score per label."""
    scored = scorer.score_many([e.features for e in examples])
    return np.array([s.text for s in scored]).reshape(len(examples), len(LABELS))


def fit_combiner(components: np.ndarray, gold: np.ndarray) -> Combiner:
    """Per label a logistic regression over the log-odds of the eight part scores."""
    X = log_odds(components)
    coef = np.zeros((len(LABELS), X.shape[1]))
    intercept = np.zeros(len(LABELS))
    for k in range(len(LABELS)):
        clf = LogisticRegression(C=COMBINER_C, max_iter=1000, random_state=SEED).fit(X, gold[:, k])
        coef[k], intercept[k] = clf.coef_[0], clf.intercept_[0]
    return Combiner(coef, intercept)


def fit_calibration(raw: np.ndarray, gold: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """One isotonic curve per label, stored as its step points."""
    curves = {}
    for k, label in enumerate(LABELS):
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip", increasing=True)
        iso.fit(raw[:, k], gold[:, k])
        curves[label] = (np.asarray(iso.X_thresholds_, float), np.asarray(iso.y_thresholds_, float))
    return curves


def choose_thresholds(probs: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """Per label the threshold with the best F1 (ties: the higher threshold)."""
    out = {}
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3)
    for k, label in enumerate(LABELS):
        best, best_f1 = 0.5, -1.0
        for t in grid:
            pred = probs[:, k] >= t
            tp = int((pred & (gold[:, k] == 1)).sum())
            fp = int((pred & (gold[:, k] == 0)).sum())
            fn = int((~pred & (gold[:, k] == 1)).sum())
            f1 = 2 * tp / max(1, 2 * tp + fp + fn)
            if f1 >= best_f1:
                best, best_f1 = float(t), f1
        out[label] = best
    return out


#: Share of dev texts without any cue that must get no label at all.
NO_LABEL_SHARE = 0.92


def keep_quiet_on_plain_text(
    thresholds: dict[str, float], probs: np.ndarray, gold: np.ndarray
) -> dict[str, float]:
    """Raise thresholds until at least :data:`NO_LABEL_SHARE` of the texts without a cue get
    no label: most diary text carries no cue, and the tool must be comfortable saying so.
    Each step raises, by one grid step, the threshold of the label that gives the most
    labels to those texts."""
    plain = gold.sum(1) == 0
    out = dict(thresholds)
    for _ in range(200):
        limits = np.array([out[label] for label in LABELS])
        flagged = probs[plain] >= limits
        if not plain.any() or (~flagged.any(1)).mean() >= NO_LABEL_SHARE:
            break
        worst = int(np.argmax(flagged.sum(0)))
        out[LABELS[worst]] = round(min(0.975, out[LABELS[worst]] + 0.025), 3)
    return out


def train_variant(
    train: Sequence[Example], dev: Sequence[Example], variant: Variant
) -> list[tuple[LinearScorer, dict]]:
    """Train one variant end to end; return two scorers and their dev figures: with the
    combiner, and with the mean of the parts (named with :data:`MEAN`)."""
    nl = len(LABELS)
    gold = np.array([e.gold for e in train])
    groups = [e.item["persona"] for e in train]
    oof = np.zeros((len(train), 2 * nl))
    for fit_idx, held_idx in GroupKFold(n_splits=FOLDS).split(train, groups=groups):
        scorer = LinearScorer(*fit_parts([train[i] for i in fit_idx], variant), IDENTITY, {})
        oof[held_idx] = scorer.components([train[i].features for i in held_idx])
    blocks, text_part, sentence_part = fit_parts(train, variant)
    dev_gold = np.array([e.gold for e in dev])
    out = []
    for name, combiner, calibration in (
        (variant.name, fit_combiner(oof, gold), IDENTITY),
        (variant.name + MEAN, None, fit_calibration((oof[:, :nl] + oof[:, nl:]) / 2, gold)),
    ):
        scorer = LinearScorer(
            blocks, text_part, sentence_part, calibration, dict.fromkeys(LABELS, 0.5), combiner=combiner
        )
        dev_probs = calibrated(scorer, dev)
        thresholds = keep_quiet_on_plain_text(choose_thresholds(dev_probs, dev_gold), dev_probs, dev_gold)
        pred = dev_probs >= np.array([thresholds[label] for label in LABELS])
        out.append(
            (
                replace(scorer, thresholds=thresholds),
                {"variant": name, "dev_macro_f1": macro_f1(pred, dev_gold)},
            )
        )
    return out


#: Highest share of non-crisis train texts the crisis backstop may flag (out of fold). The
#: tool may raise at most 2 % false alarms in all; the rules take up to about 0.75 % on new
#: writers, and the backstop gets the rest, because a missed crisis costs far more than help
#: information shown once too often.
CRISIS_FALSE_ALARMS = 0.0125


def fit_crisis_part(train: Sequence[Example], variant: Variant) -> tuple[LinearPart, float]:
    """A text model of the crisis tag and its threshold.

    The threshold is the lowest on a grid whose out-of-fold false alarms on train (folds by
    persona) stay within :data:`CRISIS_FALSE_ALARMS`: the backstop is built for recall.
    """
    y = np.array(["crisis" in e.item["tags"] for e in train])
    groups = [e.item["persona"] for e in train]
    inputs, _ = _texts(train, "text")

    def fit(indices) -> tuple[FittedBlocks, LogisticRegression]:
        fitted = fit_blocks([train[i] for i in indices], variant)
        clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000, random_state=SEED)
        return fitted, clf.fit(fitted.matrix([inputs[i] for i in indices]), y[indices])

    oof = np.zeros(len(train))
    for fit_idx, held_idx in GroupKFold(n_splits=FOLDS).split(inputs, groups=groups):
        fitted, clf = fit(fit_idx)
        oof[held_idx] = clf.predict_proba(fitted.matrix([inputs[i] for i in held_idx]))[:, 1]
    threshold = next(
        (
            float(t)
            for t in np.round(np.arange(0.1, 0.951, 0.05), 2)
            if (oof[~y] >= t).mean() <= CRISIS_FALSE_ALARMS
        ),
        0.95,
    )
    fitted = fit_blocks(train, variant)
    clf = LogisticRegression(C=10.0, class_weight="balanced", max_iter=3000, random_state=SEED)
    clf.fit(fitted.matrix(inputs), y)
    return LinearPart(clf.coef_, clf.intercept_), threshold


def calibrated(scorer: LinearScorer, examples: Sequence[Example]) -> np.ndarray:
    raw = raw_text_scores(scorer, examples)
    return np.array([[scorer.calibrate(r)[label] for label in LABELS] for r in raw])


def macro_f1(pred: np.ndarray, gold: np.ndarray) -> float:
    f1s = []
    for k in range(gold.shape[1]):
        tp = int((pred[:, k] & (gold[:, k] == 1)).sum())
        fp = int((pred[:, k] & (gold[:, k] == 0)).sum())
        fn = int((~pred[:, k] & (gold[:, k] == 1)).sum())
        f1s.append(2 * tp / max(1, 2 * tp + fp + fn))
    return float(np.mean(f1s))


#: Dev macro-F1 differences below this are within the noise of the dev split.
TIE = 0.01


def choose_variant(results: list[tuple]) -> tuple:
    """The best of ``(dev macro-F1, variant name, ...)`` results: the highest score, except
    that among the variants within :data:`TIE` of it one with cue features wins (the one
    with the highest score among those).

    Examples
    --------
    >>> choose_variant([(0.797, "words+chars"), (0.790, "words+chars+cues/4")])[1]
    'words+chars+cues/4'
    >>> choose_variant([(0.80, "words+chars"), (0.78, "words+chars+cues/4")])[1]
    'words+chars'
    """
    top = max(r[0] for r in results)
    tied = [r for r in results if r[0] >= top - TIE]
    with_cues = [r for r in tied if "cues" in r[1]]
    return max(with_cues or tied, key=lambda r: (r[0], r[1]))


def train(output: Path | None = None, variant_name: str | None = None, log=print) -> dict:
    """Train on the corpus, compare variants on dev, save the best; return its manifest."""
    from hechtingnlp.analyzer import LEXICON, Analyzer
    from hechtingnlp.corpus import corpus_files, corpus_hash, load_corpus
    from hechtingnlp.model.dataset import build_examples, gold_subject_rows
    from hechtingnlp.model.store import SHIPPED, save_model
    from hechtingnlp.model.subject import train_subject_model

    started = time.perf_counter()
    analyzer = Analyzer(LEXICON)
    items = load_corpus()
    train_ex = build_examples([i for i in items if i["split"] == "train"], analyzer)
    dev_ex = build_examples([i for i in items if i["split"] == "dev"], analyzer)
    variants = [v for v in VARIANTS if variant_name in (None, v.name)]
    if not variants:
        raise ValueError(f"unknown variant {variant_name!r}; choose one of {[v.name for v in VARIANTS]}")
    results = []
    trained = Parallel(n_jobs=min(N_JOBS, len(variants)))(
        delayed(train_variant)(train_ex, dev_ex, variant) for variant in variants
    )
    for variant, pair in zip(variants, trained, strict=True):
        for scorer, figures in pair:
            log(f"{figures['variant']:<36} dev macro-F1 {figures['dev_macro_f1']:.3f}")
            results.append((figures["dev_macro_f1"], figures["variant"], scorer, variant))
    _, best_name, best_scorer, best_variant = choose_variant(results)
    crisis_part, crisis_threshold = fit_crisis_part(train_ex, best_variant)
    log(f"crisis backstop threshold {crisis_threshold}")
    scorer = replace(best_scorer, crisis_part=crisis_part, crisis_threshold=crisis_threshold)
    train_items = [i for i in items if i["split"] == "train"]
    span_rows, sentence_rows, others = gold_subject_rows(train_items, analyzer)
    subject = train_subject_model(span_rows, others)
    sentence_subject = train_subject_model(sentence_rows, others)
    output = output or Path(__file__).resolve().parents[3] / "models" / SHIPPED
    manifest = {
        "name": "hechtingnlp-nl",
        "version": "1.0.0",
        "variant": best_name,
        "corpus_sha256": corpus_hash(corpus_files()),
        "trained_on": {"train_items": len(train_ex), "dev_items": len(dev_ex)},
        "variants_dev_macro_f1": {r[1]: round(r[0], 4) for r in results},
        "thresholds": {k: round(v, 3) for k, v in scorer.thresholds.items()},
        "crisis_backstop_threshold": crisis_threshold,
        "seed": SEED,
    }
    manifest = save_model(scorer, output, manifest, subject, sentence_subject)
    log(f"saved {output.name} ({best_name}) in {time.perf_counter() - started:.0f} s")
    return manifest


def train_cli(args, user_error) -> int:
    try:
        manifest = train(args.output, args.variant)
    except ValueError as err:
        raise user_error(str(err)) from None
    print(
        json.dumps(
            {k: manifest[k] for k in ("variant", "variants_dev_macro_f1", "thresholds", "sha256")}, indent=2
        )
    )
    return 0
