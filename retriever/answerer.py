"""Grounded, extractive answers with citations; abstains when the documents do not say it.

No generative model is involved: every sentence of an answer is either a fixed template or
text taken from the cited lines, so nothing is invented.
"""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass

from retriever.evidence import Idf, Unit, following_lines, units_of
from retriever.hybrid import HybridSearcher
from retriever.query import Query, analyze
from retriever.records import RecordHit, RecordIndex
from retriever.regions import RegionCatalog
from tanyarb.areas import area_in
from tanyarb.models import Answer, Chunk, Citation, DocumentMeta, Record, lines_label
from tanyarb.textnorm import fold, lexical_tokens
from tanyarb.units import describe_unit

MIN_COVERAGE = 0.45
MIN_RECORD_COVERAGE = 0.6
_AREA_QUESTION = re.compile(r"\barea\b|\bsiapa saja\b|\bapa saja\b|\bsemua\b|\bwhich units\b")
MAX_QUOTE = 240
_REGULATION_WORDS = re.compile(
    r"\b(perwali|perbup|pergub|peraturan|regulation|road ?map|roadmap|rb-nya|signed|ditandatangani|"
    r"menandatangani)\b"
)
_CLAUSES = re.compile(r",|;|\bdan\b|\band\b|\bserta\b", re.I)


class QuestionError(ValueError):
    """The question itself cannot be answered as asked (empty, too long)."""


