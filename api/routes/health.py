"""Health and Prometheus metrics (not rate limited)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from api.deps import RuntimeDep
from api.schemas import Health

router = APIRouter(tags=["operasional"])


@router.get("/health", response_model=Health, summary="Status layanan")
def health(runtime: RuntimeDep) -> Health:
    """Indeks termuat, jumlah dokumen, potongan dan rekaman, dan embedder yang dipakai."""
    answerer = runtime.answerer
    documents = sum(len(v) for v in answerer.catalog.documents.values())
    return Health(
        status="ok" if documents else "empty",
        index_loaded=True,
        documents=documents,
        chunks=len(answerer.searcher.chunks),
        records=sum(runtime.record_counts.values()),
        regions=answerer.catalog.regions,
        embedder=runtime.services.embedder.name,
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Metrik Prometheus",
    responses={200: {"content": {"text/plain": {}}}},
)
def metrics(runtime: RuntimeDep) -> PlainTextResponse:
    return PlainTextResponse(
        runtime.metrics.render(), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
