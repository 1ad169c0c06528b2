"""BM25 over chunks (bm25s), with the Indonesian normalisation of :mod:`tanyarb.core.textnorm`."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from tanyarb.core.store import IndexStore


@dataclass
class LexicalIndex:
    """A BM25 index over all chunks; ``ids[i]`` is the chunk id of BM25 document ``i``."""

    ids: list[str]
    retriever: bm25s.BM25 | None
    generation: int

    @classmethod
    def build(cls, store: IndexStore) -> LexicalIndex:
        ids, tokens = store.lexical_corpus()
        retriever = None
        if ids:
            retriever = bm25s.BM25(k1=1.2, b=0.75)
            retriever.index([t or ["_"] for t in tokens], show_progress=False)
        return cls(ids=ids, retriever=retriever, generation=store.generation())

    def save(self, directory: Path) -> None:
        """Write atomically: a reader sees the old index or the new one, never half of one."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".bm25-", dir=directory.parent))
        if self.retriever is not None:
            self.retriever.save(str(staging), show_progress=False)
        (staging / "ids.json").write_text(
            json.dumps({"ids": self.ids, "generation": self.generation}), encoding="utf-8"
        )
        backup = directory.with_name(directory.name + ".old")
        shutil.rmtree(backup, ignore_errors=True)
        if directory.exists():
            os.replace(directory, backup)
        os.replace(staging, directory)
        shutil.rmtree(backup, ignore_errors=True)

    @classmethod
    def load_or_build(cls, store: IndexStore) -> LexicalIndex:
        """Load the saved index if it matches the chunk table's generation, else rebuild it."""
        directory = store.bm25_dir
        try:
            info = json.loads((directory / "ids.json").read_text(encoding="utf-8"))
            if int(info["generation"]) == store.generation():
                retriever = None
                if info["ids"]:
                    retriever = bm25s.BM25.load(str(directory), show_progress=False)
                return cls(
                    ids=list(info["ids"]), retriever=retriever, generation=int(info["generation"])
                )
        except (OSError, ValueError, KeyError):
            pass
        index = cls.build(store)
        index.save(directory)
        return index

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk for the query tokens (unknown tokens are ignored)."""
        if self.retriever is None or not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        vocab = self.retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
