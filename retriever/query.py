"""Query understanding: intent, years, language, regions and weighted content tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from retriever.regions import REGION_DESIGNATION, RegionCatalog, RegionMention
from tanyarb.core.areas import asked_area
from tanyarb.core.datafiles import data_json
from tanyarb.core.textnorm import (
    YEAR,
    fold,
    lexical_tokens,
    looks_english,
    respell,
    to_indonesian,
    vocabulary,
)
from tanyarb.core.textnorm import words as words_of

if TYPE_CHECKING:
    from retriever.fields import Asked

ASIDE_WEIGHT = 0.3


@lru_cache(maxsize=1)
def question_patterns() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """(intents, legal facts): what a question asks, from ``retriever/data/intents.json``
    (word-bounded alternatives matched on the folded, respelled question), compiled once."""
    data = data_json("retriever", "intents.json")

    def compiled(section: str) -> dict[str, re.Pattern[str]]:
        return {
            # "periodenya", "targetnya": the enclitic -nya changes nothing asked.
            name: re.compile(r"\b(" + "|".join(_with_colloquial(alternatives)) + r")(?:nya)?\b")
            for name, alternatives in data[section].items()
        }

    return compiled("intents"), compiled("legal")


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    return frozenset(vocabulary()["date_words"])


def asks_date(text: str) -> bool:
    """Whether a question asks for a date ("tanggal", "tgl", "on what date"): words of
    ``date_words`` in ``vocabulary.json``."""
    return bool(set(words_of(fold(text))) & _date_words())


_AFFIXED_VERB = re.compile(r"\b((?:di|me)[a-z]{3,}?)(kan|i)\b")


def _with_colloquial(alternatives: list[str]) -> list[str]:
    """The alternatives and their chat forms: a verb's -kan or -i spoken as -in
    ("ditetapkan" -> "ditetapin", "ditandatangani" -> "ditandatanganin")."""
    out = list(alternatives)
    for alternative in alternatives:
        spoken = _AFFIXED_VERB.sub(lambda m: m.group(1) + "in", alternative)
        if spoken != alternative:
            out.append(spoken)
    return out


_REGULATION_REF = re.compile(
    r"\b(?:perwali|perbup|pergub|peraturan\s+(?:wali\s?kota|bupati|gubernur))"
    r"(?:\s+[A-Za-z]+){0,2}?\s*(?:no\.?|nomor)?\s*\d+\s*(?:/|tahun|th\.?)\s*(?:19|20)\d\d",
    re.I,
)
# Words that locate a question (where, which document) rather than say what it is about.
GENERIC_WORDS = frozenset(
    lexical_tokens(
        "kota kabupaten pemerintah daerah reformasi birokrasi road map rb peraturan walikota bupati "
        "perwali perbup nomor tahun menurut dokumen siapa berapa kapan pd opd mana apa saja "
        "penanggung jawab bertanggung wilayah region regions make makes"
    )
)


@dataclass
class Query:
    text: str
    english: bool
    mentions: list[RegionMention]
    years: list[int]
    intents: set[str]
    legal: set[str]
    tokens: list[str]  # content tokens, region names and generic words removed
    all_tokens: list[str] = field(default_factory=list)
    # Tokens only in a remark beside the question ("... di Blora? sy baru ditunjuk jd agen").
    aside: frozenset[str] = frozenset()
    # Words naming an indicator ("Indeks RB" -> rb, reformasi, birokrasi).
    named: frozenset[str] = frozenset()
    # The words of the term a definition question asks about ("define bureaucratic reform"):
    # a defined term must be made of them. Empty when no such phrase is found.
    defining: frozenset[str] = frozenset()
    # The area of change the question is about, however it names it.
    area: str | None = None
    # The article the question names ("menurut Pasal 2", "under Article 3"), as "Pasal 2".
    article: str | None = None

    @property
    def term_words(self) -> frozenset[str]:
        """What a defined term is matched against: the asked phrase, else every word."""
        return self.defining or frozenset(self.all_tokens)

    def weight(self, token: str) -> float:
        """How much a content token says about what is asked: a remark's words count less."""
        return ASIDE_WEIGHT if token in self.aside else 1.0

    @cached_property
    def asked(self) -> Asked:
        """What the question asks for, typed once (see :mod:`retriever.fields`)."""
        from retriever.fields import asked  # fields builds on Query: imported when first used

        return asked(self)

    @property
    def regions(self) -> list[str]:
        return [m.region for m in self.mentions if m.region]

    @property
    def unknown_regions(self) -> list[str]:
        return [m.text for m in self.mentions if m.region is None]


