"""The index on disk: SQLite (documents, chunks, embedding cache) + Chroma vectors + BM25.

SQLite is the source of truth and changes one document per transaction, so a crash or Ctrl-C
half way through an ingest leaves the previous index readable. Chroma holds one collection per
region (a region filter costs nothing at query time) and may briefly hold orphan vectors,
which readers ignore and the next ingest deletes. The BM25 index is a cache of the chunk table,
stamped with the generation it was built from and rebuilt when stale.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tanyarb.core.embeddings import Embedder, LangChainEmbeddings
from tanyarb.core.models import Chunk, DocumentMeta, Record, TableRowRef

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, meta_json TEXT NOT NULL,
    chunk_count INTEGER NOT NULL, path TEXT NOT NULL, ingested_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, document TEXT NOT NULL, ordinal INTEGER NOT NULL, region TEXT NOT NULL,
    section TEXT NOT NULL, text TEXT NOT NULL, line_start INTEGER NOT NULL,
    line_end INTEGER NOT NULL, page INTEGER, kind TEXT NOT NULL, rows_json TEXT NOT NULL,
    tokens_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_document ON chunks(document);
CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, document TEXT NOT NULL, ordinal INTEGER NOT NULL, region TEXT NOT NULL,
    area TEXT, record_json TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_document ON records(document);
CREATE TABLE IF NOT EXISTS document_text (
    name TEXT PRIMARY KEY, lines_json TEXT NOT NULL, pages_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS embedding_cache (key TEXT PRIMARY KEY, vector BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS refusals (key TEXT PRIMARY KEY, reason TEXT NOT NULL);
"""


class IndexMismatchError(RuntimeError):
    """The index was built with another embedder; mixing vectors of two models is refused."""


def collection_name(region: str) -> str:
    """A Chroma collection name for a region: ``rb-kota-blitar``."""
    slug = re.sub(r"[^a-z0-9]+", "-", region.lower()).strip("-") or "unknown"
    if len(slug) > 50:
        slug = slug[:40] + "-" + hashlib.sha1(slug.encode()).hexdigest()[:8]
    return f"rb-{slug}"


@dataclass(frozen=True)
class DocumentText:
    """A document's lines as ingested; ``pages[i]`` is the PDF page of line ``i + 1``."""

    lines: tuple[str, ...]
    pages: tuple[int | None, ...]


@dataclass(frozen=True)
class StoredDocument:
    meta: DocumentMeta
    sha256: str
    chunk_count: int
    path: str
    ingested_at: float


