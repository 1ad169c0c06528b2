"""Grounded, extractive answers with citations; abstains when the documents do not say it.

No generative model is involved: every sentence of an answer is either a fixed template or
text taken from the cited lines, so nothing is invented.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
from dataclasses import dataclass

from retriever.fields import AskedField
from retriever.hybrid import HybridSearcher
from retriever.lists import ListIndex, StatedList, item_name, item_text
from retriever.query import Query, analyze
from retriever.records import RecordHit, RecordIndex, plan_cells
from retriever.regions import RegionCatalog
from retriever.scorer import Scorer
from retriever.unit_index import UnitIndex
from retriever.unit_strategy import UnitOutcome, UnitStrategy
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.areas import area_in
from tanyarb.core.evidence import Idf, Unit, following_lines, units_of
from tanyarb.core.evidence_units import build_units
from tanyarb.core.models import (
    Answer,
    AnswerTable,
    Chunk,
    Citation,
    DocumentMeta,
    Record,
    lines_label,
)
from tanyarb.core.textnorm import fold, lexical_tokens
from tanyarb.core.units import canonical_name, describe_unit, units_named

UNIT_POLICY = os.environ.get("TANYARB_UNIT_POLICY", "first")
MIN_COVERAGE = 0.45
MIN_RECORD_COVERAGE = 0.6
MIN_LIST_COVERAGE = 0.6
MAX_LIST_SHOWN = 15
_FREQUENCY = re.compile(
    r"\b(triwulan|tribulan|semester|tahunan|bulanan|mingguan|harian|berkala|sekali|"
    r"(setiap|tiap|per) (tahun|bulan|triwulan|semester|minggu|hari))\b"
)
_AREAS_ASKED = re.compile(r"\barea(?:-area)? (?:perubahan|rb|reformasi)\b|\bareas? of change\b")
_ALL_REGIONS = re.compile(
    r"\b(daerah|wilayah|kota|kabupaten|pemda|pemkot|pemkab) mana( saja| aja)?\b|"
    r"\bwhich (regions?|cities|regencies|local governments)\b|"
    r"\b(semua|setiap|seluruh|masing-masing) (daerah|wilayah)\b|\b(every|each|all) regions?\b"
)
_AREA_QUESTION = re.compile(r"\barea\b|\bsiapa saja\b|\bapa saja\b|\bsemua\b|\bwhich units\b")
MAX_QUOTE = 240
_REGULATION_WORDS = re.compile(
    r"\b(perwali|perbup|pergub|peraturan|regulations?|road ?maps?|roadmaps?|rb-nya|signed|ditandatangani|"
    r"menandatangani)\b"
)
_CLAUSES = re.compile(r",|;|\bdan\b|\band\b|\bserta\b", re.I)


class QuestionError(ValueError):
    """The question itself cannot be answered as asked (empty, too long); ``str()`` gives
    both languages, "Indonesian / English"."""

    def __init__(self, code: str, indonesian: str, english: str) -> None:
        super().__init__(f"{indonesian} / {english}")
        self.code = code
        self.indonesian = indonesian
        self.english = english


@dataclass
class _Finding:
    """One region's answer, with the bare field a comparison table shows."""

    answer: Answer
    value: str = ""  # units, years, targets, list entries or the quoted fact
    subject: str = ""  # the row, area or list it comes from
    units: tuple[str, ...] = ()  # canonical names of the units it names
    items: tuple[str, ...] = ()  # entries of a stated list


