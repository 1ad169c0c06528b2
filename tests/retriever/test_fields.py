"""Question typing, table-driven: which field a question asks for and which traps it holds."""

from __future__ import annotations

import pytest

from retriever.fields import AskedField, asked
from retriever.query import analyze
from retriever.regions import RegionCatalog
from tanyarb.core.models import DocumentMeta


@pytest.fixture(scope="module")
def catalog() -> RegionCatalog:
    return RegionCatalog.from_documents([DocumentMeta("a.txt", region="Kota Blitar")])


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("siapa PD yang pegang SPIP di Blitar?", AskedField.UNIT),
        # "Based on the road map" says where to look, not that a legal basis is asked.
        ("Based on Blitar's road map, who is responsible for complaints?", AskedField.UNIT),
        ("Which office is in charge of archives in Blitar?", AskedField.UNIT),
        ("kapan penyusunan SOP di Blitar dijadwalkan?", AskedField.YEARS),
        ("target IKM Blitar tahun 2026 berapa?", AskedField.VALUE),
        ("What score is Blitar aiming for on the SPBE index?", AskedField.VALUE),
        ("apa indikator area pengawasan Blitar?", AskedField.INDICATOR),
        ("apa yang dimaksud dengan Tim RB menurut Perwali Blitar?", AskedField.DEFINITION),
        ("seberapa sering evaluasi RB di Blitar?", AskedField.FREQUENCY),
        ("quick wins Blitar apa saja?", AskedField.LIST),
        ("kapan perwali RB Blitar ditetapkan?", AskedField.LEGAL),
        ("Perbup RB Blitar merujuk pergub jatim nomor brp?", AskedField.LEGAL),
        ("pasal berapa yang mengatur pembiayaan RB di Blitar?", AskedField.LEGAL),
        ("road map RB itu apa sih menurut perwali blitar?", AskedField.DEFINITION),
        ("What does the abbreviation PD stand for in Blitar's regulation?", AskedField.DEFINITION),
        ("Which three reform areas did Blitar decide to fix first?", AskedField.LIST),
        ("siapa koordinator untuk indikator SAKIP di Blitar?", AskedField.UNIT),
        ("What yardstick does Blitar use for its change-management area?", AskedField.INDICATOR),
        ("apa saja quick wins Blitar beserta penanggung jawabnya?", AskedField.LIST),
    ],
)
def test_field(catalog: RegionCatalog, question: str, field: AskedField) -> None:
    assert asked(analyze(question, catalog)).field is field


@pytest.mark.parametrize(
    "question",
    [
        "Who sits on Blitar's RB team?",
        "siapa saja anggota tim RB Blitar?",
        "Which indicators does Blitar use for SAKIP?",
        "What makes up the Tim RB of Blitar?",
    ],
)
def test_questions_for_every_entry_are_plural(catalog: RegionCatalog, question: str) -> None:
    assert asked(analyze(question, catalog)).plural


@pytest.mark.parametrize(
    ("question", "rupiah", "count", "person"),
    [
        ("berapa rupiah anggaran ZI di Blitar?", True, False, False),
        ("How much money has Blitar set aside for the MPP?", True, False, False),
        ("jumlah ASN pemkot blitar berapa orang?", False, True, False),
        ("nama kepala BKPSDM Blitar siapa?", False, False, True),
        ("siapa penanggung jawab SPIP di Blitar?", False, False, False),
        # How often something happened, and a regulation's number, are no counts of things.
        ("How many consecutive times has Blitar received a WTP opinion?", False, False, False),
        # "How many years" asks a duration, not a number of things.
        ("Over how many years does Blitar's road map run?", False, False, False),
        (
            "What's the number of the Peraturan Bupati that sets Blitar's road map?",
            False,
            False,
            False,
        ),
    ],
)
def test_traps(
    catalog: RegionCatalog, question: str, rupiah: bool, count: bool, person: bool
) -> None:
    typed = asked(analyze(question, catalog))
    assert (typed.rupiah, typed.count, typed.person) == (rupiah, count, person)


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("brp jumlah agen perubahan yg ditargetkan pemkot blitar?", ("agen", "ubah")),
        ("How many change agents is Blitar targeting for 2023?", ("ubah", "agen")),
        ("By 2023, how many PDs in Blitar run the whistleblower system?", ("pd",)),
        # An acronym is one word counted, whatever its expansion.
        ("jumlah ASN pemkot blitar berapa orang?", ("asn",)),
    ],
)
def test_a_count_knows_what_it_counts(
    catalog: RegionCatalog, question: str, counted: tuple[str, ...]
) -> None:
    typed = asked(analyze(question, catalog))
    assert typed.count and {words[0] for words in typed.counted} == set(counted)


