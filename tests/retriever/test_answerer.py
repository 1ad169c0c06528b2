"""The answerer on the real corpus with the real embedder and a real embedded Chroma."""

from __future__ import annotations

import pytest
from langchain_core.retrievers import BaseRetriever

from retriever.answerer import QuestionError
from retriever.hybrid import TanyaRBRetriever
from tanyarb.services import Services


def test_flagship_question_names_the_unit_and_cites_the_row(real_services: Services) -> None:
    answer = real_services.answerer.answer("siapa PD yang pegang SPIP di Blitar?")
    assert not answer.abstained
    assert answer.region == "Kota Blitar"
    assert answer.answer.startswith("Penanggung jawab: Inspektorat")
    first = answer.citations[0]
    assert first.document == "kota-blitar-perwali-97-2022.txt"
    assert first.line_start is not None and 904 <= first.line_start <= 908
    assert "SPIP" in first.quote


def test_answer_json_has_the_agreed_shape(real_services: Services) -> None:
    data = real_services.answerer.answer("Target Indeks SPBE Kota Pasuruan 2024?").to_dict()
    assert set(data) == {"question", "answer", "abstained", "region", "citations", "timing_ms"}
    assert "2,95" in data["answer"]
    assert set(data["citations"][0]) == {
        "document",
        "region",
        "section",
        "line_start",
        "line_end",
        "page",
        "quote",
    }
    assert data["timing_ms"]["total"] >= data["timing_ms"]["retrieve"] > 0


def test_region_not_in_corpus_abstains_and_lists_regions(real_services: Services) -> None:
    answer = real_services.answerer.answer("siapa yg pegang SAKIP di Kabupaten Pasuruan?")
    assert answer.abstained and not answer.citations
    assert "Kabupaten Pasuruan" in answer.answer and "Kota Pasuruan" in answer.answer
    forced = real_services.answerer.answer("siapa penanggung jawab SPIP?", region="Kota Surabaya")
    assert forced.abstained and "Kota Surabaya" in forced.answer


def test_year_outside_the_road_map_abstains(real_services: Services) -> None:
    answer = real_services.answerer.answer("Target Indeks SPBE Kabupaten Blora tahun 2031 berapa?")
    assert answer.abstained
    assert "2031" in answer.answer


def test_names_of_officials_are_not_invented(real_services: Services) -> None:
    answer = real_services.answerer.answer("Siapa nama Inspektur Kota Madiun?")
    assert answer.abstained


@pytest.mark.parametrize("question", ["", "   ", "x" * 5000])
def test_empty_or_huge_question_is_refused_clearly(real_services: Services, question: str) -> None:
    with pytest.raises(QuestionError, match=r"kosong|terlalu panjang"):
        real_services.answerer.answer(question)


def test_english_question_gets_an_english_answer(real_services: Services) -> None:
    answer = real_services.answerer.answer(
        "When was Bengkulu's Perwali 27/2021 on the RB road map enacted?"
    )
    assert not answer.abstained
    assert "15 September 2021" in answer.answer and "enacted" in answer.answer


def test_comparison_across_regions_answers_each(real_services: Services) -> None:
    answer = real_services.answerer.answer(
        "OPD yang bertanggung jawab SPBE di Blitar, Blora dan Pasuruan?"
    )
    assert not answer.abstained
    for region in ("Kota Blitar", "Kabupaten Blora", "Kota Pasuruan"):
        assert region in answer.answer
    assert {c.document for c in answer.citations} >= {
        "kota-blitar-perwali-97-2022.txt",
        "kabupaten-blora-perbup-4-2022.txt",
        "kota-pasuruan-perwali-18-2023.txt",
    }


def test_langchain_retriever_returns_documents_with_coordinates(real_services: Services) -> None:
    retriever = TanyaRBRetriever(searcher=real_services.searcher, regions=["Kota Bengkulu"], k=3)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("pengembangan dan evaluasi SPIP")
    assert len(documents) == 3
    assert all(d.metadata["region"] == "Kota Bengkulu" for d in documents)
    assert all(isinstance(d.metadata["line_start"], int) for d in documents)


def test_record_answers_list_every_unit_of_an_area(real_services: Services) -> None:
    answerer = real_services.answerer
    area = answerer.answer(
        "Siapa saja PD penanggung jawab area Pelayanan Publik dalam rencana aksi RB Kota Madiun?"
    )
    for unit in ("PTSP", "Kesehatan", "Pendidikan"):
        assert unit in area.answer
