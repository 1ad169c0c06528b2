"""The evidence-unit strategy: rank every unit of a region with the fitted scorer, check that the
best one holds what the question asks for, and answer from it (or say what is there instead)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from retriever.adapter import QueryAdapter
from retriever.fields import Asked, AskedField
from retriever.query import Query, asks_date
from retriever.scorer import (
    Scorer,
    asks_legal_basis,
    asks_role,
    candidates,
    defined_term,
    holds_field,
    holds_role,
    in_preamble,
    unit_area,
)
from retriever.unit_index import UnitIndex
from retriever.wording import SENTENCE_END, relevant_part, shorten_tail
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.areas import area_in, strip_marker
from tanyarb.core.evidence import Idf
from tanyarb.core.evidence_units import (
    EvidenceUnit,
    UnitKind,
    defined_terms,
    defining_clause,
    indicator_of,
    is_formal_definition,
    team_roles,
    year_values,
)
from tanyarb.core.measures import measures_named
from tanyarb.core.models import Citation, Record
from tanyarb.core.textnorm import (
    YEAR,
    acronyms,
    fold,
    lexical_tokens,
    respell,
    to_indonesian,
    vocabulary,
    vocabulary_tokens,
)
from tanyarb.core.textnorm import words as words_of
from tanyarb.core.units import describe_unit

QUOTE_CHARS = 260
# How a quoted passage is introduced (Indonesian, English); a second passage drops it.
QUOTE_LEAD = ("Menurut dokumen: ", "The document says: ")


@dataclass(frozen=True)
class UnitOutcome:
    """What the strategy found: an answer (``text``) or, when ``text`` is empty, a reason to
    abstain (``reason``); ``probability`` is the scorer's confidence in ``best``."""

    text: str
    citations: list[Citation]
    probability: float
    best: EvidenceUnit | None
    value: str = ""
    reason: str = ""
    units: tuple[str, ...] = ()

    @property
    def answered(self) -> bool:
        return bool(self.text)


def cite(unit: EvidenceUnit) -> list[Citation]:
    """The unit's own lines, plus the line of an inherited unit or a list's lead-in."""
    out = [
        Citation(
            unit.document,
            unit.region,
            unit.section,
            unit.line_start,
            unit.line_end,
            unit.page,
            _short(unit.text, 300),
        )
    ]
    for line in unit.extra_lines:
        out.append(Citation(unit.document, unit.region, unit.section, line, line, unit.page, ""))
    return out


def _subject(unit: EvidenceUnit) -> str:
    record = unit.record
    if record is None:
        return _short(unit.text, 160)
    return _short(record.subject(), 160)


def _focus(text: str, query: Query, asked: Asked) -> str:
    """A long passage quoted from the sentence that says most of what is asked (for a
    frequency: the sentence that gives one; for a figure: a sentence that states one), so
    the fact is not cut off."""
    if len(text) <= QUOTE_CHARS:
        return text
    sentences = SENTENCE_END.split(text)
    wanted = set(query.tokens)
    frequency = vocabulary()["frequency_words"] if asked.field is AskedField.FREQUENCY else []

    def weight(sentence: str) -> int:
        low = sentence.lower()
        return 3 * sum(w in low for w in frequency) + len(wanted & set(lexical_tokens(sentence)))

    candidates = list(range(len(sentences)))
    if asked.wants_figure:
        # A figure is asked: of the sentences that state one, the one saying most of it.
        stating = [i for i in candidates if _FIGURE.search(sentences[i])]
        candidates = stating or candidates
    best = max(candidates, key=lambda i: weight(sentences[i]))
    return " ".join(sentences[best:]) if best else text


# A figure a sentence states: a decimal, a percentage or a number that is no year.
_FIGURE = re.compile(r"\b\d+[.,]\d+\b|\b\d+\s?%|\b(?!(?:19|20)\d\d\b)\d+\b")


def _with_years(query: Query, name: str, unit: EvidenceUnit) -> str:
    """An indicator's name, with its values for the asked years ("... and what is its 2026
    target") when the question names years."""
    values = year_values(unit)
    asked = ", ".join(f"{y}: {values[y]}" for y in query.years if y in values)
    return f"{_short(name, 160)} ({asked})" if asked else _short(name, 160)


def _team_fact(query: Query, unit: EvidenceUnit) -> tuple[str, str]:
    """A team row as who holds which role: "«TIM EVALUASI» — Ketua: Inspektur; Anggota:
    Irban wilayah I, ..." (the role cell's roles in order; its office cell's holders)."""
    team, roles = team_roles((unit.record.activity or "") if unit.record else "")
    name = team or _short(unit.context.rsplit(" > ", 1)[-1], 100)
    lead = ", ".join(describe_unit(u, query.english) for u in unit.lead)
    first = roles[0] if roles else _t(query, "Pemegang", "Holder")
    text = f"«{name}» — {first}: {lead}" if name else f"{first}: {lead}"
    if unit.support:
        members = ", ".join(describe_unit(u, query.english) for u in unit.support)
        last = roles[-1] if len(roles) > 1 else _t(query, "Anggota", "Members")
        text += f"; {last}: {members}"
    return text + ".", lead


