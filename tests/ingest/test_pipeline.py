"""ingest.pipeline: bad files fail alone, re-ingest is incremental, a crash leaves the index whole.

Every test uses the deterministic HashingEmbedder and a fresh data dir under ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fpdf import FPDF
from pypdf import PdfWriter

import ingest.pipeline as pipeline_module
import tanyarb.core.store as store_module
from ingest.pipeline import IngestOptions, IngestReport, ingest_paths
from tanyarb.core.embeddings import HashingEmbedder
from tanyarb.core.lexical import LexicalIndex
from tanyarb.core.models import Chunk
from tanyarb.core.settings import Settings
from tanyarb.core.store import IndexStore, collection_name
from tanyarb.services import Services

from .test_loaders import png_bytes, random_bytes_without_nul


def regulation(city: str, marker: str, *, number: int = 5, province: str = "JAWA TIMUR") -> str:
    """A small Road Map regulation: heading, Pasal, penetapan, LAMPIRAN with BAB I and a table.

    ``marker`` appears in the Pasal 1 text and in one table row, so tests can find the chunks.
    """
    upper = city.upper()
    return f"""WALIKOTA {upper}
PROVINSI {province}

PERATURAN WALIKOTA {upper}

NOMOR {number} TAHUN 2024

TENTANG

ROAD MAP REFORMASI BIROKRASI PEMERINTAH KOTA {upper}

TAHUN 2024-2026

DENGAN RAHMAT TUHAN YANG MAHA ESA

WALIKOTA {upper},

Pasal 1

Road Map Reformasi Birokrasi Kota {city} memuat rencana {marker} untuk delapan area perubahan.

Pasal 2

Peraturan Walikota ini mulai berlaku pada tanggal diundangkan.

Ditetapkan di {city}
pada tanggal 2 Januari 2024

LAMPIRAN
PERATURAN WALIKOTA {upper}

BAB I
PENDAHULUAN

Latar belakang penyusunan Road Map Reformasi Birokrasi di Kota {city}.

Tabel 1.1 Rencana Aksi Reformasi Birokrasi

Area Perubahan\tRencana Aksi\tPenanggung Jawab
Manajemen Perubahan\tMembentuk agen perubahan {marker}\tBagian Organisasi
Pelayanan Publik\tMembangun mal pelayanan publik\tDinas Penanaman Modal
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def make_text_pdf(path: Path, text: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[IndexStore]:
    opened = IndexStore(data_dir, HashingEmbedder())
    yield opened
    opened.close()


def ingest(store: IndexStore, *paths: Path, prune: bool = False) -> IngestReport:
    return ingest_paths(store, list(paths), IngestOptions(prune=prune, progress=False))


def statuses(report: IngestReport) -> dict[str, str]:
    return {o.name: o.status for o in report.outcomes}


def texts_of(store: IndexStore, document: str | None = None) -> str:
    return "\n".join(c.text for c in store.chunks() if document in (None, c.document))


def assert_index_consistent(store: IndexStore, *, orphans_allowed: bool = False) -> None:
    """Documents, chunk rows, Chroma vectors and the BM25 index all describe the same chunks."""
    chunks = store.chunks()
    documents = store.documents()
    assert {c.document for c in chunks} == {d.meta.name for d in documents}
    for document in documents:
        ids = store.chunk_ids_of(document.meta.name)
        assert document.chunk_count == len(ids) > 0, document.meta.name
        region = document.meta.region
        assert region and all(
            c.region == region for c in chunks if c.document == document.meta.name
        )
    by_collection: dict[str, set[str]] = {}
    for chunk in chunks:
        by_collection.setdefault(collection_name(chunk.region), set()).add(chunk.id)
    client = store.chroma_client()
    names = {c if isinstance(c, str) else c.name for c in client.list_collections()}
    for name in {n for n in names if n.startswith("rb-")} | set(by_collection):
        stored = set(client.get_collection(name).get(include=[])["ids"])
        wanted = by_collection.get(name, set())
        # Readers ignore vectors without a chunk row; the next ingest deletes them.
        assert wanted <= stored if orphans_allowed else stored == wanted, name
    assert LexicalIndex.load_or_build(store).ids == [c.id for c in chunks]


# ---- one bad file next to a good one ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("kosong.txt", b"", "empty"),
        ("spasi.txt", b"  \n\n\t \r\n   ", "empty"),
        ("gambar.txt", png_bytes(), "binary"),
        ("acak.md", random_bytes_without_nul(), "binary"),
    ],
    ids=["zero-bytes", "whitespace-only", "png-as-txt", "random-bytes-as-md"],
)
def test_bad_text_file_fails_alone(
    tmp_path: Path, store: IndexStore, name: str, content: bytes, expected: str
) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    (folder / name).write_bytes(content)

    report = ingest(store, folder)

    assert statuses(report) == {"kota-contoh.txt": "added", name: "failed"}
    (failed,) = report.failed
    assert failed.message is not None
    assert expected in failed.message
    assert failed.message.startswith(str(folder / name))
    assert failed.chunks == 0
    assert store.document_names() == ["kota-contoh.txt"]
    assert "kuncicontoh" in texts_of(store)
    assert_index_consistent(store)


