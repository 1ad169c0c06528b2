"""Train answered with each question typed by a question-type model fitted without it.

    python -m eval.crossfit [--train eval/questions/train.jsonl] [--folds 5]

The in-sample train figure flatters twice: the scorer and the thresholds were fitted on it,
and the question-type model (n-grams, lightly regularised) types its own training questions
almost without error, which no new question gets. This run takes the second away: train is
cut into folds by a hash of each id; each fold is typed by a model fitted (with the shipped
model's C) on the other folds and the dev set, and answered by the shipped answerer
otherwise. Its difference to the in-sample figure is the part of "train minus validation"
that is the type model's own fit. With ``--adapter`` each fold is also answered through a
query adapter fitted (with the shipped adapter's decay) without it, which takes away the
adapter's own fit of its train questions as well. Only figures are printed; validation is
never read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from eval import fit_adapter
from eval.fit_question_types import NOT_A_TYPE, fit, load
from eval.runner import score_items
from eval.scoring import Scores, load_gold
from eval.split import id_hash
from retriever.adapter import QueryAdapter
from retriever.answerer import Answerer
from retriever.question_types import MODEL_FILE, using_question_types
from tanyarb.core.datafiles import data_text
from tanyarb.core.settings import Settings
from tanyarb.services import Services

ROOT = Path(__file__).resolve().parents[1]


def fold_of(item_id: str, folds: int) -> int:
    """The fold of an item: a pure function of its id."""
    return id_hash(item_id) % folds


def crossfit(
    answerer: Answerer,
    items: list[dict[str, Any]],
    extra: list[tuple[str, str]],
    c: float,
    folds: int = 5,
    adapters: dict[int, QueryAdapter] | None = None,
) -> dict[str, Any]:
    """The eval summary of ``items``, each fold typed by a model fitted on the other folds
    plus ``extra`` (question, type) samples, and answered through its fold's adapter when
    ``adapters`` are given."""
    rows: list[dict[str, Any]] = []
    strategy = answerer.unit_strategy if adapters else None
    shipped = strategy.adapter if strategy is not None else None
    for fold in range(folds):
        if adapters and strategy is not None:
            strategy.adapter = adapters[fold]
        held = [item for item in items if fold_of(str(item["id"]), folds) == fold]
        samples = [
            (str(item["question"]), str(item["type"]))
            for item in items
            if fold_of(str(item["id"]), folds) != fold and item["type"] not in NOT_A_TYPE
        ]
        with using_question_types(fit(samples + extra, c)):
            rows += score_items(answerer, held).rows
    if strategy is not None and shipped is not None:
        strategy.adapter = shipped
    return Scores(rows=rows).summary()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "eval/questions/train.jsonl")
    parser.add_argument("--dev", type=Path, default=ROOT / "eval/dev.jsonl")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--adapter", action="store_true", help="also refit the query adapter without each fold"
    )
    args = parser.parse_args()
    shipped = json.loads(data_text("retriever", MODEL_FILE))
    c = float(shipped["fit"]["C"])
    services = Services(Settings())
    answerer = services.answerer
    items = load_gold(args.train)
    in_sample = score_items(answerer, items).summary()
    adapters = (
        fit_adapter.shipped_out_of_fold(
            answerer, items, args.folds, lambda i: fold_of(str(items[i]["id"]), args.folds)
        )
        if args.adapter
        else None
    )
    crossed = crossfit(answerer, items, load([args.dev]), c, args.folds, adapters)
    print(f"train, typed in sample      {in_sample['answer_accuracy']:.3f}")
    print(
        f"train, typed out of fold    {crossed['answer_accuracy']:.3f} (C={c:g}, {args.folds} folds)"
    )
    print(
        f"citations in sample / out   {in_sample['citation_accuracy']:.3f} / "
        f"{crossed['citation_accuracy']:.3f}"
    )


if __name__ == "__main__":
    main()