def _indicator_names(text: str, english: bool) -> frozenset[str]:
    """Words that name an indicator ("Indeks RB", "e-government index score"): they stay
    content words even where they would otherwise only locate the question."""
    data = vocabulary()
    heads = "|".join(map(re.escape, data["indicator_heads"]))
    english_heads = "|".join(map(re.escape, data["indicator_heads_english"]))
    folded = fold(text)
    # The document's own name of an indicator ("Indeks RB") is used in English questions too.
    found = re.findall(rf"\b(?:{heads})\s+([\w-]+(?:\s+[\w-]+)?)", folded)
    if english:
        # English names the thing before its head ("merit-system index"), or after "of".
        found += re.findall(rf"((?:[\w-]+\s+)?[\w-]+)\s+(?:{english_heads})\b", folded)
        found += re.findall(rf"\b(?:{english_heads})\s+of\s+([\w-]+(?:\s+[\w-]+)?)", folded)
    every_head = set(data["indicator_heads"]) | set(data["indicator_heads_english"])
    named: set[str] = set()
    for phrase in found:
        # "nilai e-government pemkot pasuruan": the name ends where the region's starts.
        phrase = REGION_DESIGNATION.split(phrase, maxsplit=1)[0]
        words = [w for w in phrase.split() if w not in every_head]
        named.update(lexical_tokens(" ".join(words), english=english))
    return frozenset(named)


# The phrase a definition question asks about: after "define", "pengertian", "apa itu"...,
# up to where the question turns to its source ("menurut", "in", "?"); or before "itu apa".
_DEFINING = (
    re.compile(
        r"\b(?:define[sd]?|definition of|meaning of|what is meant by|means? by|pengertian|definisi|"
        r"didefinisikan|yang dimaksud dengan|apa yang dimaksud|apa itu|what does|what is an?|"
        r"singkatan|kepanjangan)\s+(.+?)(?=\s+(?:menurut|according|in|di|dalam|pada|mean|"
        r"means|stand|stands|adalah|itu)\b|[?(]|$)"
    ),
    re.compile(r"^(.+?)\s+itu\s+(?:apa|maksudnya|artinya|didefinisikan|diartikan)\b"),
)


# A quoted term ("mean by 'Reformasi Birokrasi'") is the term; an apostrophe inside a word
# ("Blora's") opens no quote.
_QUOTED = re.compile(
    r"(?:^|(?<=\s))['\"\u2018\u201c\u00ab]([^'\"\u2019\u201d\u00bb]{2,80})['\"\u2019\u201d\u00bb]"
)


def _defining_words(text: str, english: bool) -> frozenset[str]:
    quoted = _QUOTED.search(text)
    term = frozenset(lexical_tokens(quoted.group(1), english=english)) if quoted else None
    if term:
        return term
    folded = " ".join(respell(text).split())
    for pattern in _DEFINING:
        match = pattern.search(folded)
        words = frozenset(lexical_tokens(match.group(1), english=english)) if match else None
        if words:
            return words
    return frozenset()


_REGION_KINDS = frozenset(lexical_tokens("kota kabupaten provinsi daerah"))
_ARTICLE = re.compile(r"\b(?:pasal|article)\s+(\d{1,3})\b")


def _article(folded: str) -> str | None:
    match = _ARTICLE.search(folded)
    return f"Pasal {match.group(1)}" if match else None


def analyze(question: str, catalog: RegionCatalog) -> Query:
    """Everything the answerer needs to know about a question before searching."""
    english = looks_english(question)
    folded = " " + re.sub(r"\s+", " ", respell(question)) + " "
    mentions = catalog.detect(question)
    region_words = set()
    for region in catalog.regions:
        region_words.update(lexical_tokens(region))
    # "Perwali 97/2022" names the document, not what the question is about.
    about = _REGULATION_REF.sub(" ", question)
    all_tokens = lexical_tokens(about, english=english)
    named = _indicator_names(about, english)
    tokens = [
        t for t in all_tokens if t not in region_words and (t not in GENERIC_WORDS or t in named)
    ]
    intent_patterns, legal_patterns = question_patterns()
    intents = {name for name, pattern in intent_patterns.items() if pattern.search(folded)}
    legal = {name for name, pattern in legal_patterns.items() if pattern.search(folded)}
    if (
        legal & {"basis", "reason"}
        and "schedule" not in intents
        and not (set(words_of(folded)) & _date_words())
    ):
        # "ditetapkan untuk melaksanakan ketentuan apa?", "dasar ditetapkannya Perwali ini":
        # the enactment is the act whose basis is asked, not a date asked for.
        legal.discard("enacted")
    years = sorted({int(y) for y in YEAR.findall(about)})
    asked, _mark, remark = about.rpartition("?")
    aside = frozenset(lexical_tokens(remark, english=english)) - set(
        lexical_tokens(asked, english=english)
    )
    return Query(
        text=question,
        english=english,
        mentions=mentions,
        years=years,
        intents=intents,
        legal=legal,
        tokens=tokens,
        all_tokens=all_tokens,
        aside=aside if asked else frozenset(),
        named=frozenset(t for t in named if t not in region_words),
        # "define 'Pemerintah Kota'": a term may hold a kind of region, never a region's name.
        defining=_defining_words(about, english) - (region_words - _REGION_KINDS),
        area=asked_area(question, to_indonesian(question) if english else ""),
        article=_article(folded),
    )
