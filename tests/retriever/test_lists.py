"""Stated lists found by their titles, and by the number of entries a question counts."""

from __future__ import annotations

import pytest

from retriever.lists import ListIndex, counted_entries
from retriever.query import analyze
from retriever.regions import RegionCatalog
from tanyarb.core.evidence import Idf
from tanyarb.core.models import DocumentMeta, Record
from tanyarb.core.textnorm import lexical_tokens

REGION = "Kota Contoh"
DOC = "kota-contoh-perwali-1-2024.txt"


def _list(lead_line: int, title: str, entries: list[str], section: str = "") -> list[Record]:
    return [
        Record(
            id=f"i{lead_line}-{n}",
            document=DOC,
            region=REGION,
            table=title,
            kind="item",
            line_start=lead_line + n,
            line_end=lead_line + n,
            activity=entry,
            list_line=lead_line,
            section=section,
        )
        for n, entry in enumerate(entries, 1)
    ]


AREAS = ["Manajemen Perubahan", "Deregulasi", "Organisasi", "Tatalaksana", "SDM", "Pengawasan"]
RECORDS = [
    *_list(10, "Prioritas area perubahan ditetapkan sebagai berikut:", AREAS),
    *_list(30, "Prioritas area perubahan daerah ditetapkan pada:", AREAS[:3]),
    *_list(
        50,
        "Sasaran Road Map sebagai berikut:",
        ["tata kelola digital", "budaya BerAKHLAK"],
        "Batang Tubuh > Pasal 2",
    ),
    *_list(
        60,
        "Road Map disusun dengan sistematika sebagai berikut:",
        ["BAB I", "BAB II"],
        "Batang Tubuh > Pasal 3",
    ),
]


@pytest.fixture
def catalog() -> RegionCatalog:
    return RegionCatalog.from_documents([DocumentMeta(DOC, region=REGION)])


@pytest.fixture
def lists() -> ListIndex:
    return ListIndex(RECORDS, Idf([lexical_tokens(r.table) for r in RECORDS]))


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("3 prioritas area perubahan kota contoh apa aja?", 3),
        ("What are the three priority areas of Kota Contoh?", 3),
        ("Sasaran menurut Pasal 2 apa saja?", None),  # an article, not a count
        ("prioritas area tahun 2024 apa saja?", None),
        ("apa saja prioritas area perubahan?", None),
    ],
)
def test_entries_counted_by_the_question(
    catalog: RegionCatalog, question: str, count: int | None
) -> None:
    assert counted_entries(analyze(question, catalog)) == count


def test_a_list_of_as_many_entries_as_the_question_counts_comes_first(
    catalog: RegionCatalog, lists: ListIndex
) -> None:
    counted = lists.search(
        analyze("3 prioritas area perubahan Kota Contoh apa aja?", catalog), REGION
    )
    assert len(counted[0].stated.items) == 3
    every = lists.search(
        analyze("6 prioritas area perubahan Kota Contoh apa aja?", catalog), REGION
    )
    assert len(every[0].stated.items) == 6


def test_a_list_of_the_article_the_question_names_comes_first(
    catalog: RegionCatalog, lists: ListIndex
) -> None:
    for article, first in (("Pasal 2", 50), ("Pasal 3", 60)):
        query = analyze(f"Road Map Kota Contoh menurut {article} apa saja?", catalog)
        assert query.article == article
        assert lists.search(query, REGION)[0].stated.line_start == first


def test_a_question_for_a_teams_roles_finds_the_team_table(catalog: RegionCatalog) -> None:
    """The table of who holds which role, not the sentence listing what the team does."""
    duties = _list(
        100,
        "Tim Reformasi Birokrasi berperan sebagai penggerak dan bertugas:",
        ["menyusun road map", "memantau pelaksanaan"],
    )
    team = [
        Record(
            id=f"t{n}",
            document=DOC,
            region=REGION,
            table="Tim Reformasi Birokrasi",
            kind="team",
            line_start=110 + n,
            line_end=110 + n,
            fields=(("Kedudukan dalam Kepengurusan", role), ("Jabatan", office)),
        )
        for n, (role, office) in enumerate(
            [("Pelindung", "Walikota"), ("Ketua", "Sekretaris Daerah"), ("Anggota", "Kepala PD")]
        )
    ]
    records = duties + team
    index = ListIndex(records, Idf([lexical_tokens(r.table) for r in records]))
    for question in (
        "Who sits on Kota Contoh's bureaucratic reform team, and in which roles?",
        "susunan tim reformasi birokrasi Kota Contoh apa saja?",
    ):
        hits = index.search(analyze(question, catalog), REGION)
        assert hits[0].stated.items[0].kind == "team", question
