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

    def __init__(self, vocab: Vocab, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.rules = load_rules()
        self._patterns = self.lexicon.by_key()
        self._labels = {theme: t.label for theme, t in themes().items()}
        # One spaCy Matcher per anchor (the words a pattern cannot match without), so that a
        # text only runs the matchers whose anchor words it contains: the Matcher's cost grows
        # with the number of patterns it holds, and most patterns cannot match a given text.
        self._matchers: list[Matcher] = []
        self._by_anchor: dict[tuple[str, str], list[int]] = {}
        self._always: list[int] = []
        buckets: dict[tuple, Matcher] = {}
        for p in self.lexicon.patterns:
            anchor = _anchor(p.tokens)
            if anchor not in buckets:
                buckets[anchor] = Matcher(vocab)
                self._matchers.append(buckets[anchor])
                index = len(self._matchers) - 1
                if anchor is None:
                    self._always.append(index)
                else:
                    attr, values = anchor
                    for value in values:
                        self._by_anchor.setdefault((attr, value), []).append(index)
            buckets[anchor].add(p.key, [list(p.tokens)])

    def _matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        wanted = set(self._always)
        for token in doc:
            wanted.update(self._by_anchor.get(("LEMMA", token.lemma_), ()))
            wanted.update(self._by_anchor.get(("LOWER", token.lower_), ()))
        found = []
        for index in sorted(wanted):
            found.extend(self._matchers[index](doc))
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
        for match_id, start, end in self._matches(doc):
            if sent_index.get(start) != sent_index.get(end - 1):
                continue  # a cue never spans two sentences
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
                        subject=subject_of(sent, s, e, self.rules),
                    )
                )
        return sorted(cues, key=lambda c: (c.start, c.end, c.label))


def _anchor(tokens) -> tuple[str, tuple[str, ...]] | None:
    """The values a pattern cannot match without: of its required elements with fixed values,
    the first whose values are not everyday function words (those are in every text)."""
    candidates = []
    for spec in tokens:
        if spec.get("OP") in {"?", "*"} or str(spec.get("OP", "")).startswith("{"):
            continue
        for attr in ("LEMMA", "LOWER"):
            value = spec.get(attr)
            if isinstance(value, dict) and "IN" in value:
                candidates.append((attr, tuple(sorted(value["IN"]))))
            elif isinstance(value, str):
                candidates.append((attr, (value,)))
    if not candidates:
        return None
    common = _function_words()
    return next((c for c in candidates if not common & set(c[1])), candidates[0])


@cache
def _function_words() -> frozenset[str]:
    from hechtingnlp.language import lemma_of

    return frozenset(lemma_of(w) for w in load("languages.json")["dutch"]) | frozenset(load("languages.json")["dutch"])
