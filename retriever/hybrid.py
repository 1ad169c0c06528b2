"""Hybrid search: BM25 and dense vectors fused by reciprocal rank, filtered by region."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from tanyarb.core.lexical import LexicalIndex
from tanyarb.core.models import Chunk, ScoredChunk
from tanyarb.core.store import IndexStore
from tanyarb.core.textnorm import lexical_tokens, looks_english

RRF_K = 60
QUERY_CACHE = 64


@dataclass
class HybridSearcher:
    """Loads the chunk table and BM25 once; answers ``search`` calls without touching disk."""

    store: IndexStore
    lexical: LexicalIndex
    chunks: dict[str, Chunk]
    regions: np.ndarray  # region of each BM25 document, aligned with ``lexical.ids``
    _query_vectors: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def load(cls, store: IndexStore) -> HybridSearcher:
        lexical = LexicalIndex.load_or_build(store)
        chunks = {c.id: c for c in store.chunks()}
        regions = np.array([chunks[i].region if i in chunks else "" for i in lexical.ids])
        return cls(store=store, lexical=lexical, chunks=chunks, regions=regions)

    def warm_up(self) -> None:
        """Open every region's collection and load the query embedder now, so that the first
        requests of a server neither race to create them nor pay for it."""
        regions = sorted({c.region for c in self.chunks.values()})
        for region in regions:
            self.store.vector_store(region)
        if regions:
            self.dense_search("reformasi birokrasi", regions[:1], 1)

    def lexical_search(self, tokens: list[str], regions: list[str] | None, k: int) -> list[str]:
        scores = self.lexical.scores(tokens)
        if regions:
            scores = np.where(np.isin(self.regions, regions), scores, 0.0)
        order = np.argsort(-scores)[:k]
        return [self.lexical.ids[i] for i in order if scores[i] > 0]

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, computed once per distinct text (a comparison asks the same
        question of every region; the last few texts are kept)."""
        cached = self._query_vectors.get(query)
        if cached is None:
            cached = self.store.embedder.embed_query(query)
            if len(self._query_vectors) >= QUERY_CACHE:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[query] = cached
        return cached

    def dense_search(self, query: str, regions: list[str], k: int) -> list[tuple[str, float]]:
        vector = self.query_vector(query)
        hits: list[tuple[str, float]] = []
        for region in regions:
            hits.extend(self.store.dense_search(vector, region, k))
        hits.sort(key=lambda item: -item[1])
        return [(i, s) for i, s in hits if i in self.chunks][:k]

    def search(
        self, query: str, regions: list[str] | None = None, k: int = 8, *, pool: int = 30
    ) -> list[ScoredChunk]:
        """Top ``k`` chunks for ``query`` within ``regions`` (all regions when empty)."""
        tokens = lexical_tokens(query, english=looks_english(query))
        scope = regions or sorted({c.region for c in self.chunks.values()})
        lexical = self.lexical_search(tokens, regions, pool)
        dense = self.dense_search(query, scope, pool)
        fused: dict[str, float] = {}
        lexical_rank: dict[str, int] = {}
        dense_rank: dict[str, int] = {}
        for rank, chunk_id in enumerate(lexical):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
            lexical_rank[chunk_id] = rank
        for rank, (chunk_id, _score) in enumerate(dense):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
            dense_rank[chunk_id] = rank
        ranked = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [
            ScoredChunk(self.chunks[i], s, lexical_rank.get(i), dense_rank.get(i))
            for i, s in ranked
            if i in self.chunks
        ]


class TanyaRBRetriever(BaseRetriever):
    """LangChain face of :class:`HybridSearcher`, to compose with LangChain chains."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    regions: list[str] | None = None
    k: int = 8

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                page_content=hit.chunk.text,
                id=hit.chunk.id,
                metadata=hit.chunk.coordinates() | {"score": hit.score},
            )
            for hit in self.searcher.search(query, self.regions, self.k)
        ]
