"""Crisis language: a death wish, suicidal thoughts or self-harm.

Built for recall. A match always sets ``crisis``, whatever any model or threshold says;
the only thing that cancels a match is a fixed expression listed as an exception that
covers it ("ik ga dood van de hitte"). The rules are in ``resources/crisis.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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
    """Finds crisis language with the compiled rules of ``crisis.json``."""

    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[re.Pattern[str], ...]

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
        blocked = [m.span() for rx in self.exceptions for m in rx.finditer(folded)]
        found = []
        for rx in self.patterns:
            for m in rx.finditer(folded):
                s, e = m.span()
                if e <= s or any(bs < e and s < be for bs, be in blocked):
                    continue
                found.append(CrisisSpan(origin[s], origin[e - 1] + 1))
        return sorted(set(found), key=lambda c: (c.start, c.end))


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
