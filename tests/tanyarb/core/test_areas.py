"""The eight areas of change, named by documents and by users."""

from __future__ import annotations

import pytest

from tanyarb.core.areas import area_in, asked_area


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Kelompok Kerja Area Penataan Tatalaksana", "Penataan Tatalaksana"),
        # A unit named like an area does not make the row about that area.
        (
            "Kelompok Kerja Area Peningkatan Kualitas Pelayanan Publik; SKPD: 1. BKD "
            "2. Bagian Organisasi",
            "Peningkatan Kualitas Pelayanan Publik",
        ),
        ("Penanggung jawab: Bagian Organisasi Setda", None),
        ("Penataan dan Penguatan Organisasi", "Penataan dan Penguatan Organisasi"),
    ],
)
def test_area_named_in_a_text(text: str, area: str | None) -> None:
    assert area_in(text) == area


def test_users_own_words_name_an_area() -> None:
    assert asked_area("siapa yang ngurus budaya kerja di Blitar?") == "Manajemen Perubahan"
