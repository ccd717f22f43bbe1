"""The cue lexicon: themes with their patterns, compiled for the spaCy Matcher.

Patterns are written in ``resources/lexicon/<label>.json`` in a compact phrase syntax so that people
who know Dutch, not spaCy, can read and extend them. Each space-separated element is one
token (or a gap):

=============  =====================================================================
``woord``      any form of the word: matches on the lemma (``klampte`` -> ``klampen``)
``a|b|c``      any form of one of the words
``=woord``     exactly this form (lower-cased), not its lemma
``woord*``     any token that starts with ``woord``
``?el``        the element is optional
``~``          a gap of 0 to 3 tokens that are not punctuation; ``~~`` 0 to 6
``@naam``      a macro from the lexicon's ``macros`` (itself an element, e.g. ``@zelf``)
=============  =====================================================================

Separable verbs are written with a gap (``trekken ~ terug``) and, where the joined form
is common, as a second pattern (``terugtrekken``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from hechtingnlp.labels import LABELS, themes
from hechtingnlp.language import lemma_of
from hechtingnlp.resources import load

_GAPS = {"~": "{0,3}", "~~": "{0,6}"}
#: Words that negate when they stand outside a pattern; inside a pattern they are the cue.
NEGATION_WORDS = frozenset(
    {"niet", "nie", "ni", "geen", "gene", "nooit", "niemand", "niks", "niets", "nergens"}
)


@cache
def _negating_words() -> frozenset[str]:
    """Every word of a negation trigger in the context rules, and the words above."""
    raw = load("context_rules.json")["negation"]
    return NEGATION_WORDS | {w for phrase in raw["pre"] + raw["post"] for w in phrase.split()}


@dataclass(frozen=True)
class Pattern:
    """One compiled lexicon pattern."""

    key: str
    """Matcher key, ``theme#n``."""
    theme: str
    """The theme it belongs to."""
    source: str
    """The pattern as written in the lexicon."""
    tokens: tuple[dict, ...]
    """spaCy Matcher token patterns."""
    own_negations: frozenset[str]
    """Negation words written in the pattern itself (they do not negate its cue)."""


def _expand(raw: str, macros: dict[str, str]) -> str:
    alternatives = []
    for alt in raw.split("|"):
        if alt.startswith("@"):
            if alt not in macros:
                raise ValueError(f"unknown macro {alt!r} in the lexicon")
            alternatives.extend(macros[alt].split("|"))
        else:
            alternatives.append(alt)
    return "|".join(alternatives)


def _element(raw: str, macros: dict[str, str]) -> dict:
    optional = raw.startswith("?") and len(raw) > 1
    if optional:
        raw = raw[1:]
    if raw in _GAPS:
        return {"IS_PUNCT": False, "OP": _GAPS[raw]}
    raw = _expand(raw, macros)
    if raw.startswith("="):
        spec: dict = {"LOWER": {"IN": raw[1:].split("|")}}
    elif raw.endswith("*") and "|" not in raw:
        spec = {"LOWER": {"REGEX": "^" + raw[:-1].replace("'", "['’]")}}
    else:
        # Every token's lemma is lemma_of(its text), so the lemma of each word is all it takes.
        spec = {"LEMMA": {"IN": sorted({lemma_of(w) for w in raw.split("|")})}}
    if optional:
        spec["OP"] = "?"
    return spec


def compile_pattern(text: str, macros: dict[str, str]) -> tuple[list[dict], frozenset[str]]:
    """Compile one pattern string to Matcher token dicts and its own negation words.

    Examples
    --------
    >>> compile_pattern("niemand nodig", {})[1]
    frozenset({'niemand'})
    """
    parts = text.split()
    if not parts or all(p in _GAPS for p in parts):
        raise ValueError(f"empty lexicon pattern {text!r}")
    words = {w.lstrip("=") for p in parts for w in _expand(p.lstrip("?"), macros).split("|")}
    own = words & _negating_words()
    # Chat forms share the lemma ("nie" -> "niet"), so a pattern's own "niet" covers them too.
    return [_element(p, macros) for p in parts], frozenset(own | {lemma_of(w) for w in own})


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon: patterns and the snippet theme each cue theme maps to."""

    patterns: tuple[Pattern, ...]
    snippet_themes: dict[str, str]
    version: int

    def by_key(self) -> dict[str, Pattern]:
        return {p.key: p for p in self.patterns}


LEXICON_FILES = tuple(f"lexicon/{label}.json" for label in LABELS)


@cache
def load_lexicon() -> Lexicon:
    """Read and compile the lexicon files of ``resources/lexicon/`` (cached)."""
    known = themes()
    patterns = []
    snippet_themes = {}
    versions = []
    for name in LEXICON_FILES:
        raw = load(name)
        versions.append(int(raw.get("version", 1)))
        macros = raw.get("macros", {})
        for theme, entry in raw["themes"].items():
            if theme not in known:
                raise ValueError(f"lexicon theme {theme!r} in {name} is not in themes.json")
            snippet_themes[theme] = entry.get("snippet_theme", theme)
            for n, text in enumerate(entry["patterns"]):
                tokens, own = compile_pattern(text, macros)
                patterns.append(Pattern(f"{theme}#{n}", theme, text, tuple(tokens), own))
    return Lexicon(tuple(patterns), snippet_themes, max(versions))