def fact(query: Query, asked: Asked, unit: EvidenceUnit) -> tuple[str, str]:
    """(sentence, bare value) answering ``asked`` from ``unit``, fact first."""
    subject = _subject(unit)
    area = unit.record.area if unit.record and unit.record.area else ""
    if (
        unit.kind is UnitKind.TEAM
        and unit.lead
        and asked.field in (AskedField.UNIT, AskedField.FACT)
    ):
        return _team_fact(query, unit)
    if asked.field is AskedField.UNIT and unit.lead:
        lead = ", ".join(describe_unit(u, query.english) for u in unit.lead)
        support = ", ".join(describe_unit(u, query.english) for u in unit.support)
        where = f" (area {area})" if area else ""
        text = _t(
            query,
            f"{lead} bertanggung jawab atas «{subject}»{where}.",
            f"{lead} is responsible for «{subject}»{where}.",
        )
        if support:
            text += _t(query, f" Didukung oleh {support}.", f" Supported by {support}.")
        return text, lead
    values = year_values(unit)
    if asked.field in (AskedField.VALUE, AskedField.INDICATOR) and values:
        shown = [(y, values[y]) for y in query.years if y in values] or sorted(values.items())
        listed = ", ".join(f"{y}: {v}" for y, v in shown)
        indicator = _short(unit.indicator or subject, 160)
        baseline = ""
        if unit.record and unit.record.baseline:
            year = f" {unit.record.baseline_year}" if unit.record.baseline_year else ""
            baseline = _t(
                query,
                f" Data awal{year}: {unit.record.baseline}.",
                f" Baseline{year}: {unit.record.baseline}.",
            )
        if asked.field is AskedField.INDICATOR:
            return (
                _t(
                    query,
                    f"Indikator: {indicator} ({listed}).",
                    f"Indicator: {indicator} ({listed}).",
                ),
                indicator,
            )
        return (
            _t(query, f"Target {indicator}: {listed}.", f"Target for {indicator}: {listed}.")
            + baseline,
            listed,
        )
    named_indicator = indicator_of(unit)
    if asked.field is AskedField.INDICATOR and named_indicator:
        indicator = _short(named_indicator, 200)
        return (
            _t(
                query,
                f"Indikator untuk «{subject}»: {indicator}.",
                f"Indicator for «{subject}»: {indicator}.",
            ),
            indicator,
        )
    if asked.field is AskedField.YEARS and unit.years:
        years = ", ".join(map(str, unit.years))
        return (
            _t(
                query,
                f"«{subject}» dijadwalkan pada tahun {years}.",
                f"«{subject}» is scheduled for {years}.",
            ),
            years,
        )
    if asked.field is AskedField.DEFINITION and unit.kind is UnitKind.DEFINITION:
        # The definition itself, from its term on, whole ("Berdasarkan Perpres ..., yang
        # dimaksud dengan X adalah ..." is quoted from "X").
        meant = defining_clause(unit.text)
        return (
            _t(
                query,
                f"{QUOTE_LEAD[0]}«{_short(meant, 2 * QUOTE_CHARS)}»",
                f"{QUOTE_LEAD[1]}«{_short(meant, 2 * QUOTE_CHARS)}»",
            ),
            meant,
        )
    quote = _short(_focus(unit.text, query, asked), QUOTE_CHARS)
    value = quote
    if asked.field is AskedField.FREQUENCY:
        # The bare value is the words around the stated frequency ("… dilakukan dalam rentang
        # waktu setahun"), which a comparison's cell would otherwise cut off.
        value = stated_frequency(unit.text) or quote
    if unit.kind is UnitKind.ITEM and unit.record and unit.record.table:
        quote = f"{shorten_tail(unit.record.table, 160)} … {quote}"
    if unit.lead and asked.field is not AskedField.UNIT:
        quote += _t(
            query,
            f" (penanggung jawab: {', '.join(unit.lead)})",
            f" (responsible: {', '.join(unit.lead)})",
        )
    return _t(query, f"{QUOTE_LEAD[0]}«{quote}»", f"{QUOTE_LEAD[1]}«{quote}»"), value


def _as_second(sentence: str) -> str:
    """A second passage's sentence without the "Menurut dokumen:" its quote opens with: the
    answer has said it once ("... Bagian lain dokumen: «...»")."""
    for lead in QUOTE_LEAD:
        sentence = sentence.removeprefix(lead)
    return sentence


FREQUENCY_WINDOW = 70  # characters before a stated frequency kept as its context


def stated_frequency(text: str) -> str | None:
    """The words leading up to the first frequency a text states ("…wajib melakukan evaluasi
    setiap enam bulan sekali"), or None when it states none."""
    text = " ".join(text.split())
    low = text.lower()
    found = [(low.find(w), w) for w in vocabulary()["frequency_words"] if w in low]
    if not found:
        return None
    position, word = min(found)
    start = max(0, position - FREQUENCY_WINDOW)
    if start:
        start = low.find(" ", start) + 1
    end = position + len(word)
    # The rest of the clause, which may state a second period ("... secara tribulan dan
    # evaluasi akan dilakukan secara tahunan"), cut at a word.
    more = re.match(r"[^.;:]{0,60}(?=[\s.;:]|$)", text[end:])
    end += more.end() if more else 0
    clipped = text[start:end].strip(" ,").lstrip("…-• ")
    return ("…" if start else "") + clipped + ("…" if end < len(text.rstrip(" .;")) else "")


def _definitions_first(
    query: Query, ranked: list[tuple[float, EvidenceUnit]]
) -> list[tuple[float, EvidenceUnit]]:
    """For "what is X": the definition whose whole term the question names comes first: the
    most specific term (most words) before a shorter one, the regulation's body before its
    appendix, a formal definition ("X adalah") before a description ("X merupakan")."""
    asked = query.term_words

    def named_words(unit: EvidenceUnit) -> int:
        sizes = [
            len(words)
            for words in (set(lexical_tokens(t)) for t in defined_terms(unit.text))
            if words and words <= asked
        ]
        return max(sizes, default=0)

    named = [(p, u) for p, u in ranked if u.kind is UnitKind.DEFINITION and named_words(u)]
    if not named:
        return ranked

    def specificity(item: tuple[float, EvidenceUnit]) -> tuple[int, bool, bool, float]:
        unit = item[1]
        in_body = not unit.section.lower().startswith("lampiran")
        return (named_words(unit), in_body, is_formal_definition(unit.text), item[0])

    best = max(named, key=specificity)
    return [best, *(item for item in ranked if item is not best)]


