"""Enumerations as records: what a regulation lists, with the sentence that introduces it.

Many questions ask for a list: the quick wins, the units chosen for Zona Integritas, the duties
of agen perubahan. Regulations print these in three shapes, and each becomes records of kind
``item`` (one per entry) that share the introducing sentence as their ``table``:

- a lead-in sentence ending in ":" or "sebagai berikut", "antara lain", "yaitu", ... followed
  by marked entries ("1.", "a.", "(1)", bullets); nested entries stay with their parent entry;
- a table without responsibility, schedule or target columns (those are action-plan records
  already), introduced by its title or the lead-in sentence before it;
- one sentence naming several units: "... PD yang ditentukan sebagai ... adalah Dinas A serta
  Dinas B".

Only the shapes count, never a file's wording or line numbers.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from ingest.structure import Section
from ingest.tables import Table
from tanyarb.core.models import DocumentMeta, Record
from tanyarb.core.units import looks_like_unit

MAX_ITEMS = 60
_LEAD_IN = re.compile(
    r"(?::|\b(?:sebagai berikut|antara lain|berikut ini|berikut|yaitu|yakni|meliputi|"
    r"terdiri (?:dari|atas)|di ?antaranya|adalah sebagai berikut)\s*:?)\s*$"
)
_BULLET = r"[-*•▪➤►●◦]"
_ENTRY = re.compile(
    rf"^\s*(?:{_BULLET}\s*)?(?:(?P<num>\d{{1,2}})[.)]|\((?P<pnum>\d{{1,2}})\)|"
    rf"(?P<alpha>[a-z])[.)]|\((?P<palpha>[a-z])\))\s+(?=\S)"
)
_BULLET_ENTRY = re.compile(rf"^\s*{_BULLET}\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.;:]\s*$")
_INLINE_LEAD = re.compile(r"\b(adalah|yaitu|yakni|meliputi|terdiri (?:dari|atas))\b\s*:?\s*")
_INLINE_SPLIT = re.compile(
    r"\s*;\s*|,\s+(?:dan\s+|serta\s+)?|\s+serta\s+|"
    r"\s+dan\s+(?=(?:Dinas|Badan|Bagian|Inspektorat|Sekretariat|Kantor|RSUD|Rumah Sakit|"
    r"Puskesmas|Kecamatan|Kelurahan|Satuan|[A-Z]{3,})\b)"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NUMBER_CELL = re.compile(r"^[\divxlc]{1,4}[.)]?$", re.I)
# "menetapkan 5 (lima) tema sebagai berikut:": a lead-in that announces how many entries follow.
_ANNOUNCED_COUNT = re.compile(r"\b(\d{1,2})\s*\(\s*[a-z]+(?:\s+[a-z]+)?\s*\)", re.I)
# Entries of an announced list may each open a passage of their own ("1. Tema X" and a page
# about it, then "2. Tema Y"); how far apart they may stand, and how long a heading-like entry is.
SPREAD_GAP_LINES = 400
SPREAD_ENTRY_WORDS = 20


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    path: str


@dataclass(frozen=True)
class ListItem:
    line_start: int
    line_end: int
    text: str


def extract_list_items(
    sections: list[Section],
    meta: DocumentMeta,
    page_of: Callable[[int], int | None] = lambda _line: None,
    tables_with_records: frozenset[int] = frozenset(),
) -> list[Record]:
    """Item records of every enumeration of one parsed document, in reading order.

    ``tables_with_records`` holds the first line of each table that already gave action-plan
    records; those tables are not lists.
    """
    out: list[Record] = []
    run: list[_Line] = []  # consecutive prose lines, across section headings
    for section in sections:
        if section.table is None:
            run.extend(_Line(n, t, section.path) for n, t in section.lines)
            continue
        out.extend(_prose_lists(run, meta, page_of))
        if section.table.line_start not in tables_with_records:
            lead = run[-1] if run and _LEAD_IN.search(run[-1].text) else None
            out.extend(_table_list(section, lead, meta, page_of))
        run = []
    out.extend(_prose_lists(run, meta, page_of))
    return out


def _style(text: str) -> str | None:
    match = _ENTRY.match(text)
    if match:
        return next(name for name, value in match.groupdict().items() if value)
    return "bullet" if _BULLET_ENTRY.match(text) else None


def _strip_entry(text: str) -> str:
    return _BULLET_ENTRY.sub("", _ENTRY.sub("", text, count=1), count=1).strip()


def _prose_lists(
    lines: list[_Line], meta: DocumentMeta, page_of: Callable[[int], int | None]
) -> list[Record]:
    out: list[Record] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        items: list[ListItem] = []
        if _LEAD_IN.search(line.text):
            items = _entries_after(lines, index)
            announced = _announced(line.text)
            if len(items) != announced:
                # Fewer or more entries than announced: each may head a passage of its own.
                items = _spread_entries(lines, index, announced) or items
        if len(items) >= 2:
            # Entries are scanned again: one ending in ":" leads a list of its own.
            out.extend(_records(line, items, meta, page_of))
        else:
            out.extend(_inline_list(line, meta, page_of))
        index += 1
    return out


def _entries_after(lines: list[_Line], lead: int) -> list[ListItem]:
    """The marked entries right after line ``lead``: same marker style; deeper entries and
    wrapped lines join the entry above them."""
    style: str | None = None
    nested: str | None = None  # marker style of sub-entries of the current entry
    items: list[ListItem] = []
    index = lead + 1
    while index < len(lines) and len(items) < MAX_ITEMS:
        line = lines[index]
        if line.number - lines[index - 1].number > 3:
            break  # more than a blank line or a page break between them
        current = _style(line.text)
        if style is None:
            if current is None:
                break
            style = current
        if current == style:
            items.append(ListItem(line.number, line.number, _strip_entry(line.text)))
            nested = None
        elif items and (
            (current is not None and (current == nested or items[-1].text.endswith(":")))
            or (current is None and not _SENTENCE_END.search(items[-1].text))
        ):
            # A sub-entry ("b) Gerai ...: 1) ... 2) ..."), or the wrapped rest of an entry.
            nested = current or nested
            last = items[-1]
            items[-1] = ListItem(last.line_start, line.number, f"{last.text} {line.text}".strip())
        else:
            break  # prose, or a sibling of the lead-in ("(4)" after "(3) ...: a. b.")
        index += 1
    return items


def _announced(text: str) -> int:
    """The number of entries a lead-in announces ("5 (lima) tema"), 0 when it names none."""
    announced = _ANNOUNCED_COUNT.findall(text)
    return int(announced[-1]) if announced else 0


def _spread_entries(lines: list[_Line], lead: int, count: int) -> list[ListItem]:
    """The ``count`` entries a lead-in announces ("5 (lima) tema sebagai berikut:") when each
    entry heads a passage of its own: numbered 1..N in order, heading-like, every one of them
    found, or none."""
    if not 2 <= count <= MAX_ITEMS:
        return []
    items: list[ListItem] = []
    inner_next = 0  # the next number of a list inside an entry's passage (they restart at 1)
    last = lines[lead].number
    for line in lines[lead + 1 :]:
        if line.number - last > SPREAD_GAP_LINES:
            break
        match = _ENTRY.match(line.text)
        if match is None or match.group("num") is None or _BULLET_ENTRY.match(line.text):
            continue  # a bulleted number ("- 1). ...") belongs to a passage, not the list
        number = int(match.group("num"))
        if items and number in (1, inner_next):
            inner_next = number + 1
            continue
        if number != len(items) + 1:
            continue
        inner_next = 0
        text = _strip_entry(line.text)
        if len(text.split()) > SPREAD_ENTRY_WORDS:
            continue
        items.append(ListItem(line.number, line.number, text))
        last = line.number
        if len(items) == count:
            return items
    return []


def _inline_list(
    line: _Line, meta: DocumentMeta, page_of: Callable[[int], int | None]
) -> list[Record]:
    """ "... yang ditentukan sebagai X adalah Dinas A serta Dinas B." as a list of units."""
    out: list[Record] = []
    for sentence in _SENTENCE_SPLIT.split(line.text):
        matches = list(_INLINE_LEAD.finditer(sentence))
        if not matches:
            continue
        tail = sentence[matches[-1].end() :].strip().rstrip(".")
        parts = [p.strip(" .") for p in _INLINE_SPLIT.split(tail) if p and p.strip(" .")]
        parts = _reattach_parentheses(parts)
        if len(parts) < 2 or not all(
            looks_like_unit(p) and len(p.split()) <= 14 and p[:1].isupper() for p in parts
        ):
            continue
        lead = _Line(line.number, sentence[: matches[-1].start()].strip(), line.path)
        items = [ListItem(line.number, line.number, p) for p in parts]
        out.extend(_records(lead, items, meta, page_of))
    return out


def _reattach_parentheses(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and part.startswith("("):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _table_list(
    section: Section,
    lead: _Line | None,
    meta: DocumentMeta,
    page_of: Callable[[int], int | None],
) -> list[Record]:
    table = section.table
    assert table is not None
    title = _table_title(table, section.path, lead)
    items: list[ListItem] = []
    fields: list[tuple[tuple[str, str], ...]] = []
    for row in table.rows[:MAX_ITEMS]:
        named = [
            (header, value.strip())
            for position, (header, value) in enumerate(zip(table.header, row.cells, strict=False))
            if value.strip() and not _numbering(position, header, value.strip())
        ]
        if not named:
            continue
        items.append(ListItem(row.line, row.line, " — ".join(v for _h, v in named)))
        fields.append(tuple(named))
    if len(items) < 2:
        return []
    line = _Line(lead.number if lead else table.line_start, title, section.path)
    return _records(line, items, meta, page_of, fields)


def _numbering(position: int, header: str, value: str) -> bool:
    """The entry's running number ("1.", "iv"), not a value: in the first column or under a
    "No" header. "2018" under "Tahun" and "33" under "Jumlah" are kept."""
    numbered = position == 0 or header.strip().lower().rstrip(".") in {"no", "nomor"}
    return numbered and bool(_NUMBER_CELL.match(value))


def _table_title(table: Table, path: str, lead: _Line | None) -> str:
    parts = []
    if len(table.title.split()) >= 2:
        parts.append(table.title)
    if lead is not None:
        parts.append(lead.text)
    if not parts:
        parts.append(path.split(" > ")[-2] if " > " in path else path)
    return " — ".join(parts)


def _records(
    lead: _Line,
    items: list[ListItem],
    meta: DocumentMeta,
    page_of: Callable[[int], int | None],
    fields: list[tuple[tuple[str, str], ...]] | None = None,
) -> list[Record]:
    title = _last_sentences(" ".join(lead.text.split()), 300)
    records = []
    for position, item in enumerate(items):
        cells = fields[position] if fields else ()
        primary = cells[0][1] if cells else item.text
        records.append(
            Record(
                id=_item_id(meta.name, lead.number, item.line_start, position),
                document=meta.name,
                region=meta.region or "",
                table=title,
                kind="item",
                line_start=item.line_start,
                line_end=item.line_end,
                page=page_of(item.line_start),
                activity=primary,
                list_line=lead.number,
                fields=cells,
                section=lead.path,
            )
        )
    return records


def _last_sentences(text: str, limit: int) -> str:
    """The end of a lead-in, which says what the list holds, in whole sentences if it fits."""
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in reversed(_SENTENCE_SPLIT.split(text)):
        if kept and len(sentence) + len(kept) + 1 > limit:
            break
        kept = f"{sentence} {kept}".strip()
    return kept if len(kept) <= limit else "…" + kept[-(limit - 1) :]


def _item_id(document: str, lead_line: int, line: int, position: int) -> str:
    key = f"{document}\x1fitem\x1f{lead_line}\x1f{line}\x1f{position}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]
