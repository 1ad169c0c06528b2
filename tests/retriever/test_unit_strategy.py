"""The evidence-unit strategy on a small fake index: ranking, typed answers and abstentions."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from retriever.fields import AskedField, asked
from retriever.query import analyze
from retriever.regions import RegionCatalog
from retriever.scorer import FEATURES, Scorer
from retriever.unit_index import UnitIndex
from retriever.unit_strategy import UnitStrategy, _as_second, stated_frequency, uncovered_terms
from tanyarb.core.embeddings import HashingEmbedder
from tanyarb.core.evidence import Idf
from tanyarb.core.evidence_units import UnitKind, build_units
from tanyarb.core.models import DocumentMeta, Record
from tanyarb.core.textnorm import lexical_tokens

REGION = "Kota Contoh"
DOC = "kota-contoh-perwali-1-2024.txt"


def _record(line: int, kind: str = "action", **fields: object) -> Record:
    return Record(
        id=f"r{line}",
        document=DOC,
        region=REGION,
        table=str(fields.pop("table", "RENCANA AKSI")),
        kind=kind,
        line_start=line,
        line_end=line,
        **fields,  # type: ignore[arg-type]
    )


def _target(
    line: int, indicator: str, targets: tuple[tuple[int, str], ...], **more: object
) -> Record:
    """A target-table row for ``indicator`` with its yearly ``targets``."""
    return _record(
        line,
        kind="target",
        indicator=indicator,
        targets=targets,
        fields=(("Indikator", indicator),),
        **more,
    )


RECORDS = [
    _record(
        10,
        area="Penguatan Pengawasan",
        activity="Penanganan gratifikasi",
        lead=("Inspektorat Daerah",),
        budget="Menyesuaikan anggaran PD",
        years=(2024, 2025),
        fields=(("Rencana Aksi", "Penanganan gratifikasi"), ("PJ", "Inspektorat Daerah")),
    ),
    _record(
        11,
        area="Penataan Tatalaksana",
        activity="Pengelolaan arsip digital",
        lead=("Dinas Perpustakaan dan Kearsipan",),
        years=(2025,),
        fields=(("Rencana Aksi", "Pengelolaan arsip digital"),),
    ),
    _record(
        20,
        kind="target",
        table="Tabel 3.1 Target Capaian",
        indicator="Indeks Kepuasan Masyarakat",
        targets=((2025, "85"), (2026, "86")),
        fields=(("Indikator", "Indeks Kepuasan Masyarakat"), ("Target 2025", "85")),
    ),
    _record(
        21,
        kind="target",
        table="Tabel 3.1 Target Capaian",
        indicator="Nilai SAKIP",
        targets=((2025, "BB"),),
        fields=(("Indikator", "Nilai SAKIP"), ("Target 2025", "BB")),
    ),
    # An action plan that restates the satisfaction target with another value.
    _record(
        30,
        area="Peningkatan Kualitas Pelayanan Publik",
        activity="Survei kepuasan masyarakat",
        indicator="Indeks Kepuasan Masyarakat",
        lead=("Bagian Organisasi",),
        targets=((2025, "84"),),
        fields=(("Kegiatan", "Survei kepuasan masyarakat"), ("Target 2025", "84")),
    ),
    _record(
        31,
        area="Manajemen Perubahan",
        activity="Pembentukan agen perubahan",
        indicator="Jumlah Agen Perubahan",
        lead=("BKPSDM",),
        targets=((2024, "10"), (2026, "20")),
        fields=(("Indikator", "Jumlah Agen Perubahan"), ("Target 2024", "10")),
    ),
    # A stated sentence with a value and its year, no yearly columns.
    _record(
        40,
        kind="item",
        table="",
        activity="Pada tahun 2023 Indeks Integritas Kota Contoh mencapai 80",
        fields=(("", "Pada tahun 2023 Indeks Integritas Kota Contoh mencapai 80"),),
    ),
]


def _lexical_scorer() -> Scorer:
    """Weights that rank by lexical coverage and by holding the asked field."""
    weights = np.zeros(len(FEATURES), dtype=np.float32)
    weights[FEATURES.index("lexical")] = 4.0
    weights[FEATURES.index("holds_field")] = 1.0
    n = len(FEATURES)
    return Scorer(weights, -2.0, np.zeros(n, np.float32), np.ones(n, np.float32), 0.2)


def _strategy_of(records: list[Record]) -> UnitStrategy:
    """A unit strategy over ``records`` with a hashing embedder and the lexical scorer."""
    embedder = HashingEmbedder(32)
    units = build_units([], records)
    index = UnitIndex.build(units, lambda texts: list(embedder.embed_passages(texts)))
    idf = Idf([lexical_tokens(u.text) for u in units])
    return UnitStrategy(index, _lexical_scorer(), idf, embedder.embed_query)


@pytest.fixture
def strategy() -> UnitStrategy:
    return _strategy_of(RECORDS)


@pytest.fixture
def catalog() -> RegionCatalog:
    return RegionCatalog.from_documents([DocumentMeta(DOC, region=REGION)])


def test_record_units_keep_their_kind_and_lines() -> None:
    units = build_units([], RECORDS)
    assert [u.kind for u in units] == [
        UnitKind.ACTION,
        UnitKind.ACTION,
        UnitKind.TARGET,
        UnitKind.TARGET,
        UnitKind.ACTION,
        UnitKind.ACTION,
        UnitKind.ITEM,
    ]
    assert units[0].lead == ("Inspektorat Daerah",)
    assert "Penanganan gratifikasi" in units[0].embed_text


def test_unit_question_names_the_lead_unit_fact_first(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    query = analyze("siapa penanggung jawab penanganan gratifikasi di Kota Contoh?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert outcome.answered
    assert outcome.text.startswith("Inspektorat Daerah bertanggung jawab atas")
    assert outcome.citations[0].line_start == 10


def test_value_for_a_year_the_row_gives(strategy: UnitStrategy, catalog: RegionCatalog) -> None:
    query = analyze("berapa target indeks kepuasan masyarakat Kota Contoh tahun 2025?", catalog)
    typed = asked(query)
    assert typed.field is AskedField.VALUE
    outcome = strategy.answer(query, typed, REGION)
    assert "2025: 85" in outcome.text


def test_year_without_a_target_abstains_and_says_which_years_exist(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    query = analyze("berapa target indeks kepuasan masyarakat Kota Contoh tahun 2024?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert not outcome.answered
    assert "2025, 2026" in outcome.reason


def test_a_value_for_a_year_a_passage_does_not_name_is_not_answered(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    named = analyze("berapa target indeks integritas Kota Contoh tahun 2023?", catalog)
    outcome = strategy.answer(named, asked(named), REGION)
    assert outcome.answered and "80" in outcome.text
    other = analyze("berapa target indeks integritas Kota Contoh tahun 2031?", catalog)
    outcome = strategy.answer(other, asked(other), REGION)
    assert not outcome.answered and "2031" in outcome.reason


def test_rupiah_budget_abstains_and_quotes_the_budget_cell(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    query = analyze("berapa rupiah anggaran penanganan gratifikasi Kota Contoh?", catalog)
    typed = asked(query)
    assert typed.rupiah
    outcome = strategy.answer(query, typed, REGION)
    assert not outcome.answered
    assert "Menyesuaikan anggaran PD" in outcome.reason


def test_an_index_the_document_does_not_name_is_not_answered_by_another(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    query = analyze("target IPAK Kota Contoh 2025 berapa?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert not outcome.answered


def test_indicator_question_lists_the_whole_table(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    query = analyze("apa saja indikator target capaian Kota Contoh?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert "Indeks Kepuasan Masyarakat" in outcome.text and "Nilai SAKIP" in outcome.text
    assert outcome.citations[0].line_start == 20 and outcome.citations[0].line_end == 21


def test_two_tables_giving_one_indicator_different_values_are_both_shown(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    query = analyze("berapa target indeks kepuasan masyarakat Kota Contoh tahun 2025?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert "85" in outcome.text and "84" in outcome.text
    assert {c.line_start for c in outcome.citations} >= {20, 30}


def test_a_count_is_answered_only_where_it_is_stated_as_one(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    stated = analyze("berapa jumlah agen perubahan Kota Contoh tahun 2024?", catalog)
    outcome = strategy.answer(stated, asked(stated), REGION)
    assert outcome.answered and "10" in outcome.text
    # A count for a year the row leaves empty is not in the document.
    empty_year = analyze("berapa jumlah agen perubahan Kota Contoh tahun 2025?", catalog)
    outcome = strategy.answer(empty_year, asked(empty_year), REGION)
    assert not outcome.answered and "2024, 2026" in outcome.reason
    # "jumlah masyarakat puas" names the satisfaction rows, which hold an index, no count.
    missing = analyze("berapa jumlah masyarakat yang puas di Kota Contoh?", catalog)
    outcome = strategy.answer(missing, asked(missing), REGION)
    assert not outcome.answered


def test_a_count_kept_year_by_year_answers_a_count_and_an_index_does_not(
    catalog: RegionCatalog,
) -> None:
    history = _record(
        60,
        kind="achievement",
        table="Tabel 2.7 Capaian Area Penataan Manajemen SDM",
        activity="Penyelesaian Pelanggaran Disiplin",
        fields=(
            ("AREA PENATAAN MANAJEMEN SDM", "Penyelesaian Pelanggaran Disiplin"),
            ("TAHUN 2020", "16"),
            ("TAHUN 2021", "16"),
        ),
    )
    index = _record(
        61,
        kind="target",
        indicator="Indeks Profesionalitas ASN",
        targets=((2021, "80,50"),),
    )
    strategy = _strategy_of([history, index])
    # "misconduct cases" counts cases of misconduct: the row names the misconduct, not the
    # cases, and its whole numbers by year are a count.
    cases = analyze("How many misconduct cases did Kota Contoh settle in 2021?", catalog)
    outcome = strategy.answer(cases, asked(cases), REGION)
    assert outcome.answered and "16" in outcome.text
    # An index of ASN is no head count of ASN.
    heads = analyze("berapa jumlah ASN Kota Contoh tahun 2021?", catalog)
    assert not strategy.answer(heads, asked(heads), REGION).answered


@pytest.mark.parametrize(
    ("question", "indicator", "uncovered"),
    [
        # "Profesional" is the document's spelling of the expansion's "Profesionalitas".
        ("target IP ASN Kota Contoh 2026?", "Indeks Profesional ASN", []),
        # SPBE only comes from the English glossary's "e-government": nothing the user named.
        ("What e-government index does Kota Contoh aim for?", "Indeks e-Government", []),
        ("target IPAK Kota Contoh 2025 berapa?", "Indeks Kepuasan Masyarakat", ["ipak"]),
    ],
)
def test_acronyms_the_user_names_must_be_covered(
    catalog: RegionCatalog, question: str, indicator: str, uncovered: list[str]
) -> None:
    record = _record(40, kind="target", indicator=indicator, targets=((2026, "77"),))
    (unit,) = build_units([], [record])
    assert uncovered_terms(analyze(question, catalog), unit) == uncovered


def test_an_acronym_named_by_another_entry_of_an_asked_list_is_covered(
    catalog: RegionCatalog,
) -> None:
    first = _record(50, kind="team", fields=(("Kedudukan", "Pelindung"), ("Jabatan", "Walikota")))
    last = _record(
        51, kind="team", fields=(("Kedudukan", "Pokja-Pokja"), ("Jabatan", "Sekretaris"))
    )
    head, tail = build_units([], [first, last])
    query = analyze("susunan tim RB Kota Contoh dari pelindung sampai pokja?", catalog)
    assert uncovered_terms(query, head) == ["pokja"]
    assert uncovered_terms(query, head, [tail]) == []


def test_a_stated_frequency_is_cut_around_its_words() -> None:
    long = (
        "Pertemuan rutin pada tingkat Tim Pelaksana Reformasi Birokrasi perangkat daerah untuk "
        "membahas kemajuan dan hambatan; evaluasi terhadap pelaksanaan Reformasi Birokrasi di "
        "Pemerintah Daerah dilakukan dalam rentang waktu setahun. Evaluasi dilakukan untuk menilai"
    )
    value = stated_frequency(long)
    assert value is not None and value.startswith("…") and "rentang waktu setahun" in value
    assert "menilai" not in value
    assert stated_frequency("Monev dilaksanakan triwulan atau semester.") == (
        "Monev dilaksanakan triwulan atau semester"
    )
    assert stated_frequency("Monev dilaksanakan oleh Inspektorat.") is None


def test_a_stated_table_row_belongs_to_the_area_its_area_cell_names() -> None:
    from retriever.scorer import unit_area

    row = _record(
        60,
        kind="item",
        table="Tabel 4.3. Program, Kegiatan, dan Indikator",
        fields=(("Area Perubahan", "Penataan organisasi"), ("Indikator", "Indeks kelembagaan")),
    )
    (unit,) = build_units([], [row])
    assert unit_area(unit) == "Penataan dan Penguatan Organisasi"


def test_an_indicator_sharing_only_an_acronyms_expansion_is_no_restatement(
    catalog: RegionCatalog,
) -> None:
    rows = [
        _record(70, kind="target", indicator="Indeks SPBE", targets=((2025, "2,81"),)),
        _record(71, kind="target", indicator="Indeks Sistem Merit", targets=((2025, "280"),)),
    ]
    strategy = _strategy_of(rows)
    query = analyze("target indeks SPBE Kota Contoh 2025?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert "2,81" in outcome.text and "280" not in outcome.text


def test_an_indicator_named_by_two_words_needs_both(catalog: RegionCatalog) -> None:
    from retriever.unit_strategy import names_indicator

    query = analyze("Nilai Indeks RB Kota Contoh 2023?", catalog)
    law, reform = build_units(
        [],
        [
            _record(80, kind="target", indicator="Indeks Reformasi Hukum"),
            _record(81, kind="target", indicator="Indeks Reformasi Birokrasi"),
        ],
    )
    assert not names_indicator(query, law)
    assert names_indicator(query, reform)


def test_an_indicator_whose_every_word_the_question_names_is_named(
    catalog: RegionCatalog,
) -> None:
    """The glossary widens an English name ("e-government" -> SPBE and its expansion): a
    row whose own indicator words all stand in the question is named too, and of the rows
    naming it the one holding the asked year's value answers."""
    rows = [
        _record(90, kind="action", indicator="Indeks SPBE", activity="Penyusunan kebijakan SPBE"),
        _record(
            91, kind="target", indicator="Indeks e-government Nasional", targets=((2024, "3.40"),)
        ),
    ]
    strategy = _strategy_of(rows)
    query = analyze(
        "What national e-government index score is Kota Contoh targeting for 2024?", catalog
    )
    outcome = strategy.answer(query, asked(query), REGION)
    assert "3.40" in outcome.text


