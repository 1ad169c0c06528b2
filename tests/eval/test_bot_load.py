"""Smoke test of the bot benchmark: two chats, two questions each, one answer per question."""

from __future__ import annotations

from pathlib import Path

from eval.bot_load import run

from ..conftest import DEV_SET


def test_bot_benchmark_counts_one_answer_per_question(real_index_dir: Path) -> None:
    from eval.scoring import load_gold

    questions = [str(item["question"]) for item in load_gold(DEV_SET)][:4]
    report = run(real_index_dir, questions, chats=2, per_chat=2)
    assert report["questions"] == 4 and report["exactly_one_answer_each"]
    assert report["messages_per_chat"] == [2, 2]
    assert float(report["p95_ms"]) >= float(report["p50_ms"]) > 0  # type: ignore[arg-type]
