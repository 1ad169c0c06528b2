"""Stated lists: lead-in sentences with their entries, plain tables, and inline unit lists."""

from __future__ import annotations

from collections import defaultdict

from ingest.lists import extract_list_items
from ingest.metadata import extract_metadata
from ingest.pipeline import _tables_with_records
from ingest.records import extract_records
from ingest.structure import parse_sections
from tanyarb.core.models import Record

from ..conftest import CORPUS


def _lists(name: str, lines: list[str] | None = None) -> dict[int, list[Record]]:
    """Items of each stated list of a document, keyed by the line of its lead-in."""
    lines = lines if lines is not None else (CORPUS / name).read_text("utf-8").splitlines()
    meta = extract_metadata(name, lines, "txt")
    sections = parse_sections(lines)
    records = extract_records(sections, meta)
    items = extract_list_items(
        sections, meta, tables_with_records=_tables_with_records(sections, records)
    )
    grouped: dict[int, list[Record]] = defaultdict(list)
    for item in items:
        assert item.kind == "item" and item.list_line is not None
        grouped[item.list_line].append(item)
    return grouped


def test_numbered_entries_after_a_lead_in() -> None:
    quick_wins = _lists("kabupaten-blora-perbup-4-2022.txt")[777]
    assert [r.activity for r in quick_wins] == [
        "Pembangunan Mall Pelayanan Publik;",
        "Mewujudkan Blora Satu Data;",
        "Satu Perangkat Daerah Satu Inovasi.",
    ]
    assert [r.line_start for r in quick_wins] == [779, 780, 781]
    assert "Quick Wins" in quick_wins[0].table


def test_entries_across_a_page_break_stop_at_the_next_paragraph() -> None:
    duties = _lists("kota-blitar-perwali-97-2022.txt")[99]
    assert [r.line_start for r in duties] == [100, 102]  # line 101 is the page break
    assert duties[0].activity.startswith("menginisiasi ide-ide perubahan")
    assert "Agen Perubahan" in duties[0].table


def test_a_plain_table_after_its_lead_in_is_a_list() -> None:
    loci = _lists("kota-madiun-perwali-1-2022.txt")[913]
    assert [r.line_start for r in loci] == [916, 917, 918, 919, 920]
    assert loci[0].activity == "Dinas Kependudukan dan Pencatatan Sipil Kota Madiun"
    assert (
        "JENIS CORE LAYANAN TEKNIS (LAYANAN LANGSUNG KEPADA MASYARAKAT/STAKEHOLDER)",
        "Layanan Kependudukan dan Catatan Sipil",
    ) in loci[0].fields


def test_a_table_of_years_keeps_its_year_and_drops_its_running_number() -> None:
    lines = [
        "Tabel 2.1",
        "Indek RB Kota Contoh 2018 s.d 2020",
        "",
        "No\tTahun\tNilai Indek RB",
        "1.\t2018\t60,69",
        "2.\t2019\t66,16",
        "3.\t2020\t67,17",
        "",
    ]
    (rows,) = _lists("kota-contoh-perwali-1-2024.txt", lines).values()
    assert rows[0].fields == (("Tahun", "2018"), ("Nilai Indek RB", "60,69"))
    assert len(rows) == 3


def test_units_named_in_one_sentence() -> None:
    designated = _lists("kota-bengkulu-perwali-27-2021.txt")[919]
    assert [r.activity for r in designated] == [
        "Dinas kependudukan dan pencatatan sipil (Dispendukcapil)",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPMPTSP)",
    ]
    assert "Zona Integritas WBK" in designated[0].table


def test_action_plan_tables_are_not_lists() -> None:
    lists = _lists("kota-pasuruan-perwali-18-2023.txt")
    assert not any(r.line_start == 556 for items in lists.values() for r in items)


SIXTH = """PERATURAN BUPATI SUKAMAJU
NOMOR 12 TAHUN 2024
TENTANG
ROAD MAP REFORMASI BIROKRASI PEMERINTAH KABUPATEN SUKAMAJU TAHUN 2024-2026

LAMPIRAN
BAB III AGENDA
Program percepatan yang ditetapkan sebagai quick wins meliputi:
a) Layanan perizinan daring yang
terintegrasi dengan sistem nasional;
b) Gerai pelayanan keliling:
1) di kecamatan utara;
2) di kecamatan selatan;
c) Satu data kepegawaian.
Paragraf berikutnya bukan bagian dari daftar.

Unit kerja percontohan Zona Integritas adalah Dinas Kesehatan, Badan Pendapatan Daerah dan RSUD Sukamaju.

Unit yang dibangun menjadi lokus tercantum dalam tabel berikut:
No\tUnit Kerja\tLayanan
1\tDinas Sosial\tBantuan sosial
2\tKecamatan Utara\tAdministrasi kependudukan
"""


def test_sixth_regulation_lists() -> None:
    lists = _lists("kabupaten-sukamaju-perbup-12-2024.txt", SIXTH.splitlines())
    quick = lists[8]
    assert [r.activity for r in quick] == [
        "Layanan perizinan daring yang terintegrasi dengan sistem nasional;",
        "Gerai pelayanan keliling: 1) di kecamatan utara; 2) di kecamatan selatan;",
        "Satu data kepegawaian.",
    ]
    assert (quick[0].line_start, quick[0].line_end) == (9, 10)  # a wrapped entry
    assert [r.activity for r in lists[17]] == [
        "Dinas Kesehatan",
        "Badan Pendapatan Daerah",
        "RSUD Sukamaju",
    ]
    table = lists[19]
    assert [r.activity for r in table] == ["Dinas Sosial", "Kecamatan Utara"]


_SPREAD = """Pemerintah daerah menetapkan 3 (tiga) tema sebagai berikut:

1. Tema Pengentasan Kemiskinan;

Kemiskinan adalah masalah yang kompleks dan multi-sektor.

Program Unggulan tersebut adalah:

1. Bantuan pangan non tunai;
2. Program Keluarga Harapan;

2. Tema Peningkatan Investasi

Investasi tumbuh melalui program unggulan seperti:

1. SIAP BOSS
2. VESTPA
3. POINTER

3. Tema Pengendalian Inflasi

Inflasi dikendalikan bersama tim daerah.
"""


def test_announced_entries_that_each_head_a_passage_form_one_list() -> None:
    lines = ["PERATURAN WALI KOTA CONTOH", "", *_SPREAD.splitlines()]
    themes = _lists("kota-contoh.txt", lines)[3]
    # The inner lists (restarting at 1, even their "3.") stay out of the themes.
    assert [r.activity for r in themes] == [
        "Tema Pengentasan Kemiskinan;",
        "Tema Peningkatan Investasi",
        "Tema Pengendalian Inflasi",
    ]


def test_an_announced_list_missing_an_entry_is_not_a_spread_list() -> None:
    lines = ["PERATURAN WALI KOTA CONTOH", "", *_SPREAD.splitlines()]
    cut = [line for line in lines if not line.startswith("3. Tema")]
    assert 3 not in _lists("kota-contoh.txt", cut)


def test_the_themes_of_a_real_regulation_are_one_list() -> None:
    themes = _lists("kota-pasuruan-perwali-18-2023.txt")[622]
    assert len(themes) == 5
    assert all(r.activity.startswith("Tema") for r in themes)