class IndexStore:
    """Read and write access to one index directory (``TANYARB_DATA_DIR``)."""

    def __init__(
        self,
        data_dir: Path,
        embedder: Embedder,
        *,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
    ) -> None:
        self.data_dir = data_dir
        self.embedder = embedder
        data_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(data_dir / "index.sqlite", check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._chroma_host = chroma_host
        self._chroma_port = chroma_port
        self._client: Any = None
        self._stores: dict[str, Any] = {}
        self._chroma_lock = threading.RLock()
        self.embeddings = CachedEmbeddings(embedder, self)

    # ---- embedder bookkeeping -------------------------------------------------------------
    def recorded_embedder(self) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key='embedder'").fetchone()
        return str(row[0]) if row else None

    def check_embedder(self) -> None:
        """Refuse an index built by another embedder (its vectors would be meaningless here)."""
        recorded = self.recorded_embedder()
        if recorded and recorded != self.embedder.name and self.document_names():
            raise IndexMismatchError(
                f"the index in {self.data_dir} was built with embedder '{recorded}', not "
                f"'{self.embedder.name}': set TANYARB_EMBEDDER to match, use another "
                "TANYARB_DATA_DIR, or run `tanyarb ingest --rebuild`"
            )

    def claim_embedder(self) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES('embedder', ?)",
                (self.embedder.name,),
            )

    def generation(self) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key='generation'").fetchone()
        return int(row[0]) if row else 0

    # ---- Chroma ---------------------------------------------------------------------------
    def chroma_client(self) -> Any:
        # Creating the client or a collection from two threads at once breaks Chroma's shared
        # system (seen as "Could not connect to tenant" and hung requests): one at a time.
        with self._chroma_lock:
            return self._chroma_client()

    def _chroma_client(self) -> Any:
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            if self._chroma_host:
                self._client = chromadb.HttpClient(
                    host=self._chroma_host, port=self._chroma_port, settings=settings
                )
            else:
                self._client = chromadb.PersistentClient(
                    path=str(self.data_dir / "chroma"), settings=settings
                )
        return self._client

    def vector_store(self, region: str) -> Any:
        """The LangChain Chroma store of one region (cosine space, our embedder, never Chroma's)."""
        name = collection_name(region)
        if name in self._stores:
            return self._stores[name]
        with self._chroma_lock:
            return self._vector_store(name, region)

    def _vector_store(self, name: str, region: str) -> Any:
        if name not in self._stores:
            from langchain_chroma import Chroma

            self._stores[name] = Chroma(
                collection_name=name,
                embedding_function=self.embeddings,
                client=self._chroma_client(),
                collection_metadata={
                    "hnsw:space": "cosine",
                    "region": region,
                    "embedder": self.embedder.name,
                },
            )
        return self._stores[name]

    def dense_search(self, vector: np.ndarray, region: str, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the nearest chunks of one region."""
        store = self.vector_store(region)
        hits = store.similarity_search_by_vector_with_relevance_scores(
            embedding=[float(x) for x in vector], k=k
        )
        results = []
        for document, distance in hits:
            chunk_id = document.metadata.get("chunk_id") or document.id
            results.append((str(chunk_id), 1.0 - float(distance)))
        return results

    # ---- documents and chunks -------------------------------------------------------------
    def document_names(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT name FROM documents ORDER BY name")]

    def documents(self) -> list[StoredDocument]:
        rows = self._db.execute(
            "SELECT meta_json, sha256, chunk_count, path, ingested_at FROM documents ORDER BY name"
        )
        return [StoredDocument(DocumentMeta(**json.loads(m)), s, c, p, t) for m, s, c, p, t in rows]

    def document_text(self, name: str) -> DocumentText | None:
        """The lines of a document as ingested (and the PDF page of each), for the viewer."""
        row = self._db.execute(
            "SELECT lines_json, pages_json FROM document_text WHERE name=?", (name,)
        ).fetchone()
        if row is None:
            return None
        return DocumentText(tuple(json.loads(row[0])), tuple(json.loads(row[1])))

    def document_hash(self, name: str) -> str | None:
        row = self._db.execute("SELECT sha256 FROM documents WHERE name=?", (name,)).fetchone()
        return str(row[0]) if row else None

    def refusal(self, key: str) -> str | None:
        """Why a file with this content key was refused before, if it was."""
        row = self._db.execute("SELECT reason FROM refusals WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else None

    def remember_refusal(self, key: str, reason: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO refusals VALUES (?, ?)", (key, reason))

    def chunk_ids_of(self, name: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM chunks WHERE document=?", (name,))]

    def region_of(self, name: str) -> str | None:
        row = self._db.execute("SELECT meta_json FROM documents WHERE name=?", (name,)).fetchone()
        return json.loads(row[0]).get("region") if row else None

    def replace_document(
        self,
        meta: DocumentMeta,
        sha256: str,
        path: str,
        chunks: list[Chunk],
        tokens: list[list[str]],
        records: Sequence[Record] = (),
        text: DocumentText | None = None,
    ) -> list[str]:
        """Swap a document's chunks, records and text in one transaction; returns chunk ids
        that became unused."""
        old_ids = set(self.chunk_ids_of(meta.name))
        new_ids = {c.id for c in chunks}
        meta_json = json.dumps(dataclasses.asdict(meta), ensure_ascii=False)
        with self._db:
            self._db.execute("DELETE FROM chunks WHERE document=?", (meta.name,))
            self._db.executemany(
                "INSERT OR REPLACE INTO chunks VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [_chunk_row(c, i, t) for i, (c, t) in enumerate(zip(chunks, tokens, strict=True))],
            )
            self._db.execute("DELETE FROM records WHERE document=?", (meta.name,))
            self._db.executemany(
                "INSERT OR REPLACE INTO records VALUES (?,?,?,?,?,?)",
                [
                    (
                        r.id,
                        r.document,
                        i,
                        r.region,
                        r.area,
                        json.dumps(r.to_dict(), ensure_ascii=False),
                    )
                    for i, r in enumerate(records)
                ],
            )
            self._db.execute("DELETE FROM document_text WHERE name=?", (meta.name,))
            if text is not None:
                self._db.execute(
                    "INSERT INTO document_text VALUES (?,?,?)",
                    (meta.name, json.dumps(list(text.lines)), json.dumps(list(text.pages))),
                )
            self._db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?)",
                (meta.name, sha256, meta_json, len(chunks), path, time.time()),
            )
            self._bump_generation()
        return sorted(old_ids - new_ids)

    def remove_document(self, name: str) -> tuple[str | None, list[str]]:
        region = self.region_of(name)
        ids = self.chunk_ids_of(name)
        with self._db:
            self._db.execute("DELETE FROM chunks WHERE document=?", (name,))
            self._db.execute("DELETE FROM records WHERE document=?", (name,))
            self._db.execute("DELETE FROM document_text WHERE name=?", (name,))
            self._db.execute("DELETE FROM documents WHERE name=?", (name,))
            self._bump_generation()
        return region, ids

    def _bump_generation(self) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    def delete_vectors(self, region: str, ids: list[str]) -> None:
        if ids:
            self.vector_store(region).delete(ids=ids)

    def collect_orphans(self) -> int:
        """Delete vectors no chunk row refers to (left by an interrupted ingest)."""
        known = {r[0] for r in self._db.execute("SELECT id FROM chunks")}
        removed = 0
        client = self.chroma_client()
        for collection in client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if not name.startswith("rb-"):
                continue
            handle = client.get_collection(name, embedding_function=None)
            stored = handle.get(include=[])["ids"]
            orphans = [i for i in stored if i not in known]
            if orphans:
                handle.delete(ids=orphans)
                removed += len(orphans)
        return removed

    def chunks(self, ids: Iterable[str] | None = None) -> list[Chunk]:
        if ids is None:
            rows = self._db.execute("SELECT * FROM chunks ORDER BY document, ordinal").fetchall()
        else:
            wanted = list(ids)
            rows = []
            for start in range(0, len(wanted), 500):
                part = wanted[start : start + 500]
                marks = ",".join("?" * len(part))
                rows.extend(self._db.execute(f"SELECT * FROM chunks WHERE id IN ({marks})", part))
        return [_chunk_from_row(r) for r in rows]

    def records(self, region: str | None = None) -> list[Record]:
        """Action-plan records in reading order, for one region or all."""
        query = "SELECT record_json FROM records"
        params: tuple[str, ...] = ()
        if region:
            query += " WHERE region=?"
            params = (region,)
        rows = self._db.execute(query + " ORDER BY document, ordinal", params)
        return [Record.from_dict(json.loads(r[0])) for r in rows]

    def lexical_corpus(self) -> tuple[list[str], list[list[str]]]:
        rows = self._db.execute("SELECT id, tokens_json FROM chunks ORDER BY document, ordinal")
        ids: list[str] = []
        tokens: list[list[str]] = []
        for chunk_id, tokens_json in rows:
            ids.append(chunk_id)
            tokens.append(json.loads(tokens_json))
        return ids, tokens

    # ---- embedding cache (content-hash dedup) ---------------------------------------------
    def cached_vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            marks = ",".join("?" * len(part))
            for key, blob in self._db.execute(
                f"SELECT key, vector FROM embedding_cache WHERE key IN ({marks})", part
            ):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def cache_vectors(self, items: list[tuple[str, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO embedding_cache VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items],
            )

    # ---- BM25 files -----------------------------------------------------------------------
    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    def close(self) -> None:
        self._db.close()

    def wipe(self) -> None:
        """Delete the whole index (``tanyarb ingest --rebuild``)."""
        client = self.chroma_client()
        for collection in client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if name.startswith("rb-"):
                client.delete_collection(name)
        self._stores.clear()
        with self._db:
            # The embedding cache is content-addressed by model and text: still valid, kept.
            for table in ("chunks", "records", "document_text", "documents", "meta", "refusals"):
                self._db.execute(f"DELETE FROM {table}")
        shutil.rmtree(self.bm25_dir, ignore_errors=True)


class CachedEmbeddings(LangChainEmbeddings):
    """LangChain embeddings that reuse vectors of text already embedded by the same model."""

    def __init__(self, embedder: Embedder, store: IndexStore) -> None:
        super().__init__(embedder)
        self._store = store

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.embedder.name}\x1f{text}".encode()).hexdigest()

    def vectors(self, texts: list[str], batch: int = 16, progress: Any = None) -> list[np.ndarray]:
        keys = [self.key(t) for t in texts]
        known = self._store.cached_vectors(keys)
        missing = [i for i, k in enumerate(keys) if k not in known]
        for start in range(0, len(missing), batch):
            part = missing[start : start + batch]
            vectors = self.embedder.embed_passages([texts[i] for i in part])
            fresh = [(keys[i], v) for i, v in zip(part, vectors, strict=True)]
            self._store.cache_vectors(fresh)
            known.update(fresh)
            if progress is not None:
                progress.update(len(part))
        return [known[k] for k in keys]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.vectors(texts)]


def _chunk_row(chunk: Chunk, ordinal: int, tokens: list[str]) -> tuple[Any, ...]:
    rows = [
        {
            "line": r.line,
            "cells": [list(c) for c in r.cells],
            "responsible": r.responsible,
            "responsible_line": r.responsible_line,
            "parent_line": r.parent_line,
            "parent_text": r.parent_text,
        }
        for r in chunk.rows
    ]
    return (
        chunk.id,
        chunk.document,
        ordinal,
        chunk.region,
        chunk.section,
        chunk.text,
        chunk.line_start,
        chunk.line_end,
        chunk.page,
        chunk.kind,
        json.dumps(rows, ensure_ascii=False),
        json.dumps(tokens, ensure_ascii=False),
    )


def _chunk_from_row(row: tuple[Any, ...]) -> Chunk:
    (
        chunk_id,
        document,
        _ordinal,
        region,
        section,
        text,
        start,
        end,
        page,
        kind,
        rows_json,
        _tokens,
    ) = row
    rows = tuple(
        TableRowRef(
            line=r["line"],
            cells=tuple((str(a), str(b)) for a, b in r["cells"]),
            responsible=r["responsible"],
            responsible_line=r["responsible_line"],
            parent_line=r.get("parent_line"),
            parent_text=r.get("parent_text"),
        )
        for r in json.loads(rows_json)
    )
    return Chunk(chunk_id, document, region, section, text, start, end, page, kind, rows)
