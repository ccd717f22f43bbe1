"""Result types returned by :func:`hechtingnlp.classify`.

All are frozen dataclasses; ``to_dict()`` gives plain JSON-serialisable data. A result says
that a text *contains cues typical of* a style, never that a person *has* that style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Cue:
    """Words in the text that carry a cue of one label.

    Examples
    --------
    >>> Cue("vermijdend", "vermijdend/zelfredzaamheid", "niemand nodig", 25, 38, 0).subject
    'self'
    """

    label: str
    """The label the cue points to, e.g. ``"angstig"``."""
    theme: str | None
    """The cue theme, ``label/theme``, e.g. ``"angstig/verlatingsangst"``; None when the
    statistical model found the label in a sentence that no lexicon pattern matched (the
    cue then spans that sentence)."""
    text: str
    """The words of the cue, exactly ``input[start:end]``."""
    start: int
    """Character offset of the first character in the input text."""
    end: int
    """Character offset one past the last character in the input text."""
    sentence: int
    """Index of the sentence that holds the cue."""
    negated: bool = False
    """True when the cue is denied ("ik ben níet bang dat ..."); it then gives no label."""
    hypothetical: bool = False
    """True when the cue is asked about or imagined ("stel dat ...", "ben ik ...?")."""
    subject: str = "self"
    """``"self"`` for the writer (ik, we, generic je), ``"other"`` for someone else."""

    @property
    def counts(self) -> bool:
        """Whether the cue is evidence for its label (not negated, not hypothetical)."""
        return not (self.negated or self.hypothetical)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "label": self.label,
            "theme": self.theme,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "subject": self.subject,
        }


@dataclass(frozen=True)
class SentenceScore:
    """Scores of one sentence of the input."""

    start: int
    """Character offset of the sentence in the input."""
    end: int
    """Character offset one past the sentence."""
    scores: dict[str, float]
    """Probability per label for this sentence alone."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"start": self.start, "end": self.end, "scores": dict(self.scores)}


@dataclass(frozen=True)
class Snippet:
    """A short Dutch psychoeducation text matched to the cues found."""

    id: str
    """Stable identifier, e.g. ``"angstig-tip-berichten"``."""
    label: str | None
    """The label the snippet is about, or None for general ones (hulp, crisis, dynamiek)."""
    theme: str | None
    """The cue theme that selected this snippet, or None when chosen by label or crisis."""
    kind: str
    """One of uitleg, herkennen, tip, mythe, dynamiek, hulp, crisis."""
    title: str
    """Short Dutch title."""
    text: str
    """The snippet text (40 to 120 words)."""
    source: tuple[str, ...]
    """Titles of the source articles the snippet rests on."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "id": self.id,
            "label": self.label,
            "theme": self.theme,
            "kind": self.kind,
            "title": self.title,
            "text": self.text,
            "source": list(self.source),
        }


@dataclass(frozen=True)
class ModelInfo:
    """Which model produced a result."""

    name: str
    """Model name, e.g. ``"hechtingnlp-nl"``, or ``"lexicon"`` when only the cue lexicon decided."""
    version: str
    """Model version."""

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class Classification:
    """The analysis of one text.

    Examples
    --------
    >>> import hechtingnlp
    >>> result = hechtingnlp.classify("Ik regel het zelf wel, ik heb niemand nodig.")
    >>> result.labels
    ('vermijdend',)
    >>> sorted(result.to_dict())[:3]
    ['crisis', 'cues', 'labels']
    """

    text: str
    """The input text, unchanged."""
    labels: tuple[str, ...]
    """Labels whose score is at or above their threshold, highest score first."""
    scores: dict[str, float]
    """Calibrated probability in [0, 1] for each of the four labels."""
    cues: tuple[Cue, ...] = ()
    """Every cue found, in text order, including negated and hypothetical ones."""
    sentences: tuple[SentenceScore, ...] = ()
    """Per-sentence offsets and scores."""
    snippets: tuple[Snippet, ...] = ()
    """Psychoeducation snippets for the cues found; the crisis snippet first when ``crisis``."""
    crisis: bool = False
    """True when the text contains crisis language (death wish, suicidal thoughts, self-harm)."""
    model: ModelInfo = field(default_factory=lambda: ModelInfo("lexicon", "0"))
    """Name and version of the model that scored the text."""
    warnings: tuple[str, ...] = ()
    """Short codes such as ``"not_dutch"``, ``"empty"`` or ``"truncated"``."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable data with the same fields."""
        return {
            "text": self.text,
            "labels": list(self.labels),
            "scores": dict(self.scores),
            "cues": [c.to_dict() for c in self.cues],
            "sentences": [s.to_dict() for s in self.sentences],
            "snippets": [s.to_dict() for s in self.snippets],
            "crisis": self.crisis,
            "model": self.model.to_dict(),
            "warnings": list(self.warnings),
        }
