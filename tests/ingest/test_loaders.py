"""ingest.loaders on plain-text input: what is refused (and why) and how text is decoded."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import pytest

from ingest.errors import DocumentError
from ingest.loaders import LoadedDocument, decode_text, load_document

HEADING = (
    "WALIKOTA CONTOH\nPROVINSI JAWA TIMUR\n\nPERATURAN WALIKOTA CONTOH\n\nNOMOR 5 TAHUN 2024\n\n"
    "TENTANG\n\nROAD MAP REFORMASI BIROKRASI PEMERINTAH KOTA CONTOH\n\nTAHUN 2024-2026\n\n"
    "Pasal 1\n\nRoad Map ini memuat {marker}.\n"
)


def _refusal(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert caught.value.path == str(path)
    assert str(caught.value).startswith(f"{path}: ")
    return caught.value.reason


def test_plain_utf8_regulation_loads_as_numbered_lines(tmp_path: Path) -> None:
    text = HEADING.format(marker="dokumen biasa")
    path = tmp_path / "contoh.txt"
    path.write_text(text, encoding="utf-8")

    loaded = load_document(path)

    assert isinstance(loaded, LoadedDocument)
    assert loaded.name == "contoh.txt"
    assert loaded.lines == tuple(text.splitlines())
    assert loaded.lines[0] == "WALIKOTA CONTOH"
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.source_format == "txt"
    assert loaded.warnings == ()
    # Text files have no pages: every line, and anything out of range, maps to None.
    assert len(loaded.pages) == len(loaded.lines)
    assert {loaded.page_of(n) for n in range(0, len(loaded.lines) + 2)} == {None}


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\t\r\n  \n", b"\xef\xbb\xbf\n  \n", "  \n \n".encode("utf-16")],
    ids=["zero-bytes", "whitespace", "utf8-bom-and-blank-lines", "utf16-blank"],
)
def test_empty_file_is_refused_as_empty(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kosong.txt"
    path.write_bytes(content)

    assert "empty" in _refusal(path)


def png_bytes() -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(2000))


def random_bytes_without_nul() -> bytes:
    rng = random.Random(11)
    return bytes(rng.randrange(1, 256) for _ in range(4000))


@pytest.mark.parametrize(
    "content",
    [png_bytes(), b"Pasal 1\n" + b"\x00\x01\x02\x03" * 50, random_bytes_without_nul()],
    ids=["png-header", "nul-bytes", "random-without-nul"],
)
def test_binary_file_named_txt_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "gambar.txt"
    path.write_bytes(content)

    assert "binary" in _refusal(path)


@pytest.mark.parametrize("suffix", [".docx", ".doc", ".html", ""])
def test_unsupported_suffix_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"laporan{suffix}"
    path.write_text(HEADING.format(marker="apa saja"), encoding="utf-8")

    reason = _refusal(path)

    assert "unsupported file type" in reason
    assert f"'{suffix}'" in reason


def test_missing_file_is_refused_with_reason(tmp_path: Path) -> None:
    assert "cannot read" in _refusal(tmp_path / "tidak-ada.txt")


def test_cp1252_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = HEADING.format(marker="kafé pelayanan – terpadu") + "Catatan: «penting» — selesai\n"
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))

    loaded = load_document(path)

    assert loaded.lines == tuple(text.splitlines())
    assert any("kafé pelayanan – terpadu" in line for line in loaded.lines)
    assert len(loaded.warnings) == 1
    assert "Windows-1252" in loaded.warnings[0]


def test_latin1_bytes_decode_without_losing_accents(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(HEADING.format(marker="résumé naïve").encode("latin-1"))

    loaded = load_document(path)

    assert any("résumé naïve" in line for line in loaded.lines)
    assert "Windows-1252" in loaded.warnings[0]


def test_decode_text_utf8_with_bom_has_no_warning() -> None:
    text, warnings = decode_text("\ufeffPasal 1 – é".encode(), "x.txt")

    assert text == "Pasal 1 – é"
    assert warnings == []


def test_decode_text_utf16_with_bom() -> None:
    text, warnings = decode_text("Pasal 1 – é\n".encode("utf-16"), "x.txt")

    assert text == "Pasal 1 – é\n"
    assert warnings == ["decoded as UTF-16"]


def test_decode_text_refuses_binary_with_the_given_label() -> None:
    with pytest.raises(DocumentError) as caught:
        decode_text(b"abc\x00def", "label.txt")

    assert caught.value.path == "label.txt"
    assert "binary" in caught.value.reason