def test_a_question_over_a_span_of_years_gets_every_row_of_that_span(
    catalog: RegionCatalog,
) -> None:
    rows = [
        _record(
            80 + n,
            kind="item",
            table="Tabel 2.1 Indeks RB Kota Contoh 2018 s.d 2021",
            list_line=79,
            activity=str(year),
            fields=(("Tahun", str(year)), ("Nilai Indeks RB", value)),
        )
        for n, (year, value) in enumerate(
            ((2018, "60,69"), (2019, "66,16"), (2020, "67,17"), (2021, "70,01"))
        )
    ]
    strategy = _strategy_of(rows)
    query = analyze(
        "bagaimana perkembangan nilai indeks RB Kota Contoh dari 2018 sampai 2020?", catalog
    )
    outcome = strategy.answer(query, asked(query), REGION)
    assert all(v in outcome.text for v in ("60,69", "66,16", "67,17"))
    assert "70,01" not in outcome.text


def test_a_period_stated_in_the_next_bullet_is_given_too(catalog: RegionCatalog) -> None:
    bullets = [
        _record(
            90,
            kind="item",
            table="Monitoring dan evaluasi",
            list_line=89,
            activity="Monitoring dan evaluasi area perubahan dilaksanakan triwulan atau semester.",
        ),
        _record(
            91,
            kind="item",
            table="Monitoring dan evaluasi",
            list_line=89,
            activity="Monitoring dan evaluasi pelaksanaan reformasi birokrasi Kota Contoh secara "
            "keseluruhan dilaksanakan setiap satu tahun sekali.",
        ),
    ]
    strategy = _strategy_of(bullets)
    query = analyze(
        "seberapa sering monitoring evaluasi reformasi birokrasi Kota Contoh secara keseluruhan?",
        catalog,
    )
    ranked = strategy.rank(query, asked(query), REGION)
    assert ranked[0][1].line_start == 91 and ranked[1][0] < ranked[0][0] * 0.85
    outcome = strategy.answer(query, asked(query), REGION)
    assert "satu tahun" in outcome.text and "semester" in outcome.text


