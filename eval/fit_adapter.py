"""Fit the query adapter on the train split and store it in the package.

    python -m eval.fit_adapter [--train eval/questions/train.jsonl] [--out retriever/data/query_adapter.npz]

For every answerable single-region train question whose gold evidence is among its region's
units, the question's vectors (as asked, and its second view: the glossary translation of an
English question, the standard spelling of a chatty one) should score the gold units above
every other unit of the region. A linear map ``q -> q + D q`` is fitted to that with a softmax
over the region's units (PyTorch, Adam, weight decay on ``D`` towards the identity). The decay
is chosen by five-fold cross-validation over questions (new questions on the same documents,
which is what users ask of the corpus: a weak decay lets the map learn which rows answer which
wording), with the one-standard-error rule: the strongest decay within one standard error of
the best mean reciprocal rank, so that noise between two decays does not pick the weaker one.
Leave-one-region-out figures (a document the map has never seen) are printed and stored
beside it. Validation is never read here.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eval import model_selection
from eval.scoring import load_gold
from retriever.adapter import QueryAdapter
from retriever.answerer import Answerer
from retriever.scorer import Scorer
from tanyarb.core.settings import Settings
from tanyarb.services import Services

ROOT = Path(__file__).resolve().parents[1]
DECAYS = (1e-4, 1e-3, 1e-2, 0.1)
FOLDS = 5
EPOCHS = 10
BATCH = 32
TEMPERATURE = 0.02
LEARNING_RATE = 1e-3
POOL = 40  # the scorer's candidate pool: recall within it is what the adapter buys


@dataclass
class Example:
    """One train question: its vectors, its region and which of the region's units are gold."""

    index: int  # position in the train file
    region: str
    views: list[np.ndarray]
    gold: np.ndarray  # bool, one per unit of the region


def collect(
    answerer: Answerer, items: list[dict[str, Any]]
) -> tuple[list[Example], dict[str, np.ndarray]]:
    """The examples and every region's unit vectors, as ``answerer`` sees them."""
    from eval.fit_scorer import SKIPPED_TYPES, is_gold

    strategy = answerer.unit_strategy
    assert strategy is not None
    examples = []
    for i, item in enumerate(items):
        region = str(item["region"])
        units = strategy.index.region(region)
        if item["type"] in SKIPPED_TYPES or item["type"] == "unanswerable" or units is None:
            continue
        evidence = list(item["evidence"])
        gold = np.array([is_gold(u, evidence) for u in units.units], dtype=bool)
        if not gold.any():
            continue
        qvec, second = strategy.query_vectors(answerer.analyze(str(item["question"])))
        views = [qvec] + ([second] if second is not None else [])
        examples.append(Example(i, region, views, gold))
    vectors = {r: strategy.index.region(r).vectors for r in strategy.index.regions}  # type: ignore[union-attr]
    return examples, vectors


