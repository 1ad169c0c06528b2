import pytest

from retriever.regions import RegionCatalog
from tanyarb.core.models import DocumentMeta

REGIONS = ["Kota Blitar", "Kabupaten Blora", "Kota Madiun", "Kota Bengkulu", "Kota Pasuruan"]


@pytest.fixture
def catalog() -> RegionCatalog:
    return RegionCatalog.from_documents([DocumentMeta(f"{r}.txt", region=r) for r in REGIONS])


@pytest.mark.parametrize(
    ("question", "covered", "unknown"),
    [
        ("siapa PD yang pegang SPIP di Blitar?", ["Kota Blitar"], []),
        ("PD mana di Pemkot Blitar?", ["Kota Blitar"], []),
        ("Pemeriksan LKPD olh BPK di Kab. Blora", ["Kabupaten Blora"], []),
        ("Madiun City's road map", ["Kota Madiun"], []),
        ("siapa yg pegang SAKIP di Kabupaten Pasuruan?", [], ["Kabupaten Pasuruan"]),
        ("SPIP di Kota Surabaya siapa?", [], ["Kota Surabaya"]),
        (
            "SPBE di Blitar, Blora dan Pasuruan",
            ["Kota Blitar", "Kabupaten Blora", "Kota Pasuruan"],
            [],
        ),
        ("daerah mana saja yang road map-nya berakhir 2024?", [], []),
    ],
)
def test_detect(
    catalog: RegionCatalog, question: str, covered: list[str], unknown: list[str]
) -> None:
    mentions = catalog.detect(question)
    assert [m.region for m in mentions if m.region] == covered
    assert [m.text for m in mentions if m.region is None] == unknown


@pytest.mark.parametrize(
    ("question", "covered", "unknown"),
    [
        # Bare names of regions outside the corpus are recognised, never answered.
        ("SPIP di Kediri?", [], ["Kediri"]),
        ("di Surabaya?", [], ["Kota Surabaya"]),
        ("SPBE 2024 di Semarang?", [], ["Semarang"]),
        ("What are Surabaya's quick wins?", [], ["Kota Surabaya"]),
        # English possessives and suffixes.
        ("What are Pasuruan's quick wins?", ["Kota Pasuruan"], []),
        ("Blitar Regency's SAKIP target", [], ["Kabupaten Blitar"]),
        ("North Bengkulu road map", [], ["Kabupaten Bengkulu Utara"]),
        ("Provinsi Bengkulu", [], ["Provinsi Bengkulu"]),
        # A region name that is also a common word counts only with its prefix.
        ("batu bata untuk gedung", [], []),
        ("quick wins Kota Batu", [], ["Kota Batu"]),
    ],
)
def test_every_indonesian_region_is_known(
    catalog: RegionCatalog, question: str, covered: list[str], unknown: list[str]
) -> None:
    mentions = catalog.detect(question)
    assert [m.region for m in mentions if m.region] == covered
    assert [m.text for m in mentions if m.region is None] == unknown


def test_two_covered_regions_of_one_name_are_asked_back() -> None:
    both = RegionCatalog.from_documents(
        [
            DocumentMeta("a.txt", region="Kota Blitar"),
            DocumentMeta("b.txt", region="Kabupaten Blitar"),
        ]
    )
    (mention,) = both.detect("SPIP di Blitar?")
    assert mention.region is None
    assert mention.choices == ("Kabupaten Blitar", "Kota Blitar")
    assert [m.region for m in both.detect("SPIP di Kabupaten Blitar?")] == ["Kabupaten Blitar"]


def test_aliases_and_english_names_reach_a_covered_province() -> None:
    kaltara = RegionCatalog.from_documents(
        [DocumentMeta("p.txt", region="Provinsi Kalimantan Utara")]
    )
    for question in ("target SPBE pemprov Kaltara", "North Kalimantan's quick wins"):
        assert [m.region for m in kaltara.detect(question)] == ["Provinsi Kalimantan Utara"]
