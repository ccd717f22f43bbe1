"""Finds cues in a parsed text: lexicon matches with their context.

This is the first step after the spaCy Doc in the data flow: Doc -> cues with context.
"""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from hechtingnlp.cues.context import is_hypothetical, is_negated, load_rules, subject_of
from hechtingnlp.cues.lexicon import Lexicon, load_lexicon
from hechtingnlp.labels import themes
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
        self.matcher = Matcher(vocab)
        for p in self.lexicon.patterns:
            self.matcher.add(p.key, [list(p.tokens)])

    def __call__(self, doc: Doc) -> list[Cue]:
        """Return the cues of ``doc`` in text order (negated and hypothetical ones too)."""
        sentences = list(doc.sents)
        sent_index = {}
        for n, sent in enumerate(sentences):
            for i in range(sent.start, sent.end):
                sent_index[i] = n
        by_label: dict[str, list[tuple[Span, str]]] = {}
        vocab_strings = doc.vocab.strings
        for match_id, start, end in self.matcher(doc):
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
