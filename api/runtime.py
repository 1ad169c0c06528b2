"""What the API shares between requests, built once in the lifespan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from api.limits import RateLimiter
from api.metrics import Metrics
from api.work import AnswerGate
from retriever.answerer import Answerer
from tanyarb.core.feedback import FeedbackStore
from tanyarb.core.models import view_path
from tanyarb.core.settings import Settings
from tanyarb.services import Services

# Answering is CPU-bound; more threads than cores only queue inside the process.
ANSWER_THREADS = 2


@dataclass
class Runtime:
    settings: Settings
    services: Services
    answerer: Answerer
    feedback: FeedbackStore
    metrics: Metrics
    limiter: RateLimiter
    gate: AnswerGate  # answer threads, the queue and the per-client cap
    record_counts: Counter[str]  # action-plan records per document
    telegram: Any = None  # the bot Application in webhook mode, when configured

    def url(self, path: str) -> str:
        """An absolute link when a public base URL is set, else a path on this server."""
        base = (self.settings.public_base_url or "").rstrip("/")
        return f"{base}{path}"

    def view_url(self, document: str, line_start: int | None, line_end: int | None) -> str:
        return self.url(view_path(document, line_start, line_end))
