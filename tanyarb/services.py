"""Wiring shared by the composition roots: settings in, ready components out."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

from ingest.pipeline import IngestOptions, IngestReport, ingest_paths
from retriever.answerer import Answerer
from retriever.hybrid import HybridSearcher
from tanyarb.core.embeddings import Embedder, make_embedder
from tanyarb.core.settings import Settings
from tanyarb.core.store import IndexStore


def threads_per_worker(threads: int, workers: int, cpus: int | None) -> int:
    """Query-embedding threads for each of ``workers`` processes on ``cpus`` cores: no more
    than the cores each worker has. The engine's OpenMP threads spin while they wait; two
    processes of two threads on two cores answered about ten times slower than one."""
    return max(1, min(threads, (cpus or 1) // workers))


class EmptyIndexError(RuntimeError):
    """Nothing is indexed yet."""


@dataclass
class Services:
    """Builds each component once, on first use, from one :class:`Settings`."""

    settings: Settings
    embedder_override: Embedder | None = None
    for_ingest: bool = False  # passage embedding gets more threads than query embedding

    @cached_property
    def embedder(self) -> Embedder:
        if self.embedder_override is not None:
            return self.embedder_override
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        threads = self.settings.ingest_threads if self.for_ingest else self.settings.threads
        return make_embedder(self.settings.embedder, threads=threads)

    def open_store(self) -> IndexStore:
        """A new handle on the index in ``TANYARB_DATA_DIR`` (embedded or `chroma run` server)."""
        return IndexStore(
            self.settings.data_dir,
            self.embedder,
            chroma_host=self.settings.chroma_host,
            chroma_port=self.settings.chroma_port,
        )

    @cached_property
    def store(self) -> IndexStore:
        store = self.open_store()
        store.check_embedder()
        return store

    @cached_property
    def searcher(self) -> HybridSearcher:
        if not self.store.document_names():
            raise EmptyIndexError(
                f"Index di {self.settings.data_dir} masih kosong: jalankan `tanyarb ingest` dulu. "
                "/ The index is empty: run `tanyarb ingest` first."
            )
        return HybridSearcher.load(self.store)

    @cached_property
    def answerer(self) -> Answerer:
        return Answerer.build(
            self.searcher,
            max_question_chars=self.settings.max_question_chars,
        )

    def ingest(
        self,
        paths: list[os.PathLike[str] | str],
        *,
        prune: bool,
        rebuild: bool = False,
        progress: bool | None = None,
    ) -> IngestReport:
        from pathlib import Path

        store = self.open_store()
        try:
            if rebuild:
                store.wipe()
            options = IngestOptions(
                pdf_timeout_s=self.settings.pdf_timeout_s,
                pdf_memory_mb=self.settings.pdf_memory_mb,
                max_file_bytes=self.settings.max_file_mb * 2**20,
                prune=prune,
                progress=progress,
            )
            return ingest_paths(store, [Path(p) for p in paths], options)
        finally:
            store.close()
