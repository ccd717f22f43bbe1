"""The analysis of a text, from raw string to :class:`~hechtingnlp.result.Classification`.

Data flows one way: text -> spaCy Doc -> cues with context -> features -> calibrated scores
-> labels + evidence -> snippets -> result.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from hechtingnlp import snippets as snippet_library
from hechtingnlp.cues.context import load_rules
from hechtingnlp.cues.crisis import load_crisis_detector
from hechtingnlp.cues.detector import CueDetector
from hechtingnlp.labels import LABELS
from hechtingnlp.language import build_pipeline
from hechtingnlp.model.features import sentence_features
from hechtingnlp.model.store import LoadedModel, load_model, shipped_model_path
from hechtingnlp.model.subject import subject_features
from hechtingnlp.result import Classification, Cue, ModelInfo, SentenceScore
from hechtingnlp.text import EMPTY, NOT_DUTCH, looks_dutch, require_text, safe_for_parsing

#: Name of the lexicon-only decision (no statistical model).
LEXICON = "lexicon"
# Lexicon-only scores: a label with a cue that counts gets LEXICON_HIT, others LEXICON_MISS.
LEXICON_HIT, LEXICON_MISS, LEXICON_THRESHOLD = 0.8, 0.05, 0.5


class Analyzer:
    """Classifies Dutch texts: one pipeline, cue detector, model and snippet library.

    Parameters
    ----------
    model
        ``None`` for the shipped model (or the lexicon when none is shipped), ``"lexicon"``
        to decide from the cue lexicon alone, or the path of a model file.
    trusted
        Needed to load a model file that is not the shipped one (joblib can run code).
    pipeline
        Passed to :func:`hechtingnlp.language.build_pipeline` (``None``, ``"blank"``, a name).

    Examples
    --------
    >>> analyzer = Analyzer()
    >>> analyzer.classify("Ik heb niemand nodig.").labels
    ('vermijdend',)
    """

    def __init__(
        self, model: str | Path | None = None, *, trusted: bool = False, pipeline: str | None = None
    ) -> None:
        self._init_args = (model, trusted, pipeline)
        self.nlp: Language = build_pipeline(pipeline)
        self.nlp.max_length = 10**9  # long texts are fine: every step is linear in length
        self.crisis = load_crisis_detector()
        self.rules = load_rules()
        self.model: LoadedModel | None
        if model == LEXICON or (model is None and shipped_model_path() is None):
            self.model = None
        else:
            self.model = load_model(None if model is None else Path(model), trusted=trusted)
        self.detector = CueDetector(self.nlp.vocab, subject=self._subject_function())

    def _subject_function(self):
        """The learned subject model when the model has one, else the subject rules."""
        if self.model is None or self.model.subject is None:
            return None
        subject_model = self.model.subject

        def decide(sent, start, end, rules):
            return subject_model.subject(subject_features(sent, start, end, rules))

        return decide

    def __reduce__(self):
        # Worker processes rebuild the analyzer instead of pickling spaCy objects.
        return (_rebuild, self._init_args)

    @property
    def model_info(self) -> ModelInfo:
        """Name and version of what decides the labels."""
        if self.model is None:
            from hechtingnlp._version import __version__

            return ModelInfo(LEXICON, __version__)
        return ModelInfo(self.model.name, self.model.version)

    def classify(self, text: str, *, snippets: bool = True) -> Classification:
        """Analyse one text. See :func:`hechtingnlp.classify`."""
        require_text(text)
        return self._analyse(text, self.nlp(safe_for_parsing(text)), snippets)

    def classify_batch(
        self, texts: Iterable[str], *, n_process: int = 1, batch_size: int = 256, snippets: bool = True
    ) -> Iterator[Classification]:
        """Analyse many texts lazily, one result per input, in input order.

        With ``n_process`` above 1 the texts are scored in that many worker processes, each
        with its own analyzer, in chunks of ``batch_size``; at most two chunks per worker are
        in flight, so memory stays bounded however long ``texts`` is.
        """
        yield from self.stream(
            texts, n_process=n_process, batch_size=batch_size, snippets=snippets, safe=False
        )  # type: ignore[misc]

    def stream(
        self,
        texts: Iterable[str],
        *,
        n_process: int = 1,
        batch_size: int = 256,
        snippets: bool = True,
        safe: bool = False,
    ) -> Iterator[Classification | BaseException]:
        """Like :meth:`classify_batch`; with ``safe`` a text that fails yields its exception instead."""
        if not isinstance(n_process, int) or isinstance(n_process, bool) or n_process < 1:
            raise ValueError(f"n_process must be a whole number of at least 1, not {n_process!r}")
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
            raise ValueError(f"batch_size must be a whole number of at least 1, not {batch_size!r}")
        chunks = _chunks(texts, batch_size)
        if n_process == 1:
            for chunk in chunks:
                yield from self._batch(chunk, snippets, safe)
            return
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(n_process, initializer=_init_worker, initargs=self._init_args) as pool:
            pending: deque = deque()
            for chunk in chunks:
                pending.append(pool.apply_async(_work, ((chunk, snippets, safe),)))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()

    def _batch(self, chunk: list[str], snippets: bool, safe: bool) -> list[Classification | BaseException]:
        docs = self.nlp.pipe([safe_for_parsing(t) for t in chunk], batch_size=len(chunk))
        return self._analyse_many(chunk, docs, snippets, safe)

    def _analyse(self, text: str, doc: Doc, with_snippets: bool) -> Classification:
        result = self._analyse_many([text], [doc], with_snippets, safe=False)[0]
        assert isinstance(result, Classification)
        return result

    def _analyse_many(
        self, texts: list[str], docs: Iterable[Doc], with_snippets: bool, safe: bool
    ) -> list[Classification | BaseException]:
        """Analyse parsed texts: cues and features one by one, the model's scores all at once.

        With ``safe``, a text that fails gets its exception in its place and the others go on.
        """
        read: list[_Reading | BaseException] = []
        for text, doc in zip(texts, docs, strict=True):
            try:
                read.append(self._read(text, doc))
            except Exception as err:  # a batch run records the failure and goes on
                if not safe:
                    raise
                read.append(err)
        scored = self._score([r for r in read if isinstance(r, _Reading) and r.sentences is not None])
        out: list[Classification | BaseException] = []
        for r in read:
            if isinstance(r, BaseException):
                out.append(r)
                continue
            try:
                out.append(self._decide(r, scored.get(id(r)), with_snippets))
            except Exception as err:
                if not safe:
                    raise
                out.append(err)
        return out

    def _read(self, text: str, doc: Doc) -> _Reading:
        """Everything about one text that comes before the model: cues, crisis rules, features."""
        if not text.strip():
            return _Reading(text, None, [], False, None, None, True)
        dutch = looks_dutch(text)
        cues = [_with_text(c, text) for c in self.detector(doc)]
        crisis = bool(self.crisis.find(text))
        sentences = list(doc.sents)
        by_sentence: dict[int, list[Cue]] = {}
        for cue in cues:
            by_sentence.setdefault(cue.sentence, []).append(cue)
        features = None
        if self.model is not None:
            features = [
                sentence_features(sent, by_sentence.get(n, ()), self.rules)
                for n, sent in enumerate(sentences)
            ]
        return _Reading(text, sentences, cues, crisis, by_sentence, features, dutch)

    def _score(self, readings: list[_Reading]) -> dict[int, tuple]:
        """The model's raw scores for every reading, by ``id`` of the reading."""
        if self.model is None or not readings:
            return {}
        scored = self.model.scorer.score_many([r.features for r in readings])
        return {id(r): s for r, s in zip(readings, scored, strict=True)}

    def _decide(self, r: _Reading, raw, with_snippets: bool) -> Classification:
        """Labels, evidence and snippets of one text from its reading and raw scores."""
        if r.sentences is None:
            return Classification(
                text=r.text,
                labels=(),
                scores=dict.fromkeys(LABELS, 0.0),
                model=self.model_info,
                warnings=(EMPTY,),
            )
        warnings = [] if r.dutch else [NOT_DUTCH]
        sentence_scores, scores, thresholds, crisis_model = self._scores(r, raw)
        where = None if raw is None else raw.where
        crisis = r.crisis or crisis_model
        labels = (
            tuple(
                sorted(
                    (lab for lab in LABELS if scores[lab] >= thresholds[lab]), key=lambda lab: -scores[lab]
                )
            )
            if r.dutch
            else ()
        )
        cues = r.cues + self._model_evidence(labels, r.cues, r.sentences, sentence_scores, where, r.text)
        cues.sort(key=lambda c: (c.start, c.end, c.label))
        chosen = snippet_library.select(labels, cues, crisis=crisis) if with_snippets else ()
        return Classification(
            text=r.text,
            labels=labels,
            scores=scores,
            cues=tuple(cues),
            sentences=tuple(sentence_scores),
            snippets=chosen,
            crisis=crisis,
            model=self.model_info,
            warnings=tuple(warnings),
        )

    def _scores(
        self, r: _Reading, raw
    ) -> tuple[list[SentenceScore], dict[str, float], dict[str, float], bool]:
        """Calibrated scores of the sentences and the text, the thresholds, the crisis model."""
        out: list[SentenceScore] = []
        if self.model is None:
            best = dict.fromkeys(LABELS, LEXICON_MISS)
            for n, sent in enumerate(r.sentences):
                hit = {c.label for c in r.by_sentence.get(n, ()) if c.counts}
                s = {lab: LEXICON_HIT if lab in hit else LEXICON_MISS for lab in LABELS}
                out.append(SentenceScore(sent.start_char, sent.end_char, s))
                best = {lab: max(best[lab], s[lab]) for lab in LABELS}
            return out, best, dict.fromkeys(LABELS, LEXICON_THRESHOLD), False
        scorer = self.model.scorer
        for sent, sraw in zip(r.sentences, raw.sentences, strict=True):
            out.append(SentenceScore(sent.start_char, sent.end_char, scorer.calibrate(sraw)))
        return out, scorer.calibrate(raw.text), scorer.thresholds, raw.crisis

    def _sentence_subject(self, sent: Span) -> str:
        """Whose pattern a whole sentence shows: the model's sentence subject model when it has
        one, else the cue detector's subject decision over the whole sentence."""
        model = self.model.sentence_subject if self.model is not None else None
        if model is not None:
            return model.subject(subject_features(sent, 0, len(sent), self.rules))
        return self.detector.subject(sent, 0, len(sent), self.rules)

    def _model_evidence(self, labels, cues, sentences, sentence_scores, where, text) -> list[Cue]:
        """Point at the sentence most likely to hold the cue of a label that no counting lexicon
        cue supports: the sentence model's best (``where``), or else the best sentence score."""
        extra = []
        supported = {c.label for c in cues if c.counts}
        for label in labels:
            if label in supported or not sentence_scores:
                continue
            n = (
                int(where[LABELS.index(label)])
                if where is not None
                else max(range(len(sentence_scores)), key=lambda i: sentence_scores[i].scores[label])
            )
            sent = sentences[n]
            start, end = _strip(text, sent.start_char, sent.end_char)
            extra.append(
                Cue(
                    label,
                    None,
                    text[start:end],
                    start,
                    end,
                    n,
                    subject=self._sentence_subject(sent),
                )
            )
        return extra


