"""The wiring's own arithmetic (the wiring itself is exercised by every end-to-end test)."""

from __future__ import annotations

import pytest

from tanyarb.services import threads_per_worker


@pytest.mark.parametrize(
    ("threads", "workers", "cpus", "expected"),
    [
        (2, 1, 2, 2),  # one worker keeps the configured threads
        (2, 2, 2, 1),  # two workers on two cores: one thread each, never four on two
        (4, 2, 8, 4),  # enough cores: as configured
        (2, 4, 2, 1),  # more workers than cores: at least one thread
        (2, 1, None, 1),  # unknown core count: one
    ],
)
def test_query_threads_never_outnumber_a_workers_cores(
    threads: int, workers: int, cpus: int | None, expected: int
) -> None:
    assert threads_per_worker(threads, workers, cpus) == expected
