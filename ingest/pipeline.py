"""Ingest files into the index: incremental by content hash, one document per transaction."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ingest.chunker import ChunkBudget, chunk_sections
from ingest.errors import DocumentError
from ingest.lists import extract_list_items
from ingest.loaders import (
    SUPPORTED_SUFFIXES,
    LoadedDocument,
    check_size,
    content_hash,
    load_bytes,
)
from ingest.metadata import (
    CORRECTIONS,
    apply_corrections,
    apply_manifest,
    extract_metadata,
    load_manifest,
)
from ingest.records import extract_records
from ingest.structure import Section, parse_sections
from tanyarb.core.evidence_units import build_units
from tanyarb.core.lexical import LexicalIndex
from tanyarb.core.models import Chunk, DocumentMeta, Record
from tanyarb.core.store import DocumentText, IndexStore
from tanyarb.core.textnorm import lexical_tokens

log = logging.getLogger(__name__)

# Bump when parsing or chunking changes, so that unchanged files are re-parsed once.
PIPELINE_VERSION = "28"


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: added, updated, unchanged, removed or failed (with why)."""

    name: str
    status: str
    chunks: int = 0
    units: int = 0  # evidence units embedded (rows, list entries, definitions, sentences)
    message: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def chunks_written(self) -> int:
        return sum(o.chunks for o in self.outcomes if o.status in {"added", "updated"})

    @property
    def units_written(self) -> int:
        return sum(o.units for o in self.outcomes if o.status in {"added", "updated"})


@dataclass(frozen=True)
class IngestOptions:
    pdf_timeout_s: float = 60.0
    pdf_memory_mb: int = 1536
    max_file_bytes: int = 50 * 2**20
    prune: bool = False
    progress: bool | None = None  # None: show a bar only on a terminal


def link_problem(entry: Path, folder: Path) -> str | None:
    """Why a symbolic link in ``folder`` is not ingested: it dangles, or it leaves the folder.

    A link to a file inside the folder (or its subfolders) is fine; ``None`` for any non-link.
    """
    if not entry.is_symlink():
        return None
    target = entry.resolve()
    if not target.exists():
        return (
            f"{entry}: tautan simbolik rusak, tujuannya tidak ada ({target}) "
            f"/ dangling symbolic link: its target does not exist"
        )
    if not target.is_relative_to(folder.resolve()):
        return (
            f"{entry}: tautan simbolik ke luar folder korpus ({target}) ditolak; salin berkasnya "
            f"ke dalam folder bila memang dokumen / symbolic link leaving the corpus folder: refused"
        )
    return None


