"""Prometheus metrics through ``prometheus_client``: requests, latency, answers, feedback, 429s.

One worker keeps its metrics in its own registry. With ``tanyarb serve --workers N`` (N > 1)
the CLI sets ``PROMETHEUS_MULTIPROC_DIR`` (emptied at start) before the workers start; each
worker then writes its samples there and ``/metrics`` sums every worker's files, so one scrape
sees the whole server whichever worker answers it.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def multiprocess_dir() -> str | None:
    """The shared folder of a multi-worker server, when this process is one of its workers."""
    return os.environ.get(MULTIPROC_ENV) or None


class Metrics:
    """The server's metrics, under the names of earlier versions (``tanyarb_*``)."""

    def __init__(self) -> None:
        disable_created_metrics()  # no *_created series: the names stay as they were
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "tanyarb_requests",
            "HTTP requests by method, route and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "tanyarb_request_duration_seconds",
            "Time to answer a request, by route.",
            ["route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "tanyarb_answers",
            "Answers given, by channel and whether they abstained.",
            ["channel", "abstained"],
            registry=self.registry,
        )
        self.feedback = Counter(
            "tanyarb_feedback",
            "Feedback received, by channel and rating.",
            ["channel", "rating"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "tanyarb_rate_limited", "Requests refused with 429.", registry=self.registry
        )

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.duration.labels(route).observe(seconds)

    def observe_answer(self, channel: str, abstained: bool) -> None:
        self.answers.labels(channel, str(abstained).lower()).inc()

    def observe_feedback(self, channel: str, rating: str) -> None:
        self.feedback.labels(channel, rating).inc()

    def observe_rate_limited(self) -> None:
        self.rate_limited.inc()

    def render(self) -> bytes:
        """The Prometheus text format: every worker's sums in multiprocess mode, else this one's."""
        folder = multiprocess_dir()
        if folder is None:
            return generate_latest(self.registry)
        combined = CollectorRegistry()
        multiprocess.MultiProcessCollector(combined, path=folder)
        return generate_latest(combined)
