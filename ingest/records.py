"""Action-plan, target, quick-win and team tables as records (one per table row).

Every rule reads the table's own shape (header wording, row markers, cell contents), never a
file's line numbers, so a regulation from a region the project has never seen comes out right:

- Columns get a role from their header: number, area, activity, program/heading, indicator,
  measure, baseline, a year column (ticks, targets or a per-year plan), lead or support unit,
  budget, schedule text, or team role/member.
- A row with a marker (``A``, ``1.``, ``a.``) and no year data is a block heading: an area name
  sets the area, anything else the heading of the rows below it.
- The lead unit of a block heading applies to its rows, across page breaks; a unit cell wrapped
  over several rows ("Badan Perencanaan" / "Pembangunan Daerah") is joined back, and the rows
  that share the block get the whole name.
- A continuation row (blank first cell) inherits its parent's activity, indicator and heading,
  which a merged cell printed only once.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ingest.structure import Section
from ingest.tables import Table, TableRow, own_unit
from tanyarb.core.areas import MARKER, area_in, area_of, strip_marker
from tanyarb.core.evidence_units import team_roles
from tanyarb.core.models import DocumentMeta, Record
from tanyarb.core.textnorm import TICK_MARKS, YEAR, fold
from tanyarb.core.units import split_units, unit_key

_LETTER_HEADING = re.compile(r"^\s*[A-Z][.)]?\s+[A-Z]")
_MARKER_ONLY = re.compile(r"^\s*(?:[A-Za-z]|[IVX]{1,4}|\d{1,2})[.)]?\s*$")
_TARGET_VALUE = re.compile(r"\d|^(?:[A-E]{1,2}[+-]?|WTP|WDP|TMP|Baik|Sangat Baik)\b")
_DASH = re.compile(r"^[-–—.\s]*$|^n\.?\s?a\.?$", re.I)
_TEAM = re.compile(r"\btim\b|kepengurusan|kelompok kerja")
_DANGLING = re.compile(
    r"\b(dan|badan|dinas|bagian|perencanaan|sekretariat|pelayanan|penanaman|"
    r"pengelolaan|kependudukan|perpustakaan|komunikasi|daerah dan)\s*$",
    re.I,
)


# Words that continue a unit name but never begin one ("... Sekretariat" / "Daerah BKPSDM").
_NOT_A_START = frozenset(
    ["daerah", "pembangunan", "jasa", "informatika", "kearsipan", "sipil", "modal", "pintu"]
)


# Header wording -> column role, first match wins (a quick-win column is the activity even
# where the header also says "program").
_QUICK_WIN = re.compile(r"quick ?wins?")
_HEADER_ROLES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern) if isinstance(pattern, str) else pattern, role)
    for pattern, role in (
        (r"anggaran|sumber dana|pagu|biaya", "budget"),
        (r"indikator|ukuran keberhasilan|indikat", "indicator"),
        (r"^satuan|skala", "measure"),
        (r"rencana pelaksanaan|waktu|jadwal|target realisasi", "when"),
        (_QUICK_WIN, "activity"),
        (r"\barea\b", "area"),
        (r"kegiatan|rencana aksi|\baksi\b|tahapan", "activity"),
        (r"program|sasaran|tujuan|strategi|tema", "heading"),
        (r"hasil", "outcome"),
    )
)


@dataclass(frozen=True)
class Column:
    index: int
    name: str
    role: str
    year: int | None = None


def column_roles(table: Table) -> list[Column]:
    """The role of each column of ``table``, read from its (merged) header."""
    lead = set(table.lead_columns or table.responsible_columns[:1])
    support = set(table.support_columns) - lead
    team = any(_TEAM.search(fold(name)) for name in table.header)
    columns: list[Column] = []
    for index, name in enumerate(table.header):
        low = fold(name)
        found = YEAR.findall(low)
        year = int(found[0]) if len(found) == 1 and not re.search(r"\d{4}\s*[-–]", low) else None
        role = "other"
        if team:
            role = "role" if _TEAM.search(low) else "member" if index > 0 else "number"
            if re.fullmatch(r"no\.?|n|nomor", low.strip()):
                role = "number"
        elif re.fullmatch(r"no\.?|n|nomor|no urut", low.strip()):
            role = "number"
        elif index in lead:
            role = "lead"
        elif index in support:
            role = "support"
        elif year is not None:
            role = "baseline" if re.search(r"base|data awal|kondisi awal", low) else "year"
        else:
            role = next((r for pattern, r in _HEADER_ROLES if pattern.search(low)), "other")
        columns.append(Column(index, name, role, year))
    return columns


def table_kind(table: Table, columns: list[Column], period_start: int | None) -> str | None:
    """What a table is: team, quick_win, action, target, achievement or responsibility;
    None for tables that assign, schedule or target nothing (problems, strategies...)."""
    roles = {c.role for c in columns}
    title = fold(table.title)
    years = [c.year for c in columns if c.year is not None and c.role in ("year", "baseline")]
    if "role" in roles:
        return "team"
    if _QUICK_WIN.search(title) or any(_QUICK_WIN.search(fold(c.name)) for c in columns):
        return "quick_win"
    has_units = bool({"lead", "support"} & roles)
    if years and period_start and max(years) < period_start and not has_units:
        return "achievement"
    if "capaian" in title and "target" not in title and not has_units:
        return "achievement" if years else None
    if has_units and ("activity" in roles or years):
        return "action"
    if years:
        return "target"
    if has_units:
        return "responsibility"
    return None


def _has_marker(text: str) -> bool:
    return bool(MARKER.match(text)) or bool(_MARKER_ONLY.match(text))


@dataclass
class _Block:
    """What rows below a heading share: area, heading, lead/support units and their lines."""

    area: str | None = None
    heading: str | None = None
    lead_text: str | None = None
    lead_line: int | None = None
    support_text: str | None = None
    parent: Record | None = None
    records: list[int] = field(default_factory=list)  # indexes of records using lead_text
    # A unit name wrapped onto a row that prints its own action: the unit cell is merged over
    # the whole area rather than one per block (see ``_spread_area_units``).
    wrapped_beside_action: bool = False
    # Block headings (lettered rows) seen: units then belong to blocks, not to whole areas.
    has_headings: bool = False


def extract_records(
    sections: list[Section],
    meta: DocumentMeta,
    page_of: Callable[[int], int | None] = lambda _line: None,
) -> list[Record]:
    """All records of one parsed document, in reading order."""
    records: list[Record] = []
    for section in sections:
        if section.table is None:
            continue
        records.extend(table_records(section.table, section.path, meta, page_of))
    return records


def table_records(
    table: Table,
    path: str,
    meta: DocumentMeta,
    page_of: Callable[[int], int | None] = lambda _line: None,
) -> list[Record]:
    columns = column_roles(table)
    kind = table_kind(table, columns, meta.period_start)
    if kind is None:
        return []
    if len(table.title.split()) < 2:
        # A bare "Tabel": the section heading says what the table is.
        parts = [p for p in path.split(" > ") if fold(p) != fold(table.title)]
        table = replace(table, title=parts[-1] if parts else table.title)
    block = _Block(area=area_in(table.title) or area_in(path.split(" > ")[-1]))
    out: list[Record] = []
    for row in table.rows:
        record = _row_record(table, path, columns, kind, row, block, meta, page_of, out)
        if record is not None:
            out.append(record)
            if block.lead_text and record.unit_line == block.lead_line:
                block.records.append(len(out) - 1)
    if block.wrapped_beside_action and not block.has_headings:
        return _spread_area_units(out)
    return out


def _spread_area_units(records: list[Record]) -> list[Record]:
    """One unit cell merged over a whole area (no block headings carry units) and wrapped
    across its rows ("Bagian Organisasi
    Sekretariat" / "Daerah BKPSDM Dinas ..."): every row of the area is the work of all the
    units the cell names, whichever physical line each name happened to be printed on."""
    out = list(records)
    start = 0
    while start < len(out):
        end = start
        while end < len(out) and out[end].area == out[start].area:
            end += 1
        run = out[start:end]
        if out[start].area and out[start].kind == "action":
            lead = tuple(dict.fromkeys(n for r in run for n in r.lead))
            support = tuple(dict.fromkeys(n for r in run for n in r.support if n not in lead))
            first_line = min((r.unit_line for r in run if r.unit_line), default=None)
            out[start:end] = [
                replace(r, lead=lead, support=support, unit_line=first_line) for r in run
            ]
        start = end
    return out


def _cells_by_role(columns: list[Column], row: TableRow) -> dict[str, list[tuple[Column, str]]]:
    found: dict[str, list[tuple[Column, str]]] = {}
    for column in columns:
        if column.index < len(row.cells):
            value = row.cells[column.index].strip()
            if value and not _DASH.match(value):
                found.setdefault(column.role, []).append((column, value))
    return found


def _joined(cells: dict[str, list[tuple[Column, str]]], role: str, separator: str = " / ") -> str:
    # Two columns of one role often repeat a merged cell: say it once.
    return separator.join(dict.fromkeys(value for _column, value in cells.get(role, [])))


def _row_record(
    table: Table,
    path: str,
    columns: list[Column],
    kind: str,
    row: TableRow,
    block: _Block,
    meta: DocumentMeta,
    page_of: Callable[[int], int | None],
    done: list[Record],
) -> Record | None:
    cells = _cells_by_role(columns, row)
    filled = [c for c in row.cells if c]
    if not cells or filled == [str(n) for n in range(1, len(filled) + 1)]:
        return None  # empty, or the "1 | 2 | 3" row that numbers the columns
    header = table.header
    lead_columns = [c.index for c in columns if c.role == "lead"]
    support_columns = [c.index for c in columns if c.role == "support"]
    shifted_lead = (
        own_unit(row.cells, lead_columns, header, support_columns) if lead_columns else None
    )

    targets: list[tuple[int, str]] = []
    years: set[int] = set()
    for column, value in cells.get("year", []):
        assert column.year is not None
        if value == shifted_lead:
            continue
        if value in TICK_MARKS or _is_plan_text(column, value):
            years.add(column.year)
        elif _TARGET_VALUE.search(value):
            targets.append((column.year, value))
    for _column, value in cells.get("when", []):
        years.update(int(y) for y in YEAR.findall(value))
    baseline = cells.get("baseline", [])
    has_data = bool(targets or years or baseline)

    area_cells = [v for _c, v in cells.get("area", []) if not _MARKER_ONLY.match(v)]
    activity_cells = [v for _c, v in cells.get("activity", []) if v not in TICK_MARKS]
    number = _joined(cells, "number", " ")
    texts = [*area_cells, *activity_cells]
    first_text = texts[0] if texts else ""

    # Area names: in an area column beside an activity column, or as a heading row's text.
    separate_area = any(c.role == "activity" for c in columns)
    sub_marker = bool(re.match(r"^\s*[a-z][.)]?\s*$", number))
    candidates = (area_cells if separate_area else []) + (
        [first_text] if not has_data and not sub_marker else []
    )
    for value in candidates:
        named = area_of(value)
        in_area_column = separate_area and value in area_cells
        if named and (in_area_column or _has_marker(value) or bool(number)):
            if named != block.area:
                # A new area is a new block: nothing carries over from the one above.
                block.heading = None
                block.parent = None
                block.lead_text = block.lead_line = block.support_text = None
                block.records = []
            block.area = named
            area_cells = [v for v in area_cells if v != value]
            if value == first_text:
                texts = texts[1:]
            break

    first_text = texts[0] if texts else ""
    own_lead = shifted_lead if kind != "team" else None
    own_support = own_unit(row.cells, support_columns, header) if support_columns else None
    activity = " / ".join(strip_marker(v) for v in [*area_cells, *activity_cells] if v)
    is_heading = (
        not has_data
        and kind not in ("team", "quick_win")
        and not cells.get("indicator")
        and bool(activity)
        and (bool(number) or _has_marker(first_text))
        and len(cells) <= 3
    )
    if is_heading and not own_lead:
        block.heading = activity
        block.has_headings = True
        block.parent = None
        return None
    raw_lead = next((v for c, v in cells.get("lead", [])), None) or own_lead
    if (
        raw_lead
        and block.lead_text
        and (own_lead is None or own_lead == raw_lead)
        and _is_fragment(raw_lead, block.lead_text, meta)
    ):
        # The tail of a unit name wrapped onto this row: never this row's own unit.
        _join_lead(block, raw_lead, done)
        own_lead = None
        block.wrapped_beside_action = block.wrapped_beside_action or bool(activity)
    if own_lead and block.lead_text and _continues_numbering(own_lead, block.lead_text):
        # "1. Inspektorat" on the block's row, "2. Dinas Kominfo" and "3. Bagian Organisasi"
        # on the rows below: one numbered list of the block's units, printed row by row.
        _join_lead(block, own_lead, done)
        own_lead = None
    if not activity and not cells.get("indicator") and not has_data and kind != "team":
        return None  # a row holding only a wrapped unit name, or nothing we can use

    if own_lead:
        block.lead_text, block.lead_line = own_lead, row.line
        block.support_text = own_support
        block.records = []
    elif own_support:
        block.support_text = own_support

    # Merged cells are printed once: a row with a blank first cell takes the blank fields
    # (activity, indicator, heading) of the row above it that had them.
    parent = block.parent if row.parent_line else None
    own_activity = bool(activity)
    indicator = _joined(cells, "indicator")
    heading = _joined(cells, "heading")
    if not activity and not indicator:
        # Target and achievement tables name the measured thing in an "outcome" column.
        indicator = next((v for _c, v in cells.get("outcome", []) + cells.get("other", [])), "")
    if parent is not None:
        indicator = indicator or (parent.indicator or "")
        heading = heading or (parent.heading or "")
        if not activity:
            activity = parent.activity or ""
    starts_block = (is_heading and own_lead) or bool(_LETTER_HEADING.match(first_text))
    # A row that starts a block ("C Penerapan SPIP") is under no earlier block's heading.
    if (
        block.heading
        and block.heading != activity
        and not starts_block
        and (not heading or parent is not None)
    ):
        heading = block.heading if not cells.get("heading") else heading
    if starts_block:
        block.heading = activity
        block.has_headings = True
        heading = "" if heading == activity else heading

    lead_names, lead_helpers = split_units(block.lead_text) if block.lead_text else ([], [])
    support_names = split_units(block.support_text)[0] if block.support_text else []
    if kind == "team":
        role = _joined(cells, "role", " ")
        member = _joined(cells, "member", " ")
        if not role and not member:
            return None
        activity = strip_marker(role)
        lead_names, support_names = team_members(role, member)
        lead_helpers = []
    budget = _joined(cells, "budget")
    measure = _joined(cells, "measure")
    base_value, base_year = (baseline[0][1], baseline[0][0].year) if baseline else (None, None)
    record = Record(
        id=_record_id(meta.name, table.title, row.line),
        document=meta.name,
        region=meta.region or "",
        table=table.title,
        kind=kind,
        line_start=row.line,
        line_end=row.line,
        page=page_of(row.line),
        area=block.area,
        heading=heading or None,
        activity=activity or None,
        indicator=indicator or None,
        measure=measure or None,
        baseline=base_value,
        baseline_year=base_year,
        targets=tuple(sorted(dict(targets).items())),
        years=tuple(sorted(years)),
        lead=tuple(n for n in lead_names if n),
        support=tuple(dict.fromkeys([*lead_helpers, *support_names])),
        unit_line=block.lead_line if block.lead_text and kind != "team" else None,
        budget=budget or None,
        fields=tuple(row.named),
        section=path,
    )
    if own_activity or block.parent is None:
        block.parent = record
    return record


def team_members(role: str, member: str) -> tuple[list[str], list[str]]:
    """(chair, members) of a team row. A row that names one team and enumerates its roles
    ("TIM EVALUASI 1. Ketua 2. Anggota") lists its offices the same way: the office before
    the numbered list holds the first role, the numbered offices the last ("Inspektur 1. Irban
    wilayah I 2. Irban wilayah II"). Any other row: its office cell holds the role."""
    team, roles = team_roles(role)
    chair, members = team_roles(member)
    if not team or len(roles) < 2 or not chair or not members:
        return [member], []
    return [chair], members


def _is_plan_text(column: Column, value: str) -> bool:
    """A per-year plan ("Menyusun Road Map ...") rather than a target value."""
    if re.search(r"rencana aksi|kegiatan|tahapan", fold(column.name)) and not re.fullmatch(
        r"[\d.,%\s]+", value
    ):
        return True
    digits = sum(ch.isdigit() for ch in value)
    return len(value) > 25 and digits < 0.2 * len(value)


def _is_fragment(unit: str, previous: str, meta: DocumentMeta) -> bool:
    """Whether ``unit`` continues the unit name above it, wrapped onto the next row."""
    text = unit.strip()
    if not text:
        return False
    bare = (meta.region or "").split(" ", 1)[-1].lower()
    first = fold(text.split()[0]).strip(".,")
    if first in _NOT_A_START or (
        unit_key(text).startswith(("sekretariat daerah", "setda"))
        and fold(previous).startswith("bagian")
        and not re.search(r"sekretariat|setda", fold(previous))
    ):
        return True
    starts_lower = text[0].islower()
    starts_with_region = bool(bare) and text.lower().startswith(bare)
    return starts_lower or starts_with_region or bool(_DANGLING.search(previous))


_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})[.)]\s")


def _continues_numbering(unit: str, previous: str) -> bool:
    """Whether a unit cell numbered n ("2. Dinas Kominfo") continues the numbered list that
    ended with n - 1 in the cell above."""
    own = _NUMBERED.match(unit)
    before = _NUMBERED.findall(previous)
    if own is None or not before:
        return False
    return int(own.group(1)) == int(before[-1]) + 1 > 1


def _join_lead(block: _Block, fragment: str, done: list[Record]) -> None:
    assert block.lead_text is not None
    block.lead_text = f"{block.lead_text} {fragment}"
    lead, helpers = split_units(block.lead_text)
    for index in block.records:
        record = done[index]
        done[index] = replace(
            record,
            lead=tuple(lead),
            support=tuple(dict.fromkeys([*helpers, *record.support])),
        )


def _record_id(document: str, table: str, line: int) -> str:
    return hashlib.sha1(f"{document}\x1f{table}\x1f{line}".encode()).hexdigest()[:16]
