"""hechtingnlp: cues typical of attachment styles in Dutch and Flemish text.

It says that a text *contains cues typical of* a style; it never diagnoses anyone.

Examples
--------
>>> import hechtingnlp
>>> result = hechtingnlp.classify("Ik regel het zelf wel, ik heb niemand nodig.")
>>> result.labels
('vermijdend',)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from hechtingnlp._version import VersionMismatchWarning, __version__
from hechtingnlp.labels import LABELS
from hechtingnlp.result import Classification, Cue, ModelInfo, SentenceScore, Snippet

if TYPE_CHECKING:
    from hechtingnlp.analyzer import Analyzer

__all__ = [
    "LABELS",
    "Analyzer",
    "Classification",
    "Cue",
    "ModelInfo",
    "SentenceScore",
    "Snippet",
    "VersionMismatchWarning",
    "__version__",
    "classify",
    "classify_batch",
    "load",
]

_default: Analyzer | None = None


def __getattr__(name: str):
    # The analyzer pulls in spaCy; importing it lazily keeps `hechtingnlp.labels`,
    # `hechtingnlp.corpus` and `hechtingnlp.io` usable without loading spaCy first.
    if name == "Analyzer":
        from hechtingnlp.analyzer import Analyzer

        return Analyzer
    raise AttributeError(f"module 'hechtingnlp' has no attribute {name!r}")


_lock = threading.Lock()


def load(model: str | Path | None = None, *, trusted: bool = False) -> Analyzer:
    """Return a new :class:`Analyzer` for callers who want explicit control.

    Parameters
    ----------
    model
        ``None`` for the shipped model, ``"lexicon"`` for lexicon-only decisions, or the
        path of a model file made by ``hechtingnlp train``.
    trusted
        Must be True for a model file other than the shipped one (loading joblib can run code).
    """
    from hechtingnlp.analyzer import Analyzer

    return Analyzer(model, trusted=trusted)


def _analyzer() -> Analyzer:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                from hechtingnlp.analyzer import Analyzer

                _default = Analyzer()
    return _default


def classify(text: str, *, snippets: bool = True) -> Classification:
    """Find attachment cues in one Dutch text.

    Parameters
    ----------
    text
        Any string; empty text gives a result without labels. A non-string raises TypeError.
    snippets
        Whether to add psychoeducation snippets for the cues found.

    Examples
    --------
    >>> classify("Ik ben niet bang dat hij me verlaat.").labels
    ()
    """
    return _analyzer().classify(text, snippets=snippets)


def classify_batch(
    texts: Iterable[str], *, n_process: int = 1, batch_size: int = 256, snippets: bool = True
) -> Iterator[Classification]:
    """Classify many texts lazily: one result per input, in input order."""
    return _analyzer().classify_batch(texts, n_process=n_process, batch_size=batch_size, snippets=snippets)
