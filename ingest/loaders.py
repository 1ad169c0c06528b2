"""Turn a file into numbered lines (and pages for PDFs), refusing what cannot be read honestly."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import DocumentError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


@dataclass(frozen=True)
class LoadedDocument:
    """A document as numbered lines; ``pages[i]`` is the 1-based PDF page of line ``i + 1``."""

    name: str
    path: Path
    lines: tuple[str, ...]
    pages: tuple[int | None, ...]
    sha256: str
    source_format: str
    warnings: tuple[str, ...] = ()

    def page_of(self, line: int) -> int | None:
        return self.pages[line - 1] if 0 < line <= len(self.pages) else None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_size(path: Path, max_bytes: int) -> None:
    """Refuse a file over ``max_bytes`` from its size alone, before reading any of it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror})") from exc
    if size > max_bytes:
        mib, limit = size / 2**20, max_bytes / 2**20
        raise DocumentError(
            str(path),
            f"berkas terlalu besar ({mib:.1f} MB; batasnya {limit:g} MB, TANYARB_MAX_FILE_MB), "
            f"tidak dibaca / file too large ({mib:.1f} MB, limit {limit:g} MB): not read",
        )


def load_document(
    path: Path, *, pdf_timeout_s: float = 60.0, pdf_memory_mb: int = 1536
) -> LoadedDocument:
    """Load one supported file or raise :class:`DocumentError` with a reason a user understands."""
    _check_suffix(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror})") from exc
    return load_bytes(path, data, pdf_timeout_s=pdf_timeout_s, pdf_memory_mb=pdf_memory_mb)


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(str(path), f"unsupported file type '{suffix}' (use .txt, .md or .pdf)")
    return suffix


def load_bytes(
    path: Path, data: bytes, *, pdf_timeout_s: float = 60.0, pdf_memory_mb: int = 1536
) -> LoadedDocument:
    """Load a file's bytes, already read once by the caller (a PDF is parsed from ``path`` in a
    child process); raises :class:`DocumentError` as :func:`load_document` does."""
    suffix = _check_suffix(path)
    if not data.strip():
        raise DocumentError(str(path), "the file is empty")
    digest = content_hash(data)
    if suffix in PDF_SUFFIXES:
        pages = _extract_pdf_pages(path, timeout_s=pdf_timeout_s, memory_mb=pdf_memory_mb)
        return _from_pages(path, pages, digest)
    text, warnings = decode_text(data, str(path))
    lines = tuple(text.splitlines())
    if not any(line.strip() for line in lines):
        raise DocumentError(str(path), "the file is empty")
    return LoadedDocument(
        name=path.name,
        path=path,
        lines=lines,
        pages=tuple(None for _ in lines),
        sha256=digest,
        source_format=suffix.lstrip("."),
        warnings=tuple(warnings),
    )


def decode_text(data: bytes, label: str) -> tuple[str, list[str]]:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Binary content (NUL bytes, many control characters) is refused rather than indexed as noise.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ["decoded as UTF-16"]
    if b"\x00" in data[:65536]:
        raise DocumentError(label, "this is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
        warnings: list[str] = []
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings = ["not valid UTF-8: decoded as Windows-1252; check special characters"]
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise DocumentError(label, "this looks like a binary file, not text")
    return text, warnings


def _extract_pdf_pages(path: Path, *, timeout_s: float, memory_mb: int) -> list[str]:
    """Run pypdf in a child process under a time and memory limit (pypdf can hang or explode).

    The child sets its own memory limit: a ``preexec_fn`` is unsafe once the parent has threads
    (Chroma starts some), and a child stuck before ``exec`` would block ``run`` past its timeout.
    """
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "ingest.pdf_worker",
                "--memory-mb",
                str(memory_mb),
                str(path.resolve()),
            ],
            capture_output=True,
            timeout=timeout_s,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise DocumentError(
            str(path), f"PDF parsing exceeded the time limit of {timeout_s:g} s; skipped"
        ) from exc
    if proc.returncode != 0:
        message = _worker_message(proc.stdout) or "the PDF parser crashed or ran out of memory"
        raise DocumentError(str(path), message)
    try:
        payload = json.loads(proc.stdout)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DocumentError(str(path), "the PDF parser returned unreadable output") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("pages", []), list):
        raise DocumentError(str(path), "the PDF parser returned unreadable output")
    if "error" in payload:
        raise DocumentError(str(path), str(payload["error"]))
    pages: list[str] = [str(page) for page in payload.get("pages", [])]
    if not pages:
        raise DocumentError(str(path), "the PDF has no pages (it may be damaged or truncated)")
    if not any(page.strip() for page in pages):
        raise DocumentError(
            str(path),
            "the PDF has no text layer (scanned images): run OCR first, then ingest again",
        )
    return pages


def _worker_message(stdout: bytes) -> str | None:
    try:
        payload = json.loads(stdout)
    except (ValueError, UnicodeDecodeError):
        return None
    error = payload.get("error") if isinstance(payload, dict) else None
    return str(error) if error else None


def _from_pages(path: Path, pages: list[str], digest: str) -> LoadedDocument:
    lines: list[str] = []
    line_pages: list[int | None] = []
    for number, page_text in enumerate(pages, start=1):
        page_lines = page_text.splitlines() or [""]
        lines.extend(page_lines)
        line_pages.extend([number] * len(page_lines))
        lines.append("")  # a page break reads as a blank line, as in the text exports
        line_pages.append(number)
    return LoadedDocument(
        name=path.name,
        path=path,
        lines=tuple(lines),
        pages=tuple(line_pages),
        sha256=digest,
        source_format="pdf",
    )
