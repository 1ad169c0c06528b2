"""Answers from a PDF cite the page their evidence was printed on."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.pipeline import IngestOptions, ingest_paths
from retriever.answerer import Answerer
from retriever.hybrid import HybridSearcher
from retriever.scorer import FEATURES, Scorer
from retriever.thresholds import Thresholds
from tanyarb.core.embeddings import HashingEmbedder
from tanyarb.core.store import IndexStore

from ..ingest.test_pdf import PAGES, make_text_pdf


def _lexical_scorer() -> Scorer:
    weights = np.zeros(len(FEATURES), dtype=np.float32)
    weights[FEATURES.index("lexical")] = 1.0
    return Scorer(weights, 0.0, np.zeros_like(weights), np.ones_like(weights), 0.0)


def test_citations_of_a_pdf_carry_page_numbers(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    make_text_pdf(folder / "perwali-contoh.pdf", PAGES)
    store = IndexStore(tmp_path / "data", HashingEmbedder())
    report = ingest_paths(store, [folder], IngestOptions(progress=False))
    assert [o.status for o in report.outcomes] == ["added"]
    # Page numbers are under test, not the fitted ranking (fitted on the default embedder's
    # similarities, which a hashing embedder on a three-page toy document does not give): units
    # are ranked by their share of the question's words, and the best is accepted.
    answerer = Answerer.build(
        HybridSearcher.load(store),
        scorer=_lexical_scorer(),
        thresholds=Thresholds(unit_probability=0.0),
    )
    for question, page in (
        ("Apa kata bravounik tentang pelayanan publik di Kota Contoh?", 2),
        ("Apa kata charlieunik tentang akuntabilitas di Kota Contoh?", 3),
    ):
        answer = answerer.answer(question)
        assert not answer.abstained, answer.answer
        first = answer.citations[0]
        assert first.document == "perwali-contoh.pdf"
        assert first.page == page
        assert f"hlm. {page}" in answer.answer
    store.close()
