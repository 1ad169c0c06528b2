"""Choosing a fitted model's strength from cross-validated figures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping


def one_standard_error(
    cv: Mapping[float, tuple[float, float]], simplest: Callable[[Iterable[float]], float]
) -> float:
    """The simplest setting (``simplest`` of the candidates: ``min`` for a C, ``max`` for a
    decay) whose cross-validated figure is within one standard error of the best one's
    (``cv``: setting -> (figure, standard error), higher is better): settings whose figures
    differ by less than their noise are told apart by simplicity, not by the noise."""
    best, best_se = max(cv.values())
    return simplest(setting for setting, (figure, _se) in cv.items() if figure >= best - best_se)
