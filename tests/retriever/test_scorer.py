"""The scorer's features that read a unit's structure: team rows and the roles they give."""

from __future__ import annotations

from retriever.query import analyze
from retriever.regions import RegionCatalog
from retriever.scorer import asks_team, role_match
from tanyarb.core.evidence_units import build_units
from tanyarb.core.models import DocumentMeta, Record

REGION = "Kota Contoh"
DOC = "kota-contoh-perwali-1-2024.txt"
CATALOG = RegionCatalog.from_documents([DocumentMeta(name=DOC, region=REGION, region_kind="Kota")])


def _team_row(line: int, role: str, office: str) -> Record:
    return Record(
        id=f"t{line}",
        document=DOC,
        region=REGION,
        table="Susunan Tim Reformasi Birokrasi",
        kind="team",
        line_start=line,
        line_end=line,
        fields=(("Kedudukan dalam Tim", role), ("Jabatan dalam Dinas", office)),
    )


CHAIR = _team_row(10, "Ketua", "Sekretaris Daerah")
SECRETARY = _team_row(11, "Sekretaris", "Asisten Administrasi Umum")
UNITS = {u.record.id: u for u in build_units([], [CHAIR, SECRETARY]) if u.record}


def test_a_question_about_a_team_is_told_from_one_about_a_unit() -> None:
    assert asks_team(analyze("Who chairs the RB team in Kota Contoh?", CATALOG))
    assert asks_team(analyze("siapa anggota pokja di Kota Contoh?", CATALOG))
    assert not asks_team(analyze("siapa penanggung jawab arsip di Kota Contoh?", CATALOG))


def test_the_role_is_read_from_the_role_column_not_the_office() -> None:
    # "Sekretaris Daerah" holds the chair: a question for the secretary wants the other row.
    secretary = analyze("siapa sekretaris tim RB Kota Contoh?", CATALOG)
    assert role_match(secretary, UNITS["t11"])
    assert not role_match(secretary, UNITS["t10"])
    chair = analyze("Who chairs the RB team in Kota Contoh?", CATALOG)
    assert role_match(chair, UNITS["t10"]) and not role_match(chair, UNITS["t11"])
