"""Rebuild tables from tab- or pipe-separated rows: headers merged, page-break repeats dropped.

Rows keep their source line. The responsible-unit column is found by its header wording, and a
row without its own unit inherits the last one above it in the same table (the block heading
row carries the unit for its numbered sub-rows, across page breaks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tanyarb.core.textnorm import TICK_MARKS, YEAR, clean_text, fold
from tanyarb.core.units import looks_like_unit

_YEAR = re.compile(r"^(19|20)\d\d(\s*\([^)]{0,20}\))?$")
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_SUBHEADER_WORDS = frozenset(
    [
        "koordinator",
        "pelaksana",
        "utama",
        "pendukung",
        "target",
        "baseline",
        "realisasi",
        "capaian",
        "satuan",
        "tw",
        "semester",
        "kondisi",
        "awal",
        "akhir",
    ]
)
_LEAD = re.compile(r"\b(penanggung\s*jawab|pengampu|koordinator|instansi|pj|leading)\b")
_UNIT = re.compile(r"\b(perangkat daerah|skpd|opd|pd|unit kerja|satuan kerja|unit)\b")
_SUPPORT = re.compile(r"\b(pendukung|terkait|pelaksana)\b")
_LEAD_ALONE = re.compile(r"^\s*(utama|lead)\s*$")


def is_table_line(line: str) -> bool:
    stripped = line.strip()
    return ("\t" in line.strip("\n") and bool(stripped)) or stripped.startswith("|")


def split_cells(line: str) -> list[str]:
    """Cells of one physical row, cleaned of HTML/Markdown remnants."""
    stripped = line.strip()
    if stripped.startswith("|"):
        inner = stripped[1:-1] if stripped.endswith("|") and len(stripped) > 1 else stripped[1:]
        raw = inner.split("|")
    else:
        raw = line.rstrip("\n").split("\t")
    return [_clean_cell(cell) for cell in raw]


_BULLET = re.compile(r"•|<li\b[^>]{0,200}>", re.I)


def _clean_cell(raw: str) -> str:
    """One cell's text; bulleted items ("• DPMPTSP • Dinkominfo") stay apart as "DPMPTSP; Dinkominfo"."""
    parts = (clean_text(part) for part in _BULLET.split(raw))
    return "; ".join(part for part in parts if part)


def _key(cells: list[str]) -> str:
    return " ".join(fold(c).replace(" ", "") for c in cells if c)


@dataclass
class TableRow:
    line: int
    cells: list[str]
    named: list[tuple[str, str]] = field(default_factory=list)
    responsible: str | None = None
    responsible_line: int | None = None
    own_responsible: bool = False
    parent_line: int | None = None  # continuation rows (blank first cell) belong to this row
    parent_text: str | None = None

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


@dataclass
class Table:
    title: str
    header: list[str]
    header_lines: tuple[int, ...]
    rows: list[TableRow]
    responsible_columns: list[int]
    lead_columns: list[int] = field(default_factory=list)
    support_columns: list[int] = field(default_factory=list)

    @property
    def line_start(self) -> int:
        return min([*self.header_lines, *(r.line for r in self.rows)])

    @property
    def line_end(self) -> int:
        return max([*self.header_lines, *(r.line for r in self.rows)])


