"""The fitted question-type model: features, inference, and the model shipped in the package."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from retriever.question_types import QuestionTypes, features, question_types, tfidf


def test_features_hide_numbers_and_keep_word_pieces() -> None:
    found = features("Target IKM tahun 2026 brp? 85 persen")
    assert "w:<year>" in found and "w:<num>" in found
    assert not any("2026" in f or "85" in f for f in found)
    assert "w:berapa" in found  # respelled chat shorthand
    assert "b:target_ikm" in found
    assert "c: ikm " in found and "c:ikm" in found


def test_tfidf_is_unit_length_and_ignores_unknown_features() -> None:
    vocabulary = {"w:siapa": 0, "w:target": 1}
    row = tfidf(Counter({"w:siapa": 2, "w:unknown": 5}), vocabulary, np.ones(2, np.float32))
    assert row.tolist() == [1.0, 0.0]


def test_a_model_round_trips_through_json() -> None:
    model = QuestionTypes(
        classes=("responsible_pd", "target"),
        vocabulary={"w:siapa": 0, "w:berapa": 1},
        idf=np.ones(2, np.float32),
        weights=np.array([[2.0, -2.0], [-2.0, 2.0]], np.float32),
        bias=np.zeros(2, np.float32),
    )
    again = QuestionTypes.from_json(model.to_json({}))
    assert again.predict("siapa yang bertanggung jawab?")[0] == "responsible_pd"
    assert again.predict("berapa targetnya?")[0] == "target"
    assert sum(again.probabilities("siapa?").values()) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        (
            "Which Blitar offices share responsibility for handling citizens' complaints?",
            "responsible_pd",
        ),
        ("Name all the quick wins Kota Bengkulu chose.", "list"),
        ("target nilai SAKIP Blora tahun 2025 berapa?", "target"),
        ("apa yang dimaksud dengan agen perubahan menurut perwali madiun?", "definition"),
    ],
)
def test_the_shipped_model_types_plain_questions(question: str, kind: str) -> None:
    model = question_types()
    assert model is not None
    assert model.predict(question)[0] == kind
