"""Data types shared by ingest, retriever and every interface."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about one regulation, extracted from its text (and corpus/manifest.toml)."""

    name: str
    region: str | None = None
    region_kind: str | None = None  # Kota, Kabupaten or Provinsi
    province: str | None = None
    regulation_kind: str | None = None  # e.g. Peraturan Walikota
    number: str | None = None
    year: int | None = None
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    enacted: str | None = None  # ditetapkan: "10 November 2022"
    enacted_place: str | None = None
    promulgated: str | None = None  # diundangkan
    signatory: str | None = None
    promulgator: str | None = None  # the Sekretaris Daerah who promulgated it
    amends: str | None = None
    revokes: str | None = None
    source_format: str = "txt"

    @property
    def period(self) -> str | None:
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return None

    @property
    def short_label(self) -> str:
        kind = {
            "Peraturan Walikota": "Perwali",
            "Peraturan Bupati": "Perbup",
            "Peraturan Gubernur": "Pergub",
        }.get(self.regulation_kind or "", self.regulation_kind or "Peraturan")
        if self.number and self.year:
            return f"{kind} {self.region or ''} No. {self.number}/{self.year}".replace("  ", " ")
        return self.name

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["period"] = self.period
        return data


@dataclass(frozen=True)
class Chunk:
    """A retrievable piece of a document with its coordinates."""

    id: str
    document: str
    region: str
    section: str
    text: str
    line_start: int
    line_end: int
    page: int | None = None
    kind: str = "prose"  # prose or table
    # Table rows keep their cells (header -> value) and source line, one per row, for
    # extractive answers; empty for prose.
    rows: tuple[TableRowRef, ...] = ()

    def coordinates(self) -> dict[str, Any]:
        """Where the chunk stands: document, region, section, lines and page."""
        return {
            "document": self.document,
            "region": self.region,
            "section": self.section,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "page": self.page,
        }


@dataclass(frozen=True)
class TableRowRef:
    line: int
    cells: tuple[tuple[str, str], ...]
    responsible: str | None = None
    responsible_line: int | None = None
    parent_line: int | None = None
    parent_text: str | None = None


def document_path(document: str, *tail: str) -> str:
    """A path under the API's ``/documents/``, each segment URL-quoted: a file named
    ``contoh #1?.pdf`` is ``/documents/contoh%20%231%3F.pdf/source``, not a fragment."""
    from urllib.parse import quote

    return "/" + "/".join(quote(segment, safe="") for segment in ("documents", document, *tail))


def view_path(document: str, line_start: int | None, line_end: int | None) -> str:
    """The API's document view with the cited lines highlighted: ``/documents/x/view?lines=
    906-907#L906``. The API serves it; the bot and the widget link to it."""
    path = document_path(document, "view")
    if line_start is not None:
        path += f"?lines={line_start}-{line_end or line_start}#L{line_start}"
    return path


def lines_label(line_start: int | None, line_end: int | None, page: int | None) -> str:
    """How a reader is pointed at a place: "baris 906", "baris 12-14, hlm. 3"."""
    label = f"baris {line_start}" if line_start == line_end else f"baris {line_start}-{line_end}"
    return label + (f", hlm. {page}" if page else "")


@dataclass(frozen=True)
class Citation:
    document: str
    region: str
    section: str
    line_start: int | None
    line_end: int | None
    page: int | None
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class AnswerTable:
    """A comparison as a table: one row per region; ``sources`` holds, per row, the 1-based
    numbers of the answer's citations that back that row's cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[tuple[int, ...], ...]
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "rows": [list(r) for r in self.rows],
            "sources": [list(s) for s in self.sources],
            "summary": self.summary,
        }


@dataclass
class Answer:
    """The JSON answer every interface returns."""

    question: str
    answer: str
    abstained: bool
    region: str | None
    citations: list[Citation] = field(default_factory=list)
    timing_ms: dict[str, float] = field(default_factory=dict)
    table: AnswerTable | None = None  # comparisons across regions
    # What the answer rests on: records (table rows), list (a stated list), text (retrieved
    # passages), metadata (the regulation's own data), comparison, or none (abstained).
    basis: str = "text"
    # A question asked back: the regions (or other choices) the user may pick from.
    clarify: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "region": self.region,
            "citations": [c.to_dict() for c in self.citations],
            "table": self.table.to_dict() if self.table else None,
            "basis": self.basis,
            "clarify": self.clarify or None,
            "timing_ms": {k: round(v, 2) for k, v in self.timing_ms.items()},
        }


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float
    lexical_rank: int | None = None
    dense_rank: int | None = None


@dataclass(frozen=True)
class Record:
    """One row of an action-plan, target, quick-win or team table, as named fields; or one
    entry (kind ``item``) of an enumeration the text or a plain table lists.

    ``lead`` and ``support`` hold the units as the document prints them; ``unit_line`` is the
    line that carries the lead unit when the row inherits it from its block heading.
    """

    id: str
    document: str
    region: str
    table: str
    kind: str  # action, target, quick_win, team, achievement, responsibility or item
    line_start: int
    line_end: int
    page: int | None = None
    area: str | None = None
    heading: str | None = None
    activity: str | None = None
    indicator: str | None = None
    measure: str | None = None
    baseline: str | None = None
    baseline_year: int | None = None
    targets: tuple[tuple[int, str], ...] = ()
    years: tuple[int, ...] = ()
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    unit_line: int | None = None
    budget: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    section: str = ""  # the section path of the table, as chunks and citations name it
    list_line: int | None = None  # items: the line of the sentence that introduces the list

    def target_for(self, year: int) -> str | None:
        return dict(self.targets).get(year)

    def subject(self) -> str:
        """What the row is about, in the document's words."""
        return self.activity or self.indicator or self.heading or self.area or self.table

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["targets"] = {str(year): value for year, value in self.targets}
        data["years"] = list(self.years)
        data["lead"] = list(self.lead)
        data["support"] = list(self.support)
        data["fields"] = [list(pair) for pair in self.fields]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        data = dict(data)
        data["targets"] = tuple((int(y), v) for y, v in data.get("targets", {}).items())
        data["years"] = tuple(data.get("years", ()))
        data["lead"] = tuple(data.get("lead", ()))
        data["support"] = tuple(data.get("support", ()))
        data["fields"] = tuple((h, v) for h, v in data.get("fields", ()))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
