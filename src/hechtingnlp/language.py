"""Builds the Dutch spaCy pipeline that every analysis runs on.

``nl_core_news_sm`` is used when it is installed, with only the components hechtingnlp
needs (tokenizer and sentence boundaries). Otherwise the pipeline is ``spacy.blank("nl")``
with a rule-based sentencizer. In both cases lemmas come from the ``hechtingnlp_lemmatizer``
component: the Dutch lookup table of spacy-lookups-data, read on lower-cased words, with the
project's own fixes from ``resources/lemma_fixes.json`` laid over it. One lemmatizer for both
pipelines means the cue lexicon matches the same way whichever pipeline is in use.
Nothing is ever downloaded.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
from functools import cache
from importlib import resources
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from hechtingnlp.resources import load

#: The trained Dutch pipeline used when it is installed.
TRAINED_PIPELINE = "nl_core_news_sm"
#: The name of the fallback in :func:`build_pipeline` and in ``hechtingnlp info``.
BLANK = "blank"
#: Components of the trained pipeline that hechtingnlp does not need (left out for speed).
_UNNEEDED = ("ner", "attribute_ruler", "tagger", "morphologizer", "lemmatizer", "tok2vec_ner")
LEMMATIZER = "hechtingnlp_lemmatizer"


@cache
def lemma_table() -> dict[str, str]:
    """The Dutch lemma lookup table with hechtingnlp's fixes applied.

    Read straight from spacy-lookups-data's compressed JSON: that is several times faster
    than going through ``spacy.lookups`` and keeps the cold start of the library short. Its
    keys are lower-case words (a handful are not, and are never looked up); lemmas are
    lower-cased where they are read, in :func:`lemma_of` and :class:`LookupLemmatizer`.
    """
    raw = resources.files("spacy_lookups_data").joinpath("data/nl_lemma_lookup.json.gz").read_bytes()
    table = json.loads(gzip.decompress(raw))
    table.update(load("lemma_fixes.json")["lemmas"])
    return table


def lemma_of(word: str) -> str:
    """The lemma hechtingnlp gives a single word (lower-cased).

    Examples
    --------
    >>> lemma_of("Klampte")
    'klampen'
    """
    lower = word.lower().replace("’", "'")
    return lemma_table().get(lower, lower).lower()


@Language.factory(LEMMATIZER, assigns=["token.lemma"])
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """spaCy factory of the lookup lemmatizer (see :class:`LookupLemmatizer`)."""
    return LookupLemmatizer()


class LookupLemmatizer:
    """Sets every token's lemma from :func:`lemma_table`, overwriting what was there.

    The lemmas are written as one array; the lemma of each lower-cased form is looked up
    once per vocabulary and remembered by the form's hash.
    """

    def __init__(self) -> None:
        self._vocab = None
        self._lemma_ids: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if doc.vocab is not self._vocab or len(self._lemma_ids) > _CACHE_SIZE:
            self._vocab, self._lemma_ids = doc.vocab, {}
        known = self._lemma_ids
        lowers = doc.to_array([LOWER]).tolist()
        if not lowers:
            return doc
        strings = doc.vocab.strings
        table = lemma_table()
        lemmas = []
        for h in lowers:
            lemma = known.get(h)
            if lemma is None:
                lower = strings[h]
                lemma = known[h] = strings.add(table.get(lower, lower).lower())
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc


#: Forms a lemmatizer remembers before starting afresh (bounded memory).
_CACHE_SIZE = 500_000
_WORDS_KEY = "hechtingnlp_words"


class Words(NamedTuple):
    """A Doc's tokens as plain lists, which the cue detector and the features read many times."""

    lowers: list[str]
    """Lower-cased forms with the typographic apostrophe made plain (``’`` -> ``'``)."""
    lemmas: list[str]
    puncts: list[bool]
    spaces: list[bool]


def words_of(doc: Doc) -> Words:
    """The :class:`Words` of a Doc, computed once and kept in ``doc.user_data``."""
    kept = doc.user_data.get(_WORDS_KEY)
    if kept is not None and len(kept[0]) == len(doc):
        return Words(*kept)
    if len(doc):
        lower_ids, lemma_ids, puncts, spaces = doc.to_array([LOWER, LEMMA, IS_PUNCT, IS_SPACE]).T.tolist()
    else:
        lower_ids = lemma_ids = puncts = spaces = []
    if len(_FORMS) > _CACHE_SIZE:
        _FORMS.clear()
    strings = doc.vocab.strings
    words = Words(
        [_FORMS.get(h) or _form(strings, h, plain=True) for h in lower_ids],
        [_FORMS.get(-h) or _form(strings, h, plain=False) for h in lemma_ids],
        [bool(v) for v in puncts],
        [bool(v) for v in spaces],
    )
    doc.user_data[_WORDS_KEY] = tuple(words)
    return words


#: Strings by their hash (the same in every vocabulary): lower-cased forms with plain
#: apostrophes under the hash, lemmas under its negation.
_FORMS: dict[int, str] = {}


def _form(strings, h: int, plain: bool) -> str:
    text = strings[h]
    if plain:
        text = _FORMS[h] = text.replace("’", "'")
    else:
        _FORMS[-h] = text
    return text


def build_pipeline(name: str | None = None) -> Language:
    """Return a fresh Dutch pipeline.

    Parameters
    ----------
    name
        ``None`` picks ``nl_core_news_sm`` when installed and the blank fallback otherwise;
        ``"blank"`` forces the fallback; any other value is loaded with ``spacy.load`` (a
        package name or a directory), which must be a Dutch pipeline.

    Examples
    --------
    >>> nlp = build_pipeline("blank")
    >>> [t.lemma_ for t in nlp("Ik klampte me vast.")][:2]
    ['ik', 'klampen']
    """
    if name is None:
        name = TRAINED_PIPELINE if importlib.util.find_spec(TRAINED_PIPELINE) else BLANK
    if name == BLANK:
        nlp = spacy.blank("nl")
        nlp.add_pipe("sentencizer")
    else:
        nlp = spacy.load(name, exclude=list(_UNNEEDED))
        if nlp.lang != "nl":
            raise ValueError(f"hechtingnlp needs a Dutch pipeline; this one is for language {nlp.lang!r}")
        if not any(nlp.has_pipe(p) for p in ("parser", "senter", "sentencizer")):
            nlp.add_pipe("sentencizer")
    nlp.add_pipe(LEMMATIZER)
    return nlp


def pipeline_name(nlp: Language) -> str:
    """Say which pipeline this is, e.g. ``"nl_core_news_sm 3.8.0"``."""
    meta = nlp.meta
    if meta.get("name") and meta.get("name") != "pipeline":
        return f"{meta.get('lang', 'nl')}_{meta['name']} {meta.get('version', '')}".strip()
    return "spacy.blank('nl') + sentencizer + lookup lemmas"