_PASAL = re.compile(r"\bPasal\s+\d+[A-Z]?\b")
_ORDINAL = re.compile(r"\b(?:angka|butir|poin|point|item|nomor urut|number)\s+(\d{1,2})\b")
_ITEM_NUMBER = re.compile(r"^(?:-\s*)?(?:(?:menimbang|mengingat)\s*:\s*)?(\d{1,2})[.)]", re.I)


def _preamble_first(
    query: Query, ranked: list[tuple[float, EvidenceUnit]]
) -> list[tuple[float, EvidenceUnit]]:
    """For "which regulation does it rest on / carry out": the Menimbang and Mengingat clauses
    come first, in the scorer's order, and the numbered one the question names ("Mengingat
    angka 1") before the rest."""
    preamble = [item for item in ranked if in_preamble(item[1])]
    if not preamble:
        return ranked
    wanted = _ORDINAL.search(respell(query.text))
    if wanted:
        numbered = [
            item
            for item in preamble
            if (m := _ITEM_NUMBER.match(item[1].text.strip())) and m.group(1) == wanted.group(1)
        ]
        preamble = numbered + [item for item in preamble if item not in numbered]
    # "b. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan
    # ...": the clause it builds on says why; it comes first, the referring one after it.
    referred = _REFERS_TO_CLAUSE.search(preamble[0][1].text)
    if referred:
        letter = referred.group(1)
        cited = [
            item
            for item in preamble[1:]
            if (m := _CLAUSE_LETTER.search(item[1].text))
            and m.group(1) == letter
            and item[1].document == preamble[0][1].document
        ]
        if cited:
            preamble = [cited[0], *(item for item in preamble if item is not cited[0])]
    return preamble + [item for item in ranked if item not in preamble]


_REFERS_TO_CLAUSE = re.compile(r"sebagaimana dimaksud (?:dalam|pada) huruf ([a-z])\b", re.I)
_CLAUSE_LETTER = re.compile(r"(?:^|[:\s-])([a-z])\.\s+bahwa\b")


def _led_entries(lead: EvidenceUnit, units: list[EvidenceUnit]) -> list[EvidenceUnit]:
    """The entries of the list the sentence ``lead`` leads in, in document order (none unless
    there are two or more)."""
    entries = [
        u
        for u in units
        if u.kind is UnitKind.ITEM
        and u.record is not None
        and u.document == lead.document
        and u.record.list_line in lead.lines
    ]
    entries.sort(key=lambda u: u.line_start)
    return entries[:MAX_LISTED] if len(entries) > 1 else []


# A structural heading alone ("Pasal 2", "BAB III", "MEMUTUSKAN:") states nothing.
_BARE_HEADING = re.compile(
    r"(?:BAB\s+[IVXL]+|Pasal\s+\d+[A-Z]?|TENTANG|MEMUTUSKAN\s*:?|Menetapkan\s*:?)", re.I
)


def leads_in(unit: EvidenceUnit) -> bool:
    """A sentence that ends where its list begins ("Sasaran Road Map RB ..., yaitu:"): it
    answers nothing without its entries."""
    return unit.kind is UnitKind.SENTENCE and unit.text.rstrip().endswith(":")


def _table_mates(unit: EvidenceUnit, units: list[EvidenceUnit]) -> list[EvidenceUnit]:
    """The record units of ``unit``'s table (same document, same table), in line order."""
    assert unit.record is not None
    table = unit.record.table
    mates = [
        u
        for u in units
        if u.record is not None and u.document == unit.document and u.record.table == table
    ]
    return sorted(mates, key=lambda u: u.line_start)


def _same_acronyms(first: str, second: str) -> bool:
    """Whether each acronym one name holds is in the other, as itself or mostly spelled out:
    "Indeks SPBE" is not "Indeks Sistem Merit", though SPBE's expansion shares "sistem"."""
    known = acronyms()
    words = (set(words_of(first)), set(words_of(second)))
    tokens = (set(lexical_tokens(first)), set(lexical_tokens(second)))
    for mine, theirs in ((0, 1), (1, 0)):
        for acronym in words[mine] & known.keys():
            expansion = set(lexical_tokens(known[acronym])) - {acronym}
            held = tokens[theirs]
            if acronym not in held and len(expansion & held) * 2 <= len(expansion):
                return False
    return True


def names_indicator(query: Query, unit: EvidenceUnit) -> bool:
    """Whether the unit names the indicator the question names: more than half the question's
    name words in the unit's indicator cell, or its text when it has none ("archive-management
    index" is "Indeks Kearsipan"; "Indeks RB" is not "Indeks Profesionalitas ASN" of a
    Birokrasi row), or every word of the cell's own name in the question's ("Indeks
    e-government Nasional" for "national e-government index", whose English words the
    glossary widens into many)."""
    held = set(lexical_tokens(unit.indicator or unit.text))
    found = sum(_held(word, held) for word in query.named)
    # Of a two-word name ("Indeks RB" -> reformasi, birokrasi) both words: "Indeks Reformasi
    # Hukum" does not name the RB index.
    if found * 2 > len(query.named):
        return True
    if not unit.indicator:
        return False
    own = set(lexical_tokens(unit.indicator)) - vocabulary_tokens("measure_words")
    return len(own) >= 2 and all(_held(word, query.named) for word in own)


_STEM = 8  # letters two spellings of one word share ("profesional", "profesionalitas")


def _held(word: str, held: AbstractSet[str]) -> bool:
    """``word`` is in ``held``, or a word sharing its long stem ("profesionalitas" is
    "profesional")."""
    return word in held or (
        len(word) >= _STEM and any(h[:_STEM] == word[:_STEM] for h in held if len(h) >= _STEM)
    )


