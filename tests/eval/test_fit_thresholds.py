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
class _Answer:
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"answer": self.text, "abstained": False, "citations": [], "timing_ms": {}}


@dataclass
class _FakeAnswerer:
    """Right only when the record threshold is 0.55: the fit must find that value."""

    lookups: _Holder = field(default_factory=_Holder)
    passages: _Holder = field(default_factory=_Holder)

    def answer(self, question: str) -> _Answer:
        right = self.lookups.thresholds.record_coverage == 0.55
        return _Answer("BPKAD" if right else "Inspektorat")


def test_the_fit_finds_the_threshold_that_answers_train() -> None:
    items: list[dict[str, object]] = [
        {"id": f"Q-{n}", "type": "responsible_pd", "question": "siapa?", "must_contain": ["BPKAD"]}
        for n in range(4)
    ]
    limits, figures = fit(_FakeAnswerer(), items)  # type: ignore[arg-type]
    assert limits.record_coverage == 0.55
    assert figures["train_accuracy"] == 1.0 and figures["train_accuracy_start"] == 0.0


def test_thresholds_round_trip_and_the_shipped_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "thresholds.json"
    path.write_text(Thresholds(0.5, 0.7, 0.4).to_json({"train_accuracy": 0.8}), "utf-8")
    assert Thresholds.load(path) == Thresholds(0.5, 0.7, 0.4)
    shipped = Thresholds.load()
    assert 0 < shipped.passage_coverage < 1 and 0 < shipped.record_coverage < 1
