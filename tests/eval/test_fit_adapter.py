"""The adapter fit on a synthetic region: questions that the embedding places away from their
answers are moved to them, on questions the fit has not seen."""

from __future__ import annotations

import numpy as np

from eval.fit_adapter import Example, fit, judge, one_standard_error, out_of_fold
from retriever.adapter import QueryAdapter

DIM = 16


def _problem(seed: int = 0) -> tuple[list[Example], dict[str, np.ndarray]]:
    """Forty units; each question is a little of its gold unit and much of a direction all
    questions share (the way every question is worded as a question, not as a row)."""
    rng = np.random.default_rng(seed)
    units = rng.normal(size=(40, DIM)).astype(np.float32)
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    asking = rng.normal(size=DIM)
    asking /= np.linalg.norm(asking)
    examples = []
    for i in range(160):
        gold_unit = i % 40
        question = 0.3 * units[gold_unit] + asking + 0.05 * rng.normal(size=DIM)
        gold = np.zeros(40, dtype=bool)
        gold[gold_unit] = True
        examples.append(Example(i, "Kota Contoh", [question.astype(np.float32)], gold))
    return examples, {"Kota Contoh": units}


def test_the_fit_moves_unseen_questions_to_their_units() -> None:
    examples, vectors = _problem()
    seen, unseen = examples[:120], examples[120:]
    before = judge(QueryAdapter.identity(), unseen, vectors)
    adapter = QueryAdapter(fit(seen, vectors, decay=1e-4), "synthetic/16")
    after = judge(adapter, unseen, vectors)
    assert after["mrr"] > before["mrr"] + 0.15


def test_each_fold_gets_an_adapter_fitted_without_it() -> None:
    examples, vectors = _problem()
    adapters = out_of_fold(examples[:20], vectors, "synthetic/16", folds=2, decay=1e-3)
    assert set(adapters) == {0, 1}
    assert not np.allclose(adapters[0].delta, adapters[1].delta)  # type: ignore[arg-type]


def test_the_decay_is_the_strongest_within_one_standard_error_of_the_best() -> None:
    cv = {
        1e-4: {"mrr": 0.911, "mrr_se": 0.007},
        1e-3: {"mrr": 0.909, "mrr_se": 0.007},
        1e-2: {"mrr": 0.891, "mrr_se": 0.008},
    }
    assert one_standard_error(cv) == 1e-3
    cv[1e-3]["mrr"] = 0.90
    assert one_standard_error(cv) == 1e-4
