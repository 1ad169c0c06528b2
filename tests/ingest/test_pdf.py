"""PDF input: text PDFs keep their page numbers; broken PDFs fail alone, with a clear reason.

PDFs are built in the test with fpdf2 (Helvetica is latin-1 only, so the text stays ASCII) and
pypdf. Parsing runs in the real ``ingest.pdf_worker`` child process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject

from ingest import pdf_worker
from ingest.errors import DocumentError
from ingest.loaders import load_document
from ingest.pipeline import IngestOptions, IngestReport, ingest_paths
from tanyarb.core.embeddings import HashingEmbedder
from tanyarb.core.store import IndexStore

from .test_pipeline import assert_index_consistent

PAGE_1 = [
    "WALIKOTA CONTOH",
    "PROVINSI JAWA TIMUR",
    "PERATURAN WALIKOTA CONTOH",
    "NOMOR 5 TAHUN 2024",
    "TENTANG",
    "ROAD MAP REFORMASI BIROKRASI PEMERINTAH KOTA CONTOH",
    "TAHUN 2024-2026",
    "Pasal 1",
    "Halaman pertama memuat kata alfaunik tentang agen perubahan.",
]
PAGE_2 = [
    "Pasal 2",
    "Halaman kedua memuat kata bravounik tentang pelayanan publik.",
    "Pasal 3",
    "Halaman kedua juga memuat kata deltaunik tentang pengawasan.",
]
PAGE_3 = [
    "Pasal 4",
    "Halaman ketiga memuat kata charlieunik tentang akuntabilitas.",
]
PAGES = [PAGE_1, PAGE_2, PAGE_3]
# Which page each marker word was printed on.
MARKERS = {"alfaunik": 1, "bravounik": 2, "deltaunik": 2, "charlieunik": 3}

GOOD_TXT = (
    "WALIKOTA LAINNYA\nPROVINSI JAWA TENGAH\n\nPERATURAN WALIKOTA LAINNYA\n\n"
    "NOMOR 7 TAHUN 2023\n\nTENTANG\n\nROAD MAP REFORMASI BIROKRASI PEMERINTAH KOTA LAINNYA\n\n"
    "TAHUN 2023-2026\n\nPasal 1\n\nDokumen teks yang baik memuat kata tekssehat.\n"
)


def make_text_pdf(path: Path, pages: list[list[str]]) -> Path:
    pdf = FPDF()
    for lines in pages:
        pdf.add_page()
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, "\n".join(lines))
    pdf.output(str(path))
    return path


def make_encrypted_pdf(path: Path, *, user_password: str = "secret") -> Path:
    source = make_text_pdf(path.with_name(path.stem + "-plain.pdf"), PAGES)
    writer = PdfWriter(clone_from=str(source))
    writer.encrypt(user_password, owner_password="owner-secret")
    writer.write(str(path))
    source.unlink()
    return path


def make_scanned_pdf(path: Path) -> Path:
    """Pages with only drawings (like scanned images): no text layer at all."""
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.set_fill_color(40, 40, 40)
        pdf.rect(20, 20, 150, 200, style="F")
    pdf.output(str(path))
    return path


def make_blank_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    writer.write(str(path))
    return path


def make_truncated_pdf(path: Path) -> Path:
    full = make_text_pdf(path.with_name(path.stem + "-full.pdf"), PAGES)
    data = full.read_bytes()
    full.unlink()
    path.write_bytes(data[: len(data) // 2])
    return path


def _refusal(path: Path, **limits: float) -> str:
    with pytest.raises(DocumentError) as caught:
        load_document(path, **limits)  # type: ignore[arg-type]
    assert caught.value.path == str(path)
    return caught.value.reason


# ---- loader level -------------------------------------------------------------------------


def test_text_pdf_lines_map_to_their_pages(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "perwali.pdf", PAGES)

    loaded = load_document(path)

    assert loaded.source_format == "pdf"
    assert loaded.warnings == ()
    assert len(loaded.pages) == len(loaded.lines)
    for number, lines in enumerate(PAGES, start=1):
        for expected in lines:
            found = [i + 1 for i, line in enumerate(loaded.lines) if line.strip() == expected]
            assert found, f"{expected!r} not extracted"
            assert {loaded.page_of(n) for n in found} == {number}, expected
    # Pages run in order and every line has one; out-of-range lines have none.
    assert list(loaded.pages) == sorted(loaded.pages)
    assert set(loaded.pages) == {1, 2, 3}
    assert loaded.page_of(0) is None
    assert loaded.page_of(len(loaded.lines) + 1) is None
    # A page break reads as a blank line.
    first_of_page_2 = loaded.pages.index(2)
    assert loaded.lines[first_of_page_2 - 1] == ""


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = make_encrypted_pdf(tmp_path / "terkunci.pdf")
    assert PdfReader(str(path)).is_encrypted

    reason = _refusal(path)

    assert "encrypted" in reason
    assert "password" in reason


def test_pdf_with_owner_password_only_is_read(tmp_path: Path) -> None:
    """An empty user password opens the file: such PDFs are common and must not be refused."""
    path = make_encrypted_pdf(tmp_path / "owner-only.pdf", user_password="")
    assert PdfReader(str(path)).is_encrypted

    loaded = load_document(path)

    assert any("alfaunik" in line for line in loaded.lines)


def test_aes_pdf_without_crypto_backend_gets_a_clear_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pypdf raises DependencyError for AES when 'cryptography' is missing: not 'damaged'."""
    from pypdf.errors import DependencyError

    path = make_encrypted_pdf(tmp_path / "aes.pdf", user_password="")

    def no_aes(self: PdfReader, password: str) -> None:
        raise DependencyError("cryptography is required for AES algorithm")

    monkeypatch.setattr(PdfReader, "decrypt", no_aes)
    result = pdf_worker.extract(str(path))

    assert "encrypted" in str(result["error"])
    assert "damaged" not in str(result["error"])


