"""Interactive API documentation (Swagger UI at /docs, ReDoc at /redoc), not from a CDN.

A government intranet may not reach a CDN, and the pages' CSP allows scripts from this origin
only: the assets come from PyPI's ``fastapi-offline`` (mounted at ``/docs-assets`` by the app),
Swagger UI's start script from ``api/static/docs.js``; no page holds an inline script.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from api.headers import CONTENT_SECURITY_POLICY

router = APIRouter(include_in_schema=False)


def _static(name: str) -> str:
    return (files("api") / "static" / name).read_text(encoding="utf-8")


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    return HTMLResponse(_static("docs.html"))


@router.get("/docs/start.js")
def docs_start() -> Response:
    return Response(_static("docs.js"), media_type="application/javascript; charset=utf-8")


@router.get("/redoc", response_class=HTMLResponse)
def redoc_page() -> HTMLResponse:
    # ReDoc runs its search index in a worker it creates from a blob: only this page allows it.
    policy = f"{CONTENT_SECURITY_POLICY}; worker-src blob:"
    return HTMLResponse(_static("redoc.html"), headers={"Content-Security-Policy": policy})