def test_a_counted_word_keeps_its_glossary_alternatives(catalog: RegionCatalog) -> None:
    # "audit" is "audit" or "periksa" (Badan Pemeriksa Keuangan): either one in a passage
    # names what is counted.
    typed = asked(analyze("How many clean audit opinions in a row has Blitar received?", catalog))
    assert ("audit", "periksa") in typed.counted


@pytest.mark.parametrize(
    ("question", "words"),
    [
        (
            "How does Blitar's Perwali on the RB road map define bureaucratic reform?",
            {"reformasi", "birokrasi"},
        ),
        (
            "Apa pengertian akuntabilitas kinerja menurut road map RB Blitar?",
            {"akuntabilitas", "kerja"},
        ),
        ("tim RB itu didefinisikan gmn di perwali blitar?", {"tim", "reformasi", "birokrasi"}),
        # A kind of region belongs to the term; the region's own name does not.
        ("How does Blitar's regulation define 'Pemerintah Kota'?", {"perintah", "kota"}),
    ],
)
def test_a_definition_question_knows_its_term(
    catalog: RegionCatalog, question: str, words: set[str]
) -> None:
    assert analyze(question, catalog).defining == words


def test_words_after_an_index_name_the_indicator(catalog: RegionCatalog) -> None:
    assert {"reformasi", "birokrasi"} <= analyze("Nilai Indeks RB Blitar 2020?", catalog).named
    english = analyze("What merit-system index score is Blitar aiming for?", catalog)
    assert "sistem" in english.named


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("What is the number of Blitar's road map regulation?", "identity"),
        ("perwali RB blitar judulnya apa?", "identity"),
        ("kapan perwali RB blitar mulai berlaku?", "effective"),
        ("When did Blitar's regulation come into force?", "effective"),
        ("Sekda yg mengundangkan perwali RB blitar siapa?", "promulgator"),
        ("Perwali RB Blitar itu perubahan dari perwali apa?", "amends"),
        ("Is Blitar's old road map regulation still in force?", "revokes"),
        ("perwali RB blitar nyabut perwali apa?", "revokes"),
        ("road map blitar berapa tahun?", "period"),
        ("Whose road map runs further, Blitar's or Blora's?", "period"),
        ("road map siapa yg lebih panjang, blitar atau madiun?", "period"),
        ("dasar hukum perwali RB blitar apa aja?", "basis"),
        ("Which article of Blitar's regulation covers funding?", "article"),
    ],
)
def test_legal_facts_asked(catalog: RegionCatalog, question: str, fact: str) -> None:
    assert fact in analyze(question, catalog).legal


@pytest.mark.parametrize(
    "question",
    [
        "Is the satisfaction survey run by the same unit in Blitar and Blora?",
        "Which office handles e-procurement in Blora?",
        "By whom is SPIP coordinated in Blitar?",
    ],
)
def test_an_agent_asked_in_english_is_a_responsible_unit(
    catalog: RegionCatalog, question: str
) -> None:
    assert "responsible" in analyze(question, catalog).intents


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("What was Blitar's human development index score in 2020?", True),
        ("berapa persen realisasi belanja produk lokal di Blitar?", True),
        ("What share of micro businesses used the licence service in Blitar?", True),
        ("siapa penanggung jawab SPIP di Blitar?", False),
        ("When does Blitar plan to revise its SOPs?", False),
    ],
)
def test_a_figure_is_wanted_whatever_the_field(
    catalog: RegionCatalog, question: str, figure: bool
) -> None:
    """A fact asked as a score or a share wants the sentence that states the figure."""
    assert asked(analyze(question, catalog)).wants_figure is figure
