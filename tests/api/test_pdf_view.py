"""A PDF source: citations name the page, the view links each page to the original file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from api import create_app
from ingest.pipeline import IngestOptions, ingest_paths
from tanyarb.core.embeddings import HashingEmbedder
from tanyarb.core.store import IndexStore

from ..ingest.test_pdf import PAGES, make_text_pdf
from .conftest import api_settings


@contextmanager
def _api_over_pdf(tmp_path: Path, name: str) -> Iterator[TestClient]:
    """The API over an index of one text-layer PDF named ``name`` (hashing embedder)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_text_pdf(folder / name, PAGES)
    embedder = HashingEmbedder()
    store = IndexStore(tmp_path / "data", embedder)
    report = ingest_paths(store, [folder], IngestOptions(progress=False))
    assert [o.status for o in report.outcomes] == ["added"]
    store.close()
    settings = api_settings(tmp_path / "data", embedder="hashing")
    with TestClient(create_app(settings, embedder=embedder)) as client:
        yield client


def test_pdf_document_view_links_pages_to_the_source(tmp_path: Path) -> None:
    with _api_over_pdf(tmp_path, "perwali-contoh.pdf") as client:
        answer = client.post(
            "/ask", json={"question": "Apa kata bravounik tentang pelayanan publik di Kota Contoh?"}
        ).json()
        cited = answer["citations"][0]
        assert cited["page"] == 2
        document = client.get("/documents/perwali-contoh.pdf").json()
        assert document["source_format"] == "pdf"
        assert document["source_url"] == "/documents/perwali-contoh.pdf/source"
        view = client.get(cited["url"].split("#")[0]).text
        assert '<a href="/documents/perwali-contoh.pdf/source#page=2">Halaman 2</a>' in view
        source = client.get("/documents/perwali-contoh.pdf/source")
        assert source.status_code == 200
        assert source.headers["content-type"] == "application/pdf"
        assert source.content.startswith(b"%PDF")


def test_odd_file_name_gets_quoted_links_that_resolve(tmp_path: Path) -> None:
    name = "contoh #1?.pdf"
    quoted = "/documents/contoh%20%231%3F.pdf"
    with _api_over_pdf(tmp_path, name) as client:
        (document,) = client.get("/documents").json()
        assert document["name"] == name
        assert document["source_url"] == f"{quoted}/source"
        assert document["view_url"] == f"{quoted}/view"
        answer = client.post(
            "/ask", json={"question": "Apa kata bravounik tentang pelayanan publik di Kota Contoh?"}
        ).json()
        cited = answer["citations"][0]
        assert cited["url"].startswith(f"{quoted}/view?lines=")
        view = client.get(cited["url"].split("#")[0])
        assert view.status_code == 200
        page_link = f'<a href="{quoted}/source#page=2">Halaman 2</a>'
        assert page_link in view.text
        for url in (document["source_url"], document["view_url"]):
            assert client.get(url).status_code == 200, url
        assert client.get(document["source_url"]).content.startswith(b"%PDF")
