"""A question's words against the documents' vocabulary: what to do with a word no document
holds.

The lexical side weighs words by idf, so a word no chunk holds weighs as the rarest of all and
lowers the coverage of every candidate alike. In an English question such a word is a gap of
the glossary ("supposed", "residents") and is left out; an acronym stays, known or not (a
document that does not name it does not answer). In an Indonesian question it is mostly a
colloquial form ("ngukur", "dijadwalin", "netapin"), a slashed pair ("tender/lelang") or a
borrowed English compound ("e-government"), each replaced by the documents' own words when
the documents hold them.
"""

from __future__ import annotations

import dataclasses

from retriever.query import Query
from tanyarb.core.evidence import Idf
from tanyarb.core.textnorm import (
    acronyms,
    colloquial_bases,
    english_glossary,
    lexical_tokens,
    term,
)


def with_known_words(query: Query, idf: Idf) -> Query:
    """``query`` with its content tokens met with the documents' vocabulary (see above)."""
    if query.english:
        known = [t for t in query.tokens if idf.known(t) or t in acronyms()]
        if len(known) == len(query.tokens) or not known:
            return query
        return dataclasses.replace(query, tokens=known)
    standard = [w for t in query.tokens for w in _standard_words(t, idf)]
    standard += _loanword_meanings(query.tokens)
    if standard == query.tokens:
        return query
    return dataclasses.replace(query, tokens=standard)


def _loanword_meanings(tokens: list[str]) -> list[str]:
    """The documents' words for the English compounds an Indonesian question borrows
    ("nilai e-government", "follow-up pengaduan"), from the English glossary."""
    glossary = english_glossary()
    out: list[str] = []
    for token in tokens:
        if "-" in token and token in glossary:
            out += [w for w in lexical_tokens(glossary[token]) if w not in tokens and w not in out]
    return out


def _standard_words(token: str, idf: Idf) -> list[str]:
    """``token``, or what it stands for when only that is in the documents: the standard word
    of a colloquial form, the parts of a slashed pair ("tender/lelang")."""
    if idf.known(token) or token in acronyms():
        return [token]
    if "/" in token:
        return [w for part in token.split("/") if part for w in _standard_words(term(part), idf)]
    for base in colloquial_bases(token):
        stemmed = term(base)
        if idf.known(stemmed):
            return [stemmed]
    return [token]
