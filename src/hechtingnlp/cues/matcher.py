"""Matches the compiled lexicon patterns on one sentence's words.

The patterns are spaCy Matcher token patterns (see :mod:`hechtingnlp.cues.lexicon`), and the
results are the spaCy Matcher's: every (start, end) at which a pattern matches. This matcher
is specialised for what the lexicon uses (a set of lemmas, a set of lower-cased forms, a
prefix, an optional element, a gap of non-punctuation tokens), which lets it start from a
rare word of each pattern instead of walking every pattern over every token.

Each pattern has an anchor: a required element with fixed words, the one least made of
everyday function words. A sentence is read once to find the tokens whose lemma, form or
prefix is some pattern's anchor; from each such token the pattern is matched backwards and
forwards. Both directions are independent once the anchor's place is fixed, so every pair of
a possible start and a possible end is a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Element kinds.
LEMMA, LOWER, PREFIX, GAP = "lemma", "lower", "prefix", "gap"


@dataclass(frozen=True)
class Element:
    """One element of a pattern: a token test, or a gap of up to ``size`` tokens."""

    kind: str
    words: frozenset[str] = frozenset()
    regex: re.Pattern | None = None
    optional: bool = False
    size: int = 0

    def accepts(self, lemma: str, lower: str) -> bool:
        if self.kind == LEMMA:
            return lemma in self.words
        if self.kind == LOWER:
            return lower in self.words
        return self.regex.match(lower) is not None  # type: ignore[union-attr]


def _gap_size(op: str) -> int:
    found = re.fullmatch(r"\{0,(\d+)\}", op)
    if not found:
        raise ValueError(f"unsupported gap operator {op!r} in a lexicon pattern")
    return int(found.group(1))


def compile_element(spec: dict) -> Element:
    """The Element for one Matcher token pattern as :mod:`~hechtingnlp.cues.lexicon` writes them."""
    op = spec.get("OP")
    if "IS_PUNCT" in spec:
        return Element(GAP, size=_gap_size(op or ""))
    if op not in (None, "?"):
        raise ValueError(f"unsupported operator {op!r} in a lexicon pattern")
    optional = op == "?"
    if "LEMMA" in spec:
        return Element(LEMMA, frozenset(spec["LEMMA"]["IN"]), optional=optional)
    value = spec["LOWER"]
    if "IN" in value:
        return Element(LOWER, frozenset(value["IN"]), optional=optional)
    return Element(PREFIX, regex=re.compile(value["REGEX"]), optional=optional)


def _prefix_of(element: Element) -> str:
    """The literal start of a prefix element's regex (``^wacht`` -> ``wacht``)."""
    assert element.regex is not None
    return re.split(r"[\[\\(.]", element.regex.pattern.lstrip("^"), maxsplit=1)[0]


@dataclass(frozen=True)
class _Compiled:
    key: str
    elements: tuple[Element, ...]
    anchor: int
    lemmas_needed: tuple[frozenset[str], ...]
    """Word sets of the other required lemma elements: each must meet the sentence's lemmas."""
    lowers_needed: tuple[frozenset[str], ...]


