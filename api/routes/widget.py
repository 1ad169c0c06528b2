"""The embeddable widget (`/widget.js`) and a page that shows how a site embeds it."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from api.deps import RuntimeDep

router = APIRouter(tags=["widget"])


def _static(name: str) -> str:
    return (files("api") / "static" / name).read_text(encoding="utf-8")


@router.get("/widget.js", summary="Skrip widget", response_class=Response)
def widget_js() -> Response:
    """Satu tag script memasang tombol dan panel tanya-jawab di situs mana pun."""
    return Response(
        _static("widget.js"),
        media_type="application/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/demo", response_class=HTMLResponse, summary="Halaman contoh widget")
def demo(
    runtime: RuntimeDep,
    region: str = Query(default="Kota Blitar", max_length=200),
) -> HTMLResponse:
    """How a Bagian Organisasi site embeds the widget, with the widget running on it."""
    from html import escape

    script = runtime.url("/widget.js")
    page = (
        _static("demo.html")
        .replace("{{SCRIPT}}", escape(script))
        .replace("{{REGION}}", escape(region))
    )
    return HTMLResponse(page)
