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
        ("Which office is in charge of archives in Blitar?", AskedField.UNIT),
        ("kapan penyusunan SOP di Blitar dijadwalkan?", AskedField.YEARS),
        ("target IKM Blitar tahun 2026 berapa?", AskedField.VALUE),
        ("What score is Blitar aiming for on the SPBE index?", AskedField.VALUE),
        ("apa indikator area pengawasan Blitar?", AskedField.INDICATOR),
        ("apa yang dimaksud dengan Tim RB menurut Perwali Blitar?", AskedField.DEFINITION),
        ("seberapa sering evaluasi RB di Blitar?", AskedField.FREQUENCY),
        ("quick wins Blitar apa saja?", AskedField.LIST),
        ("kapan perwali RB Blitar ditetapkan?", AskedField.YEARS),
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
    ],
)
def test_traps(
    catalog: RegionCatalog, question: str, rupiah: bool, count: bool, person: bool
) -> None:
    typed = asked(analyze(question, catalog))
    assert (typed.rupiah, typed.count, typed.person) == (rupiah, count, person)
