"""Facts about the regulation itself (who signed and promulgated it, when, what it amends or
revokes, the period it covers), from the document metadata, each cited at its line."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from retriever.finding import Sources
from retriever.query import Query
from retriever.regions import RegionCatalog
from retriever.wording import markdown_table
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.models import Answer, AnswerTable, Chunk, Citation, DocumentMeta
from tanyarb.core.textnorm import fold, lexical_tokens

# "Siapa yang menandatangani Perwali ini?": a question about the regulation, not its content.
REGULATION_WORDS = re.compile(
    r"\b(perwali|perbup|pergub|peraturan|regulations?|road ?maps?|roadmaps?|rb-nya|signed|"
    r"ditandatangani|menandatangani)\b"
)


@dataclass
class LegalStrategy:
    """Answers legal facts from the catalog's metadata, locating each in its document."""

    catalog: RegionCatalog
    sources: Sources
    chunks: dict[str, Chunk]
    _lines: dict[str, list[tuple[int, str, str, Chunk]]] = dataclasses.field(default_factory=dict)

    # ---- facts about the regulation itself --------------------------------------------------
    def answer(self, query: Query, regions: list[str]) -> Answer | None:
        scope = regions or self.catalog.regions
        if "period" in query.legal and not regions and query.years:
            return self._period_filter(query, query.years[-1])
        # Every legal fact asked is answered ("ditetapkan kapan dan siapa yang menandatangani").
        fields = [
            f
            for f in (
                "identity",
                "signatory",
                "enacted",
                "effective",
                "promulgator",
                "period",
                "amends",
                "revokes",
            )
            if f in query.legal
            # "merujuk Pergub nomor berapa" asks the number of another regulation.
            and not (f == "identity" and "basis" in query.legal)
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
                    label = f"[{len(citations)}] {self.sources.citation_label(citation)}"
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
        lines = [text, *markdown_table(columns, table.rows)]
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
            for chunk in self.chunks.values():
                if chunk.document != document:
                    continue
                for offset, raw in enumerate(chunk.text.split("\n")):
                    line = chunk.line_start + offset if not chunk.rows else chunk.line_start
                    lines.append((line, _squash(raw), raw, chunk))
            self._lines[document] = lines
        return self._lines[document]


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
            f"{label} was enacted (ditetapkan) in {meta.enacted_place or '-'} on {meta.enacted} "
            f"and promulgated (diundangkan) on {promulgated}{signed_en}.",
        )
    if field == "identity" and meta.number and meta.year:
        title = _sentence_case(meta.title) if meta.title else ""
        kind = meta.regulation_kind or "Peraturan"
        return _t(
            query,
            f"{label}: {kind} {meta.region or ''} Nomor {meta.number} Tahun {meta.year}"
            + (f" tentang {title}." if title else "."),
            f"{label}: {kind} {meta.region or ''} Number {meta.number} of {meta.year}"
            + (f", titled «{title}»." if title else "."),
        )
    if field == "effective" and meta.promulgated:
        return _t(
            query,
            f"{label} mulai berlaku pada tanggal diundangkan, yaitu {meta.promulgated}.",
            f"{label} takes effect on the day it was promulgated (diundangkan), "
            f"{meta.promulgated}.",
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
        "identity": meta.title or "",
        "effective": "mulai berlaku pada tanggal diundangkan",
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
