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

from hechtingnlp.language import lemma_of, lemma_table, words_of
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
    return words_of(sent.doc).lowers[sent.start : sent.end]


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


def _own(phrase: list[str], own: frozenset[str]) -> bool:
    """Whether a trigger is made of the cue's own negation words (in any chat spelling)."""
    return bool(own) and all(w in own or lemma_of(w) in own for w in phrase)


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
        if _own(words[t_start:t_end], own):
            continue
        if start <= t_start < end:
            return True
        near = t_end <= start and start - t_end <= rules.pre_window
        if near and not any(_is_boundary(w, rules) for w in words[t_end:start]):
            return True
    for t_start, t_end in _triggers(words, rules.neg_post, rules):
        if _own(words[t_start:t_end], own):
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


_UNAMBIGUOUS_SELF = frozenset({"ik", "'k", "k", "ikke", "ek", "we", "wij"})
_UNAMBIGUOUS_OTHER = frozenset({"hij", "zij", "ie", "jullie"})


def subject_of(sent: Span, start: int, end: int, rules: ContextRules | None = None) -> str:
    """``"self"`` when the cue is the writer's own pattern, ``"other"`` for someone else's.

    Without a parser, the subject is read from pronouns, person nouns and names, in this
    order: an unambiguous subject (ik, we, hij, zij, a person noun, a name) in the main part
    of the cue (before a word such as *dat* or *of*), a reflexive *zich* there, the nearest
    unambiguous subject before the cue in the same clause, then the ambiguous words (ze,
    je, me, hem, haar) in the same two places. A cue that starts with *dat*, *of* or *als*
    is a clause that depends on what comes before it, so its own words come last. Without
    any clue the writer is assumed.
    """
    rules = rules or load_rules()
    words = _words(sent)
    tokens = list(sent)
    dependent = words[start] in rules.subordinators
    main = []
    for i in range(start, end):
        if words[i] in rules.subordinators and i > start:
            break
        main.append(i)
    before = []
    for i in range(start - 1, max(-1, start - 1 - rules.subject_window), -1):
        if _is_boundary(words[i], rules) and words[i] != "en":
            break
        before.append(i)

    def sure(i: int) -> str | None:
        w = words[i]
        if w in _UNAMBIGUOUS_SELF:
            return "self"
        if w in _UNAMBIGUOUS_OTHER or w in rules.other_nouns or _is_name(tokens[i], i, words):
            return "other"
        return None

    def loose(i: int) -> str | None:
        w = words[i]
        if w in rules.self_words:
            return "self"
        if w in rules.other_words:
            return "other"
        return None

    reflexive = ["other" for i in main if words[i] in {"zich", "zichzelf"}]
    order = (
        [(before, sure), (main, sure), (before, loose), (main, loose)]
        if dependent
        else [(main, sure), (reflexive, None), (before, sure), (main, loose), (before, loose)]
    )
    for positions, judge in order:
        if judge is None:
            if positions:
                return positions[0]
            continue
        for i in positions:
            verdict = judge(i)
            if verdict:
                return verdict
    return "self"


def _is_name(token, i: int, words: list[str]) -> bool:
    """A capitalised word that is not an ordinary Dutch word (at the start of a sentence too)."""
    if not token.is_alpha or not token.text[:1].isupper():
        return False
    if i > 0 and words[i - 1] not in {".", "!", "?", ":", '"', "'"}:
        return token.lower_ not in {"ik", "ge", "gij"}
    return token.lower_ not in lemma_table()
