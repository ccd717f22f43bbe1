"""Crisis language: a death wish, suicidal thoughts or self-harm.

Built for recall. A match always sets ``crisis``, whatever any model or threshold says;
the only thing that cancels a match is a fixed expression listed as an exception that
covers it ("ik ga dood van de hitte"). The rules are in ``resources/crisis.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from hechtingnlp.resources import load

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


@dataclass(frozen=True)
class CrisisSpan:
    """Where crisis language was found (character offsets into the input)."""

    start: int
    end: int


@dataclass(frozen=True)
class CrisisDetector:
    """Finds crisis language with the compiled rules of ``crisis.json``.

    A pattern runs only on texts that hold one of its required strings (see
    :func:`required_strings`).
    """

    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]

    @cached_property
    def _needs(self) -> tuple[tuple[tuple[str, ...] | None, ...], tuple[tuple[str, ...] | None, ...]]:
        """Per pattern and per exception, strings of which a text must hold one for it to match
        (None: no check)."""
        return (
            tuple(required_strings(rx.pattern) for rx in self.patterns),
            tuple(required_strings(rx.pattern) for rx in self.exceptions),
        )

    @cached_property
    def _all_needed(self) -> tuple[str, ...]:
        return tuple({s for needs in self._needs for strings in needs if strings for s in strings})

    @staticmethod
    def _candidates(present: set[str], rules, needs) -> list[re.Pattern[str]]:
        return [
            rx
            for rx, strings in zip(rules, needs, strict=True)
            if strings is None or not present.isdisjoint(strings)
        ]

    def find(self, text: str) -> list[CrisisSpan]:
        """Every crisis span in ``text``, in text order.

        Examples
        --------
        >>> detector = load_crisis_detector()
        >>> bool(detector.find("Soms wil ik er gewoon niet meer zijn."))
        True
        >>> detector.find("Ik ga dood van de hitte vandaag.")
        []
        """
        # Lower-casing and turning every run of white space into one space keeps the
        # offsets mappable: we remember where each folded character came from.
        folded, origin = _fold(text)
        pattern_needs, exception_needs = self._needs
        present = {s for s in self._all_needed if s in folded}
        spans = [
            m.span()
            for rx in self._candidates(present, self.patterns, pattern_needs)
            for m in rx.finditer(folded)
            if m.end() > m.start()
        ]
        if not spans:
            return []
        blocked = [
            m.span()
            for rx in self._candidates(present, self.exceptions, exception_needs)
            for m in rx.finditer(folded)
        ]
        found = {
            CrisisSpan(origin[s], origin[e - 1] + 1)
            for s, e in spans
            if not any(bs < e and s < be for bs, be in blocked)
        }
        return sorted(found, key=lambda c: (c.start, c.end))


def required_strings(pattern: str) -> tuple[str, ...] | None:
    """Strings of which every match of ``pattern`` holds at least one, or None.

    Of the pattern's required parts that are literal text, or a group of alternatives each
    starting with literal text, the one with the longest shortest string is chosen (long
    strings are rare). A text that holds none of them cannot match, so the regular
    expression need not run.

    Examples
    --------
    >>> required_strings(r"\\b(ik|'k) heb (gesneden|gekrast)")
    ('gesneden', 'gekrast')
    >>> required_strings(r"[a-z]+") is None
    True
    """
    from re import _constants as c
    from re import _parser as parser

    options: list[list[str]] = []
    run = ""
    for op, av in parser.parse(pattern):
        if op is c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append([run])
            run = ""
        if op is c.SUBPATTERN or op is c.BRANCH:
            starts = _literal_starts(op, av)
            if starts and all(starts):
                options.append(starts)
    if run:
        options.append([run])
    if not options:
        return None
    best = max(options, key=lambda strings: min(map(len, strings)))
    return tuple(dict.fromkeys(best))


def _literal_starts(op, av) -> list[str] | None:
    """The literal text each way through a group or alternation starts with."""
    from re import _constants as c

    branches = [av[3]] if op is c.SUBPATTERN else av[1]
    out = []
    for branch in branches:
        prefix = ""
        tails = [""]
        for item_op, item_av in branch:
            if item_op is c.LITERAL:
                prefix += chr(item_av)
                continue
            if item_op is c.SUBPATTERN or item_op is c.BRANCH:
                tails = _literal_starts(item_op, item_av) or [""]
            break
        out.extend(prefix + t for t in tails)
    return out


_OTHER_SPACE = re.compile(r"[^\S ]")
_WHITESPACE = {ord(c): " " for c in "\t\n\r\x0b\x0c\x85\xa0\u2028\u2029"}


def _fold(text: str) -> tuple[str, list[int] | range]:
    # Fast path: lower-casing kept the length and there is no run of white space to fold,
    # so every folded character sits where it came from.
    quick = text.translate(_QUOTES).translate(_WHITESPACE).lower()
    if len(quick) == len(text) and "  " not in quick and not _OTHER_SPACE.search(quick):
        return quick, range(len(text))
    chars: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if not in_space:
                chars.append(" ")
                origin.append(i)
            in_space = True
            continue
        in_space = False
        low = ch.lower()
        if len(low) != 1:  # e.g. 'İ' lower-cases to two characters; keep offsets aligned
            low = ch
        chars.append(low)
        origin.append(i)
    return "".join(chars), origin


@cache
def load_crisis_detector() -> CrisisDetector:
    """Compile ``resources/crisis.json`` (cached)."""
    raw = load("crisis.json")
    return CrisisDetector(
        tuple(re.compile(p) for p in raw["patterns"]),
        tuple(re.compile(p) for p in raw["exceptions"]),
    )
