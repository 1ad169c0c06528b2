"""A fitted linear map that carries question vectors towards the units that answer them.

The embedding model places "who handles complaints?" near other questions, not near the
action-plan row "Pengelolaan pengaduan masyarakat ... Penanggung jawab: Diskominfo". A linear
map ``q -> q + D q`` fitted on the train split (``python -m eval.fit_adapter``, a softmax over
each region's units with the gold units as targets, weight decay towards the identity) moves
questions, English and chatty ones included, towards the wording of the evidence. It is fitted
for one embedding model and applied only to that model's vectors; any other embedder gets the
identity. The matrix is stored in ``retriever/data/query_adapter.npz`` with its fit figures.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

DEFAULT_FILE = "query_adapter.npz"


@dataclass(frozen=True)
class QueryAdapter:
    """``q -> q + delta @ q`` for vectors of ``embedder``; the identity when ``delta`` is None."""

    delta: np.ndarray | None
    embedder: str
    fit: dict[str, object] = field(default_factory=dict, compare=False)  # the fit's figures

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """The adapted vector (unit length) of a question vector of the adapter's model."""
        q = vector / max(float(np.linalg.norm(vector)), 1e-9)
        if self.delta is None or self.delta.shape[1] != q.shape[0]:
            return q.astype(np.float32)
        moved = q + self.delta @ q
        return (moved / max(float(np.linalg.norm(moved)), 1e-9)).astype(np.float32)

    def for_embedder(self, name: str) -> QueryAdapter:
        """This adapter when it was fitted for ``name``, else the identity."""
        return self if name == self.embedder else QueryAdapter.identity()

    @classmethod
    def identity(cls) -> QueryAdapter:
        return cls(None, "")

    @classmethod
    def load(cls, path: Path | None = None) -> QueryAdapter:
        """The adapter shipped in the package (or the file at ``path``); the identity when
        neither exists (a new embedding model before its first fit)."""
        if path is None:
            resource = resources.files("retriever").joinpath("data", DEFAULT_FILE)
            if not resource.is_file():
                return cls.identity()
            raw = resource.read_bytes()
        else:
            raw = path.read_bytes()
        with np.load(io.BytesIO(raw)) as data:
            return cls(
                data["delta"].astype(np.float32),
                str(data["embedder"]),
                json.loads(str(data["fit"])),
            )

    def save(self, path: Path) -> None:
        """Write the matrix (half precision: the map is small beside the vectors' own noise),
        the embedder it belongs to and the fit's figures."""
        if self.delta is None:
            raise ValueError("the identity adapter is not saved")
        with path.open("wb") as out:
            np.savez_compressed(
                out,
                delta=self.delta.astype(np.float16),
                embedder=np.array(self.embedder),
                fit=np.array(json.dumps(self.fit)),
            )
