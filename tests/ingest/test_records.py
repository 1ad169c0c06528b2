"""Records from the five real regulations (hand-checked against the text) and from a synthetic
sixth regulation with table shapes the corpus does not have."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from ingest.metadata import extract_metadata
from ingest.records import extract_records
from ingest.structure import parse_sections
from tanyarb.core.models import Record

from ..conftest import CORPUS


class Expected(NamedTuple):
    line: int
    kind: str
    lead: tuple[str, ...]
    years: tuple[int, ...]
    targets: dict[int, str]
    baseline: str | None
    unit_line: int | None


# Each row checked by reading the cited line of the document. Damaged cases from CORPUS_NOTES:
# Blitar 948 (Menyektorat, unit shifted into the budget column), 709 (a page with an extra
# header column, "review" slid into a year cell), 673/699 (unit from the block heading row);
# Blora 1063 (two bulleted units), 992 (area heading row "3 Penataan ..."); Madiun 1085 (unit
# name wrapped over rows: "Badan Perencanaan" / "Pembangunan Daerah"), 1133-1135 (units shifted
# into the last year column), 1065 (second unit of the SDM area); Bengkulu 778 (DMPTSP), 1137
# ("Setda Bagian Hukum Dan Setwan"); Pasuruan 572 (continuation row, typo "Employeeer"), 575
# (Insepektorat), 578 (DPMPSTSP), 580 (Bappelitbangda, known only to the gazetteer).
MADIUN_TATALAKSANA = (
    "Bagian Organisasi Sekretariat Daerah",
    "Dinas Komunikasi dan Informatika",
    "BKAD",
    "Bagian Pemerintahan",
    "Dinas Perpustakaan dan Kearsipan",
)
MADIUN_SDM = ("BKPSDM", "Bagian Organisasi Sekretariat Daerah")
MADIUN_AKUNTABILITAS = (
    "Bagian Organisasi Sekretariat Daerah",
    "Badan Perencanaan Pembangunan Daerah",
    "Inspektorat",
    "Bagian Pemerintahan Sekretariat Daerah",
)
MADIUN_PELAYANAN = (
    "Bagian Organisasi Sekretariat Daerah",
    "Dinas Komunikasi dan Informatika",
    "Bagian Pengadaan Barang/Jasa",
    "Dinas PM dan PTSP",
    "Dispenduk capil",
    "Dinas Kesehatan",
    "Dinas Pendidikan",
)

HAND_CHECKED: dict[str, list[Expected]] = {
    "kota-blitar-perwali-97-2022.txt": [
        Expected(562, "target", (), (), {2026: "85,00"}, "82,39", None),
        Expected(651, "quick_win", (), (2024,), {}, None, None),
        Expected(672, "action", ("Bagian Organisasi Setda Kota Blitar",), (), {}, None, 672),
        Expected(
            673,
            "action",
            ("Bagian Organisasi Setda Kota Blitar",),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            672,
        ),
        Expected(
            675,
            "action",
            ("Bagian Organisasi Setda Kota Blitar",),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            675,
        ),
        Expected(
            682,
            "action",
            ("BPKSDM Kota Blitar", "Bagian Organisasi Setda Kota Blitar"),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            682,
        ),
        Expected(697, "action", ("Inspektorat Daerah Kota Blitar",), (), {}, None, 697),
        Expected(
            699,
            "action",
            ("Inspektorat Daerah Kota Blitar",),
            (2023, 2024, 2025, 2026),
            {},
            None,
            697,
        ),
        Expected(708, "action", ("Bagian Hukum Setda Kota Blitar",), (), {}, None, 708),
        Expected(709, "action", ("Bagian Hukum Setda Kota Blitar",), (2023, 2024), {}, None, 708),
        Expected(769, "action", ("Diskominfotik Kota Blitar",), (), {}, None, 769),
        Expected(797, "action", ("Dinperpusip",), (2022, 2023, 2024, 2025, 2026), {}, None, 797),
        Expected(799, "action", ("Dinperpusip",), (2022, 2023, 2024, 2025, 2026), {}, None, 797),
        Expected(
            948,
            "action",
            ("Menyektorat Daerah Kota Blitar",),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            948,
        ),
        Expected(956, "action", ("Inspektorat Daerah Kota Blitar",), (), {}, None, 956),
    ],
    "kabupaten-blora-perbup-4-2022.txt": [
        Expected(
            652,
            "action",
            ("Inspektorat Daerah",),
            (),
            {2022: "43", 2023: "43", 2024: "43", 2025: "43", 2026: "43"},
            "44",
            652,
        ),
        Expected(
            691,
            "target",
            (),
            (),
            {2022: "76", 2023: "76,5", 2024: "76,5", 2025: "77", 2026: "77"},
            "76",
            None,
        ),
        Expected(
            759,
            "action",
            ("DPK",),
            (),
            {2022: "43", 2023: "43", 2024: "43", 2025: "43", 2026: "43"},
            "44",
            759,
        ),
        Expected(
            959, "action", ("Bagian Organisasi",), (2022, 2023, 2024, 2025, 2026), {}, None, 959
        ),
        Expected(
            966, "action", ("Inspektorat Daerah",), (2022, 2023, 2024, 2025, 2026), {}, None, 966
        ),
        Expected(968, "action", ("Bagian Organisasi",), (2022,), {}, None, 968),
        Expected(
            971,
            "action",
            ("Seluruh Perangkat Daerah",),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            971,
        ),
        Expected(978, "action", ("Bagian Hukum",), (2022, 2023, 2024, 2025, 2026), {}, None, 978),
        Expected(
            992,
            "action",
            ("Bagian Organisasi", "BKD"),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            992,
        ),
        Expected(995, "action", ("Bagian Organisasi",), (2022,), {}, None, 995),
        Expected(1001, "action", ("DPK",), (2022, 2023, 2024, 2025, 2026), {}, None, 1001),
        Expected(
            1050, "action", ("Inspektorat Daerah",), (2022, 2023, 2024, 2025, 2026), {}, None, 1050
        ),
        Expected(1052, "action", ("BPPKAD",), (2022, 2023, 2024, 2025, 2026), {}, None, 1052),
        Expected(
            1055, "action", ("Inspektorat Daerah",), (2022, 2023, 2024, 2025, 2026), {}, None, 1055
        ),
        Expected(
            1061, "action", ("Inspektorat Daerah",), (2022, 2023, 2024, 2025, 2026), {}, None, 1061
        ),
        Expected(
            1063,
            "action",
            ("DPMPTSP", "Dinkominfo"),
            (2022, 2023, 2024, 2025, 2026),
            {},
            None,
            1063,
        ),
    ],
    "kota-madiun-perwali-1-2022.txt": [
        Expected(
            798,
            "target",
            (),
            (),
            {2021: "BB (73)", 2022: "BB (76)", 2023: "BB (79)", 2024: "A (80,01)"},
            "BB (70,01)",
            None,
        ),
        Expected(
            1008,
            "action",
            ("Bagian Organisasi Sekretariat Daerah", "BKPSDM"),
            (2020, 2021, 2022, 2023, 2024),
            {},
            None,
            1008,
        ),
        Expected(
            1009,
            "action",
            ("Bagian Organisasi Sekretariat Daerah", "BKPSDM"),
            (2020, 2021, 2022, 2023, 2024),
            {},
            None,
            1008,
        ),
        Expected(
            1019,
            "action",
            ("Bagian Hukum Sekretariat Daerah",),
            (2020, 2021, 2022, 2023, 2024),
            {},
            None,
            1019,
        ),
        Expected(
            1026, "action", ("Bagian Organisasi Sekretariat Daerah",), (2023,), {}, None, 1026
        ),
        Expected(
            1027, "action", ("Bagian Organisasi Sekretariat Daerah",), (2022,), {}, None, 1026
        ),
        # One unit cell spans each area of this table, wrapped over its rows (CORPUS_NOTES):
        # every action of the area gets every unit the cell names.
        Expected(1031, "action", MADIUN_TATALAKSANA, (2021,), {}, None, 1031),
        Expected(1063, "action", MADIUN_SDM, (2020, 2021, 2022, 2023, 2024), {}, None, 1063),
        Expected(1065, "action", MADIUN_SDM, (), {}, None, 1063),
        Expected(1085, "action", MADIUN_AKUNTABILITAS, (2021,), {}, None, 1085),
        Expected(1130, "action", MADIUN_PELAYANAN, (2020, 2021, 2022, 2023, 2024), {}, None, 1130),
        Expected(1133, "action", MADIUN_PELAYANAN, (2020, 2021, 2022, 2023), {}, None, 1130),
        Expected(1134, "action", MADIUN_PELAYANAN, (2020, 2021, 2022, 2023), {}, None, 1130),
        Expected(1135, "action", MADIUN_PELAYANAN, (2020, 2021, 2022, 2023), {}, None, 1130),
        Expected(1140, "action", MADIUN_PELAYANAN, (2020, 2021, 2022, 2023, 2024), {}, None, 1130),
        Expected(1142, "action", MADIUN_PELAYANAN, (), {}, None, 1130),
    ],
    "kota-bengkulu-perwali-27-2021.txt": [
        Expected(778, "quick_win", ("DMPTSP",), (), {}, None, 778),
        Expected(781, "quick_win", ("DMPTSP",), (), {}, None, 781),
        Expected(
            830, "target", (), (), {2021: "3", 2022: "3,00", 2023: "3,10", 2024: "3,20"}, None, None
        ),
        Expected(936, "action", ("Setda",), (), {}, None, 936),
        Expected(937, "action", ("Inspektorat",), (), {}, None, 937),
        Expected(942, "action", ("BPPKAD", "Inspektorat"), (), {}, None, 942),
        Expected(944, "action", ("Inspektorat",), (), {}, None, 944),
        Expected(947, "action", ("Inspektorat",), (), {}, None, 947),
        Expected(955, "action", ("Setda Bagian Organisasi", "Diskominfo"), (), {}, None, 955),
        Expected(995, "action", ("Setda Bagian Hukum",), (), {}, None, 995),
        Expected(
            1027,
            "action",
            ("Setda Bagian Organisasi", "Inspektorat", "BKPP"),
            (),
            {2021: "52", 2022: "60", 2023: "65", 2024: "70"},
            None,
            1027,
        ),
        Expected(
            1028,
            "action",
            ("Inspektorat", "BKPP"),
            (),
            {2021: "5", 2022: "10", 2024: "20"},
            None,
            1028,
        ),
        Expected(
            1044,
            "action",
            ("Inspektorat",),
            (),
            {2021: "3", 2022: "3,00", 2023: "3,10", 2024: "3,20"},
            None,
            1044,
        ),
        Expected(
            1048,
            "action",
            ("Inspektorat",),
            (),
            {2021: "5%", 2022: "7%", 2023: "9%", 2024: "11%"},
            None,
            1048,
        ),
        Expected(
            1137,
            "action",
            ("Setda Bagian Hukum", "Setwan"),
            (),
            {2021: "70%", 2022: "80%", 2023: "80%", 2024: "90%"},
            None,
            1137,
        ),
    ],
    "kota-pasuruan-perwali-18-2023.txt": [
        Expected(476, "target", (), (), {2024: "2,95"}, "2,66", None),
        Expected(555, "action", ("Bagor",), (), {2023: "20%", 2024: "100%"}, None, 555),
        Expected(556, "action", ("Inspektorat",), (), {2024: "3"}, "2", 556),
        Expected(557, "action", ("Inspektorat",), (), {2024: "10"}, None, 557),
        Expected(558, "action", ("Diskominfo",), (), {2023: "2,81", 2024: "2,95"}, "2,66", 558),
        Expected(560, "action", ("Bagor",), (), {2023: "85", 2024: "86"}, "83,51", 560),
        Expected(561, "action", ("Bagor",), (), {2023: "4,2", 2024: "4,3"}, "4,14", 561),
        Expected(564, "action", ("Bakum",), (), {2023: "50", 2024: "70"}, None, 564),
        Expected(571, "action", ("BKD",), (), {2023: "65", 2024: "70"}, "61,8", 571),
        Expected(572, "action", ("Bagor",), (), {2023: "73", 2024: "75"}, "71,2", 572),
        Expected(574, "action", ("BPKA",), (), {2023: "WTP", 2024: "WTP"}, "WTP", 574),
        Expected(575, "action", ("Insepektorat",), (), {2023: "75%", 2024: "100%"}, "72,97%", 575),
        Expected(578, "action", ("DPMPSTSP",), (), {2023: "50%", 2024: "100%"}, None, 578),
        # A coordinator the gazetteer knows but no name pattern lists: the row's own unit, not
        # the one of the row above (BKD).
        Expected(580, "action", ("Bappelitbangda",), (), {2023: "76", 2024: "76"}, None, 580),
        Expected(581, "action", ("Bagor",), (), {2023: "BB", 2024: "BB"}, "BB", 581),
        Expected(898, "target", (), (), {2023: "5,65", 2024: "5,37"}, "6,37", None),
        Expected(900, "target", (), (), {2023: "16%", 2024: "14%"}, None, None),
    ],
}


def _records(name: str) -> dict[int, Record]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    meta = extract_metadata(name, lines, "txt")
    return {r.line_start: r for r in extract_records(parse_sections(lines), meta)}


@pytest.mark.parametrize("name", sorted(HAND_CHECKED))
def test_hand_checked_records(name: str) -> None:
    records = _records(name)
    assert len(HAND_CHECKED[name]) >= 15
    for want in HAND_CHECKED[name]:
        got = records[want.line]
        assert (got.kind, got.lead, got.years, dict(got.targets), got.baseline, got.unit_line) == (
            want.kind,
            want.lead,
            want.years,
            want.targets,
            want.baseline,
            want.unit_line,
        ), f"{name}:{want.line}"


def test_areas_and_continuations() -> None:
    madiun = _records("kota-madiun-perwali-1-2022.txt")
    assert madiun[1065].area == "Penataan Sistem Manajemen SDM"
    assert madiun[1130].area == "Peningkatan Kualitas Pelayanan Publik"
    pasuruan = _records("kota-pasuruan-perwali-18-2023.txt")
    assert pasuruan[572].activity == pasuruan[571].activity == "Pelaksanaan Core Values ASN"
    assert pasuruan[572].indicator == "Employeeer Branding"
    blitar = _records("kota-blitar-perwali-97-2022.txt")
    assert blitar[673].heading and blitar[673].heading.startswith("Pembentukan organisasi RB")
    blora = _records("kabupaten-blora-perbup-4-2022.txt")
    assert blora[992].area == "Penataan dan Penguatan Organisasi"
    assert blora[959].support == ("Perangkat Daerah terkait area perubahan Reformasi Birokrasi",)


SIXTH = """PERATURAN BUPATI SUKAMAJU
NOMOR 12 TAHUN 2024
TENTANG
ROAD MAP REFORMASI BIROKRASI PEMERINTAH KABUPATEN SUKAMAJU TAHUN 2024-2026