def fit(
    examples: list[Example], vectors: dict[str, np.ndarray], decay: float, seed: int = 0
) -> np.ndarray:
    """The matrix ``D`` of the map ``q -> q + D q`` fitted on ``examples``."""
    import torch

    torch.manual_seed(seed)
    regions = {r: torch.from_numpy(v) for r, v in vectors.items()}
    dim = next(iter(regions.values())).shape[1]
    delta = torch.zeros(dim, dim, requires_grad=True)
    optimiser = torch.optim.Adam([delta], lr=LEARNING_RATE)
    # One row per view: its vector, its region and which units of the region are gold.
    views = [(e.region, v, e.gold) for e in examples for v in e.views]
    for _epoch in range(EPOCHS):
        order = torch.randperm(len(views)).tolist()
        for start in range(0, len(order), BATCH):
            batch = [views[k] for k in order[start : start + BATCH]]
            loss = torch.zeros(())
            for region in {b[0] for b in batch}:
                rows = [b for b in batch if b[0] == region]
                q = torch.nn.functional.normalize(
                    torch.from_numpy(np.vstack([b[1] for b in rows])), dim=1
                )
                gold = torch.from_numpy(np.vstack([b[2] for b in rows]))
                moved = torch.nn.functional.normalize(q + q @ delta.T, dim=1)
                scores = moved @ regions[region].T / TEMPERATURE  # (views, units)
                on_gold = torch.logsumexp(scores.masked_fill(~gold, float("-inf")), dim=1)
                loss = loss - (on_gold - torch.logsumexp(scores, dim=1)).sum()
            loss = loss / len(batch) + decay * (delta**2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return delta.detach().numpy().astype(np.float32)


def _ranks(
    adapter: QueryAdapter, examples: list[Example], vectors: dict[str, np.ndarray]
) -> np.ndarray:
    """The 0-based rank of each example's best gold unit by dense score alone (the better of
    a question's views)."""
    ranks = []
    for e in examples:
        units = vectors[e.region]
        scores = np.max(np.vstack([units @ adapter.apply(v) for v in e.views]), axis=0)
        order = np.argsort(-scores, kind="stable")
        ranks.append(int(np.flatnonzero(e.gold[order])[0]))
    return np.asarray(ranks, dtype=np.int64)


def _figures(ranks: np.ndarray) -> dict[str, float]:
    n = max(1, len(ranks))
    reciprocal = 1.0 / (ranks + 1)
    return {
        "top1": round(float(np.sum(ranks == 0)) / n, 4),
        "mrr": round(float(np.sum(reciprocal)) / n, 4),
        "mrr_se": round(float(np.std(reciprocal)) / np.sqrt(n), 4),
        f"recall@{POOL}": round(float(np.sum(ranks < POOL)) / n, 4),
    }


def judge(
    adapter: QueryAdapter, examples: list[Example], vectors: dict[str, np.ndarray]
) -> dict[str, float]:
    """Top-1, mean reciprocal rank (with its standard error) and recall within the scorer's
    pool of the gold units, by dense score alone (the better of a question's views)."""
    return _figures(_ranks(adapter, examples, vectors))


def cross_validate(
    examples: list[Example],
    vectors: dict[str, np.ndarray],
    decay: float,
    embedder: str,
    by_region: bool = False,
) -> dict[str, float]:
    """Figures of the map fitted with ``decay`` on questions it was not fitted on
    (question-weighted): five folds of questions (new questions on the same documents: what
    users ask of the corpus), or with ``by_region`` each region left out (a new document)."""
    folds = (
        [[e for e in examples if e.region == r] for r in sorted({e.region for e in examples})]
        if by_region
        else [[e for e in examples if e.index % FOLDS == f] for f in range(FOLDS)]
    )
    ranks = []
    for held in folds:
        left_out = {id(e) for e in held}
        delta = fit([e for e in examples if id(e) not in left_out], vectors, decay)
        ranks.append(_ranks(QueryAdapter(delta, embedder), held, vectors))
    return _figures(np.concatenate(ranks))


def one_standard_error(cv: dict[float, dict[str, float]]) -> float:
    """The strongest decay whose cross-validated MRR is within one standard error of the best
    (the one-standard-error rule): decays whose figures differ by less than their noise are
    told apart by simplicity, not by the noise."""
    return model_selection.one_standard_error(
        {decay: (f["mrr"], f["mrr_se"]) for decay, f in cv.items()}, max
    )


def out_of_fold(
    examples: list[Example],
    vectors: dict[str, np.ndarray],
    embedder: str,
    folds: int,
    decay: float,
    fold_of: Callable[[int], int] | None = None,
) -> dict[int, QueryAdapter]:
    """For each fold of the train items (``fold_of`` an item's position; default: position
    modulo ``folds``), an adapter fitted without it: a scorer fitted on the adapted similarity
    then learns what it is worth on questions the map has not seen."""
    fold_of = fold_of or (lambda index: index % folds)
    return {
        fold: QueryAdapter(
            fit([e for e in examples if fold_of(e.index) != fold], vectors, decay), embedder
        )
        for fold in range(folds)
    }


def shipped_out_of_fold(
    answerer: Answerer,
    items: list[dict[str, Any]],
    folds: int,
    fold_of: Callable[[int], int] | None = None,
) -> dict[int, QueryAdapter]:
    """:func:`out_of_fold` with the decay of the adapter ``answerer`` ships; empty when it has
    none for its embedder."""
    shipped = answerer.unit_strategy.adapter
    if shipped.delta is None:
        return {}
    examples, vectors = collect(answerer, items)
    decay = float(str(shipped.fit["decay"]))
    return out_of_fold(examples, vectors, shipped.embedder, folds, decay, fold_of)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "eval/questions/train.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "retriever/data/query_adapter.npz")
    parser.add_argument("--decay", type=float, help="weight decay (default: chosen by CV)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    services = Services(Settings())
    embedder = services.searcher.store.embedder.name
    # The scorer is fitted after the adapter (on its out-of-fold similarities): the adapter's
    # examples need the units and the question vectors only, never the shipped scorer.
    answerer = Answerer.build(services.searcher, scorer=Scorer.neutral())
    examples, vectors = collect(answerer, load_gold(args.train))
    identity = judge(QueryAdapter.identity(), examples, vectors)
    cv = {} if args.decay else {d: cross_validate(examples, vectors, d, embedder) for d in DECAYS}
    decay = args.decay or one_standard_error(cv)
    new_document = cross_validate(examples, vectors, decay, embedder, by_region=True)
    figures: dict[str, object] = {
        "questions": len(examples),
        "decay": decay,
        "epochs": EPOCHS,
        "identity": identity,
        **{f"cv_decay={d}": f for d, f in cv.items()},
        "leave_one_region_out": new_document,
    }
    adapter = QueryAdapter(fit(examples, vectors, decay), embedder, figures)
    figures["train"] = judge(adapter, examples, vectors)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    adapter.save(args.out)
    print(json.dumps(figures, indent=1))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
