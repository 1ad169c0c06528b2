"""The scorer fit on synthetic samples: weights learned, threshold chosen, file round-trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from eval.fit_scorer import Sample, fit
from retriever.scorer import FEATURES, Scorer


def _samples(seed: int = 0) -> list[Sample]:
    rng = np.random.default_rng(seed)
    lexical = FEATURES.index("lexical")
    samples = []
    for n in range(40):
        features = rng.random((12, len(FEATURES))).astype(np.float32)
        labels = np.zeros(12, dtype=np.int8)
        answerable = n % 5 != 0
        if answerable:
            gold = int(rng.integers(12))
            features[gold, lexical] += 2.0  # the gold unit holds the question's words
            labels[gold] = 1
        samples.append(Sample(f"q{n}", answerable, features, labels))
    return samples


def test_fit_learns_the_signal_and_round_trips(tmp_path: Path) -> None:
    scorer, figures = fit(_samples(), c=1.0)
    assert scorer.weights[FEATURES.index("lexical")] > 0
    assert figures["top1_gold_answerable"] >= 0.9
    path = tmp_path / "scorer.json"
    path.write_text(scorer.to_json(figures), encoding="utf-8")
    loaded = Scorer.load(path)
    assert np.allclose(loaded.weights, scorer.weights, atol=1e-5)
    assert loaded.threshold == round(scorer.threshold, 4)


def test_the_shipped_scorer_matches_the_features() -> None:
    scorer = Scorer.load()
    assert scorer.weights.shape == (len(FEATURES),)


def test_each_question_is_typed_by_a_model_fitted_without_it() -> None:
    from eval.fit_scorer import FOLDS, out_of_fold_types

    questions = [
        ("siapa penanggung jawab arsip?", "responsible_pd"),
        ("siapa yang bertanggung jawab atas SPIP?", "responsible_pd"),
        ("who is responsible for complaints?", "responsible_pd"),
        ("which office leads procurement?", "responsible_pd"),
        ("siapa pengampu SAKIP?", "responsible_pd"),
        ("berapa target IKM 2025?", "target"),
        ("berapa target nilai SAKIP 2024?", "target"),
        ("what is the SPBE target for 2024?", "target"),
        ("target indeks RB berapa?", "target"),
        ("what score is the target for 2026?", "target"),
        ("berapa rupiah anggaran ZI?", "unanswerable"),
    ]
    items = [{"question": q, "type": t} for q, t in questions]
    models = out_of_fold_types(items)  # type: ignore[arg-type]
    assert len(models) == len(items)
    assert len({id(m) for m in models}) == FOLDS
    for i, model in enumerate(models):
        # Every item of one fold shares the model fitted on the other folds.
        assert model is models[i % FOLDS]
