"""Questions: one JSON answer, or the same answer as Server-Sent Events."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, StreamingResponse

from api.deps import AnswererDep, Limited, RuntimeDep, client_key
from api.errors import INTERNAL_ERROR, ApiError, error_body
from api.runtime import Runtime
from api.schemas import AnswerModel, AskRequest, ErrorModel, answer_payload
from retriever.answerer import Answerer, QuestionError

log = logging.getLogger("tanyarb.api")
router = APIRouter(tags=["tanya"], dependencies=[Limited])

ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorModel, "description": "Permintaan terlalu besar."},
    422: {
        "model": ErrorModel,
        "description": "Pertanyaan kosong, terlalu panjang, atau tidak valid.",
    },
    429: {"model": ErrorModel, "description": "Terlalu banyak permintaan (lihat Retry-After)."},
    503: {"model": ErrorModel, "description": "Layanan sibuk: antrean penuh (lihat Retry-After)."},
}


def check_question(answerer: Answerer, question: str) -> None:
    """An empty or too long question is a 422 before any work starts."""
    try:
        answerer.check_question(question)
    except QuestionError as exc:
        raise ApiError(422, exc.code, exc.indonesian, exc.english) from exc


async def answer_json(
    runtime: Runtime, answerer: Answerer, request: AskRequest, http: Request
) -> dict[str, Any]:
    """Answer off the event loop, through the gate (per-client cap, bounded queue, dropped when
    the client leaves); the question's own problems become a 422 first."""
    check_question(answerer, request.question)
    answer = await runtime.gate.run(
        client_key(http), http.receive, lambda: answerer.answer(request.question, request.region)
    )
    runtime.metrics.observe_answer("web", answer.abstained)
    return answer_payload(
        answer.to_dict(),
        lambda c: runtime.view_url(c["document"], c["line_start"], c["line_end"]),
    )


@router.post("/ask", response_model=AnswerModel, responses=ERRORS, summary="Tanya satu pertanyaan")
async def ask(
    request: AskRequest, http: Request, runtime: RuntimeDep, answerer: AnswererDep
) -> JSONResponse:
    """Jawaban berdasar dokumen, dengan kutipan baris; abstain bila dokumen tidak memuatnya."""
    # The answer already has the documented shape: send it without validating it again.
    return JSONResponse(await answer_json(runtime, answerer, request, http))


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def _error_events(error: ApiError) -> list[str]:
    return [
        _event("error", error_body(error.code, error.indonesian, error.english)),
        _event("done", {"ok": False}),
    ]


@router.post(
    "/ask/stream",
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "Events `status`, `answer`, `citations`, `done` (or `error`).",
        },
        **ERRORS,
    },
    summary="Tanya, dengan progres (Server-Sent Events)",
)
async def ask_stream(
    request: AskRequest, http: Request, runtime: RuntimeDep, answerer: AnswererDep
) -> StreamingResponse:
    """The answer of `POST /ask`, as events: `status` (progress), `answer` (the text and its
    fields), `citations`, then `done`; a problem with the question is an `error` event."""

    check_question(answerer, request.question)
    runtime.gate.admit(client_key(http))  # a full queue is a 503 before the stream begins

    async def events() -> AsyncIterator[str]:
        yield _event("status", {"stage": "searching", "message": "Mencari di dokumen…"})
        try:
            data = await answer_json(runtime, answerer, request, http)
        except ApiError as exc:
            for event in _error_events(exc):
                yield event
            return
        except Exception:  # the 200 has been sent: the failure is told as an event
            log.exception("unexpected error while streaming an answer")
            for event in _error_events(INTERNAL_ERROR):
                yield event
            return
        citations = data.pop("citations")
        timing = data.pop("timing_ms")
        yield _event("answer", data)
        yield _event("citations", citations)
        yield _event("done", {"ok": True, "timing_ms": timing})

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
