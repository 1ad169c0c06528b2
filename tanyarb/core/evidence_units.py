"""Evidence units: every answerable piece of a document as its own scored, embedded record.

A unit is one action-plan, target, quick-win or team row (with its block heading, area and
inherited units), one list entry with its lead-in, one Pasal 1 definition, or one prose
sentence. Units are built from what ingest stored (chunks and records), embedded once at ingest
(passage role, content-hash cached, so loading the index never embeds them again) and scored
exactly: a region has a few hundred units, so every one of them is scored for every question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from tanyarb.core.evidence import units_of
from tanyarb.core.models import Chunk, Record
from tanyarb.core.textnorm import TICK_MARKS, YEAR, clean_text

# Text embedded for a unit is cut here: units are short, and the tail of a long cell adds
# little while every extra token costs embedding time.
MAX_EMBED_CHARS = 700
DEFINED = re.compile(r"\s(?:adalah|yang selanjutnya (?:disebut|disingkat)|merupakan)\s", re.I)
MAX_TERM_WORDS = 8
# A target value: a number (with unit or grade beside it) or a short grade ("BB", "A").
_VALUE = re.compile(r"(?=.*\d).{1,40}|[A-E][A-B+]?|WTP|WDP")
_NUMBER = re.compile(r"\d")


class UnitKind(Enum):
    """What kind of evidence a unit is; the scorer learns how much each kind answers."""

    ACTION = "action"  # an action-plan row: activity, indicator, units, years
    TARGET = "target"  # an indicator with a baseline and targets per year
    QUICK_WIN = "quick_win"
    TEAM = "team"  # a team or working-group row (member, role, duty)
    ITEM = "item"  # an entry of a stated list, with its lead-in
    DEFINITION = "definition"  # "X adalah ..." (Pasal 1 and the like)
    ROW = "row"  # any other table row
    SENTENCE = "sentence"  # prose


@dataclass(frozen=True)
class EvidenceUnit:
    """One answerable unit with its place in the document."""

    id: str
    document: str
    region: str
    section: str
    kind: UnitKind
    text: str  # what the unit says, as a reader would quote it
    context: str  # heading, area and lead-in: what the unit is about
    line_start: int
    line_end: int
    page: int | None = None
    record: Record | None = None
    extra_lines: tuple[int, ...] = ()  # e.g. the line that carries an inherited unit

    @property
    def embed_text(self) -> str:
        """What is embedded: what the unit is about, most specific first. Unit names, ticks
        and the generic title of an action-plan table say little about the subject."""
        record = self.record
        if record is None:
            text = f"{self.text} ({self.context})" if self.context else self.text
        elif record.kind == "item":
            values = [v for _h, v in record.fields if v and v.strip() not in TICK_MARKS]
            own = ". ".join(values) if len(values) > 1 else record.activity
            text = f"{own}. {record.table}"
        else:
            parts = [record.activity, record.heading, record.indicator, record.area]
            if record.kind != "action":
                parts.append(record.table)
            text = ". ".join(clean_text(p) for p in dict.fromkeys(parts) if p)
        return text[:MAX_EMBED_CHARS]

    @property
    def lines(self) -> tuple[int, ...]:
        return (*range(self.line_start, self.line_end + 1), *self.extra_lines)

    # ---- what the unit holds --------------------------------------------------------------
    @property
    def lead(self) -> tuple[str, ...]:
        return self.record.lead if self.record else ()

    @property
    def support(self) -> tuple[str, ...]:
        return self.record.support if self.record else ()

    @property
    def targets(self) -> tuple[tuple[int, str], ...]:
        return self.record.targets if self.record else ()

    @property
    def years(self) -> tuple[int, ...]:
        return self.record.years if self.record else ()

    @property
    def indicator(self) -> str | None:
        return self.record.indicator if self.record else None

    def holds_number(self) -> bool:
        return bool(self.targets) or bool(_NUMBER.search(self.text))


_ALIAS = re.compile(
    r"\byang selanjutnya (?:disebut|disingkat)\s+(.{1,60}?)\s+(?:adalah|merupakan)\s", re.I
)
_NUMBERING = re.compile(r"^[\s\-–•]*(?:\(?\d+[.)]|[a-z][.)])?\s*")


# "..., yang dimaksud dengan akuntabilitas kinerja adalah ...": a definition inside a sentence.
# "... sebuah program yang disebut dengan Quick Wins yang merupakan suatu langkah ...": so does
# a term named and then described.
_MEANT = re.compile(
    r"\byang (?:dimaksud|disebut) dengan\s+(.{1,80}?)\s+(?:adalah|ialah|yaitu|yang merupakan)\s",
    re.I,
)


def defined_terms(text: str) -> tuple[str, ...]:
    """What a definition defines: its term, and the short name it introduces ("Perangkat Daerah
    yang selanjutnya disingkat PD adalah ..." defines "Perangkat Daerah" and "PD")."""
    meant = _MEANT.search(text)
    if meant:
        return (meant.group(1),)
    term = _NUMBERING.sub("", _term_part(text) or text.strip())
    alias = _ALIAS.search(text)
    return (term, alias.group(1)) if alias else (term,)


def defining_clause(text: str) -> str:
    """A definition's text from its term on: "yang dimaksud dengan X adalah ..." inside a
    longer sentence is quoted from X."""
    meant = _MEANT.search(text)
    return text[meant.start(1) :] if meant else text


def is_formal_definition(text: str) -> bool:
    """ "X adalah ...", "X yang selanjutnya disebut Y adalah ...": how a regulation defines a
    term (Pasal 1), as against a description ("X merupakan ...")."""
    head = DEFINED.search(f" {text} ")
    return bool(head) and "merupakan" not in head.group(0).lower()  # type: ignore[union-attr]


_FIRST_NUMBER = re.compile(r"(?:^|\s)1\.\s")
_ROLE_NUMBER = re.compile(r"(?:^|\s)\d{1,2}\.\s+")


def team_roles(cell: str) -> tuple[str, list[str]]:
    """(head, numbered entries) of a team row's cell. The role cell: "TIM EVALUASI 1. Ketua
    2. Anggota" -> ("TIM EVALUASI", ["Ketua", "Anggota"]); its office cell alike: "Inspektur
    1. Irban I 2. Irban II" -> ("Inspektur", ["Irban I", "Irban II"]). A cell without
    numbering is one entry under no head: "Ketua" -> ("", ["Ketua"])."""
    first = _FIRST_NUMBER.search(cell)
    if not first:
        return "", [cell.strip()] if cell.strip() else []
    entries = [r.strip() for r in _ROLE_NUMBER.split(cell[first.start() :]) if r.strip()]
    return cell[: first.start()].strip(), entries


def indicator_of(unit: EvidenceUnit) -> str | None:
    """The indicator a unit names: its record's indicator, or a plain-table row's cell under an
    "Indikator" / "Ukuran Keberhasilan" header."""
    if unit.record is None:
        return None
    if unit.record.indicator:
        return unit.record.indicator
    return next(
        (v for h, v in unit.record.fields if v and re.search(r"indikator|ukuran", h, re.I)), None
    )


def _term_part(text: str) -> str | None:
    """What comes before "adalah": the term, after a leading clause that says where the
    definition comes from ("Berdasarkan Permen PAN 90/2021, Zona Integritas adalah ...")."""
    parts = DEFINED.split(f" {text} ", maxsplit=1)
    if len(parts) != 2:
        return None
    return parts[0].rsplit(",", 1)[-1].strip()


def is_definition(text: str) -> bool:
    """ "Zona Integritas adalah predikat ...": a short term, then "adalah" and its meaning."""
    if _MEANT.search(text):
        return True
    term = _term_part(text)
    return term is not None and 0 < len(term.split()) <= MAX_TERM_WORDS


def _record_text(record: Record) -> tuple[str, str]:
    """(text, context) of a record: its own cells, and what it hangs under."""
    context_parts = [record.table, record.area, record.heading]
    if record.kind == "item":
        # A row of a plain table keeps every cell ("Penataan organisasi; Indikator: Indeks
        # kematangan kelembagaan"); an entry of a stated list is its text.
        cells = [f"{h}: {v}" for h, v in record.fields if v and v.strip() not in TICK_MARKS]
        text = "; ".join(cells) if len(cells) > 1 else record.activity or ""
    else:
        cells = [
            f"{header}: {value}"
            for header, value in record.fields
            if value and value.strip() and value.strip() not in TICK_MARKS
        ]
        text = "; ".join(cells) or (record.subject() or "")
        if record.years:
            text += f"; tahun: {', '.join(map(str, record.years))}"
    context = " > ".join(clean_text(p) for p in context_parts if p)
    return clean_text(text), context


def _kind_of_record(record: Record) -> UnitKind:
    if record.kind == "item" and record.activity and is_definition(record.activity):
        return UnitKind.DEFINITION
    return {
        "action": UnitKind.ACTION,
        "target": UnitKind.TARGET,
        "achievement": UnitKind.TARGET,
        "quick_win": UnitKind.QUICK_WIN,
        "team": UnitKind.TEAM,
        "responsibility": UnitKind.TEAM,
        "item": UnitKind.ITEM,
    }.get(record.kind, UnitKind.ROW)


def build_units(chunks: Iterable[Chunk], records: Iterable[Record]) -> list[EvidenceUnit]:
    """Every evidence unit of the given chunks and records (of any number of documents)."""
    units: list[EvidenceUnit] = []
    covered: dict[str, set[int]] = {}
    for record in records:
        text, context = _record_text(record)
        if not text:
            continue
        extra = tuple(
            line
            for line in (record.unit_line, record.list_line)
            if line is not None and not record.line_start <= line <= record.line_end
        )
        units.append(
            EvidenceUnit(
                id=f"r:{record.id}",
                document=record.document,
                region=record.region,
                section=record.section,
                kind=_kind_of_record(record),
                text=text,
                context=context,
                line_start=record.line_start,
                line_end=record.line_end,
                page=record.page,
                record=record,
                extra_lines=extra,
            )
        )
        covered.setdefault(record.document, set()).update(
            range(record.line_start, record.line_end + 1)
        )
    for chunk in chunks:
        lines = covered.get(chunk.document, set())
        heading = chunk.section.rsplit(" > ", 1)[-1] if chunk.section else ""
        for n, piece in enumerate(units_of(chunk)):
            if piece.line_start in lines:
                continue
            kind = UnitKind.ROW if piece.row else UnitKind.SENTENCE
            if kind is UnitKind.SENTENCE and is_definition(piece.text):
                kind = UnitKind.DEFINITION
            units.append(
                EvidenceUnit(
                    id=f"c:{chunk.id}:{n}",
                    document=chunk.document,
                    region=chunk.region,
                    section=chunk.section,
                    kind=kind,
                    text=piece.text,
                    context=heading,
                    line_start=piece.line_start,
                    line_end=piece.line_end,
                    page=chunk.page,
                )
            )
    return units


def year_values(unit: EvidenceUnit) -> dict[int, str]:
    """Year -> value of the unit's targets, or of year columns holding a number."""
    found = dict(unit.targets)
    if unit.record:
        for header, value in unit.record.fields:
            match = YEAR.search(header)
            value = value.strip()
            if match and value not in TICK_MARKS and _VALUE.fullmatch(value):
                found.setdefault(int(match.group(1)), value)
    return found
