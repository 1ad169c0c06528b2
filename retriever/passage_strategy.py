"""The passage strategy, the last resort: hybrid search over chunks, then the sentence or
table row that covers most of the question (idf-weighted), quoted with its citation."""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass

from retriever.finding import Finding, Sources, abstention
from retriever.hybrid import HybridSearcher
from retriever.query import Query
from retriever.regions import RegionCatalog
from retriever.thresholds import Thresholds
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.evidence import Idf, Unit, following_lines, units_of
from tanyarb.core.models import Answer, Chunk, Citation
from tanyarb.core.textnorm import fold, lexical_tokens, vocabulary
from tanyarb.core.units import canonical_name, describe_unit

MAX_QUOTE = 240


@dataclass
class PassageStrategy:
    """Answers from the best-covering sentence or row of the searched chunks."""

    searcher: HybridSearcher
    catalog: RegionCatalog
    idf: Idf
    sources: Sources
    thresholds: Thresholds
    top_k: int = 8
    # Chunks do not change while the searcher lives: tokenise each one's units once.
    _units: dict[str, tuple[frozenset[str], list[Unit]]] = dataclasses.field(default_factory=dict)

    def find(self, query: Query, region: str | None, started: float) -> Finding:
        hits = self.searcher.search(query.text, [region] if region else None, self.top_k)
        retrieve_ms = (time.perf_counter() - started) * 1000
        ranked = self._rank_units(query, [h.chunk for h in hits])
        if not ranked or ranked[0][0] < self.thresholds.passage_coverage:
            answer = abstention(self.catalog, query, region)
            answer.timing_ms["retrieve"] = retrieve_ms
            return Finding(answer)
        best = ranked[0][1]
        if not self._years_supported(query, best, region or best.chunk.region):
            answer = abstention(
                self.catalog,
                query,
                region or best.chunk.region,
                _t(
                    query,
                    f"Dokumen {region or best.chunk.region} tidak memuat data untuk tahun "
                    f"{', '.join(map(str, query.years))}.",
                    f"The {region or best.chunk.region} document has no data for "
                    f"{', '.join(map(str, query.years))}.",
                ),
            )
            answer.timing_ms["retrieve"] = retrieve_ms
            return Finding(answer)
        text, citations = self._compose(query, best, ranked)
        answer = Answer(
            query.text, text, False, region or best.chunk.region, citations, basis="text"
        )
        answer.timing_ms["retrieve"] = retrieve_ms
        value = text.rsplit(" (", 1)[0] if text.endswith(")") else text
        units: tuple[str, ...] = ()
        if best.row and best.row.responsible and "responsible" in query.intents:
            value = describe_unit(best.row.responsible, query.english)
            units = (canonical_name(best.row.responsible, best.chunk.region),)
        return Finding(answer, value=value, subject=_short(_row_subject(best), 120), units=units)

    def _units_of(self, chunk: Chunk) -> tuple[frozenset[str], list[Unit]]:
        """The chunk's section/title tokens and its evidence units, computed once per chunk."""
        if chunk.id not in self._units:
            self._units[chunk.id] = (frozenset(_context_tokens(chunk)), units_of(chunk))
        return self._units[chunk.id]

    def _rank_units(self, query: Query, chunks: list[Chunk]) -> list[tuple[float, Unit]]:
        weights = {t: self.idf(t) * query.weight(t) for t in set(query.tokens)}
        total = sum(weights.values())
        if not total:
            return []
        ranked: list[tuple[float, Unit]] = []
        for rank, chunk in enumerate(chunks):
            context, units = self._units_of(chunk)
            for unit in units:
                # A continuation row inherits its parent row: those words count in full.
                own = sum(w for t, w in weights.items() if t in unit.tokens or t in unit.context)
                near = sum(
                    w
                    for t, w in weights.items()
                    if t in context and t not in unit.tokens and t not in unit.context
                )
                coverage = (own + 0.5 * near) / total
                score = coverage + 0.04 * (len(chunks) - rank) / len(chunks)
                score += self._intent_bonus(query, unit)
                ranked.append((score, unit))
        ranked.sort(key=lambda item: -item[0])
        return ranked

    def _intent_bonus(self, query: Query, unit: Unit) -> float:
        bonus = 0.0
        if "responsible" in query.intents and unit.row and unit.row.responsible:
            bonus += 0.08
        if query.years and unit.row and any(y in dict(unit.year_values()) for y in query.years):
            # A value for the asked year is what a target question wants; ticks are not values.
            bonus += 0.15 if "target" in query.intents else 0.08
        if "schedule" in query.intents and unit.row and unit.ticked_years():
            bonus += 0.04
        if "frequency" in query.intents and _states_frequency(unit.text):
            bonus += 0.1
        return bonus

    def _years_supported(self, query: Query, unit: Unit, region: str) -> bool:
        """A year asked about must be in the evidence or inside the road map's period."""
        if not query.years:
            return True
        text = unit.text
        metas = self.catalog.documents.get(region, [])
        for year in query.years:
            in_text = str(year) in text
            in_period = any(
                m.period_start and m.period_end and m.period_start - 3 <= year <= m.period_end
                for m in metas
            )
            if not in_text and not in_period:
                return False
        return True

    # ---- composing ------------------------------------------------------------------------
    def _compose(
        self, query: Query, best: Unit, ranked: list[tuple[float, Unit]]
    ) -> tuple[str, list[Citation]]:
        fact = self._fact(query, best)
        citations = [self._cite(best)]
        if best.row and best.row.responsible_line and best.row.responsible_line != best.line_start:
            citations.append(
                self._cite_line(best.chunk, best.row.responsible_line, best.row.responsible or "")
            )
        conflict = self._conflict(query, best, ranked)
        if conflict is not None:
            other_fact, other_unit = conflict
            fact += _t(
                query,
                f" Namun bagian lain dokumen menyebut: {other_fact} (baris {other_unit.line_start}).",
                f" Another part of the document says: {other_fact} (line {other_unit.line_start}).",
            )
            citations.append(self._cite(other_unit))
        best_score = ranked[0][0]
        for score, unit in ranked[1:6]:
            if len(citations) >= 3 or score < best_score * 0.85:
                break
            if all(not _overlaps(c, unit) for c in citations):
                citations.append(self._cite(unit))
        source = self._source_label(best)
        text = f"{fact} ({source})"
        if "list" in query.intents and not best.row:
            items = following_lines(best)
            if items:
                text += "\n" + "\n".join(item for _, item in items)
                citations[0] = dataclasses.replace(citations[0], line_end=items[-1][0])
        return text, citations

    def _fact(self, query: Query, unit: Unit) -> str:
        row = unit.row
        subject = _short(_row_subject(unit), 160)
        if row and "responsible" in query.intents and row.responsible:
            return _t(
                query,
                f"Penanggung jawab: {describe_unit(row.responsible)} — untuk «{subject}».",
                f"Responsible: {describe_unit(row.responsible, True)} — for «{subject}».",
            )
        if row and query.years and unit.year_values():
            values = dict(unit.year_values())
            asked = [(y, values[y]) for y in query.years if y in values]
            if asked:
                listed = ", ".join(f"{y}: {v}" for y, v in asked)
                return _t(query, f"{listed} — «{subject}».", f"{listed} — «{subject}».")
        if row and "schedule" in query.intents:
            ticked = unit.ticked_years()
            when = unit.cell("rencana pelaksanaan", "waktu", "jadwal", "tahun")
            if ticked:
                years = ", ".join(map(str, ticked))
                return _t(
                    query,
                    f"Dijadwalkan pada tahun {years} — «{subject}».",
                    f"Scheduled in {years} — «{subject}».",
                )
            if when:
                return _t(
                    query,
                    f"Rencana pelaksanaan: {when} — «{subject}».",
                    f"Scheduled: {when} — «{subject}».",
                )
        if row and "target" in query.intents and unit.year_values():
            listed = ", ".join(f"{y}: {v}" for y, v in unit.year_values())
            return f"{listed} — «{subject}»."
        if row and row.responsible and "responsible" in query.intents:
            return f"{row.responsible} — «{subject}»."
        quote = _short(_from_sentence(unit), MAX_QUOTE)
        if row and row.responsible and row.responsible not in quote:
            quote += f"; Penanggung jawab: {row.responsible}"
        return _t(query, f"Menurut dokumen: «{quote}»", f"The document says: «{quote}»")

    def _conflict(
        self, query: Query, best: Unit, ranked: list[tuple[float, Unit]]
    ) -> tuple[str, Unit] | None:
        """Another table of the same document giving a different value for the same year."""
        if not query.years or not best.row:
            return None
        values = dict(best.year_cells())
        mine = [values.get(y) for y in query.years]
        if not any(mine):
            return None
        for score, unit in ranked[1:12]:
            if score < ranked[0][0] * 0.9 or unit.chunk.document != best.chunk.document:
                continue
            if unit.chunk.id == best.chunk.id and unit.line_start == best.line_start:
                continue
            others = dict(unit.year_cells())
            theirs = [others.get(y) for y in query.years]
            if any(theirs) and theirs != mine and _same_indicator(best, unit):
                listed = ", ".join(
                    f"{y}: {v}" for y, v in zip(query.years, theirs, strict=True) if v
                )
                return listed, unit
        return None

    def _source_label(self, unit: Unit) -> str:
        return self.sources.source(
            unit.chunk.document, unit.line_start, unit.line_end, unit.chunk.page
        )

    def _cite(self, unit: Unit) -> Citation:
        return Citation(
            document=unit.chunk.document,
            region=unit.chunk.region,
            section=unit.chunk.section,
            line_start=unit.line_start,
            line_end=unit.line_end,
            page=unit.chunk.page,
            quote=_short(unit.text, 300),
        )

    def _cite_line(self, chunk: Chunk, line: int, quote: str) -> Citation:
        return Citation(
            chunk.document, chunk.region, chunk.section, line, line, chunk.page, _short(quote, 300)
        )


