"""The psychoeducation snippet library and the choice of snippets for a result.

Snippets live in ``resources/snippets.json`` and cite the source articles of
``resources/sources.json`` by id. Selection is deterministic: the crisis snippet first when
crisis language was found, then a snippet on the pursue-withdraw dynamic when anxious and
avoidant cues meet, then per cue theme the most specific snippet, then per label one that
explains it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from hechtingnlp.labels import ANGSTIG, LABELS, VERMIJDEND, themes
from hechtingnlp.resources import load
from hechtingnlp.result import Cue, Snippet

KINDS = ("uitleg", "herkennen", "tip", "mythe", "dynamiek", "hulp", "crisis")
CRISIS_ID = "crisis-hulp"
#: How many snippets a result carries by default.
DEFAULT_LIMIT = 3
# For a label without a specific theme, these kinds explain it best, in this order.
_LABEL_KINDS = ("herkennen", "uitleg", "tip")


@dataclass(frozen=True)
class SnippetEntry:
    """A snippet as stored in the library (``themes`` lists every theme it speaks to)."""

    id: str
    label: str | None
    themes: tuple[str, ...]
    kind: str
    title: str
    text: str
    source: tuple[str, ...]

    def as_result(self, theme: str | None) -> Snippet:
        return Snippet(self.id, self.label, theme, self.kind, self.title, self.text, self.source)


@cache
def library() -> tuple[SnippetEntry, ...]:
    """Every snippet of the library, in file order, with source titles resolved."""
    titles = {s["id"]: s["title"] for s in load("sources.json")["sources"]}
    known = themes()
    entries = []
    for raw in load("snippets.json")["snippets"]:
        if raw["kind"] not in KINDS:
            raise ValueError(f"snippet {raw['id']!r} has unknown kind {raw['kind']!r}")
        if raw["label"] is not None and raw["label"] not in LABELS:
            raise ValueError(f"snippet {raw['id']!r} has unknown label {raw['label']!r}")
        unknown = [t for t in raw["themes"] if t not in known]
        if unknown:
            raise ValueError(f"snippet {raw['id']!r} names unknown themes {unknown}")
        entries.append(
            SnippetEntry(
                raw["id"],
                raw["label"],
                tuple(raw["themes"]),
                raw["kind"],
                raw["title"],
                raw["text"],
                tuple(titles[s] for s in raw["source"]),
            )
        )
    return tuple(entries)


def find(
    *, label: str | None = None, theme: str | None = None, kind: str | None = None
) -> list[SnippetEntry]:
    """Snippets filtered by label, theme and kind (``None`` means any)."""
    return [
        s
        for s in library()
        if (label is None or s.label == label)
        and (theme is None or theme in s.themes)
        and (kind is None or s.kind == kind)
    ]


def select(
    labels: Sequence[str],
    cues: Iterable[Cue],
    *,
    crisis: bool = False,
    limit: int = DEFAULT_LIMIT,
    exclude: frozenset[str] | set[str] = frozenset(),
) -> tuple[Snippet, ...]:
    """Choose the snippets for a result.

    Parameters
    ----------
    labels
        The result's labels, highest score first.
    cues
        The result's cues; only those that count (not negated, not hypothetical) and whose
        label is among ``labels`` select a snippet.
    crisis
        When True the crisis snippet comes first, whatever ``exclude`` or ``limit`` say.
    limit
        Most snippets returned (the crisis snippet included).
    exclude
        Ids not to give again (batch scoring can pass the ids given to earlier entries).

    Examples
    --------
    >>> from hechtingnlp.result import Cue
    >>> cue = Cue("angstig", "angstig/berichten-checken", "zes keer gelezen", 0, 16, 0)
    >>> [s.kind for s in select(["angstig"], [cue])][:1]
    ['herkennen']
    """
    chosen: list[Snippet] = []
    taken: set[str] = set(exclude)

    def take(entry: SnippetEntry | None, theme: str | None) -> None:
        if entry is not None and entry.id not in taken and len(chosen) < limit:
            chosen.append(entry.as_result(theme))
            taken.add(entry.id)

    if crisis:
        crisis_entry = next((s for s in library() if s.id == CRISIS_ID), None)
        if crisis_entry is not None:
            chosen.append(crisis_entry.as_result(None))
            taken.add(CRISIS_ID)
    rank = {label: n for n, label in enumerate(labels)}
    evidence = sorted(
        (c for c in cues if c.counts and c.label in rank and c.theme), key=lambda c: (rank[c.label], c.start)
    )
    cue_themes = list(dict.fromkeys(c.theme for c in evidence))
    if ANGSTIG in rank and VERMIJDEND in rank:
        present = set(cue_themes)
        dynamics = find(kind="dynamiek")
        take(max(dynamics, key=lambda s: len(present & set(s.themes)), default=None), None)
    for theme in cue_themes:
        candidates = [s for s in library() if theme in s.themes and s.id not in taken]
        # The most specific snippet names the fewest themes; herkennen before tips.
        candidates.sort(key=lambda s: (len(s.themes), s.kind != "herkennen"))
        take(candidates[0] if candidates else None, theme)
    for label in labels:
        for kind in _LABEL_KINDS:
            options = [s for s in find(label=label, kind=kind) if s.id not in taken]
            if options:
                take(options[0], None)
                break
    return tuple(chosen)
