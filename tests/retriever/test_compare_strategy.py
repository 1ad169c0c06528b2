import pytest

from retriever.compare_strategy import CompareStrategy
from retriever.finding import Finding
from retriever.query import Query, analyze
from retriever.regions import RegionCatalog
from tanyarb.core.models import DocumentMeta
from tanyarb.services import Services


@pytest.fixture
def strategy() -> CompareStrategy:
    catalog = RegionCatalog.from_documents(
        [DocumentMeta(f"{r}.txt", region=r) for r in ("Kota Madiun", "Kabupaten Blora")]
    )

    def find(_query: Query, _region: str) -> Finding:
        raise AssertionError("not searched here")

    return CompareStrategy(catalog, None, find, lambda text: analyze(text, catalog))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "region", "expected"),
    [
        (
            "Target nilai SAKIP 2024 Kota Madiun dibanding Kab. Blora?",
            "Kota Madiun",
            "Target nilai SAKIP 2024 Kota Madiun ?",
        ),
        (
            "Madiun vs Blora: whose 2024 SAKIP target is higher?",
            "Kabupaten Blora",
            "Blora: 2024 SAKIP target is ?",
        ),
        (
            "Who is the secretary of the RB team in Madiun, and who in Blora?",
            "Kota Madiun",
            "Who is the secretary of the RB team in Madiun",
        ),
        (
            "Who is the secretary of the RB team in Madiun, and who in Blora?",
            "Kabupaten Blora",
            "Who is the secretary of the RB team in , and who in Blora?",
        ),
    ],
)
def test_each_region_is_asked_its_own_part_of_a_comparison(
    strategy: CompareStrategy, question: str, region: str, expected: str
) -> None:
    query = strategy.analyze(question)
    part = strategy._clause_query(query, region)
    assert part.regions == [region]
    assert " ".join(part.text.split()) == " ".join(expected.split())


def test_a_comparison_is_typed_as_the_question_it_is_made_of(strategy: CompareStrategy) -> None:
    query = strategy.analyze("Target nilai SAKIP 2024 Kota Madiun dibanding Kab. Blora?")
    part = strategy._clause_query(query, "Kota Madiun")
    assert part.asked.field.value == "value"


def test_comparison_of_targets_gives_each_region_its_target(real_services: Services) -> None:
    answer = real_services.answerer.answer(
        "Target nilai akuntabilitas kinerja (SAKIP) 2024 Kota Madiun dibanding Kota Pasuruan?"
    )
    assert answer.table is not None
    rows = {row[0]: row[1] for row in answer.table.rows}
    assert "80,01" in rows["Kota Madiun"] and "BB" in rows["Kota Pasuruan"]
