"""Parse a regulation into sections along its structure, with 1-based line spans.

Body (*batang tubuh*): Judul, Menimbang, Mengingat, Menetapkan, BAB, Pasal, Penetapan.
LAMPIRAN: BAB, numbered sub-sections, tables (see :mod:`ingest.tables`). Nothing here depends on
one file's line numbers: the rules read the shapes every regulation of this family shares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.tables import Table, build_table, is_table_line
from tanyarb.core.textnorm import clean_text

_LEAD = r"^\s*(?:[-*#>]+\s*)?(?:\*\*)?"
_LAMPIRAN = re.compile(_LEAD + r"LAMPIRAN\b")
_BAB = re.compile(_LEAD + r"BAB\s+([IVXLC]+)\b\.?\s*(.*)$")
_PASAL = re.compile(_LEAD + r"Pasal\s+(\d+[A-Z]?|[IVX]+)\s*$")
_MENIMBANG = re.compile(_LEAD + r"(Menimbang|Menirnbang)\b", re.I)
_MENGINGAT = re.compile(_LEAD + r"Mengingat\b", re.I)
_MEMUTUSKAN = re.compile(_LEAD + r"(MEMUTUSKAN|Menetapkan)\b")
_PENETAPAN = re.compile(_LEAD + r"Ditetapkan\s+di\b", re.I)
_NUMBERED = re.compile(_LEAD + r"(\d+(?:\.\s?\d+)*)\.?\s+([A-Z][A-Z0-9 ,/&()'\-]{3,90})$")
_LETTERED = re.compile(_LEAD + r"([A-H])\.\s+([A-Z][A-Za-z0-9 ,/&()'\-]{3,90})$")
_TABLE_TITLE = re.compile(_LEAD + r"(Tabel|TABEL)\s+\d")
_UPPER_TITLE = re.compile(r"^[A-Z0-9 ,./&()'\-–]{12,200}$")


@dataclass
class Section:
    """A run of prose lines or one table under one section path."""

    path: str
    kind: str  # "prose" or "table"
    lines: list[tuple[int, str]] = field(default_factory=list)
    table: Table | None = None

    @property
    def line_start(self) -> int:
        return self.table.line_start if self.table else self.lines[0][0]

    @property
    def line_end(self) -> int:
        return self.table.line_end if self.table else self.lines[-1][0]


@dataclass
class _State:
    part: str = "Batang Tubuh"
    body: str = "Judul"
    bab: str | None = None
    sub: str | None = None
    in_lampiran: bool = False
    seen_penetapan: bool = False
    recent_title: str | None = None
    recent_title_line: int = 0

    def path(self) -> str:
        if not self.in_lampiran:
            return " > ".join(p for p in ("Batang Tubuh", self.bab, self.body) if p)
        return " > ".join(p for p in ("LAMPIRAN", self.bab, self.sub) if p)


def _next_text(lines: tuple[str, ...] | list[str], index: int, limit: int = 3) -> str:
    for follower in lines[index + 1 : index + 1 + limit]:
        text = clean_text(follower)
        if text and not is_table_line(follower):
            return text
    return ""


def parse_sections(lines: tuple[str, ...] | list[str]) -> list[Section]:
    """Split ``lines`` into prose and table sections, each with its section path."""
    state = _State()
    sections: list[Section] = []
    prose: Section | None = None
    index = 0
    total = len(lines)
    while index < total:
        raw = lines[index]
        number = index + 1
        if is_table_line(raw):
            end = _table_end(lines, index)
            title = state.recent_title if number - state.recent_title_line <= 8 else None
            table = build_table(
                title or "Tabel", [(i + 1, lines[i]) for i in range(index, end) if lines[i].strip()]
            )
            if table and table.rows:
                path = state.path() + (f" > {title}" if title else " > Tabel")
                sections.append(Section(path=path, kind="table", table=table))
            prose = None
            index = end
            continue
        text = clean_text(raw)
        if not text:
            index += 1
            continue
        heading = _heading(state, text, lines, index)
        if heading:
            prose = None
        if prose is None or prose.path != state.path():
            prose = Section(path=state.path(), kind="prose")
            sections.append(prose)
        prose.lines.append((number, text))
        if _TABLE_TITLE.match(raw) or (_UPPER_TITLE.match(text) and not heading):
            title = text
            if _TABLE_TITLE.match(raw) and len(text) < 16:
                title = f"{text} {_next_text(lines, index)}".strip()
            state.recent_title, state.recent_title_line = title[:160], number
        index += 1
    return [s for s in sections if s.table or s.lines]


def _table_end(lines: tuple[str, ...] | list[str], start: int) -> int:
    """Index after the table starting at ``start``: tables run across blank lines (page breaks)."""
    index = start
    last_row = start
    while index < len(lines):
        line = lines[index]
        if is_table_line(line):
            last_row = index
        elif line.strip():
            break
        index += 1
    return last_row + 1


def _heading(state: _State, text: str, lines: tuple[str, ...] | list[str], index: int) -> bool:
    """Update ``state`` if ``text`` is a heading; return whether it was one."""
    raw = lines[index]
    if not state.in_lampiran:
        if _LAMPIRAN.match(raw) and (state.seen_penetapan or index > 40):
            state.in_lampiran, state.bab, state.sub = True, None, None
            return True
        if _MENIMBANG.match(raw):
            state.body = "Menimbang"
        elif _MENGINGAT.match(raw):
            state.body = "Mengingat"
        elif _MEMUTUSKAN.match(raw):
            state.body = "Menetapkan"
        elif match := _PASAL.match(raw):
            state.body = f"Pasal {match.group(1)}"
        elif match := _BAB.match(raw):
            title = match.group(2).strip() or _next_text(lines, index)
            state.bab = f"BAB {match.group(1)} {title}".strip()[:80]
            return True
        elif _PENETAPAN.match(raw):
            state.body, state.bab, state.seen_penetapan = "Penetapan", None, True
        else:
            return False
        return True
    if match := _BAB.match(raw):
        title = match.group(2).strip() or _next_text(lines, index)
        state.bab = f"BAB {match.group(1)} {title}".strip()[:80]
        state.sub = None
        return True
    if (match := _NUMBERED.match(raw)) or (match := _LETTERED.match(raw)):
        heading = f"{match.group(1)}. {match.group(2).strip()}"
        name_like = (
            match.re is _LETTERED and match.group(2).isupper() and len(match.group(2).split()) < 3
        )
        if not heading.rstrip().endswith((".", ";", ",")) and not name_like:
            state.sub = heading[:80]
            return True
    return False
