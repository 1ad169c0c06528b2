"""A question's words met with the documents' vocabulary, on a small fake vocabulary."""

from __future__ import annotations

import pytest

from retriever.known_words import with_known_words
from retriever.query import analyze
from retriever.regions import RegionCatalog
from tanyarb.core.evidence import Idf
from tanyarb.core.models import DocumentMeta
from tanyarb.core.textnorm import lexical_tokens

REGION = "Kota Contoh"
DOCUMENT_WORDS = (
    "jadwal sosialisasi road map tender lelang pengadaan sistem pemerintahan berbasis "
    "elektronik nilai survei kepuasan warga kantor"
)


@pytest.fixture
def catalog() -> RegionCatalog:
    return RegionCatalog.from_documents([DocumentMeta("kota-contoh.txt", region=REGION)])


@pytest.fixture
def idf() -> Idf:
    return Idf([lexical_tokens(DOCUMENT_WORDS), lexical_tokens("laporan tahunan")])


def test_english_words_no_document_holds_leave_but_acronyms_stay(
    catalog: RegionCatalog, idf: Idf
) -> None:
    query = with_known_words(
        analyze("Which office is supposed to run the IPAK survey in Kota Contoh?", catalog), idf
    )
    assert "ipak" in query.tokens
    assert "survei" in query.tokens
    assert not {"suppos", "supposed"} & set(query.tokens)


def test_colloquial_slashed_and_borrowed_words_become_the_documents_words(
    catalog: RegionCatalog, idf: Idf
) -> None:
    query = with_known_words(
        analyze(
            "kapan sosialisasi dijadwalin? tender/lelang, nilai e-government Kota Contoh", catalog
        ),
        idf,
    )
    # "tender" is "lelang" for the thesaurus, documents and questions alike.
    assert {"jadwal", "lelang", "elektronik"} <= set(query.tokens)
    assert not {"dijadwalin", "tender/lelang"} & set(query.tokens)


def test_a_question_of_known_words_is_unchanged(catalog: RegionCatalog, idf: Idf) -> None:
    query = analyze("jadwal sosialisasi road map Kota Contoh?", catalog)
    assert with_known_words(query, idf) is query