class PatternMatcher:
    """All lexicon patterns, indexed by their anchor words.

    Parameters
    ----------
    patterns
        ``(key, token patterns)`` pairs.
    common
        Everyday words (in every text): avoided as anchors where a pattern has another choice.

    Examples
    --------
    >>> m = PatternMatcher([("x", [{"LEMMA": {"IN": ["hebben"]}}, {"LEMMA": {"IN": ["niemand"]}}])])
    >>> m(["ik", "hebben", "niemand"], ["ik", "heb", "niemand"], [False, False, False])
    [('x', 1, 3)]
    """

    def __init__(self, patterns: Iterable[tuple[str, Sequence[dict]]], common: frozenset[str] = frozenset()):
        self._lemma: dict[str, list[_Compiled]] = {}
        self._lower: dict[str, list[_Compiled]] = {}
        self._prefix: dict[str, list[_Compiled]] = {}
        for key, tokens in patterns:
            elements = tuple(compile_element(t) for t in tokens)
            anchor = _choose_anchor(elements, common)
            required = [e for n, e in enumerate(elements) if n != anchor and e.kind != GAP and not e.optional]
            compiled = _Compiled(
                key,
                elements,
                anchor,
                tuple(e.words for e in required if e.kind == LEMMA),
                tuple(e.words for e in required if e.kind == LOWER),
            )
            element = elements[anchor]
            if element.kind == PREFIX:
                self._prefix.setdefault(_prefix_of(element), []).append(compiled)
            else:
                index = self._lemma if element.kind == LEMMA else self._lower
                for word in element.words:
                    index.setdefault(word, []).append(compiled)
        self._prefixes = tuple(self._prefix)

    def __call__(
        self, lemmas: Sequence[str], lowers: Sequence[str], puncts: Sequence[bool]
    ) -> list[tuple[str, int, int]]:
        """Every match in one sentence as ``(key, start, end)`` token offsets."""
        found: list[tuple[str, int, int]] = []
        lemma_index, lower_index, prefixes = self._lemma, self._lower, self._prefixes
        lemma_set, lower_set = set(lemmas), set(lowers)
        for i, (lemma, lower) in enumerate(zip(lemmas, lowers, strict=True)):
            candidates = lemma_index.get(lemma, ())
            more = lower_index.get(lower)
            if more:
                candidates = [*candidates, *more]
            if prefixes and lower.startswith(prefixes):
                candidates = [
                    *candidates,
                    *(c for p in prefixes if lower.startswith(p) for c in self._prefix[p]),
                ]
            for pattern in candidates:
                elements = pattern.elements
                if not elements[pattern.anchor].accepts(lemma, lower):
                    continue  # a prefix anchor whose full regex does not match
                if any(words.isdisjoint(lemma_set) for words in pattern.lemmas_needed) or any(
                    words.isdisjoint(lower_set) for words in pattern.lowers_needed
                ):
                    continue  # a word the pattern needs is not in the sentence
                ends = _forward(elements, pattern.anchor + 1, i + 1, lemmas, lowers, puncts)
                if not ends:
                    continue
                starts = _backward(elements, pattern.anchor, i, lemmas, lowers, puncts)
                found.extend((pattern.key, s, e) for s in sorted(starts) for e in sorted(ends))
        return found


def _choose_anchor(elements: tuple[Element, ...], common: frozenset[str]) -> int:
    """Index of the required word element least likely to be in a sentence: no everyday
    words, long words, few of them; prefixes last."""
    best, best_rank = None, None
    for n, e in enumerate(elements):
        if e.kind == GAP or e.optional:
            continue
        if e.kind == PREFIX:
            rank = (2, 0)
        else:
            # Long words are rarer than short ones.
            rank = (int(bool(e.words & common)), -min(map(len, e.words)), len(e.words))
        if best_rank is None or rank < best_rank:
            best, best_rank = n, rank
    if best is None:
        raise ValueError("a lexicon pattern needs at least one required word")
    return best


def _forward(elements, j, i, lemmas, lowers, puncts) -> set[int]:
    """Ends of the matches of ``elements[j:]`` starting at token ``i``."""
    if j == len(elements):
        return {i}
    e = elements[j]
    n = len(lemmas)
    if e.kind == GAP:
        out: set[int] = set()
        k = i
        while True:
            out |= _forward(elements, j + 1, k, lemmas, lowers, puncts)
            if k >= n or k - i >= e.size or puncts[k]:
                return out
            k += 1
    out = _forward(elements, j + 1, i, lemmas, lowers, puncts) if e.optional else set()
    if i < n and e.accepts(lemmas[i], lowers[i]):
        out |= _forward(elements, j + 1, i + 1, lemmas, lowers, puncts)
    return out


def _backward(elements, j, i, lemmas, lowers, puncts) -> set[int]:
    """Starts of the matches of ``elements[:j]`` ending just before token ``i``."""
    if j == 0:
        return {i}
    e = elements[j - 1]
    if e.kind == GAP:
        out: set[int] = set()
        k = i
        while True:
            out |= _backward(elements, j - 1, k, lemmas, lowers, puncts)
            if k <= 0 or i - k >= e.size or puncts[k - 1]:
                return out
            k -= 1
    out = _backward(elements, j - 1, i, lemmas, lowers, puncts) if e.optional else set()
    if i > 0 and e.accepts(lemmas[i - 1], lowers[i - 1]):
        out |= _backward(elements, j - 1, i - 1, lemmas, lowers, puncts)
    return out
