"""Ratings of answers (👍/👎), stored durably."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.deps import FeedbackDep, Limited, RuntimeDep
from api.schemas import ErrorModel, FeedbackReceipt, FeedbackRequest
from tanyarb.core.feedback import Feedback

router = APIRouter(tags=["umpan balik"], dependencies=[Limited])


@router.post(
    "/feedback",
    response_model=FeedbackReceipt,
    status_code=201,
    summary="Beri nilai jawaban",
    responses={422: {"model": ErrorModel}, 429: {"model": ErrorModel}},
)
async def feedback(
    request: FeedbackRequest, runtime: RuntimeDep, store: FeedbackDep
) -> FeedbackReceipt:
    """Simpan 👍/👎 (dan komentar) untuk satu jawaban; `tanyarb feedback export` menampilkannya."""
    item = Feedback(
        question=request.question,
        answer=request.answer,
        rating=request.rating,
        channel=request.channel,
        comment=request.comment,
        region=request.region,
    )
    stored = await anyio.to_thread.run_sync(store.add, item)
    runtime.metrics.observe_feedback(request.channel, request.rating)
    assert stored.id is not None
    return FeedbackReceipt(id=stored.id)
