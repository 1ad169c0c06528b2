"""The question-type fit: a model learnt from a handful of typed questions types new ones."""

from __future__ import annotations

from eval.fit_question_types import cross_validated, fit

SAMPLES = [
    ("siapa penanggung jawab SPIP di Blitar?", "responsible_pd"),
    ("siapa yang bertanggung jawab atas arsip?", "responsible_pd"),
    ("who is responsible for archives?", "responsible_pd"),
    ("who is in charge of complaints?", "responsible_pd"),
    ("which office is responsible for procurement?", "responsible_pd"),
    ("berapa target IKM tahun 2025?", "target"),
    ("berapa target nilai SAKIP?", "target"),
    ("what is the target for the SPBE index in 2024?", "target"),
    ("what target is set for IKM?", "target"),
    ("target indeks RB berapa?", "target"),
]


def test_fit_types_unseen_wording() -> None:
    model = fit(SAMPLES, c=10.0)
    assert model.predict("siapa penanggung jawab pengaduan?")[0] == "responsible_pd"
    assert model.predict("berapa target indeks SPBE?")[0] == "target"


def test_cross_validation_scores_every_question_once() -> None:
    assert 0.0 <= cross_validated(SAMPLES, c=10.0) <= 1.0


def test_the_smallest_c_within_one_standard_error_of_the_best_is_chosen() -> None:
    from eval.fit_question_types import one_standard_error

    cv = {3.0: (0.909, 0.01), 10.0: (0.9175, 0.008), 100.0: (0.9183, 0.007), 1.0: (0.88, 0.01)}
    # 100 is best by 0.0008, less than its standard error: 10 is as good and simpler; 3 is
    # more than one standard error below.
    assert one_standard_error(cv) == 10.0
