"""The API composition root: ``create_app(settings)`` wires every part once."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

import anyio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import install_error_handlers
from api.headers import SECURITY_HEADERS
from api.limits import BodyLimitMiddleware, RateLimiter
from api.metrics import Metrics
from api.routes import (
    ask,
    docs,
    documents,
    feedback,
    health,
    records,
    search,
    telegram,
    widget,
)
from api.runtime import ANSWER_THREADS, Runtime
from api.work import AnswerGate, cancellable
from tanyarb.core.embeddings import Embedder
from tanyarb.core.export import action_plan
from tanyarb.core.feedback import FeedbackStore
from tanyarb.core.settings import Settings
from tanyarb.services import Services

log = logging.getLogger("tanyarb.api")
# Swagger UI and ReDoc, as PyPI's fastapi-offline ships them (MIT).
DOCS_ASSETS = str(files("fastapi_offline") / "static")

DESCRIPTION = """
Tanya jawab **Road Map Reformasi Birokrasi** pemerintah daerah, dengan kutipan baris dokumen.
Setiap jawaban berdasar dokumen; bila dokumen tidak memuatnya, TanyaRB mengatakannya.

Questions and answers over Indonesian regional bureaucratic-reform road maps, each answer
citing the document lines it rests on.
"""


async def _start_webhook_bot(settings: Settings, runtime: Runtime) -> object:
    """The bot's handlers in this process, fed by ``POST /telegram/webhook``; with a public URL,
    Telegram is told where to post (and which secret to send)."""
    from bot import build_application

    application = build_application(settings, runtime.answerer, runtime.feedback)
    await application.initialize()
    await application.start()
    if settings.public_base_url:
        await application.bot.set_webhook(
            url=f"{settings.public_base_url.rstrip('/')}/telegram/webhook",
            secret_token=settings.telegram_webhook_secret,
            allowed_updates=["message", "callback_query", "edited_message"],
        )
    return application


class ObserveMiddleware:
    """Counts and times every request by route, and adds the security headers to HTML.

    Plain ASGI (not ``BaseHTTPMiddleware``): it adds nothing to a request but the timing.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    for name, value in SECURITY_HEADERS.items():
                        headers.setdefault(name, value)
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            runtime: Runtime | None = getattr(scope["app"].state, "runtime", None)
            if runtime is not None:
                route = scope.get("route")
                runtime.metrics.observe_request(
                    scope["method"],
                    getattr(route, "path", "unmatched"),
                    status,
                    time.perf_counter() - started,
                )


def create_app(settings: Settings, embedder: Embedder | None = None) -> FastAPI:
    """The FastAPI application; the index loads once, in the lifespan, and is shared."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = Services(settings, embedder_override=embedder)
        answerer = await anyio.to_thread.run_sync(lambda: services.answerer)
        await anyio.to_thread.run_sync(answerer.searcher.warm_up)
        # A comparison checks between regions whether its client is still there.
        comparison = answerer.comparison
        comparison.find = cancellable(comparison.find)
        assert answerer.records is not None  # loaded once with the index: no second read
        counts = Counter(r.document for r in action_plan(answerer.records.all()))
        runtime = Runtime(
            settings=settings,
            services=services,
            answerer=answerer,
            feedback=FeedbackStore(settings.data_dir),
            metrics=Metrics(),
            limiter=RateLimiter(settings.rate_limit_per_minute),
            gate=AnswerGate(ANSWER_THREADS, settings.max_answers_per_client, settings.answer_queue),
            record_counts=counts,
        )
        if settings.telegram_token and settings.telegram_webhook_secret:
            runtime.telegram = await _start_webhook_bot(settings, runtime)
        app.state.runtime = runtime
        log.info("index loaded: %d chunks", len(answerer.searcher.chunks))
        try:
            yield
        finally:
            app.state.runtime = None
            if runtime.telegram is not None:
                await runtime.telegram.stop()
                await runtime.telegram.shutdown()
            runtime.feedback.close()
            services.store.close()

    app = FastAPI(
        title="TanyaRB API",
        version="0.1.0",
        # /docs and /redoc come from api/routes/docs.py, their assets from a package, not a CDN.
        docs_url=None,
        redoc_url=None,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[
            {"name": "tanya", "description": "Pertanyaan dan jawaban bersumber."},
            {"name": "cari", "description": "Pencarian potongan dokumen."},
            {"name": "dokumen", "description": "Wilayah, dokumen dan tampilan baris."},
            {"name": "rencana aksi", "description": "Rekaman tabel rencana aksi."},
            {"name": "umpan balik", "description": "Nilai jawaban (👍/👎)."},
            {"name": "operasional", "description": "Kesehatan dan metrik."},
            {"name": "widget", "description": "Widget untuk situs Bagian Organisasi."},
        ],
    )
    install_error_handlers(app)
    for module in (ask, search, documents, records, feedback, health, widget, telegram, docs):
        app.include_router(module.router)
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    # Added innermost first. The body limit sits inside ObserveMiddleware, so a 413 is counted
    # and gets nosniff too; CORS is outermost and answers preflights before anything reads.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(ObserveMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type"],
            expose_headers=["Retry-After"],
            max_age=600,
        )
    return app