@pytest.mark.parametrize("maker", [make_scanned_pdf, make_blank_pdf], ids=["drawings", "blank"])
def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path, maker: object) -> None:
    path = maker(tmp_path / "scan.pdf")  # type: ignore[operator]

    reason = _refusal(path)

    assert "no text layer" in reason
    assert "OCR" in reason


def test_pdf_without_pages_is_not_mistaken_for_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "nol-halaman.pdf"
    PdfWriter().write(str(path))

    reason = _refusal(path)

    assert "no pages" in reason
    assert "OCR" not in reason


def test_truncated_pdf_is_refused_as_damaged(tmp_path: Path) -> None:
    path = make_truncated_pdf(tmp_path / "terpotong.pdf")

    reason = _refusal(path)

    assert "damaged or truncated" in reason


def test_garbage_named_pdf_is_refused_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "bukan.pdf"
    path.write_text("this is not a PDF at all\n" * 20, encoding="ascii")

    assert "damaged or truncated" in _refusal(path)


def test_pdf_parse_over_time_limit_is_skipped(tmp_path: Path) -> None:
    """No Python interpreter starts, let alone parses a PDF, within 1 ms."""
    path = make_text_pdf(tmp_path / "lambat.pdf", PAGES)

    reason = _refusal(path, pdf_timeout_s=0.001)

    assert "time limit" in reason
    assert "0.001 s" in reason


