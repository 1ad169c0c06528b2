"""Evidence units from chunks: rows, sentences and definitions, with their lines."""

from __future__ import annotations

from tanyarb.core.evidence_units import UnitKind, build_units, defined_terms, is_definition
from tanyarb.core.models import Chunk


def test_definitions_are_short_terms_before_adalah() -> None:
    assert is_definition("Zona Integritas adalah predikat yang diberikan kepada instansi")
    assert is_definition("Tim Reformasi Birokrasi yang selanjutnya disebut Tim RB adalah wadah")
    assert not is_definition("Pada tahun 2022 pemerintah daerah telah melaksanakan program")
    long_term = " ".join(["kata"] * 12)
    assert not is_definition(f"{long_term} adalah sesuatu")


def test_a_definition_after_the_clause_naming_its_source() -> None:
    text = (
        "Berdasarkan Peraturan Menteri Nomor 90 Tahun 2021 tentang Pedoman Pembangunan Zona "
        "Integritas, Zona Integritas adalah Instansi Pemerintah yang pimpinannya berkomitmen"
    )
    assert is_definition(text)
    assert defined_terms(text) == ("Zona Integritas",)


def test_a_term_named_then_described_is_defined() -> None:
    text = (
        "Dalam rangka itu, pemerintah membuat suatu program yang disebut dengan Quick Wins yang "
        "merupakan suatu langkah inisiatif untuk mengawali suatu program besar."
    )
    assert is_definition(text)
    assert defined_terms(text) == ("Quick Wins",)
    assert not is_definition("Program tersebut disebut berhasil oleh masyarakat.")


def test_prose_sentences_keep_their_line_and_kind() -> None:
    chunk = Chunk(
        id="c1",
        document="a.txt",
        region="Kota Contoh",
        section="Batang Tubuh > Pasal 1",
        text="Daerah adalah Kota Contoh.\nPemerintah melaksanakan reformasi birokrasi.",
        line_start=10,
        line_end=11,
    )
    units = build_units([chunk], [])
    assert [(u.kind, u.line_start) for u in units] == [
        (UnitKind.DEFINITION, 10),
        (UnitKind.SENTENCE, 11),
    ]
    assert units[0].context == "Pasal 1"