@dataclass
class Answerer:
    """Turns a question into an :class:`Answer` using the hybrid searcher and document metadata."""

    searcher: HybridSearcher
    catalog: RegionCatalog
    idf: Idf
    max_question_chars: int = 1000
    top_k: int = 8
    records: RecordIndex | None = None
    # Chunks do not change while the searcher lives: tokenise each one's units once.
    _units: dict[str, tuple[frozenset[str], list[Unit]]] = dataclasses.field(default_factory=dict)

    @classmethod
    def build(
        cls, searcher: HybridSearcher, max_question_chars: int = 1000, top_k: int = 8
    ) -> Answerer:
        metas = [d.meta for d in searcher.store.documents()]
        _ids, tokens = searcher.store.lexical_corpus()
        idf = Idf(tokens)
        records = RecordIndex(searcher.store.records(), idf)
        return cls(
            searcher,
            RegionCatalog.from_documents(metas),
            idf,
            max_question_chars,
            top_k,
            records,
        )

    # ---- public ---------------------------------------------------------------------------
    def answer(self, question: str, region: str | None = None) -> Answer:
        started = time.perf_counter()
        question = (question or "").strip()
        if not question:
            raise QuestionError("Pertanyaan kosong. / The question is empty.")
        if len(question) > self.max_question_chars:
            raise QuestionError(
                f"Pertanyaan terlalu panjang ({len(question)} karakter, maksimal "
                f"{self.max_question_chars}). / The question is too long."
            )
        query = analyze(question, self.catalog)
        result = self._answer(query, region)
        result.timing_ms["total"] = (time.perf_counter() - started) * 1000
        result.timing_ms.setdefault("retrieve", 0.0)
        return result

    # ---- routing --------------------------------------------------------------------------
    def _answer(self, query: Query, region: str | None) -> Answer:
        if region and region not in self.catalog.regions:
            return self._unknown_region(query, [region])
        if query.unknown_regions and not query.regions:
            return self._unknown_region(query, query.unknown_regions)
        regions = query.regions or ([region] if region else [])
        if query.legal and _REGULATION_WORDS.search(fold(query.text)):
            legal = self._legal(query, regions)
            if legal:
                return legal
        if "name" in query.intents:
            return self._abstain(
                query,
                regions[0] if len(regions) == 1 else None,
                _t(
                    query,
                    "Dokumen road map tidak menyebut nama pejabat untuk itu; yang disebut hanya unit "
                    "kerjanya (perangkat daerah).",
                    "The road map does not name the official; it names only the responsible unit.",
                ),
            )
        if len(regions) > 1:
            return self._compare(query, regions)
        return self._single(query, regions[0] if regions else None)

    def _unknown_region(self, query: Query, names: list[str]) -> Answer:
        text = _t(
            query,
            f"Dokumen untuk {', '.join(names)} tidak ada di TanyaRB, jadi pertanyaan ini tidak bisa "
            f"dijawab. Wilayah yang tersedia: {self.catalog.describe()}.",
            f"TanyaRB has no document for {', '.join(names)}, so it cannot answer this. "
            f"Regions covered: {self.catalog.describe()}.",
        )
        return Answer(query.text, text, True, None)

    def _abstain(self, query: Query, region: str | None, reason: str | None = None) -> Answer:
        scope = f" untuk {region}" if region else ""
        text = reason or _t(
            query,
            f"Maaf, dokumen{scope} tidak memuat jawaban untuk pertanyaan ini.",
            f"Sorry, the documents{' for ' + region if region else ''} do not answer this question.",
        )
        text += _t(
            query,
            f" Wilayah yang tersedia: {self.catalog.describe()}.",
            f" Regions covered: {self.catalog.describe()}.",
        )
        return Answer(query.text, text, True, region)

    # ---- single region --------------------------------------------------------------------
    def _single(self, query: Query, region: str | None) -> Answer:
        started = time.perf_counter()
        if region and self.records is not None:
            from_records = self._from_records(query, region)
            if from_records is not None:
                from_records.timing_ms["retrieve"] = (time.perf_counter() - started) * 1000
                return from_records
        hits = self.searcher.search(query.text, [region] if region else None, self.top_k)
        retrieve_ms = (time.perf_counter() - started) * 1000
        ranked = self._rank_units(query, [h.chunk for h in hits])
        if not ranked or ranked[0][0] < MIN_COVERAGE:
            answer = self._abstain(query, region)
            answer.timing_ms["retrieve"] = retrieve_ms
            return answer
        best = ranked[0][1]
        if not self._years_supported(query, best, region or best.chunk.region):
            answer = self._abstain(
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
            return answer
        text, citations = self._compose(query, best, ranked)
        answer = Answer(query.text, text, False, region or best.chunk.region, citations)
        answer.timing_ms["retrieve"] = retrieve_ms
        return answer

    def _units_of(self, chunk: Chunk) -> tuple[frozenset[str], list[Unit]]:
        """The chunk's section/title tokens and its evidence units, computed once per chunk."""
        if chunk.id not in self._units:
            self._units[chunk.id] = (frozenset(_context_tokens(chunk)), units_of(chunk))
        return self._units[chunk.id]

    def _rank_units(self, query: Query, chunks: list[Chunk]) -> list[tuple[float, Unit]]:
        weights = {t: self.idf(t) for t in set(query.tokens)}
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
        return self._source(unit.chunk.document, unit.line_start, unit.line_end, unit.chunk.page)

    def _source(self, document: str, line_start: int, line_end: int, page: int | None) -> str:
        """ "Perwali Kota Blitar No. 97/2022, baris 562": the regulation and the lines."""
        meta = self._meta(document)
        label = meta.short_label if meta else document
        return f"{label}, {lines_label(line_start, line_end, page)}"

    def _meta(self, document: str) -> DocumentMeta | None:
        for metas in self.catalog.documents.values():
            for meta in metas:
                if meta.name == document:
                    return meta
        return None

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

    # ---- answers from action-plan records ------------------------------------------------
    def _from_records(self, query: Query, region: str) -> Answer | None:
        """Who / when / what target, answered from the records when one fits the question."""
        assert self.records is not None
        wants = {"responsible", "schedule", "target"} & query.intents
        if not wants:
            return None
        area = area_in(query.text)
        if "responsible" in wants and area and _AREA_QUESTION.search(fold(query.text)):
            listed = self._area_units(query, region, area)
            if listed is not None:
                return listed
        hits = [h for h in self.records.search(query, region, 20) if _fits(query, h.record)]
        if not hits:
            return None
        best = hits[0]
        chosen = [best]
        for other in hits[1:6]:
            # A second row answering another part of the question ("X dan Y").
            union = self.records.coverage(query, best.covered | other.covered)
            if (
                union >= best.score + 0.15
                and union >= MIN_RECORD_COVERAGE
                and not other.covered <= best.covered
                and other.record.document == best.record.document
            ):
                chosen.append(other)
                break
        if len(chosen) == 1 and best.score < MIN_RECORD_COVERAGE:
            return None
        facts: list[str] = []
        citations: list[Citation] = []
        for hit in chosen:
            fact, cited = self._record_fact(query, hit, hits)
            facts.append(fact)
            citations.extend(c for c in cited if c not in citations)
        text = " ".join(facts) + f" ({self._record_source(best.record)})"
        return Answer(query.text, text, False, region, citations[:6])

    def _area_units(self, query: Query, region: str, area: str) -> Answer | None:
        assert self.records is not None
        units = self.records.area_units(region, area)
        if not units:
            return None
        listed = ", ".join(
            f"{describe_unit(u, query.english)} (baris {r.line_start})" for u, r in units
        )
        text = _t(
            query,
            f"Penanggung jawab area {area} di {region}: {listed}.",
            f"Units responsible for the {area} area in {region}: {listed}.",
        )
        citations = [self._record_citation(r, r.unit_line or r.line_start, u) for u, r in units[:8]]
        return Answer(
            query.text, text + f" ({self._record_source(units[0][1])})", False, region, citations
        )

    def _record_fact(
        self, query: Query, hit: RecordHit, hits: list[RecordHit]
    ) -> tuple[str, list[Citation]]:
        record = hit.record
        subject = _short(" / ".join(dict.fromkeys(_record_subject(record))), 160)
        citations = [self._record_citation(record, record.line_start, _record_quote(record))]
        if record.unit_line and record.unit_line != record.line_start:
            citations.append(
                self._record_citation(record, record.unit_line, "; ".join(record.lead))
            )
        asked = [(y, record.target_for(y)) for y in query.years if record.target_for(y)]
        if asked and ("target" in query.intents or "responsible" not in query.intents):
            listed = ", ".join(f"{y}: {v}" for y, v in asked)
            fact = f"{listed} — «{subject}»."
            if record.baseline:
                fact += f" Baseline {record.baseline_year or ''}: {record.baseline}."
            conflict = _record_conflict(query, record, hits)
            if conflict is not None:
                other, values = conflict
                fact += _t(
                    query,
                    f" Namun tabel lain menyebut: {values} (baris {other.line_start}).",
                    f" Another table says: {values} (line {other.line_start}).",
                )
                citations.append(
                    self._record_citation(other, other.line_start, _record_quote(other))
                )
            return fact, citations
        if "responsible" in query.intents and record.lead:
            units = "; ".join(describe_unit(u, query.english) for u in record.lead)
            support = "; ".join(record.support)
            fact = _t(
                query,
                f"Penanggung jawab: {units} — untuk «{subject}».",
                f"Responsible: {units} — for «{subject}».",
            )
            if support:
                fact += _t(query, f" Pendukung: {support}.", f" Supporting: {support}.")
            return fact, citations
        if record.years:
            years = ", ".join(map(str, record.years))
            return (
                _t(
                    query,
                    f"Dijadwalkan pada tahun {years} — «{subject}».",
                    f"Scheduled in {years} — «{subject}».",
                ),
                citations,
            )
        listed = ", ".join(f"{y}: {v}" for y, v in record.targets)
        return f"{listed} — «{subject}».", citations

    def _record_source(self, record: Record) -> str:
        return self._source(record.document, record.line_start, record.line_end, record.page)

    def _record_citation(self, record: Record, line: int, quote: str) -> Citation:
        return Citation(
            record.document,
            record.region,
            record.section or record.table,
            line,
            line,
            record.page,
            _short(quote, 300),
        )

    # ---- several regions ------------------------------------------------------------------
    def _compare(self, query: Query, regions: list[str]) -> Answer:
        parts: list[str] = []
        citations: list[Citation] = []
        retrieve = 0.0
        for region in regions:
            single = self._single(self._clause_query(query, region), region)
            retrieve += single.timing_ms.get("retrieve", 0.0)
            if single.abstained:
                parts.append(
                    _t(
                        query,
                        f"- {region}: tidak ditemukan di dokumen.",
                        f"- {region}: not found in the document.",
                    )
                )
            else:
                parts.append(f"- {region}: {single.answer}")
                citations.extend(single.citations[:2])
        answered = sum(1 for p in parts if not p.endswith(("dokumen.", "document.")))
        if not answered:
            return self._abstain(query, None)
        head = _t(
            query, f"Perbandingan {len(regions)} wilayah:", f"Comparison of {len(regions)} regions:"
        )
        answer = Answer(query.text, "\n".join([head, *parts]), False, None, citations)
        answer.timing_ms["retrieve"] = retrieve
        return answer

    def _clause_query(self, query: Query, region: str) -> Query:
        """The part of a multi-region question that is about ``region`` ("X di A dan Y di B")."""
        mention = next((m.text for m in query.mentions if m.region == region), None)
        if not mention:
            return query
        for clause in _CLAUSES.split(query.text):
            if fold(mention) in fold(clause):
                sub = analyze(clause, self.catalog)
                if len(set(sub.tokens)) >= 2:
                    sub.intents |= query.intents
                    sub.english = query.english
                    return sub
        return query

    # ---- facts about the regulation itself --------------------------------------------------
    def _legal(self, query: Query, regions: list[str]) -> Answer | None:
        scope = regions or self.catalog.regions
        if "period" in query.legal and not regions and query.years:
            return self._period_filter(query, query.years[-1])
        field = next(
            f for f in ("signatory", "enacted", "period", "amends", "revokes") if f in query.legal
        )
        parts: list[str] = []
        citations: list[Citation] = []
        for region in scope:
            for meta in self.catalog.documents.get(region, []):
                value = _legal_value(query, meta, field)
                if not value:
                    continue
                parts.append(value if len(scope) == 1 else f"- {region}: {value}")
                citation = self._locate(
                    meta, _legal_anchor(meta, field), query, earliest=field == "period"
                )
                if citation:
                    citations.append(citation)
        if not parts:
            return None
        return Answer(
            query.text, "\n".join(parts), False, scope[0] if len(scope) == 1 else None, citations
        )

    def _period_filter(self, query: Query, year: int) -> Answer:
        matching: list[str] = []
        others: list[str] = []
        citations: list[Citation] = []
        for region in self.catalog.regions:
            for meta in self.catalog.documents[region]:
                if not meta.period:
                    continue
                if meta.period_end == year:
                    matching.append(f"{region} ({meta.period})")
                    citation = self._locate(
                        meta, meta.period.replace("-", " "), query, earliest=True
                    )
                    if citation:
                        citations.append(citation)
                else:
                    others.append(f"{region} ({meta.period})")
        if not matching:
            text = _t(
                query,
                f"Tidak ada road map yang berakhir tahun {year}.",
                f"No road map ends in {year}.",
            )
        else:
            text = _t(
                query,
                f"Road map yang berakhir tahun {year}: {', '.join(matching)}.",
                f"Road maps ending in {year}: {', '.join(matching)}.",
            )
        if others:
            text += _t(query, f" Lainnya: {', '.join(others)}.", f" Others: {', '.join(others)}.")
        return Answer(query.text, text, False, None, citations)

    def _locate(
        self, meta: DocumentMeta, anchor: str, query: Query, *, earliest: bool = False
    ) -> Citation | None:
        """Cite the line of ``meta``'s document that states ``anchor``."""
        wanted = _squash(anchor)
        if not wanted:
            return None
        best: tuple[int, int, Chunk] | None = None
        for chunk in self.searcher.chunks.values():
            if chunk.document != meta.name:
                continue
            for offset, raw in enumerate(chunk.text.split("\n")):
                if wanted in _squash(raw):
                    line = chunk.line_start + offset if not chunk.rows else chunk.line_start
                    overlap = 0 if earliest else len(set(query.tokens) & set(lexical_tokens(raw)))
                    key = (-overlap, line)
                    if best is None or key < (best[0], best[1]):
                        best = (key[0], key[1], chunk)
        if best is None:
            return None
        _, line, chunk = best
        quote = chunk.text.split("\n")[line - chunk.line_start] if not chunk.rows else chunk.text
        return Citation(
            meta.name, meta.region or "", chunk.section, line, line, chunk.page, _short(quote, 300)
        )


def _fits(query: Query, record: Record) -> bool:
    """Whether a record holds what the question asks for."""
    if query.years and any(record.target_for(y) for y in query.years):
        return True
    if "responsible" in query.intents:
        return bool(record.lead) and record.kind != "team"
    if "target" in query.intents:
        return bool(record.targets) and not query.years
    if "schedule" in query.intents:
        return bool(record.years)
    return False


def _record_subject(record: Record) -> list[str]:
    return [t for t in (record.heading, record.activity, record.indicator) if t]


def _record_quote(record: Record) -> str:
    return "; ".join(f"{h}: {v}" for h, v in record.fields)


def _record_conflict(
    query: Query, record: Record, hits: list[RecordHit]
) -> tuple[Record, str] | None:
    """Another table of the same document giving a different value for the asked year."""
    mine = [record.target_for(y) for y in query.years]
    mine_tokens = set(lexical_tokens(record.indicator or record.activity or ""))
    for hit in hits[1:10]:
        other = hit.record
        if other.document != record.document or other.table == record.table:
            continue
        theirs = [other.target_for(y) for y in query.years]
        other_tokens = set(lexical_tokens(other.indicator or other.activity or ""))
        similar = len(mine_tokens & other_tokens) >= max(
            2, int(0.5 * min(len(mine_tokens), len(other_tokens) or 1))
        )
        if any(theirs) and theirs != mine and similar:
            values = ", ".join(f"{y}: {v}" for y, v in zip(query.years, theirs, strict=True) if v)
            return other, values
    return None


def _legal_value(query: Query, meta: DocumentMeta, field: str) -> str | None:
    label = meta.short_label
    if field == "signatory" and meta.signatory:
        return _t(
            query,
            f"{label} ditandatangani oleh {_title_name(meta.signatory)} "
            f"({'Walikota' if meta.region_kind == 'Kota' else 'Bupati'}).",
            f"{label} was signed by {_title_name(meta.signatory)}.",
        )
    if field == "enacted" and meta.enacted:
        promulgated = meta.promulgated or "-"
        return _t(
            query,
            f"{label} ditetapkan di {meta.enacted_place or '-'} pada {meta.enacted} "
            f"dan diundangkan pada {promulgated}.",
            f"{label} was enacted (ditetapkan) on {meta.enacted} and promulgated "
            f"(diundangkan) on {promulgated}.",
        )
    if field == "period" and meta.period:
        return _t(
            query,
            f"Road map {meta.region} berlaku untuk periode {meta.period} ({label}).",
            f"The {meta.region} road map covers {meta.period} ({label}).",
        )
    if field == "amends" and meta.amends:
        return _t(
            query,
            f"{label} mengubah {_sentence_case(meta.amends)}.",
            f"{label} amends {_sentence_case(meta.amends)}.",
        )
    if field == "revokes" and meta.revokes:
        return _t(query, f"{label} mencabut {meta.revokes}.", f"{label} revokes {meta.revokes}.")
    return None


def _legal_anchor(meta: DocumentMeta, field: str) -> str:
    return {
        "signatory": meta.signatory or "",
        "enacted": meta.enacted or "",
        "period": (meta.period or "").replace("-", " "),
        "amends": re.sub(r"^PERATURAN\s+", "", meta.amends or "", flags=re.I),
        "revokes": " ".join((meta.revokes or "").split()[:7]),
    }[field]


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def _title_name(name: str) -> str:
    return (
        name
        if not name.isupper()
        else " ".join(w.capitalize() if len(w) > 2 else w for w in name.split())
    )


def _sentence_case(text: str) -> str:
    return text.capitalize() if text.isupper() else text


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


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _overlaps(citation: Citation, unit: Unit) -> bool:
    return (
        citation.document == unit.chunk.document
        and citation.line_start is not None
        and citation.line_end is not None
        and citation.line_start <= unit.line_end
        and unit.line_start <= citation.line_end
    )


def _t(query: Query, indonesian: str, english: str) -> str:
    return english if query.english else indonesian


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