@dataclass
class Answerer:
    """Turns a question into an :class:`Answer` using the hybrid searcher and document metadata."""

    searcher: HybridSearcher
    catalog: RegionCatalog
    idf: Idf
    max_question_chars: int = 1000
    top_k: int = 8
    records: RecordIndex | None = None
    lists: ListIndex | None = None
    unit_strategy: UnitStrategy | None = None
    # Chunks do not change while the searcher lives: tokenise each one's units once.
    _units: dict[str, tuple[frozenset[str], list[Unit]]] = dataclasses.field(default_factory=dict)
    _lines: dict[str, list[tuple[int, str, str, Chunk]]] = dataclasses.field(default_factory=dict)

    @classmethod
    def build(
        cls,
        searcher: HybridSearcher,
        max_question_chars: int = 1000,
        top_k: int = 8,
        scorer: Scorer | None = None,
    ) -> Answerer:
        metas = [d.meta for d in searcher.store.documents()]
        _ids, tokens = searcher.store.lexical_corpus()
        idf = Idf(tokens)
        stored = searcher.store.records()
        units = UnitIndex.build(
            build_units(searcher.chunks.values(), stored), searcher.store.embeddings.vectors
        )
        return cls(
            searcher,
            RegionCatalog.from_documents(metas),
            idf,
            max_question_chars,
            top_k,
            RecordIndex(stored, idf),
            ListIndex(stored, idf),
            UnitStrategy(units, scorer or Scorer.load(), idf, searcher.query_vector),
        )

    # ---- public ---------------------------------------------------------------------------
    def answer(self, question: str, region: str | None = None) -> Answer:
        started = time.perf_counter()
        question = self.check_question(question)
        query = analyze(question, self.catalog)
        result = self._answer(query, region)
        result.timing_ms["total"] = (time.perf_counter() - started) * 1000
        result.timing_ms.setdefault("retrieve", 0.0)
        return result

    def check_question(self, question: str) -> str:
        """The question stripped; :class:`QuestionError` when it is empty or too long."""
        question = (question or "").strip()
        if not question:
            raise QuestionError("empty_question", "Pertanyaan kosong.", "The question is empty.")
        if len(question) > self.max_question_chars:
            limit = self.max_question_chars
            raise QuestionError(
                "question_too_long",
                f"Pertanyaan terlalu panjang ({len(question)} karakter, maksimal {limit}).",
                f"The question is too long ({len(question)} characters, at most {limit}).",
            )
        return question

    def compare(self, question: str, regions: list[str] | None = None) -> Answer:
        """The question answered for several regions (all, when none are given) as a table."""
        question = self.check_question(question)
        query = analyze(question, self.catalog)
        chosen = regions or query.regions
        if len(chosen) < 2:
            chosen = list(self.catalog.regions)
        return self._compare(query, chosen)

    # ---- routing --------------------------------------------------------------------------
    def _answer(self, query: Query, region: str | None) -> Answer:
        if region and region not in self.catalog.regions:
            return self._unknown_region(query, [region])
        ambiguous = [m for m in query.mentions if m.choices]
        if ambiguous and not query.regions and not region:
            return self._ask_region(query, list(ambiguous[0].choices))
        if query.unknown_regions and not query.regions:
            return self._unknown_region(query, query.unknown_regions)
        regions = query.regions or ([region] if region else [])
        if query.legal and _REGULATION_WORDS.search(fold(query.text)):
            legal = self._legal(query, regions)
            if legal:
                return legal
        if query.asked.person:
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
        if not regions and _ALL_REGIONS.search(fold(query.text)):
            regions = list(self.catalog.regions)
        if len(regions) > 1:
            return self._compare(query, regions)
        if not regions:
            if len(self.catalog.regions) == 1:
                return self._single(query, self.catalog.regions[0])
            return self._ask_region(query, self.catalog.regions)
        return self._single(query, regions[0])

    def _ask_region(self, query: Query, choices: list[str]) -> Answer:
        """Ask back which region is meant rather than answer from an arbitrary document."""
        listed = ", ".join(choices)
        text = _t(
            query,
            f"Pertanyaan ini perlu wilayah: daerah mana yang Anda maksud? Pilihan: {listed}.",
            f"Which region do you mean? This question needs one. Choices: {listed}.",
        )
        return Answer(query.text, text, True, None, basis="clarify", clarify=list(choices))

    def _unknown_region(self, query: Query, names: list[str]) -> Answer:
        text = _t(
            query,
            f"Dokumen untuk {', '.join(names)} tidak ada di TanyaRB, jadi pertanyaan ini tidak bisa "
            f"dijawab. Wilayah yang tersedia: {self.catalog.describe()}.",
            f"TanyaRB has no document for {', '.join(names)}, so it cannot answer this. "
            f"Regions covered: {self.catalog.describe()}.",
        )
        return Answer(query.text, text, True, None, basis="none")

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
        return Answer(query.text, text, True, region, basis="none")

    # ---- single region --------------------------------------------------------------------
    def _single(self, query: Query, region: str | None) -> Answer:
        return self._find(query, region).answer

    def _find(self, query: Query, region: str | None) -> _Finding:
        started = time.perf_counter()
        if region:
            # Exact record and list look-ups first (they answer whole blocks and lists), then
            # the fitted unit scorer; the passage search below only when both find nothing.
            # A plan row's years are no frequency, a list is no definition and an area's
            # indicators are not any list that mentions indicators: for those the look-ups
            # come only after the scorer.
            late = self.unit_strategy is not None and query.asked.field in (
                AskedField.FREQUENCY,
                AskedField.DEFINITION,
                AskedField.INDICATOR,
            )
            structured = None if late else self._structured(query, region)
            if structured is None and self.unit_strategy is not None:
                outcome = self.unit_strategy.answer(query, query.asked, region)
                if outcome.answered or outcome.reason:
                    return self._unit_finding(query, region, outcome, started)
                if late:
                    structured = self._structured(query, region)
            if structured is not None:
                structured.answer.timing_ms["retrieve"] = (time.perf_counter() - started) * 1000
                return structured
        hits = self.searcher.search(query.text, [region] if region else None, self.top_k)
        retrieve_ms = (time.perf_counter() - started) * 1000
        ranked = self._rank_units(query, [h.chunk for h in hits])
        if not ranked or ranked[0][0] < MIN_COVERAGE:
            answer = self._abstain(query, region)
            answer.timing_ms["retrieve"] = retrieve_ms
            return _Finding(answer)
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
            return _Finding(answer)
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
        return _Finding(answer, value=value, subject=_short(_row_subject(best), 120), units=units)

    def _unit_finding(
        self, query: Query, region: str, outcome: UnitOutcome, started: float
    ) -> _Finding:
        if not outcome.answered:
            answer = self._abstain(query, region, outcome.reason)
            answer.citations = outcome.citations[:1]
        else:
            best = outcome.best
            assert best is not None
            source = self._source(best.document, best.line_start, best.line_end, best.page)
            answer = Answer(
                query.text,
                f"{outcome.text} ({source})",
                False,
                region,
                outcome.citations,
                basis="units",
            )
        answer.timing_ms["retrieve"] = (time.perf_counter() - started) * 1000
        subject = outcome.best.record.subject() if outcome.best and outcome.best.record else ""
        return _Finding(
            answer, value=outcome.value, subject=_short(subject, 120), units=outcome.units
        )

    def _structured(self, query: Query, region: str) -> _Finding | None:
        """An answer from the records or stated lists, when one fits the question."""
        asks_list = bool({"list", "designation", "common"} & query.intents)
        lists_first = asks_list and (
            "designation" in query.intents or "responsible" not in query.intents
        )
        area = area_in(query.text)
        if (
            "responsible" in query.intents
            and area
            and _AREA_QUESTION.search(fold(query.text))
            and self.records is not None
        ):
            listed = self._area_units(query, region, area)
            if listed is not None:
                return listed
        if asks_list and area is None and _AREAS_ASKED.search(fold(query.text)):
            areas = self._areas(query, region)
            if areas is not None:
                return areas
        if lists_first:
            stated = self._from_list(query, region)
            if stated is not None:
                return stated
        if "designation" not in query.intents and self.records is not None:
            from_records = self._from_records(query, region)
            if from_records is not None:
                return from_records
        if asks_list and not lists_first:
            return self._from_list(query, region)
        return None

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
        if "frequency" in query.intents and _FREQUENCY.search(fold(unit.text)):
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
        return self._source(unit.chunk.document, unit.line_start, unit.line_end, unit.chunk.page)

    def _source(self, document: str, line_start: int, line_end: int, page: int | None) -> str:
        """ "Perwali Kota Blitar No. 97/2022, baris 562": the regulation and the lines."""
        meta = self._meta(document)
        label = meta.short_label if meta else document
        return f"{label}, {lines_label(line_start, line_end, page)}"

    def document_label(self, document: str) -> str:
        """ "Perwali Kota Blitar No. 97/2022" for a document name, or the name itself."""
        meta = self._meta(document)
        return meta.short_label if meta else document

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
    def _from_records(self, query: Query, region: str) -> _Finding | None:
        """Who / when / what target, answered from the records when one fits the question."""
        assert self.records is not None
        wants = {"responsible", "schedule", "target", "indicator"} & query.intents
        if not wants:
            return None
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
        values: list[str] = []
        citations: list[Citation] = []
        for hit in chosen:
            fact, cited, value = self._record_fact(query, hit, hits)
            facts.append(fact)
            values.append(value)
            citations.extend(c for c in cited if c not in citations)
        text = " ".join(facts) + f" ({self._record_source(best.record)})"
        answer = Answer(query.text, text, False, region, citations[:6], basis="records")
        units = tuple(
            dict.fromkeys(canonical_name(u, region) for h in chosen for u in h.record.lead)
        )
        subject = " + ".join(
            _short(" / ".join(dict.fromkeys(_record_subject(h.record))), 120) for h in chosen
        )
        return _Finding(answer, value="; ".join(values), subject=subject, units=units)

    def _from_list(self, query: Query, region: str) -> _Finding | None:
        """The entries of the list the document states about the question's subject."""
        if self.lists is None:
            return None
        hits = self.lists.search(query, region)
        if not hits or hits[0].coverage < MIN_LIST_COVERAGE:
            return None
        stated = hits[0].stated
        entries = [
            f"{n}. {_short(item_text(r), 220)}"
            for n, r in enumerate(stated.items[:MAX_LIST_SHOWN], 1)
        ]
        more = len(stated.items) - MAX_LIST_SHOWN
        if more > 0:
            entries.append(_t(query, f"… dan {more} butir lainnya.", f"… and {more} more."))
        title = _short(stated.title, 240)
        head = _t(
            query,
            f"Menurut dokumen ({len(stated.items)} butir) — «{title}»:",
            f"The document lists {len(stated.items)} entries — «{title}»:",
        )
        source = self._source(stated.document, stated.line_start, stated.line_end, None)
        text = "\n".join([head, *entries, f"({source})"])
        answer = Answer(query.text, text, False, region, self._list_citations(stated), basis="list")
        names = tuple(item_name(r) for r in stated.items)
        return _Finding(
            answer,
            value="; ".join(_short(n, 80) for n in names[:MAX_LIST_SHOWN]),
            subject=_short(title, 120),
            items=names,
        )

    def _list_citations(self, stated: StatedList) -> list[Citation]:
        first = stated.items[0]
        whole = Citation(
            first.document,
            first.region,
            first.section,
            stated.line_start,
            stated.line_end,
            first.page,
            _short(stated.title, 300),
        )
        entries = [self._record_citation(r, r.line_start, item_text(r)) for r in stated.items[:5]]
        return [whole, *entries]

    def _areas(self, query: Query, region: str) -> _Finding | None:
        """The areas perubahan the region's action plan is organised in, each cited."""
        assert self.records is not None
        areas = self.records.areas(region)
        if len(areas) < 2:
            return None
        entries = [f"{n}. {area} (baris {r.line_start})" for n, (area, r) in enumerate(areas, 1)]
        head = _t(
            query,
            f"Area perubahan dalam tabel rencana aksi {region}:",
            f"Areas of change in the {region} action plan tables:",
        )
        first = areas[0][1]
        text = "\n".join([head, *entries, f"({self._record_source(first)})"])
        citations = [self._record_citation(r, r.line_start, area) for area, r in areas]
        answer = Answer(query.text, text, False, region, citations, basis="records")
        names = tuple(area for area, _r in areas)
        return _Finding(answer, value="; ".join(names), subject=first.table, items=names)

    def _area_units(self, query: Query, region: str, area: str) -> _Finding | None:
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
        answer = Answer(
            query.text,
            text + f" ({self._record_source(units[0][1])})",
            False,
            region,
            citations,
            basis="records",
        )
        return _Finding(
            answer,
            value=", ".join(u for u, _r in units),
            subject=area,
            units=tuple(dict.fromkeys(canonical_name(u, region) for u, _r in units)),
        )

    def _record_fact(
        self, query: Query, hit: RecordHit, hits: list[RecordHit]
    ) -> tuple[str, list[Citation], str]:
        """The sentence answering the question from one record, its citations, and the bare
        value (units, years or targets) for a comparison table."""
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
            return fact, citations, listed
        if "indicator" in query.intents and record.indicator and "responsible" not in query.intents:
            about = _short(record.activity or record.heading or record.table, 160)
            fact = _t(
                query,
                f"Indikator: {record.indicator} — untuk «{about}».",
                f"Indicator: {record.indicator} — for «{about}».",
            )
            if record.baseline or record.targets:
                values = ", ".join(f"{y}: {v}" for y, v in record.targets)
                baseline = f"baseline {record.baseline}" if record.baseline else ""
                fact += " " + "; ".join(p for p in (baseline, values) if p).capitalize() + "."
            if record.lead:
                fact += _t(
                    query,
                    f" Penanggung jawab: {'; '.join(record.lead)}.",
                    f" Responsible: {'; '.join(record.lead)}.",
                )
            return fact, citations, record.indicator
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
            return fact, citations, units
        planned = _planned_years(query, record)
        if planned:
            when = "; ".join(f"{year}: «{_short(text, 140)}»" for year, text in planned)
            return (
                _t(
                    query,
                    f"Dijadwalkan pada tahun {when} — «{subject}».",
                    f"Scheduled in {when} — «{subject}».",
                ),
                citations,
                ", ".join(str(year) for year, _text in planned),
            )
        if record.years:
            years = ", ".join(map(str, record.years))
            return (
                _t(
                    query,
                    f"Dijadwalkan pada tahun {years} — «{subject}».",
                    f"Scheduled in {years} — «{subject}».",
                ),
                citations,
                years,
            )
        listed = ", ".join(f"{y}: {v}" for y, v in record.targets)
        return f"{listed} — «{subject}».", citations, listed

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
        """One row per region (its answer, what it is about, its source), then a summary."""
        found: list[tuple[str, _Finding]] = []
        missing: list[str] = []
        retrieve = 0.0
        for region in regions:
            finding = self._find(self._clause_query(query, region), region)
            retrieve += finding.answer.timing_ms.get("retrieve", 0.0)
            if finding.answer.abstained:
                missing.append(region)
            else:
                found.append((region, finding))
        if not found:
            return self._abstain(query, None)
        citations: list[Citation] = []
        rows: list[tuple[str, ...]] = []
        sources: list[tuple[int, ...]] = []
        for region, finding in found:
            numbers: list[int] = []
            for citation in finding.answer.citations[:2]:
                if citation not in citations:
                    citations.append(citation)
                numbers.append(citations.index(citation) + 1)
            label = self._citation_label(finding.answer.citations[0])
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
        lines = [head, *_markdown_table(columns, rows)]
        lines.append(summary)
        table = AnswerTable(columns, tuple(rows), tuple(sources), summary)
        answer = Answer(
            query.text, "\n".join(lines), False, None, citations, table=table, basis="comparison"
        )
        answer.timing_ms["retrieve"] = retrieve
        return answer

    def _citation_label(self, citation: Citation) -> str:
        return self._source(
            citation.document, citation.line_start or 0, citation.line_end or 0, citation.page
        )

    def _summary(self, query: Query, found: list[tuple[str, _Finding]], missing: list[str]) -> str:
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
        for clause in _CLAUSES.split(query.text):
            if fold(mention) in fold(clause):
                sub = analyze(clause, self.catalog)
                if len(set(sub.tokens)) >= 2:
                    sub.intents |= query.intents
                    sub.legal |= query.legal
                    sub.english = query.english
                    return sub
        return query

    # ---- facts about the regulation itself --------------------------------------------------
    def _legal(self, query: Query, regions: list[str]) -> Answer | None:
        scope = regions or self.catalog.regions
        if "period" in query.legal and not regions and query.years:
            return self._period_filter(query, query.years[-1])
        # Every legal fact asked is answered ("ditetapkan kapan dan siapa yang menandatangani").
        fields = [
            f
            for f in ("signatory", "enacted", "promulgator", "period", "amends", "revokes")
            if f in query.legal
        ]
        parts: list[str] = []
        citations: list[Citation] = []
        for region in scope:
            for meta in self.catalog.documents.get(region, []):
                values = []
                for field in fields:
                    value = _legal_value(query, meta, field)
                    if not value:
                        continue
                    values.append(value)
                    citation = self._locate(
                        meta, _legal_anchor(meta, field), query, earliest=field == "period"
                    )
                    if citation:
                        citations.append(citation)
                if values:
                    joined = " ".join(values)
                    parts.append(joined if len(scope) == 1 else f"- {region}: {joined}")
        if not parts:
            return None
        answered_region = scope[0] if len(scope) == 1 else None
        return Answer(
            query.text, "\n".join(parts), False, answered_region, citations, basis="metadata"
        )

    def _period_filter(self, query: Query, year: int) -> Answer:
        """Which road maps end in ``year``: a table of every region's period, each cited."""
        matching: list[str] = []
        others: list[str] = []
        citations: list[Citation] = []
        rows: list[tuple[str, ...]] = []
        sources: list[tuple[int, ...]] = []
        yes, no = _t(query, "ya", "yes"), _t(query, "tidak", "no")
        for region in self.catalog.regions:
            for meta in self.catalog.documents[region]:
                if not meta.period:
                    continue
                ends = meta.period_end == year
                (matching if ends else others).append(f"{region} ({meta.period})")
                citation = self._locate(meta, meta.period.replace("-", " "), query, earliest=True)
                label = ""
                if citation:
                    citations.append(citation)
                    label = f"[{len(citations)}] {self._citation_label(citation)}"
                rows.append((region, meta.period, yes if ends else no, label))
                sources.append((len(citations),) if citation else ())
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
        columns = (
            _t(query, "Wilayah", "Region"),
            _t(query, "Periode", "Period"),
            _t(query, f"Berakhir {year}", f"Ends in {year}"),
            _t(query, "Sumber", "Source"),
        )
        # Citations of the matching regions first: they are the answer.
        order = sorted(range(len(rows)), key=lambda i: rows[i][2] != yes)
        table = AnswerTable(
            columns, tuple(rows[i] for i in order), tuple(sources[i] for i in order), text
        )
        lines = [text, *_markdown_table(columns, table.rows)]
        return Answer(
            query.text, "\n".join(lines), False, None, citations, table=table, basis="metadata"
        )

    def _locate(
        self, meta: DocumentMeta, anchor: str, query: Query, *, earliest: bool = False
    ) -> Citation | None:
        """Cite the line of ``meta``'s document that states ``anchor``."""
        wanted = _squash(anchor)
        if not wanted:
            return None
        best: tuple[int, int, str, Chunk] | None = None
        for line, squashed, raw, chunk in self._squashed_lines(meta.name):
            if wanted in squashed:
                overlap = 0 if earliest else len(set(query.tokens) & set(lexical_tokens(raw)))
                if best is None or (-overlap, line) < (best[0], best[1]):
                    best = (-overlap, line, raw, chunk)
        if best is None:
            return None
        _, line, raw, chunk = best
        quote = raw if not chunk.rows else chunk.text
        return Citation(
            meta.name, meta.region or "", chunk.section, line, line, chunk.page, _short(quote, 300)
        )

    def _squashed_lines(self, document: str) -> list[tuple[int, str, str, Chunk]]:
        """(line, squashed text, text, chunk) of every chunk line of a document, built once:
        regulation facts are located in them on every metadata answer."""
        if document not in self._lines:
            lines = []
            for chunk in self.searcher.chunks.values():
                if chunk.document != document:
                    continue
                for offset, raw in enumerate(chunk.text.split("\n")):
                    line = chunk.line_start + offset if not chunk.rows else chunk.line_start
                    lines.append((line, _squash(raw), raw, chunk))
            self._lines[document] = lines
        return self._lines[document]