def uncovered_terms(
    query: Query, unit: EvidenceUnit, mates: Sequence[EvidenceUnit] = ()
) -> list[str]:
    """Acronyms the question names (IKM, SAKIP, IPAK...) that the unit and its headings do not
    (nor its ``mates``, the other entries of a list asked for whole): the unit is about
    something else, however close its numbers are."""
    # Only acronyms the user wrote: the English glossary's expansions ("e-government" ->
    # SPBE) name no subject of their own, nor do the words an acronym stands for ("barang
    # milik daerah" asks about the region's assets, not about a passage that prints "BMD").
    typed = set(words_of(respell(query.text)))
    typed |= {word[:-1] for word in typed if word.endswith("s")}  # "PDs", "OPDs"
    named = [t for t in dict.fromkeys(query.tokens) if t in acronyms() and t in typed]
    if not named:
        return []
    held = set(lexical_tokens(" ".join([unit.context, unit.text, *(m.text for m in mates)])))
    held |= {part for token in held if "-" in token for part in token.split("-")}  # e-sakip

    def covered(acronym: str) -> bool:
        # "IKM" is covered by "Survei Kepuasan Masyarakat": most of its expansion is there.
        expansion = set(lexical_tokens(acronyms()[acronym])) - {acronym}
        return acronym in held or sum(_held(w, held) for w in expansion) * 2 > len(expansion)

    return [t for t in named if not covered(t)]


def _missing(
    query: Query, asked: Asked, unit: EvidenceUnit, mates: Sequence[EvidenceUnit] = ()
) -> str | None:
    """Why ``unit`` does not answer the question although it is the nearest evidence
    (``mates``: the rest of the list it belongs to, when a list is asked)."""
    nearby = _short(unit.text, 160)
    if asked.rupiah and ("rp" not in unit.text.lower() or not _about_subject(query, unit)):
        budget = unit.record.budget if unit.record and unit.record.budget else ""
        held = f"; kolom Anggaran berisi «{budget}»" if budget else ""
        held_en = f"; the budget column says «{budget}»" if budget else ""
        return _t(
            query,
            f"Dokumen tidak menyebut anggaran dalam rupiah{held}.",
            f"The document gives no budget in rupiah{held_en}.",
        )
    if asked.person:
        return _t(
            query,
            "Dokumen tidak menyebut nama orangnya; yang disebut hanya jabatan atau unit kerjanya.",
            "The document does not name the person; it names only the office or unit.",
        )
    if asks_role(query) and not holds_role(unit):
        return _t(
            query,
            f"Dokumen tidak menyebut susunan tim itu (ketua dan anggotanya). Yang terdekat: "
            f"«{nearby}».",
            f"The document does not give that team's make-up (its chair and members). The "
            f"nearest passage: «{nearby}».",
        )
    if asked.count and (not unit.holds_number() or not _counts(unit, asked)):
        return _t(
            query,
            f"Dokumen tidak menyebut jumlahnya. Yang terdekat: «{nearby}».",
            f"The document does not give that number. The nearest passage: «{nearby}».",
        )
    if (
        asks_date(query.text)
        and asked.field is not AskedField.YEARS
        and not _DATED.search(unit.text)
    ):
        # A decree's date, the day a service opened: the documents cite most acts by number
        # (a schedule's "target date" is a year, which the plan rows give).
        return _t(
            query,
            f"Dokumen tidak menyebut tanggalnya. Yang terdekat: «{nearby}».",
            f"The document does not give that date. The nearest passage: «{nearby}».",
        )
    if (
        asked.wants_figure
        and set(words_of(query.text)) & _percent_words()
        and not _PERCENT.search(f"{unit.indicator or ''} {unit.text}")
    ):
        # "what percentage of archive systems are integrated" met by an index's value.
        return _t(
            query,
            f"Dokumen tidak menyebut persentasenya. Yang terdekat: «{nearby}».",
            f"The document gives no percentage for that. The nearest passage: «{nearby}».",
        )
    # A measure the question names and the unit does not ("target Indeks RB 2026" met by the
    # Indeks Profesionalitas ASN row), else an acronym it does not hold.
    held = " ".join([unit.context, unit.text, *(m.text for m in mates)])
    wanted, in_unit = measures_named(query.text), measures_named(held)
    # Another measure named, or none and not the asked one's words either.
    other = bool(wanted) and not wanted & in_unit and bool(in_unit or not _words_held(wanted, held))
    absent = sorted(wanted) if other else [a.upper() for a in uncovered_terms(query, unit, mates)]
    if absent:
        listed = ", ".join(absent)
        return _t(
            query,
            f"Dokumen tidak memuat {listed} untuk itu. Yang terdekat: «{nearby}».",
            f"The document says nothing on {listed} for that. The nearest passage: «{nearby}».",
        )
    if query.years and (asked.needs_number or (asked.amount and asked.field is AskedField.FACT)):
        # A target or a count for a year the row leaves empty is not in the document; nor is
        # one for a year a passage without yearly values does not name.
        values = year_values(unit)
        if not values and not _names_year(unit, query.years):
            asked_years = ", ".join(map(str, query.years))
            return _t(
                query,
                f"Dokumen tidak menyebut angka untuk tahun {asked_years}. Yang terdekat: "
                f"«{nearby}».",
                f"The document gives no figure for {asked_years}. The nearest passage: «{nearby}».",
            )
        if values and not any(y in values for y in query.years):
            given = ", ".join(map(str, sorted(values)))
            asked_years = ", ".join(map(str, query.years))
            return _t(
                query,
                f"Dokumen tidak memuat target tahun {asked_years} untuk «{_subject(unit)}»; "
                f"targetnya disebut untuk tahun {given}.",
                f"The document sets no {asked_years} target for «{_subject(unit)}»; it gives "
                f"targets for {given}.",
            )
    return None


