"""Fit the look-up and passage coverage thresholds on the train split and store them.

    python -m eval.fit_thresholds [--train eval/questions/train.jsonl]
                                  [--out retriever/data/thresholds.json]

Coordinate search: each threshold in turn takes the grid value that gets the most train
questions right (answer accuracy, ties to the value closest to the current one), the others
held; one pass. The fitted scorer is used as shipped, so fit it first (``eval.fit_scorer``).
Validation is never read here.
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
GRID = (0.45, 0.55, 0.6, 0.7)
PASSES = 1


def accuracy(answerer: Answerer, items: list[dict[str, object]], limits: Thresholds) -> float:
    """Train answer accuracy with ``limits`` in place."""
    answerer.lookups.thresholds = limits
    answerer.passages.thresholds = limits
    return float(score_items(answerer, items).summary()["answer_accuracy"])


def fit(answerer: Answerer, items: list[dict[str, object]]) -> tuple[Thresholds, dict[str, float]]:
    limits = Thresholds()
    best = accuracy(answerer, items, limits)
    figures = {"train_accuracy_start": round(best, 4)}
    for _ in range(PASSES):
        for name in (f.name for f in dataclasses.fields(Thresholds)):
            current = getattr(limits, name)
            for value in sorted(GRID, key=lambda v: abs(v - current)):
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
    limits, figures = fit(answerer, load_gold(args.train))
    args.out.write_text(limits.to_json(figures) + "\n", encoding="utf-8")
    print(figures)
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
