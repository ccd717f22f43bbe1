"""Checks on raw input text before it is parsed: type, emptiness, safe characters, language."""

from __future__ import annotations

import re
from functools import cache

from hechtingnlp.resources import load

EMPTY = "empty"
NOT_DUTCH = "not_dutch"

_UNSAFE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def require_text(text: object) -> str:
    """Return ``text`` if it is a ``str``; otherwise raise ``TypeError`` naming its type.

    The message names only the type, never the value: diary text is private.
    """
    if not isinstance(text, str):
        raise TypeError(f"hechtingnlp classifies text (str), not {type(text).__name__}")
    return text


def safe_for_parsing(text: str) -> str:
    """A copy of ``text`` of the same length that spaCy can always process.

    Lone surrogates (which cannot be encoded) and control characters other than tab and
    newline become spaces, one for one, so that character offsets stay valid for ``text``.
    """
    return _UNSAFE.sub(" ", text)


@cache
def _function_words() -> tuple[frozenset[str], dict[str, frozenset[str]], int]:
    raw = load("languages.json")
    other = {lang: frozenset(words) for lang, words in raw["other"].items()}
    return frozenset(raw["dutch"]), other, int(raw["min_words"])


def looks_dutch(text: str) -> bool:
    """False when ``text`` is clearly in another language (English, French or German).

    Function words decide: short texts, names and mixed Dutch with a few English words
    count as Dutch.

    Examples
    --------
    >>> looks_dutch("Ik regel het zelf wel, ik heb niemand nodig.")
    True
    >>> looks_dutch("I always handle everything myself, I don't need anyone at all.")
    False
    """
    dutch, other, min_words = _function_words()
    words = [w.lower() for w in _WORD.findall(text[:20_000].replace("’", "'"))]
    if len(words) < min_words:
        return True
    nl = sum(w in dutch for w in words)
    best = max(sum(w in vocab for w in words) for vocab in other.values())
    return not (best >= 3 and best > 2 * nl)
