"""A fitted question-type model: which kind of answer a question asks for.

Keyword patterns (``retriever/data/intents.json``) say what a question asks only when it uses
one of their words; users who write "which offices share responsibility" or "name all the
quick wins" miss them. This model, a logistic regression over word and character n-grams fitted
on the train split by ``python -m eval.fit_question_types``, types every question; the
keyword patterns stay for the finer facts (which legal fact, a frequency).

Inference is numpy only: the features are built here, by the same function the fit uses, and
the fitted vocabulary, idf and weights are stored in ``retriever/data/question_types.json``.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from retriever.query import question_patterns
from tanyarb.core.datafiles import data_text
from tanyarb.core.textnorm import respell

MODEL_FILE = "question_types.json"
_WORD = re.compile(r"[a-z0-9]+")
_YEAR = re.compile(r"^(19|20)\d\d$")


def features(question: str) -> list[str]:
    """Word unigrams and bigrams and in-word character 3-5-grams of the respelled question;
    numbers become placeholders, so that no particular year or value is learnt. The keyword
    intents of ``intents.json`` the question matches are features too: the fit learns how far
    to trust each of them."""
    folded = " " + " ".join(respell(question).split()) + " "
    intent_patterns, legal_patterns = question_patterns()
    out = [f"i:{name}" for name, pattern in intent_patterns.items() if pattern.search(folded)]
    out += [f"l:{name}" for name, pattern in legal_patterns.items() if pattern.search(folded)]
    tokens = []
    for word in _WORD.findall(respell(question)):
        if _YEAR.match(word):
            word = "<year>"
        elif word.isdigit():
            word = "<num>"
        tokens.append(word)
    out += [f"w:{t}" for t in tokens]
    out += [f"b:{a}_{b}" for a, b in pairwise(tokens)]
    for token in tokens:
        if token.startswith("<"):
            continue
        padded = f" {token} "
        for n in (3, 4, 5):
            out += [f"c:{padded[i : i + n]}" for i in range(max(len(padded) - n + 1, 1))]
    return out


def tfidf(counts: Counter[str], vocabulary: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """Sublinear tf times idf, l2-normalised: one question's feature vector."""
    row = np.zeros(len(vocabulary), dtype=np.float32)
    for feature, count in counts.items():
        index = vocabulary.get(feature)
        if index is not None:
            row[index] = (1.0 + math.log(count)) * idf[index]
    norm = float(np.linalg.norm(row))
    return row / norm if norm > 0 else row


@dataclass(frozen=True)
class QuestionTypes:
    """P(type | question) for the gold types of the question sets (compare and unanswerable
    are not types of a single question and are not predicted)."""

    classes: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # (classes, features)
    bias: np.ndarray  # (classes,)

    def probabilities(self, question: str) -> dict[str, float]:
        row = tfidf(Counter(features(question)), self.vocabulary, self.idf)
        z = self.weights @ row + self.bias
        z = np.exp(z - z.max())
        p = z / z.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def predict(self, question: str) -> tuple[str, float]:
        """The most likely type and its probability."""
        probabilities = self.probabilities(question)
        best = max(probabilities, key=lambda c: probabilities[c])
        return best, probabilities[best]

    @classmethod
    def from_json(cls, text: str) -> QuestionTypes:
        data = json.loads(text)
        names = data["features"]
        return cls(
            classes=tuple(data["classes"]),
            vocabulary={name: i for i, name in enumerate(names)},
            idf=np.asarray(data["idf"], dtype=np.float32),
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
        )

    def to_json(self, figures: dict[str, object]) -> str:
        names = sorted(self.vocabulary, key=lambda n: self.vocabulary[n])
        return json.dumps(
            {
                "classes": list(self.classes),
                "features": names,
                "idf": [round(float(v), 4) for v in self.idf],
                "weights": [[round(float(w), 4) for w in row] for row in self.weights],
                "bias": [round(float(b), 4) for b in self.bias],
                "fit": figures,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


_OVERRIDE: list[QuestionTypes] = []


def question_types() -> QuestionTypes | None:
    """The model in use: the one of :func:`using_question_types` while it lasts, else the
    fitted model shipped in the package (None before the first fit)."""
    return _OVERRIDE[-1] if _OVERRIDE else _shipped()


@lru_cache(maxsize=1)
def _shipped() -> QuestionTypes | None:
    try:
        return QuestionTypes.from_json(data_text("retriever", MODEL_FILE))
    except FileNotFoundError:
        return None


@contextmanager
def using_question_types(model: QuestionTypes) -> Iterator[None]:
    """Questions are typed by ``model`` inside the block (an evaluation that types each
    question with a model fitted without it: ``eval.crossfit``)."""
    _OVERRIDE.append(model)
    try:
        yield
    finally:
        _OVERRIDE.pop()
