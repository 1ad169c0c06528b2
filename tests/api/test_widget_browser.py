"""The widget in a real browser: Debian's chromium, driven by Playwright, on a host page served
from a second origin on loopback, talking to the real API over real HTTP."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from api import create_app
from tanyarb.core.feedback import FeedbackStore
from tanyarb.services import Services

from ..conftest import ROOT
from .conftest import api_settings, free_port, served_in_thread

REPORTS = ROOT / "eval" / "reports"
XSS = "<img src=x onerror=alert(1)>"
# A regulation whose text holds markup, escaped twice as a scraped web page may print it: the
# loader and the quote's cleaning each unescape once (real tags are dropped from quotes), so an
# answer quoting this line carries a literal tag.
TEST_REGULATION = """PERATURAN WALIKOTA CONTOH
NOMOR 1 TAHUN 2024
TENTANG
ROAD MAP REFORMASI BIROKRASI PEMERINTAH KOTA CONTOH TAHUN 2024-2026

BAB I
KETENTUAN UMUM
Pasal 1
Dalam Peraturan Walikota ini yang dimaksud dengan Kota adalah Kota Contoh.
BAB II
PELAKSANAAN
Pasal 2
Uji tampilan widget menjadi tanggung jawab &amp;lt;img src=x onerror=alert(1)&amp;gt; sesuai lampiran.
"""


@dataclass
class Site:
    api: str
    host_page: str
    data_dir: Path


@pytest.fixture(scope="module")
def site(real_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("widget")
    data_dir = work / "data"
    shutil.copytree(real_index_dir, data_dir)
    corpus = work / "extra"
    corpus.mkdir()
    (corpus / "kota-contoh-perwali-1-2024.txt").write_text(TEST_REGULATION, encoding="utf-8")
    host_port, api_port = free_port(), free_port()
    origin = f"http://localhost:{host_port}"
    settings = api_settings(data_dir, cors_origins=[origin])
    report = Services(settings, for_ingest=True).ingest([corpus], prune=False, progress=False)
    assert not report.failed, report.failed

    with served_in_thread(create_app(settings), api_port) as api:
        pages = work / "host"
        pages.mkdir()
        (pages / "index.html").write_text(
            "<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Situs Pemkot</title>"
            "<style>button{background:hotpink!important}</style></head><body>"
            "<h1>Bagian Organisasi</h1>"
            f'<script src="{api}/widget.js" data-region="Kota Blitar" defer></script>'
            "</body></html>",
            encoding="utf-8",
        )
        handler = partial(SimpleHTTPRequestHandler, directory=str(pages))
        host = ThreadingHTTPServer(("127.0.0.1", host_port), handler)
        host_thread = threading.Thread(target=host.serve_forever, daemon=True)
        host_thread.start()
        try:
            yield Site(api, f"{origin}/index.html", data_dir)
        finally:
            host.shutdown()


def _ask(page: Page, question: str) -> None:
    page.get_by_label("Pertanyaan Anda").fill(question)
    page.get_by_role("button", name="Kirim").click()


def test_visitor_asks_sees_the_unit_and_opens_the_cited_line(site: Site, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site.host_page)
    page.get_by_role("button", name="Buka tanya jawab Road Map Reformasi Birokrasi").click()
    _ask(page, "siapa penanggung jawab SPIP di Kota Blitar?")
    answer = page.locator("#tanyarb-widget .msg.a .text").last
    answer.wait_for(timeout=30_000)
    assert "Inspektorat" in answer.inner_text()
    link = page.locator("#tanyarb-widget .msg.a ol a").first
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{site.api}/documents/kota-blitar-perwali-97-2022.txt/view?lines=")
    line = href.rsplit("#L", 1)[1]
    REPORTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(REPORTS / "widget-answer.png"))

    with context.expect_page() as opened:
        link.click()
    view = opened.value
    view.wait_for_load_state()
    assert view.url.endswith(f"#L{line}")
    assert "hl" in (view.locator(f"#L{line}").get_attribute("class") or "")

    page.get_by_role("button", name="Jawaban ini membantu").click()
    page.get_by_text("Terima kasih atas penilaian Anda.").wait_for(timeout=10_000)
    store = FeedbackStore(site.data_dir)
    try:
        assert any(f.rating == "up" and f.channel == "web" for f in store.all())
    finally:
        store.close()
    context.close()


def test_markup_in_an_answer_shows_as_text(site: Site, browser: Browser) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site.host_page)
    page.get_by_role("button", name="Buka tanya jawab Road Map Reformasi Birokrasi").click()
    _ask(page, "siapa penanggung jawab uji tampilan widget di Kota Contoh?")
    answer = page.locator("#tanyarb-widget .msg.a .text").last
    answer.wait_for(timeout=30_000)
    assert XSS in answer.inner_text()
    assert page.locator("#tanyarb-widget img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
    page.close()


def test_keyboard_and_mobile_width(site: Site, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(site.host_page)
    opener = page.get_by_role("button", name="Buka tanya jawab Road Map Reformasi Birokrasi")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Tanya Road Map RB")
    dialog.wait_for()
    assert opener.get_attribute("aria-expanded") == "true"
    box = dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    # The host page's button rule does not reach the widget (shadow DOM).
    send = page.get_by_role("button", name="Kirim")
    assert send.evaluate("b => getComputedStyle(b).backgroundColor") != "rgb(255, 105, 180)"
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert opener.get_attribute("aria-expanded") == "false"
    page.close()
