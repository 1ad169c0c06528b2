"""What every answer strategy returns (a :class:`Finding`) and how it labels its sources."""

from __future__ import annotations

from dataclasses import dataclass

from retriever.query import Query
from retriever.regions import RegionCatalog
from retriever.wording import say, shorten
from tanyarb.core.models import Answer, Citation, DocumentMeta, Record, lines_label


@dataclass
class Finding:
    """One region's answer, with the bare field a comparison table shows."""

    answer: Answer
    value: str = ""  # units, years, targets, list entries or the quoted fact
    subject: str = ""  # the row, area or list it comes from
    units: tuple[str, ...] = ()  # canonical names of the units it names
    items: tuple[str, ...] = ()  # entries of a stated list


@dataclass(frozen=True)
class Sources:
    """Labels sources for people ("Perwali Kota Blitar No. 97/2022, baris 562") and builds
    citations of records; every strategy cites the same way."""

    catalog: RegionCatalog

    def meta(self, document: str) -> DocumentMeta | None:
        for metas in self.catalog.documents.values():
            for meta in metas:
                if meta.name == document:
                    return meta
        return None

    def document_label(self, document: str) -> str:
        """ "Perwali Kota Blitar No. 97/2022" for a document name, or the name itself."""
        meta = self.meta(document)
        return meta.short_label if meta else document

    def source(self, document: str, line_start: int, line_end: int, page: int | None) -> str:
        """ "Perwali Kota Blitar No. 97/2022, baris 562": the regulation and the lines."""
        return f"{self.document_label(document)}, {lines_label(line_start, line_end, page)}"

    def citation_label(self, citation: Citation) -> str:
        return self.source(
            citation.document, citation.line_start or 0, citation.line_end or 0, citation.page
        )

    def record_source(self, record: Record) -> str:
        return self.source(record.document, record.line_start, record.line_end, record.page)

    @staticmethod
    def record_citation(record: Record, line: int, quote: str) -> Citation:
        return Citation(
            record.document,
            record.region,
            record.section or record.table,
            line,
            line,
            record.page,
            shorten(quote, 300),
        )


def abstention(
    catalog: RegionCatalog, query: Query, region: str | None, reason: str | None = None
) -> Answer:
    """The answer when the documents do not say it: why (when known) and the regions covered."""
    scope = f" untuk {region}" if region else ""
    text = reason or say(
        query,
        f"Maaf, dokumen{scope} tidak memuat jawaban untuk pertanyaan ini.",
        f"Sorry, the documents{' for ' + region if region else ''} do not answer this question.",
    )
    text += say(
        query,
        f" Wilayah yang tersedia: {catalog.describe()}.",
        f" Regions covered: {catalog.describe()}.",
    )
    return Answer(query.text, text, True, region, basis="none")