LAMPIRAN
BAB IV RENCANA AKSI
Tabel 4.1 Matriks Kegiatan Reformasi Birokrasi
| No | Kegiatan | Ukuran Keberhasilan | Kondisi Awal 2023 | Target 2024 | Target 2025 | Target 2026 | Unit Kerja Koordinator | Unit Kerja Pendukung |
|---|---|---|---|---|---|---|---|---|
| I | Penguatan Pengawasan | | | | | | | |
| 1 | Penerapan manajemen risiko | Tingkat maturitas SPIP | 2,8 | 3,0 | 3,2 | 3,5 | Inspektorat Kabupaten | Seluruh OPD |
| 2 | Pengendalian gratifikasi | Persentase laporan gratifikasi ditindaklanjuti | 80% | 90% | 95% | 100% | Inspektorat Kabupaten | Seluruh OPD |

| No | Kegiatan | Ukuran Keberhasilan | Kondisi Awal 2023 | Target 2024 | Target 2025 | Target 2026 | Unit Kerja Koordinator | Unit Kerja Pendukung |
|---|---|---|---|---|---|---|---|---|
| II | Penguatan Akuntabilitas | | | | | | | |
| 3 | Penyusunan dokumen perencanaan terpadu | Nilai SAKIP | B | BB | BB | A | Badan Perencanaan | Seluruh OPD |
| | | | | | | | Pembangunan Daerah | |
| 4 | Penyusunan laporan kinerja tepat waktu | Persentase laporan kinerja tepat waktu | 70% | 80% | 90% | 100% | | Seluruh OPD |
"""


def test_sixth_regulation_with_unseen_table_shapes() -> None:
    lines = SIXTH.splitlines()
    meta = extract_metadata("kabupaten-sukamaju-perbup-12-2024.txt", lines, "txt")
    records = {r.line_start: r for r in extract_records(parse_sections(lines), meta)}
    risk, gratification, plan, report = records[12], records[13], records[18], records[20]
    assert risk.area == gratification.area == "Penguatan Pengawasan"
    assert risk.lead == ("Inspektorat Kabupaten",) and risk.support == ("Seluruh OPD",)
    assert risk.baseline == "2,8" and risk.baseline_year == 2023
    assert dict(risk.targets) == {2024: "3,0", 2025: "3,2", 2026: "3,5"}
    assert dict(gratification.targets)[2026] == "100%"
    # After the page break (repeated header): a new area, and a unit wrapped over two rows.
    assert plan.area == report.area == "Penguatan Akuntabilitas"
    assert plan.lead == ("Badan Perencanaan Pembangunan Daerah",)
    assert report.lead == ("Badan Perencanaan Pembangunan Daerah",) and report.unit_line == 18
    assert dict(plan.targets)[2026] == "A"


AREA_CELL = """PERATURAN WALIKOTA SUKAMAJU
NOMOR 3 TAHUN 2024
TENTANG
ROAD MAP REFORMASI BIROKRASI KOTA SUKAMAJU TAHUN 2024-2026