def test_unsupported_suffix_given_explicitly_fails_alone(tmp_path: Path, store: IndexStore) -> None:
    good = write(tmp_path, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    docx = write(tmp_path, "laporan.docx", regulation("Lain", "kuncilain"))
    missing = tmp_path / "tidak-ada.txt"

    report = ingest(store, docx, good, missing)

    assert statuses(report) == {
        "tidak-ada.txt": "failed",
        "laporan.docx": "failed",
        "kota-contoh.txt": "added",
    }
    messages = {o.name: o.message or "" for o in report.failed}
    assert "unsupported file type '.docx'" in messages["laporan.docx"]
    assert "no such file or folder" in messages["tidak-ada.txt"]
    assert store.document_names() == ["kota-contoh.txt"]
    assert "kuncilain" not in texts_of(store)
    assert_index_consistent(store)


def test_regulation_without_region_heading_fails_alone(tmp_path: Path, store: IndexStore) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    write(folder, "catatan.txt", "Catatan rapat tim reformasi birokrasi.\nTidak ada judul.\n")

    report = ingest(store, folder)

    assert statuses(report) == {"catatan.txt": "failed", "kota-contoh.txt": "added"}
    assert "which region" in (report.failed[0].message or "")
    assert store.document_names() == ["kota-contoh.txt"]
    assert_index_consistent(store)


def test_cp1252_file_is_ingested_with_a_warning(tmp_path: Path, store: IndexStore) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    text = regulation("Lama", "kafé pelayanan – terpadu")
    write(folder, "kota-lama.txt", text, encoding="cp1252")

    report = ingest(store, folder)

    assert statuses(report) == {"kota-contoh.txt": "added", "kota-lama.txt": "added"}
    outcome = {o.name: o for o in report.outcomes}
    assert outcome["kota-contoh.txt"].warnings == ()
    (warning,) = outcome["kota-lama.txt"].warnings
    assert "decoded as Windows-1252" in warning
    lama = [c for c in store.chunks() if c.document == "kota-lama.txt"]
    assert any("kafé pelayanan – terpadu" in c.text for c in lama)
    assert all("\ufffd" not in c.text for c in lama)
    table_rows = [r for c in lama for r in c.rows]
    assert ("Rencana Aksi", "Membentuk agen perubahan kafé pelayanan – terpadu") in [
        cell for r in table_rows for cell in r.cells
    ]
    assert {d.meta.name: d.meta.region for d in store.documents()} == {
        "kota-contoh.txt": "Kota Contoh",
        "kota-lama.txt": "Kota Lama",
    }
    assert_index_consistent(store)


# ---- a batch with one good file and many bad ones -----------------------------------------


def test_batch_with_one_good_file_and_many_bad_ones(tmp_path: Path, store: IndexStore) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    (folder / "kosong.txt").write_bytes(b"")
    (folder / "spasi.md").write_bytes(b" \n \n")
    (folder / "gambar.txt").write_bytes(png_bytes())
    write(folder, "tanpa-judul.txt", "Hanya catatan.\n")
    encrypted = PdfWriter(clone_from=str(make_text_pdf(tmp_path / "plain.pdf", "WALIKOTA X")))
    encrypted.encrypt("secret")
    encrypted.write(str(folder / "terkunci.pdf"))
    full = make_text_pdf(tmp_path / "full.pdf", "PERATURAN WALIKOTA CONTOH\nPasal 1\nIsi.")
    (folder / "terpotong.pdf").write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    blank.write(str(folder / "pindaian.pdf"))
    write(folder, ".tersembunyi.txt", regulation("Rahasia", "kuncirahasia"))

    report = ingest(store, folder)

    bad = {
        "kosong.txt": "empty",
        "spasi.md": "empty",
        "gambar.txt": "binary",
        "tanpa-judul.txt": "region",
        "terkunci.pdf": "encrypted",
        "terpotong.pdf": "damaged or truncated",
        "pindaian.pdf": "OCR",
    }
    assert statuses(report) == {"kota-contoh.txt": "added"} | dict.fromkeys(bad, "failed")
    assert {o.name for o in report.failed} == set(bad)
    for outcome in report.failed:
        assert outcome.message and bad[outcome.name] in outcome.message, outcome
    assert report.chunks_written == store.documents()[0].chunk_count > 0
    assert store.document_names() == ["kota-contoh.txt"]
    assert "kuncirahasia" not in texts_of(store)
    assert_index_consistent(store)


# ---- incremental re-ingest ----------------------------------------------------------------


def test_reingest_is_incremental_and_prune_removes(tmp_path: Path, store: IndexStore) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-a.txt", regulation("Alfa", "kuncialfa"))
    write(folder, "kota-b.txt", regulation("Bravo", "kuncilama", province="JAWA TENGAH"))
    write(folder, "kota-c.txt", regulation("Charlie", "kuncicharlie"))

    first = ingest(store, folder)
    assert set(statuses(first).values()) == {"added"}
    ids_before = {name: store.chunk_ids_of(name) for name in store.document_names()}
    generation = store.generation()

    # Nothing changed: nothing is loaded, embedded or written.
    second = ingest(store, folder)
    assert statuses(second) == dict.fromkeys(
        ["kota-a.txt", "kota-b.txt", "kota-c.txt"], "unchanged"
    )
    assert second.chunks_written == 0
    assert all(o.chunks == 0 for o in second.outcomes)
    assert store.generation() == generation
    assert {n: store.chunk_ids_of(n) for n in store.document_names()} == ids_before
    assert_index_consistent(store)

    # One file changed: only it is updated, and none of its old text survives.
    write(folder, "kota-b.txt", regulation("Bravo", "kuncibaru", province="JAWA TENGAH"))
    third = ingest(store, folder)
    assert statuses(third) == {
        "kota-a.txt": "unchanged",
        "kota-b.txt": "updated",
        "kota-c.txt": "unchanged",
    }
    assert third.chunks_written == len(store.chunk_ids_of("kota-b.txt")) > 0
    assert "kuncilama" not in texts_of(store)
    assert "kuncibaru" in texts_of(store, "kota-b.txt")
    assert set(store.chunk_ids_of("kota-b.txt")) != set(ids_before["kota-b.txt"])
    assert store.chunk_ids_of("kota-a.txt") == ids_before["kota-a.txt"]
    assert_index_consistent(store)

    # A deleted file stays indexed until an ingest with prune=True.
    (folder / "kota-c.txt").unlink()
    fourth = ingest(store, folder)
    assert statuses(fourth) == {"kota-a.txt": "unchanged", "kota-b.txt": "unchanged"}
    assert "kota-c.txt" in store.document_names()

    fifth = ingest(store, folder, prune=True)
    assert statuses(fifth) == {
        "kota-a.txt": "unchanged",
        "kota-b.txt": "unchanged",
        "kota-c.txt": "removed",
    }
    assert store.document_names() == ["kota-a.txt", "kota-b.txt"]
    assert "kuncicharlie" not in texts_of(store)
    assert store.chunk_ids_of("kota-c.txt") == []
    charlie = store.chroma_client().get_collection(collection_name("Kota Charlie"))
    assert charlie.get(include=[])["ids"] == []
    assert_index_consistent(store)


def test_region_change_moves_vectors_to_the_new_collection(
    tmp_path: Path, store: IndexStore
) -> None:
    folder = tmp_path / "corpus"
    path = write(folder, "perwali.txt", regulation("Alfa", "kuncialfa"))
    ingest(store, folder)
    old_ids = set(store.chunk_ids_of("perwali.txt"))

    path.write_text(regulation("Bravo", "kuncibravo"), encoding="utf-8")
    report = ingest(store, folder)

    assert statuses(report) == {"perwali.txt": "updated"}
    assert store.documents()[0].meta.region == "Kota Bravo"
    alfa = store.chroma_client().get_collection(collection_name("Kota Alfa"))
    assert not old_ids & set(alfa.get(include=[])["ids"])
    assert_index_consistent(store)


# ---- a crash (Ctrl-C) half way through an ingest ------------------------------------------


def _interrupt_on(
    monkeypatch: pytest.MonkeyPatch, embedder: HashingEmbedder, marker: str
) -> list[str]:
    """Make embedding any text containing ``marker`` raise KeyboardInterrupt; return the log."""
    real = embedder.embed_passages
    embedded: list[str] = []

    def embed_passages(texts: list[str]) -> np.ndarray:
        if any(marker in t for t in texts):
            raise KeyboardInterrupt
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(embedder, "embed_passages", embed_passages)
    return embedded


def test_interrupt_while_embedding_the_second_document(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-a.txt", regulation("Alfa", "kuncialfa"))
    write(folder, "kota-b.txt", regulation("Bravo", "kuncibravo"))
    embedder = HashingEmbedder()
    store = IndexStore(data_dir, embedder)
    embedded = _interrupt_on(monkeypatch, embedder, "kuncibravo")

    with pytest.raises(KeyboardInterrupt):
        ingest(store, folder)
    assert any("kuncialfa" in t for t in embedded)
    store.close()
    monkeypatch.undo()

    reopened = IndexStore(data_dir, HashingEmbedder())
    try:
        assert reopened.document_names() == ["kota-a.txt"]
        (document,) = reopened.documents()
        assert document.chunk_count == len(reopened.chunk_ids_of("kota-a.txt")) > 0
        assert "kuncialfa" in texts_of(reopened)
        assert "kuncibravo" not in texts_of(reopened)
        assert_index_consistent(reopened)

        report = ingest(reopened, folder)

        assert statuses(report) == {"kota-a.txt": "unchanged", "kota-b.txt": "added"}
        assert "kuncibravo" in texts_of(reopened, "kota-b.txt")
        assert_index_consistent(reopened)
    finally:
        reopened.close()


def test_interrupt_inside_the_database_swap_keeps_the_previous_version(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the new vectors are written, mid-transaction: the old version stays whole."""
    folder = tmp_path / "corpus"
    write(folder, "kota-a.txt", regulation("Alfa", "kuncialfa1"))
    write(folder, "kota-b.txt", regulation("Bravo", "kuncibravo1"))
    store = IndexStore(data_dir, HashingEmbedder())
    ingest(store, folder)
    old_b = sorted(store.chunk_ids_of("kota-b.txt"))

    write(folder, "kota-a.txt", regulation("Alfa", "kuncialfa2"))
    write(folder, "kota-b.txt", regulation("Bravo", "kuncibravo2"))
    real_row = store_module._chunk_row
    rows_written: list[str] = []

    def chunk_row(chunk: Chunk, ordinal: int, tokens: list[str]) -> tuple[object, ...]:
        if chunk.document == "kota-b.txt" and ordinal == 3:
            raise KeyboardInterrupt  # after DELETE and a few rows of this document
        rows_written.append(chunk.document)
        return real_row(chunk, ordinal, tokens)

    monkeypatch.setattr(store_module, "_chunk_row", chunk_row)
    with pytest.raises(KeyboardInterrupt):
        ingest(store, folder)
    assert "kota-b.txt" in rows_written
    store.close()
    monkeypatch.undo()

    reopened = IndexStore(data_dir, HashingEmbedder())
    try:
        assert reopened.document_names() == ["kota-a.txt", "kota-b.txt"]
        assert "kuncialfa2" in texts_of(reopened, "kota-a.txt")
        assert "kuncialfa1" not in texts_of(reopened)
        # The interrupted document is exactly its previous version.
        assert sorted(reopened.chunk_ids_of("kota-b.txt")) == old_b
        assert "kuncibravo1" in texts_of(reopened, "kota-b.txt")
        assert "kuncibravo2" not in texts_of(reopened)
        for document in reopened.documents():
            assert document.chunk_count == len(reopened.chunk_ids_of(document.meta.name))
        assert_index_consistent(reopened, orphans_allowed=True)

        report = ingest(reopened, folder)

        assert statuses(report) == {"kota-a.txt": "unchanged", "kota-b.txt": "updated"}
        assert "kuncibravo2" in texts_of(reopened, "kota-b.txt")
        assert "kuncibravo1" not in texts_of(reopened)
        assert_index_consistent(reopened)  # orphan vectors collected
    finally:
        reopened.close()


def test_same_file_name_in_two_folders_is_refused_not_overwritten(tmp_path: Path) -> None:
    from ingest.pipeline import IngestOptions, ingest_paths
    from tanyarb.core.embeddings import HashingEmbedder
    from tanyarb.core.store import IndexStore

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "perwali.txt").write_text(regulation("ALFA", "alfa"), encoding="utf-8")
    (second / "perwali.txt").write_text(regulation("BRAVO", "bravo"), encoding="utf-8")
    store = IndexStore(tmp_path / "data", HashingEmbedder())
    report = ingest_paths(store, [first, second], IngestOptions(progress=False))
    assert [o.status for o in report.outcomes] == ["added", "failed"]
    assert "rename" in (report.outcomes[1].message or "")
    assert [d.meta.region for d in store.documents()] == ["Kota Alfa"]
    again = ingest_paths(store, [first, second], IngestOptions(progress=False))
    assert [o.status for o in again.outcomes] == ["unchanged", "failed"]
    store.close()


def test_broken_manifest_is_reported_and_documents_still_ingested(tmp_path: Path) -> None:
    from ingest.pipeline import IngestOptions, ingest_paths
    from tanyarb.core.embeddings import HashingEmbedder
    from tanyarb.core.store import IndexStore

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "perwali.txt").write_text(regulation("ALFA", "alfa"), encoding="utf-8")
    (tmp_path / "c" / "manifest.toml").write_text("[perwali.txt\nregion = 'x'", encoding="utf-8")
    store = IndexStore(tmp_path / "data", HashingEmbedder())
    report = ingest_paths(store, [tmp_path / "c"], IngestOptions(progress=False))
    statuses = {o.name: (o.status, o.message or "") for o in report.outcomes}
    assert statuses["manifest.toml"][0] == "failed" and "TOML" in statuses["manifest.toml"][1]
    assert statuses["perwali.txt"][0] == "added"
    store.close()


def test_manifest_corrections_repair_one_documents_ocr_damage(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    text = regulation("ALFA", "alfa").replace("memuat rencana", "memuat rencana Menyektorat")
    (tmp_path / "c" / "perwali.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c" / "manifest.toml").write_text(
        '["perwali.txt"]\ncorrections = { "Menyektorat" = "Inspektorat" }\n', encoding="utf-8"
    )
    store = IndexStore(tmp_path / "data", HashingEmbedder())
    report = ingest_paths(store, [tmp_path / "c"], IngestOptions(progress=False))
    assert [o.status for o in report.outcomes] == ["added"]
    chunks = list(store.chunks())
    assert any("Inspektorat" in c.text for c in chunks)
    assert not any("Menyektorat" in c.text for c in chunks)
    # A malformed entry is a clear error for that file, not a crash.
    (tmp_path / "c" / "manifest.toml").write_text(
        '["perwali.txt"]\ncorrections = ["Menyektorat"]\n', encoding="utf-8"
    )
    again = ingest_paths(store, [tmp_path / "c"], IngestOptions(progress=False))
    assert again.outcomes[0].status == "failed"
    assert "corrections" in (again.outcomes[0].message or "")
    store.close()


def test_symbolic_links_leaving_the_corpus_or_dangling_are_reported(
    tmp_path: Path, store: IndexStore
) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    write(folder / "arsip", "kota-arsip.txt", regulation("Arsip", "kunciarsip", number=6))
    outside = write(tmp_path / "rahasia", "kota-luar.txt", regulation("Luar", "kunciluar"))
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "hilang.txt").symlink_to(folder / "tidak-ada.txt")
    (folder / "arsip-tautan.txt").symlink_to(Path("arsip") / "kota-arsip.txt")

    report = ingest(store, folder, prune=True)

    assert statuses(report) == {
        "kota-contoh.txt": "added",
        "arsip-tautan.txt": "added",  # a link that stays inside the corpus folder is fine
        "passwd.txt": "failed",
        "hilang.txt": "failed",
    }
    messages = {o.name: o.message or "" for o in report.failed}
    assert messages["passwd.txt"].startswith(str(folder / "passwd.txt"))
    assert "ke luar folder korpus" in messages["passwd.txt"]
    assert "leaving the corpus folder" in messages["passwd.txt"]
    assert "tautan simbolik rusak" in messages["hilang.txt"]
    assert "dangling" in messages["hilang.txt"]
    assert store.document_names() == ["arsip-tautan.txt", "kota-contoh.txt"]
    assert "kunciluar" not in texts_of(store)
    assert_index_consistent(store)


def test_file_size_cap_from_settings_single_read_and_remembered_refusals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "corpus"
    write(folder, "kota-contoh.txt", regulation("Contoh", "kuncicontoh"))
    write(folder, "besar.txt", "baris tanpa judul\n" * 90_000)  # 1.5 MiB, over 1 MB
    write(folder, "catatan.txt", "Catatan rapat tim reformasi birokrasi.\nTidak ada judul.\n")
    reads: list[str] = []
    parses: list[str] = []
    real_read, real_load = Path.read_bytes, getattr(pipeline_module, "load_bytes", None)

    def read_bytes(path: Path) -> bytes:
        reads.append(path.name)
        return real_read(path)

    def load_bytes(path: Path, data: bytes, **limits: Any) -> Any:
        parses.append(path.name)
        return real_load(path, data, **limits)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(pipeline_module, "load_bytes", load_bytes, raising=False)
    monkeypatch.setenv("TANYARB_MAX_FILE_MB", "1")
    settings = Settings(data_dir=tmp_path / "data", embedder="hashing")
    services = Services(settings, embedder_override=HashingEmbedder(), for_ingest=True)

    first = services.ingest([folder], prune=False, progress=False)

    assert statuses(first) == {
        "besar.txt": "failed",
        "catatan.txt": "failed",
        "kota-contoh.txt": "added",
    }
    messages = {o.name: o.message or "" for o in first.failed}
    assert "berkas terlalu besar (1.5 MB; batasnya 1 MB" in messages["besar.txt"]
    assert "TANYARB_MAX_FILE_MB" in messages["besar.txt"]
    assert "which region" in messages["catatan.txt"]
    assert "besar.txt" not in reads + parses  # refused from its size, never read
    assert sorted(reads) == sorted(parses) == ["catatan.txt", "kota-contoh.txt"]  # read once

    reads.clear()
    parses.clear()
    again = services.ingest([folder], prune=False, progress=False)

    assert statuses(again) == {
        "besar.txt": "failed",
        "catatan.txt": "failed",
        "kota-contoh.txt": "unchanged",
    }
    remembered = {o.name: o.message or "" for o in again.failed}["catatan.txt"]
    assert "which region" in remembered and "diingat dari ingest sebelumnya" in remembered
    assert parses == []  # the refusal is remembered by content hash: not parsed again
    assert "besar.txt" not in reads
