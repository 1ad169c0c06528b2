"""Ranked chunks for a query (the retrieval layer, without composing an answer)."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from api.deps import Limited, RuntimeDep, client_key
from api.errors import ApiError
from api.schemas import SearchHit

router = APIRouter(tags=["cari"], dependencies=[Limited])


@router.get("/search", response_model=list[SearchHit], summary="Cari potongan dokumen")
async def search(
    http: Request,
    runtime: RuntimeDep,
    q: str = Query(min_length=1, max_length=1000, description="Kata kunci, mis. 'SPIP'."),
    region: str | None = Query(default=None, max_length=200, description="mis. 'Kota Blitar'"),
    k: int = Query(default=8, ge=1, le=50),
) -> list[SearchHit]:
    """Potongan dokumen paling relevan (BM25 + vektor), dengan skor dan baris."""
    answerer = runtime.answerer
    if region is not None and region not in answerer.catalog.regions:
        raise ApiError(
            404,
            "unknown_region",
            f"Wilayah '{region}' tidak ada. Tersedia: {answerer.catalog.describe()}.",
            f"Unknown region '{region}'. Available: {answerer.catalog.describe()}.",
        )
    scope = [region] if region else None
    # The answer threads, through the gate: capped per client, queued fairly, dropped if the
    # client leaves.
    hits = await runtime.gate.run(
        client_key(http), http.receive, lambda: answerer.searcher.search(q, scope, k)
    )
    return [
        SearchHit(
            id=h.chunk.id,
            document=h.chunk.document,
            region=h.chunk.region,
            section=h.chunk.section,
            line_start=h.chunk.line_start,
            line_end=h.chunk.line_end,
            page=h.chunk.page,
            kind=h.chunk.kind,
            score=h.score,
            lexical_rank=h.lexical_rank,
            dense_rank=h.dense_rank,
            text=h.chunk.text,
            url=runtime.view_url(h.chunk.document, h.chunk.line_start, h.chunk.line_end),
        )
        for h in hits
    ]
