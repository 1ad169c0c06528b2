"""Comparisons: one question answered for several regions, as a table with a summary of
what they share or how they differ."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from retriever.fields import AskedField
from retriever.finding import Finding, Sources, abstention
from retriever.query import Query
from retriever.regions import RegionCatalog, region_named
from retriever.wording import markdown_table
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.models import Answer, AnswerTable, Citation
from tanyarb.core.textnorm import fold, lexical_tokens, vocabulary
from tanyarb.core.units import units_named

_CLAUSES = re.compile(r",|;|\bdan\b|\band\b|\bserta\b", re.I)


@dataclass
class CompareStrategy:
    """Answers a question region by region with the router's single-region search."""

    catalog: RegionCatalog
    sources: Sources
    find: Callable[[Query, str], Finding]
    analyze: Callable[[str], Query]  # the router's analysis of a question

    # ---- several regions ------------------------------------------------------------------
    def answer(self, query: Query, regions: list[str]) -> Answer:
        """One row per region (its answer, what it is about, its source), then a summary."""
        found: list[tuple[str, Finding]] = []
        missing: list[str] = []
        retrieve = 0.0
        for region in regions:
            finding = self.find(self._clause_query(query, region), region)
            retrieve += finding.answer.timing_ms.get("retrieve", 0.0)
            if finding.answer.abstained:
                missing.append(region)
            else:
                found.append((region, finding))
        if not found:
            return abstention(self.catalog, query, None)
        citations: list[Citation] = []
        rows: list[tuple[str, ...]] = []
        sources: list[tuple[int, ...]] = []
        for region, finding in found:
            numbers: list[int] = []
            for citation in _row_citations(finding.answer.citations):
                if citation not in citations:
                    citations.append(citation)
                numbers.append(citations.index(citation) + 1)
            label = self.sources.citation_label(finding.answer.citations[0])
            refs = "".join(f"[{n}]" for n in numbers)
            rows.append((region, finding.value, finding.subject, f"{refs} {label}"))
            sources.append(tuple(numbers))
        none = _t(query, "tidak ditemukan di dokumen", "not found in the document")
        for region in missing:
            rows.append((region, none, "", ""))
            sources.append(())
        columns = (
            _t(query, "Wilayah", "Region"),
            _field_label(query),
            _t(query, "Tentang", "About"),
            _t(query, "Sumber", "Source"),
        )
        summary = self._summary(query, found, missing)
        head = _t(
            query, f"Perbandingan {len(regions)} wilayah:", f"Comparison of {len(regions)} regions:"
        )
        lines = [head, *markdown_table(columns, rows)]
        lines.append(summary)
        table = AnswerTable(columns, tuple(rows), tuple(sources), summary)
        answer = Answer(
            query.text, "\n".join(lines), False, None, citations, table=table, basis="comparison"
        )
        answer.timing_ms["retrieve"] = retrieve
        return answer

    def _summary(self, query: Query, found: list[tuple[str, Finding]], missing: list[str]) -> str:
        """One line: what the regions share, or how they differ."""
        total = len(found) + len(missing)
        listed = [(r, f) for r, f in found if f.items]
        named = units_named(query.text)
        asks_unit = "responsible" in query.intents or bool(named)
        with_units = [(r, f) for r, f in found if f.units] if asks_unit else []
        if "common" in query.intents and len(listed) >= 2:
            shared = _shared_items(listed, self.catalog.regions)
            if shared:
                text = _t(query, "Yang sama: ", "In common: ") + "; ".join(shared) + "."
            else:
                text = _t(query, "Tidak ada butir yang sama.", "Nothing in common.")
        elif named and with_units:
            unit = named[0]
            yes = [r for r, f in found if unit in f.units]
            no = [f"{r} ({', '.join(f.units) or '-'})" for r, f in found if unit not in f.units]
            text = _t(
                query,
                f"{unit} disebut di {len(yes)} dari {total} wilayah"
                + (f": {', '.join(yes)}." if yes else "."),
                f"{unit} is named in {len(yes)} of {total} regions"
                + (f": {', '.join(yes)}." if yes else "."),
            )
            if no:
                text += _t(query, f" Lainnya: {'; '.join(no)}.", f" Others: {'; '.join(no)}.")
        elif with_units:
            groups: dict[str, list[str]] = {}
            for region, finding in with_units:
                groups.setdefault(", ".join(finding.units), []).append(region)
            if len(groups) == 1 and len(with_units) == len(found) > 1:
                unit = next(iter(groups))
                text = _t(query, f"Semua wilayah menunjuk {unit}.", f"Every region names {unit}.")
            else:
                text = "; ".join(f"{unit}: {', '.join(rs)}" for unit, rs in groups.items()) + "."
        else:
            text = _t(
                query,
                f"Ditemukan di {len(found)} dari {total} wilayah.",
                f"Found in {len(found)} of {total} regions.",
            )
        if missing:
            text += _t(
                query,
                f" Tidak ditemukan di dokumen: {', '.join(missing)}.",
                f" Not found in the documents of: {', '.join(missing)}.",
            )
        return _t(query, "Ringkasan: ", "Summary: ") + text

    def _clause_query(self, query: Query, region: str) -> Query:
        """The part of a multi-region question that is about ``region`` ("X di A dan Y di B")."""
        mention = next((m.text for m in query.mentions if m.region == region), None)
        if not mention:
            return query
        clauses = _CLAUSES.split(query.text)
        for clause in clauses if len(clauses) > 1 else []:
            if fold(mention) in fold(clause):
                sub = self.analyze(clause)
                if len(set(sub.tokens)) >= 2:
                    sub.intents |= query.intents
                    sub.legal |= query.legal
                    sub.english = query.english
                    return sub
        return self._own_part(query, region)

    def _own_part(self, query: Query, region: str) -> Query:
        """The question as one about ``region`` alone: the other regions and the words that
        make it a comparison left out ("target SAKIP 2024 Madiun dibanding Pasuruan?" ->
        "target SAKIP 2024 Madiun?"), so that it is typed and searched as the single-region
        question it is made of. The question itself when nothing is left out."""
        others = [r for r in query.regions if r != region]
        text = query.text
        for other in others:
            text = region_named(other).sub(" ", text)
        text = _comparison_words().sub(" ", text)
        text = re.sub(r"\s+", " ", text).strip()
        if text == query.text or len(lexical_tokens(text)) < 2:
            return query
        sub = self.analyze(text)
        if region not in sub.regions:
            return query
        sub.english = query.english
        return sub


