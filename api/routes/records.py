"""The action plan as records, with the filters of `tanyarb records`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from api.deps import Limited, RuntimeDep
from api.errors import ApiError
from tanyarb.core.export import UnknownFilterError, action_plan, filter_records

router = APIRouter(tags=["rencana aksi"], dependencies=[Limited])


@router.get("/records", summary="Rencana aksi sebagai rekaman")
def records(
    runtime: RuntimeDep,
    region: str | None = Query(default=None, max_length=200, description="mis. 'Blitar'"),
    area: str | None = Query(default=None, max_length=200, description="mis. 'pengawasan'"),
    limit: int = Query(default=500, ge=1, le=5000),
    offset: int = Query(default=0, ge=0),
) -> dict[str, Any]:
    """Baris tabel rencana aksi (penanggung jawab, jadwal, target), dengan baris sumbernya."""
    assert runtime.answerer.records is not None
    all_records = action_plan(runtime.answerer.records.all())
    try:
        chosen = filter_records(all_records, region, area)
    except UnknownFilterError as exc:
        indonesian, _, english = str(exc).partition(" / ")
        raise ApiError(404, "unknown_filter", indonesian, english or indonesian) from exc
    page = chosen[offset : offset + limit]
    return {
        "total": len(chosen),
        "offset": offset,
        "records": [
            r.to_dict() | {"url": runtime.view_url(r.document, r.line_start, r.line_end)}
            for r in page
        ],
    }