def _discover_folder(folder: Path) -> tuple[list[Path], list[FileOutcome]]:
    files: list[Path] = []
    problems: list[FileOutcome] = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        problem = link_problem(entry, folder)
        if problem is not None:
            log.warning("%s", problem)
            problems.append(FileOutcome(entry.name, "failed", message=problem))
        elif entry.is_file():
            files.append(entry)
    return files, problems


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Supported files under ``paths`` (folders are read non-recursively, hidden files skipped).

    In a folder, a symbolic link that dangles or leads out of it is reported, not ingested.
    """
    files: list[Path] = []
    problems: list[FileOutcome] = []
    for path in paths:
        if path.is_dir():
            found, refused = _discover_folder(path)
            files.extend(found)
            problems.extend(refused)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(
                FileOutcome(path.name, "failed", message=f"{path}: no such file or folder")
            )
    return files, problems


def ingest_paths(store: IndexStore, paths: list[Path], options: IngestOptions) -> IngestReport:
    """Bring the index up to date with ``paths``; bad files are reported, never fatal."""
    started = time.perf_counter()
    store.check_embedder()
    store.claim_embedder()
    files, problems = discover(paths)
    report = IngestReport(outcomes=list(problems))
    manifests: dict[Path, dict[str, dict[str, Any]]] = {}
    for folder in sorted({f.parent for f in files}):
        try:
            manifests[folder] = load_manifest(folder)
        except DocumentError as exc:
            # A broken manifest must not cost the other documents: report it, ingest without it.
            manifests[folder] = {}
            report.outcomes.append(FileOutcome("manifest.toml", "failed", message=str(exc)))
    seen: dict[str, Path] = {}
    for file in files:
        if file.name in seen:
            report.outcomes.append(
                FileOutcome(
                    file.name,
                    "failed",
                    message=f"{file}: a document named {file.name} was already ingested from "
                    f"{seen[file.name].parent} in this run; documents are identified by file name, "
                    "so rename one of them",
                )
            )
            continue
        overrides = manifests[file.parent].get(file.name, {})
        report.outcomes.append(_ingest_one(store, file, overrides, options))
        seen[file.name] = file
    if options.prune:
        for name in store.document_names():
            if name not in seen:
                region, ids = store.remove_document(name)
                if region:
                    store.delete_vectors(region, ids)
                report.outcomes.append(FileOutcome(name, "removed"))
    if any(o.status in {"added", "updated", "removed"} for o in report.outcomes):
        store.collect_orphans()
        LexicalIndex.build(store).save(store.bm25_dir)
    else:
        LexicalIndex.load_or_build(store)
    report.seconds = time.perf_counter() - started
    return report


def _fingerprint(sha256: str, overrides: dict[str, Any], embedder: str) -> str:
    extra = json.dumps(overrides, sort_keys=True, default=str)
    key = f"{sha256}\x1f{extra}\x1f{embedder}\x1f{PIPELINE_VERSION}"
    return hashlib.sha256(key.encode()).hexdigest()


_REMEMBERED = (
    " (diingat dari ingest sebelumnya: ubah berkasnya untuk mencoba lagi "
    "/ remembered from an earlier ingest: change the file to try again)"
)


def _refusal_key(fingerprint: str, options: IngestOptions) -> str:
    """A refusal holds for the same content, manifest entry, pipeline and parsing limits."""
    key = f"{fingerprint}\x1f{options.pdf_timeout_s:g}\x1f{options.pdf_memory_mb}"
    return hashlib.sha256(key.encode()).hexdigest()


def _ingest_one(
    store: IndexStore, file: Path, overrides: dict[str, Any], options: IngestOptions
) -> FileOutcome:
    try:
        check_size(file, options.max_file_bytes)
        data = file.read_bytes()  # the one read: hashed here, parsed below
    except DocumentError as exc:
        return FileOutcome(file.name, "failed", message=str(exc))
    except OSError as exc:
        return FileOutcome(file.name, "failed", message=f"{file}: cannot read ({exc.strerror})")
    fingerprint = _fingerprint(content_hash(data), overrides, store.embedder.name)
    previous = store.document_hash(file.name)
    if previous == fingerprint:
        return FileOutcome(file.name, "unchanged")
    refusal_key = _refusal_key(fingerprint, options)
    remembered = store.refusal(refusal_key)
    if remembered is not None:
        return FileOutcome(file.name, "failed", message=f"{file}: {remembered}{_REMEMBERED}")
    try:
        loaded = load_bytes(
            file, data, pdf_timeout_s=options.pdf_timeout_s, pdf_memory_mb=options.pdf_memory_mb
        )
        del data  # the raw bytes are not needed past decoding: free them before parsing
        fields = {k: v for k, v in overrides.items() if k != CORRECTIONS}
        loaded = apply_corrections(loaded, overrides.get(CORRECTIONS))
        meta = apply_manifest(
            extract_metadata(loaded.name, loaded.lines, loaded.source_format), fields
        )
        if not meta.region:
            raise DocumentError(
                str(file),
                "cannot tell which region this regulation belongs to (no 'PERATURAN WALIKOTA/"
                'BUPATI ...\' heading): add `region = "Kota X"` for it in corpus/manifest.toml',
            )
        sections = parse_sections(loaded.lines)
        chunks = build_chunks(loaded, meta, store, sections)
        if not chunks:
            raise DocumentError(str(file), "no text could be extracted from the document")
        records = extract_records(sections, meta, loaded.page_of)
        records += extract_list_items(
            sections, meta, loaded.page_of, _tables_with_records(sections, records)
        )
        text = DocumentText(loaded.lines, loaded.pages)
        units = _write(store, meta, fingerprint, str(file), chunks, options, records, text)
    except DocumentError as exc:
        log.warning("%s", exc)
        store.remember_refusal(refusal_key, exc.reason)
        return FileOutcome(file.name, "failed", message=str(exc))
    status = "updated" if previous else "added"
    return FileOutcome(file.name, status, chunks=len(chunks), units=units, warnings=loaded.warnings)


def _tables_with_records(sections: list[Section], records: list[Record]) -> frozenset[int]:
    lines = {r.line_start for r in records}
    return frozenset(
        s.table.line_start
        for s in sections
        if s.table is not None and any(row.line in lines for row in s.table.rows)
    )


def build_chunks(
    loaded: LoadedDocument,
    meta: DocumentMeta,
    store: IndexStore,
    sections: list[Section],
) -> list[Chunk]:
    """Chunk one parsed document with the store's embedder tokenizer."""
    return chunk_sections(
        sections,
        document=loaded.name,
        region=meta.region or "",
        count_tokens=store.embedder.count_tokens,
        budget=ChunkBudget.for_window(store.embedder.max_tokens),
        page_of=loaded.page_of,
    )


