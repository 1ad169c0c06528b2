from tanyarb.core.textnorm import clean_text, lexical_tokens, looks_english, stem


def test_clean_text_strips_html_markdown_and_entities() -> None:
    raw = '<ul style="list-style-type: none"> <li>a) *Road Map* &amp; **SPIP**</li></ul>'
    assert clean_text(raw) == "a) Road Map & SPIP"


def test_chat_shorthand_and_damaged_spellings_meet_document_wording() -> None:
    assert lexical_tokens("yg pegang SAKIP thn 2024 brp") == lexical_tokens(
        "yang penanggung jawab SAKIP tahun 2024 berapa"
    )
    assert "inspektorat" in lexical_tokens("Insepektorat Daerah")
    assert "bkpsdm" in lexical_tokens("BPKSDM Kota Blitar")


def test_acronyms_and_expansions_share_tokens_both_ways() -> None:
    short = set(lexical_tokens("SPIP"))
    long = set(lexical_tokens("Sistem Pengendalian Intern Pemerintah"))
    assert "spip" in long
    assert short & long == short


def test_indonesian_stemming_and_numbers() -> None:
    assert stem("pembinaan") == "bina"
    assert "3,20" in lexical_tokens("level 3,20")


def test_english_questions_map_onto_indonesian_vocabulary() -> None:
    question = "Which agency leads archive management?"
    assert looks_english(question)
    tokens = lexical_tokens(question, english=True)
    assert "arsip" in tokens and "tanggung" in tokens
    assert not looks_english("siapa yang bertanggung jawab atas SPIP di Blitar?")


def test_an_english_loanword_the_documents_print_stays_beside_its_meaning() -> None:
    tokens = lexical_tokens("national e-government index", english=True)
    assert "e-government" in tokens and "spbe" in tokens
    assert "e-government" in lexical_tokens("Indeks e-government Nasional")


def test_an_english_plural_of_an_acronym_is_the_acronym() -> None:
    assert "pd" in lexical_tokens("How many PDs run the system?", english=True)
    assert "sop" in lexical_tokens("Which SOPs were set?", english=True)


def test_damaged_unit_names_are_matched_fuzzily_but_shown_as_printed() -> None:
    from tanyarb.core.units import canonical_name, canonical_unit, describe_unit

    # No list of damaged spellings: near misses of the known unit words (data/units.json).
    assert canonical_unit("Insepektorat Daerah Kota Blitar") == "Inspektorat Daerah Kota Blitar"
    assert canonical_unit("1. BPKSDM Kota Blitar") == "1. BKPSDM Kota Blitar"
    assert canonical_name("DPMPSTSP") == "DPMPTSP"
    assert canonical_unit("Inspektorat Daerah") is None
    assert canonical_unit("Dinas Pendidikan") is None  # a real name is not "repaired"
    described = describe_unit("Inspetorat Daerah")
    assert described.startswith("Inspetorat Daerah") and "Inspektorat Daerah" in described


def test_english_function_words_are_no_content() -> None:
    # Unknown to every document, they would weigh as the rarest words of a question.
    tokens = lexical_tokens("Which office has each of these tasks under it?", english=True)
    assert not {"has", "each", "these", "under", "it"} & set(tokens)
    # English stopwords that documents use ("No." columns, "per") stay.
    assert "per" in lexical_tokens("target per tahun")


def test_colloquial_verbs_offer_the_standard_words_they_stand_for() -> None:
    from tanyarb.core.textnorm import colloquial_bases

    assert "ukur" in colloquial_bases("ngukur")
    assert "jadwal" in colloquial_bases("dijadwalin")
    assert "cabut" in colloquial_bases("nyabut")
    assert "tetap" in colloquial_bases("netapin")
    assert "pimpin" in colloquial_bases("mimpin")
    assert "evaluasi" in colloquial_bases("ngevaluasi")
    assert colloquial_bases("koordinasi") == []


def test_the_thesaurus_gives_users_words_the_documents_tokens() -> None:
    # Everyday words meet the documents' words on both sides of the index.
    assert lexical_tokens("keluhan warga") == lexical_tokens("pengaduan masyarakat")
    assert set(lexical_tokens("duit")) <= set(lexical_tokens("anggaran"))


def test_thesaurus_keeps_one_level_and_borrowed_english_words() -> None:
    from tanyarb.core.textnorm import Thesaurus

    lines = [
        '{"word": "pengaduan", "same": ["keluhan", "laporan"]}',
        # "laporan" is already another word's synonym: its own synonyms are not chained on.
        '{"word": "laporan", "same": ["catatan"]}',
        # A borrowed English word keeps its sense: "cepat" is not "quick".
        '{"word": "quick", "same": ["cepat"], "borrowed": true}',
    ]
    thesaurus = Thesaurus.from_lines(lines)
    assert thesaurus.same["keluhan"] == "pengaduan"
    assert "catatan" not in thesaurus.same
    assert "cepat" not in thesaurus.same
    # Whole words: "ditunjuk" (appointed) is not "petunjuk" (guidance) for sharing a stem.
    assert lexical_tokens("ditunjuk") == [stem("ditunjuk")]


def test_english_words_for_the_public_and_development_reach_the_documents_words() -> None:
    """ "residents" and "citizens" are the documents' masyarakat; "development" is their
    pembangunan (Indeks Pembangunan Manusia) as well as pengembangan."""
    residents = lexical_tokens("How satisfied are residents with services?", english=True)
    assert set(lexical_tokens("kepuasan masyarakat")) <= set(residents)
    development = lexical_tokens("human development index", english=True)
    assert set(lexical_tokens("pembangunan")) <= set(development)


def test_english_prices_reach_the_documents_inflation() -> None:
    """Keeping prices in check is what the documents call pengendalian inflasi (a thematic
    target, a team, prose on inflasi): "prices" reaches inflasi as well as harga."""
    prices = lexical_tokens("Who chairs the team on keeping prices stable?", english=True)
    assert set(lexical_tokens("harga inflasi")) <= set(prices)