ROW_CITATIONS = 3


@lru_cache(maxsize=1)
def _comparison_words() -> re.Pattern[str]:
    words = sorted(vocabulary()["comparison_words"], key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])", re.I)


def _row_citations(citations: list[Citation]) -> list[Citation]:
    """A region's citations shown in its row: each quoted passage (the best unit and a
    runner-up shown beside it), then the lines they inherit from (a block's unit line), at
    most ``ROW_CITATIONS``."""
    quoted = [c for c in citations if c.quote]
    return (quoted + [c for c in citations if not c.quote])[:ROW_CITATIONS]


def _field_label(query: Query) -> str:
    if query.asked.field is AskedField.FREQUENCY:
        return _t(query, "Seberapa sering", "How often")
    if {"list", "designation", "common"} & query.intents and "responsible" not in query.intents:
        return _t(query, "Daftar", "Entries")
    if "responsible" in query.intents:
        return _t(query, "Penanggung jawab", "Responsible")
    if "indicator" in query.intents:
        return _t(query, "Indikator", "Indicator")
    if "target" in query.intents or query.years:
        return _t(query, "Nilai", "Value")
    if "schedule" in query.intents:
        return _t(query, "Tahun", "Years")
    return _t(query, "Jawaban", "Answer")


def _shared_items(listed: list[tuple[str, Finding]], regions: list[str]) -> list[str]:
    """Entries every listed region has, matched by their words ("Pembangunan Mall Pelayanan
    Publik" ~ "Mall Pelayanan Publik"), with each region's wording."""
    place_words = {t for r in regions for t in lexical_tokens(r)} | {"kota", "kabupaten"}

    def words(name: str) -> frozenset[str]:
        return frozenset(t for t in lexical_tokens(name) if t not in place_words)

    (first_region, first), *others = listed
    shared: list[str] = []
    for name in first.items:
        mine = words(name)
        if not mine:
            continue
        matches = [(first_region, name)]
        for region, finding in others:
            match = next(
                (
                    other
                    for other in finding.items
                    if (theirs := words(other))
                    and len(mine & theirs) >= 0.8 * min(len(mine), len(theirs))
                ),
                None,
            )
            if match is None:
                break
            matches.append((region, match))
        else:
            shortest = min((n for _r, n in matches), key=len)
            if all(n == shortest for _r, n in matches):
                shared.append(shortest)
                continue
            wording = "; ".join(f"{r}: «{_short(n, 80)}»" for r, n in matches)
            shared.append(f"{_short(shortest, 80)} ({wording})")
    return shared
