from ingest.tables import build_table, responsible_columns, split_cells
from tanyarb.core.units import looks_like_unit

TAB_TABLE = [
    "Area Perubahan\tRencana Aksi\tTahun\t\t\tPenanggung Jawab\tAnggaran",
    "\t\t2024\t2025\t2026\t\t",
    "Pengawasan\tA Penerapan SPIP\t\t\t\tInspektorat Daerah\tAPBD",
    "\t1 Sosialisasi SPIP\t✓\t√\t-\t\t",
    "",
    "Area Perubahan\tRencana Aksi\tTahun\t\t\tPenanggung Jawab\tAnggaran",
    "\t\t2024\t2025\t2026\t\t",
    "\t2 Evaluasi SPIP\t\t✓\t✓\t\t",
    "\tB Whistle blowing\t\t\t\t1. Indeks WBS\tBagian Hukum",
]


def numbered(lines: list[str]) -> list[tuple[int, str]]:
    return [(i + 10, line) for i, line in enumerate(lines) if line.strip()]


def test_two_row_header_is_merged_and_page_break_repeats_dropped() -> None:
    table = build_table("Rencana Aksi", numbered(TAB_TABLE))
    assert table is not None
    assert table.header[2:5] == ["Tahun 2024", "Tahun 2025", "Tahun 2026"]
    assert [r.line for r in table.rows] == [12, 13, 17, 18]


def test_sub_rows_inherit_the_block_unit_across_a_page_break() -> None:
    table = build_table("Rencana Aksi", numbered(TAB_TABLE))
    assert table is not None
    rows = {r.line: r for r in table.rows}
    assert rows[13].responsible == "Inspektorat Daerah" and rows[13].responsible_line == 12
    assert rows[17].responsible == "Inspektorat Daerah"
    assert dict(rows[13].named)["Tahun 2025"] == "√"


def test_a_unit_shifted_into_the_next_column_is_found() -> None:
    table = build_table("Rencana Aksi", numbered(TAB_TABLE))
    assert table is not None
    rows = {r.line: r for r in table.rows}
    assert rows[18].responsible == "Bagian Hukum" and rows[18].own_responsible


def test_pipe_rows_and_separators() -> None:
    lines = [
        "| No | Kegiatan | Target | | Unit Kerja | |",
        "|----|----|----|----|----|----|",
        "| | | 2023 | 2024 | Koordinator | Pelaksana |",
        "| 1 | Arsip digital | 75 | 80 | Dispersip | Seluruh PD |",
        "| | | | | | |",
        "|----|----|----|----|----|----|",
        "| 2 | Pengadaan | 60 | 75 | BLP | Seluruh PD |",
    ]
    table = build_table("Tabel", numbered(lines))
    assert table is not None
    assert split_cells(lines[3])[1] == "Arsip digital"
    assert [dict(r.named)["Target 2024"] for r in table.rows] == ["80", "75"]
    assert [r.responsible for r in table.rows] == ["Dispersip", "BLP"]


def test_responsible_columns_prefer_lead_over_support() -> None:
    header = ["No", "Kegiatan Utama", "Perangkat Daerah Terkait Pendukung", "Koordinator"]
    assert responsible_columns(header) == [3, 2]


def test_unit_names_versus_indicators() -> None:
    assert looks_like_unit("Setda Bag. Organisasi")
    assert looks_like_unit("BPPKAD")
    assert looks_like_unit("Menyektorat Daerah Kota Blitar")  # OCR-damaged Inspektorat
    assert looks_like_unit("Bappelitbangda")  # a name of units.json that no pattern lists
    assert looks_like_unit("Insepektorat")  # a misprint of a gazetteer name
    assert not looks_like_unit("2. Persentase Rencana Kerja Tahunan")
    assert not looks_like_unit("Menyesuaikan anggaran PD")


def test_a_row_printed_one_cell_left_moves_into_its_year_columns() -> None:
    # "• e-Kin | - | - | - | ✓ | -" starts in the PROGRAM column: its tick is 2023, not 2022.
    lines = [
        (1, "Area\tPROGRAM\tRencana Aksi\tTahun\t\t\t\t\tPenanggung Jawab"),
        (2, "\t\t\t2020\t2021\t2022\t2023\t2024\t"),
        (3, "SDM\tManajemen ASN\t• Monitoring pegawai\t✓\t✓\t✓\t✓\t✓\tBKPSDM"),
        (4, "\t\t• Implementasi e-Kin\t-\t-\t-\t✓\t-\t"),
    ]
    table = build_table("Tabel 4.1", lines)
    assert table is not None
    shifted = dict(table.rows[1].named)
    assert shifted["Rencana Aksi"] == "Implementasi e-Kin"
    assert shifted["Tahun 2023"] == "✓" and shifted["Tahun 2022"] == "-"
    untouched = dict(table.rows[0].named)
    assert untouched["Tahun 2020"] == "✓" and untouched["Rencana Aksi"] == "Monitoring pegawai"
