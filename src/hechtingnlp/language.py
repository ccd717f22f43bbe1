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

import spacy
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
    """Sets every token's lemma from :func:`lemma_table`, overwriting what was there."""

    def __call__(self, doc: Doc) -> Doc:
        table = lemma_table()
        for token in doc:
            lower = token.lower_
            token.lemma_ = table.get(lower, lower).lower()
        return doc


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
