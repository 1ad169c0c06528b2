"""Fit the evidence-unit scorer on the train split and store it in the package.

    python -m eval.fit_scorer [--train eval/questions/train.jsonl] [--out retriever/data/scorer.json]

For every answerable single-region train question, every candidate unit of its region is a
sample: positive when its lines overlap the gold evidence (two lines of slack, the scoring
rule's). A logistic regression (scikit-learn) learns the weights; the proposed abstention
threshold is the probability that gets the most train questions right when the top unit must be
gold for answerable questions and below the threshold for unanswerable ones
(``eval.fit_thresholds`` starts from it and judges it by whole answers). The figures are printed and
stored beside the weights. Validation is never read here.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval import fit_adapter
from eval.fit_question_types import NOT_A_TYPE
from eval.fit_question_types import fit as fit_types
from eval.scoring import load_gold
from retriever.adapter import QueryAdapter
from retriever.answerer import Answerer
from retriever.fields import asked
from retriever.question_types import MODEL_FILE, QuestionTypes
from retriever.scorer import FEATURES, Scorer, candidates
from tanyarb.core.datafiles import data_json
from tanyarb.core.evidence_units import EvidenceUnit
from tanyarb.core.settings import Settings
from tanyarb.services import Services

SLACK = 2
ROOT = Path(__file__).resolve().parents[1]
SKIPPED_TYPES = frozenset({"compare"})


@dataclass
class Sample:
    question: str
    answerable: bool
    features: np.ndarray
    labels: np.ndarray


def is_gold(unit: EvidenceUnit, evidence: list[dict[str, object]]) -> bool:
    for ev in evidence:
        if ev["file"] != unit.document:
            continue
        start, end = int(str(ev["line_start"])) - SLACK, int(str(ev["line_end"])) + SLACK
        if any(start <= line <= end for line in unit.lines):
            return True
    return False


def out_of_fold_types(items: list[dict[str, object]]) -> list[QuestionTypes]:
    """For each item, a question-type model fitted without it: the scorer then learns from
    the question types a new question gets, mistakes included, not from types the model
    has memorised."""
    typed = [
        (i, (str(item["question"]), str(item["type"])))
        for i, item in enumerate(items)
        if item["type"] not in NOT_A_TYPE
    ]
    c = float(data_json("retriever", MODEL_FILE)["fit"]["C"])  # the shipped model's strength
    models = [fit_types([s for i, s in typed if i % FOLDS != fold], c) for fold in range(FOLDS)]
    return [models[i % FOLDS] for i in range(len(items))]


def collect(services: Services, items: list[dict[str, object]]) -> list[Sample]:
    """Candidate units and their labels, exactly as the answerer scores them."""
    answerer = Answerer.build(services.searcher, scorer=Scorer.neutral())
    strategy = answerer.unit_strategy
    assert strategy is not None
    samples = []
    types = out_of_fold_types(items)
    # Each item's adapted similarity from the shipped adapter's fit repeated without its fold
    # (the identity when none is shipped): the scorer learns what the adapted similarity is
    # worth on questions the map was not fitted on.
    folded = fit_adapter.shipped_out_of_fold(answerer, items, FOLDS)
    for i, (item, model) in enumerate(zip(items, types, strict=True)):
        adapter = folded.get(i % FOLDS, QueryAdapter.identity())
        region = str(item["region"])
        if region in ("multi", "none") or item["type"] in SKIPPED_TYPES:
            continue
        units = strategy.index.region(region)
        if units is None:
            continue
        query = answerer.analyze(str(item["question"]))
        qvec, glossary = strategy.query_vectors(query)
        typed = asked(query, model)
        found = candidates(
            query, typed, qvec, units, strategy.idf, glossary_vec=glossary, adapter=adapter
        )
        evidence = list(item["evidence"])  # type: ignore[call-overload]
        labels = np.array([is_gold(u, evidence) for u in found.units], dtype=np.int8)
        samples.append(
            Sample(str(item["question"]), item["type"] != "unanswerable", found.features, labels)
        )
    return samples


def fit(samples: list[Sample], c: float = 1.0) -> tuple[Scorer, dict[str, float]]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    train = [s for s in samples if s.answerable and s.labels.any()]
    x = np.vstack([s.features for s in train])
    y = np.concatenate([s.labels for s in train])
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=2000).fit((x - scaler.mean_) / scale, y)
    scorer = Scorer(
        weights=model.coef_[0].astype(np.float32),
        bias=float(model.intercept_[0]),
        mean=scaler.mean_.astype(np.float32),
        scale=scale.astype(np.float32),
        threshold=0.0,
    )
    tops: list[tuple[float, bool, bool]] = []  # (top probability, top is gold, answerable)
    for sample in samples:
        if sample.features.shape[0] == 0:
            continue
        p = scorer.probabilities(sample.features)
        best = int(np.argmax(p))
        tops.append((float(p[best]), bool(sample.labels[best]), sample.answerable))
    best_threshold, best_right = 0.0, -1
    for threshold in sorted({0.0, *(t[0] for t in tops)}):
        right = sum(
            (p >= threshold and gold) if answerable else (p < threshold)
            for p, gold, answerable in tops
        )
        if right > best_right:
            best_threshold, best_right = threshold, right
    # Midway to the next lower probability, so that the threshold is not a train sample's own.
    lower = [t[0] for t in tops if t[0] < best_threshold]
    if lower:
        best_threshold = (best_threshold + max(lower)) / 2
    scorer = Scorer(scorer.weights, scorer.bias, scorer.mean, scorer.scale, best_threshold)
    answerable = [t for t in tops if t[2]]
    figures = {
        "questions": len(tops),
        "pairs": len(y),
        "positives": int(y.sum()),
        "top1_gold_answerable": round(sum(t[1] for t in answerable) / max(1, len(answerable)), 4),
        "decisions_right": round(best_right / max(1, len(tops)), 4),
        "threshold": round(best_threshold, 4),
    }
    return scorer, figures


C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def top1(scorer: Scorer, samples: list[Sample]) -> float:
    """Share of answerable samples whose best-scored unit is gold."""
    hits = [
        bool(s.labels[int(np.argmax(scorer.probabilities(s.features)))])
        for s in samples
        if s.answerable and s.features.shape[0]
    ]
    return sum(hits) / max(1, len(hits))


def choose_c(samples: list[Sample]) -> tuple[float, dict[str, float]]:
    """The regularisation strength with the best question-grouped cross-validated top-1."""
    results: dict[str, float] = {}
    for c in C_GRID:
        scores = []
        for fold in range(FOLDS):
            train = [s for i, s in enumerate(samples) if i % FOLDS != fold]
            held = [s for i, s in enumerate(samples) if i % FOLDS == fold]
            scorer, _ = fit(train, c)
            scores.append(top1(scorer, held))
        results[str(c)] = round(float(np.mean(scores)), 4)
    best = max(C_GRID, key=lambda c: results[str(c)])
    return best, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--train", type=Path, default=ROOT / "eval/questions/train.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "retriever/data/scorer.json")
    parser.add_argument("--c", type=float, help="inverse regularisation (default: chosen by CV)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    services = Services(Settings())
    samples = collect(services, load_gold(args.train))
    c, cv = (args.c, {}) if args.c else choose_c(samples)
    scorer, figures = fit(samples, c)
    figures |= {"C": c} | {f"cv_top1_C={k}": v for k, v in cv.items()}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(scorer.to_json(figures) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
    for name, weight in sorted(
        zip(FEATURES, scorer.weights, strict=True), key=lambda nw: -abs(float(nw[1]))
    ):
        print(f"  {name:28s} {float(weight):+.3f}")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
