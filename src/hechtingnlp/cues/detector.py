"""Finds cues in a parsed text: lexicon matches with their context.

This is the first step after the spaCy Doc in the data flow: Doc -> cues with context.
"""

from __future__ import annotations

from functools import cache

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from hechtingnlp.cues.context import is_hypothetical, is_negated, load_rules, subject_of
from hechtingnlp.cues.lexicon import Lexicon, load_lexicon
from hechtingnlp.labels import themes
from hechtingnlp.resources import load
from hechtingnlp.result import Cue


class CueDetector:
    """Matches the cue lexicon on a Doc and reads each cue's context.

    The Doc must have sentence boundaries and hechtingnlp lemmas (see
    :func:`hechtingnlp.language.build_pipeline`).

    Examples
    --------
    >>> from hechtingnlp.language import build_pipeline
    >>> nlp = build_pipeline("blank")
    >>> detector = CueDetector(nlp.vocab)
    >>> [c.theme for c in detector(nlp("Ik heb niemand nodig."))]
    ['vermijdend/zelfredzaamheid']
    """

    def __init__(self, vocab: Vocab, lexicon: Lexicon | None = None, subject=None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.rules = load_rules()
        #: Decides a cue's subject from (sentence, start, end, rules); the rules by default.
        self.subject = subject or subject_of
        self._patterns = self.lexicon.by_key()
        self._labels = {theme: t.label for theme, t in themes().items()}
        # Every pattern is expanded into variants with one fixed value per element, so that the
        # Matcher checks them in compiled code (set and regex predicates go through Python for
        # every token). Variants are grouped by anchor, a word they cannot match without, into
        # one Matcher per anchor; a text runs only the matchers whose anchor it contains.
        self._grouped: dict[tuple[str, str], dict[str, list[list[dict]]]] = {}
        for p in self.lexicon.patterns:
            for variant in _variants(p.tokens):
                self._grouped.setdefault(_anchor(variant), {}).setdefault(p.key, []).append(variant)
        self._vocab = vocab
        # Matchers are built the first time a text holds their anchor: a short text needs
        # only a few of them, which keeps the first classify() fast.
        self._matchers: dict[tuple[str, str], Matcher] = {}
        self._prefixes = tuple(sorted({value for attr, value in self._grouped if attr == "PREFIX"}))

    def _matcher(self, anchor: tuple[str, str]) -> Matcher:
        matcher = self._matchers.get(anchor)
        if matcher is None:
            matcher = Matcher(self._vocab)
            for key, variants in self._grouped[anchor].items():
                matcher.add(key, variants)
            self._matchers[anchor] = matcher
        return matcher

    def _matches(self, doc: Doc, sentences: list[Span]) -> list[tuple[int, int, int]]:
        """Matches as (key, start, end) in doc tokens; each matcher runs only on the sentences
        that hold its anchor (a cue never spans two sentences)."""
        found = []
        for sent in sentences:
            present: set[tuple[str, str]] = set()
            for token in sent:
                lower = token.lower_
                present.add(("LEMMA", token.lemma_))
                present.add(("LOWER", lower))
                present.update(("PREFIX", p) for p in self._prefixes if lower.startswith(p))
            offset = sent.start
            for anchor in sorted(present & self._grouped.keys()):
                found.extend(
                    (key, offset + start, offset + end) for key, start, end in self._matcher(anchor)(sent)
                )
        return found

    def __call__(self, doc: Doc) -> list[Cue]:
        """Return the cues of ``doc`` in text order (negated and hypothetical ones too)."""
        sentences = list(doc.sents)
        sent_index = {}
        for n, sent in enumerate(sentences):
            for i in range(sent.start, sent.end):
                sent_index[i] = n
        by_label: dict[str, list[tuple[Span, str]]] = {}
        vocab_strings = doc.vocab.strings
        for match_id, start, end in self._matches(doc, sentences):
            key = vocab_strings[match_id]
            theme = self._patterns[key].theme
            by_label.setdefault(self._labels[theme], []).append((Span(doc, start, end, label=key), theme))
        cues = []
        for label, spans in by_label.items():
            for span in filter_spans([s for s, _ in spans]):
                pattern = self._patterns[span.label_]
                n = sent_index[span.start]
                sent = sentences[n]
                s, e = span.start - sent.start, span.end - sent.start
                cues.append(
                    Cue(
                        label=label,
                        theme=pattern.theme,
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        sentence=n,
                        negated=is_negated(sent, s, e, pattern.own_negations, self.rules),
                        hypothetical=is_hypothetical(sent, s, e, self.rules),
                        subject=self.subject(sent, s, e, self.rules),
                    )
                )
        return sorted(cues, key=lambda c: (c.start, c.end, c.label))


def _variants(tokens: tuple[dict, ...]) -> list[list[dict]]:
    """The pattern split into one variant per value of its anchor element.

    The anchor element is the first required one with fixed values, preferring values that
    are not everyday function words. Only it is expanded: every other set stays one
    ``IN`` predicate, which keeps the number of variants (and the Matcher's work) small.
    """
    common = _function_words()
    chosen = None
    for i, spec in enumerate(tokens):
        if spec.get("OP") in {"?", "*"} or str(spec.get("OP", "")).startswith("{"):
            continue
        for attr in ("LEMMA", "LOWER"):
            value = spec.get(attr)
            values = (
                value["IN"]
                if isinstance(value, dict) and "IN" in value
                else [value]
                if isinstance(value, str)
                else None
            )
            if values is None:
                continue
            if chosen is None or not set(values) & common:
                chosen = (i, attr, values)
        if chosen is not None and not set(chosen[2]) & common:
            break
    if chosen is None:
        return [list(tokens)]
    i, attr, values = chosen
    return [[*tokens[:i], {**tokens[i], attr: v}, *tokens[i + 1 :]] for v in values]


def _anchor(variant: list[dict]) -> tuple[str, str]:
    """A value the variant cannot match without: of its required elements, the first that is
    not an everyday function word (those are in every text), else the first."""
    candidates = []
    for spec in variant:
        if spec.get("OP") in {"?", "*"} or str(spec.get("OP", "")).startswith("{"):
            continue
        for attr in ("LEMMA", "LOWER"):
            value = spec.get(attr)
            if isinstance(value, str):
                candidates.append((attr, value))
            elif isinstance(value, dict) and "REGEX" in value:
                candidates.append(("PREFIX", value["REGEX"].lstrip("^").split("[")[0]))
    common = _function_words()
    return next((c for c in candidates if c[1] not in common), candidates[0])


@cache
def _function_words() -> frozenset[str]:
    from hechtingnlp.language import lemma_of

    return frozenset(lemma_of(w) for w in load("languages.json")["dutch"]) | frozenset(
        load("languages.json")["dutch"]
    )
