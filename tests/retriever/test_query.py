import pytest

from retriever.query import ASIDE_WEIGHT, analyze
from retriever.regions import RegionCatalog
from tanyarb.core.models import DocumentMeta


@pytest.fixture
def catalog() -> RegionCatalog:
    return RegionCatalog.from_documents(
        [DocumentMeta(f"{r}.txt", region=r) for r in ("Kota Blitar", "Kabupaten Blora")]
    )


@pytest.mark.parametrize(
    ("question", "present", "absent"),
    [
        ("siapa PD yang pegang SPIP di Blitar?", {"responsible"}, set()),
        ("OPD mana yang bertanggung jawab SPBE?", {"responsible"}, set()),
        # "PD" as a noun does not make the question ask for a unit.
        ("Sbg agen perubahan PD di Blitar, apa aja tugas saya?", {"list"}, {"responsible"}),
        ("OPD mana saja yang ditetapkan sebagai PD Zona Integritas?", {"designation"}, set()),
        ("Quick win apa yang sama-sama ada di Blora dan Blitar?", {"common"}, set()),
        ("which regions make Inspektorat responsible for ZI?", {"responsible"}, set()),
    ],
)
def test_intents(
    catalog: RegionCatalog, question: str, present: set[str], absent: set[str]
) -> None:
    intents = analyze(question, catalog).intents
    assert present <= intents and not absent & intents


def test_a_remark_beside_the_question_weighs_less(catalog: RegionCatalog) -> None:
    query = analyze(
        "Kapan pembentukan agen perubahan dijadwalkan di Blora? sy baru ditunjuk jd agen", catalog
    )
    assert query.weight("tunjuk") == ASIDE_WEIGHT
    assert query.weight("agen") == query.weight("bentuk") == 1.0
    assert analyze("agen perubahan di Blora?", catalog).aside == frozenset()


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What does Blora's Perbup mean by 'Reformasi Birokrasi'?", {"reformasi", "birokrasi"}),
        ("apa yang dimaksud dengan «Agen Perubahan» di Blitar?", {"agen", "ubah"}),
        ("How does Blitar define quick wins?", {"quick", "wins"}),
    ],
)
def test_the_term_a_definition_question_asks_about(
    catalog: RegionCatalog, question: str, term: set[str]
) -> None:
    assert analyze(question, catalog).defining == term


@pytest.mark.parametrize(
    ("question", "area"),
    [
        ("apa indikator area pengawasan Blitar?", "Penguatan Pengawasan"),
        ("keberhasilan perubahan pola pikir ASN Blitar diukur pakai apa?", "Manajemen Perubahan"),
        (
            "How does Blora measure its civil-service HR management?",
            "Penataan Sistem Manajemen SDM",
        ),
        ("siapa penanggung jawab SPIP di Blitar?", None),
    ],
)
def test_the_area_a_question_names_in_its_own_words(
    catalog: RegionCatalog, question: str, area: str | None
) -> None:
    assert analyze(question, catalog).area == area


@pytest.mark.parametrize(
    ("question", "basis"),
    [
        ("Which regulation is Blitar's road map based on?", True),
        ("Based on which ministerial rule did Blora write its road map?", True),
        ("What national rule prompted Blitar to revise its road map?", True),
        # "Based on the road map" says where to look, not that a legal basis is asked.
        ("Based on Blitar's road map, who is responsible for complaints?", False),
        # Carrying out a regulation asks its basis; carrying out a task or a plan does not.
        ("Perwali Kota Contoh itu dibuat buat ngejalanin permen yang mana?", True),
        ("Which national regulation does the Perwali implement?", True),
        ("Permen apa yang jadi dasar Pemkot Contoh menyusun road map?", True),
        ("Which unit carries out the monitoring of RB in Kota Contoh?", False),
        ("How long may a quick win in Kota Contoh take to carry out?", False),
    ],
)
def test_questions_for_a_legal_basis(catalog: RegionCatalog, question: str, basis: bool) -> None:
    assert ("basis" in analyze(question, catalog).legal) is basis


@pytest.mark.parametrize(
    "question",
    [
        "perbup RB blora kapan ditetapkan?",
        "perbup RB blora kapan ditetapin?",  # -kan spoken as -in
        "perbup RB blora ditandatanganin tgl brp?",  # -i spoken as -in
    ],
)
def test_chat_forms_of_a_verb_ask_the_same(catalog: RegionCatalog, question: str) -> None:
    assert "enacted" in analyze(question, catalog).legal


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        # The enactment named as the act whose basis is asked: no date is asked.
        ("Perbup Blora ini ditetapkan untuk melaksanakan ketentuan apa?", {"basis"}),
        ("Apa dasar pertimbangan (menimbang) ditetapkannya Perwali Blitar?", {"basis"}),
        # Both asked: a date word keeps the enactment.
        ("Perbup Blora ditetapkan tanggal berapa dan dasar hukumnya apa?", {"basis", "enacted"}),
        ("Perwali Blitar diundangkan oleh siapa?", {"enacted", "promulgator"}),
        ("Perwali Blitar ditandatangani oleh siapa?", {"enacted", "signatory"}),
    ],
)
def test_which_facts_of_a_regulation_are_asked(
    catalog: RegionCatalog, question: str, facts: set[str]
) -> None:
    assert analyze(question, catalog).legal == facts


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("kenapa perwali road map RB blitar diubah?", True),
        ("Why was Blitar's road map regulation revised?", True),
        ("perwali road map RB blitar mengubah perwali nomor berapa?", False),
    ],
)
def test_why_a_regulation_was_made_or_changed(
    catalog: RegionCatalog, question: str, reason: bool
) -> None:
    assert ("reason" in analyze(question, catalog).legal) is reason


def test_an_indicator_name_holds_no_region_designation(catalog: RegionCatalog) -> None:
    # The indicator's name ends where the region's designation starts ("pemkot" is
    # "pemerintah kota": no word of the index's name).
    query = analyze("nilai e-government pemkot blitar ditargetkan brp di thn 2023?", catalog)
    assert query.named == frozenset({"e-government"})
