import pytest

from retriever.regions import RegionCatalog
from tanyarb.models import DocumentMeta

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
