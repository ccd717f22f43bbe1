"""Finds cues in a parsed text: lexicon matches with their context.

This is the first step after the spaCy Doc in the data flow: Doc -> cues with context.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from hechtingnlp.cues.context import is_hypothetical, is_negated, load_rules, subject_of
from hechtingnlp.cues.lexicon import Lexicon, load_lexicon
from hechtingnlp.cues.matcher import PatternMatcher
from hechtingnlp.labels import themes
from hechtingnlp.language import words_of
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
        # Where two patterns of a label match the same words, one that holds a negation word
        # of the text as its own wins (the cue then contains it: "vroeg of ze niet kon
        # blijven"), then the one first in the lexicon.
        self._order = {p.key: (-len(p.own_negations), n) for n, p in enumerate(self.lexicon.patterns)}
        self._matcher = PatternMatcher(((p.key, p.tokens) for p in self.lexicon.patterns), _function_words())

    def _matches(self, doc: Doc, sentences: list[Span]) -> list[tuple[str, int, int]]:
        """Matches as (key, start, end) in doc tokens (a cue never spans two sentences)."""
        lowers, lemmas, puncts, _ = words_of(doc)
        found = []
        for sent in sentences:
            s, e = sent.start, sent.end
            found.extend(
                (key, s + start, s + end)
                for key, start, end in self._matcher(lemmas[s:e], lowers[s:e], puncts[s:e])
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
        for key, start, end in sorted(self._matches(doc, sentences), key=lambda m: self._order[m[0]]):
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


@cache
def _function_words() -> frozenset[str]:
    from hechtingnlp.language import lemma_of

    return frozenset(lemma_of(w) for w in load("languages.json")["dutch"]) | frozenset(
        load("languages.json")["dutch"]
    )