LAMPIRAN
BAB IV RENCANA AKSI
Tabel 4.1 Rencana Aksi Reformasi Birokrasi
Area Perubahan\tIndikator\tRencana Aksi\t2024\t2025\t2026\tPenanggung Jawab
Penguatan Pengawasan\t1. Maturitas SPIP\tPenyusunan kebijakan pengawasan\t✓\t✓\t✓\tInspektorat Bagian Organisasi
\t\tPengendalian gratifikasi\t✓\t✓\t✓\tSekretariat Daerah Dinas
\t\tPembangunan zona integritas\t-\t✓\t✓\tKomunikasi dan Informatika
\t\tPengelolaan pengaduan masyarakat\t✓\t✓\t✓\t
Pelayanan Publik\t1. Indeks Pelayanan Publik\tSurvei kepuasan masyarakat\t✓\t✓\t✓\tDinas Kesehatan
"""


def test_a_unit_cell_spanning_a_whole_area_belongs_to_every_row_of_it() -> None:
    # No lettered block headings, and a unit name wrapped onto rows that print their own
    # actions: the cell is one merged cell per area, not one unit per printed line.
    lines = AREA_CELL.splitlines()
    meta = extract_metadata("kota-sukamaju-perwali-3-2024.txt", lines, "txt")
    records = [r for r in extract_records(parse_sections(lines), meta) if r.kind == "action"]
    oversight = [r for r in records if r.area == "Penguatan Pengawasan"]
    assert len(oversight) == 4
    for record in oversight:
        assert "Inspektorat" in record.lead
        assert any("Komunikasi dan Informatika" in unit for unit in record.lead)
    service = [r for r in records if r.area == "Peningkatan Kualitas Pelayanan Publik"]
    assert [r.lead for r in service] == [("Dinas Kesehatan",)]


BLOCKS = """PERATURAN WALIKOTA SUKAMAJU
NOMOR 4 TAHUN 2024
TENTANG
ROAD MAP REFORMASI BIROKRASI KOTA SUKAMAJU TAHUN 2024-2026

