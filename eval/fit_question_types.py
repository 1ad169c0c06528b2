"""Fit the question-type model on the train split (and the dev set) and store it in the package.

    python -m eval.fit_question_types [--train eval/questions/train.jsonl eval/dev.jsonl]

Every question whose gold type is a single-question type (not compare, not unanswerable) is a
sample. Features are ``retriever.question_types.features`` (word 1-2-grams, character
3-5-grams) seen in at least two questions, weighted tf-idf; a multinomial logistic regression
(scikit-learn) learns the weights, its strength chosen by 5-fold cross-validation (the
smallest C within one standard error of the best), whose accuracy is printed and stored beside
the weights. Validation is never read here.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from eval import model_selection
from retriever.question_types import MODEL_FILE, QuestionTypes, features, tfidf

ROOT = Path(__file__).resolve().parents[1]
NOT_A_TYPE = frozenset({"compare", "unanswerable"})
MIN_QUESTIONS = 2
C_GRID = (3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
FOLDS = 5


def load(paths: list[Path]) -> list[tuple[str, str]]:
    """(question, type) of every typed question in ``paths``."""
    out = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item["type"] not in NOT_A_TYPE:
                    out.append((item["question"], item["type"]))
    return out


def fit(samples: list[tuple[str, str]], c: float) -> QuestionTypes:
    from sklearn.linear_model import LogisticRegression

    counts = [Counter(features(q)) for q, _t in samples]
    seen = Counter(f for c_ in counts for f in c_)
    names = sorted(f for f, n in seen.items() if n >= MIN_QUESTIONS)
    vocabulary = {name: i for i, name in enumerate(names)}
    n = len(samples)
    idf = np.array([math.log((1 + n) / (1 + seen[f])) + 1 for f in names], dtype=np.float32)
    x = np.vstack([tfidf(c_, vocabulary, idf) for c_ in counts])
    y = [t for _q, t in samples]
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    weights, bias = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        # A binary fit keeps one row (the second class against the first): as a softmax over
        # two classes, the first scores zero.
        weights = np.vstack([np.zeros_like(weights[0]), weights[0]])
        bias = np.array([0.0, bias[0]])
    return QuestionTypes(
        classes=tuple(str(k) for k in model.classes_),
        vocabulary=vocabulary,
        idf=idf,
        weights=weights.astype(np.float32),
        bias=bias.astype(np.float32),
    )


def cross_validated(samples: list[tuple[str, str]], c: float) -> float:
    """Accuracy of the type predicted for each question by a model fitted without it."""
    return fold_accuracies(samples, c)[0]


def fold_accuracies(samples: list[tuple[str, str]], c: float) -> tuple[float, float]:
    """Cross-validated accuracy and its standard error over the folds."""
    right = 0
    per_fold = []
    for fold in range(FOLDS):
        train = [s for i, s in enumerate(samples) if i % FOLDS != fold]
        held = [s for i, s in enumerate(samples) if i % FOLDS == fold]
        model = fit(train, c)
        hits = sum(model.predict(q)[0] == t for q, t in held)
        right += hits
        per_fold.append(hits / max(1, len(held)))
    standard_error = float(np.std(per_fold) / math.sqrt(FOLDS))
    return right / max(1, len(samples)), standard_error


def one_standard_error(cv: dict[float, tuple[float, float]]) -> float:
    """The smallest C (the strongest regularisation) whose cross-validated accuracy is within
    one standard error of the best: strengths whose figures differ by less than their noise
    are told apart by simplicity (as ``eval.fit_adapter`` picks its decay)."""
    return model_selection.one_standard_error(cv, min)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--train",
        type=Path,
        nargs="+",
        default=[ROOT / "eval/questions/train.jsonl", ROOT / "eval/dev.jsonl"],
    )
    parser.add_argument("--out", type=Path, default=ROOT / "retriever/data" / MODEL_FILE)
    args = parser.parse_args()
    samples = load(args.train)
    cv = {c: fold_accuracies(samples, c) for c in C_GRID}
    best = one_standard_error(cv)
    model = fit(samples, best)
    figures: dict[str, object] = {
        "questions": len(samples),
        "types": dict(Counter(t for _q, t in samples)),
        "features": len(model.vocabulary),
        "C": best,
        "chosen_by": "one standard error",
    } | {f"cv_accuracy_C={c:g}": f"{accuracy:.4f} ± {se:.4f}" for c, (accuracy, se) in cv.items()}
    args.out.write_text(model.to_json(figures) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
