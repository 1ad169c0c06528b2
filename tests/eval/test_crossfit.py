"""The out-of-fold typing run: each fold typed by a model fitted without it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eval.crossfit import crossfit, fold_of
from retriever.question_types import QuestionTypes, question_types


@dataclass
class _Answer:
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.text, "abstained": False, "citations": [], "timing_ms": {}}


@dataclass
class _TypingAnswerer:
    """Answers with the type the model in use gives the question, and remembers the models."""

    seen: list[QuestionTypes | None] = field(default_factory=list)

    def answer(self, question: str) -> _Answer:
        model = question_types()
        self.seen.append(model)
        assert model is not None
        return _Answer(model.predict(question)[0])


def test_every_fold_is_typed_by_a_model_of_its_own_and_the_shipped_one_comes_back() -> None:
    words = {"responsible_pd": "siapa penanggung jawab", "schedule": "kapan dijadwalkan"}
    items = [
        {
            "id": f"Q-{n:03d}-{kind}",
            "type": kind,
            "question": f"{words[kind]} kegiatan nomor {n}?",
            "must_contain": [kind],
        }
        for n in range(40)
        for kind in ("responsible_pd", "schedule")
    ]
    answerer = _TypingAnswerer()
    summary = crossfit(answerer, items, [], c=10.0, folds=4)  # type: ignore[arg-type]
    assert summary["items"] == 80 and summary["answer_accuracy"] == 1.0
    assert len({id(model) for model in answerer.seen}) == 4
    assert all(model is not question_types() for model in answerer.seen)


def test_folds_are_a_function_of_the_id() -> None:
    assert fold_of("Q-1601", 5) == fold_of("Q-1601", 5)
    assert {fold_of(f"Q-{n}", 5) for n in range(100)} == set(range(5))


@dataclass
class _Strategy:
    adapter: object


@dataclass
class _AdaptedAnswerer:
    """Answers with the name of the adapter its unit strategy holds."""

    unit_strategy: _Strategy

    def answer(self, question: str) -> _Answer:
        return _Answer(str(self.unit_strategy.adapter))


def test_every_fold_is_answered_through_its_own_adapter_and_the_shipped_one_comes_back() -> None:
    folds = 4
    items = [
        {"id": f"Q-{n:03d}-{kind}", "type": kind, "question": f"{kind} nomor {n}?"}
        for n in range(40)
        for kind in ("fact", "schedule")
    ]
    for item in items:
        item["must_contain"] = [f"fold-{fold_of(str(item['id']), folds)}"]
    answerer = _AdaptedAnswerer(_Strategy("shipped"))
    adapters = {fold: f"fold-{fold}" for fold in range(folds)}
    summary = crossfit(answerer, items, [], c=10.0, folds=folds, adapters=adapters)  # type: ignore[arg-type]
    assert summary["answer_accuracy"] == 1.0
    assert answerer.unit_strategy.adapter == "shipped"
