"""The development set through the real system: the figures the README reports."""

from __future__ import annotations

from pathlib import Path

from eval.runner import run_eval
from tanyarb.services import Services

from ..conftest import DEV_SET


def test_dev_set_meets_the_core_bar(real_services: Services, tmp_path: Path) -> None:
    summary, reports = run_eval(real_services.answerer, DEV_SET, tmp_path)
    assert summary["items"] == 51
    # The issue asks 0.60 and 0.75; guard the measured level (0.80, 0.87) against regressions.
    assert summary["answer_accuracy"] >= 0.72
    assert summary["citation_accuracy"] >= 0.82
    assert summary["abstention"]["unanswerable_answered"] == 0
    assert all(p.exists() and p.stat().st_size > 0 for p in reports)
    assert "| responsible_pd |" in reports[1].read_text(encoding="utf-8")
