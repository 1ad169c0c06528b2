"""Run a gold set through the answerer and write JSON and Markdown reports."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from eval.scoring import Scores, load_gold, markdown_report
from retriever.answerer import Answerer, QuestionError


def score_items(answerer: Answerer, items: list[dict[str, Any]]) -> Scores:
    """Every item answered and scored (a refused question counts as an abstention)."""
    scores = Scores()
    for item in items:
        try:
            answer = answerer.answer(item["question"]).to_dict()
        except QuestionError as exc:
            answer = {"answer": str(exc), "abstained": True, "citations": [], "timing_ms": {}}
        scores.add(item, answer)
    return scores


def run_eval(
    answerer: Answerer, gold: Path, out_dir: Path, *, aggregate_only: bool = False
) -> tuple[dict[str, Any], list[Path]]:
    """Score ``gold``; with ``aggregate_only`` the reports hold figures, never items (the
    validation split is read that way, so that studying it cannot leak into the rules)."""
    scores = score_items(answerer, load_gold(gold))
    summary = scores.summary()
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    json_path = out_dir / f"eval-{gold.stem}-{stamp}.json"
    md_path = out_dir / f"eval-{gold.stem}-{stamp}.md"
    json_path.write_text(
        json.dumps(
            {
                "gold": str(gold),
                "summary": summary,
                "items": [] if aggregate_only else scores.rows,
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    md_path.write_text(
        markdown_report(
            summary, scores.rows, f"Evaluation on {gold.name}", misses=not aggregate_only
        ),
        encoding="utf-8",
    )
    return summary, [json_path, md_path]