def _field_label(query: Query) -> str:
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


def _markdown_table(
    columns: tuple[str, ...], rows: list[tuple[str, ...]] | tuple[tuple[str, ...], ...]
) -> list[str]:
    """A comparison as Markdown table lines, for text-only interfaces."""
    return [
        _pipe_row(columns),
        _pipe_row(tuple("---" for _ in columns)),
        *(_pipe_row(row) for row in rows),
    ]


def _pipe_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(_short(c, 200).replace("|", "/") for c in cells) + " |"


def _shared_items(listed: list[tuple[str, _Finding]], regions: list[str]) -> list[str]:
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


def _fits(query: Query, record: Record) -> bool:
    """Whether a record holds what the question asks for."""
    if query.years and any(record.target_for(y) for y in query.years):
        return True
    if "responsible" in query.intents:
        return bool(record.lead) and record.kind != "team"
    if "indicator" in query.intents:
        # What the plan measures, not what a past achievement table reported.
        return (
            bool(record.indicator)
            and record.indicator != record.activity
            and record.kind in ("action", "target", "responsibility")
        )
    # "Tahun berapa ...?" reads as both a target and a schedule question.
    if "target" in query.intents and record.targets and not query.years:
        return True
    return "schedule" in query.intents and bool(record.years)


def _planned_years(query: Query, record: Record) -> list[tuple[int, str]]:
    """The years whose plan cell holds the step the question asks about, when the cells
    differ from year to year ("2022: Pembentukan agen perubahan", "2023: Penyusunan ...")."""
    cells = plan_cells(record)
    if len({text for _y, text in cells}) < 2:
        return []
    asked = set(query.tokens)
    scored = [(len(asked & set(lexical_tokens(text))), year, text) for year, text in cells]
    best = max(score for score, _y, _t in scored)
    if not best:
        return []
    return [(year, text) for score, year, text in scored if score == best]


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