# "12 Januari 2023", "12-01-2023", "12/1/23": a date as the documents print one.
_DATED = re.compile(
    r"\b\d{1,2}\s+[A-Za-z]{3,9}\s+(?:19|20)\d\d\b|\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d\b"
)


def _about_subject(query: Query, unit: EvidenceUnit) -> bool:
    """Whether the unit is about what the question names, budget words aside: a rupiah sum
    of another programme is no answer ("anggaran SIAP BOSS" is not the poverty budget)."""
    budget = vocabulary_tokens("budget_words")
    subject = {t for t in query.tokens if t not in budget}
    if not subject:
        return True
    held = set(lexical_tokens(f"{unit.context} {unit.text}"))
    return len(subject & held) * 2 > len(subject)


_PERCENT = re.compile(r"%|\bp[er]r?[eo]?sen|\bpercent|\bproporsi|\brasio", re.I)


@lru_cache(maxsize=1)
def _percent_words() -> frozenset[str]:
    return frozenset(vocabulary()["percent_words"])


def _names_measure(unit: EvidenceUnit, measures: AbstractSet[str]) -> bool:
    """Whether the unit (with its heading) names one of ``measures``."""
    return bool(measures & measures_named(f"{unit.context} {unit.text}"))


def _words_held(measures: AbstractSet[str], text: str) -> bool:
    """Whether ``text`` holds most words of one of ``measures``' names."""
    own = set(lexical_tokens(text))
    for measure in measures:
        name = set(lexical_tokens(measure)) - vocabulary_tokens("measure_words")
        if name and sum(_held(w, own) for w in name) * 2 > len(name):
            return True
    return False


def _names_year(unit: EvidenceUnit, years: Sequence[int]) -> bool:
    """Whether the unit gives a value for one of ``years``: in its year cells, or, when it
    has none, by naming the year ("Tahun: 2020; Nilai Indeks RB: 67,17")."""
    values = year_values(unit)
    if values or unit.kind is UnitKind.ACTION:
        return any(y in values for y in years)
    return any(str(y) in unit.text for y in years)


def _counts(unit: EvidenceUnit, asked: Asked) -> bool:
    """Whether ``unit`` speaks of what the question counts ("jumlah ASN": the unit must name
    ASN; a percentage of employees or an index is no head count)."""
    own = set(lexical_tokens(unit.text))
    # Half the counted words: "civil-servant misconduct cases" counts cases of misconduct,
    # which a row on "Pelanggaran Disiplin" names without naming civil servants.
    held = [any(_held(word, own) for word in alternatives) for alternatives in asked.counted]
    if sum(held) * 2 < len(held):
        return False
    # A count is stated as one ("Jumlah Agen Perubahan", "68 orang", "41 PD"), not as an
    # index or a percentage that happens to name the same people.
    if own & vocabulary_tokens("count_words"):
        return True
    if _whole_number_series(unit, own):
        return True
    first = asked.counted[0] if asked.counted else ()
    folded = fold(unit.text)
    return any(re.search(rf"\d\s+{re.escape(word)}", folded) for word in first)


def _whole_number_series(unit: EvidenceUnit, own: set[str]) -> bool:
    """A row of whole numbers by year that is no index, score or share, by its text or its
    indicator ("Penyelesaian Pelanggaran Disiplin; TAHUN 2020: 16; TAHUN 2021: 16"): a count
    kept year by year."""
    values = year_values(unit)
    named = own | set(lexical_tokens(unit.indicator or ""))
    if not values or named & vocabulary_tokens("measure_words") or "%" in unit.text:
        return False
    return all(_WHOLE_NUMBER.fullmatch(value.strip()) for value in values.values())


_WHOLE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*")


def _next_period(asked: Asked, best: EvidenceUnit, other: EvidenceUnit, accepted: bool) -> bool:
    """A frequency stated in the bullet next to the best one ("monev area perubahan:
    triwulan atau semester" above "monev secara keseluruhan: setiap satu tahun"): monitoring
    and evaluation of several scopes each have their period, and both answer."""
    return (
        accepted
        and asked.field is AskedField.FREQUENCY
        and other.document == best.document
        and abs(other.line_start - best.line_start) <= _NEIGHBOUR_LINES
    )


_NEIGHBOUR_LINES = 2


def _row_years(record: Record) -> list[int]:
    """The years a table entry's cells are (a "Tahun" column), not years its text mentions."""
    return [int(value) for _header, value in record.fields if YEAR.fullmatch(value.strip())]


# "1. Nilai SAKIP 2. Indeks Perencanaan": several indicators in one cell.
_INDICATOR_SPLIT = re.compile(r"(?:^|\s)\d{1,2}[.)]\s+|;\s*")
_NUMBER_HEADER = re.compile(r"(?i)no\.?|n|nomor|#")
LISTED_KINDS = frozenset({UnitKind.TARGET, UnitKind.ITEM, UnitKind.QUICK_WIN, UnitKind.TEAM})
MAX_LISTED = 15


def _entry(query: Query, unit: EvidenceUnit) -> str:
    """One line of a listed answer: the entry and the values it holds."""
    record = unit.record
    if record is None:
        return relevant_part(query, unit.text)
    if unit.kind is UnitKind.ITEM and len(record.fields) > 1:
        return _short(unit.text, 200)  # a plain-table row: every cell
    if unit.kind is UnitKind.QUICK_WIN and len(record.fields) > 2:
        # "MANDATORY | Penyederhanaan Birokrasi | 2021": the category, the programme, the year.
        cells = [v for h, v in record.fields if v and not _NUMBER_HEADER.fullmatch(h.strip())]
        return _short(" — ".join(cells), 200)
    name = relevant_part(
        query, strip_marker(record.indicator or record.activity or record.subject())
    )
    values = year_values(unit)
    extra = ", ".join(f"{y}: {v}" for y, v in sorted(values.items()))
    if not extra and record.years:
        extra = ", ".join(map(str, record.years))
    if record.lead and unit.kind is not UnitKind.ITEM:
        extra = "; ".join(p for p in (extra, ", ".join(record.lead)) if p)
    return f"{name} ({extra})" if extra else name


