"""All evidence units of the index, grouped by region, with their vectors for exact scoring."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import bm25s
import numpy as np

from tanyarb.core.evidence_units import EvidenceUnit
from tanyarb.core.textnorm import lexical_tokens

_MAX_POSTINGS = 20_000  # distinct question words remembered per region


@dataclass
class RegionUnits:
    """The units of one region with their vectors (rows of ``vectors``) and lexical tokens."""

    units: list[EvidenceUnit]
    vectors: np.ndarray  # (n, dim), L2-normalised
    tokens: list[frozenset[str]]
    context_tokens: list[frozenset[str]]
    bm25: bm25s.BM25 | None = None  # over each unit's text and context
    # token -> (units holding it in their text, in their context); bounded, filled on demand
    _postings: dict[str, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def postings(self, token: str) -> tuple[np.ndarray, np.ndarray]:
        """Which units hold ``token`` in their text, and which in their context (booleans)."""
        cache = self._postings
        if token not in cache:
            if len(cache) >= _MAX_POSTINGS:
                cache.clear()
            own = np.fromiter((token in t for t in self.tokens), dtype=bool, count=len(self.units))
            ctx = np.fromiter(
                (token in t for t in self.context_tokens), dtype=bool, count=len(self.units)
            )
            cache[token] = (own, ctx)
        return cache[token]

    def bm25_scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 of every unit for the query tokens (unknown tokens ignored)."""
        if self.bm25 is None or not tokens:
            return np.zeros(len(self.units), dtype=np.float32)
        known = [t for t in tokens if t in self.bm25.vocab_dict]
        if not known:
            return np.zeros(len(self.units), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)


class UnitIndex:
    """All units of the index, grouped by region, with vectors for exact dense scoring."""

    def __init__(self, by_region: dict[str, RegionUnits]) -> None:
        self._by_region = by_region

    @classmethod
    def build(
        cls,
        units: list[EvidenceUnit],
        embed: Callable[[list[str]], list[np.ndarray]],
    ) -> UnitIndex:
        """Group ``units`` by region and fetch their vectors through ``embed`` (cached)."""
        grouped: dict[str, list[EvidenceUnit]] = {}
        for unit in units:
            grouped.setdefault(unit.region, []).append(unit)
        by_region: dict[str, RegionUnits] = {}
        for region, members in grouped.items():
            vectors = np.vstack(embed([u.embed_text for u in members])).astype(np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = vectors / np.maximum(norms, 1e-9)
            lists = [lexical_tokens(f"{u.context} {u.text}") for u in members]
            bm25 = bm25s.BM25(k1=1.2, b=0.75)
            bm25.index([t or ["_"] for t in lists], show_progress=False)
            by_region[region] = RegionUnits(
                members,
                vectors,
                [frozenset(lexical_tokens(u.text)) for u in members],
                [frozenset(lexical_tokens(u.context)) for u in members],
                bm25,
            )
        return cls(by_region)

    def region(self, region: str) -> RegionUnits | None:
        return self._by_region.get(region)

    @property
    def regions(self) -> list[str]:
        return sorted(self._by_region)

    def __len__(self) -> int:
        return sum(len(r.units) for r in self._by_region.values())
