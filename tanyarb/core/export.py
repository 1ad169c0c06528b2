"""The action plan as one table: filtering records and writing them as CSV, JSON or text."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence

from tanyarb.core.models import Record
from tanyarb.core.textnorm import fold
from tanyarb.core.units import canonical_name

BASE_COLUMNS = (
    "region",
    "document",
    "table",
    "kind",
    "area",
    "heading",
    "activity",
    "indicator",
    "measure",
    "baseline",
    "baseline_year",
)
TAIL_COLUMNS = (
    "years",
    "lead",
    "lead_canonical",
    "support",
    "budget",
    "line_start",
    "line_end",
    "unit_line",
    "page",
)


# Entries of lists stated in the text (kind "item") answer list questions; they are not part
# of the action plan.
ACTION_PLAN_KINDS = frozenset(
    {"action", "target", "quick_win", "team", "achievement", "responsibility"}
)


def action_plan(records: Iterable[Record]) -> list[Record]:
    """The records that make up the action plan (table rows, not stated lists)."""
    return [r for r in records if r.kind in ACTION_PLAN_KINDS]


class UnknownFilterError(ValueError):
    """A region or area filter that matches nothing indexed."""


def filter_records(
    records: Sequence[Record], region: str | None = None, area: str | None = None
) -> list[Record]:
    """Records of one region and/or one area; a name may be partial ("Blitar", "pengawasan")."""
    out = list(records)
    if region:
        regions = sorted({r.region for r in records})
        exact = [r for r in regions if fold(r) == fold(region)]
        partial = [r for r in regions if fold(region) in fold(r)]
        chosen = exact or partial
        if len(chosen) != 1:
            raise UnknownFilterError(
                f"Wilayah '{region}' tidak ada atau ambigu. Tersedia: {', '.join(regions)}. / "
                f"Unknown or ambiguous region '{region}'."
            )
        out = [r for r in out if r.region == chosen[0]]
    if area:
        wanted = fold(area)
        out = [r for r in out if r.area and wanted in fold(r.area)]
        if not out:
            areas = sorted({r.area for r in records if r.area})
            raise UnknownFilterError(
                f"Area '{area}' tidak ditemukan. Tersedia: {', '.join(areas)}. / "
                f"No records for area '{area}'."
            )
    return out


def target_years(records: Iterable[Record]) -> list[int]:
    return sorted({year for record in records for year, _ in record.targets})


def record_row(record: Record, years: Sequence[int]) -> dict[str, str]:
    """One record as flat text cells (one column per target year)."""
    row = {
        "region": record.region,
        "document": record.document,
        "table": record.table,
        "kind": record.kind,
        "area": record.area or "",
        "heading": record.heading or "",
        "activity": record.activity or "",
        "indicator": record.indicator or "",
        "measure": record.measure or "",
        "baseline": record.baseline or "",
        "baseline_year": str(record.baseline_year or ""),
    }
    targets = dict(record.targets)
    for year in years:
        row[f"target_{year}"] = targets.get(year, "")
    row |= {
        "years": ", ".join(map(str, record.years)),
        "lead": "; ".join(record.lead),
        "lead_canonical": "; ".join(
            dict.fromkeys(canonical_name(u, record.region) for u in record.lead)
        ),
        "support": "; ".join(record.support),
        "budget": record.budget or "",
        "line_start": str(record.line_start),
        "line_end": str(record.line_end),
        "unit_line": str(record.unit_line or ""),
        "page": str(record.page or ""),
    }
    return row


def to_csv(records: Sequence[Record]) -> str:
    """UTF-8 CSV text: one header row, one record a row (spreadsheet-friendly)."""
    years = target_years(records)
    columns = [*BASE_COLUMNS, *(f"target_{y}" for y in years), *TAIL_COLUMNS]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow(record_row(record, years))
    return buffer.getvalue()


def to_json(records: Sequence[Record]) -> str:
    return json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=2)


def to_table(records: Sequence[Record]) -> str:
    """A compact text table for the terminal."""
    lines = []
    for r in records:
        targets = ", ".join(f"{y}: {v}" for y, v in r.targets)
        when = ", ".join(map(str, r.years))
        lines.append(
            " | ".join(
                [
                    r.region,
                    _cut(r.area or "-", 28),
                    _cut(r.subject(), 60),
                    _cut("; ".join(r.lead) or "-", 40),
                    when or targets or "-",
                    f"baris {r.line_start}",
                ]
            )
        )
    header = "wilayah | area | kegiatan/indikator | penanggung jawab | tahun/target | sumber"
    return "\n".join([header, "-" * len(header), *lines])


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
