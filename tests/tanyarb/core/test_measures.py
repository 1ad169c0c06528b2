"""Which named measures (indices, scores, ratings) a text names, in either language."""

from __future__ import annotations

import pytest

from tanyarb.core.measures import measures_named, other_measure


@pytest.mark.parametrize(
    ("text", "measures"),
    [
        ("Berapa target Indeks RB Kota Blitar 2026?", {"Indeks Reformasi Birokrasi"}),
        ("What is Blitar's bureaucratic reform index target?", {"Indeks Reformasi Birokrasi"}),
        ("Indeks Reformasi Hukum", {"Indeks Reformasi Hukum"}),
        ("Birokrasi yang kapabel / Indeks Profesionalitas ASN", {"Indeks Profesionalitas ASN"}),
        ("target IKM dan nilai SAKIP 2024", {"Indeks Kepuasan Masyarakat", "Nilai SAKIP"}),
        ("community satisfaction score in 2025", {"Indeks Kepuasan Masyarakat"}),
        ("siapa penanggung jawab arsip di Kota Blitar?", set()),
    ],
)
def test_measures_are_named_by_any_alias_longest_first(text: str, measures: set[str]) -> None:
    assert measures_named(text) == measures


def test_a_row_about_another_measure_is_told_apart() -> None:
    question = "What Indeks RB score is Blitar targeting for 2026?"
    assert other_measure(question, "Birokrasi yang kapabel / Indeks Profesionalitas ASN") == {
        "Indeks Reformasi Birokrasi"
    }
    # The same measure, or a row that names no measure at all, is no mismatch.
    assert not other_measure(question, "Indeks Reformasi Birokrasi; 2026: 75")
    assert not other_measure(question, "Penyusunan dokumen perencanaan")
    assert not other_measure("siapa penanggung jawab SOP?", "Indeks Profesionalitas ASN")
