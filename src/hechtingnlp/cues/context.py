"""Context of a cue: is it negated, hypothetical, and whose pattern is it?

The rules follow the ConText algorithm as clinlp uses it for clinical Dutch: trigger phrases
open a scope that runs until a terminator (a conjunction such as *maar*, or punctuation) or a
window of tokens; pseudo-triggers look like a trigger but are not one ("niet alleen ... maar
ook"). The trigger words live in ``resources/context_rules.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span

from hechtingnlp.resources import load

Phrase = tuple[str, ...]


class Phrases(dict):
    """Trigger phrases indexed by their first word, longest first within each word."""

    def __init__(self, words: list[str]) -> None:
        super().__init__()
        # Longest first, so "niet meer" wins over "niet" at the same place.
        for phrase in sorted({tuple(w.split()) for w in words}, key=len, reverse=True):
            self.setdefault(phrase[0], []).append(phrase)


def _phrases(words: list[str]) -> Phrases:
    return Phrases(words)


@dataclass(frozen=True)
class ContextRules:
    """The trigger lists of ``context_rules.json`` in a form ready for matching."""

    neg_pre: Phrases
    neg_post: Phrases
    neg_pseudo: Phrases
    terminators: frozenset[str]
    pre_window: int
    post_window: int
    hyp_pre: Phrases
    theory_words: frozenset[str]
    generic_subjects: Phrases
    self_words: frozenset[str]
    other_words: frozenset[str]
    other_nouns: frozenset[str]
    subordinators: frozenset[str]
    subject_window: int


@cache
def load_rules() -> ContextRules:
    """Read ``resources/context_rules.json`` (cached)."""
    raw = load("context_rules.json")
    neg, hyp, sub = raw["negation"], raw["hypothetical"], raw["subject"]
    return ContextRules(
        neg_pre=_phrases(neg["pre"]),
        neg_post=_phrases(neg["post"]),
        neg_pseudo=_phrases(neg["pseudo"]),
        terminators=frozenset(neg["terminators"]),
        pre_window=int(neg["pre_window"]),
        post_window=int(neg["post_window"]),
        hyp_pre=_phrases(hyp["pre"]),
        theory_words=frozenset(hyp["theory_words"]),
        generic_subjects=_phrases([g.strip() for g in hyp["generic_subjects"]]),
        self_words=frozenset(sub["self"]),
        other_words=frozenset(sub["other"]),
        other_nouns=frozenset(n for n in sub["other_nouns"] if " " not in n),
        subordinators=frozenset(sub["subordinators"]),
        subject_window=int(sub["window"]),
    )


def _words(sent: Span) -> list[str]:
    return [t.lower_.replace("’", "'") for t in sent]


def _phrase_at(words: list[str], i: int, phrases: Phrases) -> int:
    """Length of the longest phrase that starts at ``words[i]``, or 0."""
    for p in phrases.get(words[i], ()):
        if tuple(words[i : i + len(p)]) == p:
            return len(p)
    return 0


def _is_boundary(word: str, rules: ContextRules) -> bool:
    return word in rules.terminators or (len(word) == 1 and not word.isalnum())


def _triggers(words: list[str], phrases: Phrases, rules: ContextRules) -> list[tuple[int, int]]:
    """(start, end) of every trigger in the sentence that is not part of a pseudo-trigger."""
    found = []
    i = 0
    while i < len(words):
        pseudo = _phrase_at(words, i, rules.neg_pseudo)
        if pseudo:
            i += pseudo
            continue
        n = _phrase_at(words, i, phrases)
        if n:
            found.append((i, i + n))
            i += n
        else:
            i += 1
    return found


def is_negated(
    sent: Span, start: int, end: int, own: frozenset[str], rules: ContextRules | None = None
) -> bool:
    """Whether the cue at sentence-relative tokens ``start:end`` is negated.

    ``own`` are negation words that belong to the cue's own pattern ("ik heb *niemand*
    nodig"); they do not negate it.
    """
    rules = rules or load_rules()
    words = _words(sent)
    for t_start, t_end in _triggers(words, rules.neg_pre, rules):
        phrase = words[t_start:t_end]
        if set(phrase) <= own:
            continue
        if start <= t_start < end:
            return True
        near = t_end <= start and start - t_end <= rules.pre_window
        if near and not any(_is_boundary(w, rules) for w in words[t_end:start]):
            return True
    for t_start, t_end in _triggers(words, rules.neg_post, rules):
        if set(words[t_start:t_end]) <= own:
            continue
        near = end <= t_start and t_start - end <= rules.post_window
        if near and not any(_is_boundary(w, rules) for w in words[end:t_start]):
            return True
    return False


def is_hypothetical(sent: Span, start: int, end: int, rules: ContextRules | None = None) -> bool:
    """Whether the cue is imagined, asked about, or part of talk about attachment theory."""
    rules = rules or load_rules()
    words = _words(sent)
    for _t_start, t_end in _triggers(words, rules.hyp_pre, rules):
        if t_end <= start and not any(
            _is_boundary(w, rules) for w in words[t_end:start] if w not in {",", "en"}
        ):
            return True
    theory = any(w in rules.theory_words or w.startswith("hechting") for w in words)
    question = bool(words) and "?" in words[-3:]
    generic = any(_phrase_at(words, i, rules.generic_subjects) for i in range(len(words)))
    return theory and (question or generic)


def subject_of(sent: Span, start: int, end: int, rules: ContextRules | None = None) -> str:
    """``"self"`` when the cue is the writer's own pattern, ``"other"`` for someone else's.

    The main part of the cue (before a subordinating word such as *dat*) is read first:
    a reflexive *zich* or a pronoun there says whose pattern it is. Otherwise the nearest
    subject before the cue in the same clause decides; without one the writer is assumed.
    """
    rules = rules or load_rules()
    words = _words(sent)
    tokens = list(sent)
    main = []
    for i in range(start, end):
        if words[i] in rules.subordinators and i > start:
            break
        main.append(i)

    def verdict(i: int) -> str | None:
        w = words[i]
        if w in rules.self_words:
            return "self"
        if w in rules.other_words or w in rules.other_nouns:
            return "other"
        if (
            tokens[i].text[:1].isupper()
            and i > 0
            and tokens[i].is_alpha
            and words[i - 1] not in {".", "!", "?"}
        ):
            return "other"
        return None

    for i in main:
        if words[i] in {"zich", "zichzelf"}:
            return "other"
    for i in main:
        v = verdict(i)
        if v:
            return v
    for i in range(start - 1, max(-1, start - 1 - rules.subject_window), -1):
        if _is_boundary(words[i], rules) and words[i] not in {"en"}:
            break
        v = verdict(i)
        if v:
            return v
    return "self"