_HEAD_OF = {"Kota": "Walikota", "Kabupaten": "Bupati", "Provinsi": "Gubernur"}


def _legal_value(query: Query, meta: DocumentMeta, field: str) -> str | None:
    label = meta.short_label
    if field == "signatory" and meta.signatory:
        return _t(
            query,
            f"{label} ditandatangani oleh {_title_name(meta.signatory)} "
            f"({_HEAD_OF.get(meta.region_kind or '', 'Kepala Daerah')}).",
            f"{label} was signed by {_title_name(meta.signatory)}.",
        )
    if field == "enacted" and meta.enacted:
        promulgated = meta.promulgated or "-"
        signer = _title_name(meta.signatory) if meta.signatory else ""
        signed = f"; ditandatangani oleh {signer}" if signer else ""
        signed_en = f"; signed by {signer}" if signer else ""
        return _t(
            query,
            f"{label} ditetapkan di {meta.enacted_place or '-'} pada {meta.enacted} "
            f"dan diundangkan pada {promulgated}{signed}.",
            f"{label} was enacted (ditetapkan) on {meta.enacted} and promulgated "
            f"(diundangkan) on {promulgated}{signed_en}.",
        )
    if field == "promulgator" and meta.promulgator:
        return _t(
            query,
            f"{label} diundangkan oleh Sekretaris Daerah {_title_name(meta.promulgator)}.",
            f"{label} was promulgated by the Regional Secretary (Sekretaris Daerah) "
            f"{_title_name(meta.promulgator)}.",
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
        "promulgator": meta.promulgator or "",
        "enacted": meta.enacted or "",
        "period": (meta.period or "").replace("-", " "),
        "amends": re.sub(r"^PERATURAN\s+", "", meta.amends or "", flags=re.I),
        "revokes": " ".join((meta.revokes or "").split()[:7]),
    }[field]


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def _title_name(name: str) -> str:
    """A signer's name for a sentence: title case if printed in capitals, no closing dot
    ("M.Pd." would end the sentence twice)."""
    shown = (
        name
        if not name.isupper()
        else " ".join(w.capitalize() if len(w) > 2 else w for w in name.split())
    )
    return shown.rstrip(".")


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
