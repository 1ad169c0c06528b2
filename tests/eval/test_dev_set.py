"""The development set through the real system: the figures the README reports."""

from __future__ import annotations

from pathlib import Path

from eval.runner import run_eval
from tanyarb.services import Services

from ..conftest import DEV_SET


def test_dev_set_meets_the_core_bar(real_services: Services, tmp_path: Path) -> None:
    summary, reports = run_eval(real_services.answerer, DEV_SET, tmp_path)
    assert summary["items"] == 51
    # Issue 3's bars: overall 0.80, citations 0.85, responsible 0.90, schedule, target 0.80,
    # compare 0.70. Measured 0.96 / 0.98: the guard sits a little under that.
    assert summary["answer_accuracy"] >= 0.90
    assert summary["citation_accuracy"] >= 0.92
    per_type = summary["per_type"]
    assert per_type["responsible_pd"]["accuracy"] >= 0.90
    assert per_type["schedule"]["accuracy"] >= 0.80
    assert per_type["target"]["accuracy"] >= 0.80
    assert per_type["compare"]["accuracy"] >= 0.70
    assert per_type["list"]["accuracy"] >= 0.66
    assert summary["abstention"]["unanswerable_answered"] == 0
    assert all(p.exists() and p.stat().st_size > 0 for p in reports)
    assert "| responsible_pd |" in reports[1].read_text(encoding="utf-8")


def test_validation_split_holds_its_measured_level(real_services: Services, tmp_path: Path) -> None:
    """A regression guard on questions the rules were not tuned on (figures only, no items)."""
    validation = DEV_SET.parent / "questions" / "validation.jsonl"
    summary, reports = run_eval(real_services.answerer, validation, tmp_path, aggregate_only=True)
    assert summary["items"] >= 80
    # Measured 0.828 with 4 of 90 unanswerable answered (README, issue 10, fourteenth session,
    # 673 questions after the fifteenth round joined); the guard sits under it.
    assert summary["answer_accuracy"] >= 0.76
    assert summary["abstention"]["unanswerable_answered"] <= 9
    assert "## Misses" not in reports[1].read_text(encoding="utf-8")
