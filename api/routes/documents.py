"""Regions and documents: metadata, the line-numbered view citations link to, the source file."""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse, HTMLResponse

from api.deps import Limited, RuntimeDep
from api.errors import ApiError
from api.runtime import Runtime
from api.schemas import DocumentSummary, RegionSummary
from tanyarb.core.models import document_path
from tanyarb.core.store import StoredDocument

router = APIRouter(tags=["dokumen"], dependencies=[Limited])
_LINES = re.compile(r"^\s*(\d{1,6})(?:\s*-\s*(\d{1,6}))?\s*$")


def _summary(runtime: Runtime, stored: StoredDocument, records: Counter[str]) -> DocumentSummary:
    meta = stored.meta
    source = (
        runtime.url(document_path(meta.name, "source")) if meta.source_format == "pdf" else None
    )
    return DocumentSummary(
        name=meta.name,
        label=meta.short_label,
        region=meta.region,
        regulation_kind=meta.regulation_kind,
        number=meta.number,
        year=meta.year,
        title=meta.title,
        period=meta.period,
        enacted=meta.enacted,
        promulgated=meta.promulgated,
        signatory=meta.signatory,
        promulgator=meta.promulgator,
        amends=meta.amends,
        revokes=meta.revokes,
        source_format=meta.source_format,
        chunks=stored.chunk_count,
        records=records[meta.name],
        view_url=runtime.view_url(meta.name, None, None),
        source_url=source,
    )


def _summaries(runtime: Runtime) -> list[DocumentSummary]:
    store = runtime.services.store
    return [_summary(runtime, d, runtime.record_counts) for d in store.documents()]


def _stored(runtime: Runtime, name: str) -> StoredDocument:
    for stored in runtime.services.store.documents():
        if stored.meta.name == name:
            return stored
    raise ApiError(
        404,
        "unknown_document",
        f"Dokumen '{name}' tidak ada di indeks.",
        f"No document named '{name}' is indexed.",
    )


@router.get("/regions", response_model=list[RegionSummary], summary="Wilayah dan dokumennya")
def regions(runtime: RuntimeDep) -> list[RegionSummary]:
    """Wilayah yang tercakup, dengan dokumen, periode road map, dan jumlah potongan/rekaman."""
    by_region: dict[str, list[DocumentSummary]] = {}
    for summary in _summaries(runtime):
        by_region.setdefault(summary.region or "-", []).append(summary)
    return [
        RegionSummary(
            region=region,
            documents=docs,
            periods=sorted({d.period for d in docs if d.period}),
            chunks=sum(d.chunks for d in docs),
            records=sum(d.records for d in docs),
        )
        for region, docs in sorted(by_region.items())
    ]


@router.get("/documents", response_model=list[DocumentSummary], summary="Dokumen terindeks")
def documents(runtime: RuntimeDep) -> list[DocumentSummary]:
    """Metadata setiap dokumen: peraturan, periode, tanggal, perubahan, jumlah potongan."""
    return _summaries(runtime)


@router.get("/documents/{name}", response_model=DocumentSummary, summary="Satu dokumen")
def document(name: str, runtime: RuntimeDep) -> DocumentSummary:
    return _summary(runtime, _stored(runtime, name), runtime.record_counts)


@router.get(
    "/documents/{name}/view",
    response_class=HTMLResponse,
    summary="Tampilan dokumen per baris",
    responses={404: {"description": "Dokumen tidak ada."}},
)
def view(
    name: str,
    runtime: RuntimeDep,
    lines: str | None = Query(
        default=None, max_length=20, description="Baris yang disorot, mis. '906-907'."
    ),
) -> HTMLResponse:
    """Dokumen dengan satu jangkar per baris (`#L906`) dan baris yang dikutip disorot."""
    stored = _stored(runtime, name)
    text = runtime.services.store.document_text(name)
    if text is None:
        raise ApiError(
            404,
            "no_text",
            f"Teks dokumen '{name}' belum tersimpan: jalankan `tanyarb ingest` lagi.",
            f"The text of '{name}' is not stored yet: run `tanyarb ingest` again.",
        )
    first = last = 0
    if lines:
        match = _LINES.match(lines)
        if not match:
            raise ApiError(
                422,
                "invalid_lines",
                "Parameter lines harus berbentuk '906' atau '906-907'.",
                "The lines parameter must look like '906' or '906-907'.",
            )
        first = int(match.group(1))
        last = max(first, int(match.group(2) or first))
    return HTMLResponse(_render(runtime, stored, text.lines, text.pages, first, last))


@router.get("/documents/{name}/source", summary="Berkas sumber (PDF)")
def source(name: str, runtime: RuntimeDep) -> FileResponse:
    """The original PDF, so a citation's page can be opened (`#page=N`)."""
    stored = _stored(runtime, name)
    path = Path(stored.path)
    if stored.meta.source_format != "pdf" or not path.is_file():
        raise ApiError(
            404,
            "no_source",
            "Berkas PDF sumber tidak tersedia untuk dokumen ini.",
            "No source PDF is available for this document.",
        )
    return FileResponse(path, media_type="application/pdf", filename=stored.meta.name)


_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fff}
header{padding:12px 16px;border-bottom:1px solid #ddd;position:sticky;top:0;background:#fff}
h1{font-size:17px;margin:0}
p.meta{margin:4px 0 0;color:#555;font-size:13px}
main{padding:8px 0}
.l{display:flex;gap:12px;padding:0 16px;white-space:pre-wrap;word-break:break-word}
.l a.n{color:#888;min-width:4em;text-align:right;text-decoration:none;user-select:none}
.l.hl{background:#fff3b0}
.page{margin:8px 16px;color:#555;font-size:13px;border-top:1px dashed #bbb}
"""


def _render(
    runtime: Runtime,
    stored: StoredDocument,
    lines: tuple[str, ...],
    pages: tuple[int | None, ...],
    first: int,
    last: int,
) -> str:
    meta = stored.meta
    title = html.escape(meta.short_label)
    cited = (
        f"Baris {first}–{last} disorot." if first and last != first else f"Baris {first} disorot."
    )
    body: list[str] = []
    page: int | None = None
    source = html.escape(runtime.url(document_path(meta.name, "source")), quote=True)
    for number, line in enumerate(lines, 1):
        line_page = pages[number - 1] if number - 1 < len(pages) else None
        if line_page is not None and line_page != page:
            page = line_page
            body.append(
                f'<div class="page"><a href="{source}#page={page}">Halaman {page}</a></div>'
            )
        highlight = " hl" if first <= number <= last and first else ""
        body.append(
            f'<div class="l{highlight}" id="L{number}"><a class="n" href="#L{number}">{number}</a>'
            f"<span>{html.escape(line)}</span></div>"
        )
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f'<header><h1>{title}</h1><p class="meta">{html.escape(meta.title or "")}'
        f"{' · ' + cited if first else ''}</p></header>"
        f"<main>{''.join(body)}</main></body></html>"
    )
