from pathlib import Path

from ingest.structure import parse_sections

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def sections_of(name: str):  # type: ignore[no-untyped-def]
    return parse_sections((CORPUS / name).read_text(encoding="utf-8").splitlines())


def test_body_sections_follow_pasal_and_preamble() -> None:
    paths = [s.path for s in sections_of("kota-blitar-perwali-97-2022.txt")]
    for expected in (
        "Batang Tubuh > Menimbang",
        "Batang Tubuh > Mengingat",
        "Batang Tubuh > Pasal 1",
        "Batang Tubuh > Pasal 6",
        "Batang Tubuh > Penetapan",
    ):
        assert expected in paths
    assert any(p.startswith("LAMPIRAN > BAB IV") for p in paths)


def test_out_of_order_pages_keep_each_pasal_under_its_own_heading() -> None:
    sections = sections_of("kabupaten-blora-perbup-4-2022.txt")
    pasal = {s.path.rsplit(" > ", 1)[-1]: s for s in sections if " > Pasal " in s.path}
    # The Blora body runs Pasal 1, 5(2)-(4), 6-8, then Pasal 2-4: every Pasal is still found.
    assert {f"Pasal {n}" for n in range(1, 11)} <= set(pasal)
    assert pasal["Pasal 2"].line_start > pasal["Pasal 8"].line_start


def test_tables_drop_repeated_page_break_headers() -> None:
    for name in ("kota-blitar-perwali-97-2022.txt", "kota-pasuruan-perwali-18-2023.txt"):
        for section in sections_of(name):
            if not section.table:
                continue
            header = {c.lower() for c in section.table.header if c}
            for row in section.table.rows:
                cells = {c.lower() for c in row.cells if c}
                assert not (cells and cells <= header and len(cells) > 2), (name, row.line)


def test_table_rows_are_clean_and_carry_their_unit() -> None:
    sections = sections_of("kota-blitar-perwali-97-2022.txt")
    rows = [r for s in sections if s.table for r in s.table.rows]
    assert all("<" not in c for r in rows for c in r.cells)
    by_line = {r.line: r for r in rows}
    # Sub-row 1 of block A (line 673) inherits the unit of its heading row (line 672).
    assert by_line[673].responsible == "Bagian Organisasi Setda Kota Blitar"
    assert by_line[673].responsible_line == 672


def test_pipe_table_with_two_row_header() -> None:
    sections = sections_of("kota-pasuruan-perwali-18-2023.txt")
    table = next(s.table for s in sections if s.table and "Tabel 3. 4" in s.path)
    assert "Target 2023" in table.header and "Target 2024" in table.header
    row = next(r for r in table.rows if "Indeks SPBE" in r.cells)
    assert dict(row.named)["Target 2024"] == "2,95"
    assert row.responsible == "Diskominfo"
