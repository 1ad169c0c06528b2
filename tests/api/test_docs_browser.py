"""/docs in a real browser (Debian's chromium via Playwright): Swagger UI served from the
package renders the operations under the API's strict CSP, with no request leaving loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from api import create_app

from ..conftest import ROOT
from .conftest import api_settings, free_port, served_in_thread

REPORTS = ROOT / "eval" / "reports"


@pytest.fixture(scope="module")
def api_url(small_index_dir: Path) -> Iterator[str]:
    app = create_app(api_settings(small_index_dir, embedder="hashing"))
    with served_in_thread(app, free_port(), timeout_s=60) as url:
        yield url


def _open(browser: Browser, url: str) -> tuple[Page, set[str], list[str]]:
    """The page at ``url``, the hosts that answered it and the CSP complaints it logged."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    answered: set[str] = set()
    complaints: list[str] = []
    page.on("response", lambda response: answered.add(response.url.split("/")[2]))
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(url)
    assert response is not None and response.ok
    assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
    return page, answered, complaints


def test_swagger_ui_lists_the_operations_from_local_assets(api_url: str, browser: Browser) -> None:
    page, answered, complaints = _open(browser, f"{api_url}/docs")
    page.locator(".opblock").first.wait_for(timeout=30_000)
    paths = {
        p.replace("\u200b", "").strip()
        for p in page.locator(".opblock-summary-path").all_inner_texts()
    }
    assert {"/ask", "/ask/stream", "/documents/{name}/view", "/health"} <= paths
    assert answered == {api_url.split("/")[2]}, answered  # nothing from a CDN
    assert not complaints, complaints
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORTS / "docs.png"))


def test_redoc_lists_the_operations_from_local_assets(api_url: str, browser: Browser) -> None:
    page, answered, complaints = _open(browser, f"{api_url}/redoc")
    page.locator("h2", has_text="Tanya satu pertanyaan").first.wait_for(timeout=30_000)
    assert page.locator("[data-section-id]").count() >= 10
    assert answered == {api_url.split("/")[2]}, answered
    # ReDoc's footer badge points at its vendor's CDN; the CSP keeps it from loading.
    assert all("cdn.redoc.ly" in text for text in complaints), complaints
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORTS / "redoc.png"))
