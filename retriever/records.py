"""Exact look-ups over action-plan records: who, when, what target, and all units of an area."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retriever.query import Query
from tanyarb.core.evidence import Idf
from tanyarb.core.models import Record
from tanyarb.core.textnorm import YEAR, fold, lexical_tokens
from tanyarb.core.units import canonical_name

AREA_WEIGHT = 0.5
_WORDS = re.compile(r"[A-Za-z]{4,}")


@dataclass(frozen=True)
class RecordHit:
    record: Record
    score: float
    covered: frozenset[str]


@dataclass(frozen=True)
class _Entry:
    record: Record
    own: frozenset[str]  # activity, indicator, heading and the per-year plan cells
    primary: frozenset[str]  # activity, else indicator: what the row itself is about
    context: frozenset[str]  # area, table title and units


def plan_cells(record: Record) -> list[tuple[int, str]]:
    """(year, text) of a row's per-year plan ("2022: Pembentukan agen perubahan ..."): year
    columns that hold words rather than a tick or a target value."""
    out = []
    for header, value in record.fields:
        years = YEAR.findall(header)
        if len(years) == 1 and year_in(record, int(years[0])) and _WORDS.search(value):
            out.append((int(years[0]), value))
    return out


def year_in(record: Record, year: int) -> bool:
    return year in record.years and record.target_for(year) is None


class RecordIndex:
    """Records of every region, tokenised once, scored by the idf-weighted share of the
    question's words they hold."""

    def __init__(self, records: list[Record], idf: Idf) -> None:
        self.idf = idf
        self._all = list(records)
        self._by_region: dict[str, list[_Entry]] = {}
        for record in records:
            own = " ".join(
                t
                for t in (
                    record.activity,
                    record.indicator,
                    record.heading,
                    record.measure,
                    *(text for _year, text in plan_cells(record)),
                )
                if t
            )
            # The units count at half weight: "is Inspektorat in charge of ZI?" names one.
            context = f"{record.area or ''} {record.table} {' '.join(record.lead + record.support)}"
            primary = frozenset(lexical_tokens(record.activity or record.indicator or ""))
            entry = _Entry(
                record,
                frozenset(lexical_tokens(own)),
                primary,
                frozenset(lexical_tokens(context)),
            )
            self._by_region.setdefault(record.region, []).append(entry)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_region.values())

    def all(self) -> list[Record]:
        """Every record, in the order the index was given them (the store's reading order)."""
        return list(self._all)

    def records(self, region: str) -> list[Record]:
        return [e.record for e in self._by_region.get(region, [])]

    def search(self, query: Query, region: str, limit: int = 10) -> list[RecordHit]:
        weights = _weights(query, self.idf)
        total = sum(weights.values())
        if not total:
            return []
        hits: list[RecordHit] = []
        for entry in self._by_region.get(region, []):
            own = {t for t in weights if t in entry.own}
            near = {t for t in weights if t in entry.context and t not in own}
            score = (
                sum(weights[t] for t in own) + AREA_WEIGHT * sum(weights[t] for t in near)
            ) / total
            if own and entry.primary:
                # Between rows that hold the same words, prefer the one that is mostly them.
                score += 0.05 * len(own & entry.primary) / len(entry.primary)
            if score > 0:
                hits.append(RecordHit(entry.record, score, frozenset(own)))
        hits.sort(key=lambda h: (-h.score, h.record.line_start))
        return hits[:limit]

    def coverage(self, query: Query, tokens: frozenset[str]) -> float:
        """The idf-weighted share of the question's words among ``tokens``."""
        weights = _weights(query, self.idf)
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0

    def areas(self, region: str) -> list[tuple[str, Record]]:
        """Each area perubahan of the action plan with the first row filed under it."""
        seen: dict[str, Record] = {}
        for entry in self._by_region.get(region, []):
            record = entry.record
            if record.area and record.kind in ("action", "responsibility"):
                seen.setdefault(record.area, record)
        return list(seen.items())

    def area_units(self, region: str, area: str) -> list[tuple[str, Record]]:
        """Each distinct lead unit of ``area`` in ``region`` with the first row naming it."""
        seen: dict[str, tuple[str, Record]] = {}
        for entry in self._by_region.get(region, []):
            record = entry.record
            if record.area != area or record.kind not in ("action", "responsibility"):
                continue
            for unit in record.lead:
                key = fold(canonical_name(unit, region))
                if key not in seen:
                    seen[key] = (unit, record)
        return list(seen.values())


_INTENT_WORDS = frozenset(
    ["target", "tahun", "baseline", "capai", "jadwal", "indikator", "ukur", "indicator"]
)


def _weights(query: Query, idf: Idf) -> dict[str, float]:
    """Content words of the question with their idf; years and intent words say what to
    return, not which row."""
    return {
        t: idf(t) * query.weight(t)
        for t in set(query.tokens)
        if t not in _INTENT_WORDS and not t.isdigit()
    }
