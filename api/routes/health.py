"""Health and Prometheus metrics (not rate limited)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse, Response

from api.deps import RuntimeDep, metrics_allowed
from api.metrics import CONTENT_TYPE
from api.schemas import ErrorModel, Health

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
    responses={
        200: {"content": {"text/plain": {}}},
        403: {"model": ErrorModel, "description": "Alamat tidak diizinkan"},
    },
    dependencies=[Depends(metrics_allowed)],
)
def metrics(runtime: RuntimeDep) -> Response:
    """Untuk alamat di TANYARB_METRICS_ALLOW_IPS (loopback bawaan) atau dengan token; dengan
    beberapa worker, jumlah semua worker."""
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE)
