from pathlib import Path

import pytest

from ingest.errors import DocumentError
from ingest.metadata import apply_manifest, extract_metadata, load_manifest

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def meta_of(name: str):  # type: ignore[no-untyped-def]
    path = CORPUS / name
    return extract_metadata(name, path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    ("name", "region", "kind", "number", "year", "period", "enacted", "signatory"),
    [
        (
            "kota-blitar-perwali-97-2022.txt",
            "Kota Blitar",
            "Peraturan Walikota",
            "97",
            2022,
            "2022-2026",
            "10 November 2022",
            "SANTOSO",
        ),
        (
            "kabupaten-blora-perbup-4-2022.txt",
            "Kabupaten Blora",
            "Peraturan Bupati",
            "4",
            2022,
            "2022-2026",
            "23 Maret 2022",
            "ARIEF ROHMAN",
        ),
        (
            "kota-madiun-perwali-1-2022.txt",
            "Kota Madiun",
            "Peraturan Walikota",
            "1",
            2022,
            "2020-2024",
            "3 Januari 2022",
            "Drs. H. MAIDI, SH, MM, M.Pd.",
        ),
        (
            "kota-bengkulu-perwali-27-2021.txt",
            "Kota Bengkulu",
            "Peraturan Walikota",
            "27",
            2021,
            "2021-2024",
            "15 September 2021",
            "H. HELMI HASAN",
        ),
        (
            "kota-pasuruan-perwali-18-2023.txt",
            "Kota Pasuruan",
            "Peraturan Walikota",
            "18",
            2023,
            "2023-2024",
            "6 Juli 2023",
            "SAIFULLAH YUSUF",
        ),
    ],
)
def test_metadata_read_from_the_text(
    name: str,
    region: str,
    kind: str,
    number: str,
    year: int,
    period: str,
    enacted: str,
    signatory: str,
) -> None:
    meta = meta_of(name)
    assert (meta.region, meta.regulation_kind, meta.number, meta.year) == (
        region,
        kind,
        number,
        year,
    )
    assert meta.period == period
    assert meta.enacted == enacted
    assert meta.promulgated == enacted  # all five were promulgated the day they were signed
    assert meta.signatory == signatory


def test_amendment_and_revocation() -> None:
    assert "NOMOR 17 TAHUN 2020" in (meta_of("kota-madiun-perwali-1-2022.txt").amends or "")
    blitar = meta_of("kota-blitar-perwali-97-2022.txt").revokes or ""
    assert "Nomor 26 Tahun 2018" in blitar
    assert "Nomor 73 Tahun 2022" in (meta_of("kota-pasuruan-perwali-18-2023.txt").revokes or "")
    assert meta_of("kabupaten-blora-perbup-4-2022.txt").amends is None


def test_revocation_of_a_regulation_named_with_a_two_word_region() -> None:
    lines = [
        "PERATURAN BUPATI BENGKULU UTARA",
        "NOMOR 5 TAHUN 2024",
        "Pasal 9",
        "Pada saat Peraturan Bupati ini mulai berlaku, Peraturan Bupati Bengkulu Utara Nomor 8 "
        "Tahun 2019 tentang Road Map Reformasi Birokrasi (Berita Daerah Tahun 2019 Nomor 8), "
        "dicabut dan dinyatakan tidak berlaku.",
    ]
    revokes = extract_metadata("kabupaten-bengkulu-utara-perbup-5-2024.txt", lines).revokes
    assert revokes and revokes.startswith("Peraturan Bupati Bengkulu Utara Nomor 8 Tahun 2019")


def test_manifest_corrects_and_adds_fields(tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text(
        '["kota-madiun-perwali-1-2022.txt"]\nprovince = "Jawa Timur"\n', encoding="utf-8"
    )
    manifest = load_manifest(tmp_path)
    meta = apply_manifest(
        meta_of("kota-madiun-perwali-1-2022.txt"), manifest["kota-madiun-perwali-1-2022.txt"]
    )
    assert meta.province == "Jawa Timur"
    assert meta.region == "Kota Madiun"


def test_manifest_refuses_unknown_fields_and_bad_toml(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="unknown fields: colour"):
        apply_manifest(meta_of("kota-madiun-perwali-1-2022.txt"), {"colour": "red"})
    (tmp_path / "manifest.toml").write_text("[broken\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="not valid TOML"):
        load_manifest(tmp_path)


@pytest.mark.parametrize(
    ("name", "promulgator"),
    [
        ("kabupaten-blora-perbup-4-2022.txt", "KOMANG GEDE IRAWADI"),
        ("kota-bengkulu-perwali-27-2021.txt", "ARIF GUNADI"),
        ("kota-madiun-perwali-1-2022.txt", "Ir. SOEKO DWI HANDIARTO, MT"),
    ],
)
def test_the_regional_secretary_who_promulgated_it(name: str, promulgator: str) -> None:
    # The name under "SEKRETARIS DAERAH ..." after "Diundangkan di", past "Cap Ttd." lines.
    assert meta_of(name).promulgator == promulgator


def test_manifest_corrections_are_not_metadata_fields() -> None:
    # Every caller may pass a whole manifest entry: `corrections` is text repair, not a field.
    meta = meta_of("kota-madiun-perwali-1-2022.txt")
    entry = {"province": "Jawa Timur", "corrections": {"Menyektorat": "Inspektorat"}}
    assert apply_manifest(meta, entry).province == "Jawa Timur"
