"""Exact look-ups over the action-plan records and the lists the documents state: who is
responsible for a block, when it runs, what it targets, which areas and entries there are."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retriever.fields import AskedField
from retriever.finding import Finding, Sources
from retriever.lists import ListIndex, StatedList, counted_entries, item_name, item_text
from retriever.query import Query
from retriever.records import RecordHit, RecordIndex, plan_cells
from retriever.thresholds import Thresholds
from retriever.wording import relevant_part, shorten_tail
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.measures import other_measure
from tanyarb.core.models import Answer, Citation, Record
from tanyarb.core.textnorm import fold, lexical_tokens
from tanyarb.core.units import canonical_name, describe_unit

MAX_LIST_SHOWN = 15
_AREAS_ASKED = re.compile(r"\barea(?:-area)? (?:perubahan|rb|reformasi)\b|\bareas? of change\b")
_AREA_QUESTION = re.compile(r"\barea\b|\bsiapa saja\b|\bapa saja\b|\bsemua\b|\bwhich units\b")


@dataclass
class LookupStrategy:
    """Answers whole blocks, areas and stated lists from the records and lists of a region."""

    records: RecordIndex
    lists: ListIndex
    sources: Sources
    thresholds: Thresholds

    def find(self, query: Query, region: str) -> Finding | None:
        """An answer from the records or stated lists, when one fits the question."""
        # The fitted type decides when it says "list": "siapa saja yang terlibat ..." asks
        # for a stated list, though "siapa" alone reads as a question for a unit.
        typed_list = query.asked.field is AskedField.LIST
        asks_list = typed_list or bool({"list", "designation", "common"} & query.intents)
        lists_first = asks_list and (
            typed_list or "designation" in query.intents or "responsible" not in query.intents
        )
        area = query.area
        asks_units = query.asked.field is AskedField.UNIT
        if asks_units and area and _AREA_QUESTION.search(fold(query.text)):
            listed = self._area_units(query, region, area)
            if listed is not None:
                return listed
        if (
            asks_list
            and area is None
            and not query.article
            and _AREAS_ASKED.search(fold(query.text))
        ):
            areas = self._areas(query, region)
            if areas is not None:
                return areas
        if lists_first:
            stated = self._from_list(query, region)
            if stated is not None:
                return stated
        if "designation" not in query.intents:
            from_records = self._from_records(query, region)
            if from_records is not None:
                return from_records
        if asks_list and not lists_first:
            return self._from_list(query, region)
        return None

    # ---- answers from action-plan records ------------------------------------------------
    def _from_records(self, query: Query, region: str) -> Finding | None:
        """Who / when / what target, answered from the records when one fits the question."""
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
                and union >= self.thresholds.record_coverage
                and not other.covered <= best.covered
                and other.record.document == best.record.document
            ):
                chosen.append(other)
                break
        if len(chosen) == 1 and best.score < self.thresholds.record_coverage:
            return None
        facts: list[str] = []
        values: list[str] = []
        citations: list[Citation] = []
        for hit in chosen:
            fact, cited, value = self._record_fact(query, hit, hits)
            facts.append(fact)
            values.append(value)
            citations.extend(c for c in cited if c not in citations)
        text = " ".join(facts) + f" ({self.sources.record_source(best.record)})"
        answer = Answer(query.text, text, False, region, citations[:6], basis="records")
        units = tuple(
            dict.fromkeys(canonical_name(u, region) for h in chosen for u in h.record.lead)
        )
        subject = " + ".join(
            _short(" / ".join(dict.fromkeys(_record_subject(h.record))), 120) for h in chosen
        )
        return Finding(answer, value="; ".join(values), subject=subject, units=units)

    def _from_list(self, query: Query, region: str) -> Finding | None:
        """The entries of the list the document states about the question's subject."""
        hits = self.lists.search(query, region)
        if not hits or hits[0].coverage < self.thresholds.list_coverage:
            return None
        stated = hits[0].stated
        entries = [
            f"{n}. {relevant_part(query, item_text(r))}"
            for n, r in enumerate(stated.items[:MAX_LIST_SHOWN], 1)
        ]
        more = len(stated.items) - MAX_LIST_SHOWN
        if more > 0:
            entries.append(_t(query, f"… dan {more} butir lainnya.", f"… and {more} more."))
        title = shorten_tail(stated.title, 240)
        head = _t(
            query,
            f"Menurut dokumen ({len(stated.items)} butir) — «{title}»:",
            f"The document lists {len(stated.items)} entries — «{title}»:",
        )
        source = self.sources.source(stated.document, stated.line_start, stated.line_end, None)
        text = "\n".join([head, *entries, f"({source})"])
        answer = Answer(query.text, text, False, region, self._list_citations(stated), basis="list")
        names = tuple(item_name(r) for r in stated.items)
        return Finding(
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
        entries = [
            self.sources.record_citation(r, r.line_start, item_text(r)) for r in stated.items[:5]
        ]
        return [whole, *entries]

    def _areas(self, query: Query, region: str) -> Finding | None:
        """The areas perubahan the region's action plan is organised in, each cited."""
        areas = self.records.areas(region)
        counted = counted_entries(query)
        if len(areas) < 2 or (counted is not None and counted != len(areas)):
            return None  # "3 prioritas area": a stated list of three, not every area
        entries = [f"{n}. {area} (baris {r.line_start})" for n, (area, r) in enumerate(areas, 1)]
        head = _t(
            query,
            f"Area perubahan dalam tabel rencana aksi {region}:",
            f"Areas of change in the {region} action plan tables:",
        )
        first = areas[0][1]
        text = "\n".join([head, *entries, f"({self.sources.record_source(first)})"])
        citations = [self.sources.record_citation(r, r.line_start, area) for area, r in areas]
        answer = Answer(query.text, text, False, region, citations, basis="records")
        names = tuple(area for area, _r in areas)
        return Finding(answer, value="; ".join(names), subject=first.table, items=names)

    def _area_units(self, query: Query, region: str, area: str) -> Finding | None:
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
        citations = [
            self.sources.record_citation(r, r.unit_line or r.line_start, u) for u, r in units[:8]
        ]
        answer = Answer(
            query.text,
            text + f" ({self.sources.record_source(units[0][1])})",
            False,
            region,
            citations,
            basis="records",
        )
        return Finding(
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
        citations = [self.sources.record_citation(record, record.line_start, _record_quote(record))]
        if record.unit_line and record.unit_line != record.line_start:
            citations.append(
                self.sources.record_citation(record, record.unit_line, "; ".join(record.lead))
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
                    self.sources.record_citation(other, other.line_start, _record_quote(other))
                )
                # A comparison shows both values too.
                listed += _t(query, f" (tabel lain: {values})", f" (another table: {values})")
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


def _fits(query: Query, record: Record) -> bool:
    """Whether a record holds what the question asks for."""
    if other_measure(query.text, _record_words(record)):
        # The question names a measure (Indeks RB, IKM...) and the row is about another.
        return False
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


def _record_words(record: Record) -> str:
    """Every cell of the record with its heading, activity and indicator."""
    cells = [v for _h, v in record.fields]
    return " ".join(t for t in (record.heading, record.activity, record.indicator, *cells) if t)


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