LAMPIRAN
BAB IV RENCANA AKSI
Tabel 4.2 Rencana Aksi Reformasi Birokrasi
Area Perubahan\tRencana Aksi\t2024\t2025\t2026\tIndikator\tPenanggung Jawab
B Keterlibatan Pimpinan\t\t\t\t\tTerlibatnya pimpinan\tBappeda
1\tPenyusunan dokumen perencanaan\t✓\t✓\t✓\t\t
C Penerapan SPIP\t\t\t\t\tTerselenggaranya SPIP\tInspektorat Daerah
1\tPenyusunan kebijakan SPIP\t✓\t✓\t✓\t\t
"""


def test_a_row_starting_a_block_takes_no_heading_of_the_block_above() -> None:
    # "siapa PD yang pegang SPIP": the answer's subject must be SPIP, not the block above.
    lines = BLOCKS.splitlines()
    meta = extract_metadata("kota-sukamaju-perwali-4-2024.txt", lines, "txt")
    records = {r.line_start: r for r in extract_records(parse_sections(lines), meta)}
    spip = next(r for r in records.values() if r.activity == "Penerapan SPIP")
    assert spip.heading != "Keterlibatan Pimpinan"
    assert spip.lead == ("Inspektorat Daerah",)
    below = next(r for r in records.values() if r.activity == "Penyusunan kebijakan SPIP")
    assert below.heading == "Penerapan SPIP"


NUMBERED_UNITS = """PERATURAN WALI KOTA SUKAMAJU NOMOR 5 TAHUN 2024
TENTANG
ROAD MAP REFORMASI BIROKRASI KOTA SUKAMAJU TAHUN 2024-2026