def _is_subheader(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    if not filled or (cells and cells[0]):
        return False
    return all(_YEAR.match(c) or fold(c) in _SUBHEADER_WORDS for c in filled)


def _merge_header(top: list[str], sub: list[str] | None) -> list[str]:
    width = max(len(top), len(sub or []))
    top = top + [""] * (width - len(top))
    if not sub:
        return [c or f"Kolom {i + 1}" for i, c in enumerate(top)]
    sub = sub + [""] * (width - len(sub))
    merged: list[str] = []
    parent = ""
    for index in range(width):
        if top[index]:
            parent = top[index]
        if sub[index]:
            merged.append(f"{parent} {sub[index]}".strip())
        else:
            merged.append(top[index] or parent or f"Kolom {index + 1}")
    return merged


def responsible_columns(header: list[str]) -> list[int]:
    """Indexes of columns naming a responsible unit, lead columns first."""
    lead, support = lead_and_support_columns(header)
    return lead + support


def lead_and_support_columns(header: list[str]) -> tuple[list[int], list[int]]:
    """Columns of the lead unit (Penanggung Jawab, Pengampu, Koordinator, Utama) and of the
    supporting units (Pendukung, Terkait, Pelaksana)."""
    lead: list[int] = []
    support: list[int] = []
    for index, name in enumerate(header):
        low = fold(name)
        if (
            _LEAD.search(low)
            or _LEAD_ALONE.match(low)
            or (_UNIT.search(low) and not _SUPPORT.search(low) and "utama" in low)
        ):
            lead.append(index)
        elif _SUPPORT.search(low) or _UNIT.search(low):
            support.append(index)
    return lead, support


def _is_repeat(cells: list[str], header_keys: set[str]) -> bool:
    key = _key(cells)
    if not key:
        return True
    return key in header_keys


def _is_variant_header(cells: list[str], top: list[str]) -> bool:
    """A page's repeated header printed with another shape (an extra empty column)."""
    names = {fold(c) for c in top if c}
    filled = [fold(c) for c in cells if c]
    known = [c for c in filled if c in names]
    if len(known) < 2 or len(known) < 0.6 * len(filled):
        return False
    return _shape(cells) != _shape(top)


def _shape(cells: list[str]) -> list[tuple[int, str]]:
    return [(index, fold(cell)) for index, cell in enumerate(cells) if cell]


def _layout(page_header: list[str], header: list[str]) -> list[int | None]:
    """Where each column of a page's own header sits in the table's header, by name."""
    wanted = {fold(name): index for index, name in reversed(list(enumerate(header)))}
    return [wanted.get(fold(name)) for name in page_header]


def _realign(cells: list[str], layout: list[int | None], width: int) -> list[str]:
    out = [""] * width
    for index, cell in enumerate(cells):
        target = layout[index] if index < len(layout) else None
        if target is None:
            target = index if index < width and not any(t == index for t in layout) else None
        if target is None or not cell:
            continue
        out[target] = f"{out[target]} {cell}".strip()
    return out


def build_table(title: str, numbered_lines: list[tuple[int, str]]) -> Table | None:
    """Build one table from its physical rows (blank lines and separators already allowed)."""
    rows = [
        (n, split_cells(text)) for n, text in numbered_lines if not _SEPARATOR.match(text.strip())
    ]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        return None
    header_line, top = rows[0]
    header_lines = [header_line]
    sub: list[str] | None = None
    rest = rows[1:]
    if rest and _is_subheader(rest[0][1]):
        sub = rest[0][1]
        header_lines.append(rest[0][0])
        rest = rest[1:]
    header = _merge_header(top, sub)
    header_keys = {_key(top)} | ({_key(sub)} if sub else set())
    lead, support = lead_and_support_columns(header)
    columns = lead + support
    table = Table(
        title=title,
        header=header,
        header_lines=tuple(header_lines),
        rows=[],
        responsible_columns=columns,
        lead_columns=lead,
        support_columns=support,
    )
    current: tuple[str, int] | None = None
    parent: TableRow | None = None
    layout: list[int | None] | None = None  # this page's column -> the table's column
    years = _year_columns(header)
    for position, (line, cells) in enumerate(rest):
        if _is_variant_header(cells, top):
            following = rest[position + 1][1] if position + 1 < len(rest) else None
            page_sub = following if following and _is_subheader(following) else None
            layout = _layout(_merge_header(cells, page_sub), header)
            continue
        if _is_subheader(cells):
            continue
        if _is_repeat(cells, header_keys):
            layout = None
            continue
        if layout is not None:
            cells = _realign(cells, layout, len(header))
        if years is not None:
            cells = _shift_into_year_columns(cells, header, years)
        named = _name_cells(header, cells)
        own = own_unit(cells, columns, header)
        if own:
            current = (own, line)
        continuation = bool(cells) and not cells[0].strip() and parent is not None
        row = TableRow(
            line=line,
            cells=cells,
            named=named,
            own_responsible=bool(own),
            parent_line=parent.line if continuation and parent else None,
            parent_text=parent.text if continuation and parent else None,
        )
        if current:
            row.responsible, row.responsible_line = current
        if not continuation:
            parent = row
        table.rows.append(row)
    return table


_ACTIVITY_HEADER = re.compile(r"rencana aksi|kegiatan|program|uraian|tahapan")
_YEAR_HEADER = re.compile(r"(?:tahun\s*)?(?:19|20)\d\d")


def _year_columns(header: list[str]) -> tuple[int, int] | None:
    """(first, last) of a table's run of year columns, when it has one after two others."""
    years = [i for i, name in enumerate(header) if _YEAR_HEADER.fullmatch(fold(name).strip())]
    if len(years) < 2 or years != list(range(years[0], years[-1] + 1)) or years[0] < 2:
        return None
    return years[0], years[-1]


def _shift_into_year_columns(
    cells: list[str], header: list[str], years: tuple[int, int]
) -> list[str]:
    """A row printed one cell to the left ("• e-Kin | - | - | - | ✓ | -" under "Rencana Aksi |
    2020 … 2024"): the activity column holds a tick and the last year column nothing, so its
    text and ticks move one column right, where the header says they belong."""
    first, last = years
    cells = cells + [""] * (last + 1 - len(cells))
    if cells[last].strip() or not _ACTIVITY_HEADER.search(fold(header[first - 1])):
        return cells
    before, text = cells[first - 1], cells[first - 2]
    ticks = cells[first - 1 : last]
    if not (text.strip() and not _is_tick(text) and all(_is_tick(c) for c in ticks) and before):
        return cells
    return [*cells[: first - 2], "", *cells[first - 2 : last], *cells[last + 1 :]]


def _name_cells(header: list[str], cells: list[str]) -> list[tuple[str, str]]:
    named: list[tuple[str, str]] = []
    for index, cell in enumerate(cells):
        if not cell:
            continue
        name = header[index] if index < len(header) else header[-1] if header else "Kolom"
        named.append((name, cell))
    return named


def own_unit(
    cells: list[str], columns: list[int], header: list[str], taken: Sequence[int] = ()
) -> str | None:
    """The row's unit in ``columns``: the cell itself, or a unit-like cell shifted one column
    right (into the budget/notes column) or left (into the last year column)."""
    for index in columns:
        if index < len(cells) and looks_like_unit(cells[index]):
            return cells[index]
    for index in columns:
        right = index + 1
        if (
            right < len(cells)
            and right not in columns
            and right not in taken
            and looks_like_unit(cells[right])
        ):
            return cells[right]
        left = index - 1
        if (
            left >= 0
            and left not in columns
            and left < len(cells)
            and not (index < len(cells) and cells[index])
            and left < len(header)
            and YEAR.search(header[left])
            and (looks_like_unit(cells[left]) or _name_like(cells[left]))
        ):
            return cells[left]
    return None


def _name_like(cell: str) -> bool:
    """A short capitalised name without digits ("Dispenduk capil"), not a tick or a word."""
    text = cell.strip()
    return (
        4 <= len(text) <= 60
        and text[:1].isupper()
        and not re.search(r"\d", text)
        and not _is_tick(text)
        and len(text.split()) >= 2
    )


def _is_tick(cell: str) -> bool:
    return cell.strip() in TICK_MARKS or cell.strip() in {"-", "x", "X"}


def render_row(table: Table, row: TableRow) -> str:
    """A row that reads on its own: table title, then 'header: value' pairs."""
    parts = []
    for name, value in row.named:
        parts.append(f"{name}: {'✓' if _is_tick(value) and value != '-' else value}")
    text = "; ".join(parts)
    if row.responsible and not row.own_responsible:
        text += f"; Penanggung jawab (baris judul): {row.responsible}"
    return text
