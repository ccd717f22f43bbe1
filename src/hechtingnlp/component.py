"""spaCy components, so that hechtingnlp runs inside a user's own Dutch pipeline.

``nlp.add_pipe("hechtingnlp_classifier")`` sets ``doc._.hechting`` (a
:class:`~hechtingnlp.result.Classification`); ``nlp.add_pipe("hechtingnlp_cues")`` sets
``doc._.hechting_cues`` (a tuple of :class:`~hechtingnlp.result.Cue`) and the span group
``doc.spans["hechting_cues"]``. Both analyse ``doc.text`` with hechtingnlp's own tokenizer,
sentences and lemmas, so results are the same whatever pipeline they are added to; cue
spans are mapped back onto the user's tokens by character offsets.
"""

from __future__ import annotations

import threading
import warnings
from functools import cache
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from hechtingnlp._version import VersionMismatchWarning, __version__

#: Extension attribute names (namespaced so they never shadow spaCy's own).
CLASSIFICATION_ATTR = "hechting"
CUES_ATTR = "hechting_cues"
SPAN_KEY = "hechting_cues"
_CONFIG_FILE = "config.json"

if not Doc.has_extension(CLASSIFICATION_ATTR):
    Doc.set_extension(CLASSIFICATION_ATTR, default=None)
if not Doc.has_extension(CUES_ATTR):
    Doc.set_extension(CUES_ATTR, default=())

_lock = threading.Lock()


@cache
def _shared_analyzer(model: str | None, trusted: bool):
    from hechtingnlp.analyzer import Analyzer

    return Analyzer(model, trusted=trusted)


class _Base:
    """Shared state and serialisation of the two components."""

    def __init__(self, name: str, model: str | None, trusted: bool, snippets: bool) -> None:
        self.name = name
        self.cfg = {"model": model, "trusted": trusted, "snippets": snippets, "version": __version__}
        self._analyzer = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Load the analyzer now rather than on the first document."""
        self.analyzer  # noqa: B018 - loading is the point

    @property
    def analyzer(self):
        if self._analyzer is None:
            with _lock:
                self._analyzer = _shared_analyzer(self.cfg["model"], bool(self.cfg["trusted"]))
        return self._analyzer

    def _classify(self, doc: Doc):
        return self.analyzer.classify(doc.text, snippets=bool(self.cfg["snippets"]))

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return srsly.msgpack_dumps(self.cfg)

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        self._load_cfg(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _CONFIG_FILE, self.cfg)

    def from_disk(self, path: str | Path, *, exclude=tuple()):
        self._load_cfg(srsly.read_json(Path(path) / _CONFIG_FILE))
        return self

    def _load_cfg(self, cfg: dict) -> None:
        if cfg.get("version") != __version__:
            warnings.warn(
                f"component {self.name!r} was saved by hechtingnlp {cfg.get('version')}, "
                f"this is {__version__}",
                VersionMismatchWarning,
                stacklevel=3,
            )
        self.cfg = {**cfg, "version": __version__}
        self._analyzer = None


class CueComponent(_Base):
    """Sets ``doc._.hechting_cues`` and ``doc.spans["hechting_cues"]``."""

    def __call__(self, doc: Doc) -> Doc:
        result = self._classify(doc)
        _set_cues(doc, result.cues)
        return doc


class ClassifierComponent(_Base):
    """Sets ``doc._.hechting`` (the full Classification) and the cue attributes."""

    def __call__(self, doc: Doc) -> Doc:
        result = self._classify(doc)
        doc._.set(CLASSIFICATION_ATTR, result)
        _set_cues(doc, result.cues)
        return doc


def _set_cues(doc: Doc, cues) -> None:
    doc._.set(CUES_ATTR, tuple(cues))
    spans = []
    for cue in cues:
        span = doc.char_span(cue.start, cue.end, label=cue.label, alignment_mode="expand")
        if span is not None:
            spans.append(Span(doc, span.start, span.end, label=cue.label))
    doc.spans[SPAN_KEY] = spans


_DEFAULT_CONFIG = {"model": None, "trusted": False, "snippets": True}


@Language.factory("hechtingnlp_cues", assigns=[f"doc._.{CUES_ATTR}"], default_config=_DEFAULT_CONFIG)
def make_cue_component(
    nlp: Language, name: str, model: str | None, trusted: bool, snippets: bool
) -> CueComponent:
    """spaCy factory of :class:`CueComponent`."""
    return CueComponent(name, model, trusted, snippets)


@Language.factory(
    "hechtingnlp_classifier",
    assigns=[f"doc._.{CLASSIFICATION_ATTR}", f"doc._.{CUES_ATTR}"],
    default_config=_DEFAULT_CONFIG,
)
def make_classifier_component(
    nlp: Language, name: str, model: str | None, trusted: bool, snippets: bool
) -> ClassifierComponent:
    """spaCy factory of :class:`ClassifierComponent`."""
    return ClassifierComponent(name, model, trusted, snippets)
