"""Issue 11, defect 3: a comparison embeds its question once, not once per region (the
issue measured five embeddings of one question for a comparison of five regions)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from api import create_app
from tanyarb.core.embeddings import HashingEmbedder

from .conftest import LOOPBACK, api_settings


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return super().embed_query(text)


@pytest.mark.parametrize(
    ("question", "texts"),
    [
        ("bandingkan rencana kiwi di semua wilayah", 1),
        # The answerer asks each region the clause that names it when that clause is a
        # question of its own ("X di A dan Y di B"): here Alfa's clause; the two regions whose
        # clauses are bare names get the question without the other regions and the
        # comparison's words ("rencana kiwi di Kota Beta"). Each text once.
        ("bandingkan rencana kiwi di Kota Alfa, Kota Beta dan Kota Gama", 3),
    ],
)
def test_a_comparison_of_three_regions_embeds_each_question_text_once(
    three_regions: Path, question: str, texts: int
) -> None:
    embedder = CountingEmbedder()
    app = create_app(api_settings(three_regions, embedder="hashing"), embedder=embedder)
    with TestClient(app, client=LOOPBACK) as client:
        embedder.queries.clear()  # start-up warms the embedder once
        response = client.post("/ask", json={"question": question})
        asked = list(embedder.queries)
        # A second request of the same question embeds nothing: the vectors are kept per text.
        assert client.post("/ask", json={"question": question}).status_code == 200
        assert embedder.queries == asked
    assert response.status_code == 200
    body = response.json()
    assert body["basis"] == "comparison", body["answer"]
    assert len(body["table"]["rows"]) == 3
    assert len(embedder.queries) == texts, embedder.queries
    assert len(set(embedder.queries)) == texts  # never the same text twice
