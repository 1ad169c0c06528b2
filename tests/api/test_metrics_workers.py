"""Issue 11, defect 11: with `tanyarb serve --workers 2`, every scrape of /metrics sums both
workers (prometheus_client's multiprocess mode), whichever worker answers it."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from .test_protection import served

REQUESTS = 40


def _regions_count(text: str) -> float:
    for family in text_string_to_metric_families(text):
        if family.name == "tanyarb_requests":
            return sum(
                s.value
                for s in family.samples
                if s.name == "tanyarb_requests_total"
                and s.labels.get("route") == "/regions"
                and s.labels.get("status") == "200"
            )
    return 0.0


async def _many_fresh_connections(base: str) -> list[int]:
    limits = httpx.Limits(max_keepalive_connections=0)  # each request on its own connection
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        responses = await asyncio.gather(*(http.get("/regions") for _ in range(REQUESTS)))
    return [r.status_code for r in responses]


def test_two_workers_are_summed_in_every_scrape(small_index_dir: Path, tmp_path: Path) -> None:
    with served(small_index_dir, tmp_path, TANYARB_WORKERS="2") as base:
        assert asyncio.run(_many_fresh_connections(base)) == [200] * REQUESTS
        scrapes = []
        for _ in range(6):
            with httpx.Client(timeout=10) as fresh:  # a new connection: any worker may answer
                scrapes.append(fresh.get(f"{base}/metrics").text)
        shared = small_index_dir / "metrics"
        writers = {p.name.rsplit("_", 1)[-1] for p in shared.glob("counter_*.db")}
    assert len(writers) == 2, writers  # both workers counted something
    assert [_regions_count(text) for text in scrapes] == [REQUESTS] * 6