@dataclass
class UnitStrategy:
    """Answers a single-region question from its best evidence unit."""

    index: UnitIndex
    scorer: Scorer
    idf: Idf
    vector: Callable[[str], np.ndarray]  # the query embedder (cached per text)
    # The fitted map of question vectors towards evidence (identity for another embedder).
    adapter: QueryAdapter = field(default_factory=QueryAdapter.identity)
    # Below this probability of its best unit the strategy abstains (fitted end to end on
    # train with the other thresholds: retriever/data/thresholds.json).
    min_probability: float = 0.15
    # A second unit is shown beside the best one when the scorer rates it nearly as high (a
    # share of the best's probability, fitted with the thresholds): two rows the scorer cannot
    # tell apart are both shown, and documents that contradict themselves show both values.
    runner_up_share: float = 0.85

    def query_vectors(self, query: Query) -> tuple[np.ndarray, np.ndarray | None]:
        """The question's vector, and a second view's when there is one: an English question's
        glossary translation, a chatty Indonesian one's standard spelling ("brp", "pemkot")."""
        if query.english:
            second: str | None = to_indonesian(query.text)
        else:
            standard = respell(query.text)
            second = standard if standard != fold(query.text) else None
        return self.vector(query.text), self.vector(second) if second is not None else None

    def rank(self, query: Query, asked: Asked, region: str) -> list[tuple[float, EvidenceUnit]]:
        units = self.index.region(region)
        if units is None:
            return []
        qvec, glossary = self.query_vectors(query)
        found = candidates(
            query, asked, qvec, units, self.idf, glossary_vec=glossary, adapter=self.adapter
        )
        probabilities = self.scorer.probabilities(found.features)
        order = np.argsort(-probabilities, kind="stable")
        return [
            (float(probabilities[i]), found.units[i])
            for i in order
            if not _BARE_HEADING.fullmatch(found.units[i].text.strip())
        ]

    def _siblings(self, asked: Asked, best: EvidenceUnit, region: str) -> list[EvidenceUnit]:
        """The whole table or list ``best`` belongs to, when the question asks for a list or
        for the indicators of something and ``best`` is one entry of it."""
        listing = asked.field is AskedField.LIST or (
            asked.field is AskedField.INDICATOR and asked.plural
        )
        # A team's members and a region's quick wins are asked for as a set.
        if not listing and not (asked.plural and best.kind in (UnitKind.TEAM, UnitKind.QUICK_WIN)):
            return []
        units = self.index.region(region)
        if units is None:
            return []
        if best.kind is UnitKind.SENTENCE and listing:
            # "... ditetapkan pada 3 (tiga) prioritas area perubahan yang meliputi:": the
            # sentence leads a list in; its entries are the answer.
            return _led_entries(best, units.units)
        if (
            best.kind is UnitKind.ACTION
            and best.record is not None
            and asked.field is AskedField.INDICATOR
        ):
            # "apa saja indikator kegiatan X": the indicators of X's block, one per row.
            return self._block_indicators(best, units.units)
        if best.kind not in LISTED_KINDS or best.record is None:
            return []
        list_line = best.record.list_line
        same = [
            u
            for u in _table_mates(best, units.units)
            if u.kind is best.kind and u.record is not None and u.record.list_line == list_line
        ]
        return same[:MAX_LISTED] if len(same) > 1 else []

    @staticmethod
    def _block_indicators(best: EvidenceUnit, units: list[EvidenceUnit]) -> list[EvidenceUnit]:
        """The rows of ``best``'s block (its heading row and the rows under it) that name an
        indicator, when there are several."""
        record = best.record
        assert record is not None
        block = record.heading or record.activity
        rows = [
            u
            for u in _table_mates(best, units)
            if u.record is not None
            and (u.record.heading == block or (u.record.activity == block and not u.record.heading))
            and indicator_of(u)
        ]
        return rows[:MAX_LISTED] if len(rows) > 1 else []

    def _entries_over_years(
        self, query: Query, best: EvidenceUnit, region: str
    ) -> list[EvidenceUnit]:
        """ "How did the index develop from 2018 to 2020?": when ``best`` is one entry of a
        table with a row per year, every entry of a year in the asked span."""
        if len(query.years) < 2 or best.kind is not UnitKind.ITEM or best.record is None:
            return []
        units = self.index.region(region)
        if units is None:
            return []
        first, last = min(query.years), max(query.years)
        list_line = best.record.list_line
        entries = [
            u
            for u in units.units
            if u.kind is UnitKind.ITEM
            and u.record is not None
            and u.document == best.document
            and u.record.list_line == list_line
            and any(first <= year <= last for year in _row_years(u.record))
        ]
        entries.sort(key=lambda u: u.line_start)
        return entries if len(entries) >= 2 and best in entries else []

    def _listed(
        self, query: Query, asked: Asked, entries: list[EvidenceUnit], probability: float
    ) -> UnitOutcome:
        first = entries[0]
        title = _short(first.record.table if first.record else first.context, 160)
        lines = [f"{n}. {_entry(query, u)}" for n, u in enumerate(entries, start=1)]
        text = _t(
            query,
            f"Menurut dokumen ({len(entries)} butir) — «{title}»:\n",
            f"According to the document ({len(entries)} entries) — «{title}»:\n",
        ) + "\n".join(lines)
        span = Citation(
            first.document,
            first.region,
            first.section,
            first.line_start,
            entries[-1].line_end,
            first.page,
            _short(title, 300),
        )
        citations = [span, *(c for u in entries[:3] for c in cite(u)[:1])]
        value = "; ".join(_entry(query, u) for u in entries)
        return UnitOutcome(text, citations, probability, first, value=value)

    def _accepted_first(
        self,
        ranked: list[tuple[float, EvidenceUnit]],
        wanted: Callable[[EvidenceUnit], bool],
    ) -> list[tuple[float, EvidenceUnit]]:
        """Among the units the scorer accepts, the best ``wanted`` one comes first (the order
        is unchanged when the scorer accepts none of them)."""
        for item in ranked:
            if item[0] < self.min_probability:
                break
            if wanted(item[1]):
                return [item, *(other for other in ranked if other is not item)]
        return ranked

    def _legal_bases(self, query: Query, best: EvidenceUnit, probability: float) -> UnitOutcome:
        """ "Dasar hukum ... apa saja?": every clause of the preamble ``best`` belongs to."""
        units = self.index.region(best.region)
        assert units is not None
        clauses = sorted(
            (u for u in units.units if u.document == best.document and u.section == best.section),
            key=lambda u: u.line_start,
        )[:MAX_LISTED]
        lines = "\n".join(f"{n}. {_short(u.text, 200)}" for n, u in enumerate(clauses, 1))
        text = _t(
            query,
            f"Menurut dokumen ({len(clauses)} butir, {best.section.split(' > ')[-1]}):\n{lines}",
            f"According to the document ({len(clauses)} entries, "
            f"{best.section.split(' > ')[-1]}):\n{lines}",
        )
        citations = [c for u in clauses[:5] for c in cite(u)[:1]]
        value = "; ".join(_short(u.text, 80) for u in clauses)
        return UnitOutcome(text, citations, probability, best, value=value)

    def _area_indicators(
        self, query: Query, area: str, ranked: list[tuple[float, EvidenceUnit]]
    ) -> UnitOutcome | None:
        """ "Which indicators measure area X": the indicators that the best-ranked table of
        the area gives for it, each once, names only (their values are not asked)."""
        # The question names the area: the best-ranked units of that area that name an
        # indicator, whatever the scorer thinks of them (its threshold is for questions that
        # do not say where to look). Tables made to state indicators (targets, indicator
        # tables) come before action plans, whose "Indikator/Hasil" cells are mostly outputs.
        of_area = [
            (p, u)
            for p, u in ranked
            if u.record is not None and indicator_of(u) and unit_area(u) == area
        ]
        stated = [(p, u) for p, u in of_area if u.kind is not UnitKind.ACTION]
        if not of_area:
            return None
        probability, unit = (stated or of_area)[0]
        units = self.index.region(unit.region)
        assert units is not None
        same = [
            u for u in _table_mates(unit, units.units) if indicator_of(u) and unit_area(u) == area
        ]
        names: dict[str, EvidenceUnit] = {}
        for u in same:
            for name in _INDICATOR_SPLIT.split(indicator_of(u) or ""):
                name = name.strip(" ;,.")
                if len(name) > 2:
                    names.setdefault(name, u)
        if not names:
            return None
        listed = list(names)[:MAX_LISTED]
        lines = "\n".join(
            f"{n}. {_with_years(query, name, names[name])}" for n, name in enumerate(listed, 1)
        )
        text = _t(
            query,
            f"Indikator area {area} ({len(listed)}):\n{lines}",
            f"Indicators of the {area} area ({len(listed)}):\n{lines}",
        )
        cited = list(dict.fromkeys(names[name] for name in listed))
        citations = [c for u in cited[:4] for c in cite(u)[:1]]
        return UnitOutcome(text, citations, probability, cited[0], value="; ".join(listed))

    def _restated(
        self, query: Query, asked: Asked, best: EvidenceUnit, value: str
    ) -> EvidenceUnit | None:
        """Another row of the same document giving the same indicator a different value for
        an asked year (a target table and an action plan often disagree)."""
        if asked.field is not AskedField.VALUE or not query.years:
            return None
        mine = year_values(best)
        if not any(y in mine for y in query.years):
            return None
        name = set(lexical_tokens(indicator_of(best) or _subject(best)))
        units = self.index.region(best.region)
        if units is None or len(name) < 2:
            return None
        for other in units.units:
            if other is best or other.document != best.document or other.record is None:
                continue
            theirs = year_values(other)
            differs = any(y in theirs and theirs[y] != mine.get(y) for y in query.years)
            if not differs:
                continue
            other_text = indicator_of(other) or _subject(other)
            other_name = set(lexical_tokens(other_text))
            shared = len(name & other_name)
            if (
                other_name
                and shared >= 2
                and shared * 10 >= 6 * min(len(name), len(other_name))
                and _same_acronyms(indicator_of(best) or _subject(best), other_text)
            ):
                return other
        return None

    def answer(self, query: Query, asked: Asked, region: str) -> UnitOutcome:
        ranked = self.rank(query, asked, region)
        if not ranked:
            return UnitOutcome("", [], 0.0, None)
        if query.named and (
            asked.field in (AskedField.VALUE, AskedField.INDICATOR) or asked.wants_figure
        ):
            # "Nilai Indeks RB 2020", "what HDI score did it reach in 2020": a row about the
            # named indicator, however alike another index's row looks.
            ranked = self._accepted_first(ranked, lambda u: names_indicator(query, u))
            if asked.field is AskedField.VALUE:
                # Of the rows naming it, one holding a value (of the asked year) first.
                ranked = self._accepted_first(
                    ranked,
                    lambda u: names_indicator(query, u) and holds_field(u, asked, query.years),
                )
        if asked.count:
            # A count question: the best accepted unit that states a count of the asked thing.
            ranked = self._accepted_first(ranked, lambda u: u.holds_number() and _counts(u, asked))
        wanted = measures_named(query.text)
        if query.years and (asked.wants_figure or "target" in query.intents):
            # A figure of the year asked before one of another year, which would only be
            # refused: of the same table ("Tahun: 2020; Nilai Indeks RB" below the 2018
            # entry), or of the measure or indicator the question names.
            top = ranked[0][1]

            def same_subject(u: EvidenceUnit) -> bool:
                if u.document == top.document and u.context == top.context:
                    return True
                if _names_measure(u, wanted):
                    return True
                return bool(query.named) and names_indicator(query, u)

            ranked = self._accepted_first(
                ranked, lambda u: _names_year(u, query.years) and same_subject(u)
            )
        if wanted:
            # A row or passage on the measure asked before one on another measure, which
            # would only be refused ("target stunting" beside the poverty row above it).
            ranked = self._accepted_first(ranked, lambda u: _names_measure(u, wanted))
        if asks_role(query):
            # "Who chairs the inflation team": the best accepted row of a team table, not the
            # inflation target row that matches the subject better.
            ranked = self._accepted_first(ranked, lambda u: u.kind is UnitKind.TEAM)
        if asks_legal_basis(query, asked):
            ranked = _preamble_first(query, ranked)
        if "article" in query.legal:
            in_body = [item for item in ranked if _PASAL.search(item[1].section)]
            ranked = in_body + [item for item in ranked if item not in in_body]
        if query.article:
            # "menurut Pasal 2": the question says where to look.
            named = query.article
            in_article = [i for i in ranked if named in i[1].section.split(" > ")]
            ranked = in_article + [item for item in ranked if item not in in_article]
        if asked.field is AskedField.DEFINITION:
            ranked = _definitions_first(query, ranked)
        probability, best = ranked[0]
        if asks_legal_basis(query, asked) and in_preamble(best):
            if asked.plural:
                return self._legal_bases(query, best, probability)
            # The Menimbang and Mengingat clauses are where a legal basis is stated: the best
            # of them answers even when the scorer is unsure.
            sentence, value = fact(query, asked, best)
            citations = cite(best)
            runner_up = next((item for item in ranked[1:3] if in_preamble(item[1])), None)
            if runner_up is not None and runner_up[0] >= probability * self.runner_up_share:
                next_sentence = _as_second(fact(query, asked, runner_up[1])[0])
                sentence += _t(
                    query,
                    f" Bagian lain dokumen: {next_sentence}",
                    f" Elsewhere in the document: {next_sentence}",
                )
                citations += cite(runner_up[1])
            return UnitOutcome(sentence, citations, probability, best, value=value)
        # What the question needs and the nearest evidence lacks is said even when the scorer
        # is unsure: "no rupiah amount" is an answer in itself.
        siblings = self._siblings(asked, best, region)
        mates = siblings if asked.field is AskedField.LIST else []
        missing = _missing(query, asked, best, mates)
        if missing:
            return UnitOutcome("", cite(best), probability, best, reason=missing)
        area = query.area
        if asked.field is AskedField.INDICATOR and area:
            indicators = self._area_indicators(query, area, ranked)
            if indicators is not None:
                return indicators
        if probability < self.min_probability:
            return UnitOutcome("", [], probability, best)
        of_area = [u for u in siblings if area and area_in(u.text) == area]
        by_area = sum(area_in(u.text) is not None for u in siblings) * 2 >= len(siblings)
        if len(of_area) == 1 and by_area:
            # "indikator area pengawasan": the entry for that area of a table whose entries are
            # areas, not the whole table.
            best, siblings = of_area[0], []
        region_units = self.index.region(region)
        if not siblings and leads_in(best) and region_units is not None:
            # Whatever the field asked, a lead-in's answer is the list it introduces.
            siblings = _led_entries(best, region_units.units)
        if siblings:
            return self._listed(query, asked, siblings, probability)
        over_years = self._entries_over_years(query, best, region)
        if over_years:
            return self._listed(query, asked, over_years, probability)
        sentence, value = fact(query, asked, best)
        article = _PASAL.search(best.section) if "article" in query.legal else None
        if article:
            pasal = article.group(0)
            sentence = _t(query, f"Diatur dalam {pasal}. ", f"It is in {pasal}. ") + sentence
            value = pasal
        citations = cite(best)
        restated = self._restated(query, asked, best, value)
        if restated is not None:
            # Documents contradict themselves: an honest answer gives both values.
            other_sentence, other_value = fact(query, asked, restated)
            value += _t(query, f" (tabel lain: {other_value})", f" (another table: {other_value})")
            sentence += _t(
                query,
                f" Tabel lain di dokumen yang sama: {other_sentence}",
                f" Another table of the same document: {other_sentence}",
            )
            citations += cite(restated)
            ranked = ranked[:1]  # nothing else beside the two values
        for other_probability, other in ranked[1:4]:
            if other_probability < probability * self.runner_up_share and not _next_period(
                asked, best, other, other_probability >= self.min_probability
            ):
                continue
            if other.document != best.document or not holds_field(other, asked, query.years):
                continue
            if asked.field is AskedField.DEFINITION and defined_term(other, query) < 1:
                continue  # a second definition only of the same term
            if query.named and not names_indicator(query, other):
                continue  # a second value only of the same indicator
            other_sentence, other_value = fact(query, asked, other)
            other_sentence = _as_second(other_sentence)
            if other_value and other_value != value:
                # Both values stand in a comparison's cell too (monitoring and evaluation
                # often have periods of their own; two rows the scorer cannot tell apart).
                value = f"{value}; {other_value}"
                sentence += _t(
                    query,
                    f" Bagian lain dokumen: {other_sentence}",
                    f" Elsewhere in the document: {other_sentence}",
                )
                citations += cite(other)
                break
        units = tuple(best.lead) if asked.field is AskedField.UNIT else ()
        return UnitOutcome(sentence, citations, probability, best, value=value, units=units)