def _states_frequency(text: str) -> bool:
    low = fold(text)
    return any(word in low for word in vocabulary()["frequency_words"])


def _same_indicator(a: Unit, b: Unit) -> bool:
    return len(a.tokens & b.tokens) >= max(2, int(0.4 * min(len(a.tokens), len(b.tokens))))


def _context_tokens(chunk: Chunk) -> list[str]:
    title = chunk.text.split("\n", 1)[0] if chunk.rows else ""
    return lexical_tokens(chunk.section.split(" > ")[-1] + " " + title)


def _row_subject(unit: Unit) -> str:
    if not unit.row:
        return unit.text
    skip = (
        "tahun",
        "penanggung",
        "pengampu",
        "koordinator",
        "anggaran",
        "instansi",
        "pelaksana",
        "perangkat daerah",
        "skpd",
        "unit",
        "no",
    )
    parts = [
        v
        for h, v in unit.row.cells
        if not any(h.lower().startswith(s) for s in skip) and not re.fullmatch(r"[\d.,%✓√/ -]+", v)
    ]
    return " / ".join(parts) or unit.text


def _overlaps(citation: Citation, unit: Unit) -> bool:
    return (
        citation.document == unit.chunk.document
        and citation.line_start is not None
        and citation.line_end is not None
        and citation.line_start <= unit.line_end
        and unit.line_start <= citation.line_end
    )


def _from_sentence(unit: Unit) -> str:
    """Quote prose from the best sentence on, so the next sentence of the line comes too."""
    if unit.row:
        return unit.text
    offset = unit.line_start - unit.chunk.line_start
    lines = unit.chunk.text.split("\n")
    if not 0 <= offset < len(lines):
        return unit.text
    line = " ".join(lines[offset].split())
    start = line.find(unit.text[:40])
    return line[start:] if start >= 0 else unit.text
