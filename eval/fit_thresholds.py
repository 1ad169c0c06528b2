"""Fit the answerer's thresholds end to end on the train split and store them.

    python -m eval.fit_thresholds [--train eval/questions/train.jsonl]
                                  [--out retriever/data/thresholds.json]

Coordinate search: each threshold in turn takes the grid value that gets the most train
questions right (answer accuracy, unanswerable questions included; ties to the value closest
to the current one), the others held; one pass. The unit scorer's abstention probability
starts from the threshold the scorer's own fit proposes (the best unit gold, per candidate
set), and is then judged like the others by whole answers: a unit outside the gold lines may
still state the answer, and look-ups answer many questions before the scorer is asked. The
fitted scorer is used as shipped, so fit it first (``eval.fit_scorer``). Validation is never
read here.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from eval.runner import score_items
from eval.scoring import load_gold
from retriever.answerer import Answerer
from retriever.thresholds import Thresholds
from tanyarb.core.settings import Settings
from tanyarb.services import Services

ROOT = Path(__file__).resolve().parents[1]
COVERAGE_GRID = (0.45, 0.55, 0.6, 0.7)
PROBABILITY_GRID = (0.1, 0.15, 0.2, 0.25, 0.3)
# Below half, a runner-up is less than half as likely as the best unit: not shown, whatever
# it would add to train (an extra passage never costs a point there, it costs readers).
SHARE_GRID = (0.5, 0.6, 0.7, 0.85)
GRIDS = {
    "record_coverage": COVERAGE_GRID,
    "list_coverage": COVERAGE_GRID,
    "unit_probability": PROBABILITY_GRID,
    "runner_up_share": SHARE_GRID,
}
PASSES = 1


def accuracy(answerer: Answerer, items: list[dict[str, object]], limits: Thresholds) -> float:
    """Train answer accuracy with ``limits`` in place."""
    answerer.lookups.thresholds = limits
    answerer.unit_strategy.min_probability = limits.unit_probability
    answerer.unit_strategy.runner_up_share = limits.runner_up_share
    return float(score_items(answerer, items).summary()["answer_accuracy"])


def fit(
    answerer: Answerer, items: list[dict[str, object]], start: Thresholds | None = None
) -> tuple[Thresholds, dict[str, float]]:
    limits = start or Thresholds()
    best = accuracy(answerer, items, limits)
    figures = {"train_accuracy_start": round(best, 4)}
    for _ in range(PASSES):
        for name in (f.name for f in dataclasses.fields(Thresholds)):
            current = getattr(limits, name)
            grid = {*GRIDS[name], current}
            for value in sorted(grid, key=lambda v: abs(v - current)):
                trial = dataclasses.replace(limits, **{name: value})
                score = accuracy(answerer, items, trial)
                if score > best:
                    best, limits = score, trial
            print(f"  {name:18s} {getattr(limits, name):.2f}  train {best:.3f}", flush=True)
    figures["train_accuracy"] = round(best, 4)
    return limits, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "eval/questions/train.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "retriever/data/thresholds.json")
    args = parser.parse_args()
    services = Services(Settings())
    answerer = Answerer.build(services.searcher)
    start = Thresholds(unit_probability=round(answerer.unit_strategy.scorer.threshold, 4))
    limits, figures = fit(answerer, load_gold(args.train), start)
    args.out.write_text(limits.to_json(figures) + "\n", encoding="utf-8")
    print(figures)
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
