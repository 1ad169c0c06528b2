"""Prometheus text metrics, kept in process: requests, latency, abstentions, feedback."""

from __future__ import annotations

import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """Counters and one latency histogram per route, rendered in the Prometheus text format."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self._buckets: dict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))
        self._sum: dict[str, float] = defaultdict(float)
        self._count: dict[str, int] = defaultdict(int)
        self._answers: dict[tuple[str, bool], int] = defaultdict(int)
        self._feedback: dict[tuple[str, str], int] = defaultdict(int)
        self._rate_limited = 0

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._requests[(method, route, status)] += 1
            buckets = self._buckets[route]
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    buckets[i] += 1
            self._sum[route] += seconds
            self._count[route] += 1

    def observe_answer(self, channel: str, abstained: bool) -> None:
        with self._lock:
            self._answers[(channel, abstained)] += 1

    def observe_feedback(self, channel: str, rating: str) -> None:
        with self._lock:
            self._feedback[(channel, rating)] += 1

    def observe_rate_limited(self) -> None:
        with self._lock:
            self._rate_limited += 1

    def render(self) -> str:
        lines: list[str] = []
        with self._lock:
            lines += [
                "# HELP tanyarb_requests_total HTTP requests by method, route and status.",
                "# TYPE tanyarb_requests_total counter",
            ]
            for (method, route, status), n in sorted(self._requests.items()):
                lines.append(
                    f'tanyarb_requests_total{{method="{method}",route="{_esc(route)}",'
                    f'status="{status}"}} {n}'
                )
            lines += [
                "# HELP tanyarb_request_duration_seconds Time to answer a request, by route.",
                "# TYPE tanyarb_request_duration_seconds histogram",
            ]
            for route in sorted(self._buckets):
                label = f'route="{_esc(route)}"'
                for bound, n in zip(BUCKETS, self._buckets[route], strict=True):
                    lines.append(
                        f'tanyarb_request_duration_seconds_bucket{{{label},le="{bound}"}} {n}'
                    )
                count = self._count[route]
                lines += [
                    f'tanyarb_request_duration_seconds_bucket{{{label},le="+Inf"}} {count}',
                    f"tanyarb_request_duration_seconds_sum{{{label}}} {self._sum[route]:.6f}",
                    f"tanyarb_request_duration_seconds_count{{{label}}} {count}",
                ]
            lines += [
                "# HELP tanyarb_answers_total Answers given, by channel and whether they abstained.",
                "# TYPE tanyarb_answers_total counter",
            ]
            for (channel, abstained), n in sorted(self._answers.items()):
                lines.append(
                    f'tanyarb_answers_total{{channel="{channel}",'
                    f'abstained="{str(abstained).lower()}"}} {n}'
                )
            lines += [
                "# HELP tanyarb_feedback_total Feedback received, by channel and rating.",
                "# TYPE tanyarb_feedback_total counter",
            ]
            for (channel, rating), n in sorted(self._feedback.items()):
                lines.append(f'tanyarb_feedback_total{{channel="{channel}",rating="{rating}"}} {n}')
            lines += [
                "# HELP tanyarb_rate_limited_total Requests refused with 429.",
                "# TYPE tanyarb_rate_limited_total counter",
                f"tanyarb_rate_limited_total {self._rate_limited}",
            ]
        return "\n".join(lines) + "\n"


def _esc(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')