@dataclass
class _Reading:
    """One text read up to the model: its sentences (None when the text is empty), its cues
    and their sentences, what the crisis rules found, the model's features, and whether it
    looks Dutch."""

    text: str
    sentences: list[Span] | None
    cues: list[Cue]
    crisis: bool
    by_sentence: dict[int, list[Cue]] | None
    features: list | None
    dutch: bool


def _with_text(cue: Cue, text: str) -> Cue:
    # Cues were found on the parse-safe copy; their words are reported from the input.
    from dataclasses import replace

    return replace(cue, text=text[cue.start : cue.end])


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _chunks(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(texts)
    while chunk := list(itertools.islice(it, size)):
        for t in chunk:
            require_text(t)
        yield chunk


def _rebuild(model, trusted, pipeline) -> Analyzer:
    return Analyzer(model, trusted=trusted, pipeline=pipeline)


_WORKER: Analyzer | None = None


def _init_worker(model, trusted, pipeline) -> None:
    global _WORKER
    _WORKER = Analyzer(model, trusted=trusted, pipeline=pipeline)


def _work(job: tuple[list[str], bool, bool]) -> list[Classification | BaseException]:
    chunk, with_snippets, safe = job
    if _WORKER is None:
        raise RuntimeError("worker process was not initialised")
    return _WORKER._batch(chunk, with_snippets, safe)
