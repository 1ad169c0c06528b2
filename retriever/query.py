"""Query understanding: intent, years, language, regions and weighted content tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from retriever.regions import RegionCatalog, RegionMention
from tanyarb.core.textnorm import YEAR, fold, lexical_tokens, looks_english, respell, vocabulary

if TYPE_CHECKING:
    from retriever.fields import Asked

ASIDE_WEIGHT = 0.3
_INTENTS: dict[str, re.Pattern[str]] = {
    "responsible": re.compile(
        r"\b(siapa|responsible|penanggung\s*jawab|penangung|tanggung\s*jawab|bertanggung|pengampu|"
        r"koordinator|dikoordinasikan|who|agency|in charge|leads?|dikerjakan|ngurus|ngurusin|"
        r"ngurusi|mengurusi|"
        r"mengurus|pegang|memegang|melaksanakan|pelaksana|leading sector|"
        # "PD" names the answer only when the question asks which one: "OPD mana", "PD apa".
        r"(?:pd|opd|skpd|instansi|unit kerja|dinas|badan)\s+(?:mana|apa)|"
        r"(?:mana|apa)\s+(?:saja\s+)?(?:pd|opd|skpd|instansi|unit kerja))\b"
    ),
    "schedule": re.compile(
        r"\b(kapan|tahun berapa|thn berapa|when|which year|what year|jadwal|dijadwalkan|"
        r"scheduled|seberapa sering|how often|rencana pelaksanaan|dilakukan tiap)\b"
    ),
    "target": re.compile(
        r"\b(target|targets|targetnya|berapa|brp|how many|how much|nilai|capaian|baseline|level|"
        r"indeks|persen|persentase|angka|score|aim|aims|aiming|goal|reach|how high|skor|percent|"
        r"percentage|share of|proportion)\b"
    ),
    "list": re.compile(
        r"\b(apa saja|apa aja|mana saja|mana aja|siapa saja|siapa aja|sebutkan|list|what are|"
        r"which units|tugas|daftar|makes? up|made up|consists? of|terdiri|members?|anggota|apa2|sits? on|"
        r"susunan|composition|composed|duduk di|indicators|indikator2|yardsticks|"
        # "which three areas", "apa lima nilai": a number of things asked for.
        r"(?:which|what|apa|sebutkan)\s+(?:the\s+)?(?:two|three|four|five|six|seven|eight|dua|"
        r"tiga|empat|lima|enam|tujuh|delapan|[2-9]))\b"
    ),
    "definition": re.compile(
        r"\b(apa yang dimaksud|yang dimaksud dengan|definisi|didefinisikan|pengertian|what is meant|"
        r"define|defined as)\b"
    ),
    "name": re.compile(r"\b(nama|name of|named)\b"),
    "indicator": re.compile(
        r"\b(indikator|indikatornya|ukuran keberhasilan|indicators?|diukur|mengukur|measured|"
        r"measures?|yardsticks?|gauged?)\b"
    ),
    "frequency": re.compile(
        r"\b(seberapa sering|berapa kali|how often|how frequently|frekuensi|tiap berapa|"
        r"setiap berapa)\b"
    ),
    # What several regions share.
    "common": re.compile(
        r"\b(sama-sama|sama sama|yang sama|keduanya|in common|both|alike|shared by)\b"
    ),
    # Which units or programmes were chosen for something (the answer is a list of them).
    "designation": re.compile(
        r"\b(ditetapkan (?:sebagai|untuk|menjadi)|ditentukan (?:sebagai|untuk|menjadi)|dijadikan|"
        r"dipilih (?:sebagai|menjadi)|jadi lokus|menjadi lokus|lokus|locus|designated|chosen as)\b"
    ),
}
_LEGAL: dict[str, re.Pattern[str]] = {
    "enacted": re.compile(
        r"\b(ditetapkan|diundangkan|mengundangkan|disahkan|ditandatangani|signed|enacted|"
        r"promulgated|promulgate|tanggal berapa|tanggal penetapan|tgl berapa|tgl brp)\b"
    ),
    "signatory": re.compile(
        r"\b(menandatangani|yang menandatangani|signed by|who signed|penandatangan|kepala daerah|"
        r"teken|neken|tanda tangan|ttd|signed it|signatory)\b"
    ),
    "effective": re.compile(
        r"\b(mulai berlaku|berlaku sejak|berlaku mulai|takes? effect|comes? into force|"
        r"in force from|effective from|when is it effective)\b"
    ),
    # The regulation's own number, year and title.
    "identity": re.compile(
        r"\b(nomor berapa|nomor dan tahun|nomor & tahun|what number|which number|judul(?:nya)?|"
        r"the number of (?:[\w']+ ){0,5}?(?:regulation|perwali|perbup|pergub)|nomor(?:nya)? "
        r"(?:perwali|perbup|pergub)|"
        r"the title|tentang apa|nama peraturan(?:nya)?|what is it called)\b"
    ),
    # Which Pasal of the regulation says something.
    "article": re.compile(
        r"\b(pasal berapa|pasal apa|pasal mana|pasal yang mana|which article|what article|"
        r"which pasal|which section of the regulation|diatur (?:dalam|di) pasal)\b"
    ),
    "promulgator": re.compile(
        r"\b(yang mengundangkan|sekda|sekretaris daerah yang|promulgated (?:it|by)|"
        r"who promulgated|countersigned)\b"
    ),
    "amends": re.compile(
        r"\b(mengubah|merubah|perubahan atas|perubahan dari|amend|amends|amended|diubah|originally|"
        r"semula)\b"
    ),
    # The regulations a document rests on or carries out (its Menimbang and Mengingat).
    "basis": re.compile(
        r"\b(dasar hukum|landasan hukum|legal basis|konsiderans|mengingat|menimbang|merujuk|"
        r"mengacu|rujukan|melaksanakan ketentuan|ngejalanin|menjalankan|implements?|"
        r"carry out|carries out|refers? to|which (?:law|regulation|ministerial))\b"
    ),
    "revokes": re.compile(
        r"\b(mencabut|dicabut|revoke[sd]?|repeal(?:s|ed)?|menggantikan|replace[sd]?|"
        r"(?:no longer|stops? being|still) in force|tidak berlaku(?: lagi)?|masih berlaku)\b"
    ),
    "period": re.compile(
        r"\b(periode|period|jangka waktu|berakhir|berakhirnya|ends?|cover|covers|berlaku sampai|"
        r"sampai tahun|kurun|how long|berapa lama|run from|runs? (?:from|until|to)|"
        r"berlaku (?:dari|untuk))\b"
    ),
}
_REGULATION_REF = re.compile(
    r"\b(?:perwali|perbup|pergub|peraturan\s+(?:wali\s?kota|bupati|gubernur))"
    r"(?:\s+[A-Za-z]+){0,2}?\s*(?:no\.?|nomor)?\s*\d+\s*(?:/|tahun|th\.?)\s*(?:19|20)\d\d",
    re.I,
)
# Words that locate a question (where, which document) rather than say what it is about.
_GENERIC = frozenset(
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
    if english:
        # English names the thing before its head ("merit-system index"), or after "of".
        found = re.findall(rf"((?:[\w-]+\s+)?[\w-]+)\s+(?:{english_heads})\b", folded)
        found += re.findall(rf"\b(?:{english_heads})\s+of\s+([\w-]+(?:\s+[\w-]+)?)", folded)
    else:
        found = re.findall(rf"\b(?:{heads})\s+([\w-]+(?:\s+[\w-]+)?)", folded)
    every_head = set(data["indicator_heads"]) | set(data["indicator_heads_english"])
    named: set[str] = set()
    for phrase in found:
        words = [w for w in phrase.split() if w not in every_head]
        named.update(lexical_tokens(" ".join(words), english=english))
    return frozenset(named)


# The phrase a definition question asks about: after "define", "pengertian", "apa itu"...,
# up to where the question turns to its source ("menurut", "in", "?"); or before "itu apa".
_DEFINING = (
    re.compile(
        r"\b(?:define[sd]?|definition of|meaning of|what is meant by|pengertian|definisi|"
        r"didefinisikan|yang dimaksud dengan|apa yang dimaksud|apa itu|what does|what is an?|"
        r"singkatan|kepanjangan)\s+(.+?)(?=\s+(?:menurut|according|in|di|dalam|pada|mean|"
        r"means|stand|stands|adalah|itu)\b|[?(]|$)"
    ),
    re.compile(r"^(.+?)\s+itu\s+(?:apa|maksudnya|artinya|didefinisikan|diartikan)\b"),
)


def _defining_words(text: str, english: bool) -> frozenset[str]:
    folded = " ".join(respell(text).split())
    for pattern in _DEFINING:
        match = pattern.search(folded)
        words = frozenset(lexical_tokens(match.group(1), english=english)) if match else None
        if words:
            return words
    return frozenset()


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
    tokens = [t for t in all_tokens if t not in region_words and (t not in _GENERIC or t in named)]
    intents = {name for name, pattern in _INTENTS.items() if pattern.search(folded)}
    legal = {name for name, pattern in _LEGAL.items() if pattern.search(folded)}
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
        defining=_defining_words(about, english) - region_words,
    )