def test_who_chairs_a_team_is_answered_only_where_a_role_is_given(
    catalog: RegionCatalog,
) -> None:
    definition = _record(
        100,
        kind="item",
        table="Pasal 1",
        list_line=99,
        activity="Tim Reformasi Birokrasi adalah wadah koordinasi lintas pemangku kepentingan.",
    )
    team = _record(
        101,
        kind="team",
        lead=("Sekretaris Daerah",),
        fields=(("Kedudukan dalam Tim", "Ketua"), ("Jabatan", "Sekretaris Daerah")),
    )

    query = analyze("siapa ketua Tim Reformasi Birokrasi Kota Contoh?", catalog)
    without = _strategy_of([definition]).answer(query, asked(query), REGION)
    assert not without.answered and "susunan tim" in without.reason
    with_team = _strategy_of([definition, team]).answer(query, asked(query), REGION)
    assert with_team.answered and "Sekretaris Daerah" in with_team.text


def test_a_runner_up_the_scorer_rates_nearly_as_high_is_shown_beside_the_best(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    """Two rows the scorer cannot tell apart are both shown; how close "nearly" is comes
    from the fitted thresholds (``runner_up_share``)."""
    query = analyze(
        "siapa penanggung jawab penanganan gratifikasi dan arsip di Kota Contoh?", catalog
    )
    ranked = strategy.rank(query, asked(query), REGION)
    share = ranked[1][0] / ranked[0][0]
    assert 0.0 < share < 1.0
    strategy.runner_up_share = share - 0.01
    both = strategy.answer(query, asked(query), REGION)
    assert "Inspektorat Daerah" in both.text and "Dinas Perpustakaan" in both.text
    assert {c.line_start for c in both.citations} >= {10, 11}
    strategy.runner_up_share = share + 0.01
    one = strategy.answer(query, asked(query), REGION)
    assert len({c.line_start for c in one.citations}) == 1


def test_a_figure_asked_is_quoted_from_the_sentence_that_states_it(
    catalog: RegionCatalog,
) -> None:
    """A long passage whose opening names the index and whose later sentence gives its value:
    the quote starts at the value, so it is not cut off."""
    opening = (
        "Indikator utama kualitas sumber daya manusia dapat dilihat dari Indeks Pembangunan "
        "Manusia yang dihitung dari aspek kesehatan, aspek pendidikan dan aspek ekonomi "
        "sebagaimana ditetapkan dalam dokumen perencanaan pembangunan daerah."
    )
    middle = "Selama lima tahun terakhir kualitas sumber daya manusia di Kota Contoh meningkat."
    value = "Angkanya pada tahun 2020 mencapai 80,91."
    passage = f"{opening} {middle} {value} Hal tersebut menunjukkan tren yang positif."
    strategy = _strategy_of(
        [_record(50, kind="item", table="", activity=passage, fields=(("", passage),))]
    )
    query = analyze("berapa nilai indeks pembangunan manusia Kota Contoh tahun 2020?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert outcome.answered and "80,91" in outcome.text


def test_a_second_passage_is_quoted_without_saying_so_again() -> None:
    assert _as_second("Menurut dokumen: «Monev tiap triwulan.»") == "«Monev tiap triwulan.»"
    assert _as_second("The document says: «Quarterly.»") == "«Quarterly.»"
    assert _as_second("Inspektorat bertanggung jawab atas «SPIP».").startswith("Inspektorat")


def test_who_chairs_a_team_is_read_from_the_team_table_over_a_closer_row(
    catalog: RegionCatalog,
) -> None:
    """A row on the team's subject may match the question better than the team's own row;
    a question for a team's chair is answered from the team table."""
    subject = _record(
        110,
        kind="target",
        table="Tabel RB Tematik",
        indicator="Tingkat penanganan inflasi daerah",
        activity="Tim tematik penanganan inflasi daerah",
        targets=((2024, "2,5"),),
        fields=(("Tema", "Tim tematik penanganan inflasi daerah"), ("Target 2024", "2,5")),
    )
    team = _record(
        111,
        kind="team",
        table="Susunan Tim",
        lead=("Bagian Perekonomian",),
        fields=(("Kedudukan dalam Tim", "Inflasi 1. Ketua"), ("Jabatan", "Bagian Perekonomian")),
    )
    strategy = _strategy_of([subject, team])
    query = analyze("siapa ketua tim tematik penanganan inflasi daerah Kota Contoh?", catalog)
    ranked = strategy.rank(query, asked(query), REGION)
    assert ranked[0][1].line_start == 110  # the subject's row is the scorer's best
    outcome = strategy.answer(query, asked(query), REGION)
    assert outcome.answered and "Bagian Perekonomian" in outcome.text


SUMBER_DAYA = (
    "Kualitas sumber daya manusia dilihat dari Indeks Pembangunan Manusia, yang pada tahun 2020 "
    "mencapai 80,91"
)


def test_a_figure_asked_of_a_named_indicator_comes_from_a_row_naming_it(
    catalog: RegionCatalog,
) -> None:
    """Whatever field the question is typed to ("what score did it reach": a free fact), a
    figure asked of a named indicator is read from a unit naming that indicator, though the
    scorer rates another index's row higher."""
    other = _record(
        120, kind="target", indicator="Indeks Kepuasan Masyarakat", targets=((2020, "82,10"),)
    )
    named = _record(
        121,
        kind="item",
        table="",
        activity=SUMBER_DAYA,
        fields=(("", SUMBER_DAYA),),
    )
    strategy = _strategy_of([other, named])
    weights = np.zeros(len(FEATURES), dtype=np.float32)
    weights[FEATURES.index("lexical")] = 1.0
    weights[FEATURES.index("kind_target")] = 3.0
    n = len(FEATURES)
    strategy.scorer = Scorer(weights, -1.0, np.zeros(n, np.float32), np.ones(n, np.float32), 0.2)
    query = analyze("What human development index score did Kota Contoh reach in 2020?", catalog)
    typed = dataclasses.replace(asked(query), field=AskedField.FACT, amount=True)
    assert strategy.rank(query, typed, REGION)[0][1].line_start == 120
    outcome = strategy.answer(query, typed, REGION)
    assert "80,91" in outcome.text and outcome.citations[0].line_start == 121


def test_a_chatty_question_is_also_embedded_in_standard_spelling(
    strategy: UnitStrategy, catalog: RegionCatalog
) -> None:
    """Chat forms ("brp", "pemkot", "RB") are embedded a second time in the documents'
    spelling, as an English question is in its glossary translation; a question already in
    standard spelling is embedded once."""
    seen: list[str] = []
    embed = strategy.vector
    strategy.vector = lambda text: seen.append(text) or embed(text)  # type: ignore[func-returns-value]
    chatty = analyze("target IKM pemkot contoh thn 2025 brp?", catalog)
    _vector, standard = strategy.query_vectors(chatty)
    assert (
        standard is not None and seen[-1] == "target ikm pemerintah kota contoh tahun 2025 berapa?"
    )
    plain = analyze("Berapa target IKM Kota Contoh tahun 2025?", catalog)
    assert strategy.query_vectors(plain)[1] is None


def test_a_percentage_asked_is_not_answered_by_an_index(catalog: RegionCatalog) -> None:
    strategy = _strategy_of(
        [_target(60, "Indeks Kearsipan sistem arsip terintegrasi", ((2025, "70"),))]
    )
    share = analyze("berapa persentase sistem arsip terintegrasi Kota Contoh tahun 2025?", catalog)
    outcome = strategy.answer(share, asked(share), REGION)
    assert not outcome.answered and "persentase" in outcome.reason
    # "berapa persen" asks the value in whatever unit the document gives it.
    value = analyze("target indeks kearsipan Kota Contoh tahun 2025?", catalog)
    assert strategy.answer(value, asked(value), REGION).answered


def test_the_entry_of_the_year_asked_comes_before_another_years_entry(
    catalog: RegionCatalog,
) -> None:
    table = "Tabel 2.1 Indeks Integritas 2019-2020"
    entries = [
        _record(
            50 + n,
            kind="item",
            table=table,
            activity=f"Tahun: {year}; Nilai Indeks Integritas: {value}",
            fields=(("Tahun", str(year)), ("Nilai Indeks Integritas", value)),
        )
        for n, (year, value) in enumerate([(2019, "60,5"), (2020, "67,2")])
    ]
    strategy = _strategy_of(entries)
    query = analyze("berapa nilai indeks integritas Kota Contoh tahun 2020?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert outcome.answered and "67,2" in outcome.text


def test_a_plan_row_with_ticks_gives_no_figure_for_its_year(catalog: RegionCatalog) -> None:
    strategy = _strategy_of(
        [
            _record(
                70,
                area="Penataan Sistem Manajemen SDM",
                activity="Review kebutuhan pegawai",
                indicator="Indeks Profesionalitas ASN",
                lead=("BKPSDM",),
                years=(2024,),
                fields=(("Indikator", "Indeks Profesionalitas ASN"), ("2024", "√")),
            )
        ]
    )
    query = analyze("berapa target indeks profesionalitas ASN Kota Contoh tahun 2024?", catalog)
    outcome = strategy.answer(query, asked(query), REGION)
    assert not outcome.answered and "2024" in outcome.reason


def test_a_row_on_the_measure_asked_comes_before_a_closer_worded_other(
    catalog: RegionCatalog,
) -> None:
    poverty = _target(
        80,
        "Angka Kemiskinan",
        ((2024, "5,37"),),
        activity="Menurunnya kemiskinan balita dan keluarga miskin",
    )
    stunting = _target(81, "Angka Stunting", ((2024, "14"),))
    strategy = _strategy_of([poverty, stunting])
    query = analyze("target stunting balita keluarga miskin Kota Contoh tahun 2024?", catalog)
    typed = asked(query)
    assert strategy.rank(query, typed, REGION)[0][1].line_start == 80  # worded closer
    outcome = strategy.answer(query, typed, REGION)
    assert outcome.answered and "14" in outcome.text


def test_a_count_stated_in_other_words_is_answered(catalog: RegionCatalog) -> None:
    # "audit" is met by "Pemeriksa" (its glossary alternative), and "11 kali" states a count.
    strategy = _strategy_of(
        [
            _record(
                90,
                kind="item",
                table="",
                activity="Badan Pemeriksa Keuangan memberi opini WTP kepada Kota Contoh 11 kali",
                fields=(
                    ("", "Badan Pemeriksa Keuangan memberi opini WTP kepada Kota Contoh 11 kali"),
                ),
            )
        ]
    )
    query = analyze("How many clean audit opinions has Kota Contoh received?", catalog)
    typed = asked(query)
    assert typed.count
    outcome = strategy.answer(query, typed, REGION)
    assert outcome.answered and "11" in outcome.text
