"""The threshold fit: a coordinate search that keeps the values getting most train items right."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.fit_thresholds import fit
from retriever.thresholds import Thresholds


@dataclass
class _Holder:
    thresholds: Thresholds = field(default_factory=Thresholds)


@dataclass
class _UnitStrategy:
    min_probability: float = 0.15
    runner_up_share: float = 0.85


@dataclass
class _Answer:
    text: str
    abstained: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.text, "abstained": self.abstained, "citations": [], "timing_ms": {}}


@dataclass
class _FakeAnswerer:
    """Right only when the record threshold is 0.55: the fit must find that value."""

    lookups: _Holder = field(default_factory=_Holder)
    passages: _Holder = field(default_factory=_Holder)
    unit_strategy: _UnitStrategy = field(default_factory=_UnitStrategy)

    def answer(self, question: str) -> _Answer:
        record = self.lookups.thresholds.record_coverage == 0.55
        return _Answer("BPKAD" if record else "Inspektorat")


def test_the_fit_finds_the_threshold_that_answers_train() -> None:
    items: list[dict[str, object]] = [
        {"id": f"Q-{n}", "type": "responsible_pd", "question": "siapa?", "must_contain": ["BPKAD"]}
        for n in range(4)
    ]
    limits, figures = fit(_FakeAnswerer(), items)  # type: ignore[arg-type]
    assert limits.record_coverage == 0.55
    assert figures["train_accuracy"] == 1.0 and figures["train_accuracy_start"] == 0.0


def test_the_unit_probability_is_judged_by_whole_answers() -> None:
    """An unanswerable item is right only when the answerer abstains: the fit takes the unit
    scorer's threshold that makes it abstain, starting from the scorer's own proposal."""

    @dataclass
    class _Abstaining(_FakeAnswerer):
        def answer(self, question: str) -> _Answer:
            return _Answer("x", abstained=self.unit_strategy.min_probability >= 0.25)

    items: list[dict[str, object]] = [
        {"id": "Q-1", "type": "unanswerable", "question": "berapa rupiah?", "must_contain": []}
    ]
    limits, _figures = fit(_Abstaining(), items, Thresholds(unit_probability=0.12))  # type: ignore[arg-type]
    assert limits.unit_probability == 0.25


def test_thresholds_round_trip_and_the_shipped_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.json"
    path.write_text(Thresholds(0.5, 0.7, 0.4).to_json({"train_accuracy": 0.8}), "utf-8")
    assert Thresholds.load(path) == Thresholds(0.5, 0.7, 0.4)
    shipped = Thresholds.load()
    assert 0 < shipped.record_coverage < 1