LAMPIRAN
BAB IV RENCANA AKSI
Tabel 4.3 Rencana Aksi Reformasi Birokrasi
Area Perubahan\tRencana Aksi\t2024\t2025\t2026\tIndikator\tPenanggung Jawab
F Penanganan pengaduan masyarakat\t\t\t\t\t1. Terselenggaranya penanganan\t1. Inspektorat Daerah
1\tPenyusunan kebijakan pengaduan\t✓\t✓\t✓\t2. Aplikasi terintegrasi\t2. Dinas Kominfo
2\tImplementasi penanganan pengaduan\t✓\t✓\t✓\t3. Aplikasi ramah pengguna\t3. Bagian Organisasi
3\tTindak lanjut pengaduan\t✓\t✓\t✓\t\t
G Penerapan SPIP\t\t\t\t\tTerselenggaranya SPIP\t1. Inspektorat Daerah
1\tPenyusunan kebijakan SPIP\t✓\t✓\t✓\t\t
"""


def test_a_numbered_unit_list_printed_row_by_row_belongs_to_its_whole_block() -> None:
    # "1. Inspektorat" on the block's row, "2. ..." and "3. ..." on the rows below: the
    # block's three units, not one unit per row.
    lines = NUMBERED_UNITS.splitlines()
    meta = extract_metadata("kota-sukamaju-perwali-5-2024.txt", lines, "txt")
    records = list(extract_records(parse_sections(lines), meta))
    three = ("Inspektorat Daerah", "Dinas Kominfo", "Bagian Organisasi")
    for activity in (
        "Penanganan pengaduan masyarakat",
        "Penyusunan kebijakan pengaduan",
        "Implementasi penanganan pengaduan",
        "Tindak lanjut pengaduan",
    ):
        record = next(r for r in records if r.activity == activity)
        assert record.lead == three, activity
    # A new block starts its own list at "1.".
    spip = next(r for r in records if r.activity == "Penyusunan kebijakan SPIP")
    assert spip.lead == ("Inspektorat Daerah",)


def test_a_team_row_with_enumerated_roles_gives_its_chair_and_members() -> None:
    records = _records("kota-pasuruan-perwali-18-2023.txt")
    inflation = records[939]
    assert inflation.kind == "team"
    assert inflation.lead == ("Bagian Perekonomian",)
    assert inflation.support[:2] == ("Kepala Disperindag", "Kepala Dinas Pertanian")
    # A row that names its roles one per row keeps its office as the role's holder.
    madiun = _records("kota-madiun-perwali-1-2022.txt")
    assert madiun[951].lead == ("Sekretaris Daerah",) and madiun[951].support == ()


def test_team_members_leaves_unnumbered_offices_whole() -> None:
    from ingest.records import team_members

    assert team_members("TIM A 1. Ketua 2. Anggota", "Sekda Asisten 1 Asisten 2") == (
        ["Sekda Asisten 1 Asisten 2"],
        [],
    )
    assert team_members("Anggota", "1. Bappeda 2. BKD") == (["1. Bappeda 2. BKD"], [])
