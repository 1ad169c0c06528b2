"""Errors as JSON with a message in Indonesian and English, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("tanyarb.api")


class ApiError(Exception):
    """An error the client can act on: status, a stable code and a message in both languages."""

    def __init__(
        self,
        status: int,
        code: str,
        indonesian: str,
        english: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(english)
        self.status = status
        self.code = code
        self.indonesian = indonesian
        self.english = english
        self.headers = headers or {}


def error_body(code: str, indonesian: str, english: str) -> dict[str, object]:
    return {"error": code, "message": {"id": indonesian, "en": english}}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(error.code, error.indonesian, error.english),
        status_code=error.status,
        headers=error.headers,
    )


INTERNAL_ERROR = ApiError(
    500,
    "internal_error",
    "Terjadi kesalahan di server. Silakan coba lagi.",
    "Something went wrong on the server. Please try again.",
)

_STATUS_TEXT = {
    404: ("not_found", "Alamat tidak ditemukan.", "Not found."),
    405: ("method_not_allowed", "Metode tidak diizinkan.", "Method not allowed."),
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return JSONResponse(
            error_body(
                "invalid_request",
                f"Permintaan tidak valid: {problems}",
                f"Invalid request: {problems}",
            ),
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, indonesian, english = _STATUS_TEXT.get(
            exc.status_code, ("http_error", "Permintaan gagal.", str(exc.detail))
        )
        return JSONResponse(
            error_body(code, indonesian, english),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        # Starlette sends this from its outermost middleware, past ObserveMiddleware's headers.
        return JSONResponse(
            error_body(INTERNAL_ERROR.code, INTERNAL_ERROR.indonesian, INTERNAL_ERROR.english),
            status_code=500,
            headers={"X-Content-Type-Options": "nosniff"},
        )
