"""The scorer's features that read a unit's structure: team rows and the roles they give."""

from __future__ import annotations

import numpy as np

from retriever.query import analyze
from retriever.regions import RegionCatalog
from retriever.scorer import (
    asks_offices,
    asks_team,
    coverage,
    coverages,
    holds_offices,
    role_match,
)
from retriever.unit_index import UnitIndex
from tanyarb.core.evidence import Idf
from tanyarb.core.evidence_units import build_units
from tanyarb.core.models import DocumentMeta, Record
from tanyarb.core.textnorm import lexical_tokens

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


def test_a_question_for_offices_meets_units_that_name_offices() -> None:
    assert asks_offices(analyze("OPD mana saja yang masuk Pokja pelayanan publik?", CATALOG))
    assert asks_offices(analyze("Which agencies handle complaints in Kota Contoh?", CATALOG))
    assert not asks_offices(analyze("apa saja indikator area pengawasan Kota Contoh?", CATALOG))
    target_row = Record(
        id="r20",
        document=DOC,
        region=REGION,
        table="Target",
        kind="target",
        line_start=20,
        line_end=20,
        fields=(("Indikator", "UPP dengan SP lengkap"), ("2024", "80")),
    )
    members = Record(
        id="r21",
        document=DOC,
        region=REGION,
        table="Kelompok Kerja",
        kind="item",
        line_start=21,
        line_end=21,
        fields=(("Kelompok Kerja", "Pelayanan Publik"), ("SKPD", "1. BKD 2. Dinkominfo")),
    )
    target_unit, members_unit = build_units([], [target_row, members])
    assert not holds_offices(target_unit)
    assert holds_offices(members_unit)


def test_coverage_of_every_unit_at_once_is_the_one_formula() -> None:
    units = list(UNITS.values())
    index = UnitIndex.build(units, lambda texts: [np.ones(4, np.float32) for _ in texts])
    region = index.region(REGION)
    assert region is not None
    idf = Idf([lexical_tokens(u.text) for u in units])
    query = analyze("siapa ketua tim reformasi birokrasi Kota Contoh, sekretaris daerah?", CATALOG)
    expected = [
        coverage(query, idf, own, ctx)
        for own, ctx in zip(region.tokens, region.context_tokens, strict=True)
    ]
    assert np.allclose(coverages(query, idf, region), expected)
    assert coverages(query, idf, region).max() > 0