def test_pdf_timeout_reason_comes_from_the_subprocess_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_text_pdf(tmp_path / "lambat.pdf", PAGES)
    seen: dict[str, object] = {}

    def hang(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        seen.update(kwargs, cmd=cmd)
        raise subprocess.TimeoutExpired(cmd, float(kwargs["timeout"]))  # type: ignore[arg-type]

    monkeypatch.setattr("ingest.loaders.subprocess.run", hang)

    reason = _refusal(path, pdf_timeout_s=42)

    assert reason == "PDF parsing exceeded the time limit of 42 s; skipped"
    assert seen["timeout"] == 42
    assert seen["cmd"][:3] == [sys.executable, "-m", "ingest.pdf_worker"]  # type: ignore[index]


def test_pdf_parse_over_memory_limit_is_refused(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "besar.pdf", PAGES)

    reason = _refusal(path, pdf_memory_mb=1)

    assert "memory" in reason


# ---- through the pipeline -----------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[IndexStore]:
    opened = IndexStore(tmp_path / "data", HashingEmbedder())
    yield opened
    opened.close()


def _ingest(store: IndexStore, *paths: Path, **options: object) -> IngestReport:
    return ingest_paths(store, list(paths), IngestOptions(progress=False, **options))  # type: ignore[arg-type]


def _status(report: IngestReport) -> dict[str, str]:
    return {o.name: o.status for o in report.outcomes}


def test_text_pdf_is_ingested_with_page_numbers(tmp_path: Path, store: IndexStore) -> None:
    path = make_text_pdf(tmp_path / "perwali-contoh.pdf", PAGES)

    report = _ingest(store, path)

    assert _status(report) == {"perwali-contoh.pdf": "added"}
    (document,) = store.documents()
    assert document.meta.region == "Kota Contoh"
    assert document.meta.source_format == "pdf"
    assert (document.meta.number, document.meta.year) == ("5", 2024)
    chunks = store.chunks()
    assert all(c.page in {1, 2, 3} for c in chunks)
    for marker, page in MARKERS.items():
        holding = [c for c in chunks if marker in c.text]
        assert holding, marker
        assert {c.page for c in holding} == {page}, marker
    # The line span points at the marker line, whose page is the chunk's page.
    loaded = load_document(path)
    for chunk in chunks:
        assert loaded.page_of(chunk.line_start) == chunk.page
    assert_index_consistent(store)


@pytest.mark.parametrize(
    ("maker", "expected"),
    [
        (make_encrypted_pdf, "encrypted"),
        (make_scanned_pdf, "OCR"),
        (make_truncated_pdf, "damaged or truncated"),
    ],
    ids=["encrypted", "no-text-layer", "truncated"],
)
def test_broken_pdf_fails_alone(
    tmp_path: Path, store: IndexStore, maker: object, expected: str
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "baik.txt").write_text(GOOD_TXT, encoding="utf-8")
    make_text_pdf(folder / "baik.pdf", PAGES)
    maker(folder / "rusak.pdf")  # type: ignore[operator]

    report = _ingest(store, folder)

    assert _status(report) == {"baik.pdf": "added", "baik.txt": "added", "rusak.pdf": "failed"}
    (failed,) = report.failed
    assert failed.message and expected in failed.message
    assert str(folder / "rusak.pdf") in failed.message
    assert store.document_names() == ["baik.pdf", "baik.txt"]
    assert any("tekssehat" in c.text for c in store.chunks())
    assert_index_consistent(store)


def test_pdf_over_time_limit_fails_alone(tmp_path: Path, store: IndexStore) -> None:
    good = tmp_path / "baik.txt"
    good.write_text(GOOD_TXT, encoding="utf-8")
    slow = make_text_pdf(tmp_path / "lambat.pdf", PAGES)

    report = _ingest(store, slow, good, pdf_timeout_s=0.001)

    assert _status(report) == {"lambat.pdf": "failed", "baik.txt": "added"}
    assert "time limit" in (report.failed[0].message or "")
    assert store.document_names() == ["baik.txt"]
    assert_index_consistent(store)


def make_bomb_pdf(path: Path) -> Path:
    """A valid text PDF whose first page's content stream inflates from 80 KB to 80 MB."""
    source = make_text_pdf(path.with_name(path.stem + "-source.pdf"), PAGES)
    writer = PdfWriter(clone_from=source)
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None
    stream = DecodedStreamObject()
    stream.set_data(contents.get_data() + b" " * 80_000_000)
    page.replace_contents(stream.flate_encode(level=9))
    with path.open("wb") as out:
        writer.write(out)
    source.unlink()
    return path


def test_decompression_bomb_is_refused_as_too_large_when_decompressed(
    tmp_path: Path, store: IndexStore
) -> None:
    (tmp_path / "corpus").mkdir()
    bomb = make_bomb_pdf(tmp_path / "corpus" / "bom.pdf")
    assert bomb.stat().st_size < 200_000

    report = _ingest(store, bomb.parent)

    assert _status(report) == {"bom.pdf": "failed"}
    message = report.failed[0].message or ""
    assert "too large when decompressed" in message
    assert "damaged" not in message
