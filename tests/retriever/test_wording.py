"""Wording helpers: how long entries are cut for an answer."""

from __future__ import annotations

from retriever.query import analyze
from retriever.regions import RegionCatalog
from retriever.wording import relevant_part
from tanyarb.core.models import DocumentMeta

CATALOG = RegionCatalog.from_documents([DocumentMeta("kota-contoh.txt", region="Kota Contoh")])
ENTRY = (
    "Internalisasi penerapan budaya kerja aparatur, disertai konsistensi monitoring dan "
    "evaluasi di Kota Contoh yang dilaksanakan oleh seluruh perangkat daerah secara berkala "
    "dan berkesinambungan sepanjang periode road map. ASN di Kota Contoh harus mampu "
    "menginternalisasikan lima mantap sebagai nilai dalam bekerja, yaitu Mantap kejujuran, "
    "mantap pelayanan, mantap kedisiplinan, mantap organisasi dan mantap gotong royong."
)


def test_a_long_entry_is_shown_from_the_sentence_that_answers() -> None:
    query = analyze("apa saja lima nilai mantap ASN Kota Contoh dalam bekerja?", CATALOG)
    shown = relevant_part(query, ENTRY)
    assert shown.startswith("…ASN di Kota Contoh")
    assert shown.endswith("mantap gotong royong.")


def test_an_entry_whose_opening_answers_is_cut_from_its_start() -> None:
    query = analyze("apa saja kegiatan internalisasi budaya kerja aparatur Kota Contoh?", CATALOG)
    assert relevant_part(query, ENTRY, limit=80).startswith("Internalisasi penerapan")
    assert relevant_part(query, "Pendek saja.") == "Pendek saja."