def index_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed: region and section context, then the chunk text."""
    tail = " > ".join(chunk.section.split(" > ")[-2:])
    return f"{chunk.region} | {tail}\n{chunk.text}"


def _embed(
    store: IndexStore, texts: list[str], desc: str, unit: str, options: IngestOptions
) -> None:
    """Embed ``texts`` into the store's cache, with a progress bar."""
    with tqdm(
        total=len(texts),
        desc=desc,
        unit=unit,
        disable=None if options.progress is None else not options.progress,
    ) as bar:
        store.embeddings.vectors(texts, progress=bar)


def _write(
    store: IndexStore,
    meta: DocumentMeta,
    fingerprint: str,
    path: str,
    chunks: list[Chunk],
    options: IngestOptions,
    records: list[Record],
    text: DocumentText,
) -> int:
    """Embed and store one document; the number of evidence units embedded."""
    texts = [index_text(c) for c in chunks]
    _embed(store, texts, f"embed {meta.name}", "chunk", options)
    # Evidence units are embedded now, so that loading the index never embeds them.
    unit_texts = [u.embed_text for u in build_units(chunks, records)]
    _embed(store, unit_texts, f"embed units {meta.name}", "unit", options)
    region = meta.region or ""
    old_region = store.region_of(meta.name)
    old_ids = store.chunk_ids_of(meta.name)
    vector_store = store.vector_store(region)
    metadatas: list[dict[str, Any]] = [
        {
            "chunk_id": c.id,
            "document": c.document,
            "region": c.region,
            "section": c.section[:500],
            "line_start": c.line_start,
            "line_end": c.line_end,
            "kind": c.kind,
        }
        | ({"page": c.page} if c.page is not None else {})
        for c in chunks
    ]
    # Vectors first: until the SQLite swap below commits, readers do not see the new ids.
    vector_store.add_texts(texts=texts, metadatas=metadatas, ids=[c.id for c in chunks])
    tokens = [lexical_tokens(t) for t in texts]
    stale = store.replace_document(meta, fingerprint, path, chunks, tokens, records, text)
    if old_region and old_region != region:
        store.delete_vectors(old_region, old_ids)
    else:
        store.delete_vectors(region, stale)
    return len(unit_texts)
